"""What production does to an SDK: exceptions crossing processes, hostile answers, closed
clients, absurd numbers, error trackers recording every local variable, echoed credentials.

The secrets are canaries: a test fails if any of them shows anywhere it looks.
"""

from __future__ import annotations

import base64
import inspect
import json
import pickle
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from conftest import login_body, order_body

from webpos_sdk import Client, DictCache, RetryPolicy
from webpos_sdk import exceptions as sdk_exceptions
from webpos_sdk.callbacks import CallbackRouter, construct_event, sign
from webpos_sdk.callbacks import errors as callback_errors
from webpos_sdk.exceptions import (
    ClientClosedError,
    MalformedResponseException,
    SdkException,
    SdkHttpException,
)

ORDER = "2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d"
CLIENT_ID = "canary-client"
SECRET = "sk_CANARY/secret=+é"
TOKEN = "tok_CANARY_first"
RENEWED = "tok_CANARY_renewed"
BASIC = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
HMAC_KEY_HEX = __import__("hashlib").sha256(SECRET.encode()).hexdigest()
CANARIES = [SECRET, TOKEN, RENEWED, BASIC, HMAC_KEY_HEX, json.dumps(SECRET)[1:-1]]


def client_for(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> Client:
    options: dict[str, Any] = {"cache": DictCache(), "retry": RetryPolicy(max_attempts=1, deadline=5.0)}
    options.update(kwargs)
    return Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url="https://api.canary.test",
        transport=httpx.MockTransport(handler),
        **options,
    )


def answering(status: int, body: bytes | dict[str, Any], headers: dict[str, str] | None = None) -> Callable[..., Any]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.Response(status, content=content, headers={"content-type": "application/json", **(headers or {})})

    return handler


# ------------------------------------------------------------------------ 7. pickling


def _all_exception_classes() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for module in (sdk_exceptions, callback_errors):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, SdkException) and cls not in found:
                found.append(cls)
    return found


def _instance(cls: type[BaseException]) -> BaseException:
    """An instance of ``cls`` built through its own constructor, with a value for each parameter."""
    values: dict[str, Any] = {
        "status_code": 503,
        "error_code": "4006",
        "message": "down",
        "request_id": "req-7",
        "debug_info": {"response": {"status_code": 503}},
        "uuid": ORDER,
        "body": "{}",
        "location": "https://elsewhere.test/",
        "key": "http.timeout",
        "problem": "must be > 0",
        "errors": {"amount": "required"},
        "event": "payment.unknown",
        "payload": {"event": "payment.unknown"},
        "driver": "Redis",
        "reason": "ConnectionError",
        "reference": "order-42",
        "payment_order": {"amount": "1.00", "reference": "order-42"},
        "since": 1_700_000_000.0,
        "request_sent": False,
    }
    try:
        params = inspect.signature(cls).parameters
    except ValueError:  # Exception's own constructor
        return cls("a message")
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in params.items():
        if param.kind is param.VAR_KEYWORD and name == "fields":  # RedirectNotFollowedException's
            kwargs.update(status_code=307, error_code=None, message="moved", request_id=None, debug_info={})
            continue
        if param.kind is param.VAR_POSITIONAL:
            args.append("a message")
            continue
        if param.kind is param.VAR_KEYWORD:
            continue
        value = values.get(name, "a message")
        if param.kind is param.KEYWORD_ONLY:
            kwargs[name] = value
        else:
            args.append(value)
    return cls(*args, **kwargs)


@pytest.mark.parametrize("cls", _all_exception_classes(), ids=lambda cls: cls.__name__)
def test_every_exception_pickles_with_all_its_attributes(cls: type[BaseException]) -> None:
    error = _instance(cls)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, as Celery sends them
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
    assert copy.args == error.args


# --------------------------------------------------------- 8. no raw exception escapes

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("status", [200, 404, 500])
def test_deeply_nested_json_in_an_answer_is_an_sdk_error(status: int) -> None:
    with client_for(answering(status, DEEP)) as client, pytest.raises(SdkHttpException):
        client.get_payment_order(ORDER)


def test_deeply_nested_json_in_the_login_answer_is_an_sdk_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=DEEP, headers={"content-type": "application/json"})

    with client_for(handler) as client, pytest.raises(SdkHttpException):
        client.get_payment_order(ORDER)


