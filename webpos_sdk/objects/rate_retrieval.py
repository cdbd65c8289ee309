"""The previous SDK's module ``webpos_sdk.objects.rate_retrieval`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import RateRetrieval

__all__ = ["RateRetrieval"]
