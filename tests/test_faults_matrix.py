"""The retry policy, cell by cell: every operation by every fault, through a TCP fault proxy in
front of the real sandbox, for the blocking and the asyncio client; then 1,000 ambiguous faults
on ``create_payment_order`` without a single duplicate order.

Each cell's expected outcome comes from the documented policy (README, "Retries and timeouts"):
a request safe to repeat (GET, DELETE, the sandbox PATCHes, the login) is repeated after a
dropped connection and after 429 / 5xx, honouring ``Retry-After``; ``create_payment_order`` only
when the connection could not be made; a timeout is never repeated. Waits go through ``sleep=``
(recorded, not slept), so only the timeouts cost wall time.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from _faultproxy import (
    BLACKHOLE,
    OPS,
    RESET_BEFORE_RESPONSE,
    RESET_MID_RESPONSE,
    Fault,
    FaultProxy,
    Op,
    latency,
    respond,
    sandbox_token,
)

from webpos_sdk import AsyncClient, Client, ConnectionErrorException, DictCache, RetryPolicy, TimeoutException
from webpos_sdk.exceptions import (
    FunctionalityDownException,
    InternalServerErrorException,
    SdkException,
    TooManyRequestsException,
)
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve
from webpos_sdk.sandbox.app import Faults

CLIENT_ID = "fault-client"
SECRET = "fault-secret"
FAST = RetryPolicy(max_attempts=3, backoff_base=0.001, backoff_max=0.002, deadline=10.0)
TIMEOUT = 2.0  # for the cells where nothing should time out
SHORT_TIMEOUT = 0.1  # for the cells that must time out
SLOW = 0.4  # an answer held this long misses SHORT_TIMEOUT
LATENCY = 0.03  # an answer held this long still makes TIMEOUT


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as running:
        yield running


@pytest.fixture(scope="module")
def proxy(sandbox: RunningSandbox) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", sandbox.port)) as running:
        yield running


@pytest.fixture(scope="module")
def token(sandbox: RunningSandbox) -> str:
    return sandbox_token(sandbox.base_url, CLIENT_ID, SECRET)


@pytest.fixture(scope="module")
def direct(sandbox: RunningSandbox) -> Iterator[Client]:
    """A client straight to the sandbox (no proxy), to prepare and inspect orders."""
    with Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url, cache=DictCache()) as client:
        yield client


@pytest.fixture
def clean(proxy: FaultProxy, sandbox: RunningSandbox) -> Iterator[None]:
    proxy.listen()
    proxy.clear()
    sandbox.state.faults = Faults()
    yield
    proxy.listen()
    proxy.clear()
    sandbox.state.faults = Faults()


# ----------------------------------------------------------------------------- the faults

FAULTS = [
    "none",
    "refused",
    "reset-before-response",
    "reset-mid-response",
    "latency",
    "slow",
    "blackhole",
    "500",
    "503",
    "429",
]
PROXY_FAULTS: dict[str, Fault] = {
    "reset-before-response": RESET_BEFORE_RESPONSE,
    "reset-mid-response": RESET_MID_RESPONSE,
    "latency": latency(LATENCY),
    "slow": latency(SLOW),
    "blackhole": BLACKHOLE,
}
SANDBOX_FAULTS: dict[str, Callable[[], Faults]] = {  # the sandbox consumes them: a fresh one per cell
    "500": lambda: Faults(status=500, status_times=1),  # 4000, as the error-code table pairs them
    "503": lambda: Faults(status=503, status_times=1),  # 4006
    "429": lambda: Faults(status=429, status_times=1, retry_after=1),
}


@dataclass(frozen=True)
class Expect:
    error: type[SdkException] | None  # None: the call succeeds
    received: int  # requests of the operation that reached the proxy
    forwarded: int  # ... and that the proxy passed on to the sandbox
    waits: list[float] | None  # the waits asked of sleep= (None: one backoff wait, any length)
    timeout: float = TIMEOUT


def expect(op: Op, fault: str) -> Expect:
    """The outcome of one cell, from the documented policy."""
    retried = op.documented_safe
    if fault == "none" or fault == "latency":
        return Expect(None, 1, 1, [])
    if fault == "refused":  # never reached the server: every request may be repeated
        return Expect(None, 1, 1, None)
    if fault in ("reset-before-response", "reset-mid-response"):  # the server acted: ambiguous
        if not retried:
            return Expect(ConnectionErrorException, 1, 1, [])
        return Expect(None, 2, 2, None)
    if fault == "slow":  # the server acted, the answer came too late: never repeated
        return Expect(TimeoutException, 1, 1, [], SHORT_TIMEOUT)
    if fault == "blackhole":
        return Expect(TimeoutException, 1, 0, [], SHORT_TIMEOUT)
    if fault == "500":
        return Expect(None, 2, 2, None) if retried else Expect(InternalServerErrorException, 1, 1, [])
    if fault == "503":
        return Expect(None, 2, 2, None) if retried else Expect(FunctionalityDownException, 1, 1, [])
    assert fault == "429"
    return Expect(None, 2, 2, [1.0]) if retried else Expect(TooManyRequestsException, 1, 1, [])


def _wait_forwarded(proxy: FaultProxy, method: str, path: str, count: int) -> None:
    """A held answer (``slow``) is forwarded while the client has already given up."""
    end = time.monotonic() + 5
    while proxy.count(method, path, forwarded=True) < count and time.monotonic() < end:
        time.sleep(0.005)


@dataclass
class Cell:
    op: Op
    fault: str
    order: str
    waits: list[float]
    elapsed: float = 0.0

    @property
    def path(self) -> str:
        return self.op.path_for(self.order)


@pytest.fixture
def cell_setup(proxy: FaultProxy, sandbox: RunningSandbox, direct: Client, clean: None) -> Callable[[Op, str], Cell]:
    def setup(op: Op, fault: str) -> Cell:
        order = str(direct.create_payment_order({"amount": "5.00"}).uuid)
        cell = Cell(op, fault, order, [])
        if fault in PROXY_FAULTS:
            proxy.inject(PROXY_FAULTS[fault], method=op.method, path=cell.path)
        elif fault in SANDBOX_FAULTS:
            sandbox.state.faults = SANDBOX_FAULTS[fault]()
        elif fault == "refused":
            proxy.refuse()
        return cell

    return setup


def _sleep_hook(proxy: FaultProxy, waits: list[float]) -> Callable[[float], None]:
    """Records the wait instead of sleeping; the refused proxy listens again before the retry."""

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        proxy.listen()

    return sleep


def _check(cell: Cell, outcome: BaseException | None, proxy: FaultProxy, direct: Client, creates: int) -> None:
    want = expect(cell.op, cell.fault)
    if want.error is None:
        assert outcome is None, f"{cell.op.name} with {cell.fault}: {outcome!r}"
    else:
        assert isinstance(outcome, want.error), f"{cell.op.name} with {cell.fault}: {outcome!r}"
    if cell.fault == "latency":
        assert cell.elapsed >= LATENCY  # the answer was held, and waited for
    method, path = cell.op.method, cell.path
    _wait_forwarded(proxy, method, path, want.forwarded)
    assert proxy.count(method, path) == want.received, proxy.seen
    assert proxy.count(method, path, forwarded=True) == want.forwarded, proxy.seen
    if want.waits is None:
        assert len(cell.waits) == 1
        assert 0 <= cell.waits[0] <= FAST.backoff_base
    else:
        assert cell.waits == want.waits
    acted = want.forwarded - (1 if cell.fault in SANDBOX_FAULTS else 0)  # requests the sandbox carried out
    if cell.op.name == "create":
        assert creates == acted, "orders created by the cell"
    if cell.op.name == "payment_update":
        status = str(direct.get_payment_order(cell.order).state.status)
        assert status == ("paid" if acted else "pending")


CELLS = [pytest.param(op, fault, id=f"{op.name}-{fault}") for op in OPS for fault in FAULTS]


@pytest.mark.parametrize(("op", "fault"), CELLS)
def test_blocking_client(
    op: Op,
    fault: str,
    cell_setup: Callable[[Op, str], Cell],
    proxy: FaultProxy,
    sandbox: RunningSandbox,
    direct: Client,
    token: str,
) -> None:
    cell = cell_setup(op, fault)
    before = sandbox.state.creates
    outcome: BaseException | None = None
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=proxy.url,
        cache=DictCache(),
        timeout=expect(op, fault).timeout,
        verify_ssl=False,
        retry=FAST,
        sleep=_sleep_hook(proxy, cell.waits),
    ) as client:
        client.tokens.store(token, 3600)
        started = time.monotonic()
        try:
            op.call(client, cell.order)
        except SdkException as err:
            outcome = err
        cell.elapsed = time.monotonic() - started
    _check(cell, outcome, proxy, direct, sandbox.state.creates - before)


@pytest.mark.parametrize(("op", "fault"), CELLS)
def test_async_client(
    op: Op,
    fault: str,
    cell_setup: Callable[[Op, str], Cell],
    proxy: FaultProxy,
    sandbox: RunningSandbox,
    direct: Client,
    token: str,
) -> None:
    cell = cell_setup(op, fault)
    before = sandbox.state.creates

    async def main() -> BaseException | None:
        async with AsyncClient(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=proxy.url,
            cache=DictCache(),
            timeout=expect(op, fault).timeout,
            verify_ssl=False,
            retry=FAST,
            sleep=_sleep_hook(proxy, cell.waits),
        ) as client:
            client.tokens.store(token, 3600)
            started = time.monotonic()
            try:
                await op.acall(client, cell.order)
            except SdkException as err:
                return err
            finally:
                cell.elapsed = time.monotonic() - started
        return None

    outcome = asyncio.run(main())
    _check(cell, outcome, proxy, direct, sandbox.state.creates - before)


# ------------------------------------------------------------------ 1,000 ambiguous faults

RESETS = 800  # half before the answer, half in its middle; one call in ten in between succeeds
TIMEOUTS = 100  # answers held past the client's timeout, all at once
LOST = 100  # requests that never reach the sandbox: blackholed (a timeout) or answered 500 / 503
AMBIGUOUS_TIMEOUT = 0.5
LOST_FAULTS = [BLACKHOLE, respond(500, "4000"), respond(503, "4006"), respond(502, "4000")]


def test_exactly_once_create_across_1000_ambiguous_faults(
    proxy: FaultProxy, sandbox: RunningSandbox, token: str, clean: None
) -> None:
    """Every create has a reference and meets a fault after which the order may or may not
    exist: each call returns its order, none is created twice, none is left unknown."""
    before_orders = len(sandbox.state.orders)
    sent: list[str] = []
    returned: dict[str, str] = {}  # reference -> the uuid the call returned
    unknown: list[BaseException] = []

    def record(reference: str, result: object) -> None:
        if isinstance(result, BaseException):
            unknown.append(result)
        else:
            returned[reference] = str(result.uuid)  # type: ignore[attr-defined]

    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=proxy.url,
        cache=DictCache(),
        timeout=AMBIGUOUS_TIMEOUT,
        verify_ssl=False,
        retry=FAST,
    ) as client:
        client.tokens.store(token, 3600)
        for n in range(RESETS):
            if n % 10 == 5:  # a success keeps the connection alive: the next fault hits a reused one
                sent.append(f"ok-{n}")
                record(sent[-1], client.create_payment_order({"amount": "1.00", "reference": sent[-1]}))
            proxy.inject(RESET_BEFORE_RESPONSE if n % 2 else RESET_MID_RESPONSE, method="POST", path="/payment-order")
            sent.append(f"reset-{n}")
            try:
                record(sent[-1], client.create_payment_order({"amount": "1.00", "reference": sent[-1]}))
            except SdkException as err:
                record(sent[-1], err)
        for n in range(LOST):
            proxy.inject(LOST_FAULTS[n % len(LOST_FAULTS)], method="POST", path="/payment-order")
            sent.append(f"lost-{n}")
            try:
                record(sent[-1], client.create_payment_order({"amount": "2.50", "reference": sent[-1]}))
            except SdkException as err:
                record(sent[-1], err)

    proxy.inject(latency(2 * AMBIGUOUS_TIMEOUT), method="POST", path="/payment-order", times=TIMEOUTS)

    async def held() -> list[BaseException | object]:
        async with AsyncClient(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=proxy.url,
            cache=DictCache(),
            timeout=AMBIGUOUS_TIMEOUT,
            verify_ssl=False,
            retry=FAST,
        ) as client:
            client.tokens.store(token, 3600)
            references = [f"held-{k}" for k in range(TIMEOUTS)]
            sent.extend(references)
            calls = [client.create_payment_order({"amount": "1.00", "reference": r}) for r in references]
            return await asyncio.gather(*calls, return_exceptions=True)

    held_results = asyncio.run(held())
    for reference, result in zip(sent[-TIMEOUTS:], held_results, strict=True):
        record(reference, result)

    assert len(sent) == RESETS + RESETS // 10 + LOST + TIMEOUTS >= 1000
    assert unknown == []  # 0 unknown outcomes
    _wait_forwarded(proxy, "POST", "/payment-order", len(sent))
    mine = set(sent)
    created = Counter(o["reference"] for o in sandbox.state.orders.values() if o["reference"] in mine)
    assert created == Counter(sent)  # 0 duplicates, 0 missing
    assert len(sandbox.state.orders) - before_orders == len(sent)
    by_reference = {o["reference"]: uuid for uuid, o in sandbox.state.orders.items() if o["reference"] in mine}
    assert returned == by_reference  # each call returned its own order


def test_without_a_reference_an_ambiguous_create_is_sent_once_and_raises(
    proxy: FaultProxy, sandbox: RunningSandbox, token: str, clean: None
) -> None:
    """No reference, nothing to look up by: the call is not repeated, and it says so."""
    before = sandbox.state.creates
    waits: list[float] = []
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=proxy.url,
        cache=DictCache(),
        timeout=TIMEOUT,
        verify_ssl=False,
        retry=FAST,
        sleep=waits.append,
    ) as client:
        client.tokens.store(token, 3600)
        for n in range(40):
            proxy.inject(RESET_BEFORE_RESPONSE if n % 2 else RESET_MID_RESPONSE, method="POST", path="/payment-order")
            with pytest.raises(ConnectionErrorException) as info:
                client.create_payment_order({"amount": "1.00"})
            assert info.value.request_sent is None
    _wait_forwarded(proxy, "POST", "/payment-order", 40)
    assert waits == []
    assert sandbox.state.creates - before == 40  # each reached the sandbox exactly once


def test_an_undecidable_create_raises_outcome_unknown_and_resumes(
    proxy: FaultProxy, sandbox: RunningSandbox, token: str, clean: None
) -> None:
    """The create's answer is lost and the lookup fails too: neither "created" nor "not created"
    can be said, so the call says exactly that, with what it takes to decide later."""
    import pickle

    from webpos_sdk.exceptions import PaymentOrderOutcomeUnknownException

    reference = f"unknown-{uuid.uuid4()}"
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=proxy.url,
        cache=DictCache(),
        timeout=TIMEOUT,
        verify_ssl=False,
        retry=RetryPolicy(max_attempts=1),
    ) as client:
        client.tokens.store(token, 3600)
        proxy.inject(RESET_BEFORE_RESPONSE, method="POST", path="/payment-order")
        proxy.inject(respond(503, "4006"), method="GET", path="/payment-order", times=3)  # every try of the lookup
        with pytest.raises(PaymentOrderOutcomeUnknownException) as info:
            client.create_payment_order({"amount": "3.00", "reference": reference})
        error = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own bytes, as a retry task gets them
        assert (error.reference, error.payment_order["amount"]) == (reference, "3.00")
        assert "resume_payment_order" in str(error)
        order = client.resume_payment_order(error)
    created = [uuid for uuid, o in sandbox.state.orders.items() if o["reference"] == reference]
    assert created == [str(order.uuid)]  # found, not created a second time


def test_a_refused_create_is_repeated_and_creates_one_order(
    proxy: FaultProxy, sandbox: RunningSandbox, token: str, clean: None
) -> None:
    """The one case where a create is repeated: it provably never left (refused twice, then accepted)."""
    refusals = [2]

    def sleep(_seconds: float) -> None:
        refusals[0] -= 1
        if refusals[0] == 0:
            proxy.listen()

    before = sandbox.state.creates
    reference = f"refused-{uuid.uuid4()}"
    proxy.refuse()
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=proxy.url,
        cache=DictCache(),
        verify_ssl=False,
        retry=FAST,
        sleep=sleep,
    ) as client:
        client.tokens.store(token, 3600)
        created = client.create_payment_order({"amount": "3.00", "reference": reference})
    assert refusals == [0]
    assert sandbox.state.creates - before == 1
    assert sandbox.state.orders[str(created.uuid)]["reference"] == reference
