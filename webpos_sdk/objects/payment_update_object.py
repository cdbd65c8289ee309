"""The previous SDK's module ``webpos_sdk.objects.payment_update_object`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaymentUpdateObject

__all__ = ["PaymentUpdateObject"]
