"""The token cache as a state machine, with an injected clock and a fake token endpoint.

Two token managers share one cache (two clients of a process, or two processes on a shared
cache), their clock jumps around, the server revokes tokens (answering 1004 to the next request
carrying one), and another process may hold the login lock, finish its own login or die
holding it. Whatever the sequence:

* no request ever carries a token past its expiry minus the skew (as the README defines it: at
  most a fifth of the lifetime);
* a token the server said expired is never sent again;
* waiting for another process's login lasts at most ``LOCK_TTL``;
* a login happens only when no usable token is to be had (the newest one expired or was revoked),
  so logins ≤ the token lifetimes elapsed + 1 (+ one per revocation).
"""

from __future__ import annotations

import asyncio
import math
import os

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from webpos_sdk import DictCache
from webpos_sdk._token import LOCK_TTL, POLL_INTERVAL, Token, TokenManager, cache_key

START = 1_700_000_000.0


class SharedDictCache(DictCache):
    """A DictCache that says it is shared: the managers take the cross-process login lock."""

    shared = True


class TokenCacheMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.key = cache_key("https://api.machine.test", "machine-client")
        self.issued: dict[str, tuple[float, float]] = {}  # token -> (issued at, lifetime)
        self.newest: str | None = None
        self.revoked: set[str] = set()
        self.revocations = 0
        self.sdk_logins = 0
        self.lifetime = 0
        self.skew = 0.0
        self.managers: list[TokenManager] = []
        self.cache: DictCache = DictCache()
        self.foreign_finishes_after: int | None = None  # polls until the lock holder stores a token
        self.loop = asyncio.new_event_loop()

    def teardown(self) -> None:
        self.loop.close()

    # -- the fake world ------------------------------------------------------------------
    def clock(self) -> float:
        return self.now

    def effective_skew(self) -> float:
        return min(self.skew, self.lifetime / 5)

    def window(self) -> float:
        """How long one token is used: its lifetime less the skew."""
        return self.lifetime - self.effective_skew()

    def issue(self) -> tuple[str, float]:
        token = f"tok-{len(self.issued) + 1}"
        self.issued[token] = (self.now, float(self.lifetime))
        self.newest = token
        return token, float(self.lifetime)

    def login(self) -> tuple[str, float]:
        """The token endpoint, as the SDK calls it: checks that the login was needed."""
        if self.newest is not None and self.newest not in self.revoked:
            issued_at, lifetime = self.issued[self.newest]
            refresh_at = issued_at + lifetime - min(self.skew, lifetime / 5)
            assert self.now >= refresh_at, f"login at {self.now - START} while {self.newest} is good until {refresh_at}"
        self.sdk_logins += 1
        return self.issue()

    async def alogin(self) -> tuple[str, float]:
        return self.login()

    def sleep(self, seconds: float) -> None:
        """The managers' sleep while another process holds the lock: time passes, and that
        process may finish its login meanwhile."""
        self.now += seconds
        if self.foreign_finishes_after is not None:
            self.foreign_finishes_after -= 1
            if self.foreign_finishes_after <= 0:
                self.foreign_finishes_after = None
                foreign = TokenManager(self.cache, self.key, clock=self.clock, skew=self.skew)
                foreign.store(*self.issue())
                self.cache.delete(self.key + ":lock")

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    # -- rules ---------------------------------------------------------------------------
    @initialize(
        lifetime=st.one_of(st.integers(1, 10), st.integers(60, 7200)),
        skew=st.sampled_from([0.0, 1.0, 30.0, 600.0]),
        shared=st.booleans(),
    )
    def setup(self, lifetime: int, skew: float, shared: bool) -> None:
        self.lifetime, self.skew = lifetime, skew
        self.cache = SharedDictCache(self.clock) if shared else DictCache(self.clock)
        self.managers = [
            TokenManager(self.cache, self.key, clock=self.clock, skew=skew, sleep=self.sleep, async_sleep=self.asleep)
            for _ in range(2)
        ]

    @rule(fraction=st.one_of(st.just(0.0), st.floats(0, 0.3), st.floats(0, 2.5)))
    def time_passes(self, fraction: float) -> None:
        self.now += fraction * self.lifetime

    @rule(
        point=st.sampled_from(["refresh", "expiry"]),
        offset=st.one_of(st.sampled_from([-1e-6, 0.0, 1e-6]), st.floats(-1, 1)),
    )
    def time_reaches_a_limit_of_the_newest_token(self, point: str, offset: float) -> None:
        """Around the instants that matter: where the newest token should be refreshed, or expires."""
        if self.newest is None:
            return
        issued_at, lifetime = self.issued[self.newest]
        limit = issued_at + lifetime - (min(self.skew, lifetime / 5) if point == "refresh" else 0.0)
        self.now = max(self.now, limit + offset)

    @rule(which=st.integers(0, 1), use_async=st.booleans())
    def request(self, which: int, use_async: bool) -> None:
        """A request, as ``WebPosAuth`` makes it: on 1004, invalidate and get again (the auth
        flow does it once per call; the next call would again)."""
        manager = self.managers[which]
        before = self.now
        if use_async:
            token = self.loop.run_until_complete(manager.get_async(self.alogin))
        else:
            token = manager.get_sync(self.login)
        assert self.now - before <= LOCK_TTL + POLL_INTERVAL, "waited too long for another process's login"
        self.check_sent(token)
        told: set[str] = set()
        while token.access_token in self.revoked:  # the server answers 1004
            told.add(token.access_token)
            manager.invalidate(token)
            token = manager.get_sync(self.login)
            assert token.access_token not in told, "a token the server said expired was sent again"
            self.check_sent(token)

    def check_sent(self, token: Token) -> None:
        assert token.access_token in self.issued
        issued_at, lifetime = self.issued[token.access_token]
        limit = issued_at + lifetime - min(self.skew, lifetime / 5)
        assert self.now < limit, f"{token.access_token} sent {self.now - limit:g} s past expiry minus skew"

    @rule()
    def server_revokes_the_newest_token(self) -> None:
        if self.newest is not None and self.newest not in self.revoked:
            self.revoked.add(self.newest)
            self.revocations += 1

    @rule(finishes_after=st.sampled_from([None, 1, 5, 50, 1000]), ttl=st.sampled_from([1.0, LOCK_TTL, 3600.0]))
    def another_process_takes_the_login_lock(self, finishes_after: int | None, ttl: float) -> None:
        """``finishes_after`` polls of a waiting manager, it stores its token and lets go; None:
        it dies holding the lock (which expires after ``ttl``, or the managers stop waiting)."""
        if self.cache.shared and self.cache.add(self.key + ":lock", "another-process", ttl):
            self.foreign_finishes_after = finishes_after

    @rule(which=st.integers(0, 1), use_async=st.booleans())
    def a_token_is_needed_while_a_dead_process_holds_the_lock(self, which: int, use_async: bool) -> None:
        """The lock holder died (its lock outlives any wait) just as the token needs renewing."""
        if not self.cache.shared or self.newest is None:
            return
        self.cache.add(self.key + ":lock", "a-dead-process", 3600.0)
        issued_at, lifetime = self.issued[self.newest]
        self.now = max(self.now, issued_at + lifetime)
        self.request(which, use_async=use_async)

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def logins_are_bounded_by_the_lifetimes_elapsed(self) -> None:
        if not self.managers:
            return
        windows = (self.now - START) / self.window() + 1e-6  # (the clock is an epoch: float rounding)
        assert self.sdk_logins <= math.floor(windows) + 1 + self.revocations


TokenCacheMachine.TestCase.settings = settings(
    max_examples=500 if os.environ.get("CI") else 150,
    stateful_step_count=30,
    deadline=None,
)
test_token_cache_state_machine = TokenCacheMachine.TestCase
