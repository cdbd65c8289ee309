"""The previous SDK's module ``webpos_sdk.objects.payment_order_creator`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import DepositAccountLite, PaymentOrderCreator

__all__ = ["DepositAccountLite", "PaymentOrderCreator"]
