"""The Redis token cache failing under a run of real calls (against the sandbox): Redis killed
(the redis-server this test started, by its pid) → not one failed call; Redis hung (the fault
proxy swallows every command) → each call delayed by at most one socket timeout; and both
times, Redis is used again once it is back.

Two clients share Redis, as two processes would. An injected wall clock jumps past the token's
lifetime every round, so every round needs a fresh token: with Redis, one client logs in and
the other finds the token in Redis (one login per round); without it, each client falls back
to its in-process cache (up to one login per client per round).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterator

import pytest
from _faultproxy import BLACKHOLE, PASS, FaultProxy
from conftest import RedisServer

from webpos_sdk import Client
from webpos_sdk._token import cache_key
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve

CLIENT_ID = "redis-fault-client"
SECRET = "redis-fault-secret"
LIFETIME = 3600
SOCKET_TIMEOUT = 0.3
RETRY_AFTER = 0.4  # how long the SDK leaves a failed Redis alone
MARGIN = 0.25  # below a second socket timeout: one call waits on Redis at most once
CALLS_PER_ROUND = 4


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET, token_lifetime=LIFETIME)) as running:
        yield running


class Run:
    """Rounds of calls by two clients sharing one Redis, with a wall clock that jumps a token
    lifetime ahead every round; records every call's duration and every failure."""

    def __init__(self, sandbox: RunningSandbox, host: str, port: int) -> None:
        self.sandbox = sandbox
        self.offset = 0.0
        self.durations: list[float] = []
        self.failures: list[BaseException] = []
        options = {"hostname": host, "port": port, "socket_timeout": SOCKET_TIMEOUT, "retry_after": RETRY_AFTER}
        self.clients = [
            Client(
                client_id=CLIENT_ID,
                secret=SECRET,
                base_url=sandbox.base_url,
                verify_ssl=False,
                cache={"driver": "redis", "options": options},
                clock=lambda: time.time() + self.offset,
            )
            for _ in range(2)
        ]
        self.key = cache_key(sandbox.base_url, CLIENT_ID)

    def rounds(self, count: int) -> int:
        """Play ``count`` rounds; the logins they took."""
        before = self.sandbox.state.logins
        for _ in range(count):
            self.offset += LIFETIME
            for n in range(CALLS_PER_ROUND):
                started = time.monotonic()
                try:
                    self.clients[n % 2].get_payment_orders(page=0, page_size=1)
                except Exception as err:
                    self.failures.append(err)
                self.durations.append(time.monotonic() - started)
        return self.sandbox.state.logins - before

    def rounds_for(self, seconds: float) -> tuple[int, int]:
        """Rounds for at least ``seconds``; (rounds played, logins)."""
        end = time.monotonic() + seconds
        played = logins = 0
        while time.monotonic() < end:
            logins += self.rounds(1)
            played += 1
        return played, logins

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def make_run(sandbox: RunningSandbox) -> Iterator[Callable[[str, int], Run]]:
    made: list[Run] = []

    def make(host: str, port: int) -> Run:
        run = Run(sandbox, host, port)
        made.append(run)
        return run

    yield make
    for run in made:
        run.close()


def sdk_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("webpos_sdk") and r.levelno >= logging.WARNING]


def test_redis_killed_mid_run_fails_no_call(
    start_redis: Callable[..., RedisServer], make_run: Callable[[str, int], Run], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_redis()
    raw = server.client(decode_responses=True)
    run = make_run(server.host, server.port)
    with caplog.at_level(logging.WARNING, logger="webpos_sdk"):
        assert run.rounds(10) == 10  # one login a round: the other client found it in Redis
        assert raw.get(run.key) is not None
        raw.close()

        server.process.send_signal(signal.SIGKILL)  # the redis-server this test started, by its pid
        assert server.process.wait(timeout=5) == -signal.SIGKILL
        logins = run.rounds(10)
        assert 10 <= logins <= 20  # each client on its own now, never more than a login a round
        assert len([m for m in sdk_messages(caplog) if "unreachable" in m]) == 2  # once per client

        back = start_redis(server.port)  # Redis returns on the same port
        time.sleep(RETRY_AFTER + 0.05)
        run.rounds(1)  # each client notices Redis is back
        assert run.rounds(10) == 10  # shared again
    assert run.failures == []
    assert max(run.durations) < SOCKET_TIMEOUT + MARGIN, max(run.durations)
    assert len([m for m in sdk_messages(caplog) if "reachable again" in m]) == 2
    assert back.client(decode_responses=True).get(run.key) is not None


def test_redis_hung_adds_bounded_latency_and_recovers(
    redis_server: RedisServer, make_run: Callable[[str, int], Run], caplog: pytest.LogCaptureFixture
) -> None:
    raw = redis_server.client(decode_responses=True)
    with FaultProxy((redis_server.host, redis_server.port), http=False) as proxy, caplog.at_level(logging.WARNING):
        run = make_run("127.0.0.1", proxy.port)
        raw.delete(run.key)
        assert run.rounds(10) == 10
        assert proxy.count(forwarded=True) > 0  # Redis is reached through the proxy
        healthy = max(run.durations)

        proxy.default = BLACKHOLE  # every command from now on, on open connections too, goes unanswered
        run.durations.clear()
        hung_for = 4 * RETRY_AFTER
        played, logins = run.rounds_for(hung_for)
        assert played <= logins <= 2 * played
        slow = [d for d in run.durations if d >= SOCKET_TIMEOUT]
        assert max(run.durations) < SOCKET_TIMEOUT + MARGIN, max(run.durations)
        # each client tries Redis again only every RETRY_AFTER seconds: one socket timeout each time
        wall = sum(run.durations)
        assert 1 <= len(slow) <= 2 * (wall / RETRY_AFTER + 1), (len(slow), wall)

        proxy.default = PASS
        time.sleep(RETRY_AFTER + 0.05)
        run.durations.clear()
        run.rounds(1)
        assert run.rounds(10) == 10  # shared through Redis again
        assert max(run.durations) < max(healthy, 0.05) + MARGIN
    assert run.failures == []
    assert any("reachable again" in m for m in sdk_messages(caplog))
    token = raw.get(run.key)
    assert token is not None
    raw.delete(run.key)
    raw.close()
