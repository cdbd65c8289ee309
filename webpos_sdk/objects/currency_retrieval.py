"""The previous SDK's module ``webpos_sdk.objects.currency_retrieval`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import CurrencyRetrieval

__all__ = ["CurrencyRetrieval"]
