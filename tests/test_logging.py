"""Observability: one log line per retry decision, login, renewal, expired token, deadline hit and
rejected callback, on loggers named by module; ``WEBPOS_LOG``; and no secret in any log line at
DEBUG, ours or httpx's."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import error_body, login_body, order_body

from webpos_sdk import Client, DictCache, RetryPolicy
from webpos_sdk._retry import RetryTransport
from webpos_sdk.callbacks import CallbackRouter, sign
from webpos_sdk.exceptions import SdkHttpException, TimeoutException

ORDER = "2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d"
CLIENT_ID, SECRET = "log-client", "sk_LOG_CANARY/secret"
TOKENS = ["tok_LOG_CANARY_1", "tok_LOG_CANARY_2", "tok_LOG_CANARY_3"]
BASIC = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
HMAC_KEY = hashlib.sha256(SECRET.encode()).hexdigest()


class Api:
    """Logs in with the next canary token; ``answers`` are the answers to the other requests in turn."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers, self.logins = list(answers), 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.logins += 1
            return httpx.Response(200, json=login_body(TOKENS[self.logins - 1], expires_in=100))
        return self.answers.pop(0) if self.answers else httpx.Response(200, json=order_body(ORDER))


def client_for(api: Callable[[httpx.Request], httpx.Response], **options: Any) -> Client:
    settings: dict[str, Any] = {"cache": DictCache(), "retry": RetryPolicy(backoff_base=0.001)}
    settings.update(options)
    return Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url="https://api.log.test",
        transport=httpx.MockTransport(api),
        sleep=lambda _: None,
        **settings,
    )


def lines(caplog: pytest.LogCaptureFixture, logger: str, level: int = logging.DEBUG) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelno >= level]


def test_a_retry_decision_is_one_line_naming_method_path_attempt_wait_and_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="webpos_sdk")
    busy = httpx.Response(503, json=error_body("4000"), headers={"retry-after": "2"})
    with client_for(Api(httpx.Response(502, json=error_body("4000")), busy)) as client:
        client.get_payment_order(ORDER)
    retries = lines(caplog, "webpos_sdk._retry", logging.INFO)
    assert len(retries) == 2
    assert retries[0].startswith(f"retrying GET /payment-order/{ORDER} in ")
    assert retries[0].endswith("(attempt 2 of 3): HTTP 502")
    assert retries[1] == f"retrying GET /payment-order/{ORDER} in 2.00 s (attempt 3 of 3): HTTP 503, Retry-After 2 s"


def test_a_request_not_retried_says_why_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="webpos_sdk")
    with (
        client_for(Api(httpx.Response(503, json=error_body("4000")))) as client,
        pytest.raises(SdkHttpException, match="4000"),
    ):
        client.create_payment_order({"amount": "1.00"})
    assert lines(caplog, "webpos_sdk._retry") == [
        "not retrying POST /payment-order after attempt 1: HTTP 503 (not safe to repeat)"
    ]


def test_logins_renewals_and_expired_tokens_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="webpos_sdk")
    now = [1000.0]
    expired = httpx.Response(401, json=error_body("1004", "Access token expired"))
    with client_for(Api(expired), clock=lambda: now[0], token_skew=10) as client:
        client.get_payment_order(ORDER)  # logs in, is told the token expired, logs in again
        now[0] += 95  # past the renewal point (100 s less the 10 s skew)
        client.get_payment_order(ORDER)
    assert lines(caplog, "webpos_sdk._token") == [
        "logged in: the token is valid for 100 s, renewed 10 s before it expires",
        "the API refused the access token as expired: it is forgotten, and the call logs in again",
        "logged in: the token is valid for 100 s, renewed 10 s before it expires",
        "renewed the access token: the token is valid for 100 s, renewed 10 s before it expires",
    ]


