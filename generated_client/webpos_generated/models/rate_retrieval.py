from __future__ import annotations

import datetime
from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    UNSET,
    Unset,
    builds_plainly,
    check_string,
    parse_datetime,
    parse_str,
)

T = TypeVar("T", bound="RateRetrieval")


_KNOWN_KEYS = frozenset(
    {
        "created_at",
        "source",
        "value",
        "from",
        "to",
    }
)


@_attrs_define
class RateRetrieval:
    """Crypto/fiat exchange rate applied to a payment order.

    Attributes:
        created_at (datetime.datetime): When the rate was taken.
        source (str): Exchange providing the rate.
        value (str): A non-negative decimal number written as a string, e.g. `"10.00"`.
        from_ (str | Unset): Starting currency of the rate.
        to (str | Unset): Target currency of the rate.
    """

    created_at: datetime.datetime
    source: str
    value: str
    from_: str | Unset = UNSET
    to: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        source = self.source

        value = self.value

        from_ = self.from_

        to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "source": source,
                "value": value,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        created_at = parse_datetime(src_dict["created_at"], "created_at")

        source = src_dict["source"]
        if type(source) is not str:
            source = parse_str(source, "source")

        value = src_dict["value"]
        if type(value) is not str:
            value = parse_str(value, "value")

        from_ = src_dict.get("from", UNSET)
        if type(from_) is not str and from_ is not UNSET:
            from_ = parse_str(from_, "from")

        to = src_dict.get("to", UNSET)
        if type(to) is not str and to is not UNSET:
            to = parse_str(to, "to")

        known = 3 + (from_ is not UNSET) + (to is not UNSET)
        if cls is RateRetrieval or builds_plainly(cls, RateRetrieval):
            rate_retrieval = object.__new__(cls)
            rate_retrieval.created_at = created_at
            rate_retrieval.source = source
            rate_retrieval.value = value
            rate_retrieval.from_ = from_
            rate_retrieval.to = to
        else:
            rate_retrieval = cls(
                created_at,
                source,
                value,
                from_,
                to,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        rate_retrieval.additional_properties = d
        rate_retrieval._raw = src_dict
        return rate_retrieval

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_string(errors, prefix + "source", self.source, nullable=False)

        check_string(errors, prefix + "from", self.from_, nullable=False)

        check_string(errors, prefix + "to", self.to, nullable=False)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.created_at, datetime.datetime):
            self.created_at = parse_datetime(self.created_at, "created_at")

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
        if not isinstance(other, RateRetrieval):
            return NotImplemented
        return (
            self.created_at,
            self.source,
            self.value,
            self.from_,
            self.to,
            self.additional_properties,
        ) == (
            other.created_at,
            other.source,
            other.value,
            other.from_,
            other.to,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
