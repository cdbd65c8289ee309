"""The SDK's exceptions: one tree, one table from the API's error codes to classes.

.. code-block:: text

    SdkException
    ├── ConfigurationError            bad configuration (raised by the constructor)
    ├── InvalidRequestError           bad arguments, raised before anything is sent
    ├── TimeoutException              no answer within the timeout / deadline
    ├── ConnectionErrorException      the server could not be reached
    ├── CacheUnavailableError         the callback de-duplication store could not be reached
    ├── ClientClosedError             a call after close()
    ├── PaymentOrderOutcomeUnknownException  a create with a reference: whether it happened is unknown
    ├── CallbackException             (webpos_sdk.callbacks) a callback failed verification or parsing
    └── SdkHttpException              caused by an HTTP answer: an error (status >= 300) or an unreadable 2xx
        ├── MalformedResponseException          a 2xx answer that does not follow the spec
        │   └── PaymentOrderMayExistException   ... to create_payment_order: the order may exist
        ├── RedirectNotFollowedException        a redirect that is not safe to follow
        ├── ValidationErrorException            0001
        ├── InvalidCallbackException            0013
        ├── UnauthorizedClientException         1001
        ├── InvalidGrantTypeException           1002
        ├── AccessTokenExpiredException         1004
        ├── InvalidRefreshTokenException        1006
        ├── InvalidAccessTokenException         1007
        ├── ForbiddenException                  1012
        ├── InvalidScopeException               1013
        ├── InvalidRealmException               1018
        ├── TooManyRequestsException            2000
        ├── NotFoundException                   3001
        ├── MethodNotAllowedException           3003
        ├── InvalidAuthorizationHeaderException 3007
        ├── InvalidContentTypeHeaderException   3012
        ├── InvalidAcceptHeaderException        3013
        ├── InternalServerErrorException        4000
        ├── RateUnavailableException            4003
        └── FunctionalityDownException          4006

An unknown error code (the API grows) raises ``SdkHttpException`` itself. Every
``SdkHttpException`` carries ``status_code``, ``error_code``, ``message``, ``request_id``
and ``debug_info``; ``str(e)`` names the code and the request id. As in the previous SDK, each
class also names its code at class level (``NotFoundException.error_code == "3001"``), so
``except SdkHttpException`` catches every error that an answer of the server caused. No secret (client
secret, access token, Authorization header) appears in any message, ``repr`` or
``debug_info``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

REDACTED = "[REDACTED]"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_KEYS = frozenset(
    {"access_token", "id_token", "refresh_token", "secret", "client_secret", "password", "token", "authorization"}
)
_MAX_BODY_CHARS = 2000
_MAX_DECODED_BYTES = 256 * 1024  # a bigger body is shown as (redacted, cut) text
_MAX_DEPTH = 32  # deeper JSON is cut: no RecursionError from a hostile answer


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class SdkException(Exception):
    """Base of every exception the SDK raises. Every one pickles with all its attributes (Celery
    and ``ProcessPoolExecutor`` re-raise exceptions in another process), whatever its constructor."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.args, self.__dict__)


