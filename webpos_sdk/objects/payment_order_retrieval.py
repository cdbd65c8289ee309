"""The previous SDK's module ``webpos_sdk.objects.payment_order_retrieval`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import (
    CurrencyRetrieval,
    PaymentOrderCreator,
    PaymentOrderRetrieval,
    PaymentOrderState,
    RateRetrieval,
    Transaction,
)

__all__ = [
    "CurrencyRetrieval",
    "PaymentOrderCreator",
    "PaymentOrderRetrieval",
    "PaymentOrderState",
    "RateRetrieval",
    "Transaction",
]
