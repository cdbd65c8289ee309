"""A merchant's real Django project (tests/django_project: the standard middleware stack with
``LoginRequiredMiddleware`` and CSRF, Redis as the cache, the SDK configured from
``settings.WEBPOS``), served by Django's own runserver (WSGI) and by uvicorn (ASGI), receiving
callbacks the sandbox signs and delivers over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import RedisServer, free_port

from tests._support import settle
from webpos_sdk import Client, DictCache
from webpos_sdk.callbacks import sign
from webpos_sdk.sandbox import SandboxConfig, serve

PROJECT = Path(__file__).parent / "django_project"
CLIENT_ID, SECRET = "shop-client", "shop-secret"
ORDER_UUID = "0c4e4f45-7bba-4b4a-9c5c-0d8e6f3e2b11"


def _signed_completed(order_uuid: str = ORDER_UUID) -> tuple[bytes, dict[str, str]]:
    import yaml

    spec = yaml.safe_load((PROJECT.parents[1] / "openapi" / "webpos.yaml").read_text(encoding="utf-8"))
    payload = spec["components"]["examples"]["PaymentCompleted"]["value"]
    payload["object"]["uuid"] = order_uuid
    payload["created_at"] = datetime.now(UTC).isoformat()
    body = json.dumps(payload).encode()
    return body, {"chainside-signature": sign(body, SECRET), "content-type": "application/json"}


class Site:
    def __init__(self, url: str, received: Path, sandbox: Any, handlers: str) -> None:
        self.url, self.received, self.sandbox, self.handlers = url, received, sandbox, handlers

    def lines(self) -> list[str]:
        return self.received.read_text(encoding="utf-8").splitlines() if self.received.exists() else []

    def wait_for(self, count: int, timeout: float = 15.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.lines()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.lines()


@pytest.fixture(params=["runserver-sync", "runserver-async", "uvicorn-sync", "uvicorn-async"])
def site(request: pytest.FixtureRequest, redis_server: RedisServer, tmp_path: Path) -> Iterator[Site]:
    server, handlers = request.param.split("-")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    redis_db = 1 + request.node.callspec.indices["site"]  # each site its own dedupe marks
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET, deliver_to=url + "/webpos/callback")) as sandbox:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "shopsite.settings",
            "PYTHONPATH": str(PROJECT),
            "SHOP_DB": str(tmp_path / "shop.sqlite3"),
            "SHOP_REDIS": f"redis://127.0.0.1:{redis_server.port}/{redis_db}",
            "SHOP_WEBPOS_CLIENT_ID": CLIENT_ID,
            "SHOP_WEBPOS_SECRET": SECRET,
            "SHOP_WEBPOS_BASE_URL": sandbox.base_url,
            "SHOP_RECEIVED": str(tmp_path / "received.txt"),
            "SHOP_HANDLERS": handlers,
        }
        if server == "runserver":
            command = [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"]
        else:
            command = [sys.executable, "-m", "uvicorn", "shopsite.asgi:application", "--port", str(port)]
        log = tmp_path / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(url + "/account", timeout=1)
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"the Django site did not start:\n{log.read_text(errors='replace')}")
                    time.sleep(0.1)
            redis_flush(redis_server, redis_db)
            yield Site(url, tmp_path / "received.txt", sandbox, handlers)
        finally:
            process.terminate()
            process.wait(timeout=10)


def redis_flush(server: RedisServer, db: int) -> None:
    import redis

    redis.Redis(port=server.port, db=db).flushdb()


def test_the_site_really_has_login_and_csrf_middleware(site: Site) -> None:
    assert httpx.get(site.url + "/account").status_code == 302  # anonymous: to the login page
    assert httpx.post(site.url + "/account").status_code == 403  # no CSRF token


def test_a_callback_is_received_under_login_required_and_csrf(site: Site) -> None:
    body, headers = _signed_completed()
    answer = httpx.post(site.url + "/webpos/callback", content=body, headers=headers)
    assert answer.status_code == 200, answer.text  # not 302 to the login page, not 403 for CSRF
    expected = [f"ship {ORDER_UUID}"] + ([f"notify {ORDER_UUID}"] if site.handlers == "async" else [])
    assert site.wait_for(len(expected)) == expected  # the plain handler used the database off the loop
    again = httpx.post(site.url + "/webpos/callback", content=body, headers=headers)
    assert (again.status_code, again.text) == (200, "duplicate")  # marked in Django's Redis cache
    assert site.lines() == expected


def test_bad_requests_are_refused_as_such(site: Site) -> None:
    body, _ = _signed_completed()
    assert httpx.get(site.url + "/webpos/callback").status_code == 405
    forged = httpx.post(site.url + "/webpos/callback", content=body, headers={"chainside-signature": "eA=="})
    assert forged.status_code == 400
    assert site.lines() == []


def test_the_sandbox_delivers_to_the_site_end_to_end(site: Site) -> None:
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=site.sandbox.base_url, cache=DictCache()) as client:
        order = client.create_payment_order(
            {"amount": "12.00", "callback_url": "https://shop.example.com/webpos/callback"}
        )
        client.payment_update(order.uuid, {"callback": "payment.completed"})
    lines = site.wait_for(1)
    assert f"ship {order.uuid}" in lines
    (delivery,) = site.sandbox.state.deliveries
    settle(lambda: delivery["status"] is not None)  # the sandbox records the answer once it has read it
    assert delivery["status"] == 200
