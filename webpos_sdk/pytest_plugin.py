"""A pytest plugin for merchants' own test suites (registered as ``webpos`` in ``pytest11``, so
installing the SDK with its ``sandbox`` extra is all it takes).

Fixtures:

``webpos_sandbox``
    The WebPOS sandbox serving on a loopback port for the whole session (a
    :class:`webpos_sdk.sandbox.server.RunningSandbox`: ``base_url``, ``state``). Its orders and
    faults are cleared before each test that uses ``webpos_client`` or ``webpos_faults``.
``webpos_client``
    A :class:`webpos_sdk.Client` logged in to it (a fresh token cache each test), closed after.
``webpos_faults``
    Switches the sandbox's fault modes on for the test: ``webpos_faults(status=503, times=2)``,
    ``webpos_faults(delay=1.5)``, ``webpos_faults(drop=1)``, ``webpos_faults(expire_tokens=1)``;
    all off again after the test.
``webpos_callback``
    Sends a correctly signed callback of any event to your endpoint:
    ``webpos_callback.send(target, "payment.completed", path="/webpos/callback")``, where
    ``target`` is a Django test client, a Flask test client, an ASGI app, or a URL. Returns
    the answer's status code and text, and the event it sent.
``webpos_client_id``, ``webpos_secret``
    The credentials of the sandbox and the key callbacks are signed with: override these
    fixtures in your ``conftest.py`` to use your settings' own.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .callbacks._events import CallbackEventType
    from .client import Client
    from .sandbox.server import RunningSandbox

DEFAULT_CLIENT_ID = "sandbox-client"
DEFAULT_SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's own, public test secret


def _sandbox_modules() -> Any:
    try:
        from .sandbox import app, server
    except ImportError as err:  # the sandbox extra is missing
        raise pytest.UsageError(
            f"the webpos fixtures need the sandbox: pip install 'chainside-webpos[sandbox]' ({err.name} is missing)"
        ) from None
    return app, server


@pytest.fixture(scope="session")
def webpos_client_id() -> str:
    """The sandbox's client id (override in your conftest.py to match your settings)."""
    return DEFAULT_CLIENT_ID


@pytest.fixture(scope="session")
def webpos_secret() -> str:
    """The sandbox's secret, which signs callbacks (override to match your settings)."""
    return DEFAULT_SECRET


@pytest.fixture(scope="session")
def webpos_sandbox(webpos_client_id: str, webpos_secret: str) -> Iterator[RunningSandbox]:
    """The sandbox, serving on a loopback port for the session."""
    app, server = _sandbox_modules()
    with server.serve(app.SandboxConfig(client_id=webpos_client_id, secret=webpos_secret)) as running:
        yield running


def _clear(sandbox: RunningSandbox) -> None:
    app, _ = _sandbox_modules()
    sandbox.state.faults = app.Faults()
    sandbox.state.orders.clear()
    sandbox.state.deliveries.clear()


@pytest.fixture
def webpos_client(webpos_sandbox: RunningSandbox, webpos_client_id: str, webpos_secret: str) -> Iterator[Client]:
    """A Client of the sandbox, with no orders in it yet."""
    from . import Client, DictCache

    _clear(webpos_sandbox)
    with Client(
        client_id=webpos_client_id, secret=webpos_secret, base_url=webpos_sandbox.base_url, cache=DictCache()
    ) as client:
        yield client


