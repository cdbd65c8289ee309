from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.grant_type import GrantType
from ..models.scope import Scope
from ..types import (
    check_enum,
    parse_enum,
)

T = TypeVar("T", bound="ClientCredentials")


_KNOWN_KEYS = frozenset(
    {
        "grant_type",
        "scope",
    }
)


@_attrs_define
class ClientCredentials:
    """Data required to perform a confidential client login (form-encoded).

    Attributes:
        grant_type (GrantType): OAuth2 grant type. Only `client_credentials` is accepted.
        scope (Scope): OAuth2 scope. Only `*` is accepted.
    """

    grant_type: GrantType
    scope: Scope
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        scope = self.scope.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "scope": scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        grant_type = parse_enum(GrantType, src_dict["grant_type"])

        scope = parse_enum(Scope, src_dict["scope"])

        known = 2
        client_credentials = cls(
            grant_type,
            scope,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        client_credentials.additional_properties = d
        return client_credentials

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "grant_type", self.grant_type, GrantType)

        check_enum(errors, prefix + "scope", self.scope, Scope)

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
