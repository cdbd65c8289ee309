"""The emulator: every operation of openapi/webpos.yaml, with tokens, state, signed callbacks
and switchable faults. Responses are built with the generated models, so they follow the spec."""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import decimal
import hashlib
import json
import logging
import secrets
import sqlite3
import time
import urllib.parse
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import attrs
import httpx
from attrs import define, field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from webpos_generated.models import (
    BlockchainStatus,
    CallbackEvent,
    CallbackList,
    CallbackPaymentOrder,
    ClientCredentialsLoginResponse,
    Error,
    PaymentOrderCreation,
    PaymentOrderCreationResponse,
    PaymentOrderDeletionResponse,
    PaymentOrderList,
    PaymentOrderRetrieval,
    PaymentUpdateObject,
    WebPosPaymentOrderList,
)

from ..callbacks import sign
from ._vary import OpenChoices, shape

logger: logging.Logger = logging.getLogger("webpos_sdk.sandbox")
Handler = Callable[[Request], Awaitable[Response]]

# transitions: current status -> {event: new (status, blockchain_status)}
TRANSITIONS: dict[str, dict[str, tuple[str, str]]] = {
    "pending": {
        "payment.completed": ("paid", "paid"),
        "payment.overpaid": ("paid", "paid"),
        "payment.cancelled": ("cancelled", "cancelled"),
        "payment.expired": ("expired", "expired"),
        "payment.dispute.start": ("network_dispute", "mempool_network_dispute"),
    },
    "paid": {
        "payment.dispute.start": ("network_dispute", "network_dispute"),
        "payment.chargeback": ("chargeback", "chargeback"),
    },
    "network_dispute": {
        "payment.dispute.end": ("paid", "paid"),
        "payment.chargeback": ("chargeback", "chargeback"),
    },
    "cancelled": {},
    "expired": {},
    "chargeback": {},
}
RATE = Decimal("73271.52")
BLOCKCHAIN_STATUSES = frozenset(m.value for m in BlockchainStatus)
POS_UUID = "6c0a4c4e-5b1f-4a8e-9f1d-2b7f1f0a9d11"
CREATION_FIELDS = frozenset(attrs.fields_dict(PaymentOrderCreation)) - {"additional_properties", "_raw"}


@define
class SandboxConfig:
    """How the emulator behaves. ``deliver_to`` sends every callback there instead of the
    order's ``callback_url`` (like a tunnel to a local receiver). ``vary_seed`` turns on the
    open-choices mode (see ``_vary``): answers and callbacks vary wherever the docs allow."""

    client_id: str = "sandbox-client"
    secret: str = field(default="sandbox-secret", repr=False)
    token_lifetime: int = 3600
    deliver_to: str | None = None
    callback_attempts: int = 4
    callback_backoff: float = 0.2
    state_file: str | None = None
    vary_seed: int | None = None


@define
class Faults:
    """Switchable faults, consumed request by request (see POST /_sandbox/faults)."""

    expire_tokens: int = 0
    status: int = 0
    status_times: int = 0
    retry_after: int | None = None
    delay: float = 0.0
    delay_times: int = 0
    drop: int = 0
    vary: int | None = None  # a seed: vary open choices from now on (None: as configured)


#: Each fault's allowed values: (type, lowest, highest); None allowed where the default is None.
_FAULT_RANGES: dict[str, tuple[type, float, float]] = {
    "expire_tokens": (int, 0, 1_000_000),
    "status": (int, 0, 599),
    "status_times": (int, 0, 1_000_000),
    "retry_after": (int, 0, 10**9),
    "delay": (float, 0, 60),
    "delay_times": (int, 0, 1_000_000),
    "drop": (int, 0, 1_000_000),
    "vary": (int, -(2**63), 2**63),
}


#: The error code a fault status comes with, as the spec's error-code table pairs them; any
#: other status (a gateway's 502, say) carries 4000, answered under the spec's ``default``.
_FAULT_CODES = {429: "2000", 500: "4000", 503: "4006"}


