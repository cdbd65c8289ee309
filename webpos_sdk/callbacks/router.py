"""Dispatch verified callbacks to handlers per event; the framework adapters build on it.

.. code-block:: python

    router = CallbackRouter(secret, dedupe=CallbackDeduplicator("redis"))

    @router.on("payment.completed")
    def ship(event: PaymentCompletedCallback) -> None: ...

    status, text = router.handle(headers, raw_body)   # or: await router.handle_async(...)

What each answer means to Chainside (which delivers again after any non-2xx):

====== ==========================================================================
200    handled (the handlers finished), a repeat of a handled one, or a signed
       event this SDK does not know
400    rejected: bad signature, not a callback, or older than ``max_age``
503    not handled *yet*: the same callback is being handled by another worker, or
       the de-duplication store is unreachable -- try again later
(raise) a handler raised: the exception goes through (the framework answers 500)
====== ==========================================================================

At-least-once: a delivery is acknowledged only after its handlers finished, and nothing a
crashed worker leaves behind blocks the redelivery for longer than the dedupe ``lease``.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Generator
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeVar, overload

from webpos_generated.models import EventType

from ._events import (
    Event,
    PaymentCancelledCallback,
    PaymentChargebackCallback,
    PaymentCompletedCallback,
    PaymentDisputeEndCallback,
    PaymentDisputeStartCallback,
    PaymentExpiredCallback,
    PaymentOverpaidCallback,
)
from ._signature import _Key, construct_event
from .dedupe import DEFAULT_TTL, CallbackDeduplicator, Claim
from .errors import CallbackException, SignatureError, StaleCallbackError, UnknownEventError

logger: logging.Logger = logging.getLogger(__name__)
Handler = Callable[[Event], object]
H = TypeVar("H", bound=Handler)
_Completed = TypeVar("_Completed", bound=Callable[[PaymentCompletedCallback], object])
_Overpaid = TypeVar("_Overpaid", bound=Callable[[PaymentOverpaidCallback], object])
_Cancelled = TypeVar("_Cancelled", bound=Callable[[PaymentCancelledCallback], object])
_Expired = TypeVar("_Expired", bound=Callable[[PaymentExpiredCallback], object])
_Chargeback = TypeVar("_Chargeback", bound=Callable[[PaymentChargebackCallback], object])
_DisputeStart = TypeVar("_DisputeStart", bound=Callable[[PaymentDisputeStartCallback], object])
_DisputeEnd = TypeVar("_DisputeEnd", bound=Callable[[PaymentDisputeEndCallback], object])
Answer = tuple[int, str]

#: The adapters' default limit on a callback's body (a real one is about a kilobyte).
MAX_BODY = 2 * 1024 * 1024

BUSY: Answer = (503, "in progress: retry later")
STORE_DOWN: Answer = (503, "de-duplication store unavailable: retry later")


def declared_length(value: object) -> int | None:
    """A request's ``Content-Length`` as a number (None when absent or unreadable)."""
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def too_large(max_body: int) -> tuple[str, int]:
    """The text and status of the answer to a body over ``max_body`` bytes."""
    return f"rejected: PayloadTooLargeError (over {max_body} bytes)", 413


def is_async(handler: object) -> bool:
    """A coroutine function, or an object whose ``__call__`` is one."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(type(handler).__call__)


class DedupeWindow:
    """The type of :data:`WINDOW`, ``max_age``'s default: as long as the de-duplication window."""

    def __repr__(self) -> str:
        return "WINDOW"


#: ``max_age``'s default: the de-duplication window (``dedupe.ttl``; 7 days without dedupe).
WINDOW = DedupeWindow()


