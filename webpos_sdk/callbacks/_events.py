"""Typed callback events: one class per event, all sharing the generated ``CallbackEvent``."""

from __future__ import annotations

from typing import Any

from webpos_generated import errors as generated_errors
from webpos_generated.models import CallbackEvent, CallbackPaymentOrder, EventType
from webpos_generated.types import loads

from .errors import MalformedPayloadError, UnknownEventError

#: Each event name to the class its callbacks are parsed into (filled by the classes below).
EVENT_CLASSES: dict[str, type[Event]] = {}


class Event(CallbackEvent):
    """A verified callback. ``object`` is the payment order (the generated field is ``object_``).

    A subclass names its event (``class X(Event, event=EventType.PAYMENT_COMPLETED)``) and is
    registered in ``EVENT_CLASSES`` by that."""

    def __init_subclass__(cls, *, event: EventType, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EVENT_CLASSES[event] = cls

    @property
    def object(self) -> CallbackPaymentOrder:
        return self.object_


class PaymentCompletedCallback(Event, event=EventType.PAYMENT_COMPLETED):
    """``payment.completed``: fully paid and confirmed -- ship the goods."""


class PaymentDisputeStartCallback(Event, event=EventType.PAYMENT_DISPUTE_START):
    """``payment.dispute.start``: a paying transaction is contested."""


class PaymentOverpaidCallback(Event, event=EventType.PAYMENT_OVERPAID):
    """``payment.overpaid``: more than the amount was paid."""


class PaymentCancelledCallback(Event, event=EventType.PAYMENT_CANCELLED):
    """``payment.cancelled``: the order was cancelled."""


class PaymentDisputeEndCallback(Event, event=EventType.PAYMENT_DISPUTE_END):
    """``payment.dispute.end``: the dispute ended; the payment stands."""


class PaymentExpiredCallback(Event, event=EventType.PAYMENT_EXPIRED):
    """``payment.expired``: the order expired unpaid."""


class PaymentChargebackCallback(Event, event=EventType.PAYMENT_CHARGEBACK):
    """``payment.chargeback``: a confirmed payment was reverted."""


CallbackEventType = Event

#: Re-exported by ``webpos_sdk.callbacks``, ``webpos_sdk.callbacks.factory`` and ``webpos_sdk.objects``.
__all__ = [
    "EVENT_CLASSES",
    "Event",
    "PaymentCancelledCallback",
    "PaymentChargebackCallback",
    "PaymentCompletedCallback",
    "PaymentDisputeEndCallback",
    "PaymentDisputeStartCallback",
    "PaymentExpiredCallback",
    "PaymentOverpaidCallback",
    "parse_event",
]


def parse_event(raw_body: bytes) -> Event:
    """Parse a (verified) body. Raises MalformedPayloadError or UnknownEventError."""
    try:
        payload: Any = loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise MalformedPayloadError(f"the callback body is not JSON: {err}") from None
    if not isinstance(payload, dict):
        raise MalformedPayloadError("the callback body is not a JSON object")
    event = payload.get("event")
    if not isinstance(event, str) or not event:
        raise MalformedPayloadError("the callback has no 'event'")
    cls = EVENT_CLASSES.get(event)  # a StrEnum key matches its plain str
    if cls is None:
        raise UnknownEventError(event, payload)
    try:
        parsed = cls.from_dict(payload)
    except (KeyError, TypeError, ValueError, AttributeError, generated_errors.MalformedResponseError) as err:
        reason = generated_errors.describe(err)
        raise MalformedPayloadError(f"the {event} callback does not match the spec: {reason}") from None
    return parsed
