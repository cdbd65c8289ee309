from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.grant_type import GrantType
from ..models.scope import Scope
from ..types import (
    builds_plainly,
    check_enum,
    parse_enum,
    parse_enum_value,
)

T = TypeVar("T", bound="ClientCredentials")
_GrantType_MEMBERS = cast("Mapping[object, GrantType]", GrantType._value2member_map_)
_Scope_MEMBERS = cast("Mapping[object, Scope]", Scope._value2member_map_)


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
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

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
        grant_type = (
            _grant_type_member
            if type(_grant_type_value := src_dict["grant_type"]) is str
            and (_grant_type_member := _GrantType_MEMBERS.get(_grant_type_value)) is not None
            else parse_enum(GrantType, _grant_type_value, "grant_type")
        )

        scope = (
            _scope_member
            if type(_scope_value := src_dict["scope"]) is str
            and (_scope_member := _Scope_MEMBERS.get(_scope_value)) is not None
            else parse_enum(Scope, _scope_value, "scope")
        )

        known = 2
        if cls is ClientCredentials or builds_plainly(cls, ClientCredentials):
            client_credentials = object.__new__(cls)
            client_credentials.grant_type = grant_type
            client_credentials.scope = scope
        else:
            client_credentials = cls(
                grant_type,
                scope,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        client_credentials.additional_properties = d
        client_credentials._raw = src_dict
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

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.grant_type, GrantType):
            self.grant_type = parse_enum_value(GrantType, self.grant_type, "grant_type")

        if not isinstance(self.scope, Scope):
            self.scope = parse_enum_value(Scope, self.scope, "scope")

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
        if not isinstance(other, ClientCredentials):
            return NotImplemented
        return (
            self.grant_type,
            self.scope,
            self.additional_properties,
        ) == (
            other.grant_type,
            other.scope,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