class ConfigurationError(SdkException, ValueError):
    """The configuration is invalid. ``key`` names the offending setting."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"invalid configuration {key!r}: {problem}")


class InvalidRequestError(SdkException, ValueError):
    """Arguments that break the API's constraints. Raised before anything is sent.

    ``errors`` maps each failing field (dotted path) to what is wrong with it.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("invalid request: " + "; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @property
    def fields(self) -> list[str]:
        return list(self.errors)


class TimeoutException(SdkException):
    """The API did not answer within the configured timeout or the call's deadline.
    ``request_sent`` is False when the request provably never left (no connection, or none free
    in the pool), None when it may have reached the server."""

    request_sent: bool | None = None

    def __init__(self, message: str, *, request_sent: bool | None = None) -> None:
        self.request_sent = request_sent
        super().__init__(message)


class ConnectionErrorException(SdkException):
    """The API could not be reached (DNS, refused connection, reset, TLS...). ``request_sent`` is
    False when no connection was established (nothing reached the server), None otherwise."""

    request_sent: bool | None = None

    def __init__(self, message: str, *, request_sent: bool | None = None) -> None:
        self.request_sent = request_sent
        super().__init__(message)


class PaymentOrderOutcomeUnknownException(SdkException):
    """``create_payment_order`` with a ``reference`` failed ambiguously (the order may have been
    created) and the SDK could not find out whether it was: **do not create it again**. Call
    ``client.resume_payment_order(error)`` (now or later, e.g. from a retry task) to decide: it
    returns the order if it exists and creates it only if it provably does not. ``reference``,
    ``payment_order`` (the order as sent, a dict) and ``since`` (the wall-clock start of the
    window the order would be in) are what resuming needs; the exception pickles."""

    def __init__(self, message: str, *, reference: str, payment_order: dict[str, Any], since: float) -> None:
        self.reference = reference
        self.payment_order = payment_order
        self.since = since
        super().__init__(message)


class ClientClosedError(SdkException, RuntimeError):
    """A call on a client after its ``close()`` / ``aclose()`` (or the end of its ``with`` block)."""


class CacheUnavailableError(SdkException):
    """A store that must not be replaced by an in-process memory (the callback de-duplication
    store) could not be reached or did not answer in time. ``driver`` names it."""

    def __init__(self, driver: str, reason: str) -> None:
        self.driver = driver
        self.reason = reason
        super().__init__(f"the {driver} store is unavailable: {reason}")


class SdkHttpException(SdkException):
    """The API's answer is an error, or a success that cannot be read. Subclasses exist per
    documented ``error_code``; ``error_code`` is also readable on each class, as in the previous SDK."""

    error_code: str | None = None

    def __init__(
        self,
        *,
        status_code: int,
        error_code: str | None,
        message: str,
        request_id: str | None,
        debug_info: dict[str, Any],
    ) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.message = message
        self.request_id = request_id
        self.debug_info = debug_info
        super().__init__(self._describe())

    def _describe(self) -> str:
        code = f"error {self.error_code}" if self.error_code else "no error code"
        rid = self.request_id or "none"
        return f"HTTP {self.status_code} ({code}): {self.message} [request_id={rid}]"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, error_code={self.error_code!r}, "
            f"request_id={self.request_id!r})"
        )


class MalformedResponseException(SdkHttpException):
    """The API answered 2xx with a body that does not follow the spec (the call may have done its
    work on the server: see :class:`PaymentOrderMayExistException` for create)."""

    def __init__(
        self, message: str, *, status_code: int, debug_info: dict[str, Any], request_id: str | None = None
    ) -> None:
        super().__init__(
            status_code=status_code, error_code=None, message=message, request_id=request_id, debug_info=debug_info
        )

    def _describe(self) -> str:
        return self.message


