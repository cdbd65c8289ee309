from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.deposit_account_type import DepositAccountType
from ..types import (
    check_enum,
    check_string,
    parse_enum,
    parse_uuid,
)

T = TypeVar("T", bound="DepositAccountLite")


_KNOWN_KEYS = frozenset(
    {
        "uuid",
        "name",
        "type",
    }
)


@_attrs_define
class DepositAccountLite:
    """Deposit account, as nested in other objects.

    Attributes:
        uuid (UUID): UUID of the deposit account.
        name (str): Name of the deposit account.
        type_ (DepositAccountType): Kind of deposit account.
    """

    uuid: UUID
    name: str
    type_: DepositAccountType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        name = self.name

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "name": name,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        uuid = parse_uuid(src_dict["uuid"])

        name = src_dict["name"]

        type_ = parse_enum(DepositAccountType, src_dict["type"])

        known = 3
        deposit_account_lite = cls(
            uuid,
            name,
            type_,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        deposit_account_lite.additional_properties = d
        return deposit_account_lite

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_string(errors, prefix + "name", self.name, nullable=False)

        check_enum(errors, prefix + "type", self.type_, DepositAccountType)

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
