from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.creator_type import CreatorType
from ..types import (
    UNSET,
    Unset,
    UUIDStr,
    builds_plainly,
    check_enum,
    check_model,
    check_string,
    coerce_model,
    parse_enum,
    parse_enum_value,
    parse_str,
    parse_uuid,
)

T = TypeVar("T", bound="PaymentOrderCreator")
_CreatorType_MEMBERS = cast("Mapping[object, CreatorType]", CreatorType._value2member_map_)


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
        uuid (UUIDStr): UUID of the point of sale.
        name (str): Name of the point of sale.
        type_ (CreatorType): Kind of point of sale that created a payment order.
        deposit_account (DepositAccountLite): Deposit account, as nested in other objects.
        active (bool | Unset): Whether the point of sale is active.
    """

    uuid: UUIDStr
    name: str
    type_: CreatorType
    deposit_account: DepositAccountLite
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

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
        uuid = parse_uuid(src_dict["uuid"], "uuid")

        name = src_dict["name"]
        if type(name) is not str:
            name = parse_str(name, "name")

        type_ = (
            _type__member
            if type(_type__value := src_dict["type"]) is str
            and (_type__member := _CreatorType_MEMBERS.get(_type__value)) is not None
            else parse_enum(CreatorType, _type__value, "type")
        )

        deposit_account = DepositAccountLite.from_dict(src_dict["deposit_account"])

        active = src_dict.get("active", UNSET)

        known = 4 + (active is not UNSET)
        if cls is PaymentOrderCreator or builds_plainly(cls, PaymentOrderCreator):
            payment_order_creator = object.__new__(cls)
            payment_order_creator.uuid = uuid
            payment_order_creator.name = name
            payment_order_creator.type_ = type_
            payment_order_creator.deposit_account = deposit_account
            payment_order_creator.active = active
        else:
            payment_order_creator = cls(
                uuid,
                name,
                type_,
                deposit_account,
                active,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_creator.additional_properties = d
        payment_order_creator._raw = src_dict
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

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if type(self.uuid) is not UUIDStr:
            self.uuid = parse_uuid(self.uuid, "uuid")

        if not isinstance(self.type_, CreatorType):
            self.type_ = parse_enum_value(CreatorType, self.type_, "type")

        if not isinstance(self.deposit_account, DepositAccountLite):
            self.deposit_account = coerce_model(DepositAccountLite, self.deposit_account, "deposit_account")

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
        if not isinstance(other, PaymentOrderCreator):
            return NotImplemented
        return (
            self.uuid,
            self.name,
            self.type_,
            self.deposit_account,
            self.active,
            self.additional_properties,
        ) == (
            other.uuid,
            other.name,
            other.type_,
            other.deposit_account,
            other.active,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.deposit_account_lite import DepositAccountLite  # noqa: E402