class PaymentOrderMayExistException(MalformedResponseException):
    """``create_payment_order`` got a 2xx answer that could not be read: **the payment order may
    exist**. ``uuid`` is its uuid when the answer carried a readable one (look it up with
    ``get_payment_order``), ``body`` the raw answer (redacted). Do not simply create it again."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        debug_info: dict[str, Any],
        uuid: str | None,
        body: str,
        request_id: str | None = None,
    ) -> None:
        self.uuid = uuid
        self.body = body
        super().__init__(message, status_code=status_code, debug_info=debug_info, request_id=request_id)


class RedirectNotFollowedException(SdkHttpException):
    """The API answered with a redirect (3xx) that the SDK does not follow: one to another origin
    (the credentials would go there), or one for a request that is not safe to repeat. ``location``
    names the target."""

    def __init__(self, *, location: str | None, **fields: Any) -> None:
        self.location = location
        super().__init__(**fields)


class ValidationErrorException(SdkHttpException):
    """API error 0001: the request did not validate."""

    error_code: str | None = "0001"


class InvalidCallbackException(SdkHttpException):
    """API error 0013: the callback name is not valid now."""

    error_code: str | None = "0013"


class UnauthorizedClientException(SdkHttpException):
    """API error 1001: wrong client id or secret."""

    error_code: str | None = "1001"


class InvalidGrantTypeException(SdkHttpException):
    """API error 1002: grant_type is not client_credentials."""

    error_code: str | None = "1002"


class AccessTokenExpiredException(SdkHttpException):
    """API error 1004: the access token has expired."""

    error_code: str | None = "1004"


class InvalidRefreshTokenException(SdkHttpException):
    """API error 1006: the refresh token is not valid."""

    error_code: str | None = "1006"


class InvalidAccessTokenException(SdkHttpException):
    """API error 1007: the access token is not valid."""

    error_code: str | None = "1007"


class ForbiddenException(SdkHttpException):
    """API error 1012: the client may not do this."""

    error_code: str | None = "1012"


class InvalidScopeException(SdkHttpException):
    """API error 1013: the scope is not valid."""

    error_code: str | None = "1013"


class InvalidRealmException(SdkHttpException):
    """API error 1018: the realm is not valid."""

    error_code: str | None = "1018"


class TooManyRequestsException(SdkHttpException):
    """API error 2000: rate limited; try again later."""

    error_code: str | None = "2000"


class NotFoundException(SdkHttpException):
    """API error 3001: no such payment order or POS."""

    error_code: str | None = "3001"


class MethodNotAllowedException(SdkHttpException):
    """API error 3003: method not allowed."""

    error_code: str | None = "3003"


class InvalidAuthorizationHeaderException(SdkHttpException):
    """API error 3007: the Authorization header is malformed."""

    error_code: str | None = "3007"


class InvalidContentTypeHeaderException(SdkHttpException):
    """API error 3012: the Content-Type header is not accepted."""

    error_code: str | None = "3012"


class InvalidAcceptHeaderException(SdkHttpException):
    """API error 3013: the Accept header is not accepted."""

    error_code: str | None = "3013"


class InternalServerErrorException(SdkHttpException):
    """API error 4000: the server failed."""

    error_code: str | None = "4000"


class RateUnavailableException(SdkHttpException):
    """API error 4003: no exchange rate available now."""

    error_code: str | None = "4003"


class FunctionalityDownException(SdkHttpException):
    """API error 4006: the functionality is down for now."""

    error_code: str | None = "4006"


#: The one mapping from the API's ``error_code`` to the exception class: every class above that
#: names a code (read from the classes, so a new code's class needs no second entry here).
ERROR_CLASSES: dict[str, type[SdkHttpException]] = {
    cls.error_code: cls for cls in SdkHttpException.__subclasses__() if cls.error_code is not None
}


# ---------------------------------------------------------------------------- redaction


def _forms(secret: str) -> list[str]:
    """``secret`` as it may appear in text once JSON escapes are undone: as is, percent-encoded."""
    from urllib.parse import quote, quote_plus

    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe="")}
    return sorted(forms, key=len, reverse=True)


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([/\\\"])")


def _unescape(text: str) -> str:
    """JSON's escapes undone (``\\/``, ``\\u00e4``, ``\\u003d``), so an escaped secret is found."""
    if "\\" not in text:
        return text
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text)


def _scrub_text(text: str, secrets: Iterable[str]) -> str:
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        return text
    text = _unescape(text)
    for secret in secrets:
        for form in _forms(secret):
            text = text.replace(form, REDACTED)
    return text


