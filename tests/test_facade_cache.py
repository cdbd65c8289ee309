"""Token caches against the real things: the in-process dict, a real redis-server (built from
the README's options or from a client passed in; down and recovering; shared by processes)
and Django's cache framework (locmem and Redis backends)."""

from __future__ import annotations

import base64
import logging
import multiprocessing
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import redis
from conftest import (
    BASE_URL,
    FakeApi,
    LoopbackApi,
    RedisServer,
    free_port,
)
from redis.backoff import NoBackoff
from redis.retry import Retry

from webpos_sdk import Cache, DictCache, DjangoCache, RedisCache
from webpos_sdk.client import Client

ORDER_ID = "2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10"
TOKEN_KEY_PREFIX = "webpos_sdk:token:"


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def basic_user(request: httpx.Request) -> str:
    return base64.b64decode(request.headers["Authorization"].removeprefix("Basic ")).decode().split(":", 1)[0]


def bearers(api: FakeApi) -> list[str]:
    return [r.headers["Authorization"].removeprefix("Bearer ") for r in api.api_requests]


def token_keys(client: Any) -> list[str]:
    return sorted(k.decode() if isinstance(k, bytes) else k for k in client.scan_iter(match=TOKEN_KEY_PREFIX + "*"))


def sdk_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("webpos_sdk") and r.levelno >= logging.WARNING]


# --------------------------------------------------------------------------- the protocol


@pytest.fixture(params=["dict", "redis-decoded", "redis-bytes", "django-locmem", "django-redis"])
def cache(request: pytest.FixtureRequest) -> Iterator[Cache]:
    if request.param == "dict":
        yield DictCache()
        return
    if request.param.startswith("redis"):
        server: RedisServer = request.getfixturevalue("redis_server")
        client = server.client(decode_responses=request.param == "redis-decoded")
        yield RedisCache(client)
        client.close()
        return
    caches = request.getfixturevalue("django_caches")
    yield DjangoCache(caches["default" if request.param == "django-locmem" else "redis"])


def test_cache_get_set_add_delete(cache: Cache) -> None:
    key = f"test:{uuid.uuid4()}"
    assert isinstance(cache, Cache)
    assert cache.get(key) is None
    cache.set(key, "one", ttl=60)
    assert cache.get(key) == "one"
    cache.set(key, "two", ttl=60)
    assert cache.get(key) == "two"
    assert cache.add(key, "three", ttl=60) is False
    assert cache.get(key) == "two"
    cache.delete(key)
    assert cache.get(key) is None
    cache.delete(key)  # deleting a missing key is fine
    assert cache.add(key, "four", ttl=60) is True
    assert cache.get(key) == "four"
    cache.delete(key)


def test_cache_keeps_unicode_and_json(cache: Cache) -> None:
    key = f"test:{uuid.uuid4()}"
    value = '{"access_token": "t\u00f6k\u20ac", "expires_at": 1.5}'
    cache.set(key, value, ttl=60)
    assert cache.get(key) == value
    cache.delete(key)


def test_only_the_dict_cache_is_private_to_the_process(cache: Cache) -> None:
    assert cache.shared is not isinstance(cache, DictCache)


def test_sub_second_ttl_still_stores(cache: Cache) -> None:
    """A TTL under a second must not become Django's timeout=0 ("do not cache") or Redis' px=0."""
    key = f"test:{uuid.uuid4()}"
    cache.set(key, "v", ttl=0.4)
    assert cache.get(key) == "v"
    assert cache.add(key + ":b", "w", ttl=0.4) is True
    assert cache.get(key + ":b") == "w"
    cache.delete(key)
    cache.delete(key + ":b")


def test_dict_cache_ttl() -> None:
    clock = FakeClock()
    cache = DictCache(clock)
    cache.set("k", "v", ttl=10)
    clock.now += 9.9
    assert cache.get("k") == "v"
    assert cache.add("k", "w", ttl=10) is False
    clock.now += 0.1
    assert cache.get("k") is None
    assert cache.add("k", "w", ttl=10) is True
    assert cache.get("k") == "w"


