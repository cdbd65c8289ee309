"""The sandbox emulator end to end: through the SDK against a real uvicorn server on loopback,
every answer checked against the spec, fault modes as the SDK sees them, the CLI and the demo."""

from __future__ import annotations

import http.server
import io
import json
import queue
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests._support import load_spec
from webpos_sdk import Client, ConnectionErrorException, TimeoutException
from webpos_sdk.callbacks import PaymentCompletedCallback, construct_event
from webpos_sdk.cli import main as cli
from webpos_sdk.exceptions import InvalidCallbackException, NotFoundException, UnauthorizedClientException
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve
from webpos_sdk.sandbox.demo import run as run_demo

CLIENT_ID = "test-client"
SECRET = "test-secret"
SPEC_URI = "urn:webpos-spec"


class Receiver(http.server.ThreadingHTTPServer):
    """A merchant's webhook endpoint on loopback: verifies and queues callbacks."""

    def __init__(self, fail_first: int = 0) -> None:
        self.events: queue.Queue[PaymentCompletedCallback | Exception] = queue.Queue()
        self.fail_first = fail_first
        self.hits = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/callback"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.server.hits += 1
        if self.server.hits <= self.server.fail_first:
            self.send_response(503)
        else:
            try:
                self.server.events.put(construct_event(self.headers, body, SECRET))  # type: ignore[arg-type]
                self.send_response(200)
            except Exception as err:
                self.server.events.put(err)
                self.send_response(400)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def sandbox(receiver: Receiver) -> Iterator[RunningSandbox]:
    config = SandboxConfig(client_id=CLIENT_ID, secret=SECRET, deliver_to=receiver.url, callback_backoff=0.01)
    with serve(config) as running:
        yield running


@pytest.fixture
def client(sandbox: RunningSandbox) -> Iterator[Client]:
    sleeps: list[float] = []
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=sandbox.base_url,
        cache={"driver": "dict"},
        timeout=2,
        sleep=sleeps.append,
    ) as c:
        c.sleeps = sleeps  # type: ignore[attr-defined]
        yield c


def new_order(client: Client, amount: str = "25.00") -> Any:
    return client.create_payment_order({"amount": amount, "callback_url": "https://merchant.example/callback"})


def test_full_lifecycle(client: Client, sandbox: RunningSandbox, receiver: Receiver) -> None:
    created = new_order(client)
    fetched = client.get_payment_order(str(created.uuid))
    assert fetched.uuid == created.uuid
    assert fetched.state.status == "pending"
    assert fetched.btc_amount == created.amount
    assert created.uuid in {o.uuid for o in client.iter_payment_orders()}
    assert {str(c.name) for c in client.get_callbacks(created.uuid).callbacks} >= {"payment.completed"}
    client.payment_update(created.uuid, {"callback": "payment.completed"})
    event = receiver.events.get(timeout=5)
    assert isinstance(event, PaymentCompletedCallback)
    assert event.object.uuid == created.uuid
    assert event.object.state.status == "paid"
    assert client.get_payment_order(created.uuid).state.status == "paid"
    assert client.payment_reset(created.uuid).state.status == "pending"
    assert client.delete_payment_order(created.uuid).cancel_url == "https://sandbox.pay.chainside.net/cancelled"
    assert client.get_payment_order(created.uuid).state.status == "cancelled"
    with pytest.raises(InvalidCallbackException):
        client.payment_update(created.uuid, {"callback": "payment.completed"})
    with pytest.raises(NotFoundException):
        client.get_payment_order(uuid.uuid4())
    assert sandbox.state.logins == 1


def test_a_failing_receiver_gets_the_callback_again(client: Client, sandbox: RunningSandbox) -> None:
    flaky = Receiver(fail_first=2)
    threading.Thread(target=flaky.serve_forever, daemon=True).start()
    try:
        sandbox.state.config.deliver_to = flaky.url
        order = new_order(client)
        client.payment_update(order.uuid, {"callback": "payment.expired"})
        event = flaky.events.get(timeout=5)
        assert not isinstance(event, Exception)
        assert event.event == "payment.expired"
        assert flaky.hits == 3
    finally:
        flaky.shutdown()
        flaky.server_close()


def test_pagination_iterates_three_pages(client: Client) -> None:
    made = {new_order(client, f"{n}.00").uuid for n in range(1, 8)}
    pages = [client.get_payment_orders(page=p, page_size=3, sort_by="amount", sort_order="asc") for p in range(3)]
    assert [len(p.paymentorders or []) for p in pages] == [3, 3, 1]
    assert all(p.total_pages == 3 for p in pages)
    assert [o.amount for o in pages[0].paymentorders or []] == ["1.00", "2.00", "3.00"]
    assert {o.uuid for o in client.iter_payment_orders(page_size=3)} == made


