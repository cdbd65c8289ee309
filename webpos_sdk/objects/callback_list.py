"""The previous SDK's module ``webpos_sdk.objects.callback_list`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import Callback, CallbackList

__all__ = ["Callback", "CallbackList"]
