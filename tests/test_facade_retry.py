"""Retries: what is repeated (safe methods, refused connections), what is not (a POST that may
have reached the server, timeouts), how long it waits (backoff, Retry-After, deadline).
Waits are captured with ``sleep=``: nothing really sleeps."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import BASE_URL, FakeApi, error_body

from webpos_sdk import NO_RETRY, AsyncClient, ConfigurationError, RetryPolicy
from webpos_sdk.client import Client
from webpos_sdk.exceptions import (
    ConnectionErrorException,
    FunctionalityDownException,
    SdkException,
    SdkHttpException,
    TimeoutException,
    TooManyRequestsException,
)
from webpos_sdk.objects import PaymentOrder

ORDER_ID = "2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10"
Outcome = httpx.Response | Exception


def unavailable() -> httpx.Response:
    return httpx.Response(503, json=error_body("4006", "Functionality temporarily down", "rid-503"))


def scripted(*outcomes: Callable[[httpx.Request], Outcome]) -> Callable[[httpx.Request], httpx.Response | None]:
    """Answer the API requests with ``outcomes`` in turn (raising exceptions), then the examples."""
    queue = list(outcomes)

    def answer(request: httpx.Request) -> httpx.Response | None:
        if not queue:
            return None
        outcome = queue.pop(0)(request)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return answer


def _503(_request: httpx.Request) -> Outcome:
    return unavailable()


def _read_error(request: httpx.Request) -> Outcome:
    return httpx.ReadError("connection reset by peer", request=request)


def _connect_error(request: httpx.Request) -> Outcome:
    return httpx.ConnectError("connection refused", request=request)


def _read_timeout(request: httpx.Request) -> Outcome:
    return httpx.ReadTimeout("timed out", request=request)


def _api_calls(api: FakeApi) -> list[tuple[str, str]]:
    return [(r.method, r.url.path) for r in api.api_requests]


# ------------------------------------------------------------------------------- reads


def test_get_is_retried_on_503_then_succeeds(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = scripted(_503, _503)
    order = make_client().get_payment_order(ORDER_ID)
    assert str(order.uuid) == ORDER_ID
    assert _api_calls(api) == [("GET", f"/payment-order/{ORDER_ID}")] * 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.25  # full jitter under backoff_base
    assert 0 <= sleeps[1] <= 0.5
    assert api.logins == 1


def test_get_gives_up_after_three_attempts(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = lambda _request: unavailable()
    with pytest.raises(FunctionalityDownException) as info:
        make_client().get_payment_order(ORDER_ID)
    assert info.value.status_code == 503
    assert info.value.request_id == "rid-503"
    assert len(api.api_requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retried_statuses(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float], status: int) -> None:
    api.answer = scripted(lambda _r: httpx.Response(status, text="busy"))
    make_client().get_callbacks(ORDER_ID)
    assert len(api.api_requests) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 501])
def test_other_statuses_are_not_retried(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float], status: int
) -> None:
    api.answer = lambda _r: httpx.Response(status, json=error_body("0001" if status == 400 else "9999"))
    with pytest.raises(SdkHttpException):
        make_client().get_callbacks(ORDER_ID)
    assert len(api.api_requests) == 1
    assert sleeps == []


def test_more_attempts_when_configured(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = lambda _request: unavailable()
    policy = RetryPolicy(max_attempts=5, backoff_base=1.0, backoff_max=1.5)
    with pytest.raises(FunctionalityDownException):
        make_client(retry=policy).get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 5
    assert len(sleeps) == 4
    assert all(0 <= wait <= cap for wait, cap in zip(sleeps, [1.0, 1.5, 1.5, 1.5], strict=True)), sleeps


def test_retry_after_seconds_is_honoured(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = scripted(
        lambda _r: httpx.Response(429, json=error_body("2000", "slow down"), headers={"Retry-After": "2"})
    )
    make_client().get_payment_order(ORDER_ID)
    assert sleeps == [2.0]
    assert len(api.api_requests) == 2


def test_retry_after_http_date_is_honoured(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    when = email.utils.formatdate(time.time() + 4, usegmt=True)
    api.answer = scripted(lambda _r: httpx.Response(503, headers={"Retry-After": when}))
    make_client().get_payment_order(ORDER_ID)
    assert len(sleeps) == 1
    assert 2.0 <= sleeps[0] <= 4.0


def test_too_many_requests_after_the_last_attempt(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = lambda _r: httpx.Response(429, json=error_body("2000", "slow down"), headers={"Retry-After": "1"})
    with pytest.raises(TooManyRequestsException):
        make_client().get_payment_orders()
    assert sleeps == [1.0, 1.0]


def test_deadline_is_respected(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = lambda _r: httpx.Response(503, json=error_body("4006"), headers={"Retry-After": "100"})
    with pytest.raises(FunctionalityDownException):
        make_client(retry=RetryPolicy(deadline=5.0)).get_payment_order(ORDER_ID)
    assert sleeps == []  # waiting 100 s would pass the 5 s deadline: the error comes back at once
    assert len(api.api_requests) == 1


def test_retry_after_within_the_deadline_is_waited(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = scripted(lambda _r: httpx.Response(503, headers={"Retry-After": "3"}))
    make_client(retry=RetryPolicy(deadline=5.0)).get_payment_order(ORDER_ID)
    assert sleeps == [3.0]


def test_max_attempts_one_disables_retries(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = lambda _request: unavailable()
    for policy in (NO_RETRY, RetryPolicy(max_attempts=1)):
        with pytest.raises(FunctionalityDownException):
            make_client(retry=policy).get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 2
    assert sleeps == []


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"max_attempts": 0}, "retry.max_attempts"),
        ({"backoff_base": -1}, "retry.backoff_base"),
        ({"deadline": 0}, "retry.deadline"),
    ],
)
def test_bad_retry_policy(kwargs: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        RetryPolicy(**kwargs)
    assert info.value.key == key


def test_read_error_on_a_get_is_retried(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = scripted(_read_error)
    make_client().get_payment_orders(page=0)
    assert len(api.api_requests) == 2
    assert len(sleeps) == 1


def test_timeouts_are_not_retried(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = scripted(_read_timeout)
    with pytest.raises(TimeoutException):
        make_client().get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 1
    assert sleeps == []


def test_login_is_retried_on_503(make_client: Callable[..., Client], sleeps: list[float]) -> None:
    failures = [unavailable()]
    api = FakeApi(login_answer=lambda _r: failures.pop() if failures else None)
    make_client(transport=api.transport()).get_callbacks(ORDER_ID)
    assert len(api.login_requests) == 2
    assert api.logins == 1
    assert len(sleeps) == 1


# ------------------------------------------------------------------------------ writes


def _create(client: Client) -> Any:
    return client.create_payment_order(PaymentOrder(amount="10.00", continue_url="https://continue.com"))


def test_create_is_not_retried_on_503(make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]) -> None:
    api.answer = scripted(_503)
    with pytest.raises(FunctionalityDownException):
        _create(make_client())
    assert _api_calls(api) == [("POST", "/payment-order")]
    assert sleeps == []


def test_create_is_not_retried_on_a_read_error(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    """The request may have reached the server: repeating it could create two orders."""
    api.answer = scripted(_read_error)
    with pytest.raises(ConnectionErrorException):
        _create(make_client())
    assert _api_calls(api) == [("POST", "/payment-order")]
    assert sleeps == []


def test_create_is_retried_when_the_connection_was_refused(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = scripted(_connect_error)
    result = _create(make_client())
    assert str(result.uuid) == ORDER_ID
    first, second = api.api_requests
    assert (first.method, first.url.path) == (second.method, second.url.path) == ("POST", "/payment-order")
    assert first.content == second.content
    assert len(sleeps) == 1


def test_create_is_not_retried_on_a_timeout(
    make_client: Callable[..., Client], api: FakeApi, sleeps: list[float]
) -> None:
    api.answer = scripted(_read_timeout)
    with pytest.raises(TimeoutException):
        _create(make_client())
    assert len(api.api_requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("call", "method", "path"),
    [(lambda c: c.delete_payment_order(ORDER_ID), "DELETE", f"/payment-order/{ORDER_ID}")],
    ids=["delete"],
)
@pytest.mark.parametrize("failure", [_503, _read_error], ids=["503", "read-error"])
def test_idempotent_writes_are_retried(
    make_client: Callable[..., Client],
    api: FakeApi,
    sleeps: list[float],
    call: Callable[[Client], Any],
    method: str,
    path: str,
    failure: Callable[[httpx.Request], Outcome],
) -> None:
    api.answer = scripted(failure)
    call(make_client())
    assert _api_calls(api) == [(method, path)] * 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.payment_update(ORDER_ID, {"callback": "payment.completed"}), f"/payment-order/{ORDER_ID}/test/"),
        (lambda c: c.payment_reset(ORDER_ID), f"/payment-order/{ORDER_ID}/test/reset"),
    ],
    ids=["payment_update", "payment_reset"],
)
@pytest.mark.parametrize("failure", [_503, _read_error], ids=["503", "read-error"])
def test_the_sandbox_patches_are_not_repeated(
    make_client: Callable[..., Client],
    api: FakeApi,
    sleeps: list[float],
    call: Callable[[Client], Any],
    path: str,
    failure: Callable[[httpx.Request], Outcome],
) -> None:
    # PATCH is not idempotent: a repeated payment_update that was applied would fail with 0013
    api.answer = scripted(failure)
    with pytest.raises(SdkException):
        call(make_client())
    assert _api_calls(api) == [("PATCH", path)]
    assert sleeps == []


# ------------------------------------------------------------------------------- async


def test_async_retries(client_id: str, api: FakeApi, sleeps: list[float]) -> None:
    api.answer = scripted(_503, _503, _503, _read_error)

    async def main() -> None:
        async with AsyncClient(
            client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport(), sleep=sleeps.append
        ) as client:
            with pytest.raises(FunctionalityDownException):
                await client.get_payment_order(ORDER_ID)  # three 503s
            with pytest.raises(ConnectionErrorException):
                await client.create_payment_order({"amount": "1.00"})  # a read error on a POST

    asyncio.run(main())
    assert [r.method for r in api.api_requests] == ["GET", "GET", "GET", "POST"]
    assert len(sleeps) == 2


def test_async_sleep_may_be_a_coroutine(client_id: str, api: FakeApi) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    api.answer = scripted(lambda _r: httpx.Response(429, headers={"Retry-After": "2"}))

    async def main() -> None:
        async with AsyncClient(
            client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport(), sleep=sleep
        ) as client:
            await client.get_callbacks(ORDER_ID)

    asyncio.run(main())
    assert waits == [2.0]
    assert len(api.api_requests) == 2
