"""The previous SDK's module ``webpos_sdk.objects.payment_order_creation_response`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaymentOrderResponse, RateRetrieval

__all__ = ["PaymentOrderResponse", "RateRetrieval"]
