"""The facade against the sandbox's open-choices mode: every answer and callback varies where the
docs leave it open (2xx status, Content-Type parameters, key order, optional keys, ``""``/``{}``
for null, ``expires_in`` as text), and the SDK must read the same values as from the defaults.

Sync and async clients run the whole lifecycle over loopback against several seeds; the receivers
are a plain ``http.server`` (sync) and our ASGI endpoint under uvicorn (async). The last tests
check that the mode really varied each of those choices, so a silent no-op cannot pass.
"""

from __future__ import annotations

import asyncio
import datetime
import http.server
import json
import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

from webpos_sdk import AsyncClient, Client
from webpos_sdk.callbacks import CallbackRouter, Event, PaymentCompletedCallback
from webpos_sdk.callbacks.asgi import callback_endpoint
from webpos_sdk.exceptions import InvalidCallbackException, NotFoundException
from webpos_sdk.objects import PaymentOrderRetrieval, PaymentOrderState
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve
from webpos_sdk.sandbox._vary import OpenChoices, shape

CLIENT_ID = "vary-client"
SECRET = "vary-secret"
SEEDS = range(1, 9)
SEEN: Counter[str] = Counter()  # every variation drawn by the lifecycle tests of this module


def _router(events: queue.Queue[Event]) -> CallbackRouter:
    router = CallbackRouter(SECRET)
    for name in ("payment.completed", "payment.cancelled"):
        router.on(name)(events.put)
    return router


class _SyncReceiver(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        self.router = _router(self.events)
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/callback"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _SyncReceiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        status, text = self.server.router.handle(self.headers, body)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def sync_receiver() -> Iterator[_SyncReceiver]:
    server = _SyncReceiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


class _AsgiReceiver:
    """Our Starlette endpoint under a real uvicorn, on loopback."""

    def __init__(self) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        app = Starlette(routes=[Route("/callback", callback_endpoint(_router(self.events)), methods=["POST"])])
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/callback"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the ASGI receiver did not start"
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def asgi_receiver() -> Iterator[_AsgiReceiver]:
    receiver = _AsgiReceiver()
    yield receiver
    receiver.stop()


def _sandbox(seed: int, deliver_to: str) -> RunningSandbox:
    config = SandboxConfig(
        client_id=CLIENT_ID, secret=SECRET, deliver_to=deliver_to, callback_backoff=0.01, vary_seed=seed
    )
    return serve(config)


def _check_order(order: PaymentOrderRetrieval, stored: dict[str, Any]) -> None:
    """What the client read equals what the sandbox holds, whatever the answer's form was."""
    assert order.uuid == stored["uuid"]
    assert order.btc_amount == stored["btc_amount"]
    assert order.amount == stored["amount"]
    assert order.address == stored["address"]
    assert order.state.status == stored["state"]["status"]
    assert order.state.paid.crypto == stored["state"]["paid"]["crypto"]  # type: ignore[union-attr]
    assert order.resolved_at is None if stored["resolved_at"] is None else order.resolved_at is not None
    assert order.reference == stored["reference"]
    assert isinstance(order.expires_in, int)
    assert order.expires_in <= 900
    assert isinstance(order.created_at, datetime.datetime)
    assert order.rate.value == stored["rate"]["value"]


def _all_acknowledged(sandbox: RunningSandbox) -> None:
    """Every callback was answered 200 at its first attempt (the answer may still be on its way)."""
    deadline = time.monotonic() + 5
    while any(d["status"] is None for d in sandbox.state.deliveries) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [(d["status"], d["attempts"]) for d in sandbox.state.deliveries] == [(200, 1)] * 2


def _record(sandbox: RunningSandbox) -> None:
    assert sandbox.state.choices is not None
    SEEN.update(sandbox.state.choices.counts)


@pytest.mark.parametrize("seed", SEEDS)
def test_sync_lifecycle_reads_every_variation_alike(seed: int, sync_receiver: _SyncReceiver) -> None:
    with (
        _sandbox(seed, sync_receiver.url) as sandbox,
        Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url, cache={"driver": "dict"}) as client,
    ):
        orders = sandbox.state.orders
        created = client.create_payment_order(
            {"amount": "25.00", "reference": "inv-1", "callback_url": "https://merchant.example/cb"}
        )
        assert created.uuid in orders
        assert created.amount == orders[created.uuid]["btc_amount"]
        assert created.reference == "inv-1" or "reference" not in created  # optional: may be left out
        second = client.create_payment_order({"amount": "3.10"})
        assert second.reference is None or "reference" not in second  # null and "" read as None

        _check_order(client.get_payment_order(created.uuid), orders[created.uuid])
        listed = {str(o.uuid): o for o in client.iter_payment_orders(page_size=1)}
        assert set(listed) == set(orders)
        for key, order in listed.items():
            _check_order(order, orders[key])
        with pytest.warns(DeprecationWarning, match="get_web_pos_payments is deprecated"):
            pos = client.get_web_pos_payments("6c0a4c4e-5b1f-4a8e-9f1d-2b7f1f0a9d11")
        assert {str(o.uuid) for o in pos.paymentorders or []} == set(orders)
        names = {str(c.name) for c in client.get_callbacks(created.uuid).callbacks}
        assert "payment.completed" in names

        assert client.payment_update(created.uuid, {"callback": "payment.completed"}) is None
        event = sync_receiver.events.get(timeout=5)
        assert isinstance(event, PaymentCompletedCallback)
        assert event.object.uuid == created.uuid
        assert event.object.state.status == "paid"
        assert event.object.reference == "inv-1"
        assert event.object.cancel_url is None
        _check_order(client.get_payment_order(created.uuid), orders[created.uuid])

        reset = client.payment_reset(created.uuid)
        assert reset.state.status == "pending"
        assert reset.resolved_at is None
        deleted = client.delete_payment_order(created.uuid)
        assert deleted.cancel_url == "https://sandbox.pay.chainside.net/cancelled"
        cancelled = sync_receiver.events.get(timeout=5)
        assert str(cancelled.event) == "payment.cancelled"
        with pytest.raises(InvalidCallbackException):
            client.payment_update(created.uuid, {"callback": "payment.completed"})
        with pytest.raises(NotFoundException):
            client.get_payment_order(uuid.uuid4())
        assert sandbox.state.logins == 1
        _all_acknowledged(sandbox)
        _record(sandbox)


