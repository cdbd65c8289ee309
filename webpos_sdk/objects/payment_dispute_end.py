"""The previous SDK's module ``webpos_sdk.objects.payment_dispute_end`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.callbacks import PaymentDisputeEndCallback
from webpos_sdk.objects import CallbackPaymentOrder

__all__ = ["CallbackPaymentOrder", "PaymentDisputeEndCallback"]
