"""Chainside Pay WebPOS SDK: bitcoin payment orders, signed callbacks, token caching, retries.

Public surface: everything in ``__all__`` here and the modules ``webpos_sdk.client``,
``webpos_sdk.objects``, ``webpos_sdk.exceptions``, ``webpos_sdk.api_context``. Modules whose
name starts with ``_`` are private.
"""

from ._cache import Cache, DictCache, DjangoCache, RedisCache
from ._retry import NO_RETRY, RetryPolicy
from ._version import __version__
from .api_context import ChainsideApiContext
from .client import AsyncClient, Client
from .exceptions import (
    ConfigurationError,
    ConnectionErrorException,
    InvalidRequestError,
    MalformedResponseException,
    SdkException,
    SdkHttpException,
    TimeoutException,
)

__all__ = [
    "NO_RETRY",
    "AsyncClient",
    "Cache",
    "ChainsideApiContext",
    "Client",
    "ConfigurationError",
    "ConnectionErrorException",
    "DictCache",
    "DjangoCache",
    "InvalidRequestError",
    "MalformedResponseException",
    "RedisCache",
    "RetryPolicy",
    "SdkException",
    "SdkHttpException",
    "TimeoutException",
    "__version__",
]