def test_expired_token_is_renewed_once(client: Client, sandbox: RunningSandbox) -> None:
    order = new_order(client)
    sandbox.state.faults.expire_tokens = 1
    assert client.get_payment_order(order.uuid).uuid == order.uuid
    assert sandbox.state.logins == 2


def test_token_lifetime_is_respected(sandbox: RunningSandbox) -> None:
    sandbox.state.config.token_lifetime = 100
    now = [1_000_000.0]
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url, cache="dict", clock=lambda: now[0]) as c:
        c.get_payment_orders()
        now[0] += 79  # refresh happens 20 s (a fifth of 100) before expiry
        c.get_payment_orders()
        assert sandbox.state.logins == 1
        now[0] += 2
        c.get_payment_orders()
        assert sandbox.state.logins == 2


def test_wrong_credentials(sandbox: RunningSandbox) -> None:
    with (
        Client(client_id=CLIENT_ID, secret="wrong", base_url=sandbox.base_url) as c,
        pytest.raises(UnauthorizedClientException),
    ):
        c.get_payment_orders()


def test_fault_5xx_then_success(client: Client, sandbox: RunningSandbox) -> None:
    order = new_order(client)
    sandbox.state.faults.status, sandbox.state.faults.status_times = 503, 2
    assert client.get_payment_order(order.uuid).uuid == order.uuid
    assert len(client.sleeps) == 2  # type: ignore[attr-defined]


def test_fault_429_retry_after_is_honoured(client: Client, sandbox: RunningSandbox) -> None:
    client.get_payment_orders()
    faults = sandbox.state.faults
    faults.status, faults.status_times, faults.retry_after = 429, 1, 1
    client.get_payment_orders()
    assert client.sleeps == [1.0]  # type: ignore[attr-defined]


def test_fault_dropped_connection_is_retried_for_get_not_for_create(client: Client, sandbox: RunningSandbox) -> None:
    order = new_order(client)
    sandbox.state.faults.drop = 1
    assert client.get_payment_order(order.uuid).uuid == order.uuid
    before = sandbox.state.creates
    sandbox.state.faults.drop = 1
    with pytest.raises(ConnectionErrorException):
        new_order(client)
    assert sandbox.state.creates == before


def test_fault_slow_answer_times_out(sandbox: RunningSandbox) -> None:
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url, timeout=0.3) as c:
        c.get_payment_orders()
        sandbox.state.faults.delay, sandbox.state.faults.delay_times = 2.0, 1
        with pytest.raises(TimeoutException):
            c.get_payment_orders()


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    return Draft202012Validator({"$ref": SPEC_URI + schema["$ref"]}, registry=registry)


