"""Shared fixtures of the facade tests: a real redis-server, Django's cache settings, a fake
WebPOS API for ``httpx.MockTransport`` and a real loopback HTTP server.

Django is configured once, here, at import: its ``redis`` cache alias points at the port the
session's redis-server is started on (Django connects lazily, so nothing is contacted before a
test asks for the ``redis_server`` fixture). Where Django is not installed (the venv of
tests/test_lowest_versions.py, which holds only the runtime dependencies), nothing is configured
and only tests that need no Django can run.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from _support import schema_example

BASE_URL = "https://api.facade.test"
UUID_RE = r"[0-9a-fA-F-]{36}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (closed right after being picked)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REDIS_PORT = free_port()
DOWN_PORT = free_port()  # nothing listens there: Django's Redis backend is down
HUNG_PORT = free_port()  # the ``hung_redis`` fixture accepts there and never answers
DJANGO_DIR = tempfile.mkdtemp(prefix="webpos-django-")


def _configure_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{DJANGO_DIR}/db.sqlite3"}},
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "webpos-facade-tests",
                },
                "redis": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": f"redis://127.0.0.1:{REDIS_PORT}/1",
                },
                "db": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "webpos_cache"},
                "file": {
                    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": f"{DJANGO_DIR}/f",
                },
                "redis-down": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": f"redis://127.0.0.1:{DOWN_PORT}/0",
                },
                "redis-hung": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": f"redis://127.0.0.1:{HUNG_PORT}/0",
                },
            },
            USE_TZ=True,
        )
        django.setup()


if importlib.util.find_spec("django") is not None:
    _configure_django()


# ------------------------------------------------------------------------------- redis


class RedisServer:
    """A redis-server process on a loopback port, without persistence."""

    def __init__(self, port: int, *extra: str) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server); the Redis tests need it")
        self.host = "127.0.0.1"
        self.port = port
        self.password = extra[extra.index("--requirepass") + 1] if "--requirepass" in extra else None
        self.process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        import redis

        deadline = time.monotonic() + 10
        probe = redis.Redis(host=self.host, port=self.port, password=self.password, socket_timeout=0.5)
        try:
            while True:
                if self.process.poll() is not None:
                    pytest.fail(f"redis-server exited with {self.process.returncode} on port {self.port}")
                try:
                    if probe.ping():
                        return
                except redis.RedisError:
                    if time.monotonic() > deadline:
                        self.stop()
                        pytest.fail(f"redis-server did not answer on port {self.port}")
                    time.sleep(0.02)
        finally:
            probe.close()

    def client(self, **kwargs: Any) -> Any:
        import redis

        return redis.Redis(host=self.host, port=self.port, password=self.password, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """The session's real redis-server (fails, never skips, when redis-server is missing)."""
    server = RedisServer(REDIS_PORT)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def start_redis() -> Iterator[Callable[..., RedisServer]]:
    """Start extra redis-servers (``start_redis(port, *args)``); all are stopped afterwards."""
    started: list[RedisServer] = []

    def start(port: int | None = None, *extra: str) -> RedisServer:
        server = RedisServer(port if port is not None else free_port(), *extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def django_db_cache() -> str:
    """Django's database cache on SQLite, its table created (``manage.py createcachetable``)."""
    from django.core.management import call_command

    call_command("createcachetable", database="default", verbosity=0)
    return "db"


@pytest.fixture
def hung_redis() -> Iterator[int]:
    """A listener on HUNG_PORT that accepts connections and never answers (a hung Redis)."""
    listener = socket.create_server(("127.0.0.1", HUNG_PORT))
    listener.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield HUNG_PORT
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        listener.close()


@pytest.fixture
def django_caches(redis_server: RedisServer) -> Any:
    """Django's cache handler, with the ``default`` (locmem) and ``redis`` aliases."""
    from django.core.cache import caches

    return caches


# ------------------------------------------------------------------ fake API (MockTransport)


def login_body(token: str, expires_in: int = 3600) -> dict[str, Any]:
    body = schema_example("ClientCredentialsLoginResponse")
    body.update(access_token=token, expires_in=expires_in)
    return body


def error_body(code: str, message: str = "error", request_id: str = "req-1") -> dict[str, Any]:
    return {"error_code": code, "message": message, "request_id": request_id}


def order_body(order_uuid: str | None = None) -> dict[str, Any]:
    body = schema_example("PaymentOrderRetrieval")
    if order_uuid is not None:
        body["uuid"] = order_uuid
    return body


def default_answer(request: httpx.Request, prefix: str = "") -> httpx.Response:
    """The spec's example answer of every documented operation (``prefix``: the base URL's path)."""
    method, path = request.method, request.url.path.removeprefix(prefix)
    if method == "POST" and path == "/payment-order":
        return httpx.Response(201, json=schema_example("PaymentOrderCreationResponse"))
    if method == "GET" and path == "/payment-order":
        return httpx.Response(200, json={"paymentorders": [order_body()], "total_items": 1, "total_pages": 1})
    if match := re.fullmatch(rf"/payment-order/({UUID_RE})", path):
        if method == "GET":
            return httpx.Response(200, json=order_body(match.group(1)))
        if method == "DELETE":
            return httpx.Response(200, json=schema_example("PaymentOrderDeletionResponse"))
    if method == "GET" and re.fullmatch(rf"/payment-order/{UUID_RE}/callbacks", path):
        return httpx.Response(200, json=schema_example("CallbackList"))
    if method == "PATCH" and re.fullmatch(rf"/payment-order/({UUID_RE})/test/reset", path):
        return httpx.Response(200, json=order_body(path.split("/")[2]))
    if method == "PATCH" and re.fullmatch(rf"/payment-order/{UUID_RE}/test/", path):
        return httpx.Response(204)
    if method == "GET" and re.fullmatch(rf"/pos/web/{UUID_RE}/payment-order", path):
        return httpx.Response(200, json={"paymentorders": [order_body()], "total_items": 1, "total_pages": 1})
    return httpx.Response(404, json=error_body("3001", f"no route {method} {path}"))


def snapshot(request: httpx.Request) -> httpx.Request:
    """A copy of a request as sent (httpx re-sends the same object, changing its headers)."""
    return httpx.Request(request.method, request.url, headers=request.headers.copy(), content=request.read())


class FakeApi:
    """A WebPOS API double: ``POST /token`` logs in (counted), the rest answer the spec's examples.

    ``tokens`` gives the access token of the n-th login (1-based); ``answer`` may replace the
    answer of any non-token request (return None to fall through to the example answer).
    Every request is kept in ``requests``; it is thread-safe.
    """

    def __init__(
        self,
        *,
        tokens: Callable[[int, httpx.Request], str] | None = None,
        expires_in: int = 3600,
        login_delay: float = 0.0,
        login_answer: Callable[[httpx.Request], httpx.Response | None] | None = None,
        answer: Callable[[httpx.Request], httpx.Response | None] | None = None,
        prefix: str = "",
    ) -> None:
        self.prefix = prefix
        self.tokens = tokens or (lambda n, _request: f"tok-{n}")
        self.expires_in = expires_in
        self.login_delay = login_delay
        self.login_answer = login_answer
        self.answer = answer
        self.requests: list[httpx.Request] = []
        self.logins = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(snapshot(request))
        if request.method == "POST" and request.url.path == self.prefix + "/token":
            if self.login_delay:
                time.sleep(self.login_delay)
            if self.login_answer is not None:
                custom = self.login_answer(request)
                if custom is not None:
                    return custom
            with self._lock:
                self.logins += 1
                number = self.logins
            return httpx.Response(200, json=login_body(self.tokens(number, request), self.expires_in))
        if self.answer is not None:
            custom = self.answer(request)
            if custom is not None:
                return custom
        return default_answer(request, self.prefix)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def login_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == self.prefix + "/token"]

    @property
    def api_requests(self) -> list[httpx.Request]:
        """The requests other than logins."""
        return [r for r in self.requests if r.url.path != self.prefix + "/token"]


