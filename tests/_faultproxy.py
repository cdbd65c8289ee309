"""A TCP fault proxy on loopback, for the fault tests (``tests/test_faults_*.py``).

``FaultProxy(upstream)`` listens on a free 127.0.0.1 port and forwards to ``upstream``, doing to
each exchange what its :class:`Fault` says:

* ``PASS`` forwards; ``latency(s)`` holds the answer ``s`` seconds, then forwards it;
* ``BLACKHOLE`` accepts, reads and discards, and never answers (nor forwards);
* ``RESET_BEFORE_RESPONSE`` forwards the request, lets the upstream answer it in full (so the
  upstream *did* act on it), then resets the client (RST, ``SO_LINGER`` 0) before any byte;
* ``RESET_MID_RESPONSE`` the same, but forwards the first half of the answer before the RST;
* ``drip(interval)`` forwards the answer a few bytes at a time, ``interval`` seconds apart;
* ``respond(status, error_code)`` answers a WebPOS error itself, forwarding nothing.

Two framings. ``http=True`` (default) reads HTTP/1.1 requests (``Content-Length`` bodies) off
each client connection and decides per *request*: queued rules (:meth:`FaultProxy.inject`)
first, then ``decide(method, target)`` when set, then ``default``. Each request goes to the
upstream on a connection of its own, closed after the answer, so the upstream's keep-alive
never leaks into the client's. ``http=False`` pumps raw bytes (Redis) and applies ``default``
as it is at each chunk, so switching it affects live connections too.

:meth:`FaultProxy.refuse` stops listening (connections are refused: ``ConnectError``) and
:meth:`FaultProxy.listen` starts again on the same port. Every request seen is kept in
``seen``; :meth:`FaultProxy.count` counts them. Everything runs in daemon threads, one per
connection; :meth:`FaultProxy.close` stops them all.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from webpos_sdk import AsyncClient, Client

Address = tuple[str, int]
UPSTREAM_TIMEOUT = 10.0
NO_BODY_STATUSES = frozenset({204, 304})


class Kind(enum.Enum):
    PASS = "pass"
    LATENCY = "latency"
    BLACKHOLE = "blackhole"
    RESET_BEFORE_RESPONSE = "reset-before-response"
    RESET_MID_RESPONSE = "reset-mid-response"
    DRIP = "drip"
    RESPOND = "respond"


@dataclass(frozen=True)
class Fault:
    kind: Kind
    delay: float = 0.0
    chunk: int = 4
    answer: bytes = b""

    def __str__(self) -> str:
        return f"{self.kind.value}({self.delay:g}s)" if self.delay else self.kind.value


PASS = Fault(Kind.PASS)
BLACKHOLE = Fault(Kind.BLACKHOLE)
RESET_BEFORE_RESPONSE = Fault(Kind.RESET_BEFORE_RESPONSE)
RESET_MID_RESPONSE = Fault(Kind.RESET_MID_RESPONSE)


def latency(seconds: float) -> Fault:
    return Fault(Kind.LATENCY, delay=seconds)


def drip(interval: float, chunk: int = 4) -> Fault:
    return Fault(Kind.DRIP, delay=interval, chunk=chunk)


def respond(status: int, error_code: str) -> Fault:
    """Answer a WebPOS error at once, without forwarding the request."""
    body = json.dumps({"error_code": error_code, "message": "fault proxy", "request_id": "proxy"}).encode()
    head = f"HTTP/1.1 {status} Fault\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return Fault(Kind.RESPOND, answer=head.encode() + body)


@dataclass
class Seen:
    """One request (HTTP framing) or one client chunk (raw framing) the proxy received."""

    method: str
    target: str
    fault: Fault
    forwarded: bool = False

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]


@dataclass
class _Rule:
    fault: Fault
    method: str | None
    path: str | None
    times: int | None

    def matches(self, method: str, target: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or self.path == target.partition("?")[0]
        )


class _Closed(Exception):
    """The client went away, or the proxy is stopping."""


def reset(sock: socket.socket) -> None:
    """Close with an RST instead of a FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(self, upstream: Address, *, http: bool = True) -> None:
        self.upstream = upstream
        self.http = http
        self.default: Fault = PASS
        self.decide: Callable[[str, str], Fault] | None = None
        self.seen: list[Seen] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._clients: set[socket.socket] = set()
        self._active = 0
        self._idle = threading.Condition(self._lock)
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self.port = 0
        self.listen()

    # -- control -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def listen(self) -> None:
        """Accept connections (again, on the same port after :meth:`refuse`)."""
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = threading.Thread(target=self._accept_loop, args=(listener,), daemon=True)
        self._acceptor.start()

    def refuse(self) -> None:
        """Stop listening: new connections are refused until :meth:`listen`."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        listener.close()
        if self._acceptor is not None:
            self._acceptor.join(timeout=5)

    def inject(
        self, fault: Fault, *, method: str | None = None, path: str | None = None, times: int | None = 1
    ) -> None:
        """Apply ``fault`` to the next ``times`` matching requests (``None``: to all of them)."""
        with self._lock:
            self._rules.append(_Rule(fault, method, path, times))

    def clear(self) -> None:
        """Forget rules, ``decide``, ``default`` and what was seen."""
        with self._lock:
            self._rules.clear()
            self.seen.clear()
            self.decide = None
            self.default = PASS

    def count(self, method: str | None = None, path: str | None = None, *, forwarded: bool | None = None) -> int:
        with self._lock:
            return sum(
                1
                for s in self.seen
                if (method is None or s.method == method)
                and (path is None or s.path == path)
                and (forwarded is None or s.forwarded == forwarded)
            )

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no connection is being served (True), or ``timeout`` (False)."""
        end = time.monotonic() + timeout
        with self._idle:
            while self._active:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def disconnect(self) -> None:
        """Close every client connection (FIN)."""
        with self._lock:
            clients = list(self._clients)
        for sock in clients:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stopping.set()
        self.refuse()
        self.disconnect()
        self.wait_idle(5.0)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------
    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._clients.add(client)
                self._active += 1
            serve = self._serve_http if self.http else self._serve_raw
            threading.Thread(target=self._run, args=(serve, client), daemon=True).start()

    def _run(self, serve: Callable[[socket.socket], None], client: socket.socket) -> None:
        try:
            serve(client)
        except (OSError, _Closed):
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()
            with self._idle:
                self._clients.discard(client)
                self._active -= 1
                self._idle.notify_all()

    def _choose(self, method: str, target: str) -> Fault:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, target):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule.fault
            decide, default = self.decide, self.default
        return decide(method, target) if decide is not None else default

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def _pause(self, seconds: float) -> None:
        if self._stopping.wait(seconds):
            raise _Closed

    def _recv(self, sock: socket.socket) -> bytes:
        """Wait for bytes (checking for the proxy's stop every 50 ms); b"" at end of stream."""
        while True:
            if self._stopping.is_set():
                raise _Closed
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                return sock.recv(65536)

    def _hold(self, client: socket.socket) -> None:
        """Blackhole: swallow whatever comes until the client gives up."""
        while self._recv(client):
            pass

    # -- HTTP framing --------------------------------------------------------------------
    def _serve_http(self, client: socket.socket) -> None:
        buffer = b""
        while True:
            request, buffer = self._read_message(client, buffer, request=True)
            if request is None:
                return
            method, target = request.split(b" ", 2)[:2]
            seen = Seen(method.decode(), target.decode(), PASS)
            seen.fault = self._choose(seen.method, seen.target)
            self._record(seen)
            if seen.fault.kind is Kind.BLACKHOLE:
                self._hold(client)
                return
            if seen.fault.kind is Kind.RESPOND:
                client.sendall(seen.fault.answer)
                continue
            answer, complete = self._exchange(request)
            seen.forwarded = True
            if not self._deliver(client, answer, seen.fault) or not complete:
                return

    def _read_message(self, sock: socket.socket, buffer: bytes, *, request: bool) -> tuple[bytes | None, bytes]:
        """One HTTP/1.1 message (head and body) from ``sock``; None at a clean end of stream.
        For an answer, a truncated message is returned as it is (the upstream gave up)."""
        while b"\r\n\r\n" not in buffer:
            data = self._recv(sock) if request else sock.recv(65536)
            if not data:
                return (None if request or not buffer else buffer), b""
            buffer += data
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])}
        status = 0 if request else int(lines[0].split(b" ")[1])
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            if request:
                raise _Closed  # httpx sends Content-Length for the SDK's bodies
            return self._read_chunked(sock, head + b"\r\n\r\n", rest)
        if b"content-length" in headers:
            length = int(headers[b"content-length"])
        elif request or status in NO_BODY_STATUSES or 100 <= status < 200:
            length = 0
        else:  # delimited by the end of the connection
            while data := sock.recv(65536):
                rest += data
            return head + b"\r\n\r\n" + rest, b""
        while len(rest) < length:
            data = self._recv(sock) if request else sock.recv(65536)
            if not data:
                return (None if request else head + b"\r\n\r\n" + rest), b""
            rest += data
        return head + b"\r\n\r\n" + rest[:length], rest[length:]

    @staticmethod
    def _read_chunked(sock: socket.socket, head: bytes, rest: bytes) -> tuple[bytes, bytes]:
        body = rest
        while not body.endswith(b"0\r\n\r\n"):
            data = sock.recv(65536)
            if not data:
                break
            body += data
        return head + body, b""

    def _exchange(self, request: bytes) -> tuple[bytes, bool]:
        """Send ``request`` upstream on a fresh connection; the whole answer, and whether it is complete."""
        with socket.create_connection(self.upstream, timeout=UPSTREAM_TIMEOUT) as upstream:
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            upstream.sendall(request)
            answer, _ = self._read_message(upstream, b"", request=False)
        if answer is None:
            return b"", False
        head, _, body = answer.partition(b"\r\n\r\n")
        declared = next(
            (
                int(line.partition(b":")[2])
                for line in head.split(b"\r\n")[1:]
                if line.partition(b":")[0].strip().lower() == b"content-length"
            ),
            None,
        )
        return answer, declared is None or len(body) >= declared

    def _deliver(self, client: socket.socket, answer: bytes, fault: Fault) -> bool:
        """Hand ``answer`` to the client as ``fault`` says; False when the connection is over."""
        kind = fault.kind
        if kind is Kind.RESET_BEFORE_RESPONSE:
            reset(client)
            return False
        if kind is Kind.RESET_MID_RESPONSE:
            client.sendall(answer[: max(1, len(answer) // 2)])
            self._pause(0.001)  # let the half arrive before the RST
            reset(client)
            return False
        if kind is Kind.LATENCY:
            self._pause(fault.delay)
        if kind is Kind.DRIP:
            for start in range(0, len(answer), fault.chunk):
                client.sendall(answer[start : start + fault.chunk])
                self._pause(fault.delay)
            return True
        client.sendall(answer)
        return True

    # -- raw framing ---------------------------------------------------------------------
    def _serve_raw(self, client: socket.socket) -> None:
        with socket.create_connection(self.upstream, timeout=UPSTREAM_TIMEOUT) as upstream:
            blackholed = False
            while True:
                if self._stopping.is_set():
                    raise _Closed
                readable, _, _ = select.select([client, upstream], [], [], 0.05)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    fault = self.default
                    if sock is client:
                        seen = Seen("RAW", "", fault)
                        self._record(seen)
                        blackholed = blackholed or fault.kind is Kind.BLACKHOLE
                        if not blackholed:
                            upstream.sendall(data)
                            seen.forwarded = True
                    elif not blackholed and not self._deliver(client, data, fault):
                        return


# ------------------------------------------------------------- shared by the fault tests


def open_fds() -> int:
    """How many file descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))


def sandbox_token(base_url: str, client_id: str, secret: str) -> str:
    """An access token from the sandbox at ``base_url``, logged in without the SDK."""
    answer = httpx.post(
        base_url + "/token",
        auth=(client_id, secret),
        data={"grant_type": "client_credentials", "scope": "*"},
        headers={"X-Api-Version": "v1"},
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


@dataclass(frozen=True)
class Op:
    """One SDK operation, callable on a blocking and on an asyncio client, with its HTTP request."""

    name: str
    method: str
    path: str  # "{u}" stands for the payment order's uuid
    call: Callable[[Client, str], object]
    acall: Callable[[AsyncClient, str], Coroutine[Any, Any, object]]
    documented_safe: bool  # "safe to repeat" in the README (GET, DELETE, the login)

    def path_for(self, order: str) -> str:
        return self.path.replace("{u}", order)


UPDATE = {"callback": "payment.completed"}
OPS = [
    Op(
        "login",
        "POST",
        "/token",
        lambda c, _u: c.client_credentials_login(),
        lambda c, _u: c.client_credentials_login(),
        True,
    ),
    Op(
        "create",
        "POST",
        "/payment-order",
        lambda c, _u: c.create_payment_order({"amount": "10.00"}),
        lambda c, _u: c.create_payment_order({"amount": "10.00"}),
        False,
    ),
    Op(
        "get",
        "GET",
        "/payment-order/{u}",
        lambda c, u: c.get_payment_order(u),
        lambda c, u: c.get_payment_order(u),
        True,
    ),
    Op(
        "list",
        "GET",
        "/payment-order",
        lambda c, _u: c.get_payment_orders(page=0),
        lambda c, _u: c.get_payment_orders(page=0),
        True,
    ),
    Op(
        "callbacks",
        "GET",
        "/payment-order/{u}/callbacks",
        lambda c, u: c.get_callbacks(u),
        lambda c, u: c.get_callbacks(u),
        True,
    ),
    Op(
        "delete",
        "DELETE",
        "/payment-order/{u}",
        lambda c, u: c.delete_payment_order(u),
        lambda c, u: c.delete_payment_order(u),
        True,
    ),
    Op(
        "payment_reset",
        "PATCH",
        "/payment-order/{u}/test/reset",
        lambda c, u: c.payment_reset(u),
        lambda c, u: c.payment_reset(u),
        False,  # PATCH: not one of HTTP's idempotent methods
    ),
    Op(
        "payment_update",
        "PATCH",
        "/payment-order/{u}/test/",
        lambda c, u: c.payment_update(u, UPDATE),
        lambda c, u: c.payment_update(u, UPDATE),
        False,  # a state transition: a repeat of one that was applied fails (0013)
    ),
]
