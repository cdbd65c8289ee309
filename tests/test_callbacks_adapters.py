"""The router, de-duplication and the Django / Flask / Starlette adapters, each through the
framework's own test client and the raw body."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests._support import load_spec
from webpos_sdk.callbacks import (
    CallbackDeduplicator,
    CallbackRouter,
    PaymentCompletedCallback,
    parse_event,
    sign,
)
from webpos_sdk.callbacks.django import callback_view

SECRET = "sk_adapter_secret"


def completed_body() -> bytes:
    examples = load_spec()["components"]["examples"]
    # Non-ASCII and a key order a re-serializer would not keep: only the raw bytes verify.
    payload = dict(examples["PaymentCompleted"]["value"])
    payload["object"] = dict(payload["object"], details="caffè ☕")
    payload["created_at"] = datetime.now(UTC).isoformat()  # within the router's max_age
    return json.dumps(payload, ensure_ascii=False, indent=1).encode()


@pytest.fixture
def received() -> list[PaymentCompletedCallback]:
    return []


@pytest.fixture
def router(received: list[PaymentCompletedCallback]) -> CallbackRouter:
    router = CallbackRouter(SECRET, dedupe=CallbackDeduplicator(prefix=f"test-{id(received)}"))

    @router.on("payment.completed")
    def ship(event: PaymentCompletedCallback) -> None:
        received.append(event)

    return router


def test_router_statuses(router: CallbackRouter, received: list[PaymentCompletedCallback]) -> None:
    body = completed_body()
    assert router.handle({"chainside-signature": "bm9wZQ=="}, body)[0] == 400
    assert received == []
    assert router.handle({"chainside-signature": sign(body, SECRET)}, body) == (200, "ok")
    assert router.handle({"chainside-signature": sign(body, SECRET)}, body) == (200, "duplicate")
    assert len(received) == 1
    unknown = json.dumps({**json.loads(body), "event": "payment.refunded"}).encode()
    assert router.handle({"chainside-signature": sign(unknown, SECRET)}, unknown) == (200, "ignored: unknown event")


def test_failing_handler_lets_the_retry_through() -> None:
    body = completed_body()
    router = CallbackRouter(SECRET, dedupe=CallbackDeduplicator(prefix="failing"))
    calls: list[int] = []

    @router.on("payment.completed")
    def flaky(event: PaymentCompletedCallback) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        router.handle({"chainside-signature": sign(body, SECRET)}, body)
    assert router.handle({"chainside-signature": sign(body, SECRET)}, body) == (200, "ok")
    assert len(calls) == 2


def test_router_rejects_unknown_registrations() -> None:
    with pytest.raises(ValueError, match="unknown event"):
        CallbackRouter(SECRET).on("payment.refunded")


def test_dedupe_keys_on_order_event_and_time() -> None:
    dedupe = CallbackDeduplicator(prefix="keys")
    event = parse_event(completed_body())
    assert dedupe.first_delivery(event) is True
    assert dedupe.first_delivery(event) is False
    later = parse_event(completed_body().replace(b'"2026-11-23T10:15:42Z"', b'"2026-11-23T10:16:42Z"', 1))
    assert dedupe.first_delivery(later) is True
    assert dedupe.first_delivery(b"raw body") is True
    assert dedupe.first_delivery(b"raw body") is False


# ------------------------------------------------------------------------------- Django

urlpatterns: list[object] = []


@pytest.fixture
def django_client(router: CallbackRouter) -> Iterator[object]:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    urlpatterns[:] = [path("webpos/callback", callback_view(router))]
    with override_settings(
        ROOT_URLCONF=__name__,
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        ALLOWED_HOSTS=["testserver"],
    ):
        yield Client(enforce_csrf_checks=True)


def test_django_view(django_client: object, received: list[PaymentCompletedCallback]) -> None:
    from django.test import Client

    assert isinstance(django_client, Client)
    body = completed_body()
    url = "/webpos/callback"
    bad = django_client.post(url, body, content_type="application/json", headers={"Chainside-Signature": "eA=="})
    assert bad.status_code == 400
    good = django_client.post(
        url, body, content_type="application/json", headers={"Chainside-Signature": sign(body, SECRET)}
    )
    assert good.status_code == 200, good.content
    assert received[0].object.details == "caffè ☕"
    assert django_client.get(url).status_code == 405


# -------------------------------------------------------------------------------- Flask


def test_flask_blueprint(router: CallbackRouter, received: list[PaymentCompletedCallback]) -> None:
    from flask import Flask

    from webpos_sdk.callbacks.flask import callback_blueprint

    app = Flask(__name__)
    app.register_blueprint(callback_blueprint(router))
    client = app.test_client()
    body = completed_body()
    bad = client.post("/webpos/callback", data=body, headers={"Chainside-Signature": sign(b"other", SECRET)})
    assert bad.status_code == 400
    good = client.post(
        "/webpos/callback",
        data=body,
        headers={"Chainside-Signature": sign(body, SECRET), "Content-Type": "application/json"},
    )
    assert good.status_code == 200
    assert len(received) == 1


# ---------------------------------------------------------------------------- Starlette


def test_starlette_endpoint(router: CallbackRouter, received: list[PaymentCompletedCallback]) -> None:
    import asyncio

    import httpx
    from starlette.applications import Starlette
    from starlette.routing import Route

    from webpos_sdk.callbacks.asgi import callback_endpoint

    app = Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
    body = completed_body()

    async def deliver() -> tuple[int, int]:
        # httpx's ASGI transport drives the app in-process (Starlette's TestClient now wants httpx2).
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            bad = await client.post("/webpos/callback", content=body)
            good = await client.post(
                "/webpos/callback", content=body, headers={"chainside-signature": sign(body, SECRET)}
            )
            return bad.status_code, good.status_code

    assert asyncio.run(deliver()) == (400, 200)
    assert len(received) == 1


def test_asgi_runs_plain_handlers_off_the_event_loop() -> None:
    """A plain handler that waits for another request: on the loop, that request could never be
    served (the handler would time out and fail); in a worker thread both complete."""
    import asyncio
    import threading

    import httpx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from webpos_sdk.callbacks.asgi import callback_endpoint

    gate = threading.Event()
    router = CallbackRouter(SECRET)
    threads: list[str] = []

    @router.on("payment.completed")
    def slow(event: PaymentCompletedCallback) -> None:
        threads.append(threading.current_thread().name)
        if not gate.wait(5):
            raise AssertionError("the other request was never served: the event loop was blocked")

    async def ping(request: Request) -> PlainTextResponse:
        gate.set()
        return PlainTextResponse("pong")

    app = Starlette(
        routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"]), Route("/ping", ping)]
    )
    body = completed_body()

    async def deliver() -> tuple[int, str]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
            headers = {"chainside-signature": sign(body, SECRET)}
            callback = asyncio.create_task(client.post("/webpos/callback", content=body, headers=headers))
            while not threads:
                await asyncio.sleep(0.01)
            pong = await client.get("/ping")
            return (await callback).status_code, pong.text

    assert asyncio.run(deliver()) == (200, "pong")
    assert threads != ["MainThread"]


# ------------------------------------------------------------- de-duplication backends


def _dedupe_backends(redis_server: Any, django_caches: Any) -> dict[str, CallbackDeduplicator]:
    unique = uuid.uuid4().hex
    return {
        "dict": CallbackDeduplicator(prefix=unique),
        "redis": CallbackDeduplicator({"driver": "redis", "options": {"client": redis_server.client()}}, prefix=unique),
        "django-locmem": CallbackDeduplicator({"driver": "django", "options": {"alias": "default"}}, prefix=unique),
        "django-redis": CallbackDeduplicator({"driver": "django", "options": {"alias": "redis"}}, prefix=unique),
    }


def test_dedupe_on_every_backend(redis_server: Any, django_caches: Any) -> None:
    event = parse_event(completed_body())
    for name, dedupe in _dedupe_backends(redis_server, django_caches).items():
        assert dedupe.first_delivery(event) is True, name
        assert dedupe.first_delivery(event) is False, name
        dedupe.forget(event)
        assert dedupe.first_delivery(event) is True, name


def test_dedupe_on_redis_is_atomic_across_threads(redis_server: Any) -> None:
    """Sixteen concurrent deliveries of one callback: exactly one is first (SET NX)."""
    event = parse_event(completed_body())
    dedupe = CallbackDeduplicator(
        {"driver": "redis", "options": {"client": redis_server.client()}}, prefix=uuid.uuid4().hex
    )
    barrier = threading.Barrier(16)
    results: list[bool] = []

    def deliver() -> None:
        barrier.wait()
        results.append(dedupe.first_delivery(event))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 15 + [True]
    key = dedupe.key(event)
    ttl = redis_server.client().pttl(key)
    assert 0 < ttl <= 7 * 24 * 3600 * 1000