def _faults_problem(data: object) -> str | None:
    """Why ``data`` is not a valid faults object (None when it is): an ill-typed or out-of-range
    fault would otherwise break an answer later (a status of 99 is not HTTP)."""
    if not isinstance(data, dict):
        return "the faults must be a JSON object"
    for name, value in data.items():
        if name not in _FAULT_RANGES:
            return f"unknown fault {name!r} (known: {', '.join(sorted(_FAULT_RANGES))})"
        kind, low, high = _FAULT_RANGES[name]
        if value is None and name in ("retry_after", "vary"):
            continue
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or (kind is int and not isinstance(value, int)) or not low <= value <= high:
            return f"{name} must be {'an integer' if kind is int else 'a number'} from {low} to {high}, not {value!r}"
    status = data.get("status", 0)
    if status and not 200 <= status <= 599:
        return f"status must be 0 (none) or an HTTP status from 200 to 599, not {status!r}"
    return None


@define
class SandboxState:
    """Everything the emulator remembers: orders, tokens, faults and counters (``/_sandbox/stats``)."""

    config: SandboxConfig
    orders: OrderStore = field(init=False)
    tokens: dict[str, float] = field(factory=dict)  # access token -> expiry (epoch)
    faults: Faults = field(factory=Faults)
    logins: int = 0
    creates: int = 0
    deliveries: list[dict[str, Any]] = field(factory=list)
    requests: int = 0
    choices: OpenChoices | None = None

    def __attrs_post_init__(self) -> None:
        self.orders = OrderStore(self.config.state_file)
        if self.choices is None and self.config.vary_seed is not None:
            self.choices = OpenChoices(self.config.vary_seed)


class OrderStore(dict[str, dict[str, Any]]):
    """Payment orders by uuid, in memory, optionally saved in a SQLite file (``save``)."""

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("CREATE TABLE IF NOT EXISTS orders (uuid TEXT PRIMARY KEY, body TEXT NOT NULL)")
            for key, body in self._db.execute("SELECT uuid, body FROM orders ORDER BY rowid"):
                super().__setitem__(key, json.loads(body))

    def save(self, order: dict[str, Any]) -> None:
        """Store ``order`` under its uuid (and in the SQLite file, when there is one)."""
        super().__setitem__(order["uuid"], order)
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO orders VALUES (?, ?)", (order["uuid"], json.dumps(order)))


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def _error(status: int, code: str, message: str) -> JSONResponse:
    body = Error.from_dict({"error_code": code, "message": message, "request_id": str(uuid.uuid4())})
    return JSONResponse(body.to_dict(), status_code=status)


#: Money arithmetic wide enough for any amount the spec admits (a 32-digit one included): the
#: default context's 28 digits made quantize() fail, and the sandbox answer 500.
_MONEY = decimal.Context(prec=100, Emax=10_000, Emin=-10_000)


def _paid(crypto: int, rate: Decimal) -> dict[str, Any]:
    with decimal.localcontext(_MONEY):
        fiat = (Decimal(crypto) / Decimal(100_000_000) * rate).quantize(Decimal("0.01"))
    return {"crypto": crypto, "fiat": str(fiat)}


