"""The previous SDK's module ``webpos_sdk.objects.payment_order_state`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaidStatus, PaymentOrderState

__all__ = ["PaidStatus", "PaymentOrderState"]
