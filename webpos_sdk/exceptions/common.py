"""The previous SDK's module ``webpos_sdk.exceptions.common`` (chainside-webpos-sdk 2.0.1).

Its two bases are this SDK's: every SDK exception is a ``ChainsideSdkException`` and every error
an answer of the server caused is a ``ChainsideSdkHttpException``.
"""

from . import SdkException, SdkHttpException

ChainsideSdkHttpException = SdkHttpException
ChainsideSdkException = SdkException

__all__ = ["ChainsideSdkException", "ChainsideSdkHttpException", "SdkException", "SdkHttpException"]
