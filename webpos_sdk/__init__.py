"""Chainside Pay WebPOS SDK: bitcoin payment orders, signed callbacks, token caching, retries.

Public surface: everything in ``__all__`` here and the modules ``webpos_sdk.client``,
``webpos_sdk.objects``, ``webpos_sdk.exceptions``, ``webpos_sdk.api_context``. Modules whose
name starts with ``_`` are private.

Logging: every module logs to its own logger under ``webpos_sdk`` (``webpos_sdk._retry``,
``webpos_sdk._token``, ...): retries, logins, renewals, deadline hits, rejected callbacks; never a
secret, token or callback body. ``WEBPOS_LOG=debug`` (or ``info``) prints them to stderr without
any logging set-up of your own.
"""

from ._cache import Cache, DictCache, DjangoCache, RedisCache
from ._logging import configure_from_env as _configure_logging
from ._retry import NO_RETRY, Answer, RetryPolicy
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
    "Answer",
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

_configure_logging()
