"""The previous SDK's module ``webpos_sdk.objects.callback_payment_order`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import (
    CallbackPaymentOrder,
    CurrencyRetrieval,
    PaymentOrderCreator,
    PaymentOrderState,
    RateRetrieval,
    Transaction,
)

__all__ = [
    "CallbackPaymentOrder",
    "CurrencyRetrieval",
    "PaymentOrderCreator",
    "PaymentOrderState",
    "RateRetrieval",
    "Transaction",
]
