"""The previous SDK's module ``webpos_sdk.objects.deposit_account_lite`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import DepositAccountLite

__all__ = ["DepositAccountLite"]
