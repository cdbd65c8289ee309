"""No leaked connections: a pool of 4, 1,000 calls from 4 workers with half of them failing
(reset before and in the middle of the answer, error answers after retries, 404s, timeouts),
no ``PoolTimeout``, and the process's open file descriptors back to their baseline.

With as many workers as pooled connections, a worker never waits for a connection unless one
leaked: a leaked connection is never given back, so a later call waits for the pool and ends
in ``PoolTimeout`` (a ``TimeoutException`` naming it). Every call's outcome is checked against
its fault, chosen by the proxy from the ``page`` the call asks for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from _faultproxy import (
    BLACKHOLE,
    PASS,
    RESET_BEFORE_RESPONSE,
    RESET_MID_RESPONSE,
    Fault,
    FaultProxy,
    open_fds,
    respond,
    sandbox_token,
)

from webpos_sdk import AsyncClient, Client, ConnectionErrorException, DictCache, RetryPolicy, TimeoutException
from webpos_sdk.exceptions import FunctionalityDownException, NotFoundException, SdkException
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve

CLIENT_ID = "pool-client"
SECRET = "pool-secret"
POOL = 4
CALLS = 1000
TIMEOUT = 1.0  # also the pool timeout: a leak shows within it
POLICY = RetryPolicy(max_attempts=2, backoff_base=0.001, backoff_max=0.002, deadline=10.0)

# the faults of the failing (odd) pages, in turn, and the error each call must end with
FAILURES: list[tuple[Fault, type[SdkException]]] = [
    (RESET_BEFORE_RESPONSE, ConnectionErrorException),
    (RESET_MID_RESPONSE, ConnectionErrorException),
    (respond(503, "4006"), FunctionalityDownException),  # retried, then returned
    (respond(404, "3001"), NotFoundException),
    (RESET_BEFORE_RESPONSE, ConnectionErrorException),
    (RESET_MID_RESPONSE, ConnectionErrorException),
    (respond(503, "4006"), FunctionalityDownException),
    (respond(404, "3001"), NotFoundException),
]
HUNG_EVERY = 100  # one failing call in 100 meets a blackhole and times out instead


def fault_of(page: int) -> tuple[Fault, type[SdkException] | None]:
    if page % 2 == 0:
        return PASS, None
    failing = page // 2
    if failing % HUNG_EVERY == HUNG_EVERY - 1:
        return BLACKHOLE, TimeoutException
    return FAILURES[failing % len(FAILURES)]


def attempts(page: int) -> int:
    """Requests a call makes: errors safe to repeat are tried twice, timeouts and 404s once."""
    _fault, error = fault_of(page)
    return 2 if error in (ConnectionErrorException, FunctionalityDownException) else 1


def decide(method: str, target: str) -> Fault:
    pages = parse_qs(urlsplit(target).query).get("page")
    return PASS if pages is None else fault_of(int(pages[0]))[0]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as running:
        yield running


@pytest.fixture
def proxy(sandbox: RunningSandbox) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", sandbox.port)) as running:
        running.decide = decide
        yield running


@pytest.fixture(scope="module")
def token(sandbox: RunningSandbox) -> str:
    return sandbox_token(sandbox.base_url, CLIENT_ID, SECRET)


def settle(baseline: int, proxy: FaultProxy) -> int:
    """The open descriptors once the proxy and the sandbox closed their ends (at most 3 s)."""
    end = time.monotonic() + 3
    while True:
        proxy.wait_idle(max(0.0, end - time.monotonic()))
        count = open_fds()
        if count <= baseline or time.monotonic() > end:
            return count
        time.sleep(0.02)


Outcome = SdkException | None


def is_pool_timeout(outcome: Outcome) -> bool:
    return isinstance(outcome, TimeoutException) and "PoolTimeout" in str(outcome)


def check(outcomes: list[Outcome]) -> None:
    assert [o for o in outcomes if is_pool_timeout(o)] == []
    wrong = [
        (page, outcome)
        for page, outcome in enumerate(outcomes)
        if ((expected := fault_of(page)[1]) is None and outcome is not None)
        or (expected is not None and type(outcome) is not expected)
    ]
    assert wrong == []
    assert sum(o is None for o in outcomes) == len(outcomes) // 2


def blocking_run(base_url: str, token: str, calls: int, keep: list[object]) -> list[Outcome]:
    """``calls`` calls from POOL threads; the client goes to ``keep`` (closed, not collected)."""
    with Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=base_url,
        cache=DictCache(),
        timeout=TIMEOUT,
        retry=POLICY,
        verify_ssl=False,
        max_connections=POOL,
    ) as client:
        keep.append(client)
        client.tokens.store(token, 3600)
        leaked: list[SdkException] = []  # after a PoolTimeout, the rest would only wait: stop

        def one(page: int) -> Outcome:
            if leaked:
                return leaked[0]
            try:
                client.get_payment_orders(page=page, page_size=1)
            except SdkException as err:
                if is_pool_timeout(err):
                    leaked.append(err)
                return err
            return None

        with ThreadPoolExecutor(max_workers=POOL) as workers:
            return list(workers.map(one, range(calls)))


def async_run(base_url: str, token: str, calls: int, keep: list[object]) -> list[Outcome]:
    async def main() -> list[Outcome]:
        outcomes: list[Outcome] = [None] * calls
        pages = iter(range(calls))
        async with AsyncClient(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=base_url,
            cache=DictCache(),
            timeout=TIMEOUT,
            retry=POLICY,
            verify_ssl=False,
            max_connections=POOL,
        ) as client:
            client.tokens.store(token, 3600)

            leaked: list[SdkException] = []  # after a PoolTimeout, the rest would only wait: stop

            async def worker() -> None:
                for page in pages:
                    if leaked:
                        outcomes[page] = leaked[0]
                        continue
                    try:
                        await client.get_payment_orders(page=page, page_size=1)
                    except SdkException as err:
                        outcomes[page] = err
                        if is_pool_timeout(err):
                            leaked.append(err)

            await asyncio.gather(*(worker() for _ in range(POOL)))
        return outcomes

    return asyncio.run(main())


@pytest.mark.parametrize("run", [blocking_run, async_run], ids=["blocking", "async"])
def test_no_connection_leaks_with_half_the_calls_failing(
    run: Callable[[str, str, int, list[object]], list[Outcome]], proxy: FaultProxy, token: str
) -> None:
    keep: list[object] = []  # a closed client must have let go of its sockets, garbage or not
    check(run(proxy.url, token, 40, keep))  # warm-up: what is created lazily, and kept, exists now
    baseline = settle(open_fds(), proxy)
    proxy.clear()
    proxy.decide = decide

    outcomes = run(proxy.url, token, CALLS, keep)

    assert len(outcomes) == CALLS
    check(outcomes)
    assert proxy.count("GET") == sum(attempts(page) for page in range(CALLS))
    assert settle(baseline, proxy) <= baseline
