"""The per-call deadline (``webpos_sdk._deadline``) and the review findings around it."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from _support import schema_example
from webpos_generated.models import PaymentOrderRetrieval

from webpos_sdk import Client, ConfigurationError, RetryPolicy, TimeoutException
from webpos_sdk._deadline import DeadlineExceeded, call_deadline, time_left
from webpos_sdk._token import _acquire_within_deadline


def test_no_deadline_outside_a_call_and_the_outer_call_wins() -> None:
    assert time_left() is None
    with call_deadline(5.0):
        outer = time_left()
        assert outer is not None
        assert 4.9 < outer <= 5.0
        with call_deadline(60.0):  # a nested SDK call (the lazy login) shares the outer deadline
            inner = time_left()
            assert inner is not None
            assert inner <= outer
    assert time_left() is None


def test_a_lock_that_looks_free_but_is_promised_is_still_waited_for_within_the_deadline() -> None:
    async def main() -> float:
        lock = asyncio.Lock()
        await lock.acquire()

        async def queued_login() -> None:
            await lock.acquire()
            await asyncio.sleep(1.0)  # a long login holding the lock
            lock.release()

        task = asyncio.create_task(queued_login())
        await asyncio.sleep(0)
        lock.release()  # now promised to queued_login, yet lock.locked() is False
        start = time.monotonic()
        with call_deadline(0.1), pytest.raises(DeadlineExceeded, match="another call's login"):
            await _acquire_within_deadline(lock)
        elapsed = time.monotonic() - start
        await task
        return elapsed

    assert asyncio.run(main()) < 0.5


@pytest.mark.parametrize("deadline", [float("inf"), float("nan"), 0, -1])
def test_a_deadline_must_be_finite_and_positive(deadline: float) -> None:
    with pytest.raises(ConfigurationError, match=r"retry\.deadline"):
        RetryPolicy(deadline=deadline)


def test_a_huge_deadline_is_fine(make_client: Any) -> None:
    client = make_client(retry=RetryPolicy(deadline=1e12))  # beyond threading.TIMEOUT_MAX
    client.get_payment_order("2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10")


def test_a_passed_deadline_is_reported_as_the_deadline_not_as_a_slow_server() -> None:
    def slow_login(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        body = {"access_token": "t", "token_type": "Bearer", "expires_in": 3600, "scope": "*", "id_token": "i"}
        return httpx.Response(200, json=body)

    client = Client(
        client_id="c",
        secret="s" * 20,
        base_url="https://api.test",
        transport=httpx.MockTransport(slow_login),
        retry=RetryPolicy(deadline=0.2),
    )
    with pytest.raises(TimeoutException, match=r"deadline passed .*RetryPolicy.deadline 0.2 s"):
        client.get_payment_order("2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10")


@pytest.mark.parametrize(
    ("field", "value"),
    [("transactions", [{}]), ("transactions", [1]), ("resolved_at", "not a date"), ("resolved_at", 5)],
)
def test_a_malformed_nullable_field_is_named(field: str, value: object) -> None:
    order = schema_example("PaymentOrderRetrieval")
    order[field] = value
    with pytest.raises(TypeError, match=f"^{field}: .* matches none of"):
        PaymentOrderRetrieval.from_dict(json.loads(json.dumps(order)))
