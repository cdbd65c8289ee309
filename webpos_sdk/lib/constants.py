"""The previous SDK's module ``webpos_sdk.lib.constants`` (chainside-webpos-sdk 2.0.1)."""

from .._config import BASE_URLS

API_VERSION_HEADER = "X-api-version"
CHAINSIDE_SIGNATURE_HEADER = "chainside-signature"

REDIS_CACHE = "redis"
DJANGO_CACHE = "django"
DICT_CACHE = "dict"

CHAINSIDE_API_HOSTNAME = BASE_URLS["live"]
CHAINSIDE_SANDBOX_API_HOSTAME = BASE_URLS["sandbox"]  # sic: the previous SDK's spelling

__all__ = [
    "API_VERSION_HEADER",
    "CHAINSIDE_API_HOSTNAME",
    "CHAINSIDE_SANDBOX_API_HOSTAME",
    "CHAINSIDE_SIGNATURE_HEADER",
    "DICT_CACHE",
    "DJANGO_CACHE",
    "REDIS_CACHE",
]
