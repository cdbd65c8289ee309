"""The previous SDK's module ``webpos_sdk.common`` (chainside-webpos-sdk 2.0.1).

Its ``AuthenticatedClient`` was the base of ``Client`` that held the context and logged in; here
``Client`` is that client.
"""

from .api_context import ChainsideApiContext
from .client import AuthenticatedClient

__all__ = ["AuthenticatedClient", "ChainsideApiContext"]