@pytest.mark.parametrize("seed", SEEDS)
def test_async_lifecycle_reads_every_variation_alike(seed: int, asgi_receiver: _AsgiReceiver) -> None:
    async def lifecycle(sandbox: RunningSandbox) -> None:
        orders = sandbox.state.orders
        async with AsyncClient(
            client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url, cache={"driver": "dict"}
        ) as client:
            created = await client.create_payment_order(
                {"amount": "12.00", "reference": "a-1", "callback_url": "https://merchant.example/cb"}
            )
            assert created.uuid in orders
            found = await asyncio.gather(*(client.get_payment_order(created.uuid) for _ in range(5)))
            for order in found:
                _check_order(order, orders[created.uuid])
            listed = [o async for o in client.iter_payment_orders(page_size=2)]
            assert [str(o.uuid) for o in listed] == [created.uuid]
            await client.payment_update(created.uuid, {"callback": "payment.completed"})
            event = await asyncio.to_thread(asgi_receiver.events.get, timeout=5)
            assert isinstance(event, PaymentCompletedCallback)
            assert event.object.uuid == created.uuid
            assert event.object.state.paid is not None
            assert event.object.state.paid.crypto == orders[created.uuid]["state"]["paid"]["crypto"]
            _check_order(await client.payment_reset(created.uuid), orders[created.uuid])
            assert (await client.delete_payment_order(created.uuid)).cancel_url
            with pytest.raises(NotFoundException):
                await client.get_payment_order(uuid.uuid4())

    with _sandbox(seed, asgi_receiver.url) as sandbox:
        asyncio.run(lifecycle(sandbox))
        assert str(asgi_receiver.events.get(timeout=5).event) == "payment.cancelled"
        _all_acknowledged(sandbox)
        _record(sandbox)


