"""The previous SDK's module ``webpos_sdk.exceptions.exceptions`` (chainside-webpos-sdk 2.0.1).

It held ``SdkHttpException`` and one class per error code: the same classes as
``webpos_sdk.exceptions``, whose every public name this module re-exports.
"""

from . import *  # noqa: F403
