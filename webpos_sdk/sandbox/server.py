"""Run the sandbox under uvicorn in a background thread (tests, demo) on a loopback port."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from .app import SandboxConfig, SandboxState, create_app


class RunningSandbox:
    """A sandbox serving on ``base_url`` until ``stop()`` (or the end of a ``with`` block)."""

    def __init__(
        self, server: uvicorn.Server, thread: threading.Thread, state: SandboxState, port: int, *, tls: bool = False
    ) -> None:
        self._server = server
        self._thread = thread
        self.state: SandboxState = state
        self.port: int = port
        self.base_url: str = f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket whose accepted connections have TCP_NODELAY. asyncio sets it only
    on sockets whose ``proto`` is IPPROTO_TCP, which ``socket.create_server``'s are not: without
    it every answer waits ~40 ms for the client's delayed ACK (headers and body go out in two
    writes). Raises OSError (or OverflowError for a port past 65535) as ``bind`` does."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets
        sock.bind((host, port))
        sock.listen(2048)
    except BaseException:
        sock.close()
        raise
    return sock


def serve(
    config: SandboxConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> RunningSandbox:
    """Start a sandbox in a thread; returns once it accepts connections. With ``certfile`` (and
    ``keyfile``, PEM) it serves HTTPS."""
    state = SandboxState(config or SandboxConfig())
    app = create_app(state=state)
    sock = listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False, ssl_certfile=certfile, ssl_keyfile=keyfile
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="webpos-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the sandbox did not start")
        time.sleep(0.01)
    return RunningSandbox(server, thread, state, bound_port, tls=certfile is not None)
