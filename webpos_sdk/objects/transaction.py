"""The previous SDK's module ``webpos_sdk.objects.transaction`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import Out, Transaction

__all__ = ["Out", "Transaction"]
