"""The previous SDK's module ``webpos_sdk.objects.payment_completed`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.callbacks import PaymentCompletedCallback
from webpos_sdk.objects import CallbackPaymentOrder

__all__ = ["CallbackPaymentOrder", "PaymentCompletedCallback"]