class CallbackRouter:
    """Verifies, de-duplicates (optionally) and dispatches callbacks.

    ``max_age`` (seconds): an event whose ``created_at`` is older is rejected
    (:class:`webpos_sdk.callbacks.StaleCallbackError`, answered 400): the signature carries no
    time, so without a bound a captured callback could be replayed as new once its
    de-duplication mark expired. The default is the dedupe window (``dedupe.ttl``; 7 days
    without dedupe); it may not exceed that window. ``max_age=None`` turns the check off.

    Handlers may be ``async def`` when the router is served by an event loop
    (:meth:`handle_async`, the ASGI adapter, Django's async view); a router served by a
    blocking adapter refuses them when they are registered."""

    def __init__(
        self,
        secret: str,
        *,
        dedupe: CallbackDeduplicator | None = None,
        max_age: float | None | DedupeWindow = WINDOW,
    ) -> None:
        if not isinstance(secret, str) or not secret:
            raise ValueError("secret must be the non-empty client secret")
        window = dedupe.ttl if dedupe is not None else DEFAULT_TTL
        if isinstance(max_age, DedupeWindow):
            max_age = window
        elif max_age is not None and not 0 < max_age <= window:
            raise ValueError(f"max_age must be positive and at most the de-duplication window ({window:g} s)")
        self._key = _Key(secret)  # the HMAC key, never in a repr (nor the secret in any frame)
        del secret
        self._dedupe = dedupe
        self.max_age = max_age
        self._handlers: dict[EventType, list[Handler]] = {}
        self._blocking_only = False

    def __repr__(self) -> str:
        return f"CallbackRouter(events={sorted(str(e) for e in self._handlers)})"

    @overload
    def on(
        self, event: Literal["payment.completed", EventType.PAYMENT_COMPLETED]
    ) -> Callable[[_Completed], _Completed]: ...
    @overload
    def on(
        self, event: Literal["payment.overpaid", EventType.PAYMENT_OVERPAID]
    ) -> Callable[[_Overpaid], _Overpaid]: ...
    @overload
    def on(
        self, event: Literal["payment.cancelled", EventType.PAYMENT_CANCELLED]
    ) -> Callable[[_Cancelled], _Cancelled]: ...
    @overload
    def on(self, event: Literal["payment.expired", EventType.PAYMENT_EXPIRED]) -> Callable[[_Expired], _Expired]: ...
    @overload
    def on(
        self, event: Literal["payment.chargeback", EventType.PAYMENT_CHARGEBACK]
    ) -> Callable[[_Chargeback], _Chargeback]: ...
    @overload
    def on(
        self, event: Literal["payment.dispute.start", EventType.PAYMENT_DISPUTE_START]
    ) -> Callable[[_DisputeStart], _DisputeStart]: ...
    @overload
    def on(
        self, event: Literal["payment.dispute.end", EventType.PAYMENT_DISPUTE_END]
    ) -> Callable[[_DisputeEnd], _DisputeEnd]: ...
    @overload
    def on(self, event: EventType) -> Callable[[H], H]: ...

    def on(self, event: EventType | str) -> Callable[[Any], Any]:
        """Register a handler for one event (``payment.completed``, ...). Type checkers hold the
        handler to the event: ``on("payment.completed")`` takes a function of a
        :class:`PaymentCompletedCallback` (or of any :class:`Event`), and a misspelt event name
        is an error before it is one at run time."""
        kind = EventType(event)
        if not kind.is_known:
            raise ValueError(f"unknown event {event!r}")

        def register(handler: H) -> H:
            if self._blocking_only and is_async(handler):
                raise TypeError(_NO_LOOP.format(name=getattr(handler, "__qualname__", repr(handler))))
            self._handlers.setdefault(kind, []).append(handler)
            return handler

        return register

    def serve_blocking(self) -> None:
        """Called by the blocking adapters (Flask, Django's sync view): from now on ``async def``
        handlers are refused at registration; one registered already is refused here."""
        for handler in self._all_handlers():
            if is_async(handler):
                raise TypeError(_NO_LOOP.format(name=getattr(handler, "__qualname__", repr(handler))))
        self._blocking_only = True

    @property
    def has_async_handlers(self) -> bool:
        return any(is_async(handler) for handler in self._all_handlers())

    def _all_handlers(self) -> list[Handler]:
        return [handler for handlers in self._handlers.values() for handler in handlers]

    # -- the two ways in: each only carries out the steps of _flow ---------------------------
    def handle(self, headers: object, raw_body: object) -> Answer:
        """Verify, claim, dispatch, mark handled. Returns the HTTP status and a short text.

        A handler that raises lets the exception through (the framework answers 500 and
        Chainside delivers again); the claim is released first."""
        if self.has_async_handlers:
            raise TypeError("this router has async handlers: serve it with handle_async() (an event loop)")
        flow = self._flow(headers, raw_body)
        outcome: tuple[bool, Any] = (True, None)
        while True:
            try:
                step = flow.send(outcome[1]) if outcome[0] else flow.throw(outcome[1])
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            try:
                outcome = (True, step())
            except BaseException as err:  # handed to the flow, which releases the claim
                outcome = (False, err)

    async def handle_async(
        self,
        headers: object,
        raw_body: object,
        *,
        run_sync: Callable[[Callable[[], object]], Awaitable[object]] | None = None,
    ) -> Answer:
        """:meth:`handle` for an event loop: ``async def`` handlers are awaited; plain handlers
        run off the loop, by ``run_sync`` (default: ``asyncio.to_thread``; Django's view passes
        ``sync_to_async``), so a slow one does not stall every other request; a shared
        de-duplication store (Redis, Django) is used from a worker thread too."""
        import asyncio

        in_thread = run_sync or asyncio.to_thread

        flow = self._flow(headers, raw_body)
        outcome: tuple[bool, Any] = (True, None)
        while True:
            try:
                step = flow.send(outcome[1]) if outcome[0] else flow.throw(outcome[1])
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            try:
                if isinstance(step, _Store) and step.shared:
                    result = await asyncio.to_thread(step)
                else:
                    plain = isinstance(step, _Call) and not is_async(step.handler)
                    result = await in_thread(step) if plain else step()
                    if inspect.isawaitable(result):  # also a plain function returning an awaitable
                        result = await result
                outcome = (True, result)
            except BaseException as err:  # CancelledError included: the claim is released
                outcome = (False, err)

    def _flow(self, headers: object, raw_body: object) -> Generator[Callable[[], object], object, Answer]:
        """Every decision of handling one delivery, without I/O: yields the store operations and
        handler calls to perform, and is sent their results (or thrown their exceptions)."""
        try:
            event = construct_event(headers, raw_body, self._key)  # type: ignore[arg-type]  # a _Key is accepted
            self._check_age(event)
        except UnknownEventError as err:
            logger.warning("ignored a signed callback of unknown event %r", err.event)
            return 200, "ignored: unknown event"
        except CallbackException as err:
            # The reason, never the body: a malformed body's message may quote a value of it.
            safe = isinstance(err, SignatureError | StaleCallbackError)
            reason = str(err) if safe else "the body is not a callback the spec describes"
            logger.warning("rejected a callback (%s): %s", type(err).__name__, reason)
            return 400, f"rejected: {type(err).__name__}"
        dedupe = self._dedupe
        token = ""
        if dedupe is not None:
            try:
                claimed = yield _Store(dedupe, dedupe.claim, event)
                assert isinstance(claimed, tuple)
                claim, token = claimed
            except Exception as err:  # CacheUnavailableError, or a custom store's own error
                logger.warning("callback not handled (answered 503, it will be delivered again): %s", err)
                return STORE_DOWN
            if claim is Claim.DONE:
                return 200, "duplicate"
            if claim is Claim.BUSY:
                return BUSY
        try:
            for handler in self._handlers.get(event.event, []):
                yield _Call(handler, event)
        except BaseException:
            if dedupe is not None:
                try:
                    yield _Store(dedupe, dedupe.release, event, token)
                except Exception as err:  # the lease expires by itself; the handler's error matters
                    logger.warning("could not release a callback's claim (%s); it expires by itself", err)
            raise
        if dedupe is not None:
            try:
                yield _Store(dedupe, dedupe.finish, event, token)
            except Exception as err:
                # Handled, but not marked: a redelivery after the lease would be handled again.
                # Answering non-2xx would make that certain, so acknowledge and say so loudly.
                logger.error("a handled callback could not be marked as handled (%s): a repeat may run again", err)
        return 200, "ok"

    def _check_age(self, event: Event) -> None:
        if self.max_age is None:
            return
        created = event.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        age = datetime.now(UTC) - created
        if age > timedelta(seconds=self.max_age):
            raise StaleCallbackError(
                f"the callback was created {age.total_seconds():.0f} s ago, more than max_age "
                f"({self.max_age:g} s): rejected as a possible replay"
            )


_NO_LOOP = (
    "{name} is an async def handler, but this router is served by a blocking adapter (no event "
    "loop would run it): make it a plain function, or serve the router with the ASGI adapter, "
    "Django's async view or handle_async()"
)


class _Store:
    """A de-duplication store operation (run off the event loop when the store is shared)."""

    __slots__ = ("args", "op", "shared")

    def __init__(self, dedupe: CallbackDeduplicator, op: Callable[..., Any], *args: Any) -> None:
        self.shared = dedupe.shared
        self.op = op
        self.args = args

    def __call__(self) -> Any:
        return self.op(*self.args)


class _Call:
    """A handler call; its result is awaited by the async driver when it is awaitable."""

    __slots__ = ("event", "handler")

    def __init__(self, handler: Handler, event: Event) -> None:
        self.handler = handler
        self.event = event

    def __call__(self) -> object | Awaitable[object]:
        return self.handler(self.event)
