from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.error_code import ErrorCode
from ..types import (
    UNSET,
    Unset,
    builds_plainly,
    check_enum,
    check_string,
    parse_enum,
    parse_enum_value,
    parse_str,
)

T = TypeVar("T", bound="Error")
_ErrorCode_MEMBERS = cast("Mapping[object, ErrorCode]", ErrorCode._value2member_map_)


_KNOWN_KEYS = frozenset(
    {
        "error_code",
        "message",
        "request_id",
    }
)


@_attrs_define
class Error:
    """Error answer of every operation (HTTP status 400 or higher).

    Attributes:
        error_code (ErrorCode): Four-digit error code (a string: leading zeros matter). The sources say only that
            an error's status is 400 or higher: the status below is the conventional one for each
            name, an assumption (see *What the sources leave open*). Every operation declares the
            statuses of the codes it can answer (each error response lists them in
            `x-webpos-error-codes`) and a `default` for any other; clients dispatch on the code.

            | code | name | assumed status |
            |---|---|---|
            | 0001 | ValidationError | 400 |
            | 0013 | InvalidCallback | 400 |
            | 1001 | UnauthorizedClient | 401 |
            | 1002 | InvalidGrantType | 400 |
            | 1004 | AccessTokenExpired | 401 |
            | 1006 | InvalidRefreshToken | 400 |
            | 1007 | InvalidAccessToken | 401 |
            | 1012 | Forbidden | 403 |
            | 1013 | InvalidScope | 400 |
            | 1018 | InvalidRealm | 400 |
            | 2000 | TooManyRequests | 429 |
            | 3001 | NotFound | 404 |
            | 3003 | MethodNotAllowed | 405 |
            | 3007 | InvalidAuthorizationHeader | 401 |
            | 3012 | InvalidContentTypeHeader | 415 |
            | 3013 | InvalidAcceptHeader | 406 |
            | 4000 | InternalServerError | 500 |
            | 4003 | RateUnavailable | 503 |
            | 4006 | FunctionalityDown | 503 |
        message (str | Unset): Human-readable description of the error.
        request_id (None | str | Unset): Id of the request on the server; quote it to Chainside support.
    """

    error_code: ErrorCode
    message: str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code.value

        message = self.message

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error_code": error_code,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        error_code = (
            _error_code_member
            if type(_error_code_value := src_dict["error_code"]) is str
            and (_error_code_member := _ErrorCode_MEMBERS.get(_error_code_value)) is not None
            else parse_enum(ErrorCode, _error_code_value, "error_code")
        )

        message = src_dict.get("message", UNSET)
        if type(message) is not str and message is not UNSET:
            message = parse_str(message, "message")

        request_id = src_dict.get("request_id", UNSET)
        if request_id == "" or request_id == {}:
            request_id = None

        known = 1 + (message is not UNSET) + (request_id is not UNSET)
        if cls is Error or builds_plainly(cls, Error):
            error = object.__new__(cls)
            error.error_code = error_code
            error.message = message
            error.request_id = request_id
        else:
            error = cls(
                error_code,
                message,
                request_id,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        error.additional_properties = d
        error._raw = src_dict
        return error

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "error_code", self.error_code, ErrorCode)

        check_string(errors, prefix + "message", self.message, nullable=False)

        check_string(errors, prefix + "request_id", self.request_id)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.error_code, ErrorCode):
            self.error_code = parse_enum_value(ErrorCode, self.error_code, "error_code")

    def _wire(self) -> Mapping[str, Any]:
        raw = self._raw
        return raw if raw is not None else self.to_dict()

    def __getitem__(self, key: str) -> Any:
        """A field as the API sent it, as the previous SDK's dicts were read (``order["state"]["status"]``).

        Nested objects come back as dicts and date-times and UUIDs as strings, exactly as received;
        an object built by hand reads as its ``to_dict()``. Unknown keys the server sent read too.
        """
        return self._wire()[key]

    def get(self, key: str, default: Any = None) -> Any:
        """``self[key]``, or ``default`` when the API did not send that key."""
        return self._wire().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._wire()

    def keys(self) -> KeysView[str]:
        """The keys the API sent (for an object built by hand, those of ``to_dict()``)."""
        return self._wire().keys()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):  # the previous SDK's nested objects were dicts
            return dict(self._wire()) == dict(other)
        if not isinstance(other, Error):
            return NotImplemented
        return (
            self.error_code,
            self.message,
            self.request_id,
            self.additional_properties,
        ) == (
            other.error_code,
            other.message,
            other.request_id,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
