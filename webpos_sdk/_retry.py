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
import logging
import random as _random
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import httpx

from ._auth import is_token_request
from ._deadline import exceeded, time_left

logger = logging.getLogger(__name__)
InnerT = TypeVar("InnerT", httpx.BaseTransport, httpx.AsyncBaseTransport)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})  # HTTP's idempotent methods
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The largest answer read, once decompressed: no WebPOS answer comes near it (a page of 40 orders
#: is ~40 KiB), and a small gzip bomb must not grow the process by hundreds of MiB.
MAX_ANSWER_BYTES = 16 * 1024 * 1024


_INFLATE_STEP = 256 * 1024  # inflated at most this much at a time


class AnswerTooLarge(httpx.DecodingError):
    """The answer, decompressed, is larger than MAX_ANSWER_BYTES (it was not read further).
    ``status_code`` is the answer's status: a create whose 2xx answer is refused may have happened."""

    def __init__(self, status_code: int, request: httpx.Request) -> None:
        self.status_code = status_code
        super().__init__(
            f"the answer (HTTP {status_code}) is larger than {MAX_ANSWER_BYTES} bytes decompressed", request=request
        )


class _Bounded:
    """Decodes an answer's body as it arrives, never holding more than MAX_ANSWER_BYTES of it.

    httpx's own decoders inflate a whole network chunk at once (64 KiB of gzip can be 64 MiB), so
    gzip and deflate -- what the API sends, and all httpx asks for without brotli or zstandard
    installed -- are inflated here with zlib's ``max_length``. Any other coding is left to httpx,
    bounded chunk by chunk."""

    def __init__(self, response: httpx.Response, request: httpx.Request) -> None:
        self._response, self._request = response, request
        self._body = bytearray()
        codings = [c.lower() for c in response.headers.get_list("content-encoding", split_commas=True)]
        codings = [c for c in codings if c and c != "identity"]
        self._wbits: int | None = None
        self.ours = len(codings) <= 1 and (not codings or codings[0] in {"gzip", "x-gzip", "deflate"})
        if codings and self.ours:
            self._wbits = zlib.MAX_WBITS | 16 if codings[0] != "deflate" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits) if self._wbits is not None else None
        self._started = False

    def raw(self, chunk: bytes) -> None:
        if self._inflater is None:
            self.decoded(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._inflater.decompress(data, _INFLATE_STEP)  # the rest stays in unconsumed_tail
            except zlib.error:
                if self._started or self._wbits != zlib.MAX_WBITS:
                    corrupt = "the answer's compressed body is corrupt"
                    raise httpx.DecodingError(corrupt, request=self._request) from None
                self._wbits = -zlib.MAX_WBITS  # "deflate" sent raw, without the zlib header (httpx reads it too)
                self._inflater = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            self.decoded(out)
            data = self._inflater.unconsumed_tail

    def decoded(self, chunk: bytes) -> None:
        if len(chunk) > self._room():
            raise AnswerTooLarge(self._response.status_code, self._request)
        self._body += chunk

    def done(self) -> None:
        if self._inflater is not None:
            self.decoded(self._inflater.flush())
        self._response._content = bytes(self._body)  # what Response.read() sets

    def _room(self) -> int:
        return MAX_ANSWER_BYTES - len(self._body)


def _read_bounded(response: httpx.Response, request: httpx.Request) -> None:
    """``Response.read()``, refusing a body larger than MAX_ANSWER_BYTES once decoded."""
    if hasattr(response, "_content"):  # built from bytes (a test's transport): already read
        return
    reader = _Bounded(response, request)
    for chunk in response.iter_raw() if reader.ours else response.iter_bytes():
        reader.raw(chunk) if reader.ours else reader.decoded(chunk)
    reader.done()


async def _aread_bounded(response: httpx.Response, request: httpx.Request) -> None:
    if hasattr(response, "_content"):
        return
    reader = _Bounded(response, request)
    async for chunk in response.aiter_raw() if reader.ours else response.aiter_bytes():
        reader.raw(chunk) if reader.ours else reader.decoded(chunk)
    reader.done()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How failed calls are repeated. ``max_attempts=1`` turns retries off."""

    max_attempts: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    deadline: float | None = 30.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    #: The longest wait a ``Retry-After`` header may ask for (seconds or an HTTP date), deadline
    #: or not: one asking for longer is waited for this long.
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        from .exceptions import ConfigurationError

        if self.max_attempts < 1:
            raise ConfigurationError("retry.max_attempts", "must be at least 1")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ConfigurationError("retry.backoff_base", "must not be negative")
        if not 0 <= self.max_retry_after < float("inf"):
            raise ConfigurationError("retry.max_retry_after", "must be a finite number of seconds >= 0")
        if self.deadline is not None and not 0 < self.deadline < float("inf"):
            raise ConfigurationError("retry.deadline", "must be a positive number of seconds (or None for none)")


NO_RETRY = RetryPolicy(max_attempts=1)


@dataclass(frozen=True, slots=True)
class CallOptions:
    """What ``client.with_options(...)`` changes for the calls of its copy (None: unchanged)."""

    timeout: float | None = None
    retry: RetryPolicy | None = None


@dataclass(slots=True)
class Answer:
    """The HTTP answer of the last API call made inside ``client.capture_answer()``: its status,
    headers, request id and how many attempts it took (the login's answer is not counted)."""

    status_code: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    attempts: int = 0
    method: str = ""
    path: str = ""

    @property
    def request_id(self) -> str | None:
        """The ``X-Request-Id`` the API answered with (quote it to Chainside's support)."""
        request_id: str | None = self.headers.get("x-request-id")
        return request_id


#: The options of the call under way (set by the clients around each call, read by the transports).
CALL_OPTIONS: ContextVar[CallOptions | None] = ContextVar("webpos_sdk_call_options", default=None)
#: Where the answer of the call under way is recorded, inside ``capture_answer()``.
CAPTURE: ContextVar[Answer | None] = ContextVar("webpos_sdk_capture", default=None)


def _record(request: httpx.Request, response: httpx.Response, attempts: int) -> None:
    response.extensions["webpos_attempts"] = attempts
    answer = CAPTURE.get()
    if answer is not None and not is_token_request(request):
        answer.status_code, answer.headers, answer.attempts = response.status_code, response.headers, attempts
        answer.method, answer.path = request.method, request.url.path


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
        return float(value) if len(value) < 12 else float("inf")  # capped by the caller
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


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


class _DeadlineStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The answer's body, abandoned when the deadline passes while it trickles in (each read
    within the read timeout, the whole far beyond the deadline). Wraps a sync or an async stream."""

    def __init__(
        self, inner: httpx.SyncByteStream | httpx.AsyncByteStream, deadline: _Deadline, request: httpx.Request
    ) -> None:
        self._inner, self._deadline, self._request = inner, deadline, request

    def _check(self) -> None:
        if self._deadline.passed():
            raise exceeded("the answer arrived", self._request)

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._inner, httpx.SyncByteStream)
        for chunk in self._inner:
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._inner, httpx.AsyncByteStream)
        async for chunk in self._inner:
            self._check()
            yield chunk

    def close(self) -> None:
        if isinstance(self._inner, httpx.SyncByteStream):
            self._inner.close()

    async def aclose(self) -> None:
        if isinstance(self._inner, httpx.AsyncByteStream):
            await self._inner.aclose()


class _Attempts:
    """The attempts of one request: every retry decision, without I/O (the transports below send
    and wait). ``wait_after_*`` give the seconds to wait before the next attempt, or None when
    there is none (the answer or the error stands)."""

    def __init__(
        self, policy: RetryPolicy, clock: Callable[[], float], rand: Callable[[], float], request: httpx.Request
    ) -> None:
        self._policy, self._rand, self._request = policy, rand, request
        self._deadline = _Deadline(policy, clock)
        self._attempt = 1

    def request(self) -> httpx.Request:
        """The request for this attempt, its timeouts cut to what is left of the deadline."""
        self._deadline.cap_timeout(self._request)
        return self._request

    def watch(
        self, response: httpx.Response, stream_type: type[httpx.SyncByteStream | httpx.AsyncByteStream]
    ) -> httpx.Response:
        """``response`` with its body abandoned if it is still arriving at the deadline."""
        if self._deadline.left() is not None and isinstance(response.stream, stream_type):
            response.stream = _DeadlineStream(response.stream, self._deadline, self._request)
        return response

    @property
    def count(self) -> int:
        """How many attempts were made so far."""
        return self._attempt

    def wait_after_error(self, error: httpx.TransportError) -> float | None:
        reason = type(error).__name__
        if isinstance(error, httpx.TimeoutException) and self._deadline.passed():
            # the timeouts were cut to the deadline: it is what ran out (logged, as every hit)
            logger.info(
                "the call's deadline passed while waiting for %s %s (%s)",
                self._request.method,
                self._request.url.path,
                reason,
            )
            return None
        if self._attempt >= self._policy.max_attempts:
            return self._stop(reason, "no attempts left")
        if not should_retry_error(self._request, error):
            why = "a timeout is not retried" if isinstance(error, httpx.TimeoutException) else "not safe to repeat"
            return self._stop(reason, why)
        return self._next(backoff(self._policy, self._attempt, self._rand), reason)

    def wait_after(self, response: httpx.Response) -> float | None:
        if response.status_code not in self._policy.retry_statuses:
            return None  # an answer to keep: nothing to decide, nothing to log
        reason = f"HTTP {response.status_code}"
        if self._attempt >= self._policy.max_attempts:
            return self._stop(reason, "no attempts left")
        if not repeatable(self._request):
            return self._stop(reason, "not safe to repeat")
        asked = retry_after_seconds(response)
        if asked is not None:
            asked = min(asked, self._policy.max_retry_after)
            reason += f", Retry-After {asked:g} s"
        return self._next(asked if asked is not None else backoff(self._policy, self._attempt, self._rand), reason)

    def _next(self, wait: float, reason: str) -> float | None:
        if not self._deadline.allows(wait):
            return self._stop(reason, f"waiting {wait:.2f} s would pass the deadline")
        self._attempt += 1
        logger.info(
            "retrying %s %s in %.2f s (attempt %d of %d): %s",
            self._request.method,
            self._request.url.path,
            wait,
            self._attempt,
            self._policy.max_attempts,
            reason,
        )
        return wait

    def _stop(self, reason: str, why: str) -> float | None:
        """No further attempt (None), logged with why."""
        logger.debug(
            "not retrying %s %s after attempt %d: %s (%s)",
            self._request.method,
            self._request.url.path,
            self._attempt,
            reason,
            why,
        )
        return None


class _Retrying(Generic[InnerT]):
    """What both retrying transports hold: the wrapped transport, the policy, and the injectable
    sleep, randomness and clock (tests need no real waiting)."""

    def __init__(
        self,
        inner: InnerT,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], object] | None = None,
        rand: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner: InnerT = inner
        self._policy, self._rand, self._clock = policy, rand, clock
        self._sleep = sleep if sleep is not None else self._default_sleep()

    @staticmethod
    def _default_sleep() -> Callable[[float], object]:
        return time.sleep

    def _attempts(self, request: httpx.Request) -> _Attempts:
        options = CALL_OPTIONS.get()
        if options is not None and options.timeout is not None:  # with_options(timeout=...)
            seconds = options.timeout if options.timeout < 1e6 else None  # inf: none (as the clients)
            request.extensions["timeout"] = httpx.Timeout(seconds).as_dict()
        policy = options.retry if options is not None and options.retry is not None else self._policy
        return _Attempts(policy, self._clock, self._rand, request)


class RetryTransport(_Retrying[httpx.BaseTransport], httpx.BaseTransport):
    """Wraps a transport; repeats what the policy allows."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = self._attempts(request)
        while True:
            response: httpx.Response | None = None
            try:
                response = attempts.watch(self._inner.handle_request(attempts.request()), httpx.SyncByteStream)
                _read_bounded(response, request)  # a cut mid-body fails here: retried
            except httpx.DecodingError:  # too large, or corrupt: not worth repeating
                if response is not None:
                    response.close()
                raise
            except httpx.TransportError as err:
                if response is not None:
                    response.close()  # give the connection back (it is closed, not reused)
                if (wait := attempts.wait_after_error(err)) is None:
                    raise
            else:
                if (wait := attempts.wait_after(response)) is None:
                    _record(request, response, attempts.count)
                    return response
                response.close()
            self._sleep(wait)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(_Retrying[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    """The asyncio counterpart of :class:`RetryTransport` (same decisions: ``_Attempts``)."""

    @staticmethod
    def _default_sleep() -> Callable[[float], object]:
        import asyncio  # only async users pay for importing asyncio

        return asyncio.sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = self._attempts(request)
        while True:
            response: httpx.Response | None = None
            try:
                sent = await self._inner.handle_async_request(attempts.request())
                response = attempts.watch(sent, httpx.AsyncByteStream)
                await _aread_bounded(response, request)
            except httpx.DecodingError:
                if response is not None:
                    await response.aclose()
                raise
            except httpx.TransportError as err:
                if response is not None:
                    await response.aclose()
                if (wait := attempts.wait_after_error(err)) is None:
                    raise
            else:
                if (wait := attempts.wait_after(response)) is None:
                    _record(request, response, attempts.count)
                    return response
                await response.aclose()
            if hasattr(slept := self._sleep(wait), "__await__"):  # asyncio.sleep, or a test's plain function
                await slept

    async def aclose(self) -> None:
        await self._inner.aclose()