@pytest.mark.parametrize("decode", [True, False])
def test_redis_cache_ttl(redis_server: RedisServer, decode: bool) -> None:
    client = redis_server.client(decode_responses=decode)
    cache = RedisCache(client)
    key = f"test:{uuid.uuid4()}"
    cache.set(key, "v", ttl=60)
    assert 59_000 < client.pttl(key) <= 60_000
    assert cache.add(key + ":lock", "owner", ttl=10) is True
    assert 9_000 < client.pttl(key + ":lock") <= 10_000
    cache.set(key + ":short", "v", ttl=0.05)
    time.sleep(0.15)
    assert cache.get(key + ":short") is None
    assert cache.add(key + ":short", "again", ttl=1) is True
    client.delete(key, key + ":lock", key + ":short")
    client.close()


def test_django_cache_ttl_on_redis(django_caches: Any, redis_server: RedisServer) -> None:
    backend = django_caches["redis"]
    cache = DjangoCache(backend)
    key = f"test:{uuid.uuid4()}"
    cache.set(key, "v", ttl=60.7)
    raw = redis_server.client(db=1)
    assert 59_000 < raw.pttl(backend.make_key(key)) <= 60_000
    assert cache.add(key + ":lock", "o", ttl=10) is True
    assert 9_000 < raw.pttl(backend.make_key(key + ":lock")) <= 10_000
    cache.delete(key)
    cache.delete(key + ":lock")
    raw.close()


def test_django_cache_by_alias(django_caches: Any) -> None:
    key = f"test:{uuid.uuid4()}"
    DjangoCache(alias="redis").set(key, "v", ttl=60)
    assert django_caches["redis"].get(key) == "v"
    assert django_caches["default"].get(key) is None
    DjangoCache().set(key, "w", ttl=60)
    assert django_caches["default"].get(key) == "w"
    django_caches["redis"].delete(key)
    django_caches["default"].delete(key)


# --------------------------------------------------------------------- Redis, end to end


def _redis_conf(client_id: str, **options: Any) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "secret": "s3cret",
        "base_url": BASE_URL,
        "cache": {"driver": "redis", "options": options},
    }


