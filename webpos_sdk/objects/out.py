"""The previous SDK's module ``webpos_sdk.objects.out`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import Out

__all__ = ["Out"]
