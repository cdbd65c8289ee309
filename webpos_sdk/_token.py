"""Token policy, apart from transport: expiry with skew, single-flight refresh, invalidation.

A token is fetched at most once at a time per cache key: across threads (a lock per key),
across asyncio tasks (an asyncio lock per key and event loop) and, when the cache is shared
(Redis, Django), across processes (a short lock stored in the cache; the others wait for the
token to appear). Expiry is computed from ``expires_in`` with an injectable wall clock, and a
token is refreshed ``skew`` seconds ahead of its expiry (at most a fifth of its lifetime).
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import logging
import secrets
import threading
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from . import _fork
from ._cache import Cache, bounded_ttl
from ._deadline import exceeded, time_left
from ._sansio import Steps

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    import asyncio

DEFAULT_SKEW = 30.0
T = TypeVar("T")
LOCK_TTL = 10.0
POLL_INTERVAL = 0.05


@dataclass(frozen=True, slots=True)
class Token:
    """A bearer access token. Its value never shows in ``repr``."""

    access_token: str = field(repr=False)
    expires_at: float
    refresh_at: float

    def usable(self, now: float) -> bool:
        return now < self.refresh_at

    def to_json(self) -> str:
        return json.dumps(
            {"access_token": self.access_token, "expires_at": self.expires_at, "refresh_at": self.refresh_at}
        )

    @classmethod
    def from_json(cls, raw: str) -> Token | None:
        try:
            data = json.loads(raw)
            return cls(str(data["access_token"]), float(data["expires_at"]), float(data["refresh_at"]))
        except (ValueError, KeyError, TypeError, RecursionError):  # not ours: a miss
            return None


def cache_key(base_url: str, client_id: str) -> str:
    """One key per API host and client id (hashed: no credentials in cache key listings)."""
    digest = hashlib.sha256(f"{base_url.rstrip('/')}\n{client_id}".encode()).hexdigest()[:32]
    return f"webpos_sdk:token:{digest}"


_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()
_async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


@_fork.after_fork
def _fresh_locks() -> None:
    """In a child after ``os.fork()``: a lock held at the fork (a login in another thread) would
    stay held forever, and the asyncio locks belong to the parent's event loops."""
    global _thread_locks, _thread_locks_guard, _async_locks
    _thread_locks = {}
    _thread_locks_guard = threading.Lock()
    _async_locks = weakref.WeakKeyDictionary()


def _thread_lock(key: str) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


def _async_lock(key: str) -> asyncio.Lock:
    import asyncio  # only async users pay for importing asyncio

    loop = asyncio.get_running_loop()
    with _thread_locks_guard:
        for old in [old for old in _async_locks if old.is_closed()]:
            del _async_locks[old]  # a lock used there holds its loop: keep no closed loop alive
        per_loop = _async_locks.setdefault(loop, {})
        return per_loop.setdefault(key, asyncio.Lock())


