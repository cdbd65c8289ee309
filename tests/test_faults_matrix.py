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
    sandbox_token,
)

from webpos_sdk import AsyncClient, Client, ConnectionErrorException, DictCache, RetryPolicy, TimeoutException
from webpos_sdk.exceptions import (
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
    "503": lambda: Faults(status=503, status_times=1),
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
    if fault == "503":
        return Expect(None, 2, 2, None) if retried else Expect(InternalServerErrorException, 1, 1, [])
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

RESETS = 900  # half before the answer, half in its middle; one call in ten in between succeeds
TIMEOUTS = 100  # answers held past the client's timeout, all at once
AMBIGUOUS_TIMEOUT = 0.5


def test_no_duplicate_order_across_1000_ambiguous_faults(
    proxy: FaultProxy, sandbox: RunningSandbox, token: str, clean: None
) -> None:
    before_creates, before_orders = sandbox.state.creates, len(sandbox.state.orders)
    waits: list[float] = []
    sent: list[str] = []  # the reference of every create call
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
        for n in range(RESETS):
            if n % 10 == 5:  # a success keeps the connection alive: the next fault hits a reused one
                sent.append(f"ok-{n}")
                client.create_payment_order({"amount": "1.00", "reference": sent[-1]})
            proxy.inject(RESET_BEFORE_RESPONSE if n % 2 else RESET_MID_RESPONSE, method="POST", path="/payment-order")
            sent.append(f"reset-{n}")
            with pytest.raises(ConnectionErrorException) as info:
                client.create_payment_order({"amount": "1.00", "reference": sent[-1]})
            assert type(info.value) is ConnectionErrorException

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
            sleep=waits.append,
        ) as client:
            client.tokens.store(token, 3600)
            sent.extend(f"held-{k}" for k in range(TIMEOUTS))
            calls = [client.create_payment_order({"amount": "1.00", "reference": r}) for r in sent[-TIMEOUTS:]]
            return await asyncio.gather(*calls, return_exceptions=True)

    held_results = asyncio.run(held())
    assert all(isinstance(r, TimeoutException) for r in held_results), held_results
    assert len(held_results) == TIMEOUTS

    calls = len(sent)
    assert calls == RESETS + TIMEOUTS + RESETS // 10
    _wait_forwarded(proxy, "POST", "/payment-order", calls)
    assert waits == []  # not one repeat was even considered
    assert proxy.count("POST", "/payment-order") == calls
    assert proxy.count("POST", "/payment-order", forwarded=True) == calls
    assert sandbox.state.creates - before_creates == calls  # each call reached the sandbox exactly once
    assert len(sandbox.state.orders) - before_orders == calls
    mine = set(sent)
    created = Counter(o["reference"] for o in sandbox.state.orders.values() if o["reference"] in mine)
    assert created == Counter(sent)  # one order per call: none missing, none twice


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
