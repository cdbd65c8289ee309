"""Token policy, apart from transport: expiry with skew, single-flight refresh, invalidation.

A token is fetched at most once at a time per cache key: across threads (a lock per key),
across asyncio tasks (an asyncio lock per key and event loop) and, when the cache is shared
(Redis, Django), across processes (a short lock stored in the cache; the others wait for the
token to appear). Expiry is computed from ``expires_in`` with an injectable wall clock, and a
token is refreshed ``skew`` seconds ahead of its expiry (at most a fifth of its lifetime).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._cache import Cache
from ._deadline import exceeded, time_left

if TYPE_CHECKING:
    import asyncio

DEFAULT_SKEW = 30.0
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
        except (ValueError, KeyError, TypeError):
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


def _thread_lock(key: str) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


def _async_lock(key: str) -> asyncio.Lock:
    import asyncio  # only async users pay for importing asyncio

    loop = asyncio.get_running_loop()
    with _thread_locks_guard:
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
        self.logins = 0  # how many logins this manager performed (for diagnostics and tests)

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
            return token
        return None

    def store(self, access_token: str, expires_in: float) -> Token:
        """Remember a fresh token (from a login answer)."""
        now = self._clock()
        lifetime = max(0.0, float(expires_in))
        skew = min(self._skew, lifetime / 5)
        token = Token(access_token, now + lifetime, now + lifetime - skew)
        self._memo = token
        if lifetime - skew > 0:
            self._cache.set(self.key, token.to_json(), ttl=lifetime - skew)
        return token

    def invalidate(self, token: Token) -> None:
        """Forget ``token`` (the server said it expired); keeps a newer one another worker stored."""
        if self._memo == token:
            self._memo = None
        raw = self._cache.get(self.key)
        cached = Token.from_json(raw) if raw else None
        if cached is None or cached.access_token == token.access_token:
            self._cache.delete(self.key)

    # -- refreshing ----------------------------------------------------------------------
    def get_sync(self, login: Callable[[], tuple[str, float]]) -> Token:
        token = self.current()
        if token is not None:
            return token
        lock = _thread_lock(self.key)
        left = time_left()  # waiting for another call's login counts against this call's deadline
        if not lock.acquire(timeout=-1 if left is None else min(max(left, 0.0), threading.TIMEOUT_MAX)):
            raise exceeded("waiting for another call's login")
        try:
            token = self.current()
            if token is not None:
                return token
            if not self._cache.shared:
                return self._login_sync(login)
            owner = secrets.token_hex(8)
            deadline = self._clock() + LOCK_TTL
            while not self._cache.add(self._lock_key, owner, LOCK_TTL):
                self._sleep(POLL_INTERVAL)
                token = self.current()
                if token is not None:
                    return token
                if self._clock() >= deadline:  # the lock holder died: go ahead
                    return self._login_sync(login)
                _check_time_left()
            try:
                token = self.current()
                return token if token is not None else self._login_sync(login)
            finally:
                if self._cache.get(self._lock_key) == owner:
                    self._cache.delete(self._lock_key)
        finally:
            lock.release()

    async def get_async(self, login: Callable[[], Awaitable[tuple[str, float]]]) -> Token:
        token = self.current()
        if token is not None:
            return token
        lock = _async_lock(self.key)
        await _acquire_within_deadline(lock)
        try:
            token = self.current()
            if token is not None:
                return token
            if not self._cache.shared:
                return await self._login_async(login)
            owner = secrets.token_hex(8)
            deadline = self._clock() + LOCK_TTL
            while not self._cache.add(self._lock_key, owner, LOCK_TTL):
                await self._async_sleep(POLL_INTERVAL)
                token = self.current()
                if token is not None:
                    return token
                if self._clock() >= deadline:
                    return await self._login_async(login)
                _check_time_left()
            try:
                token = self.current()
                return token if token is not None else await self._login_async(login)
            finally:
                if self._cache.get(self._lock_key) == owner:
                    self._cache.delete(self._lock_key)
        finally:
            lock.release()

    def _login_sync(self, login: Callable[[], tuple[str, float]]) -> Token:
        access_token, expires_in = login()
        self.logins += 1
        return self.store(access_token, expires_in)

    async def _login_async(self, login: Callable[[], Awaitable[tuple[str, float]]]) -> Token:
        access_token, expires_in = await login()
        self.logins += 1
        return self.store(access_token, expires_in)


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