def _new_order(body: PaymentOrderCreation) -> dict[str, Any]:
    created = _now()
    order_uuid = str(uuid.uuid4())
    with decimal.localcontext(_MONEY):
        amount = Decimal(body.amount)
        satoshi = int((amount / RATE * Decimal(100_000_000)).to_integral_value())
        fiat, btc = f"{amount:.2f}", f"{Decimal(satoshi) / Decimal(100_000_000):.8f}"
    address = "bc1q" + hashlib.sha256(order_uuid.encode()).hexdigest()[:38]

    def opt(value: object) -> Any:
        return None if value is None or not isinstance(value, str | int) else value

    return {
        "uuid": order_uuid,
        "address": address,
        "uri": f"bitcoin:{address}?amount={btc}",
        "amount": fiat,
        "btc_amount": satoshi,
        "required_confirmations": int(body.required_confirmations)
        if isinstance(body.required_confirmations, int | float)
        else 3,
        "expiration_time": _iso(created + datetime.timedelta(minutes=15)),
        "created_at": _iso(created),
        "resolved_at": None,
        "chargeback_date": None,
        "dispute_start_date": None,
        "reference": opt(body.reference),
        "details": opt(body.details),
        "callback_url": opt(body.callback_url),
        "cancel_url": opt(body.cancel_url),
        "continue_url": opt(body.continue_url),
        "redirect_url": f"https://sandbox.pay.chainside.net/pay/{order_uuid}",
        "state": {
            "status": "pending",
            "blockchain_status": "pending",
            "paid": _paid(0, RATE),
            "in_confirmation": _paid(0, RATE),
            "unpaid": _paid(satoshi, RATE),
        },
        "rate": {"created_at": _iso(created), "source": "Sandbox", "value": str(RATE), "from": "BTC", "to": "EUR"},
        "currency": {"uuid": "4d3f2a1b-9c8e-4f7a-8b6c-5d4e3f2a1b0c", "name": "EUR", "type": "fiat"},
        "created_by": {
            "uuid": POS_UUID,
            "name": "Sandbox web POS",
            "type": "web",
            "active": True,
            "deposit_account": {
                "uuid": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
                "name": "Sandbox wallet",
                "type": "bitcoin",
            },
        },
        "transactions": None,
    }


def _expires_in(order: dict[str, Any]) -> int:
    end = datetime.datetime.fromisoformat(order["expiration_time"].replace("Z", "+00:00"))
    return int((end - _now()).total_seconds())


def _view(order: dict[str, Any], model: type[Any]) -> dict[str, Any]:
    """The keys of ``model`` (read from the generated class), as the stored order has them."""
    view = {k: order.get(k) for k in shape(model)}
    view["expires_in"] = _expires_in(order)
    return view


def _retrieval(order: dict[str, Any]) -> dict[str, Any]:
    return _view(order, PaymentOrderRetrieval)


def _callback_object(order: dict[str, Any]) -> dict[str, Any]:
    return _view(order, CallbackPaymentOrder)


def _path_to(event: str) -> list[str]:
    """The events that lead a new (pending) order to one ``event`` can follow, ending with it."""
    queue: list[tuple[str, list[str]]] = [("pending", [])]
    seen = {"pending"}
    while queue:
        status, path = queue.pop(0)
        for name, (after, _) in TRANSITIONS[status].items():
            if name == event:
                return [*path, name]
            if after not in seen:
                seen.add(after)
                queue.append((after, [*path, name]))
    raise ValueError(f"no payment order ever sends {event!r} (known: {', '.join(sorted(_EVENTS))})")


_EVENTS = frozenset(name for moves in TRANSITIONS.values() for name in moves)


def callback_payload(
    event: str, order: dict[str, Any] | None = None, *, amount: str = "10.00", reference: str | None = None
) -> dict[str, Any]:
    """What the sandbox (as Chainside) POSTs for ``event`` about ``order``: a sandbox order
    already moved by the event, or, when None, a new order of ``amount`` and ``reference`` walked
    through the events that lead to this one (a chargeback is paid first, ...)."""
    if order is None:
        order = _new_order(PaymentOrderCreation.from_dict({"amount": amount, "reference": reference}))
        for step in _path_to(event):
            _apply(order, step)
    payload = {
        "event": event,
        "object_type": "payment_order",
        "object": _callback_object(order),
        "created_at": _iso(_now()),
    }
    return CallbackEvent.from_dict(payload).to_dict()  # built with the model, as every answer


