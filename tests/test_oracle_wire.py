"""The previous SDK as an oracle for the wire: the calls its READMEs document send what it sent.

``chainside-webpos-sdk==2.0.1`` (installed into a venv of its own by ``benchmarks/previous_sdk.py``,
driven by ``_oracle_wire_worker.py``) and this SDK each make the same sequence of calls (``STEPS``:
every operation of the v1 and v2 READMEs, built from the README's config dict) against a recording
loopback server of their own, which answers each route with the spec's example. Each request is
compared after normalising what is not meaning: header names by case, transport headers dropped
(``DROPPED_HEADERS``), the version in ``User-Agent``, the query as a multiset of pairs, bodies as
parsed JSON or form, ``Authorization`` as the decoded ``client_id:secret`` or as the number of the
login whose token it carries, ids in paths as ``{uuid}``.

What differs must be exactly the rows of the "On the wire" table in README.md ("Migrating from
``chainside-webpos-sdk``"): a new difference fails, and so does a row that no longer differs.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import subprocess
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from benchmarks.previous_sdk import ensure_venv
from tests._support import schema_example

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WORKER = Path(__file__).resolve().parent / "_oracle_wire_worker.py"
SECTION = "## Migrating from `chainside-webpos-sdk`"
TABLE_HEADING = "**On the wire**"
TABLE_COLUMNS = ["request", "previous SDK", "here", "why"]
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#: Transport details that each HTTP library sets its own way: never compared.
DROPPED_HEADERS = frozenset({"host", "content-length", "connection", "accept-encoding"})
EVERY_REQUEST = "every request"
EVERY_LOGIN = "every login (`POST /token`)"

ORDER_UUID = schema_example("PaymentOrderRetrieval")["uuid"]
POS_UUID = schema_example("PaymentOrderRetrieval")["created_by"]["uuid"]
SECRET = "wire-s3cret"
NAMES = {ORDER_UUID: "uuid", POS_UUID: "pos_uuid"}


# ------------------------------------------------------------------ the documented calls


def obj(name: str, **fields: Any) -> dict[str, Any]:
    """An object of ``webpos_sdk.objects`` as each side builds it: ``name(**fields)``."""
    return {"$object": name, "fields": fields}


def render(value: Any) -> str:
    """A value as the README would write it in a call."""
    if isinstance(value, dict) and "$object" in value:
        inner = ", ".join(f"{key}={render(item)}" for key, item in value["fields"].items())
        return f"{value['$object']}({inner})"
    if isinstance(value, str) and value in NAMES:
        return NAMES[value]
    return repr(value)


@dataclass(frozen=True)
class Step:
    """One documented call: ``call`` is ``"Client"`` (``Client(conf)``) or a method of the client."""

    call: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    label: str | None = None

    def __str__(self) -> str:
        if self.label is not None:
            return self.label
        rendered = [render(a) for a in self.args] + [f"{k}={render(v)}" for k, v in self.kwargs.items()]
        return f"`{self.call}({', '.join(rendered)})`"


FULL_ORDER = obj(
    "PaymentOrder",
    amount="25.00",
    continue_url="https://shop.example.com/continue",
    cancel_url="https://shop.example.com/cancel",
    callback_url="https://shop.example.com/callback",
    details="2 x espresso beans",
    reference="order-10023",
    required_confirmations=3,
)
STEPS = (
    Step("Client", label="`Client(conf)`"),
    # the README's own example (its "..." left out)
    Step("create_payment_order", (obj("PaymentOrder", amount="10.00", continue_url="https://continue.com"),)),
    Step("create_payment_order", (FULL_ORDER,), label="`create_payment_order(PaymentOrder(<every field>))`"),
    Step("get_payment_order", (ORDER_UUID,)),
    Step("get_payment_orders"),
    # by keyword: the v2 README's positional order is not the one 2.0.1's code took (README: Changed)
    Step(
        "get_payment_orders",
        kwargs={"status": "paid", "page": 1, "sort_order": "asc", "page_size": 10, "sort_by": "amount"},
    ),
    Step("get_payment_orders", kwargs={"page": 0, "page_size": 20, "sort_by": "created_at", "sort_order": "desc"}),
    Step("delete_payment_order", (ORDER_UUID,)),
    Step("get_callbacks", (ORDER_UUID,)),
    Step("payment_update", (ORDER_UUID, obj("PaymentUpdateObject", callback="payment.completed"))),
    Step("payment_reset", (ORDER_UUID,)),
    Step("get_web_pos_payments", (POS_UUID,)),  # v1 README
    Step("get_web_pos_payments", (POS_UUID,), {"status": "paid"}),
    Step("client_credentials_login", (obj("ClientCredentials", scope="*", grant_type="client_credentials"),)),
    Step("get_payment_order", (ORDER_UUID,), label="`get_payment_order(uuid)` after `client_credentials_login`"),
)
#: Steps whose answer 2.0.1 cannot read, with the error it raises after sending its request (which is
#: what this file compares). Its ``delete_payment_order`` reads the answer with the creation
#: response's class (README, Fixed: "objects exported the creation response under the deletion
#: response's name"), so no deletion answer of the spec's is readable by it.
PREVIOUS_ERRORS = {"delete_payment_order": "KeyError: 'rate'"}


# ------------------------------------------------------------------ the recording server


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _order(order_uuid: str = ORDER_UUID) -> dict[str, Any]:
    # a non-null transactions list: 2.0.1 crashes on null (README: Fixed)
    return {
        **schema_example("PaymentOrderRetrieval"),
        "uuid": order_uuid,
        "transactions": [schema_example("Transaction")],
    }


def _order_list() -> dict[str, Any]:
    return {"paymentorders": [_order()], "total_items": 1, "total_pages": 1}


class RecordingServer:
    """A loopback HTTP/1.1 server keeping every request and answering the spec's example of its route."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.issued: list[str] = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                recorded = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
                    headers=tuple(self.headers.items()),
                    body=self.rfile.read(length) if length else b"",
                )
                status, payload = owner.answer(recorded)
                self.send_response(status)
                if status != 204:
                    raw = json.dumps(payload).encode()
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                if status != 204:
                    self.wfile.write(raw)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def answer(self, request: Recorded) -> tuple[int, Any]:
        """Recorded first, then answered: a client that has its answer finds its request here."""
        with self.lock:
            self.requests.append(request)
            if request.method == "POST" and request.path == "/token":
                self.issued.append(f"token-{uuid.uuid4().hex}")
                token = self.issued[-1]
        method, path = request.method, UUID_RE.sub("{uuid}", request.path)
        if (method, path) == ("POST", "/token"):
            return 200, {**schema_example("ClientCredentialsLoginResponse"), "access_token": token}
        routes: dict[tuple[str, str], tuple[int, Any]] = {
            ("POST", "/payment-order"): (201, schema_example("PaymentOrderCreationResponse")),
            ("GET", "/payment-order"): (200, _order_list()),
            ("GET", "/payment-order/{uuid}"): (200, _order()),
            ("DELETE", "/payment-order/{uuid}"): (200, schema_example("PaymentOrderDeletionResponse")),
            ("GET", "/payment-order/{uuid}/callbacks"): (200, schema_example("CallbackList")),
            ("PATCH", "/payment-order/{uuid}/test/"): (204, None),
            ("PATCH", "/payment-order/{uuid}/test/reset"): (200, _order()),
            ("GET", "/pos/web/{uuid}/payment-order"): (200, _order_list()),
        }
        no_route = {"error_code": "3001", "message": f"no route {method} {path}", "request_id": "wire"}
        return routes.get((method, path), (404, no_route))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# ------------------------------------------------------------------------- the two SDKs


