"""The previous SDK's module ``webpos_sdk.objects.payment_order_deletion_response`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaymentOrderDeletionResponse

#: In the previous SDK this module named the deletion response ``PaymentOrderResponse``.
PaymentOrderResponse = PaymentOrderDeletionResponse

__all__ = ["PaymentOrderDeletionResponse", "PaymentOrderResponse"]
