"""Retries: constants plus pure functions, applied by a transport wrapper.

A request is repeated only when repeating it is safe:

* a connection that could not be established (refused, reset during connect): the request
  never reached the server, so any request may be repeated, ``create_payment_order`` included;
* a connection dropped mid-request (read/write error, protocol error), or an answer 429 / 5xx:
  only requests that are safe to repeat -- HTTP's idempotent methods (GET, HEAD, OPTIONS, PUT,
  DELETE) and the login ``POST /token``. Not ``create_payment_order`` (POST) and not the sandbox
  PATCHes (``payment_update`` is a state transition: a repeat of one that was applied fails);
* timeouts are never repeated: a call fails in about its timeout rather than a multiple of it.

Waits grow exponentially with full jitter, honour ``Retry-After`` (seconds or an HTTP date),
and never run past the call's deadline (shared by every request of one SDK call, see
``_deadline.py``); each attempt's timeout is cut to what is left of it, and an answer still
arriving when the deadline passes is abandoned.
``sleep`` and ``random`` are injectable, so tests need no real waiting.
"""

from __future__ import annotations

import email.utils
import random as _random
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import httpx

from ._auth import is_token_request
from ._deadline import exceeded, time_left

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})  # HTTP's idempotent methods
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How failed calls are repeated. ``max_attempts=1`` turns retries off."""

    max_attempts: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    deadline: float | None = 30.0
    retry_statuses: frozenset[int] = RETRY_STATUSES

    def __post_init__(self) -> None:
        from .exceptions import ConfigurationError

        if self.max_attempts < 1:
            raise ConfigurationError("retry.max_attempts", "must be at least 1")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ConfigurationError("retry.backoff_base", "must not be negative")
        if self.deadline is not None and not 0 < self.deadline < float("inf"):
            raise ConfigurationError("retry.deadline", "must be a positive number of seconds (or None for none)")


NO_RETRY = RetryPolicy(max_attempts=1)


def repeatable(request: httpx.Request) -> bool:
    """May this request be sent twice without harm?"""
    return request.method in SAFE_METHODS or is_token_request(request)


def retry_after_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for, or None."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff(policy: RetryPolicy, attempt: int, rand: Callable[[], float]) -> float:
    """Full-jitter exponential backoff before attempt ``attempt + 1`` (``attempt`` >= 1)."""
    return float(rand() * min(policy.backoff_max, policy.backoff_base * (2 ** (attempt - 1))))


def should_retry_response(policy: RetryPolicy, request: httpx.Request, response: httpx.Response) -> bool:
    return response.status_code in policy.retry_statuses and repeatable(request)


def should_retry_error(request: httpx.Request, error: httpx.TransportError) -> bool:
    if isinstance(error, httpx.TimeoutException):
        return False  # a slow server does not get faster: fail within the timeout
    if isinstance(error, httpx.ConnectError):
        return True  # never reached the server
    return repeatable(request)


class _Deadline:
    def __init__(self, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self._clock = clock
        now = clock()
        ends = [now + left for left in (policy.deadline, time_left()) if left is not None]
        # the policy's deadline for this request, and what is left of the SDK call it belongs to
        self._end = min(ends) if ends else None

    def passed(self) -> bool:
        left = self.left()
        return left is not None and left <= 0

    def left(self) -> float | None:
        return None if self._end is None else self._end - self._clock()

    def allows(self, wait: float) -> bool:
        left = self.left()
        return left is None or wait < left

    def cap_timeout(self, request: httpx.Request) -> None:
        left = self.left()
        if left is None:
            return
        if left <= 0:
            raise exceeded("it was about to send a request", request)
        timeout = dict(request.extensions.get("timeout") or {})
        for phase in ("connect", "read", "write", "pool"):
            current = timeout.get(phase)
            timeout[phase] = left if current is None else min(current, left)
        request.extensions["timeout"] = timeout


class _DeadlineStream(httpx.SyncByteStream):
    """The answer's body, abandoned when the deadline passes while it trickles in (each read
    within the read timeout, the whole far beyond the deadline)."""

    def __init__(self, inner: httpx.SyncByteStream, deadline: _Deadline, request: httpx.Request) -> None:
        self._inner, self._deadline, self._request = inner, deadline, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if self._deadline.passed():
                raise exceeded("the answer arrived", self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    """The asyncio twin of :class:`_DeadlineStream`."""

    def __init__(self, inner: httpx.AsyncByteStream, deadline: _Deadline, request: httpx.Request) -> None:
        self._inner, self._deadline, self._request = inner, deadline, request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            if self._deadline.passed():
                raise exceeded("the answer arrived", self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def _wait_for(policy: RetryPolicy, attempt: int, response: httpx.Response | None, rand: Callable[[], float]) -> float:
    asked = retry_after_seconds(response) if response is not None else None
    return asked if asked is not None else backoff(policy, attempt, rand)


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; repeats what the policy allows."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], object] = time.sleep,
        rand: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._sleep = sleep
        self._rand = rand
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _Deadline(self._policy, self._clock)
        attempt = 1
        while True:
            deadline.cap_timeout(request)
            response: httpx.Response | None = None
            try:
                response = self._inner.handle_request(request)
                if deadline.left() is not None and isinstance(response.stream, httpx.SyncByteStream):
                    response.stream = _DeadlineStream(response.stream, deadline, request)
                response.read()  # a connection cut mid-body fails here, where it can be retried
            except httpx.TransportError as err:
                if response is not None:
                    response.close()  # give the connection back (it is closed, not reused)
                if attempt >= self._policy.max_attempts or not should_retry_error(request, err):
                    raise
                wait = backoff(self._policy, attempt, self._rand)
                if not deadline.allows(wait):
                    raise
            else:
                if attempt >= self._policy.max_attempts or not should_retry_response(self._policy, request, response):
                    return response
                wait = _wait_for(self._policy, attempt, response, self._rand)
                if not deadline.allows(wait):
                    return response
                response.close()
            self._sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of :class:`RetryTransport`."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], object] | None = None,
        rand: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import asyncio  # only async users pay for importing asyncio

        self._inner = inner
        self._policy = policy
        self._sleep: Callable[[float], object] = sleep if sleep is not None else asyncio.sleep
        self._iscoroutine = asyncio.iscoroutine
        self._rand = rand
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _Deadline(self._policy, self._clock)
        attempt = 1
        while True:
            deadline.cap_timeout(request)
            response: httpx.Response | None = None
            try:
                response = await self._inner.handle_async_request(request)
                if deadline.left() is not None and isinstance(response.stream, httpx.AsyncByteStream):
                    response.stream = _AsyncDeadlineStream(response.stream, deadline, request)
                await response.aread()
            except httpx.TransportError as err:
                if response is not None:
                    await response.aclose()  # give the connection back (it is closed, not reused)
                if attempt >= self._policy.max_attempts or not should_retry_error(request, err):
                    raise
                wait = backoff(self._policy, attempt, self._rand)
                if not deadline.allows(wait):
                    raise
            else:
                if attempt >= self._policy.max_attempts or not should_retry_response(self._policy, request, response):
                    return response
                wait = _wait_for(self._policy, attempt, response, self._rand)
                if not deadline.allows(wait):
                    return response
                await response.aclose()
            result = self._sleep(wait)
            if self._iscoroutine(result):
                await result
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