def test_every_answer_follows_the_spec(sandbox: RunningSandbox) -> None:
    """Raw HTTP against the sandbox; each operation's answer validated against its response schema."""
    spec = load_spec()
    headers = {"X-Api-Version": "v1", "Accept": "application/json"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as http:
        login = http.post("/token", auth=(CLIENT_ID, SECRET), data={"grant_type": "client_credentials", "scope": "*"})
        http.headers["Authorization"] = "Bearer " + login.json()["access_token"]
        body = {"amount": "9.99", "reference": "r", "callback_url": "https://merchant.example/cb"}
        created = http.post("/payment-order", json=body)
        order = created.json()["uuid"]
        answers = {
            ("/token", "post"): login,
            ("/payment-order", "post"): created,
            ("/payment-order", "get"): http.get("/payment-order", params={"page": 0}),
            ("/payment-order/{payment_order_uuid}", "get"): http.get(f"/payment-order/{order}"),
            ("/payment-order/{payment_order_uuid}/callbacks", "get"): http.get(f"/payment-order/{order}/callbacks"),
            ("/payment-order/{payment_order_uuid}/test/", "patch"): http.patch(
                f"/payment-order/{order}/test/", json={"callback": "payment.completed"}
            ),
            ("/payment-order/{payment_order_uuid}/test/reset", "patch"): http.patch(
                f"/payment-order/{order}/test/reset"
            ),
            ("/payment-order/{payment_order_uuid}", "delete"): http.delete(f"/payment-order/{order}"),
            ("/pos/web/{pos_uuid}/payment-order", "get"): http.get(
                "/pos/web/6c0a4c4e-5b1f-4a8e-9f1d-2b7f1f0a9d11/payment-order"
            ),
        }
        errors = [
            http.get(f"/payment-order/{uuid.uuid4()}"),
            http.post("/payment-order", json={"amount": "ten"}),
            http.get("/payment-order", headers={"Authorization": "Bearer nope"}),
            http.get("/payment-order", headers={"X-Api-Version": "v0"}),
        ]
    operations = {(p, m) for p, item in spec["paths"].items() for m in item if m != "parameters"}
    assert set(answers) == operations
    for (path, method), answer in answers.items():
        responses = spec["paths"][path][method]["responses"]
        assert str(answer.status_code).startswith("2"), (path, method, answer.text)
        status = "2XX"
        assert status in responses, (path, method, answer.text)
        content = responses[status].get("content")
        if content is None:
            assert answer.content == b""
            continue
        _validator(spec, content["application/json"]["schema"]).validate(answer.json())
    for answer in errors:
        assert answer.status_code >= 400
        _validator(spec, {"$ref": "#/components/schemas/Error"}).validate(answer.json())


def test_cli_orders_trigger_and_verify(
    sandbox: RunningSandbox, receiver: Receiver, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    common = ["--base-url", sandbox.base_url, "--client-id", CLIENT_ID, "--secret", SECRET]
    assert cli(["orders", "create", "12.00", "--reference", "cli", *common]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["reference"] == "cli"
    assert cli(["orders", "get", created["uuid"], *common]) == 0
    assert json.loads(capsys.readouterr().out)["amount"] == "12.00"
    assert cli(["orders", "list", *common]) == 0
    assert json.loads(capsys.readouterr().out)["total_items"] == 1
    assert cli(["trigger", "payment.completed", created["uuid"], *common]) == 0
    assert receiver.events.get(timeout=5).object.uuid == created["uuid"]  # type: ignore[union-attr]
    assert cli(["orders", "get", str(uuid.uuid4()), *common]) == 1
    assert "NotFoundException" in capsys.readouterr().err

    body = b'{"event":"payment.completed"}'
    from webpos_sdk.callbacks import sign

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(body)))
    assert cli(["verify", "--secret", SECRET, "--signature", sign(body, "other")]) == 1
    with pytest.raises(SystemExit) as usage:
        cli(["verify"])
    assert usage.value.code == 2


def test_state_file_survives_a_restart(tmp_path: Any) -> None:
    config = SandboxConfig(client_id=CLIENT_ID, secret=SECRET, state_file=str(tmp_path / "sandbox.sqlite"))
    with serve(config) as first, Client(client_id=CLIENT_ID, secret=SECRET, base_url=first.base_url) as c:
        order = new_order(c)
        c.payment_update(order.uuid, {"callback": "payment.expired"})
    with serve(config) as second, Client(client_id=CLIENT_ID, secret=SECRET, base_url=second.base_url) as c:
        again = c.get_payment_order(order.uuid)
        assert again.state.status == "expired"
        assert new_order(c).uuid != order.uuid
        assert c.get_payment_orders().total_items == 2


def test_demo_runs_the_lifecycle() -> None:
    lines: list[str] = []
    assert run_demo(lines.append) == 0
    text = "\n".join(lines)
    assert "received PaymentCompletedCallback: signature verified" in text
    assert "received PaymentCancelledCallback" in text


def test_integral_float_is_an_integer(client: Client, sandbox: RunningSandbox) -> None:
    """Found by schemathesis: JSON Schema counts 3.0 as an integer, 3.5 is not."""
    from webpos_sdk.exceptions import InvalidRequestError

    order = client.create_payment_order({"amount": "5.00", "required_confirmations": 3.0})
    assert client.get_payment_order(order.uuid).required_confirmations == 3
    with pytest.raises(InvalidRequestError, match="required_confirmations"):
        client.create_payment_order({"amount": "5.00", "required_confirmations": 3.5})


def test_deeply_nested_body_is_a_400_not_a_500(sandbox: RunningSandbox) -> None:
    """Found by schemathesis: json.loads raises RecursionError on very deep nesting."""
    headers = {"X-Api-Version": "v1"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as http:
        login = http.post("/token", auth=(CLIENT_ID, SECRET), data={"grant_type": "client_credentials", "scope": "*"})
        http.headers["Authorization"] = "Bearer " + login.json()["access_token"]
        deep = '{"amount": "1.00", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
        answer = http.post("/payment-order", content=deep, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400
        assert answer.json()["error_code"] == "0001"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"grant_type": "client_credentials", "scope": "*"}, None),
        ({"grant_type": "password", "scope": "*"}, "1002"),
        ({"grant_type": "client_credentials", "scope": "all"}, "1013"),
        ([1, 2], "1002"),
    ],
)
def test_the_token_request_may_be_json_as_the_woocommerce_plugin_sends_it(
    sandbox: RunningSandbox, body: object, code: str | None
) -> None:
    answer = httpx.post(
        sandbox.base_url + "/token",
        json=body,
        auth=(CLIENT_ID, SECRET),
        headers={"X-Api-Version": "v1", "Accept": "application/json"},
        timeout=5,
    )
    if code is None:
        assert answer.status_code == 200, answer.text
        assert answer.json()["access_token"]
    else:
        assert answer.status_code == 400
        assert answer.json()["error_code"] == code
    unparsable = httpx.post(
        sandbox.base_url + "/token",
        content=b"{not json",
        auth=(CLIENT_ID, SECRET),
        headers={"X-Api-Version": "v1", "Content-Type": "application/json"},
        timeout=5,
    )
    assert unparsable.status_code == 400