def _apply(order: dict[str, Any], event: str) -> None:
    status, blockchain_status = TRANSITIONS[order["state"]["status"]][event]
    now = _iso(_now())
    satoshi = order["btc_amount"]
    state = order["state"]
    state["status"], state["blockchain_status"] = status, blockchain_status
    if event in ("payment.completed", "payment.overpaid", "payment.dispute.end"):
        received = satoshi + (satoshi // 10 if event == "payment.overpaid" else 0)
        state.update(paid=_paid(received, RATE), in_confirmation=_paid(0, RATE), unpaid=_paid(0, RATE))
        order["resolved_at"] = now
        txid = hashlib.sha256((order["uuid"] + event).encode()).hexdigest()
        order["transactions"] = [
            {
                "txid": txid,
                "normalized_txid": hashlib.sha256(txid.encode()).hexdigest(),
                "status": "confirmed",
                "blockchain_status": "confirmed",
                "created_at": now,
                "outs_sum": received,
                "outs": [{"n": 0, "amount": received}],
            }
        ]
    elif event in ("payment.cancelled", "payment.expired"):
        order["resolved_at"] = now
    elif event == "payment.dispute.start":
        order["dispute_start_date"] = now
    elif event == "payment.chargeback":
        order["chargeback_date"] = now
        for tx in order["transactions"] or []:
            tx["status"] = tx["blockchain_status"] = "reverted"


def create_app(config: SandboxConfig | None = None, state: SandboxState | None = None) -> Any:
    """The ASGI app. Pass ``state`` to inspect or drive it from tests."""
    state = state or SandboxState(config or SandboxConfig())
    cfg = state.config
    background: set[asyncio.Task[None]] = set()

    def reply(payload: dict[str, Any], model: type[Any], status: int = 200) -> Response:
        """A documented answer, built with its generated model (so it is what the spec says, or
        the sandbox fails loudly), and varied in what the docs leave open when the mode is on."""
        payload = model.from_dict(payload).to_dict()
        choices = state.choices
        if choices is None:
            return JSONResponse(payload, status_code=status)
        tag = choices.next()
        content = json.dumps(choices.body(payload, model)).encode()
        if status < 400:
            status = choices.status(status)
        headers = {"content-type": choices.content_type(), "x-sandbox-variation": tag}
        return Response(content, status_code=status, headers=headers)

    def no_content() -> Response:
        """A documented bodiless success."""
        choices = state.choices
        if choices is None:
            return Response(status_code=204)
        tag = choices.next()
        status, content = choices.bodiless()
        headers = {"x-sandbox-variation": tag}
        if content:
            headers["content-type"] = choices.content_type()
        return Response(content, status_code=status, headers=headers)

    def varied_error(response: Response) -> Response:
        if state.choices is None or not isinstance(response, JSONResponse):
            return response
        varied = reply(json.loads(bytes(response.body)), Error, response.status_code)
        for name in ("retry-after", "allow"):
            if name in response.headers:
                varied.headers[name] = response.headers[name]
        return varied

    async def faults(request: Request) -> Response | None:
        state.requests += 1
        f = state.faults
        if f.delay_times > 0:
            f.delay_times -= 1
            await asyncio.sleep(f.delay)
        if f.status_times > 0:
            f.status_times -= 1
            response = _error(f.status, _FAULT_CODES.get(f.status, "4000"), "sandbox fault")
            if f.retry_after is not None:
                response.headers["Retry-After"] = str(f.retry_after)
            return response
        if request.headers.get("x-api-version") != "v1":
            return _error(400, "0001", "the X-Api-Version: v1 header is required")
        return None

    def bearer(request: Request) -> Response | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer ") or not header[7:]:
            return _error(401, "3007", "expected Authorization: Bearer <token>")
        token = header[7:]
        expiry = state.tokens.get(token)
        if expiry is None:
            return _error(401, "1007", "invalid access token")
        if state.faults.expire_tokens > 0:
            state.faults.expire_tokens -= 1
            return _error(401, "1004", "access token expired")
        if expiry <= time.time():
            return _error(401, "1004", "access token expired")
        return None

    def guarded(handler: Handler, *, auth: bool = True) -> Handler:
        async def endpoint(request: Request) -> Response:
            problem = await faults(request)
            if problem is None and auth:
                problem = bearer(request)
            return varied_error(problem) if problem is not None else varied_error(await handler(request))

        return endpoint

    def order_or_404(request: Request) -> dict[str, Any] | Response:
        raw = request.path_params["payment_order_uuid"]
        try:
            key = str(uuid.UUID(raw))
        except ValueError:
            return _error(404, "3001", "payment order not found")
        order = state.orders.get(key)
        return order if order is not None else _error(404, "3001", "payment order not found")

    async def token(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        try:
            scheme, _, encoded = header.partition(" ")
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return _error(401, "1001", "expected HTTP Basic client credentials")
        if scheme != "Basic" or user != cfg.client_id or password != cfg.secret:
            return _error(401, "1001", "unauthorized client")
        raw = await request.body()
        form: dict[str, Any]
        if "json" in request.headers.get("content-type", ""):  # as a WooCommerce plugin sends it
            try:
                decoded = json.loads(raw)
            except (ValueError, RecursionError):
                decoded = None
            form = decoded if isinstance(decoded, dict) else {}
        else:
            form = dict(urllib.parse.parse_qsl(raw.decode("utf-8", errors="replace")))
        if form.get("grant_type") != "client_credentials":
            return _error(400, "1002", "grant_type must be client_credentials")
        if form.get("scope") != "*":
            return _error(400, "1013", "scope must be *")
        access = secrets.token_urlsafe(24)
        state.tokens[access] = time.time() + cfg.token_lifetime
        state.logins += 1
        id_token = ".".join(
            base64.urlsafe_b64encode(p.encode()).decode().rstrip("=")
            for p in ('{"alg":"none"}', json.dumps({"sub": cfg.client_id}), "sig")
        )
        return reply(
            {
                "access_token": access,
                "id_token": id_token,
                "expires_in": cfg.token_lifetime,
                "token_type": "Bearer",
                "scope": "*",
            },
            ClientCredentialsLoginResponse,
        )

    async def create(request: Request) -> Response:
        try:
            payload = json.loads(await request.body())
            # Strict in what it accepts: the models read "" and {} as null (lenient, for clients);
            # no field of a creation is an object, and only strings may be "".
            for key, value in payload.items() if isinstance(payload, dict) else ():
                if key not in CREATION_FIELDS:
                    continue  # unknown keys are allowed (the API grows)
                if isinstance(value, dict | list) or (
                    value == "" and (key == "required_confirmations" or key.endswith("_url"))
                ):
                    return _error(400, "0001", f"invalid payment order: {key}: {type(value).__name__} not allowed")
            body = PaymentOrderCreation.from_dict(payload)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            return _error(400, "0001", f"invalid payment order: {type(err).__name__}: {err}")
        problems = body.constraint_errors()
        if problems:
            return _error(400, "0001", "; ".join(map(str, problems)))
        order = _new_order(body)
        state.creates += 1
        order["seq"] = len(state.orders) + 1
        state.orders.save(order)
        answer = _view(order, PaymentOrderCreationResponse)
        answer["amount"] = order["btc_amount"]  # the creation answer's amount is in satoshi
        return reply(answer, PaymentOrderCreationResponse, 201)

    def listing(orders: list[dict[str, Any]], request: Request, paged: bool) -> Response:
        q = request.query_params
        status = q.get("status")
        if status is not None and status not in BLOCKCHAIN_STATUSES:
            return _error(400, "0001", f"status must be one of {', '.join(sorted(BLOCKCHAIN_STATUSES))}")
        if status is not None:
            orders = [o for o in orders if o["state"]["blockchain_status"] == status]
        if not paged:
            return reply(
                {"paymentorders": [_retrieval(o) for o in orders], "total_items": len(orders), "total_pages": 1},
                WebPosPaymentOrderList,
            )
        try:
            page = int(q.get("page", "0"))
            size = int(q.get("page_size", "20"))
        except ValueError:
            return _error(400, "0001", "page and page_size must be integers")
        sort_by = q.get("sort_by", "created_at")
        order_dir = q.get("sort_order", "desc")
        if (
            page < 0
            or not 1 <= size <= 40
            or sort_by not in ("amount", "created_at")
            or order_dir not in ("asc", "desc")
        ):
            return _error(
                400, "0001", "page >= 0, 1 <= page_size <= 40, sort_by amount|created_at, sort_order asc|desc"
            )
        keyfn: Callable[[dict[str, Any]], Any] = (
            (lambda o: Decimal(o["amount"])) if sort_by == "amount" else (lambda o: (o["created_at"], o["seq"]))
        )
        ordered = sorted(orders, key=keyfn, reverse=order_dir == "desc")
        total_pages = (len(ordered) + size - 1) // size
        chunk = ordered[page * size : (page + 1) * size]
        return reply(
            {"paymentorders": [_retrieval(o) for o in chunk], "total_items": len(ordered), "total_pages": total_pages},
            PaymentOrderList,
        )

    async def list_orders(request: Request) -> Response:
        return listing(list(state.orders.values()), request, paged=True)

    async def pos_orders(request: Request) -> Response:
        if request.path_params["pos_uuid"] != POS_UUID:
            return _error(404, "3001", "web POS not found")
        return listing(list(state.orders.values()), request, paged=False)

    async def get_order(request: Request) -> Response:
        found = order_or_404(request)
        return found if isinstance(found, Response) else reply(_retrieval(found), PaymentOrderRetrieval)

    async def delete_order(request: Request) -> Response:
        found = order_or_404(request)
        if isinstance(found, Response):
            return found
        if found["state"]["status"] == "pending":
            _apply(found, "payment.cancelled")
            state.orders.save(found)
            deliver(found, "payment.cancelled")
        cancel_url = found.get("cancel_url") or "https://sandbox.pay.chainside.net/cancelled"
        return reply({"cancel_url": cancel_url}, PaymentOrderDeletionResponse)

    async def callbacks(request: Request) -> Response:
        found = order_or_404(request)
        if isinstance(found, Response):
            return found
        names = sorted(TRANSITIONS[found["state"]["status"]])
        return reply({"callbacks": [{"name": n} for n in names]}, CallbackList)

    async def reset(request: Request) -> Response:
        found = order_or_404(request)
        if isinstance(found, Response):
            return found
        fresh = _new_order(PaymentOrderCreation(amount=found["amount"]))
        for key in ("state", "transactions"):
            found[key] = fresh[key]
        found.update(resolved_at=None, chargeback_date=None, dispute_start_date=None)
        state.orders.save(found)
        return reply(_retrieval(found), PaymentOrderRetrieval)

    async def update(request: Request) -> Response:
        found = order_or_404(request)
        if isinstance(found, Response):
            return found
        try:
            body = PaymentUpdateObject.from_dict(json.loads(await request.body()))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return _error(400, "0001", 'expected {"callback": <event name>}')
        event = str(body.callback)
        if event not in TRANSITIONS[found["state"]["status"]]:
            return _error(400, "0013", f"{event} is not a valid transition from {found['state']['status']}")
        _apply(found, event)
        state.orders.save(found)
        deliver(found, event)
        return no_content()

    def deliver(order: dict[str, Any], event: str) -> None:
        url = cfg.deliver_to or order.get("callback_url")
        if not url:
            return
        payload = callback_payload(event, order)
        content_type = "application/json"
        if state.choices is not None:  # signed as sent: the signature covers the varied bytes
            state.choices.next()
            payload = state.choices.body(payload, CallbackEvent)
            content_type = state.choices.content_type()
        body = json.dumps(payload).encode()
        task = asyncio.get_running_loop().create_task(post_callback(url, body, event, order["uuid"], content_type))
        background.add(task)
        task.add_done_callback(background.discard)

    async def post_callback(url: str, body: bytes, event: str, order_uuid: str, content_type: str) -> None:
        record: dict[str, Any] = {"event": event, "order": order_uuid, "url": url, "attempts": 0, "status": None}
        state.deliveries.append(record)
        headers = {"chainside-signature": sign(body, cfg.secret), "content-type": content_type}
        async with httpx.AsyncClient(timeout=5.0) as client:
            for attempt in range(cfg.callback_attempts):
                record["attempts"] = attempt + 1
                try:
                    answer = await client.post(url, content=body, headers=headers)
                    record["status"] = answer.status_code
                    if answer.status_code < 300:
                        return
                except httpx.HTTPError as err:
                    record["status"] = type(err).__name__
                if attempt + 1 < cfg.callback_attempts:
                    await asyncio.sleep(cfg.callback_backoff * (2**attempt))
        logger.warning("callback %s for %s not accepted by %s", event, order_uuid, url)

    async def set_faults(request: Request) -> Response:
        try:
            data = json.loads(await request.body() or b"{}")
        except (ValueError, RecursionError):
            return _error(400, "0001", "the faults must be a JSON object")
        problem = _faults_problem(data)
        if problem is not None:
            return _error(400, "0001", problem)
        state.faults = Faults(**data)
        if state.faults.vary is not None and (state.choices is None or state.choices.seed != state.faults.vary):
            state.choices = OpenChoices(state.faults.vary)
        return JSONResponse({"ok": True})

    async def stats(request: Request) -> Response:
        return JSONResponse(
            {
                "logins": state.logins,
                "creates": state.creates,
                "orders": len(state.orders),
                "deliveries": state.deliveries,
                "variations": dict(state.choices.counts) if state.choices is not None else {},
            }
        )

    def methods(**handlers: Handler) -> Handler:
        """One endpoint per path, so a wrong method gets the API's 405 (3003) with a complete Allow."""
        allowed = ", ".join(sorted(handlers))

        async def endpoint(request: Request) -> Response:
            handler = handlers.get(request.method)
            if handler is None:
                response = _error(405, "3003", f"method {request.method} not allowed")
                response.headers["Allow"] = allowed
                return response
            return await handler(request)

        return endpoint

    order_path = "/payment-order/{payment_order_uuid}"
    every = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    routes = [
        Route("/token", methods(POST=guarded(token, auth=False)), methods=every),
        Route("/payment-order", methods(POST=guarded(create), GET=guarded(list_orders)), methods=every),
        Route(order_path, methods(GET=guarded(get_order), DELETE=guarded(delete_order)), methods=every),
        Route(order_path + "/callbacks", methods(GET=guarded(callbacks)), methods=every),
        Route(order_path + "/test/reset", methods(PATCH=guarded(reset)), methods=every),
        Route(order_path + "/test/", methods(PATCH=guarded(update)), methods=every),
        Route("/pos/web/{pos_uuid}/payment-order", methods(GET=guarded(pos_orders)), methods=every),
        Route("/_sandbox/faults", set_faults, methods=["POST"]),
        Route("/_sandbox/stats", stats, methods=["GET"]),
    ]

    async def unexpected(request: Request, exc: Exception) -> Response:
        # The emulator's own bug met by some input: answered as the input's fault (and logged),
        # never as a 500 or a dropped connection, so a client under test sees a WebPOS error.
        logger.error("sandbox: %s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(400, "0001", f"the sandbox could not process this request ({type(exc).__name__})")

    app = Starlette(routes=routes, exception_handlers={Exception: unexpected})
    app.state.sandbox = state
    return _DroppingConnections(app, state)


class _DroppingConnections:
    """ASGI wrapper for the ``drop`` fault: starts an answer, then abandons the connection
    (the client sees a response cut short, as when a proxy or the network fails)."""

    def __init__(self, app: Starlette, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        faults = self.state.faults
        if scope["type"] == "http" and faults.drop > 0 and not scope["path"].startswith("/_sandbox"):
            faults.drop -= 1
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]})
            await send({"type": "http.response.body", "body": b'{"partial": ', "more_body": True})
            return
        await self.app(scope, receive, send)