class TokenManager:
    """Hands out a usable token, logging in when (and only when) needed."""

    def __init__(
        self,
        cache: Cache,
        key: str,
        *,
        clock: Callable[[], float] = time.time,
        skew: float = DEFAULT_SKEW,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._cache = cache
        self.key = key
        self._lock_key = key + ":lock"
        self._clock = clock
        self._skew = skew
        self._sleep = sleep
        self._async_sleep = async_sleep or _asyncio_sleep
        self._memo: Token | None = None
        self._seen: collections.deque[str] = collections.deque(maxlen=8)
        self.logins: int = 0  # how many logins this manager performed (for diagnostics and tests)

    # -- reading -------------------------------------------------------------------------
    def current(self) -> Token | None:
        """A usable token from memory or the cache, or None."""
        now = self._clock()
        memo = self._memo
        if memo is not None and memo.usable(now):
            return memo
        raw = self._cache.get(self.key)
        token = Token.from_json(raw) if raw else None
        if token is not None and token.usable(now):
            self._memo = token
            self._remember(token)
            return token
        return None

    def _remember(self, token: Token) -> None:
        if token.access_token not in self._seen:
            self._seen.append(token.access_token)

    def recent(self) -> list[str]:
        """The last few tokens this manager handed out: every token one call may have sent (one
        renewed during a retry's wait included), for redaction."""
        return list(self._seen)

    def store(self, access_token: str, expires_in: float) -> Token:
        """Remember a fresh token (from a login answer)."""
        now = self._clock()
        lifetime = bounded_ttl(float(expires_in))  # 1e308 or inf: a year (no cache overflows)
        skew = min(self._skew, lifetime / 5)
        token = Token(access_token, now + lifetime, now + lifetime - skew)
        self._memo = token
        self._remember(token)
        if lifetime - skew > 0:
            self._cache.set(self.key, token.to_json(), ttl=lifetime - skew)
        return token

    def invalidate(self, token: Token) -> None:
        """Forget ``token`` (the server said it expired); keeps a newer one another worker stored."""
        logger.info("the API refused the access token as expired: it is forgotten, and the call logs in again")
        if self._memo == token:
            self._memo = None
        raw = self._cache.get(self.key)
        cached = Token.from_json(raw) if raw else None
        if cached is None or cached.access_token == token.access_token:
            self._cache.delete(self.key)

    # -- refreshing ----------------------------------------------------------------------
    # ``_refresh`` decides (it yields LOGIN or SLEEP, and is sent the login's answer or None);
    # get_sync and get_async take the in-process lock and do the logging in and the waiting.
    def get_sync(self, login: Callable[[], tuple[str, float]]) -> Token:
        token = self.current()
        if token is not None:
            return token
        with _thread_lock_within_deadline(self.key):
            steps: Steps[str, tuple[str, float] | None, Token] = Steps(self._refresh())
            answer = None
            while (step := steps.send(answer)) is not None:
                if step == SLEEP:
                    self._sleep(POLL_INTERVAL)
                answer = login() if step == LOGIN else None
        assert steps.result is not None
        return steps.result

    async def get_async(self, login: Callable[[], Awaitable[tuple[str, float]]]) -> Token:
        memo = self._memo
        if memo is not None and memo.usable(self._clock()):
            return memo
        # A shared cache (Redis, Django) is used from a worker thread: a hung one must not
        # freeze the event loop (the deadline's context goes along: see asyncio.to_thread).
        off_loop = self._cache.shared
        token = await _off_loop(self.current) if off_loop else self.current()
        if token is not None:
            return token
        async with _async_lock_within_deadline(self.key):
            steps: Steps[str, tuple[str, float] | None, Token] = Steps(self._refresh())
            answer = None
            while (step := (await _off_loop(steps.send, answer) if off_loop else steps.send(answer))) is not None:
                if step == SLEEP:
                    await self._async_sleep(POLL_INTERVAL)
                answer = await login() if step == LOGIN else None
        assert steps.result is not None
        return steps.result

    def _refresh(self) -> Generator[str, tuple[str, float] | None, Token]:
        """Under the in-process lock: a token another call stored meanwhile, or a login. With a
        shared cache only one process logs in (it holds a short lock in the cache); the others
        poll for its token, and go ahead when the holder seems dead."""
        token = self.current()
        if token is not None:
            return token
        if not self._cache.shared:
            return self._logged_in((yield LOGIN))
        owner = secrets.token_hex(8)
        deadline = self._clock() + LOCK_TTL
        waiting = False
        while not self._cache.add(self._lock_key, owner, LOCK_TTL):
            if not waiting:
                waiting = True
                logger.debug("another process is logging in (it holds the lock in the cache): waiting for its token")
            yield SLEEP
            token = self.current()
            if token is not None:
                return token
            if self._clock() >= deadline:  # the lock holder died: go ahead
                return self._logged_in((yield LOGIN))
            _check_time_left()
        try:
            token = self.current()
            return token if token is not None else self._logged_in((yield LOGIN))
        finally:
            if self._cache.get(self._lock_key) == owner:
                self._cache.delete(self._lock_key)

    def _logged_in(self, answer: tuple[str, float] | None) -> Token:
        if answer is None:
            raise RuntimeError("a login step was answered with nothing")
        access_token, expires_in = answer
        renewal = self._memo is not None
        self.logins += 1
        token = self.store(access_token, expires_in)
        logger.info(
            "%s: the token is valid for %.0f s, renewed %.0f s before it expires",
            "renewed the access token" if renewal else "logged in",
            token.expires_at - self._clock(),
            token.expires_at - token.refresh_at,
        )
        return token


LOGIN = "login"
SLEEP = "sleep"


@contextlib.contextmanager
def _thread_lock_within_deadline(key: str) -> Iterator[None]:
    """Hold the per-key thread lock, waiting no longer than the current call's deadline allows."""
    lock = _thread_lock(key)
    left = time_left()  # waiting for another call's login counts against this call's deadline
    if not lock.acquire(timeout=-1 if left is None else min(max(left, 0.0), threading.TIMEOUT_MAX)):
        raise exceeded("waiting for another call's login")
    try:
        yield
    finally:
        lock.release()


@contextlib.asynccontextmanager
async def _async_lock_within_deadline(key: str) -> AsyncIterator[None]:
    """Hold the per-key asyncio lock of this event loop, within the current call's deadline."""
    lock = _async_lock(key)
    await _acquire_within_deadline(lock)
    try:
        yield
    finally:
        lock.release()


async def _off_loop(work: Callable[..., T], *args: object) -> T:
    import asyncio

    return await asyncio.to_thread(work, *args)


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def _acquire_within_deadline(lock: asyncio.Lock) -> None:
    """Take ``lock``, waiting no longer than the current call's deadline allows."""
    import asyncio

    left = time_left()
    if left is None:
        await lock.acquire()
        return
    # Always bounded: a lock that looks free may already be promised to a queued waiter.
    try:
        await asyncio.wait_for(lock.acquire(), max(left, 0.0))
    except TimeoutError:
        raise exceeded("waiting for another call's login") from None


def _check_time_left() -> None:
    left = time_left()
    if left is not None and left <= 0:
        raise exceeded("waiting for another process's login")
