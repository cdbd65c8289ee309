from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.creator_type import CreatorType
from ..types import (
    UNSET,
    Unset,
    check_enum,
    check_model,
    check_string,
    parse_enum,
    parse_uuid,
)

T = TypeVar("T", bound="PaymentOrderCreator")


_KNOWN_KEYS = frozenset(
    {
        "uuid",
        "name",
        "type",
        "deposit_account",
        "active",
    }
)


@_attrs_define
class PaymentOrderCreator:
    """The point of sale that created a payment order.

    Attributes:
        uuid (UUID): UUID of the point of sale.
        name (str): Name of the point of sale.
        type_ (CreatorType): Kind of point of sale that created a payment order.
        deposit_account (DepositAccountLite): Deposit account, as nested in other objects.
        active (bool | Unset): Whether the point of sale is active.
    """

    uuid: UUID
    name: str
    type_: CreatorType
    deposit_account: DepositAccountLite
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        name = self.name

        type_ = self.type_.value

        deposit_account = self.deposit_account.to_dict()

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "name": name,
                "type": type_,
                "deposit_account": deposit_account,
            }
        )
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        uuid = parse_uuid(src_dict["uuid"])

        name = src_dict["name"]

        type_ = parse_enum(CreatorType, src_dict["type"])

        deposit_account = DepositAccountLite.from_dict(src_dict["deposit_account"])

        active = src_dict.get("active", UNSET)

        known = 4 + (active is not UNSET)
        payment_order_creator = cls(
            uuid,
            name,
            type_,
            deposit_account,
            active,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_creator.additional_properties = d
        return payment_order_creator

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_string(errors, prefix + "name", self.name, nullable=False)

        check_enum(errors, prefix + "type", self.type_, CreatorType)

        check_model(errors, prefix + "deposit_account", self.deposit_account, DepositAccountLite)

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


# Imported after the class so that models referring to each other import without a cycle.
from ..models.deposit_account_lite import DepositAccountLite  # noqa: E402
