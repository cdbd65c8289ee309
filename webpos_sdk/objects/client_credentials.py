"""The previous SDK's module ``webpos_sdk.objects.client_credentials`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import ClientCredentials

__all__ = ["ClientCredentials"]
