"""The previous SDK's module ``webpos_sdk.callbacks.factory`` (chainside-webpos-sdk 2.0.1)."""

from collections.abc import Mapping
from types import MappingProxyType

from ._events import (
    EVENT_CLASSES,
    Event,
    PaymentCancelledCallback,
    PaymentChargebackCallback,
    PaymentCompletedCallback,
    PaymentDisputeEndCallback,
    PaymentDisputeStartCallback,
    PaymentExpiredCallback,
    PaymentOverpaidCallback,
)


class CallbacksFactory:
    """``mapping``: each event name to the class its callbacks are parsed into."""

    mapping: Mapping[str, type[Event]] = MappingProxyType(dict(EVENT_CLASSES))


__all__ = [
    "CallbacksFactory",
    "PaymentCancelledCallback",
    "PaymentChargebackCallback",
    "PaymentCompletedCallback",
    "PaymentDisputeEndCallback",
    "PaymentDisputeStartCallback",
    "PaymentExpiredCallback",
    "PaymentOverpaidCallback",
]
