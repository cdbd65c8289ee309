"""Errors: one class per API error code, what every error carries, non-JSON answers, timeouts
and refused connections, and no secret (client secret, access token) in any message,
``repr``, ``debug_info``, traceback or log record on any error path."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from _support import load_spec
from conftest import BASE_URL, FakeApi, LoopbackApi, error_body, free_port, login_body, order_body
from webpos_generated.models import ErrorCode

import webpos_sdk.exceptions as exceptions
from webpos_sdk import NO_RETRY, AsyncClient
from webpos_sdk.client import Client
from webpos_sdk.exceptions import (
    ERROR_CLASSES,
    AccessTokenExpiredException,
    ConnectionErrorException,
    InvalidAccessTokenException,
    InvalidAuthorizationHeaderException,
    MalformedResponseException,
    NotFoundException,
    SdkException,
    SdkHttpException,
    TimeoutException,
    UnauthorizedClientException,
    ValidationErrorException,
)

ORDER_ID = "2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10"
USUAL_STATUS = {
    "0001": 400,
    "0013": 400,
    "1001": 401,
    "1002": 400,
    "1004": 401,
    "1006": 400,
    "1007": 401,
    "1012": 403,
    "1013": 400,
    "1018": 400,
    "2000": 429,
    "3001": 404,
    "3003": 405,
    "3007": 401,
    "3012": 415,
    "3013": 406,
    "4000": 500,
    "4003": 503,
    "4006": 503,
}


def assert_redacted_debug_info(info: dict[str, Any], status: int) -> None:
    request, response = info["request"], info["response"]
    assert request["method"] in {"GET", "POST", "PATCH", "DELETE"}
    assert request["url"].startswith(BASE_URL)
    assert request["headers"]["authorization"] == "[REDACTED]"
    assert request["headers"]["x-api-version"] == "v1"
    assert response["status_code"] == status
    json.dumps(info)  # plain data


# ------------------------------------------------------------------------- the error table


def test_every_error_code_of_the_spec_has_a_class() -> None:
    """Tripwire: a code added to the spec (and so to ErrorCode) needs an exception class."""
    spec_codes = set(load_spec()["components"]["schemas"]["ErrorCode"]["enum"])
    assert {member.value for member in ErrorCode} == spec_codes
    assert set(ERROR_CLASSES) == spec_codes
    assert len(ERROR_CLASSES) == 19
    assert len(set(ERROR_CLASSES.values())) == 19


@pytest.mark.parametrize(("code", "cls"), sorted(ERROR_CLASSES.items()), ids=sorted(ERROR_CLASSES))
def test_each_error_code_raises_its_class(
    make_client: Callable[..., Client], api: FakeApi, code: str, cls: type[SdkHttpException]
) -> None:
    status = USUAL_STATUS[code]
    api.answer = lambda _request: httpx.Response(status, json=error_body(code, f"message of {code}", f"rid-{code}"))
    client = make_client(retry=NO_RETRY)
    with pytest.raises(SdkHttpException) as info:
        client.get_payment_order(ORDER_ID)
    error = info.value
    assert type(error) is cls
    assert cls.error_code == code
    assert isinstance(error, SdkException)
    assert (error.status_code, error.error_code, error.message, error.request_id) == (
        status,
        code,
        f"message of {code}",
        f"rid-{code}",
    )
    assert code in str(error)
    assert f"rid-{code}" in str(error)
    assert str(status) in str(error)
    assert cls.__name__ in repr(error)
    assert_redacted_debug_info(error.debug_info, status)
    assert error.debug_info["response"]["body"] == error_body(code, f"message of {code}", f"rid-{code}")
    assert "tok-" not in json.dumps(error.debug_info)


def test_names_of_the_previous_sdk_are_importable() -> None:
    from webpos_sdk.exceptions import AccessTokenExpiredException as Expired
    from webpos_sdk.exceptions import NotFoundException as NotFound
    from webpos_sdk.exceptions import SdkHttpException as HttpBase
    from webpos_sdk.exceptions import ValidationErrorException as Invalid

    for cls in (Expired, NotFound, Invalid):
        assert issubclass(cls, HttpBase)
        assert issubclass(cls, SdkException)
    for cls in ERROR_CLASSES.values():
        assert cls.__name__ in exceptions.__all__
        assert issubclass(cls, SdkHttpException)


def test_unknown_error_code_raises_the_base_class(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(409, json=error_body("9999", "new in the API", "rid-new"))
    with pytest.raises(SdkHttpException) as info:
        make_client().delete_payment_order(ORDER_ID)
    assert type(info.value) is SdkHttpException
    assert info.value.error_code == "9999"
    assert info.value.status_code == 409
    assert "9999" in str(info.value)
    assert "rid-new" in str(info.value)


def test_integer_error_code_is_read_as_the_four_digit_string(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(400, json={"error_code": 1, "message": "bad", "request_id": "r"})
    with pytest.raises(ValidationErrorException) as info:
        make_client().create_payment_order({"amount": "1.00"})
    assert info.value.error_code == "0001"


def test_request_id_from_the_header_when_the_body_has_none(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(
        404, json={"error_code": "3001", "message": "gone"}, headers={"X-Request-Id": "hdr-rid"}
    )
    with pytest.raises(NotFoundException) as info:
        make_client().get_callbacks(ORDER_ID)
    assert info.value.request_id == "hdr-rid"
    assert "hdr-rid" in str(info.value)


def test_debug_info_holds_request_and_response(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(400, json=error_body("0001", "amount: bad", "rid-v"))
    with pytest.raises(ValidationErrorException) as info:
        make_client().create_payment_order({"amount": "10.00", "reference": "order-1"})
    debug = info.value.debug_info
    assert_redacted_debug_info(debug, 400)
    assert debug["request"]["method"] == "POST"
    assert debug["request"]["url"] == f"{BASE_URL}/payment-order"
    assert debug["request"]["body"] == {"amount": "10.00", "reference": "order-1"}
    assert debug["response"]["body"] == error_body("0001", "amount: bad", "rid-v")
    assert debug["response"]["headers"]["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
        (520, b"<!DOCTYPE html><html><body>Web server is returning an unknown error</body></html>"),
        (503, b""),
        (500, b'{"unexpected": "shape"}'),
        (500, b"[1, 2, 3]"),
    ],
    ids=["html-502", "html-520", "empty-503", "json-without-code", "json-list"],
)
def test_answers_that_are_not_error_objects(
    make_client: Callable[..., Client], api: FakeApi, status: int, body: bytes
) -> None:
    content_type = "application/json" if body.startswith((b"{", b"[")) else "text/html"
    api.answer = lambda _request: httpx.Response(status, content=body, headers={"Content-Type": content_type})
    with pytest.raises(SdkHttpException) as info:
        make_client(retry=NO_RETRY).get_payment_order(ORDER_ID)
    error = info.value
    assert type(error) is SdkHttpException
    assert error.status_code == status
    assert error.error_code is None
    assert str(status) in str(error)
    assert error.message  # never empty
    if b"<html" in body.lower():
        assert "Bad Gateway" in error.message or "unknown error" in error.message
        assert error.debug_info["response"]["body"] == body.decode()
    assert_redacted_debug_info(error.debug_info, status)


def test_malformed_success_answer(make_client: Callable[..., Client], api: FakeApi) -> None:
    broken = order_body(ORDER_ID)
    del broken["state"]
    api.answer = lambda _request: httpx.Response(200, json=broken)
    with pytest.raises(MalformedResponseException) as info:
        make_client().get_payment_order(ORDER_ID)
    assert info.value.status_code == 200
    assert "state" in str(info.value)
    assert isinstance(info.value, SdkException)
    assert info.value.debug_info["response"]["status_code"] == 200
    assert info.value.debug_info["request"]["headers"]["authorization"] == "[REDACTED]"


def test_malformed_login_answer_raises_an_sdk_exception(make_client: Callable[..., Client]) -> None:
    """A 200 login answer whose expires_in is not a number does not follow the spec."""

    def login_answer(_request: httpx.Request) -> httpx.Response:
        body = login_body("tok-x")
        body["expires_in"] = "soon"
        return httpx.Response(200, json=body)

    api = FakeApi(login_answer=login_answer)
    with pytest.raises(MalformedResponseException):
        make_client(transport=api.transport()).get_payment_order(ORDER_ID)
    assert api.api_requests == []


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"<html>captive portal</html>", {"Content-Type": "text/html"}),
        (b"\xff\xfe", {"Content-Type": "application/json"}),
        (b"not gzip at all", {"Content-Type": "application/json", "Content-Encoding": "gzip"}),
    ],
    ids=["html-200", "bad-bytes", "corrupt-gzip"],
)
def test_unreadable_success_answer_raises_an_sdk_exception(
    make_client: Callable[..., Client], api: FakeApi, content: bytes, headers: dict[str, str]
) -> None:
    """Whatever the body, the caller gets an SdkException, never a bare httpx error or ValueError."""
    api.answer = lambda _request: httpx.Response(200, headers=headers, stream=httpx.ByteStream(content))
    with pytest.raises(SdkException):
        make_client().get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 1


def test_redirect_is_not_followed(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(301, headers={"Location": "https://elsewhere.example"})
    with pytest.raises(SdkHttpException) as info:
        make_client().get_payment_order(ORDER_ID)
    assert info.value.status_code == 301
    assert len(api.api_requests) == 1


def test_login_answer_missing_the_token(make_client: Callable[..., Client]) -> None:
    api = FakeApi(login_answer=lambda _request: httpx.Response(200, json={"token_type": "Bearer"}))
    with pytest.raises(MalformedResponseException) as info:
        make_client(transport=api.transport()).get_payment_order(ORDER_ID)
    assert "access_token" in str(info.value)
    assert api.api_requests == []


# -------------------------------------------------------------- timeouts and connections


def test_timeout_is_raised_within_the_configured_timeout(silent_server: tuple[str, int], client_id: str) -> None:
    host, port = silent_server
    conf = {"client_id": client_id, "secret": "s", "base_url": f"http://{host}:{port}", "http": {"timeout": 0.3}}
    with Client(conf) as client:
        started = time.monotonic()
        with pytest.raises(TimeoutException) as info:
            client.get_payment_order(ORDER_ID)
        elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 1.5, elapsed  # one attempt: timeouts are not retried
    assert "0.3" in str(info.value)
    assert info.value.__context__ is None  # no chain to the httpx error (nor its frames) at all


def test_async_timeout_is_raised_within_the_configured_timeout(silent_server: tuple[str, int], client_id: str) -> None:
    host, port = silent_server

    async def main() -> float:
        async with AsyncClient(client_id=client_id, secret="s", base_url=f"http://{host}:{port}", timeout=0.3) as c:
            started = time.monotonic()
            with pytest.raises(TimeoutException):
                await c.get_callbacks(ORDER_ID)
            return time.monotonic() - started

    elapsed = asyncio.run(main())
    assert 0.25 <= elapsed < 1.5, elapsed


def test_connection_refused(client_id: str, sleeps: list[float]) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"
    client = Client(client_id=client_id, secret="s", base_url=base_url, sleep=sleeps.append)
    with client, pytest.raises(ConnectionErrorException) as info:
        client.get_payment_order(ORDER_ID)
    assert base_url in str(info.value)
    assert len(sleeps) == 2  # a refused connection never reached the server: tried 3 times


def test_async_connection_refused(client_id: str, sleeps: list[float]) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=base_url, sleep=sleeps.append) as client:
            with pytest.raises(ConnectionErrorException):
                await client.get_payment_order(ORDER_ID)

    asyncio.run(main())
    assert len(sleeps) == 2


# ---------------------------------------------------------------------------- the canary

SECRET = "CANARY-SECRET-123"
TOKEN = "CANARY-TOKEN-456"


def _echo_token(status: int, code: str | None) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("Authorization", "")
        body: dict[str, Any] = {"message": f"rejected {sent} ({TOKEN})", "request_id": "rid-canary", "token": TOKEN}
        if code is not None:
            body["error_code"] = code
        return httpx.Response(status, json=body, headers={"X-Debug-Token": TOKEN})

    return answer


def _malformed_with_token(_request: httpx.Request) -> httpx.Response:
    body = order_body(ORDER_ID)
    body["created_at"] = TOKEN  # a bad date whose value is the token
    body["reference"] = f"Bearer {TOKEN}"
    return httpx.Response(200, json=body)


CANARY_PATHS: dict[str, tuple[dict[str, Any], type[SdkException]]] = {
    "404": (
        {"answer": lambda _r: httpx.Response(404, json=error_body("3001", "Payment order not found"))},
        NotFoundException,
    ),
    "1004-forever": ({"answer": _echo_token(401, "1004")}, AccessTokenExpiredException),
    "1007-echo": ({"answer": _echo_token(401, "1007")}, InvalidAccessTokenException),
    "500-echo": ({"answer": _echo_token(500, "4000")}, SdkHttpException),
    "502-text-echo": (
        {"answer": lambda r: httpx.Response(502, text=f"upstream said: {r.headers['Authorization']} {SECRET}")},
        SdkHttpException,
    ),
    "malformed-200": ({"answer": _malformed_with_token}, MalformedResponseException),
    "login-failure-echo": (
        {
            "login_answer": lambda _r: httpx.Response(
                401,
                json={
                    "error_code": "1001",
                    "message": f"bad client secret {SECRET}",
                    "request_id": "rid-login",
                    "secret": SECRET,
                },
            )
        },
        UnauthorizedClientException,
    ),
    "login-3007-echoes-basic-header": (
        {
            "login_answer": lambda r: httpx.Response(
                401,
                json={
                    "error_code": "3007",
                    "message": f"invalid authorization header: {r.headers['Authorization']}",
                    "request_id": "rid-login",
                },
            )
        },
        InvalidAuthorizationHeaderException,
    ),
    "login-failure-text": (
        {"login_answer": lambda _r: httpx.Response(400, text=f"grant rejected for secret={SECRET}")},
        SdkHttpException,
    ),
}


def _everything_said(client: Any, error: BaseException, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    said = {
        "str": str(error),
        "repr": repr(error),
        "client repr": repr(client),
        "traceback": "".join(traceback.format_exception(error)),
        "logs": "\n".join(f"{r.name}: {r.getMessage()} {r.args!r}" for r in caplog.records),
    }
    for attr in ("debug_info", "message", "request_id"):
        if hasattr(error, attr):
            said[attr] = json.dumps(getattr(error, attr))
    return said


def _assert_no_canary(said: dict[str, str], client_id: str) -> None:
    basic = base64.b64encode(f"{client_id}:{SECRET}".encode()).decode()
    for where, text in said.items():
        for secret in (SECRET, TOKEN, basic):
            assert secret not in text, f"{secret} leaked in {where}: {text[:2000]}"


@pytest.mark.parametrize("path", list(CANARY_PATHS))
def test_no_secret_on_any_error_path(
    path: str,
    make_client: Callable[..., Client],
    sleeps: list[float],
    caplog: pytest.LogCaptureFixture,
    client_id: str,
) -> None:
    handlers, expected = CANARY_PATHS[path]
    api = FakeApi(tokens=lambda _n, _r: TOKEN, **handlers)
    caplog.set_level(logging.DEBUG)
    client = make_client(client_id=client_id, secret=SECRET, transport=api.transport())
    with pytest.raises(SdkException) as info:
        client.get_payment_order(ORDER_ID)
    assert isinstance(info.value, expected)
    assert api.requests  # the path was really taken
    _assert_no_canary(_everything_said(client, info.value, caplog), client_id)


@pytest.mark.parametrize("path", ["1004-forever", "500-echo", "login-failure-echo"])
def test_no_secret_on_async_error_paths(path: str, caplog: pytest.LogCaptureFixture, client_id: str) -> None:
    handlers, expected = CANARY_PATHS[path]
    api = FakeApi(tokens=lambda _n, _r: TOKEN, **handlers)
    caplog.set_level(logging.DEBUG)

    async def main() -> tuple[AsyncClient, BaseException]:
        async with AsyncClient(
            client_id=client_id,
            secret=SECRET,
            base_url=BASE_URL,
            transport=api.transport(),
            retry=NO_RETRY,
        ) as client:
            try:
                await client.get_callbacks(ORDER_ID)
            except SdkException as err:
                return client, err
        raise AssertionError("no error raised")

    client, error = asyncio.run(main())
    assert isinstance(error, expected)
    _assert_no_canary(_everything_said(client, error, caplog), client_id)


def test_no_secret_against_a_real_server(caplog: pytest.LogCaptureFixture, sleeps: list[float], client_id: str) -> None:
    """httpx and httpcore log at DEBUG over a real connection too: nothing secret there either."""
    server = LoopbackApi(token=lambda _n: TOKEN)
    server.answer = lambda _path, bearer: (500, {"error_code": "4000", "message": f"boom {bearer}", "request_id": "r"})
    caplog.set_level(logging.DEBUG)
    try:
        client = Client(client_id=client_id, secret=SECRET, base_url=server.url, sleep=sleeps.append)
        with client, pytest.raises(SdkHttpException) as info:
            client.get_payment_order(ORDER_ID)
    finally:
        server.close()
    assert server.bearers == [TOKEN] * 3  # 500 on a GET: tried three times
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    _assert_no_canary(_everything_said(client, info.value, caplog), client_id)


def test_settings_and_client_repr_hide_the_secret(client_id: str) -> None:
    client = Client(client_id=client_id, secret=SECRET)
    assert SECRET not in repr(client)
    assert SECRET not in repr(client.settings)
    assert client_id in repr(client)
    client.close()