def test_a_call_after_close_says_so() -> None:
    client = client_for(answering(200, order_body(ORDER)))
    assert str(client.get_payment_order(ORDER).uuid) == ORDER
    client.close()
    with pytest.raises(ClientClosedError, match="closed"):
        client.get_payment_order(ORDER)
    with pytest.raises(RuntimeError):  # what httpx raised before: still caught by the same except
        client.get_payment_order(ORDER)


def test_an_infinite_timeout_without_a_deadline_means_no_timeout() -> None:
    with client_for(answering(200, order_body(ORDER)), timeout=float("inf"), retry=RetryPolicy(deadline=None)) as c:
        assert str(c.get_payment_order(ORDER).uuid) == ORDER


@pytest.mark.parametrize("expires_in", [1e308, 10**30, 2**63])
@pytest.mark.parametrize("driver", ["dict", "redis", "django-locmem", "django-redis"])
def test_a_huge_expires_in_works_on_every_cache(expires_in: float, driver: str, redis_server: Any) -> None:
    from webpos_sdk._cache import DjangoCache, RedisCache

    caches: dict[str, Any] = {
        "dict": DictCache(),
        "redis": RedisCache(redis_server.client()),
        "django-locmem": DjangoCache(alias="default"),
        "django-redis": DjangoCache(alias="redis"),
    }
    logins: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            logins.append(1)
            body = json.dumps(login_body(TOKEN)).replace(
                '"expires_in": 3600', f'"expires_in": {json.dumps(expires_in)}'
            )
            return httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"})
        return httpx.Response(200, json=order_body(ORDER))

    cache = caches[driver]
    with client_for(handler, cache=cache) as client:
        client.get_payment_order(ORDER)
        client.get_payment_order(ORDER)
    assert logins == [1]
    assert cache.get(client.tokens.key) is not None  # stored (for at most a year), no overflow
    cache.delete(client.tokens.key)


@pytest.mark.parametrize(
    "retry_after", ["99999999999999999999", "86400", "Wed, 21 Oct 2099 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"]
)
def test_retry_after_is_capped_even_without_a_deadline(retry_after: str) -> None:
    waits: list[float] = []
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(
                503, json={"error_code": "4006", "message": "down"}, headers={"retry-after": retry_after}
            )
        return httpx.Response(200, json=order_body(ORDER))

    policy = RetryPolicy(max_attempts=2, deadline=None, max_retry_after=7.0)
    with client_for(handler, retry=policy, sleep=waits.append) as client:
        assert str(client.get_payment_order(ORDER).uuid) == ORDER
    assert len(waits) == 1
    assert 0 <= waits[0] <= 7.0


# ------------------------------------------------------------------ 10. typed fields


@pytest.mark.parametrize(
    ("field", "value", "read"),
    [("btc_amount", "346290", 346290), ("btc_amount", 346290.0, 346290), ("expires_in", "900", 900)],
)
def test_a_value_that_converts_losslessly_is_read(field: str, value: object, read: object) -> None:
    body = order_body(ORDER) | {field: value}
    with client_for(answering(200, body)) as client:
        assert getattr(client.get_payment_order(ORDER), field) == read


