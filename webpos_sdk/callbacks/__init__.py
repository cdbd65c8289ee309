"""Callbacks (webhooks): fail-closed signature verification and typed events.

.. code-block:: python

    from webpos_sdk.callbacks import construct_event, sign, verify

    event = construct_event(request.headers, request.body, secret)   # raises, never returns False
    if isinstance(event, PaymentCompletedCallback): ship(event.object.uuid)

Framework adapters, imported only when used: ``webpos_sdk.callbacks.django.callback_view``,
``webpos_sdk.callbacks.flask.callback_blueprint``, ``webpos_sdk.callbacks.asgi.callback_endpoint``.

``chainside-signature`` is ``base64(HMAC-SHA512(key=SHA-256(secret), raw body))``; it is
checked over the raw bytes as received, in constant time, before the body is parsed.
"""

from . import _events
from ._events import *  # noqa: F403  (the event classes)
from ._signature import SIGNATURE_HEADER, construct_event, find_signature, sign, verify
from .dedupe import CallbackDeduplicator, Claim
from .errors import (
    CallbackException,
    InvalidBodyError,
    InvalidSecretError,
    MalformedPayloadError,
    MalformedSignatureError,
    MissingSignatureError,
    PayloadTooLargeError,
    SignatureError,
    SignatureMismatchError,
    StaleCallbackError,
    UnknownEventError,
)
from .router import CallbackRouter

__all__ = [
    "SIGNATURE_HEADER",
    "CallbackDeduplicator",
    "CallbackException",
    "CallbackRouter",
    "Claim",
    "InvalidBodyError",
    "InvalidSecretError",
    "MalformedPayloadError",
    "MalformedSignatureError",
    "MissingSignatureError",
    "PayloadTooLargeError",
    "SignatureError",
    "SignatureMismatchError",
    "StaleCallbackError",
    "UnknownEventError",
    "construct_event",
    "find_signature",
    "sign",
    "verify",
]
__all__ += _events.__all__
