"""Token caches behave the same whatever the driver, and the asyncio client never blocks its loop.

Real backends: Django's locmem, database (SQLite), file and Redis caches; a Django Redis backend
that is down (nothing listens) or hung (accepts, never answers); a real redis-server; corrupt
values written under the token key by hand. And event loops as merchants use them: one
``asyncio.run`` per task, one loop per thread.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import pickle
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import LoopbackApi, RedisServer, login_body, order_body

from webpos_sdk import AsyncClient, Client, DictCache, RetryPolicy
from webpos_sdk._cache import DjangoCache, RedisCache

ORDER = "2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d"
BACKENDS = ["default", "db", "file", "redis"]


class Api:
    """A MockTransport WebPOS: counts logins, answers every order."""

    def __init__(self) -> None:
        self.logins = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.logins += 1
            return httpx.Response(200, json=login_body(f"tok-{self.logins}"))
        return httpx.Response(200, json=order_body(ORDER))


def make(kind: type[Client] | type[AsyncClient], api: Api, cache: Any, client_id: str, **kwargs: Any) -> Any:
    transport: Any = httpx.MockTransport(api)
    return kind(
        client_id=client_id,
        secret="s",
        base_url="https://api.caches.test",
        cache=cache,
        transport=transport,
        retry=RetryPolicy(max_attempts=1, deadline=kwargs.pop("deadline", 5.0)),
        **kwargs,
    )


@pytest.fixture
def backends(redis_server: RedisServer, django_db_cache: str) -> list[str]:
    return BACKENDS


@pytest.mark.parametrize("alias", BACKENDS)
def test_every_django_backend_shares_one_token(alias: str, backends: list[str], request: Any) -> None:
    api = Api()
    cache = {"driver": "django", "options": {"alias": alias}}
    client_id = f"{request.node.name}-{time.time_ns()}"
    first, second = make(Client, api, cache, client_id), make(Client, api, cache, client_id)
    assert str(first.get_payment_order(ORDER).uuid) == ORDER
    assert str(second.get_payment_order(ORDER).uuid) == ORDER
    assert api.logins == 1  # the second client found the token in Django's cache


@pytest.mark.parametrize("alias", BACKENDS)
def test_the_async_client_works_on_every_django_backend(alias: str, backends: list[str], request: Any) -> None:
    """Django refuses database access from a thread running an event loop
    (SynchronousOnlyOperation): the cache is used from a worker thread."""
    api = Api()
    cache = {"driver": "django", "options": {"alias": alias}}
    client_id = f"{request.node.name}-{time.time_ns()}"

    async def calls() -> list[str]:
        async with make(AsyncClient, api, cache, client_id) as client:
            return [str((await client.get_payment_order(ORDER)).uuid) for _ in range(3)]

    assert asyncio.run(calls()) == [ORDER] * 3
    assert str(make(Client, api, cache, client_id).get_payment_order(ORDER).uuid) == ORDER
    assert api.logins == 1  # the blocking client read the token the async one stored


@pytest.mark.parametrize("alias", ["redis-down", "redis-hung"])
def test_a_django_redis_backend_down_or_hung_costs_at_most_one_wait(
    alias: str, hung_redis: int, caplog: pytest.LogCaptureFixture, request: Any
) -> None:
    api = Api()
    cache = DjangoCache(alias=alias, op_timeout=0.3, retry_after=60)
    client = make(Client, api, cache, f"{request.node.name}-{time.time_ns()}", deadline=2.0)
    durations = []
    with caplog.at_level(logging.WARNING, logger="webpos_sdk"):
        for _ in range(4):
            started = time.monotonic()
            assert str(client.get_payment_order(ORDER).uuid) == ORDER  # no raw redis error
            durations.append(time.monotonic() - started)
            client.tokens._memo = None  # each call goes to the cache again
    assert durations[0] < 1.0  # the first meets the backend: one op_timeout at most, then fallback
    assert max(durations[1:]) < 0.2  # then the backend is left alone (retry_after)
    assert api.logins == 1  # the in-process fallback kept the token
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1


def test_a_hung_django_backend_never_overruns_the_deadline(hung_redis: int, request: Any) -> None:
    api = Api()
    cache = DjangoCache(alias="redis-hung", op_timeout=10.0)
    client = make(Client, api, cache, f"{request.node.name}-{time.time_ns()}", deadline=0.5)
    started = time.monotonic()
    outcome: object
    try:
        outcome = client.get_payment_order(ORDER)
    except Exception as err:  # the deadline may have passed: an SDK error, never a raw one
        outcome = err
    assert time.monotonic() - started < 1.0
    assert type(outcome).__module__.startswith(("webpos_sdk", "webpos_generated"))


CORRUPT: list[object] = [b"\xff\xfe not utf-8", "not json", '{"access_token": 1}', "[" * 5000, {"a": "pickled"}]


@pytest.mark.parametrize("alias", BACKENDS)
@pytest.mark.parametrize("value", CORRUPT, ids=["bytes", "text", "fields", "deep", "object"])
def test_a_corrupt_value_under_the_token_key_is_a_miss(
    alias: str, value: object, backends: list[str], request: Any
) -> None:
    from django.core.cache import caches

    api = Api()
    client = make(Client, api, {"driver": "django", "options": {"alias": alias}}, f"{request.node.name}")
    caches[alias].set(client.tokens.key, value, timeout=60)
    assert str(client.get_payment_order(ORDER).uuid) == ORDER
    assert api.logins == 1


@pytest.mark.parametrize("value", [b"\xff\xfe", b"not json", json.dumps({"x": 1}).encode(), pickle.dumps({1: 2})])
@pytest.mark.parametrize("decode", [True, False], ids=["decoding", "bytes"])
def test_a_corrupt_value_in_redis_is_a_miss(
    redis_server: RedisServer, value: bytes, decode: bool, request: Any
) -> None:
    api = Api()
    cache = RedisCache(redis_server.client(decode_responses=decode))
    client = make(Client, api, cache, f"{request.node.name}-{time.time_ns()}")
    redis_server.client().set(client.tokens.key, value)
    assert str(client.get_payment_order(ORDER).uuid) == ORDER
    assert api.logins == 1


# ------------------------------------------------------------------------ event loops


def _max_lag(work: Callable[[], Any]) -> tuple[float, float]:
    """Run ``work()`` (a coroutine function) with a ticker: the longest the loop was frozen, and
    how long the work took."""

    async def main() -> tuple[float, float]:
        lag = 0.0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal lag
            while not done.is_set():
                before = time.monotonic()
                await asyncio.sleep(0.01)
                lag = max(lag, time.monotonic() - before - 0.01)

        tick = asyncio.create_task(ticker())
        await asyncio.sleep(0.02)  # the ticker runs before the work starts
        started = time.monotonic()
        try:
            await work()
        finally:
            took = time.monotonic() - started
            done.set()
            await tick
        return lag, took

    return asyncio.run(main())


def test_a_hung_redis_never_freezes_the_event_loop(hung_redis: int, request: Any) -> None:
    api = Api()
    cache = {"driver": "redis", "options": {"hostname": "127.0.0.1", "port": hung_redis, "socket_timeout": 0.4}}
    client = make(AsyncClient, api, cache, f"{request.node.name}-{time.time_ns()}")

    async def call() -> None:
        assert str((await client.get_payment_order(ORDER)).uuid) == ORDER

    lag, took = _max_lag(call)
    assert took >= 0.35  # the call did wait for Redis...
    assert lag < 0.15  # ...but not on the loop (before: frozen for the whole socket timeout)


def real(api: LoopbackApi) -> AsyncClient:
    """A client of a real loopback server: its pooled connections belong to an event loop."""
    return AsyncClient(client_id="loops", secret="s", base_url=api.url, cache=DictCache())


def test_one_client_across_many_event_loops_keeps_no_closed_loop(loopback_api: LoopbackApi) -> None:
    client = real(loopback_api)
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def task() -> str:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        return str((await client.get_payment_order(ORDER)).uuid)

    assert [asyncio.run(task()) for _ in range(5)] == [ORDER] * 5  # before: "Event loop is closed"
    gc.collect()
    assert sum(ref() is not None for ref in loops) <= 1  # at most the last one, until the next use


def test_one_client_used_by_a_loop_per_thread_at_once(loopback_api: LoopbackApi) -> None:
    client = real(loopback_api)
    results: list[object] = []
    barrier = threading.Barrier(3)

    def worker() -> None:
        async def calls() -> list[str]:
            barrier.wait()
            return [str((await client.get_payment_order(ORDER)).uuid) for _ in range(20)]

        try:
            results.append(asyncio.run(calls()))
        except Exception as err:
            results.append(err)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [[ORDER] * 20] * 3