def test_the_lifecycles_met_every_kind_of_variation() -> None:
    """Run after the lifecycles above (pytest keeps file order): they must have seen it all."""
    if not SEEN:
        pytest.fail("run the whole module: this test checks what the lifecycle tests were sent")
    kinds = {name.split(" (")[0] for name in SEEN}
    assert {"status 200", "status 201", "status 202", "status 203"} <= kinds
    assert {"bodiless 200 {}", "bodiless 200 empty", "bodiless 202 empty", "bodiless 204 empty"} <= kinds
    assert {f"content-type {c}" for c in ("application/json; charset=utf-8", "Application/JSON")} <= kinds
    assert {"expires_in as str", "expires_in as float", "expires_in as int"} <= kinds
    assert {"keys shuffled", "null as ''"} <= kinds
    omitted = {name.removeprefix("omitted ") for name in kinds if name.startswith("omitted ")}
    assert {"PaymentOrderRetrieval.details", "PaymentOrderCreationResponse.reference", "RateRetrieval.to"} <= omitted


# ------------------------------------------------------------------ the mode itself


def test_a_seed_replays_the_same_answers() -> None:
    payload = {"uuid": "u", "reference": None, "details": None, "expires_in": 60, "state": {"status": "x"}}
    first, second = OpenChoices(7), OpenChoices(7)
    draws = []
    for choices in (first, second):
        choices.next()
        draws.append(json.dumps(choices.body(payload, PaymentOrderRetrieval)))
    assert draws[0] == draws[1]
    assert first.counts == second.counts


def test_a_null_object_may_come_as_an_empty_object_and_reads_as_null() -> None:
    state = {"status": "pending", "blockchain_status": "pending", "paid": None, "in_confirmation": None, "unpaid": None}
    for seed in range(40):
        choices = OpenChoices(seed)
        choices.next()
        varied = choices.body(state, PaymentOrderState)
        if {} in varied.values():
            parsed = PaymentOrderState.from_dict(varied)
            assert (parsed.paid, parsed.in_confirmation, parsed.unpaid) == (None, None, None)
            return
    pytest.fail("40 seeds never sent {} for a null object")


def test_what_may_be_left_out_comes_from_the_models() -> None:
    keys = shape(PaymentOrderRetrieval)
    assert {k for k, v in keys.items() if v.optional} == {"details", "callback_url", "redirect_url"}
    assert (keys["resolved_at"].nullable, keys["resolved_at"].text) == (True, True)
    assert (keys["transactions"].array, keys["transactions"].optional) == (True, False)


def test_the_fault_setting_turns_the_mode_on_at_run_time() -> None:
    with (
        serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as sandbox,
        httpx.Client(base_url=sandbox.base_url, headers={"X-Api-Version": "v1"}) as http,
    ):
        login = {"grant_type": "client_credentials", "scope": "*"}
        plain = http.post("/token", auth=(CLIENT_ID, SECRET), data=login)
        assert plain.status_code == 200
        assert "x-sandbox-variation" not in plain.headers
        assert http.post("/_sandbox/faults", json={"vary": 11}).status_code == 200
        tags = [http.post("/token", auth=(CLIENT_ID, SECRET), data=login).headers["x-sandbox-variation"] for _ in "ab"]
        assert tags == ["11:1", "11:2"]
        assert http.get("/_sandbox/stats").json()["variations"]


def test_the_cli_flag_serves_the_mode(tmp_path: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "webpos_sdk.cli", "sandbox", "--port", str(port), "--vary", "5"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/token",
                    auth=("sandbox-client", "sandbox-secret"),
                    data={"grant_type": "client_credentials", "scope": "*"},
                    headers={"X-Api-Version": "v1"},
                )
                break
            except httpx.ConnectError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the CLI sandbox did not start"
                time.sleep(0.1)
        assert answer.headers["x-sandbox-variation"] == "5:1"
        assert 200 <= answer.status_code < 300
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
