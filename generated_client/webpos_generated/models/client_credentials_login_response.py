from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    UNSET,
    Unset,
    builds_plainly,
    check_number,
    check_string,
    parse_int,
    parse_str,
)

T = TypeVar("T", bound="ClientCredentialsLoginResponse")


_KNOWN_KEYS = frozenset(
    {
        "access_token",
        "id_token",
        "expires_in",
        "token_type",
        "scope",
    }
)


@_attrs_define
class ClientCredentialsLoginResponse:
    """Response data for a login performed by a confidential client.

    Attributes:
        access_token (str): The bearer access token, sent as `Authorization: Bearer <access_token>`.
        id_token (str): JWT holding the identity's information.
        expires_in (int): Seconds until the access token expires.
        token_type (str): Token type; `Bearer`.
        scope (None | str | Unset): Scope of the authorization.
    """

    access_token: str
    id_token: str
    expires_in: int
    token_type: str
    scope: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        id_token = self.id_token

        expires_in = self.expires_in

        token_type = self.token_type

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "id_token": id_token,
                "expires_in": expires_in,
                "token_type": token_type,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        access_token = src_dict["access_token"]
        if type(access_token) is not str:
            access_token = parse_str(access_token, "access_token")

        id_token = src_dict["id_token"]
        if type(id_token) is not str:
            id_token = parse_str(id_token, "id_token")

        expires_in = src_dict["expires_in"]
        if type(expires_in) is not int:
            expires_in = parse_int(expires_in, "expires_in")

        token_type = src_dict["token_type"]
        if type(token_type) is not str:
            token_type = parse_str(token_type, "token_type")

        scope = src_dict.get("scope", UNSET)
        if scope == "" or scope == {}:
            scope = None

        known = 4 + (scope is not UNSET)
        if cls is ClientCredentialsLoginResponse or builds_plainly(cls, ClientCredentialsLoginResponse):
            client_credentials_login_response = object.__new__(cls)
            client_credentials_login_response.access_token = access_token
            client_credentials_login_response.id_token = id_token
            client_credentials_login_response.expires_in = expires_in
            client_credentials_login_response.token_type = token_type
            client_credentials_login_response.scope = scope
        else:
            client_credentials_login_response = cls(
                access_token,
                id_token,
                expires_in,
                token_type,
                scope,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        client_credentials_login_response.additional_properties = d
        client_credentials_login_response._raw = src_dict
        return client_credentials_login_response

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []
        check_string(errors, prefix + "access_token", self.access_token, nullable=False)

        check_string(errors, prefix + "id_token", self.id_token, nullable=False)

        check_number(errors, prefix + "expires_in", self.expires_in, integer=True, minimum=0.0, nullable=False)

        check_string(errors, prefix + "token_type", self.token_type, nullable=False)

        check_string(errors, prefix + "scope", self.scope)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

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
        if not isinstance(other, ClientCredentialsLoginResponse):
            return NotImplemented
        return (
            self.access_token,
            self.id_token,
            self.expires_in,
            self.token_type,
            self.scope,
            self.additional_properties,
        ) == (
            other.access_token,
            other.id_token,
            other.expires_in,
            other.token_type,
            other.scope,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
