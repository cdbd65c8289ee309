from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    builds_plainly,
    check_string,
    parse_str,
)

T = TypeVar("T", bound="PaymentOrderDeletionResponse")


_KNOWN_KEYS = frozenset(
    {
        "cancel_url",
    }
)


@_attrs_define
class PaymentOrderDeletionResponse:
    """Payment order deletion (cancellation) response.

    Attributes:
        cancel_url (str): The URL where the payer is sent upon payment order expiration or cancellation.
    """

    cancel_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        cancel_url = self.cancel_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancel_url": cancel_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        cancel_url = src_dict["cancel_url"]
        if type(cancel_url) is not str:
            cancel_url = parse_str(cancel_url, "cancel_url")

        known = 1
        if cls is PaymentOrderDeletionResponse or builds_plainly(cls, PaymentOrderDeletionResponse):
            payment_order_deletion_response = object.__new__(cls)
            payment_order_deletion_response.cancel_url = cancel_url
        else:
            payment_order_deletion_response = cls(
                cancel_url,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_deletion_response.additional_properties = d
        payment_order_deletion_response._raw = src_dict
        return payment_order_deletion_response

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []
        check_string(errors, prefix + "cancel_url", self.cancel_url, pattern="^https://", uri=True, nullable=False)

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
        if not isinstance(other, PaymentOrderDeletionResponse):
            return NotImplemented
        return (
            self.cancel_url,
            self.additional_properties,
        ) == (
            other.cancel_url,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