@pytest.fixture
def client_id() -> str:
    """A fresh client id: the process-wide token cache never carries a token across tests."""
    return f"client-{uuid.uuid4()}"


@pytest.fixture
def api() -> FakeApi:
    return FakeApi()


@pytest.fixture
def sleeps() -> list[float]:
    """The waits a client asked for (pass ``sleep=sleeps.append``)."""
    return []


@pytest.fixture
def make_client(api: FakeApi, sleeps: list[float]) -> Iterator[Callable[..., Any]]:
    """``make_client(**kwargs)``: a Client on ``api`` with a fresh client id; closed afterwards."""
    from webpos_sdk.client import Client

    made: list[Client] = []

    def make(**kwargs: Any) -> Client:
        kwargs.setdefault("client_id", f"client-{uuid.uuid4()}")
        kwargs.setdefault("secret", "s3cret")
        kwargs.setdefault("base_url", BASE_URL)
        kwargs.setdefault("transport", api.transport())
        kwargs.setdefault("sleep", sleeps.append)
        client = Client(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


# ------------------------------------------------------------------- loopback HTTP server


class LoopbackApi:
    """A real HTTP/1.1 server on 127.0.0.1 speaking enough WebPOS for cross-process tests.

    ``POST /token`` counts logins (after ``login_delay`` seconds) and hands out ``token(n)``;
    ``GET /payment-order/<uuid>`` answers the spec's PaymentOrderRetrieval example for a known
    bearer token and 1007 otherwise. ``bearers`` lists the token of every API request, and
    ``connections`` the client address of every TCP connection.
    """

    def __init__(self, login_delay: float = 0.0, token: Callable[[int], str] | None = None) -> None:
        self.login_delay = login_delay
        self.token = token or (lambda n: f"tok-{n}-{uuid.uuid4().hex[:8]}")
        self.logins = 0
        self.issued: list[str] = []
        self.bearers: list[str] = []
        self.connections: list[tuple[str, int]] = []
        self.answer: Callable[[str, str], tuple[int, dict[str, Any]] | None] | None = None
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with owner.lock:
                    owner.connections.append(self.client_address)

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path != "/token":
                    self._send(404, error_body("3001"))
                    return
                if owner.login_delay:
                    time.sleep(owner.login_delay)
                with owner.lock:
                    owner.logins += 1
                    token = owner.token(owner.logins)
                    owner.issued.append(token)
                self._send(200, login_body(token))

            def do_GET(self) -> None:
                bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                with owner.lock:
                    owner.bearers.append(bearer)
                    known = bearer in owner.issued
                if owner.answer is not None:
                    custom = owner.answer(self.path, bearer)
                    if custom is not None:
                        self._send(*custom)
                        return
                match = re.fullmatch(rf"/payment-order/({UUID_RE})", self.path)
                if match is None:
                    self._send(404, error_body("3001"))
                elif not known:
                    self._send(401, error_body("1007", "invalid access token"))
                else:
                    self._send(200, order_body(match.group(1)))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def loopback_api() -> Iterator[LoopbackApi]:
    server = LoopbackApi(login_delay=0.0)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """A loopback TCP server that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                conn, _ = listener.accept()
                accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()


# ------------------------------------------------------------------ a real HTTP proxy

#: A name that resolves nowhere but in the test proxy (tests/_proxy_plugin.py).
PROXIED_HOST = "api.webpos.test"


def start_proxy(*extra: str) -> Any:
    """proxy.py on a loopback port (``.flags.port``), resolving PROXIED_HOST to 127.0.0.1."""
    import proxy

    flags = ["--hostname", "127.0.0.1", "--port", "0", "--num-workers", "1", "--num-acceptors", "1"]
    return proxy.Proxy([*flags, "--plugins", "_proxy_plugin.ResolveWebposTest", "--log-level", "ERROR", *extra])


@pytest.fixture(scope="session")
def forward_proxy() -> Iterator[str]:
    """A real forward proxy (plain HTTP and CONNECT): its URL."""
    with start_proxy() as running:
        yield f"http://127.0.0.1:{running.flags.port}"
