from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    builds_plainly,
    check_number,
    parse_int,
    parse_str,
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
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

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
        if type(crypto) is not int:
            crypto = parse_int(crypto, "crypto")

        fiat = src_dict["fiat"]
        if type(fiat) is not str:
            fiat = parse_str(fiat, "fiat")

        known = 2
        if cls is PaidStatus or builds_plainly(cls, PaidStatus):
            paid_status = object.__new__(cls)
            paid_status.crypto = crypto
            paid_status.fiat = fiat
        else:
            paid_status = cls(
                crypto,
                fiat,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        paid_status.additional_properties = d
        paid_status._raw = src_dict
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
        if not isinstance(other, PaidStatus):
            return NotImplemented
        return (
            self.crypto,
            self.fiat,
            self.additional_properties,
        ) == (
            other.crypto,
            other.fiat,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
