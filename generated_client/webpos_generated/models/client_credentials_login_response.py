from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    UNSET,
    Unset,
    check_number,
    check_string,
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

        id_token = src_dict["id_token"]

        expires_in = src_dict["expires_in"]

        token_type = src_dict["token_type"]

        scope = src_dict.get("scope", UNSET)

        known = 4 + (scope is not UNSET)
        client_credentials_login_response = cls(
            access_token,
            id_token,
            expires_in,
            token_type,
            scope,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        client_credentials_login_response.additional_properties = d
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

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
