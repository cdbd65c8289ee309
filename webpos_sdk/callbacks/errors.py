"""Exceptions of callback handling, all under ``CallbackException`` -> ``SdkException``.

A merchant answers 400 to every ``CallbackException`` except ``UnknownEventError`` (a valid,
signed callback of an event this SDK version does not know: log it and answer 200).
"""

from __future__ import annotations

from typing import Any

from ..exceptions import SdkException


class CallbackException(SdkException):
    """A callback failed verification or parsing."""


class SignatureError(CallbackException):
    """The signature header is missing, malformed or does not match (the previous SDK's
    ``InvalidSignatureHeaderException`` is this class)."""


class MissingSignatureError(SignatureError):
    """The request has no ``chainside-signature`` header."""


class MalformedSignatureError(SignatureError):
    """The signature header is empty, not ASCII, or not base64 of 64 bytes."""


class SignatureMismatchError(SignatureError):
    """The signature does not match the body and secret: a forgery, a re-serialized body or a wrong secret."""


class InvalidBodyError(CallbackException):
    """The body is not the raw ``bytes`` of the request."""


class InvalidSecretError(CallbackException):
    """The secret is empty or not a string."""


class MalformedPayloadError(CallbackException):
    """A correctly signed body that is not a valid callback (bad JSON, missing or wrong fields)."""


class StaleCallbackError(CallbackException):
    """A correctly signed callback whose ``created_at`` is older than the router's ``max_age``:
    rejected as a possible replay (the signature itself carries no time)."""


class PayloadTooLargeError(CallbackException):
    """The request body is larger than the adapter's ``max_body`` (answered 413, before reading it)."""


class UnknownEventError(CallbackException):
    """A correctly signed callback of an event this SDK does not know. ``payload`` holds the JSON."""

    def __init__(self, event: str, payload: dict[str, Any]) -> None:
        self.event = event
        self.payload = payload
        super().__init__(f"unknown callback event {event!r} (signature valid)")
