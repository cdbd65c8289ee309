"""The previous SDK's module ``webpos_sdk.objects.payment_order_list`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaymentOrderList, PaymentOrderRetrieval

__all__ = ["PaymentOrderList", "PaymentOrderRetrieval"]
