"""The previous SDK's module ``webpos_sdk.objects.callback`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import Callback

__all__ = ["Callback"]