class Faults:
    """``webpos_faults(...)``: turn sandbox faults on for this test."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self._sandbox = sandbox

    def __call__(
        self,
        *,
        status: int = 0,
        times: int = 1,
        retry_after: int | None = None,
        delay: float = 0.0,
        drop: int = 0,
        expire_tokens: int = 0,
    ) -> None:
        """``status`` answers the next ``times`` requests with it (``retry_after`` seconds in a
        Retry-After header); ``delay`` holds the next ``times`` answers that long; ``drop``
        closes the next ``drop`` connections without an answer; ``expire_tokens`` makes the
        next ``expire_tokens`` authenticated requests fail with 1004 (token expired)."""
        app, _ = _sandbox_modules()
        self._sandbox.state.faults = app.Faults(
            expire_tokens=expire_tokens,
            status=status,
            status_times=times if status else 0,
            retry_after=retry_after,
            delay=delay,
            delay_times=times if delay else 0,
            drop=drop,
        )

    def clear(self) -> None:
        """All faults off."""
        app, _ = _sandbox_modules()
        self._sandbox.state.faults = app.Faults()


@pytest.fixture
def webpos_faults(webpos_sandbox: RunningSandbox) -> Iterator[Faults]:
    """Switch sandbox faults on for the test (off again after it)."""
    faults = Faults(webpos_sandbox)
    faults.clear()
    yield faults
    faults.clear()


@dataclass(frozen=True)
class Delivery:
    """A callback sent by ``webpos_callback.send``: what the endpoint answered, and what it got."""

    status_code: int
    text: str
    event: CallbackEventType
    body: bytes


class CallbackSender:
    """``webpos_callback``: signed callbacks to your endpoint, as Chainside sends them."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def body(
        self, event: str = "payment.completed", *, amount: str = "10.00", reference: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The raw body of ``event`` (about a new order of ``amount`` and ``reference``, moved
        through the events leading to it) and the headers Chainside sends with it, signed."""
        from .callbacks import sign

        app, _ = _sandbox_modules()
        body = json.dumps(app.callback_payload(event, amount=amount, reference=reference)).encode()
        return body, {"chainside-signature": sign(body, self._secret), "content-type": "application/json"}

    def send(
        self,
        target: object,
        event: str = "payment.completed",
        *,
        path: str = "/webpos/callback",
        amount: str = "10.00",
        reference: str | None = None,
        signature: str | None = None,
    ) -> Delivery:
        """POST a signed ``event`` to ``target``: a Django test client (``django.test.Client``),
        a Flask test client, an ASGI app, or a URL (``path`` is then ignored). ``signature``
        replaces the right one (to test that your endpoint refuses a forged callback)."""
        body, headers, parsed = self._prepared(event, amount, reference, signature)
        status, text = _post(target, path, body, headers)
        return Delivery(status, text, parsed, body)

    def _prepared(
        self, event: str, amount: str, reference: str | None, signature: str | None
    ) -> tuple[bytes, dict[str, str], CallbackEventType]:
        """The body, its headers (with ``signature`` instead of the right one when given), and
        the event as the endpoint should read it."""
        from .callbacks import construct_event

        body, headers = self.body(event, amount=amount, reference=reference)
        parsed = construct_event(headers["chainside-signature"], body, self._secret)
        if signature is not None:
            headers["chainside-signature"] = signature
        return body, headers, parsed

    async def asend(
        self,
        target: object,
        event: str = "payment.completed",
        *,
        path: str = "/webpos/callback",
        amount: str = "10.00",
        reference: str | None = None,
        signature: str | None = None,
    ) -> Delivery:
        """:meth:`send` from async test code, to an ASGI app or a URL."""
        import httpx

        body, headers, parsed = self._prepared(event, amount, reference, signature)
        if isinstance(target, str):
            async with httpx.AsyncClient() as client:
                answer = await client.post(target, content=body, headers=headers)
        elif callable(target):
            transport = httpx.ASGITransport(app=target)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                answer = await client.post(path, content=body, headers=headers)
        else:
            raise TypeError(f"webpos_callback.asend: give an ASGI app or a URL, not {type(target).__name__}")
        return Delivery(answer.status_code, answer.text, parsed, body)


def _post(target: object, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    import httpx

    if isinstance(target, str):
        answer = httpx.post(target, content=body, headers=headers)
        return answer.status_code, answer.text
    kind = f"{type(target).__module__}.{type(target).__qualname__}"
    if kind.startswith("django.test"):  # django.test.Client / AsyncClient (sync use)
        response = target.post(  # type: ignore[attr-defined]
            path,
            body,
            content_type=headers["content-type"],
            headers={"Chainside-Signature": headers["chainside-signature"]},
        )
        return int(response.status_code), response.content.decode("utf-8", errors="replace")
    if kind.startswith(("flask.", "werkzeug.")):  # app.test_client()
        response = target.post(path, data=body, headers=headers)  # type: ignore[attr-defined]
        return int(response.status_code), response.get_data(as_text=True)
    if callable(target):  # an ASGI app
        return _post_asgi(target, path, body, headers)
    raise TypeError(f"webpos_callback.send: cannot POST to a {kind} (give a test client, an ASGI app or a URL)")


def _post_asgi(app: Any, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    import httpx

    async def post() -> tuple[int, str]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            answer = await client.post(path, content=body, headers=headers)
            return answer.status_code, answer.text

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(post())
    raise RuntimeError("webpos_callback.send: called inside an event loop; use 'await webpos_callback.asend(...)'")


@pytest.fixture
def webpos_callback(webpos_secret: str) -> CallbackSender:
    """Send signed callbacks to your endpoint: ``webpos_callback.send(client, "payment.completed")``."""
    return CallbackSender(webpos_secret)
