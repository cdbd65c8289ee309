"""The sandbox emulator end to end: through the SDK against a real uvicorn server on loopback,
every answer checked against the spec, fault modes as the SDK sees them, the CLI and the demo."""

from __future__ import annotations

import http.server
import io
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests._support import HTTP_METHODS, load_spec, resolve, run_webpos, settle
from webpos_sdk import Client, ConnectionErrorException, TimeoutException
from webpos_sdk.callbacks import PaymentCompletedCallback, construct_event
from webpos_sdk.cli import main as cli
from webpos_sdk.exceptions import InvalidCallbackException, NotFoundException, UnauthorizedClientException
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve
from webpos_sdk.sandbox.app import Faults
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


def test_a_receiver_that_always_fails_gets_the_documented_number_of_tries(
    client: Client, sandbox: RunningSandbox
) -> None:
    """The spec's *What the sources leave open* states the sandbox's schedule: 4 tries."""
    down = Receiver(fail_first=10**6)
    threading.Thread(target=down.serve_forever, daemon=True).start()
    try:
        sandbox.state.config.deliver_to = down.url
        order = new_order(client)
        client.payment_update(order.uuid, {"callback": "payment.expired"})
        settle(lambda: bool(sandbox.state.deliveries) and sandbox.state.deliveries[-1]["attempts"] == 4)
        time.sleep(0.1)  # no fifth try comes
        assert sandbox.state.deliveries[-1]["attempts"] == 4
        assert down.hits == 4
    finally:
        down.shutdown()
        down.server_close()


