"""Dispatch verified callbacks to handlers per event; the framework adapters build on it.

.. code-block:: python

    router = CallbackRouter(secret)

    @router.on("payment.completed")
    def ship(event: PaymentCompletedCallback) -> None: ...

    status, text = router.handle(headers, raw_body)   # 400 bad signature, 200 handled
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from webpos_generated.models import EventType

from ._events import Event
from ._signature import construct_event
from .dedupe import CallbackDeduplicator
from .errors import CallbackException, UnknownEventError

logger = logging.getLogger("webpos_sdk.callbacks")
Handler = Callable[[Event], object]
H = TypeVar("H", bound=Handler)


class CallbackRouter:
    """Verifies, de-duplicates (optionally) and dispatches callbacks."""

    def __init__(self, secret: str, *, dedupe: CallbackDeduplicator | None = None) -> None:
        if not isinstance(secret, str) or not secret:
            raise ValueError("secret must be the non-empty client secret")
        self._secret = secret
        self._dedupe = dedupe
        self._handlers: dict[EventType, list[Handler]] = {}

    def __repr__(self) -> str:
        return f"CallbackRouter(events={sorted(str(e) for e in self._handlers)})"

    def on(self, event: EventType | str) -> Callable[[H], H]:
        """Register a handler for one event (``payment.completed``, ...)."""
        kind = EventType(event)
        if not kind.is_known:
            raise ValueError(f"unknown event {event!r}")

        def register(handler: H) -> H:
            self._handlers.setdefault(kind, []).append(handler)
            return handler

        return register

    def handle(self, headers: object, raw_body: object) -> tuple[int, str]:
        """Verify and dispatch. Returns the HTTP status and a short text to answer with.

        A handler that raises lets the exception through (the framework answers 500 and
        Chainside delivers again); the de-duplication mark is removed first.
        """
        try:
            event = construct_event(headers, raw_body, self._secret)
        except UnknownEventError as err:
            logger.warning("ignored a signed callback of unknown event %r", err.event)
            return 200, "ignored: unknown event"
        except CallbackException as err:
            logger.warning("rejected a callback: %s", err)
            return 400, f"rejected: {type(err).__name__}"
        if self._dedupe is not None and not self._dedupe.first_delivery(event):
            return 200, "duplicate"
        try:
            for handler in self._handlers.get(event.event, []):
                handler(event)
        except Exception:
            if self._dedupe is not None:
                self._dedupe.forget(event)
            raise
        return 200, "ok"
