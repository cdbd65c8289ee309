from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.deposit_account_type import DepositAccountType
from ..types import (
    UUIDStr,
    builds_plainly,
    check_enum,
    check_string,
    parse_enum,
    parse_enum_value,
    parse_str,
    parse_uuid,
)

T = TypeVar("T", bound="DepositAccountLite")
_DepositAccountType_MEMBERS = cast("Mapping[object, DepositAccountType]", DepositAccountType._value2member_map_)


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
        uuid (UUIDStr): UUID of the deposit account.
        name (str): Name of the deposit account.
        type_ (DepositAccountType): Kind of deposit account.
    """

    uuid: UUIDStr
    name: str
    type_: DepositAccountType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

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
        uuid = parse_uuid(src_dict["uuid"], "uuid")

        name = src_dict["name"]
        if type(name) is not str:
            name = parse_str(name, "name")

        type_ = (
            _type__member
            if type(_type__value := src_dict["type"]) is str
            and (_type__member := _DepositAccountType_MEMBERS.get(_type__value)) is not None
            else parse_enum(DepositAccountType, _type__value, "type")
        )

        known = 3
        if cls is DepositAccountLite or builds_plainly(cls, DepositAccountLite):
            deposit_account_lite = object.__new__(cls)
            deposit_account_lite.uuid = uuid
            deposit_account_lite.name = name
            deposit_account_lite.type_ = type_
        else:
            deposit_account_lite = cls(
                uuid,
                name,
                type_,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        deposit_account_lite.additional_properties = d
        deposit_account_lite._raw = src_dict
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

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if type(self.uuid) is not UUIDStr:
            self.uuid = parse_uuid(self.uuid, "uuid")

        if not isinstance(self.type_, DepositAccountType):
            self.type_ = parse_enum_value(DepositAccountType, self.type_, "type")

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
        if not isinstance(other, DepositAccountLite):
            return NotImplemented
        return (
            self.uuid,
            self.name,
            self.type_,
            self.additional_properties,
        ) == (
            other.uuid,
            other.name,
            other.type_,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