@dataclass
class Session:
    """What one SDK sent for each step (``requests[i]`` for ``STEPS[i]``), and what each step gave."""

    requests: list[list[Recorded]]
    results: list[str]
    issued: list[str]
    client_id: str
    url: str


def config(client_id: str) -> dict[str, Any]:
    """The READMEs' configuration dict."""
    return {"mode": "sandbox", "client_id": client_id, "secret": SECRET, "http": {"verify_ssl": True, "timeout": 10}}


def run_previous(client_id: str) -> Session:
    python, _ = ensure_venv()
    server = RecordingServer()
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    process = subprocess.Popen(
        [str(python), "-I", str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdin is not None
    assert process.stdout is not None

    def ask(message: dict[str, Any]) -> dict[str, Any]:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(json.dumps(message) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the previous SDK's worker exited with {process.wait(timeout=10)} (see its stderr)")
        reply: dict[str, Any] = json.loads(line)
        return reply

    try:
        setup = ask({"base_url": server.url, "config": config(client_id)})
        assert setup["ok"], setup.get("error")
        assert "previous-sdk-venv" in setup["sdk"], f"the worker imported {setup['sdk']}, not the released SDK"
        session = Session([], [], server.issued, client_id, server.url)
        for step in STEPS:
            before = len(server.requests)
            reply = ask({"call": step.call, "args": list(step.args), "kwargs": step.kwargs})
            session.results.append(reply["result"] if reply["ok"] else "error: " + reply["error"])
            session.requests.append(server.requests[before:])
        process.stdin.write(json.dumps({"call": "quit"}) + "\n")
        process.stdin.close()
        process.wait(timeout=10)
        return session
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        server.close()


def _ours(value: Any) -> Any:
    import webpos_sdk.objects

    if isinstance(value, dict) and "$object" in value:
        return getattr(webpos_sdk.objects, value["$object"])(**{k: _ours(v) for k, v in value["fields"].items()})
    return value


def run_ours(client_id: str) -> Session:
    from webpos_sdk.client import Client

    server = RecordingServer()
    session = Session([], [], server.issued, client_id, server.url)
    client: Client | None = None
    try:
        for step in STEPS:
            before = len(server.requests)
            try:
                if step.call == "Client":
                    client = result = Client(config(client_id), base_url=server.url)
                else:
                    assert client is not None
                    method = getattr(client, step.call)
                    args, kwargs = [_ours(a) for a in step.args], {k: _ours(v) for k, v in step.kwargs.items()}
                    if step.call == "get_web_pos_payments":
                        with pytest.warns(DeprecationWarning, match="get_web_pos_payments is deprecated"):
                            result = method(*args, **kwargs)
                    else:
                        result = method(*args, **kwargs)
                session.results.append(type(result).__name__)
            except Exception as err:
                session.results.append(f"error: {type(err).__name__}: {err}")
            session.requests.append(server.requests[before:])
        return session
    finally:
        if client is not None:
            client.close()
        server.close()


# ------------------------------------------------------------------------ normalisation


def _header_name(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def normal_headers(request: Recorded, session: Session) -> dict[str, str]:
    """Header name (lower case) to value, transport headers dropped, credentials decoded."""
    values: dict[str, list[str]] = {}
    for name, value in request.headers:
        if name.lower() not in DROPPED_HEADERS:
            values.setdefault(name.lower(), []).append(value)
    headers = {name: ", ".join(found) for name, found in values.items()}
    if "user-agent" in headers:
        headers["user-agent"] = re.sub(r"/[0-9][^\s;()]*", "/<version>", headers["user-agent"])
    if "authorization" in headers:
        headers["authorization"] = normal_authorization(headers["authorization"], session)
    return headers


def normal_authorization(value: str, session: Session) -> str:
    scheme, _, credentials = value.partition(" ")
    if scheme == "Basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except ValueError:
            return f"Basic <not base64: {credentials}>"
        return "Basic <client_id:secret>" if decoded == f"{session.client_id}:{SECRET}" else f"Basic <{decoded}>"
    if scheme == "Bearer":
        if credentials in session.issued:
            return f"Bearer <token of login {session.issued.index(credentials) + 1}>"
        return f"Bearer <a token never issued: {credentials}>"
    return value


def normal_body(request: Recorded) -> tuple[str, Any]:
    """``("none", None)``, ``("json", value)``, ``("form", {key: [values]})`` or ``("raw", text)``."""
    if not request.body:
        return "none", None
    content_type = {n.lower(): v for n, v in request.headers}.get("content-type", "")
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            return "json", json.loads(request.body)
        except ValueError:
            pass
    if kind == "application/x-www-form-urlencoded":
        form: dict[str, list[str]] = {}
        for key, value in parse_qsl(request.body.decode(), keep_blank_values=True, strict_parsing=True):
            form.setdefault(key, []).append(value)
        return "form", {key: sorted(found) for key, found in form.items()}
    return "raw", request.body.decode("utf-8", errors="replace")


def template(request: Recorded) -> str:
    return f"`{request.method} {UUID_RE.sub('{uuid}', request.path)}`"


# ------------------------------------------------------------------------ comparison


def _keyed(
    previous: dict[str, Any], here: dict[str, Any], show: Callable[[str, Any], str], where: str
) -> tuple[str, str] | None:
    """The two sides of the keys whose values differ, or None: ``show(key, value)`` renders one."""
    keys = sorted(k for k in previous.keys() | here.keys() if previous.get(k, ...) != here.get(k, ...))
    if not keys:
        return None

    def side(values: dict[str, Any]) -> str:
        present = [show(k, values[k]) for k in keys if k in values]
        absent = [f"`{k}`" for k in keys if k not in values]
        parts = [f"{', '.join(present)} in the {where}"] if present else []
        parts += [f"no {', '.join(absent)} in the {where}"] if absent else []
        return "; ".join(parts)

    return side(previous), side(here)


def _header_pair(name: str, previous: str | None, here: str | None) -> tuple[str, str]:
    shown = _header_name(name)
    a, b = (f"`{shown}: {value}`" if value is not None else f"no `{shown}` header" for value in (previous, here))
    return a, b


def _multi(pairs: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    return {key: sorted(found) for key, found in values.items()}


def _pairs(key: str, values: list[str]) -> str:
    return "`" + "&".join(f"{key}={value}" for value in values) + "`"


def _body_pair(previous: Recorded, here: Recorded) -> tuple[str, str] | None:
    (kind_a, body_a), (kind_b, body_b) = normal_body(previous), normal_body(here)
    if kind_a == kind_b == "json" and isinstance(body_a, dict) and isinstance(body_b, dict):
        return _keyed(body_a, body_b, lambda k, v: f"`{json.dumps(k)}: {json.dumps(v)}`", "body")
    if kind_a == kind_b == "form":
        return _keyed(body_a, body_b, _pairs, "form body")
    if (kind_a, body_a) == (kind_b, body_b):
        return None
    return f"{kind_a} body `{json.dumps(body_a)}`", f"{kind_b} body `{json.dumps(body_b)}`"


def differences(previous: Recorded, here: Recorded, old: Session, new: Session) -> list[tuple[str, str]]:
    """``(previous SDK, here)`` for each way the two requests differ."""
    found: list[tuple[str, str]] = []
    if (previous.method, previous.path) != (here.method, here.path):
        found.append((f"`{previous.method} {previous.path}`", f"`{here.method} {here.path}`"))
    headers_a, headers_b = normal_headers(previous, old), normal_headers(here, new)
    for name in sorted(headers_a.keys() | headers_b.keys()):
        if headers_a.get(name) != headers_b.get(name):
            found.append(_header_pair(name, headers_a.get(name), headers_b.get(name)))
    for pair in (_keyed(_multi(previous.query), _multi(here.query), _pairs, "query"), _body_pair(previous, here)):
        if pair is not None:
            found.append(pair)
    return found


@dataclass(frozen=True)
class Row:
    request: str
    previous: str
    here: str


def wire_rows(old: Session, new: Session) -> dict[Row, set[int]]:
    """Every difference as a row of the README's table, with the indexes of the steps it shows in."""
    rows: dict[Row, set[int]] = {}
    # which request each step sends: here the login moves from the constructor to the first call
    for index, step in enumerate(STEPS):
        a, b = ([template(r) for r in side.requests[index]] for side in (old, new))
        if a != b:
            rows.setdefault(Row(str(step), ", ".join(a) or "nothing", ", ".join(b) or "nothing"), set()).add(index)
    flat_old = [(i, r) for i, requests in enumerate(old.requests) for r in requests]
    flat_new = [(i, r) for i, requests in enumerate(new.requests) for r in requests]
    if [template(r) for _, r in flat_old] != [template(r) for _, r in flat_new]:
        whole = Row("the whole sequence", *(", ".join(template(r) for _, r in f) for f in (flat_old, flat_new)))
        rows[whole] = set(range(len(STEPS)))
        return rows
    logins = {n for n, (_, r) in enumerate(flat_old) if (r.method, r.path) == ("POST", "/token")}
    seen: dict[tuple[str, str], set[int]] = {}
    for n, ((_, sent_before), (_, sent_here)) in enumerate(zip(flat_old, flat_new, strict=True)):
        for pair in differences(sent_before, sent_here, old, new):
            seen.setdefault(pair, set()).add(n)
    for (previous, here), where in seen.items():
        steps = {flat_new[n][0] for n in where}
        if where == set(range(len(flat_old))):
            request = EVERY_REQUEST
        elif where == logins:
            request = EVERY_LOGIN
        else:
            request = ", ".join(str(STEPS[i]) for i in sorted(steps))
        rows.setdefault(Row(request, previous, here), set()).update(steps)
    return rows


# ----------------------------------------------------------------------- README's table


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def readme_table(text: str) -> dict[Row, str]:
    """The rows of the "On the wire" table (request, previous SDK, here) and their "why"."""
    assert SECTION in text, f"README.md has no {SECTION!r} section"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    assert TABLE_HEADING in section, f"README.md's migration section has no {TABLE_HEADING} table"
    after = section.split(TABLE_HEADING, 1)[1].splitlines()[1:]
    start = itertools.dropwhile(lambda line: not line.startswith("|"), after)  # the heading's paragraph
    lines = list(itertools.takewhile(lambda line: line.startswith("|"), start))
    assert len(lines) >= 2, f"no table right after {TABLE_HEADING}"
    assert _cells(lines[0]) == TABLE_COLUMNS, f"the columns are {_cells(lines[0])}, not {TABLE_COLUMNS}"
    table: dict[Row, str] = {}
    for line in lines[2:]:
        cells = _cells(line)
        assert len(cells) == len(TABLE_COLUMNS), f"not {len(TABLE_COLUMNS)} cells: {line}"
        row = Row(*cells[:3])
        assert row not in table, f"row given twice: {line}"
        table[row] = cells[3]
    return table


def as_markdown(row: Row) -> str:
    return f"| {row.request} | {row.previous} | {row.here} | <why> |".replace("|  |", "| |")


# ---------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def sessions() -> tuple[Session, Session]:
    client_id = f"wire-{uuid.uuid4()}"  # the process-wide token cache never carries a token here
    return run_previous(client_id), run_ours(client_id)


@pytest.fixture(scope="module")
def rows(sessions: tuple[Session, Session]) -> dict[Row, set[int]]:
    return wire_rows(*sessions)


@pytest.fixture(scope="module")
def table() -> dict[Row, str]:
    return readme_table(README.read_text(encoding="utf-8"))


def test_every_documented_call_succeeds_with_both_sdks(sessions: tuple[Session, Session]) -> None:
    old, new = sessions
    for index, step in enumerate(STEPS):
        expected = PREVIOUS_ERRORS.get(step.call)
        if expected is None:
            assert not old.results[index].startswith("error"), f"{step} with 2.0.1: {old.results[index]}"
        else:
            assert old.results[index].startswith(f"error: {expected}"), f"{step} with 2.0.1: {old.results[index]}"
        assert not new.results[index].startswith("error"), f"{step} with this SDK: {new.results[index]}"
        assert old.requests[index] or step.call == "Client", f"{step} sent nothing with 2.0.1"
    assert [r.path for r in old.requests[0]] == ["/token"], "2.0.1 logs in inside Client(conf)"
    assert all(new.requests[1:]), "a call of this SDK sent no request"


def test_the_dropped_headers_are_transport_details(sessions: tuple[Session, Session]) -> None:
    """What ``DROPPED_HEADERS`` hides differs only as the transport makes it differ (the port, the
    length of the bytes); a meaningful difference there needs a row of the README's table."""
    old, new = sessions
    flat = [(r, session) for session in (old, new) for requests in session.requests for r in requests]
    for request, session in flat:
        headers = {name.lower(): value for name, value in request.headers}
        assert headers.get("host") == session.url.removeprefix("http://"), request
        assert int(headers.get("content-length", "0")) == len(request.body), request
        assert headers.get("connection", "keep-alive").lower() == "keep-alive", request
        assert headers.get("accept-encoding") == "gzip, deflate", request
        assert "transfer-encoding" not in headers, request


def test_what_differs_on_the_wire_is_exactly_the_readme_table(rows: dict[Row, set[int]], table: dict[Row, str]) -> None:
    new = [as_markdown(row) for row in rows if row not in table]
    gone = [f"| {r.request} | {r.previous} | {r.here} | {why} |" for r, why in table.items() if r not in rows]
    assert not new, (
        "sent differently from chainside-webpos-sdk 2.0.1 and not in README.md's on-the-wire table "
        "(an SDK defect, or an intended difference: add the row with its reason):\n" + "\n".join(new)
    )
    assert not gone, "rows of README.md's on-the-wire table that no longer differ (remove them):\n" + "\n".join(gone)


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[f"{i:02d}-{step.call}" for i, step in enumerate(STEPS)])
def test_each_documented_call_sends_what_2_0_1_sent_but_the_table(
    index: int, rows: dict[Row, set[int]], table: dict[Row, str]
) -> None:
    unlisted = [as_markdown(row) for row, steps in rows.items() if index in steps and row not in table]
    assert not unlisted, f"{STEPS[index]}: differences not in README.md's on-the-wire table:\n" + "\n".join(unlisted)


def test_every_row_gives_its_reason(table: dict[Row, str]) -> None:
    assert table, "the on-the-wire table is empty"
    for row, why in table.items():
        assert why, f"no reason given for {row}"
        assert why != "<why>", f"no reason given for {row}"


def _request(**changes: Any) -> Recorded:
    base = {
        "method": "POST",
        "path": f"/payment-order/{ORDER_UUID}",
        "query": (("page", "1"),),
        "headers": (("Content-Type", "application/json"), ("X-Api-Version", "v1"), ("Host", "a:1")),
        "body": b'{"amount": "1.00", "details": "x"}',
    }
    return Recorded(**{**base, **changes})


def test_the_comparison_sees_each_kind_of_difference() -> None:
    session = Session([], [], ["t1", "t2"], "id", "http://a:1")
    base = _request()
    same = _request(
        headers=(("x-api-version", "v1"), ("content-type", "application/json"), ("Host", "b:2")),
        body=b'{"details": "x", "amount": "1.00"}',
    )
    assert differences(base, same, session, session) == []
    assert differences(base, _request(query=(("page", "0"),)), session, session) == [
        ("`page=1` in the query", "`page=0` in the query")
    ]
    assert differences(base, _request(headers=(("Content-Type", "application/json"),)), session, session) == [
        ("`X-Api-Version: v1`", "no `X-Api-Version` header")
    ]
    assert differences(base, _request(body=b'{"amount": "1.00"}'), session, session) == [
        ('`"details": "x"` in the body', "no `details` in the body")
    ]
    assert differences(base, _request(path="/payment-order"), session, session) == [
        (f"`POST /payment-order/{ORDER_UUID}`", "`POST /payment-order`")
    ]
    bearer = [(*base.headers, ("Authorization", "Bearer t1")), (*base.headers, ("Authorization", "Bearer t2"))]
    assert differences(_request(headers=bearer[0]), _request(headers=bearer[1]), session, session) == [
        ("`Authorization: Bearer <token of login 1>`", "`Authorization: Bearer <token of login 2>`")
    ]
    basic = "Basic " + base64.b64encode(f"id:{SECRET}".encode()).decode()
    assert normal_authorization(basic, session) == "Basic <client_id:secret>"
    assert normal_authorization("Basic " + base64.b64encode(b"id:other").decode(), session) == "Basic <id:other>"


def test_the_table_is_read_from_the_migration_section_only() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_table(text), "the on-the-wire table has no row"
    with pytest.raises(AssertionError, match=r"no .*On the wire"):
        readme_table(text.replace(TABLE_HEADING, "**Elsewhere**"))