def test_redis_cache_from_readme_options_emits_no_warning(redis_server: RedisServer) -> None:
    """``RedisCache.from_options`` must not use redis-py arguments deprecated in the pinned redis-py."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = RedisCache.from_options({"hostname": "127.0.0.1", "port": redis_server.port})
    assert [str(w.message) for w in caught] == []
    cache.redis.close()


@pytest.mark.parametrize("decode_responses", [True, False])
def test_redis_from_readme_options_shares_one_login(
    redis_server: RedisServer, api: FakeApi, client_id: str, decode_responses: bool
) -> None:
    options = {
        "hostname": "127.0.0.1",
        "port": redis_server.port,
        "password": None,
        "decode_responses": decode_responses,
    }
    raw = redis_server.client(decode_responses=True)
    before = set(token_keys(raw))
    with Client(_redis_conf(client_id, **options), transport=api.transport()) as first:
        first.get_callbacks(ORDER_ID)
    (key,) = set(token_keys(raw)) - before
    assert client_id not in key  # the key is a hash: no credentials in key listings
    assert '"access_token": "tok-1"' in raw.get(key)
    assert 3_560_000 < raw.pttl(key) <= 3_570_000  # expires_in 3600 minus the 30 s skew
    # a second client (its own Redis connection, as in another process) reuses the token
    with Client(_redis_conf(client_id, **options), transport=api.transport()) as second:
        second.get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert bearers(api) == ["tok-1", "tok-1"]
    raw.delete(key)
    raw.close()


def test_redis_with_a_password(start_redis: Callable[..., RedisServer], api: FakeApi, client_id: str) -> None:
    server = start_redis(None, "--requirepass", "redis-pw")
    options = {"hostname": "127.0.0.1", "port": server.port, "password": "redis-pw", "decode_responses": True}
    for _ in range(2):
        with Client(_redis_conf(client_id, **options), transport=api.transport()) as client:
            client.get_callbacks(ORDER_ID)
    assert api.logins == 1
    raw = server.client()
    assert len(token_keys(raw)) == 1
    raw.close()


@pytest.mark.parametrize("decode_responses", [True, False])
def test_redis_client_passed_in(
    redis_server: RedisServer, api: FakeApi, client_id: str, decode_responses: bool
) -> None:
    given = redis_server.client(decode_responses=decode_responses, db=2)
    before = set(token_keys(given))
    for _ in range(2):
        with Client(_redis_conf(client_id, client=given), transport=api.transport()) as client:
            client.get_callbacks(ORDER_ID)
    assert api.logins == 1
    keys = sorted(set(token_keys(given)) - before)
    assert len(keys) == 1
    stored = given.get(keys[0])
    assert "tok-1" in (stored.decode() if isinstance(stored, bytes) else stored)
    default_db = redis_server.client(db=0)
    assert keys[0] not in token_keys(default_db)  # the SDK used the client it was given (db 2)
    default_db.close()
    given.delete(*keys)
    given.close()


def test_redis_cache_object_passed_in(redis_server: RedisServer, api: FakeApi, client_id: str) -> None:
    cache = RedisCache(redis_server.client(db=3))
    cache.redis.flushdb()  # db 3 belongs to this test
    first = Client(client_id=client_id, secret="s", base_url=BASE_URL, cache=cache, transport=api.transport())
    second = Client(client_id=client_id, secret="s", base_url=BASE_URL, cache=cache, transport=api.transport())
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert len(token_keys(cache.redis)) == 1
    cache.redis.flushdb()
    cache.redis.close()
    first.close()
    second.close()


def test_clients_with_different_credentials_sharing_redis_use_their_own_tokens(
    redis_server: RedisServer,
) -> None:
    """Defect 3 of the previous SDK, across one Redis: each client id gets its own token."""
    api = FakeApi(tokens=lambda n, request: f"tok-{n}-for-{basic_user(request)}")
    alice, bob = f"alice-{uuid.uuid4()}", f"bob-{uuid.uuid4()}"

    def make(who: str) -> Client:
        cache = RedisCache(redis_server.client())  # one connection each, as in separate processes
        return Client(client_id=who, secret="pw-" + who, base_url=BASE_URL, cache=cache, transport=api.transport())

    clients = {alice: make(alice), bob: make(bob)}
    for _ in range(3):
        for who, client in clients.items():
            client.get_callbacks(ORDER_ID)
            sent = api.requests[-1].headers["Authorization"]
            assert sent.startswith("Bearer tok-")
            assert sent.endswith(f"-for-{who}")
    assert api.logins == 2
    # another client of alice's (another Redis connection) reuses alice's token, never bob's
    with make(alice) as again:
        again.get_callbacks(ORDER_ID)
    assert api.requests[-1].headers["Authorization"].endswith(f"-for-{alice}")
    assert api.logins == 2
    for client in clients.values():
        client.close()


def test_an_expired_token_is_replaced_in_redis_for_every_client(redis_server: RedisServer, client_id: str) -> None:
    api = FakeApi()
    api.answer = lambda r: (
        httpx.Response(401, json={"error_code": "1004", "message": "expired", "request_id": "r"})
        if r.headers["Authorization"] == "Bearer tok-1"
        else None
    )
    first = Client(
        client_id=client_id,
        secret="s",
        base_url=BASE_URL,
        cache=RedisCache(redis_server.client()),
        transport=api.transport(),
    )
    second = Client(
        client_id=client_id,
        secret="s",
        base_url=BASE_URL,
        cache=RedisCache(redis_server.client()),
        transport=api.transport(),
    )
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-2", "tok-2"]
    first.close()
    second.close()


# ------------------------------------------------------------------------- Redis down


def test_redis_down_calls_keep_working_and_warn_once(
    api: FakeApi, client_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    """README options pointing at a closed port: the SDK falls back to memory, quickly."""
    conf = _redis_conf(client_id, hostname="127.0.0.1", port=free_port())
    durations = []
    with caplog.at_level(logging.DEBUG), Client(conf, transport=api.transport()) as client:
        for _ in range(5):
            started = time.monotonic()
            client.get_callbacks(ORDER_ID)
            durations.append(time.monotonic() - started)
    assert api.logins == 1
    assert len(api.api_requests) == 5
    records = sdk_warnings(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert "unreachable" in records[0].getMessage()
    # the SDK sets a 0.5 s socket timeout: an unreachable Redis must not stall calls for longer
    assert max(durations) < 1.5, durations


def test_redis_hung_calls_keep_working(
    api: FakeApi, client_id: str, caplog: pytest.LogCaptureFixture, silent_server: tuple[str, int]
) -> None:
    """A Redis that accepts connections and never answers: bounded by the 0.5 s socket timeout."""
    host, port = silent_server
    conf = _redis_conf(client_id, hostname=host, port=port)
    with caplog.at_level(logging.DEBUG), Client(conf, transport=api.transport()) as client:
        started = time.monotonic()
        client.get_callbacks(ORDER_ID)
        elapsed = time.monotonic() - started
        client.get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert len(sdk_warnings(caplog)) == 1
    assert elapsed < 2.0, elapsed


def test_redis_down_then_back(
    api: FakeApi, client_id: str, caplog: pytest.LogCaptureFixture, start_redis: Callable[..., RedisServer]
) -> None:
    port = free_port()
    down = redis.Redis(host="127.0.0.1", port=port, socket_timeout=0.5, retry=Retry(NoBackoff(), 0))
    cache = RedisCache(down, retry_after=0.0)
    with caplog.at_level(logging.DEBUG):
        with Client(client_id=client_id, secret="s", base_url=BASE_URL, cache=cache, transport=api.transport()) as c:
            for _ in range(3):
                c.get_callbacks(ORDER_ID)
        assert api.logins == 1
        assert len(sdk_warnings(caplog)) == 1
        # a second client sharing the (still down) cache gets the token from the in-process fallback
        with Client(client_id=client_id, secret="s", base_url=BASE_URL, cache=cache, transport=api.transport()) as c:
            c.get_callbacks(ORDER_ID)
        assert api.logins == 1
        assert len(sdk_warnings(caplog)) == 1

        server = start_redis(port)
        with Client(client_id=client_id, secret="s", base_url=BASE_URL, cache=cache, transport=api.transport()) as c:
            c.get_callbacks(ORDER_ID)
            c.get_callbacks(ORDER_ID)
    messages = [r.getMessage() for r in sdk_warnings(caplog)]
    assert len(messages) == 2, messages
    assert "reachable again" in messages[1]
    # Redis is used again: the token is there for other processes
    raw = server.client(decode_responses=True)
    keys = token_keys(raw)
    assert len(keys) == 1
    assert f'"access_token": "tok-{api.logins}"' in raw.get(keys[0])
    with Client(
        client_id=client_id, secret="s", base_url=BASE_URL, cache=RedisCache(server.client()), transport=api.transport()
    ) as other:
        logins = api.logins
        other.get_callbacks(ORDER_ID)
    assert api.logins == logins


# ---------------------------------------------------------------- processes sharing Redis


def _worker(base_url: str, client_id: str, redis_port: int, barrier: Any, calls: int) -> None:
    """Runs in a spawned process: ``calls`` API calls through a Redis-cached client."""
    conf = {
        "client_id": client_id,
        "secret": "s3cret",
        "base_url": base_url,
        "cache": {"driver": "redis", "options": {"hostname": "127.0.0.1", "port": redis_port}},
    }
    with Client(conf) as client:
        barrier.wait(timeout=60)
        for _ in range(calls):
            order = client.get_payment_order(ORDER_ID)
            assert str(order.uuid) == ORDER_ID


def test_four_processes_share_one_login_through_redis(redis_server: RedisServer, client_id: str) -> None:
    server = LoopbackApi(login_delay=0.3)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    processes = [
        context.Process(target=_worker, args=(server.url, client_id, redis_server.port, barrier, 5)) for _ in range(4)
    ]
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=90)
        assert [p.exitcode for p in processes] == [0, 0, 0, 0]
        assert server.logins == 1
        assert len(server.bearers) == 20
        assert set(server.bearers) == set(server.issued)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
        server.close()


# ---------------------------------------------------------------------------- Django


@pytest.mark.parametrize("alias", ["default", "redis"])
def test_django_driver_shares_one_login(
    django_caches: Any, redis_server: RedisServer, api: FakeApi, client_id: str, alias: str
) -> None:
    options = {} if alias == "default" else {"alias": alias}
    conf = {
        "client_id": client_id,
        "secret": "s",
        "base_url": BASE_URL,
        "cache_conf": {"driver": "django", "options": options},
    }
    with Client(conf, transport=api.transport()) as first, Client(conf, transport=api.transport()) as second:
        first.get_callbacks(ORDER_ID)
        second.get_callbacks(ORDER_ID)
        first.get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert bearers(api) == ["tok-1"] * 3
    if alias == "redis":  # the token is in Redis (db 1, as configured in conftest), under Django's key prefix
        raw = redis_server.client(db=1)
        assert any(raw.scan_iter(match="*" + TOKEN_KEY_PREFIX + "*"))
        raw.close()
