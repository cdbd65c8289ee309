"""The gate in front of the SDK's own connection pool: at most ``max_connections`` requests are
inside httpcore's pool at a time (the rest wait in the SDK, whose wait costs nothing per queued
request, where httpcore's queue rescans every request against every connection on each event);
the wait counts against the pool timeout; a slot is given back whatever the attempt's outcome."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx
import pytest

from webpos_sdk import NO_RETRY, AsyncClient, Client, DictCache, RetryPolicy
from webpos_sdk._retry import AsyncRetryTransport, RetryTransport

URL = "http://127.0.0.1:9/payment-order/x"


class Counting(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers 200 after ``delay``, recording how many requests were inside at once."""

    def __init__(self, delay: float = 0.01, fail: type[Exception] | None = None) -> None:
        self.delay, self.fail = delay, fail
        self.inside = self.most = self.seen = 0
        self.lock = threading.Lock()

    def _enter(self) -> None:
        with self.lock:
            self.inside += 1
            self.seen += 1
            self.most = max(self.most, self.inside)

    def _leave(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.inside -= 1
        if self.fail is not None:
            raise self.fail("scripted", request=request)  # type: ignore[call-arg]
        return httpx.Response(200, stream=httpx.ByteStream(b"{}"))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._enter()
        time.sleep(self.delay)
        return self._leave(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._enter()
        await asyncio.sleep(self.delay)
        return self._leave(request)


def _request(pool: float | None = 5.0) -> httpx.Request:
    return httpx.Request("GET", URL, extensions={"timeout": {"connect": 5, "read": 5, "write": 5, "pool": pool}})


def test_async_requests_beyond_the_gate_wait_in_the_sdk() -> None:
    inner = Counting()
    transport = AsyncRetryTransport(inner, RetryPolicy(), gate=3)

    async def run() -> list[int]:
        answers = await asyncio.gather(*(transport.handle_async_request(_request()) for _ in range(40)))
        return [a.status_code for a in answers]

    assert asyncio.run(run()) == [200] * 40
    assert inner.most == 3
    assert inner.seen == 40


def test_sync_requests_beyond_the_gate_wait_in_the_sdk() -> None:
    inner = Counting()
    transport = RetryTransport(inner, RetryPolicy(), gate=2)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(transport.handle_request(_request()).status_code))
        for _ in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 12
    assert inner.most == 2


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_wait_for_the_gate_is_the_pool_timeout(kind: str) -> None:
    inner = Counting(delay=0.5)
    if kind == "sync":
        sync = RetryTransport(inner, NO_RETRY, gate=1)
        holder = threading.Thread(target=lambda: sync.handle_request(_request()))
        holder.start()
        time.sleep(0.1)
        with pytest.raises(httpx.PoolTimeout, match="no connection of the pool was free in time"):
            sync.handle_request(_request(pool=0.05))
        holder.join()
        assert sync.handle_request(_request(pool=0.05)).status_code == 200  # free again
    else:
        transport = AsyncRetryTransport(inner, NO_RETRY, gate=1)

        async def run() -> None:
            holder = asyncio.ensure_future(transport.handle_async_request(_request()))
            await asyncio.sleep(0.1)
            with pytest.raises(httpx.PoolTimeout, match="no connection of the pool was free in time"):
                await transport.handle_async_request(_request(pool=0.05))
            await holder
            assert (await transport.handle_async_request(_request(pool=0.05))).status_code == 200

        asyncio.run(run())
    assert inner.seen == 2  # the timed-out request never reached the pool


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_failed_or_cancelled_attempt_gives_its_slot_back(kind: str) -> None:
    failing = Counting(delay=0.0, fail=httpx.ReadError)
    if kind == "sync":
        sync = RetryTransport(failing, RetryPolicy(max_attempts=3), gate=1, sleep=lambda _s: None)
        for _ in range(3):
            with pytest.raises(httpx.ReadError):
                sync.handle_request(_request(pool=0.05))
        assert failing.seen == 9  # three calls of three attempts, none stuck at the gate
        return
    transport = AsyncRetryTransport(failing, RetryPolicy(max_attempts=3), gate=1, sleep=lambda _s: None)
    slow = AsyncRetryTransport(Counting(delay=5.0), NO_RETRY, gate=1)

    async def run() -> None:
        for _ in range(3):
            with pytest.raises(httpx.ReadError):
                await transport.handle_async_request(_request(pool=0.05))
        task = asyncio.ensure_future(slow.handle_async_request(_request()))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        slow._inner.delay = 0.0  # type: ignore[attr-defined]
        assert (await slow.handle_async_request(_request(pool=0.05))).status_code == 200

    asyncio.run(run())
    assert failing.seen == 9


def test_the_gate_is_the_size_of_the_sdks_own_pool_only() -> None:
    def gate_of(client: Any) -> int | None:
        size: int | None = client._http._transport._gate_size
        return size

    own = Client(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache(), max_connections=7)
    assert gate_of(own) == 7
    own.close()
    assert gate_of(AsyncClient(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache())) == 100
    with httpx.Client() as http:
        theirs = Client(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache(), http_client=http)
        assert gate_of(theirs) is None  # their pool's size is theirs