def test_the_sandbox_makes_the_choices_the_spec_states(sandbox: RunningSandbox) -> None:
    """Where the sources are silent the spec names the sandbox's choice; the sandbox makes it."""
    headers = {"X-Api-Version": "v1", "Accept": "application/json"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as http:
        form = {"grant_type": "client_credentials", "scope": "*"}
        token = http.post("/token", auth=(CLIENT_ID, SECRET), data=form).json()["access_token"]
        http.headers["Authorization"] = f"Bearer {token}"
        paid = http.post("/payment-order", json={"amount": "2.00"}).json()["uuid"]
        assert http.patch(f"/payment-order/{paid}/test/", json={"callback": "payment.completed"}).is_success
        # a page past the end: an empty page, the same totals
        first = http.get("/payment-order", params={"page": 0, "page_size": 1}).json()
        past = http.get("/payment-order", params={"page": 5, "page_size": 1}).json()
        assert past == {"paymentorders": [], "total_items": first["total_items"], "total_pages": first["total_pages"]}
        # cancelling a paid order: 2xx, no effect, no callback
        deliveries = len(sandbox.state.deliveries)
        cancelled = http.delete(f"/payment-order/{paid}")
        assert cancelled.is_success
        assert http.get(f"/payment-order/{paid}").json()["state"]["status"] == "paid"
        assert len(sandbox.state.deliveries) == deliveries
        # the same update again: not a valid transition any more
        again = http.patch(f"/payment-order/{paid}/test/", json={"callback": "payment.completed"})
        assert (again.status_code, again.json()["error_code"]) == (400, "0013")
        # reset, twice: pending both times
        for _ in range(2):
            reset = http.patch(f"/payment-order/{paid}/test/reset")
            assert reset.is_success
            assert reset.json()["state"]["status"] == "pending"


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
    operations = {(p, m) for p, item in spec["paths"].items() for m in item if m in HTTP_METHODS}
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


def test_every_error_answer_is_declared_by_its_operation(sandbox: RunningSandbox) -> None:
    """Each error the sandbox gives comes under a status its operation declares, with a code that
    response lists in ``x-webpos-error-codes``; Retry-After and Allow come where the spec says."""
    spec = load_spec()
    headers = {"X-Api-Version": "v1", "Accept": "application/json"}
    order_path = "/payment-order/{payment_order_uuid}"
    pos_path = "/pos/web/{pos_uuid}/payment-order"
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as http:
        form = {"grant_type": "client_credentials", "scope": "*"}
        token = http.post("/token", auth=(CLIENT_ID, SECRET), data=form).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        order = http.post("/payment-order", json={"amount": "1.00"}, headers=bearer).json()["uuid"]
        http.delete(f"/payment-order/{order}", headers=bearer)
        missing = uuid.uuid4()

        def fault(status: int) -> httpx.Response:
            sandbox.state.faults = Faults(status=status, status_times=1, retry_after=3)
            return http.get(f"/payment-order/{order}", headers=bearer)

        answers = [
            (("/token", "post"), http.post("/token", auth=(CLIENT_ID, "wrong"), data=form)),
            (("/token", "post"), http.post("/token", data=form)),
            (("/token", "post"), http.post("/token", auth=(CLIENT_ID, SECRET), data={**form, "scope": "x"})),
            (("/token", "post"), http.post("/token", auth=(CLIENT_ID, SECRET), data={**form, "grant_type": "x"})),
            (("/token", "post"), http.get("/token")),
            (("/payment-order", "post"), http.post("/payment-order", json={"amount": "0"}, headers=bearer)),
            (("/payment-order", "post"), http.post("/payment-order", json={"amount": "1.00"})),
            (("/payment-order", "get"), http.get("/payment-order", headers={"Authorization": "Bearer nope"})),
            (("/payment-order", "get"), http.get("/payment-order", params={"status": "x"}, headers=bearer)),
            ((order_path, "get"), http.get(f"/payment-order/{missing}", headers=bearer)),
            ((order_path, "get"), http.get(f"/payment-order/{order}", headers={**bearer, "X-Api-Version": "v0"})),
            ((order_path, "delete"), http.delete(f"/payment-order/{missing}", headers=bearer)),
            ((order_path + "/callbacks", "get"), http.get(f"/payment-order/{missing}/callbacks", headers=bearer)),
            ((order_path + "/test/reset", "patch"), http.patch(f"/payment-order/{missing}/test/reset", headers=bearer)),
            (
                (order_path + "/test/", "patch"),
                http.patch(f"/payment-order/{order}/test/", json={"callback": "payment.completed"}, headers=bearer),
            ),
            ((order_path + "/test/", "patch"), http.patch(f"/payment-order/{order}/test/", json=[], headers=bearer)),
            ((pos_path, "get"), http.get(f"/pos/web/{missing}/payment-order", headers=bearer)),
            ((order_path, "get"), fault(429)),
            ((order_path, "get"), fault(500)),
            ((order_path, "get"), fault(503)),
        ]
    seen: set[tuple[str, str]] = set()
    for (path, method), answer in answers:
        status, code = str(answer.status_code), answer.json()["error_code"]
        seen.add((status, code))
        declared = spec["paths"][path][method]["responses"]
        assert status in declared, (path, method, status, code)
        response = resolve(declared[status])
        assert code in response["x-webpos-error-codes"], (path, method, status, code)
        for header in response.get("headers", {}):
            assert header.lower() in answer.headers, (path, method, status, header)
    assert ("405", "3003") in seen
    assert ("503", "4006") in seen
    assert {"1001", "1002", "1013", "0013", "1007", "3007", "3001", "0001"} <= {code for _, code in seen}


def test_cli_orders_trigger_and_verify(
    sandbox: RunningSandbox, receiver: Receiver, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    common = ["--base-url", sandbox.base_url, "--client-id", CLIENT_ID, "--secret", SECRET, "--json"]
    assert cli(["orders", "create", "12.00", "--reference", "cli", *common]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["reference"] == "cli"
    assert cli(["orders", "get", created["uuid"], *common]) == 0
    assert json.loads(capsys.readouterr().out)["amount"] == "12.00"
    assert cli(["orders", "list", *common]) == 0
    assert json.loads(capsys.readouterr().out)["total_items"] == 1
    assert cli(["trigger", "payment.completed", created["uuid"], *common]) == 0
    assert json.loads(capsys.readouterr().out)["event"] == "payment.completed"
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


def _webpos(args: list[str], *, stdin: bytes = b"", env: dict[str, str] | None = None) -> tuple[int, str]:
    """The installed ``webpos`` command, run for real in its own process."""
    done = run_webpos(*args, stdin=stdin, env=env)
    return done.returncode, done.stdout + done.stderr


def test_webpos_verify_takes_the_secret_from_the_environment_or_stdin(tmp_path: Any) -> None:
    from webpos_sdk.callbacks import sign

    known = json.dumps(_callback_payload()).encode()
    unknown = b'{"event": "payment.refunded.someday", "object": {}}'
    env = {"WEBPOS_SECRET": SECRET}
    for body in (known, unknown, b"not json at all"):  # a valid signature is 0 whatever the event
        code, out = _webpos(["verify", "--signature", sign(body, SECRET)], stdin=body, env=env)
        assert (code, "valid signature" in out) == (0, True), out
    code, out = _webpos(["verify", "--signature", sign(known, "other")], stdin=known, env=env)
    assert code == 1
    assert "invalid signature" in out
    code, out = _webpos(["verify", "--signature", "bm9wZQ=="], stdin=known, env=env)
    assert code == 1  # malformed is invalid too
    (tmp_path / "body").write_bytes(known)
    code, out = _webpos(
        ["verify", "--secret-stdin", "--body-file", str(tmp_path / "body"), "--signature", sign(known, SECRET)],
        stdin=SECRET.encode() + b"\n",
    )
    assert code == 0, out
    assert _webpos(["verify", "--signature", sign(known, SECRET)], stdin=known)[0] == 2  # no secret anywhere
    assert _webpos(["verify", "--secret-stdin", "--signature", "x"], stdin=b"s\n")[0] == 2  # stdin holds both
    assert _webpos(["verify"], stdin=known, env=env)[0] == 2  # argparse: no --signature
    code, out = _webpos(["verify", "--body-file", str(tmp_path / "missing"), "--signature", "x"], env=env)
    assert code == 2
    assert out.count("\n") == 1  # one line, no traceback
    assert out.endswith("\n")


def test_webpos_orders_take_the_secret_from_stdin(sandbox: RunningSandbox) -> None:
    args = ["orders", "list", "--base-url", sandbox.base_url, "--client-id", CLIENT_ID, "--secret-stdin", "--json"]
    code, out = _webpos(args, stdin=SECRET.encode() + b"\n")
    assert code == 0, out
    assert "total_items" in out
    code, out = _webpos(args, stdin=b"wrong\n")
    assert code == 1
    assert "Exception" in out
    assert "wrong" not in out


def _callback_payload() -> dict[str, Any]:
    return dict(load_spec()["components"]["examples"]["PaymentCompleted"]["value"])


# ------------------------------------------------------------------ robustness on bad input


@pytest.mark.parametrize(
    "faults",
    [b"not json", b"[1]", b'{"status": 99}', b'{"drop": "x"}', b'{"delay": 1e400}', b'{"nope": 1}', b'{"vary": []}'],
)
def test_bad_faults_are_refused_and_the_sandbox_keeps_serving(sandbox: RunningSandbox, faults: bytes) -> None:
    with httpx.Client(base_url=sandbox.base_url) as http:
        answer = http.post("/_sandbox/faults", content=faults)
        assert answer.status_code == 400
        assert answer.json()["error_code"] == "0001"
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url) as client:
        assert client.get_payment_orders().total_items >= 0  # no fault half-applied, nothing dropped


@pytest.mark.parametrize("amount", ["1" * 32, "9" * 29 + ".99", "0.01"])
def test_any_amount_the_spec_allows_is_created(sandbox: RunningSandbox, amount: str) -> None:
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url) as client:
        created = client.create_payment_order({"amount": amount})
        assert client.get_payment_order(created.uuid).amount == (amount if "." in amount else amount + ".00")


def test_start_up_errors_are_one_line(tmp_path: Any) -> None:
    import socket

    code, out = _webpos(["sandbox", "--state-file", str(tmp_path / "missing-dir" / "state.sqlite")])
    assert code == 2, out
    assert out.count("\n") == 1
    assert "--state-file" in out
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code, out = _webpos(["sandbox", "--port", str(port)])
    assert code == 2, out
    assert out.count("\n") == 1
    assert "cannot listen" in out


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_the_sandbox_answers_without_waiting_for_a_delayed_ack(host: str) -> None:
    """The socket the CLI and serve() listen on hands TCP_NODELAY to every accepted connection
    (without it each answer of ``webpos sandbox`` waited ~40 ms: make bench measured 42 ms a call)."""
    import socket

    from webpos_sdk.sandbox.server import listening_socket

    with listening_socket(host, 0) as listener:
        with socket.create_connection(listener.getsockname()[:2]):
            accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_a_missing_sandbox_extra_is_one_line() -> None:
    import subprocess
    import sys

    blocked = "import sys; sys.modules['uvicorn'] = None; from webpos_sdk.cli import main; sys.exit(main(['sandbox']))"
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert "chainside-webpos[sandbox]" in done.stderr.decode()