def _scrub_value(value: Any, secrets: list[str], depth: int = 0) -> Any:
    """A decoded JSON value with secret keys' values and every secret inside a string redacted."""
    if depth > _MAX_DEPTH:
        return "[too deep]"
    if isinstance(value, dict):
        return {
            _scrub_text(str(k), secrets): (
                REDACTED if str(k).lower() in _SECRET_KEYS else _scrub_value(v, secrets, depth + 1)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(v, secrets, depth + 1) for v in value]
    if isinstance(value, str):
        return _scrub_text(value, secrets)
    return value


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret (as is, JSON-escaped or percent-encoded)
    replaced by ``[REDACTED]``."""
    return _scrub_text(text, secrets)


def _body(content: bytes, content_type: str, secrets: Iterable[str]) -> Any:
    """A body for ``debug_info``: decoded first (JSON whatever its Content-Type, a form), then
    redacted, so that no escaped form of a secret slips through; then cut to a bounded size."""
    if not content:
        return None
    secrets = list(secrets)
    text = content[:_MAX_DECODED_BYTES].decode("utf-8", errors="replace")
    if len(content) <= _MAX_DECODED_BYTES and text.lstrip()[:1] in ("{", "[", '"'):
        try:
            return _scrub_value(json.loads(text), secrets)
        except (ValueError, RecursionError):
            pass
    if "x-www-form-urlencoded" in content_type:
        pairs = httpx.QueryParams(text)
        return {k: (REDACTED if k.lower() in _SECRET_KEYS else _scrub_text(v, secrets)) for k, v in pairs.multi_items()}
    return _scrub_text(text, secrets)[:_MAX_BODY_CHARS]  # redacted before it is cut: no half secret


def _headers(headers: httpx.Headers, secrets: Iterable[str]) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in _SECRET_HEADERS else _scrub_text(v, secrets)) for k, v in headers.items()}


def debug_info(response: httpx.Response, secrets: Iterable[str] = ()) -> dict[str, Any]:
    """Request and response as a dict, with the Authorization header, tokens and secrets redacted."""
    secrets = [s for s in secrets if s]
    info: dict[str, Any] = {}
    try:
        request = response.request
    except RuntimeError:
        request = None
    if request is not None:
        try:
            request_body = request.content
        except httpx.RequestNotRead:
            request_body = b""
        info["request"] = {
            "method": request.method,
            "url": _scrub_text(str(request.url), secrets),
            "headers": _headers(request.headers, secrets),
            "body": _body(request_body, request.headers.get("content-type", ""), secrets),
        }
    info["response"] = {
        "status_code": response.status_code,
        "headers": _headers(response.headers, secrets),
        "body": _body(response.content, response.headers.get("content-type", ""), secrets),
    }
    return info


def http_exception(
    *,
    status_code: int,
    error_code: str | None,
    message: str,
    request_id: str | None,
    response: httpx.Response,
    secrets: Iterable[str] = (),
) -> SdkHttpException:
    """The exception for an error answer: the class for its code, or ``SdkHttpException``."""
    secrets = list(secrets)
    if 300 <= status_code <= 399:
        location = response.headers.get("location")
        return RedirectNotFollowedException(
            location=location,
            status_code=status_code,
            error_code=error_code,
            message=f"redirect to {_scrub_text(location or '', secrets)!r} not followed "
            "(only GET and HEAD, and only within the same origin)",
            request_id=request_id,
            debug_info=debug_info(response, secrets),
        )
    cls = ERROR_CLASSES.get(error_code or "", SdkHttpException)
    return cls(
        status_code=status_code,
        error_code=error_code,
        message=_scrub_text(message, secrets),
        request_id=request_id,
        debug_info=debug_info(response, secrets),
    )


__all__ = [
    "ERROR_CLASSES",
    "AccessTokenExpiredException",
    "CacheUnavailableError",
    "ClientClosedError",
    "ConfigurationError",
    "ConnectionErrorException",
    "ForbiddenException",
    "FunctionalityDownException",
    "InternalServerErrorException",
    "InvalidAcceptHeaderException",
    "InvalidAccessTokenException",
    "InvalidAuthorizationHeaderException",
    "InvalidCallbackException",
    "InvalidContentTypeHeaderException",
    "InvalidGrantTypeException",
    "InvalidRealmException",
    "InvalidRefreshTokenException",
    "InvalidRequestError",
    "InvalidScopeException",
    "MalformedResponseException",
    "MethodNotAllowedException",
    "NotFoundException",
    "PaymentOrderMayExistException",
    "PaymentOrderOutcomeUnknownException",
    "RateUnavailableException",
    "RedirectNotFollowedException",
    "SdkException",
    "SdkHttpException",
    "TimeoutException",
    "TooManyRequestsException",
    "UnauthorizedClientException",
    "ValidationErrorException",
]
