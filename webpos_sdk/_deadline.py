"""One deadline per SDK call, shared by everything the call does: the lazy login, the request,
the re-login after an expired token, and any wait for another call's login.

The facade opens it around each public method (``call_deadline``); the retry transport and
the token manager read what is left of it. It lives in a context variable, so threads and
asyncio tasks each see their own call's deadline. Times are ``time.monotonic()``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpx

logger = logging.getLogger(__name__)
_END: ContextVar[float | None] = ContextVar("webpos_sdk_call_deadline", default=None)


@contextmanager
def call_deadline(seconds: float | None) -> Iterator[None]:
    """Give the code inside ``seconds`` in all (no-op when None or when a call is already open)."""
    if seconds is None or _END.get() is not None:
        yield
        return
    token = _END.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _END.reset(token)


def time_left() -> float | None:
    """Seconds left to the current call, or None when it has no deadline."""
    end = _END.get()
    return None if end is None else end - time.monotonic()


class DeadlineExceeded(httpx.TimeoutException):
    """The call's deadline (``RetryPolicy.deadline``) passed; not the server's answer time."""


def exceeded(what: str, request: httpx.Request | None = None) -> DeadlineExceeded:
    """The error for a call whose deadline passed while ``what`` (logged, as every deadline hit)."""
    where = f" ({request.method} {request.url.path})" if request is not None else ""
    logger.info("the call's deadline passed while %s%s", what, where)
    return DeadlineExceeded(f"the call's deadline passed while {what}", request=request)
