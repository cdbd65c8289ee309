from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    check_number,
)

T = TypeVar("T", bound="PaidStatus")


_KNOWN_KEYS = frozenset(
    {
        "crypto",
        "fiat",
    }
)


@_attrs_define
class PaidStatus:
    """An amount in crypto (satoshi) and in fiat.

    Attributes:
        crypto (int): Crypto amount, in satoshi.
        fiat (str): A non-negative decimal number written as a string, e.g. `"10.00"`.
    """

    crypto: int
    fiat: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        crypto = self.crypto

        fiat = self.fiat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "crypto": crypto,
                "fiat": fiat,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        crypto = src_dict["crypto"]

        fiat = src_dict["fiat"]

        known = 2
        paid_status = cls(
            crypto,
            fiat,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        paid_status.additional_properties = d
        return paid_status

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []
        check_number(errors, prefix + "crypto", self.crypto, integer=True, minimum=0.0, nullable=False)

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