def test_a_deadline_hit_is_logged(silent_server: tuple[str, int], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="webpos_sdk")
    host, port = silent_server
    with (
        Client(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=f"http://{host}:{port}",
            cache=DictCache(),
            retry=RetryPolicy(deadline=0.3),
        ) as client,
        pytest.raises(TimeoutException),
    ):
        client.get_payment_order(ORDER)
    (line,) = lines(caplog, "webpos_sdk._retry")
    assert line.startswith("the call's deadline passed while waiting for POST /token (")


def test_a_rejected_callback_is_logged_with_its_reason_never_its_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    router = CallbackRouter(SECRET)
    body = json.dumps({"event": "payment.completed", "object": {"canary": "BODY_CANARY"}}).encode()
    assert router.handle({"chainside-signature": sign(body, "wrong")}, body)[0] == 400
    assert router.handle({"chainside-signature": sign(body, SECRET)}, body)[0] == 400  # signed, not a callback
    logged = lines(caplog, "webpos_sdk.callbacks.router")
    assert logged[0] == "rejected a callback (SignatureMismatchError): the callback signature does not match: rejected"
    assert logged[1].startswith("rejected a callback (MalformedPayloadError): ")
    assert all("BODY_CANARY" not in r.getMessage() for r in caplog.records)


def test_no_secret_reaches_any_log_line_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    """Every logger (ours, httpx's, httpcore's) at DEBUG, over logins, retries, a renewal, an
    expired token, an API error and callbacks: no canary in any message or argument."""
    caplog.set_level(logging.DEBUG)
    now = [1000.0]
    echo = httpx.Response(400, json=error_body("0001", f"bad credentials {SECRET} {BASIC}"))
    expired = httpx.Response(401, json=error_body("1004", "Access token expired"))
    ok = httpx.Response(200, json=order_body(ORDER))
    api = Api(httpx.Response(503, json=error_body("4000")), ok, expired, ok, echo)
    with client_for(api, clock=lambda: now[0]) as client:
        client.get_payment_order(ORDER)  # a login, a retry
        client.get_payment_order(ORDER)  # an expired token, a login
        now[0] += 99
        with pytest.raises(SdkHttpException, match="0001"):
            client.get_payment_order(ORDER)  # a renewal, then an error echoing the credentials
    router = CallbackRouter(SECRET)
    body = b'{"event": "payment.completed"}'
    router.handle({"chainside-signature": sign(body, "wrong")}, body)
    assert caplog.records
    for record in caplog.records:
        shown = record.getMessage() + repr(record.args) + repr(record.__dict__.get("extra", ""))
        for canary in (SECRET, BASIC, HMAC_KEY, *TOKENS):
            assert canary not in shown, (record.name, record.getMessage())


def test_the_attempts_are_on_the_response() -> None:
    api = Api(httpx.Response(503, json=error_body("4000")))
    transport = RetryTransport(httpx.MockTransport(api), RetryPolicy(backoff_base=0), sleep=lambda _: None)
    response = transport.handle_request(httpx.Request("GET", f"https://api.log.test/payment-order/{ORDER}"))
    assert response.status_code == 200
    assert response.extensions["webpos_attempts"] == 2


@pytest.mark.parametrize(("value", "shown"), [("debug", True), ("INFO", True), ("", False)])
def test_webpos_log_prints_the_sdks_lines_to_stderr(value: str, shown: bool) -> None:
    code = (
        "import logging, webpos_sdk, importlib; importlib.reload(webpos_sdk); "
        "logging.getLogger('webpos_sdk._retry').info('a line'); "
        "print(len(logging.getLogger('webpos_sdk').handlers))"
    )
    env = {**os.environ, "WEBPOS_LOG": value}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert ("INFO webpos_sdk._retry] a line" in done.stderr) is shown
    assert done.stdout.strip() == ("1" if shown else "0")  # one handler, even after a reload


def test_a_bad_webpos_log_value_is_named() -> None:
    env = {**os.environ, "WEBPOS_LOG": "verbose"}
    done = subprocess.run(
        [sys.executable, "-c", "import webpos_sdk"], env=env, capture_output=True, text=True, check=True
    )
    assert "WEBPOS_LOG='verbose' ignored" in done.stderr
