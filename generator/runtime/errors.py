"""Errors raised by the generated API functions.

* :class:`ApiError` -- the server answered with a status outside 2xx (any body, any status).
* :class:`MalformedResponseError` -- a 2xx answer whose body does not match the spec.
* :class:`RequestValidationError` -- a request body breaks the spec's constraints; raised
  before anything is sent.

This module imports nothing from the package, so every other module may import it.
"""

import json
from typing import Any

import httpx

_MAX_MESSAGE_CHARS = 300


def _normalize_error_code(raw: object) -> str | None:
    """The API sends four-digit strings; tolerate an integer (``4`` -> ``"0004"``)."""
    if isinstance(raw, str) and raw:
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return f"{raw:04d}"
    return None


class ApiError(Exception):
    """The server answered with a non-2xx status.

    Attributes:
        status_code: HTTP status, as sent (non-standard ones such as 520 included).
        error_code: The API's four-digit error code (a string), or None when the body has none.
        message: The server's message, or a short excerpt of a non-JSON body.
        request_id: The server's request id, to quote to support, when it sent one.
        response: The raw ``httpx.Response``.
    """

    def __init__(
        self,
        *,
        status_code: int,
        error_code: str | None,
        message: str,
        request_id: str | None,
        response: httpx.Response,
    ) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.message = message
        self.request_id = request_id
        self.response = response
        super().__init__(self._summary())

    def _summary(self) -> str:
        code = f"error {self.error_code}" if self.error_code else "no error code"
        text = f"HTTP {self.status_code} ({code}): {self.message}"
        if self.request_id:
            text += f" [request_id={self.request_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, error_code={self.error_code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        """Build the error from any answer: JSON error body, other JSON, HTML, empty."""
        body: Any = None
        try:
            body = json.loads(response.content) if response.content else None
        except (ValueError, RecursionError):
            body = None
        error_code: str | None = None
        message = ""
        request_id: str | None = None
        if isinstance(body, dict):
            error_code = _normalize_error_code(body.get("error_code"))
            raw_message = body.get("message", body.get("error_message", body.get("detail")))
            if isinstance(raw_message, str):
                message = raw_message
            raw_request_id = body.get("request_id")
            if isinstance(raw_request_id, str | int) and not isinstance(raw_request_id, bool):
                request_id = str(raw_request_id)
        if not message:
            text = response.content.decode("utf-8", errors="replace").strip()
            message = " ".join(text.split())[:_MAX_MESSAGE_CHARS] or (response.reason_phrase or "no body")
        if request_id is None:
            request_id = response.headers.get("x-request-id")
        return cls(
            status_code=response.status_code,
            error_code=error_code,
            message=message[:_MAX_MESSAGE_CHARS],
            request_id=request_id,
            response=response,
        )


def describe(err: BaseException) -> str:
    """``err`` and the errors it was raised from, outermost first: a nested field that failed to
    parse names the field, then what was wrong inside it (``... <- KeyError: 'txid'``)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen and len(parts) < 8:
        seen.add(id(current))
        parts.append(f"{type(current).__name__}: {current}" if str(current) else type(current).__name__)
        current = current.__cause__
    return " <- ".join(parts)


class MalformedResponseError(Exception):
    """A successful (2xx) answer whose body does not follow the spec.

    Attributes:
        status_code: HTTP status of the answer.
        reason: What did not match.
        response: The raw ``httpx.Response``.
    """

    def __init__(self, *, reason: str, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.reason = reason
        self.response = response
        super().__init__(f"HTTP {response.status_code}: the response body does not match the API spec: {reason}")


class FieldError:
    """One constraint broken by one field: ``path`` is dotted (``state.paid.fiat``, ``outs[0].n``)."""

    __slots__ = ("path", "problem")

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem

    def __repr__(self) -> str:
        return f"FieldError({self.path!r}, {self.problem!r})"

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and (self.path, self.problem) == (other.path, other.problem)

    def __hash__(self) -> int:
        return hash((self.path, self.problem))


class RequestValidationError(ValueError):
    """A request breaks the spec's constraints. Raised before anything is sent.

    Attributes:
        errors: Every broken constraint, one :class:`FieldError` each.
    """

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("invalid request: " + "; ".join(str(e) for e in self.errors))

    @property
    def fields(self) -> list[str]:
        """The paths of the failing fields, in order."""
        return [e.path for e in self.errors]


__all__ = ["ApiError", "FieldError", "MalformedResponseError", "RequestValidationError"]
