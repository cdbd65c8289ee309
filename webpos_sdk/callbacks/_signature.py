"""Signing and fail-closed verification of callback bodies."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from ._events import CallbackEventType, parse_event
from .errors import (
    InvalidBodyError,
    InvalidSecretError,
    MalformedSignatureError,
    MissingSignatureError,
    SignatureMismatchError,
)

SIGNATURE_HEADER = "chainside-signature"
_META_KEY = "HTTP_CHAINSIDE_SIGNATURE"  # Django's request.META
_DIGEST_SIZE = hashlib.sha512().digest_size


class _Key:
    """The HMAC key (SHA-256 of the secret). Never in a ``repr``: error trackers record the local
    variables of every frame of a traceback, and the key is enough to forge callbacks. The public
    functions turn their ``secret`` argument into one of these and delete it first thing."""

    __slots__ = ("_value",)

    def __init__(self, secret: object) -> None:
        if not isinstance(secret, str) or not secret:
            raise InvalidSecretError("the callback secret must be a non-empty string (the client secret)")
        self._value = hashlib.sha256(secret.encode("utf-8")).digest()

    def __repr__(self) -> str:
        return "<hmac key>"

    def digest(self, body: bytes) -> bytes:
        return hmac.new(self._value, body, hashlib.sha512).digest()

    def matches(self, body: bytes, given: bytes) -> bool:
        return hmac.compare_digest(self.digest(body), given)  # the expected digest dies with this frame


def _raw(body: object) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise InvalidBodyError(
        f"the body must be the raw request bytes, not {type(body).__name__} (a re-serialized body never verifies)"
    )


def sign(raw_body: bytes, secret: str) -> str:
    """The ``chainside-signature`` value for ``raw_body``: for testing your own endpoint."""
    key = _Key(secret)
    del secret
    return base64.b64encode(key.digest(_raw(raw_body))).decode("ascii")


def find_signature(headers: object) -> str:
    """The signature from a header value, or from any headers object: a dict in any letter case,
    Django's ``request.headers`` or ``request.META``, Starlette or Werkzeug headers."""
    if isinstance(headers, str | bytes):
        value: Any = headers
    else:
        value = None
        getter = getattr(headers, "get", None)
        if callable(getter):
            value = getter(SIGNATURE_HEADER)
            if value is None:
                value = getter(_META_KEY)
        if value is None:
            items = headers.items() if isinstance(headers, Mapping) or hasattr(headers, "items") else headers
            try:
                for name, candidate in items:  # type: ignore[union-attr]
                    if isinstance(name, str) and name.lower() in (SIGNATURE_HEADER, _META_KEY.lower()):
                        value = candidate
                        break
            except (TypeError, ValueError):
                raise MissingSignatureError("headers must be a mapping or the signature string") from None
    if value is None:
        raise MissingSignatureError(f"the request has no {SIGNATURE_HEADER} header")
    if isinstance(value, bytes):
        try:
            value = value.decode("ascii")
        except UnicodeDecodeError:
            raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is not ASCII") from None
    if not isinstance(value, str):
        raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is not a string")
    return value


def verify(headers_or_signature: object, raw_body: object, secret: str) -> None:
    """Raise unless the signature matches ``raw_body``; return None when it does."""
    key = secret if isinstance(secret, _Key) else _Key(secret)
    del secret
    _verify(headers_or_signature, raw_body, key)


def _verify(headers_or_signature: object, raw_body: object, key: _Key) -> None:
    body = _raw(raw_body)
    signature = find_signature(headers_or_signature).strip()
    if not signature:
        raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is empty")
    if not signature.isascii():
        raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is not ASCII")
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is not base64") from None
    if len(given) != _DIGEST_SIZE:
        raise MalformedSignatureError(f"the {SIGNATURE_HEADER} header is not an HMAC-SHA512 ({len(given)} bytes)")
    if not key.matches(body, given):
        raise SignatureMismatchError("the callback signature does not match: rejected")


def construct_event(headers_or_signature: object, raw_body: object, secret: str) -> CallbackEventType:
    """Verify, then parse into a typed event (``PaymentCompletedCallback``, ...)."""
    key = secret if isinstance(secret, _Key) else _Key(secret)
    del secret
    _verify(headers_or_signature, raw_body, key)
    return parse_event(_raw(raw_body))
