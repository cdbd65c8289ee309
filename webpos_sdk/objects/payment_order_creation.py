"""The previous SDK's module ``webpos_sdk.objects.payment_order_creation`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaymentOrder

__all__ = ["PaymentOrder"]
