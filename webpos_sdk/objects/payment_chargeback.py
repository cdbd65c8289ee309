"""The previous SDK's module ``webpos_sdk.objects.payment_chargeback`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.callbacks import PaymentChargebackCallback
from webpos_sdk.objects import CallbackPaymentOrder

__all__ = ["CallbackPaymentOrder", "PaymentChargebackCallback"]
