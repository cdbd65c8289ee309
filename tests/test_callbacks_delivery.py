"""A callback is never lost: at-least-once handling under crashes, repeats, async handlers, a
store that is down, replays and oversized bodies.

Crashes are real: a forked worker is SIGKILLed in the middle of its handler, with a real
redis-server as the store every worker shares.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from conftest import RedisServer

from tests._support import load_spec
from webpos_sdk.callbacks import (
    CallbackDeduplicator,
    CallbackRouter,
    Claim,
    Event,
    sign,
)

SECRET = "sk_delivery_secret"


def body_of(created_at: datetime | None = None, order: str | None = None) -> bytes:
    payload = dict(load_spec()["components"]["examples"]["PaymentCompleted"]["value"])
    payload["object"] = dict(payload["object"], uuid=order or str(uuid.uuid4()))
    payload["created_at"] = (created_at or datetime.now(UTC)).isoformat()
    return json.dumps(payload).encode()


def deliver(router: CallbackRouter, body: bytes) -> tuple[int, str]:
    return router.handle({"chainside-signature": sign(body, SECRET)}, body)


def redis_dedupe(server: RedisServer, **kwargs: Any) -> CallbackDeduplicator:
    options = {"hostname": server.host, "port": server.port, "socket_timeout": 0.3}
    return CallbackDeduplicator({"driver": "redis", "options": options}, prefix=uuid.uuid4().hex, **kwargs)


# ------------------------------------------------------------------ crashes mid-handler


@pytest.mark.parametrize("stop", [SystemExit(3), KeyboardInterrupt()], ids=["SystemExit", "KeyboardInterrupt"])
def test_a_worker_stopped_mid_handler_leaves_nothing_that_blocks_the_redelivery(
    redis_server: RedisServer, stop: BaseException
) -> None:
    router = CallbackRouter(SECRET, dedupe=redis_dedupe(redis_server))
    handled: list[Event] = []
    crash = [True]

    @router.on("payment.completed")
    def ship(event: Event) -> None:
        if crash[0]:
            crash[0] = False
            raise stop
        handled.append(event)

    body = body_of()
    with pytest.raises(type(stop)):
        deliver(router, body)
    assert deliver(router, body) == (200, "ok")  # before the fix: (200, "duplicate"), never shipped
    assert len(handled) == 1
    assert deliver(router, body) == (200, "duplicate")


def test_a_worker_killed_mid_handler_blocks_the_redelivery_only_for_the_lease(redis_server: RedisServer) -> None:
    """A real SIGKILL of a forked worker: its claim stays, answered 503 (the server retries)
    until the lease expires; then the redelivery is handled."""
    lease = 1.0
    prefix = uuid.uuid4().hex
    options = {"hostname": redis_server.host, "port": redis_server.port, "socket_timeout": 0.3}
    body = body_of()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker that dies: never returns into pytest
        try:
            router = CallbackRouter(
                SECRET, dedupe=CallbackDeduplicator({"driver": "redis", "options": options}, prefix=prefix, lease=lease)
            )

            @router.on("payment.completed")
            def slow(event: Event) -> None:
                os.write(write_end, b"started")
                time.sleep(60)

            deliver(router, body)
        finally:
            os._exit(0)
    os.close(write_end)
    assert os.read(read_end, 16) == b"started"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_end)

    handled: list[Event] = []
    dedupe = CallbackDeduplicator({"driver": "redis", "options": options}, prefix=prefix, lease=lease)
    router = CallbackRouter(SECRET, dedupe=dedupe)
    router.on("payment.completed")(handled.append)
    status, _ = deliver(router, body)
    assert status == 503  # the dead worker's claim: not "duplicate", and not handled twice meanwhile
    time.sleep(lease + 0.2)
    assert deliver(router, body) == (200, "ok")
    assert len(handled) == 1


def test_a_repeat_during_the_first_delivery_is_told_to_come_back(redis_server: RedisServer) -> None:
    router = CallbackRouter(SECRET, dedupe=redis_dedupe(redis_server))
    inside, release = threading.Event(), threading.Event()
    handled: list[Event] = []

    @router.on("payment.completed")
    def ship(event: Event) -> None:
        inside.set()
        release.wait(10)
        handled.append(event)

    body = body_of()
    first: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: first.append(deliver(router, body)))
    worker.start()
    assert inside.wait(10)
    assert handled == []
    repeat = deliver(router, body)
    release.set()
    worker.join(10)
    assert repeat[0] == 503  # not 200: the first may still fail, and then nobody would handle it
    assert first == [(200, "ok")]
    assert len(handled) == 1


def test_acknowledged_only_after_the_handlers_finished() -> None:
    dedupe = CallbackDeduplicator(prefix=uuid.uuid4().hex)
    router = CallbackRouter(SECRET, dedupe=dedupe)
    seen: list[Claim] = []
    body = body_of()

    @router.on("payment.completed")
    def look(event: Event) -> None:
        seen.append(dedupe.claim(event)[0])  # while handling: claimed, not yet done

    assert deliver(router, body) == (200, "ok")
    assert seen == [Claim.BUSY]
    assert dedupe.claim(router_event(body))[0] is Claim.DONE


def router_event(body: bytes) -> Event:
    from webpos_sdk.callbacks import parse_event

    return parse_event(body)


# ------------------------------------------------------------------------ store down


def test_an_unreachable_store_answers_503_and_runs_no_handler(start_redis: Any) -> None:
    server = start_redis()
    router = CallbackRouter(SECRET, dedupe=redis_dedupe(server))
    handled: list[Event] = []
    router.on("payment.completed")(handled.append)
    assert deliver(router, body_of()) == (200, "ok")
    server.stop()
    body = body_of()
    status, text = deliver(router, body)
    assert (status, handled[1:]) == (503, []), text  # before: 200 from an in-process memory
    assert "store unavailable" in text


def test_the_django_store_down_answers_503() -> None:
    from webpos_sdk._cache import DjangoCache

    class Down:
        def add(self, *args: Any, **kwargs: Any) -> bool:
            import redis

            raise redis.exceptions.ConnectionError("connection refused")

    router = CallbackRouter(SECRET, dedupe=CallbackDeduplicator(DjangoCache(Down())))
    handled: list[Event] = []
    router.on("payment.completed")(handled.append)
    assert deliver(router, body_of())[0] == 503
    assert handled == []


# ----------------------------------------------------------------------- async handlers


def asgi_post(app: Any, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            signed = headers or {"chainside-signature": sign(body, SECRET)}
            return await client.post("/cb", content=body, headers=signed)

    return asyncio.run(post())


def test_async_handlers_are_awaited_by_the_asgi_adapter() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from webpos_sdk.callbacks.asgi import callback_endpoint

    router = CallbackRouter(SECRET, dedupe=CallbackDeduplicator(prefix=uuid.uuid4().hex))
    handled: list[str] = []

    @router.on("payment.completed")
    async def ship(event: Event) -> None:
        await asyncio.sleep(0)
        handled.append(str(event.object.uuid))

    app = Starlette(routes=[Route("/cb", callback_endpoint(router), methods=["POST"])])
    body = body_of(order="6b7c5cb3-0c9e-4d7e-9a5f-1b1c8d5f0c11")
    assert asgi_post(app, body).status_code == 200
    assert handled == ["6b7c5cb3-0c9e-4d7e-9a5f-1b1c8d5f0c11"]  # before: never ran, yet 200


def test_async_handlers_are_awaited_by_the_django_view() -> None:
    import django
    from django.conf import settings

    if not settings.configured:  # pragma: no cover - conftest configures it
        settings.configure()
        django.setup()
    from django.test import RequestFactory

    from webpos_sdk.callbacks.django import callback_view

    router = CallbackRouter(SECRET)
    handled: list[Event] = []

    @router.on("payment.completed")
    async def ship(event: Event) -> None:
        handled.append(event)

    view = callback_view(router)
    assert asyncio.iscoroutinefunction(view)
    body = body_of()
    request = RequestFactory().post(
        "/cb", body, content_type="application/json", headers={"Chainside-Signature": sign(body, SECRET)}
    )
    response = asyncio.run(view(request))  # type: ignore[arg-type]
    assert response.status_code == 200
    assert len(handled) == 1


def test_blocking_adapters_refuse_async_handlers_at_registration() -> None:
    from webpos_sdk.callbacks.flask import callback_blueprint

    router = CallbackRouter(SECRET)
    callback_blueprint(router)

    async def ship(event: Event) -> None: ...

    with pytest.raises(TypeError, match=r"async def handler.*blocking adapter"):
        router.on("payment.completed")(ship)

    early = CallbackRouter(SECRET)
    early.on("payment.completed")(ship)
    with pytest.raises(TypeError, match="async def handler"):
        callback_blueprint(early)
    with pytest.raises(TypeError, match="handle_async"):
        deliver(early, body_of())


# ------------------------------------------------------------------------- replays


def test_a_replay_older_than_the_window_is_rejected() -> None:
    dedupe = CallbackDeduplicator(prefix=uuid.uuid4().hex)
    router = CallbackRouter(SECRET, dedupe=dedupe)
    handled: list[Event] = []
    router.on("payment.completed")(handled.append)
    old = body_of(created_at=datetime.now(UTC) - timedelta(days=7, minutes=1))
    assert deliver(router, old) == (400, "rejected: StaleCallbackError")
    assert deliver(router, body_of(created_at=datetime.now(UTC) - timedelta(days=6))) == (200, "ok")
    assert len(handled) == 1


def test_max_age_is_configurable_and_bounded_by_the_window() -> None:
    router = CallbackRouter(SECRET, max_age=60)
    assert deliver(router, body_of(created_at=datetime.now(UTC) - timedelta(minutes=2)))[0] == 400
    assert deliver(router, body_of(created_at=datetime.now(UTC) - timedelta(seconds=30)))[0] == 200
    with pytest.raises(ValueError, match="window"):
        CallbackRouter(SECRET, dedupe=CallbackDeduplicator(ttl=3600), max_age=7200)
    assert CallbackRouter(SECRET, dedupe=CallbackDeduplicator(ttl=3600)).max_age == 3600
    unbounded = CallbackRouter(SECRET, max_age=None)
    assert deliver(unbounded, body_of(created_at=datetime(2018, 1, 1, tzinfo=UTC)))[0] == 200


# ---------------------------------------------------------------------- big bodies


class Counting(CallbackRouter):
    calls = 0

    def handle(self, headers: object, raw_body: object) -> tuple[int, str]:
        Counting.calls += 1
        return super().handle(headers, raw_body)

    async def handle_async(self, headers: object, raw_body: object) -> tuple[int, str]:
        Counting.calls += 1
        return await super().handle_async(headers, raw_body)


BIG = b"{" + b" " * (3 * 1024 * 1024) + b"}"


def test_the_asgi_adapter_refuses_a_big_body_before_reading_it() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from webpos_sdk.callbacks.asgi import callback_endpoint

    Counting.calls = 0
    router = Counting(SECRET)
    app = Starlette(routes=[Route("/cb", callback_endpoint(router), methods=["POST"])])
    assert asgi_post(app, BIG).status_code == 413

    async def chunked() -> httpx.Response:  # no Content-Length: refused while streaming
        async def parts() -> Any:
            for _ in range(4):
                yield b" " * (1024 * 1024)

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            return await client.post("/cb", content=parts())

    assert asyncio.run(chunked()).status_code == 413
    small = callback_endpoint(router, max_body=100)
    app = Starlette(routes=[Route("/cb", small, methods=["POST"])])
    assert asgi_post(app, body_of()).status_code == 413
    assert Counting.calls == 0


def test_the_flask_and_django_adapters_refuse_a_big_body() -> None:
    from django.test import RequestFactory
    from flask import Flask

    from webpos_sdk.callbacks.django import callback_view
    from webpos_sdk.callbacks.flask import callback_blueprint

    Counting.calls = 0
    app = Flask(__name__)
    app.register_blueprint(callback_blueprint(Counting(SECRET)))
    assert app.test_client().post("/webpos/callback", data=BIG).status_code == 413
    view = callback_view(Counting(SECRET))
    request = RequestFactory().post("/cb", BIG, content_type="application/json")
    assert view(request).status_code == 413  # type: ignore[union-attr]
    assert Counting.calls == 0
