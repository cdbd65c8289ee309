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
)

T = TypeVar("T", bound="Out")


_KNOWN_KEYS = frozenset(
    {
        "n",
        "amount",
    }
)


@_attrs_define
class Out:
    """An output of a bitcoin transaction paying the order.

    Attributes:
        n (int): Index of the output in the transaction.
        amount (int): Amount of the output, in satoshi.
    """

    n: int
    amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        n = self.n

        amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "n": n,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        n = src_dict["n"]
        if type(n) is not int:
            n = parse_int(n, "n")

        amount = src_dict["amount"]
        if type(amount) is not int:
            amount = parse_int(amount, "amount")

        known = 2
        if cls is Out or builds_plainly(cls, Out):
            out = object.__new__(cls)
            out.n = n
            out.amount = amount
        else:
            out = cls(
                n,
                amount,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        out.additional_properties = d
        out._raw = src_dict
        return out

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []
        check_number(errors, prefix + "n", self.n, integer=True, minimum=0.0, nullable=False)

        check_number(errors, prefix + "amount", self.amount, integer=True, minimum=0.0, nullable=False)

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
        if not isinstance(other, Out):
            return NotImplemented
        return (
            self.n,
            self.amount,
            self.additional_properties,
        ) == (
            other.n,
            other.amount,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
