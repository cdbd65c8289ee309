"""Typed callback events: one class per event, all sharing the generated ``CallbackEvent``."""

from __future__ import annotations

import json
from typing import Any

from webpos_generated import errors as generated_errors
from webpos_generated.models import CallbackEvent, CallbackPaymentOrder, EventType

from .errors import MalformedPayloadError, UnknownEventError


class Event(CallbackEvent):
    """A verified callback. ``object`` is the payment order (the generated field is ``object_``)."""

    @property
    def object(self) -> CallbackPaymentOrder:
        return self.object_


class PaymentCompletedCallback(Event):
    """``payment.completed``: fully paid and confirmed -- ship the goods."""


class PaymentDisputeStartCallback(Event):
    """``payment.dispute.start``: a paying transaction is contested."""


class PaymentOverpaidCallback(Event):
    """``payment.overpaid``: more than the amount was paid."""


class PaymentCancelledCallback(Event):
    """``payment.cancelled``: the order was cancelled."""


class PaymentDisputeEndCallback(Event):
    """``payment.dispute.end``: the dispute ended; the payment stands."""


class PaymentExpiredCallback(Event):
    """``payment.expired``: the order expired unpaid."""


class PaymentChargebackCallback(Event):
    """``payment.chargeback``: a confirmed payment was reverted."""


CallbackEventType = Event

EVENT_CLASSES: dict[str, type[Event]] = {
    EventType.PAYMENT_COMPLETED: PaymentCompletedCallback,
    EventType.PAYMENT_DISPUTE_START: PaymentDisputeStartCallback,
    EventType.PAYMENT_OVERPAID: PaymentOverpaidCallback,
    EventType.PAYMENT_CANCELLED: PaymentCancelledCallback,
    EventType.PAYMENT_DISPUTE_END: PaymentDisputeEndCallback,
    EventType.PAYMENT_EXPIRED: PaymentExpiredCallback,
    EventType.PAYMENT_CHARGEBACK: PaymentChargebackCallback,
}


def parse_event(raw_body: bytes) -> Event:
    """Parse a (verified) body. Raises MalformedPayloadError or UnknownEventError."""
    try:
        payload: Any = json.loads(raw_body)
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