@pytest.mark.parametrize(
    ("field", "value"),
    [("btc_amount", "lots"), ("btc_amount", 10.5), ("amount", 10.5), ("amount", 10), ("address", None), ("uri", [])],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(field: str, value: object) -> None:
    body = order_body(ORDER) | {field: value}
    with client_for(answering(200, body)) as client, pytest.raises(MalformedResponseException, match=field):
        client.get_payment_order(ORDER)


# --------------------------------------------------------- 11. nothing secret in tracebacks


def _everything_recorded(error: BaseException) -> str:
    """What an error tracker records: every frame's locals, of the error and its whole chain."""
    seen: list[str] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 10:
        formatted = traceback.TracebackException.from_exception(current, capture_locals=True)
        seen.append("".join(formatted.format()))
        seen.append(repr(current) + str(vars(current)))
        current = current.__cause__ or current.__context__
    return "\n".join(seen)


def _renewing_handler(status: int, code: str, echo: bool) -> Callable[[httpx.Request], httpx.Response]:
    """The first token is rejected as expired, the renewed one gets the error answer, echoing
    what it was sent when ``echo`` (a proxy or a debugging server)."""
    logins: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            logins.append(1)
            return httpx.Response(200, json=login_body(TOKEN if len(logins) == 1 else RENEWED))
        if request.headers["authorization"] == f"Bearer {TOKEN}":
            return httpx.Response(401, json={"error_code": "1004", "message": "expired"})
        body: dict[str, Any] = {"error_code": code, "message": "failed"}
        if echo:
            body["echo"] = {
                "headers": dict(request.headers),
                "escaped": json.dumps(SECRET, ensure_ascii=True),
                "tokens": f"{TOKEN} {RENEWED}",
            }
        text = json.dumps(body).replace("/", "\\/")  # as PHP's json_encode writes it
        return httpx.Response(status, content=text.encode(), headers={"content-type": "application/json"})

    return handler


def _error_paths() -> Iterator[tuple[str, Callable[[], object]]]:
    yield "api-error", lambda: client_for(_renewing_handler(404, "3001", echo=True)).get_payment_order(ORDER)
    yield "server-error", lambda: client_for(_renewing_handler(500, "4000", echo=True)).get_payment_order(ORDER)
    yield "malformed", lambda: client_for(answering(200, {"echo": SECRET})).get_payment_order(ORDER)

    def timeout(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        raise httpx.ReadTimeout("slow", request=request)

    yield "timeout", lambda: client_for(timeout).get_payment_order(ORDER)

    def refused_login(request: httpx.Request) -> httpx.Response:
        echoed = {"error_code": "1001", "message": f"bad client {request.headers['authorization']}"}
        return httpx.Response(401, json=echoed)

    yield "login-failure", lambda: client_for(refused_login).get_payment_order(ORDER)
    body = json.dumps({"event": "payment.completed"}).encode()
    yield "callback-mismatch", lambda: construct_event(sign(b"other", SECRET), body, SECRET)
    yield "callback-malformed", lambda: construct_event(sign(b"{}", SECRET), b"{}", SECRET)
    router = CallbackRouter(SECRET)

    @router.on("payment.completed")
    def boom(event: object) -> None:
        raise RuntimeError("handler failed")

    good = json.dumps(_completed()).encode()
    yield "callback-handler", lambda: router.handle({"chainside-signature": sign(good, SECRET)}, good)


def _completed() -> dict[str, Any]:
    from datetime import UTC, datetime

    from tests._support import load_spec

    payload = dict(load_spec()["components"]["examples"]["PaymentCompleted"]["value"])
    payload["created_at"] = datetime.now(UTC).isoformat()
    return payload


@pytest.mark.parametrize(("name", "path"), list(_error_paths()), ids=[name for name, _ in _error_paths()])
def test_no_secret_in_any_frame_of_an_error(name: str, path: Callable[[], object]) -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 - every path raises its own kind
        path()
    recorded = _everything_recorded(info.value)
    leaked = [canary for canary in CANARIES if canary in recorded]
    where = [line for line in recorded.splitlines() if any(c in line for c in leaked)]
    assert leaked == [], f"{name}: {leaked} in\n" + "\n".join(where)[:3000]


def test_no_secret_reaches_sentry() -> None:
    """sentry-sdk with its defaults (locals included), capturing into a local transport."""
    import sentry_sdk
    from sentry_sdk.transport import Transport

    envelopes: list[str] = []

    class Local(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            envelopes.append(envelope.serialize().decode("utf-8", errors="replace"))

    sentry_sdk.init(dsn="https://public@sentry.invalid/1", transport=Local, default_integrations=False)
    try:
        for _name, path in _error_paths():
            try:
                path()
            except Exception as err:
                sentry_sdk.capture_exception(err)
        sentry_sdk.flush()
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no client: later tests send nothing
    recorded = "\n".join(envelopes)
    assert recorded.count('"exception"') >= len(list(_error_paths()))  # every error was captured, locals too
    assert '"vars"' in recorded
    escaped_canaries = CANARIES + [json.dumps(c)[1:-1] for c in CANARIES]
    assert [c for c in escaped_canaries if c in recorded] == []


# ----------------------------------------------------------------- 12. redaction


def test_debug_info_redacts_escaped_echoes_and_every_token_of_the_call() -> None:
    with pytest.raises(SdkHttpException) as info:
        client_for(_renewing_handler(404, "3001", echo=True)).get_payment_order(ORDER)
    shown = json.dumps(info.value.debug_info, ensure_ascii=False) + str(info.value) + repr(info.value)
    assert "[REDACTED]" in shown
    for canary in [SECRET, TOKEN, RENEWED, BASIC]:
        assert canary not in shown
        assert json.dumps(canary)[1:-1] not in shown
        assert json.dumps(canary)[1:-1].replace("/", "\\/") not in shown


def test_a_text_body_is_redacted_before_it_is_cut() -> None:
    from webpos_sdk.exceptions import debug_info

    filler = "x" * 1990
    response = httpx.Response(500, text=filler + SECRET, request=httpx.Request("GET", "https://api.canary.test/x"))
    body = debug_info(response, [SECRET])["response"]["body"]
    assert SECRET[:5] not in body  # not even the half of it that fits


# --------------------------------------------------------------- 9. bounded answers


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_gzip_bomb_is_refused_before_it_is_inflated(kind: str) -> None:
    import asyncio
    import gzip
    import tracemalloc

    from webpos_sdk import AsyncClient

    bomb = gzip.compress(b"[" + b" " * (64 * 1024 * 1024) + b"]", compresslevel=9)  # 64 MiB in ~64 KiB

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        headers = {"content-encoding": "gzip", "content-type": "application/json"}
        return httpx.Response(200, stream=httpx.ByteStream(bomb), headers=headers)  # as sent: not read yet

    tracemalloc.start()
    try:
        if kind == "sync":
            with client_for(handler) as client, pytest.raises(MalformedResponseException, match="larger than"):
                client.get_payment_order(ORDER)
        else:

            async def call() -> None:
                transport = httpx.MockTransport(handler)
                async with AsyncClient(
                    client_id=CLIENT_ID, secret=SECRET, base_url="https://api.canary.test", transport=transport
                ) as client:
                    await client.get_payment_order(ORDER)

            with pytest.raises(MalformedResponseException, match="larger than"):
                asyncio.run(call())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    from webpos_sdk._retry import MAX_ANSWER_BYTES

    assert peak < MAX_ANSWER_BYTES + 2 * 1024 * 1024  # the limit and a step (before: 64 MiB twice over)


def test_an_oversized_create_answer_means_the_order_may_exist_and_a_reference_recovers_it() -> None:
    import gzip

    from webpos_sdk.exceptions import PaymentOrderMayExistException

    bomb = gzip.compress(b" " * (20 * 1024 * 1024), compresslevel=9)
    listed = order_body(ORDER) | {"reference": "inv-1", "amount": "1.00"}
    listed["created_at"] = datetime.now(UTC).isoformat()
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        sent.append(request.method)
        if request.method == "POST":  # created, but the answer cannot be read
            return httpx.Response(201, stream=httpx.ByteStream(bomb), headers={"content-encoding": "gzip"})
        page = {"paymentorders": [listed], "page": 0, "page_size": 40, "total_items": 1, "total_pages": 1}
        return httpx.Response(200, json=page)

    with client_for(handler) as client:
        with pytest.raises(PaymentOrderMayExistException, match="larger than") as raised:
            client.create_payment_order({"amount": "1.00"})  # no reference: nothing to look up
        assert raised.value.uuid is None
        assert raised.value.status_code == 201
        assert sent == ["POST"]
        recovered = client.create_payment_order({"amount": "1.00", "reference": "inv-1"})
    assert str(recovered.uuid) == ORDER
    assert sent == ["POST", "POST", "GET"]  # created once, then found: not created again


def _deflate_raw(data: bytes) -> bytes:
    import zlib

    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("", lambda b: b),
        ("identity", lambda b: b),
        ("gzip", lambda b: __import__("gzip").compress(b)),
        ("x-gzip", lambda b: __import__("gzip").compress(b)),
        ("deflate", lambda b: __import__("zlib").compress(b)),
        ("deflate", _deflate_raw),  # raw deflate, as some servers send it (httpx reads it too)
    ],
)
def test_answers_in_every_coding_are_read_in_chunks(coding: str, pack: Callable[[bytes], bytes]) -> None:
    packed = pack(json.dumps(order_body(ORDER)).encode())
    chunks = [packed[i : i + 7] for i in range(0, len(packed), 7)]  # the inflater fed in pieces

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        headers = {"content-type": "application/json"} | ({"content-encoding": coding} if coding else {})
        return httpx.Response(200, stream=_Chunks(chunks), headers=headers)

    with client_for(handler) as client:
        assert str(client.get_payment_order(ORDER).uuid) == ORDER


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks


def test_a_corrupt_compressed_answer_is_a_malformed_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(200, json=login_body(TOKEN))
        return httpx.Response(200, stream=_Chunks([b"\x1f\x8b not gzip at all"]), headers={"content-encoding": "gzip"})

    with client_for(handler) as client, pytest.raises(MalformedResponseException, match="corrupt"):
        client.get_payment_order(ORDER)
