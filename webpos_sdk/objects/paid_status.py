"""The previous SDK's module ``webpos_sdk.objects.paid_status`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import PaidStatus

__all__ = ["PaidStatus"]
