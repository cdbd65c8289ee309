from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    UNSET,
    Unset,
    builds_plainly,
    check_number,
    check_string,
    parse_str,
)

T = TypeVar("T", bound="PaymentOrderCreation")


_KNOWN_KEYS = frozenset(
    {
        "amount",
        "details",
        "reference",
        "callback_url",
        "continue_url",
        "cancel_url",
        "required_confirmations",
    }
)


@_attrs_define
class PaymentOrderCreation:
    """Data required to create a new payment order.

    Attributes:
        amount (str): Fiat amount to be paid, greater than zero, as a decimal string with at most two decimals (e.g.
            `"10.00"`).
        details (None | str | Unset): Payment order's details, shown to the payer.
        reference (None | str | Unset): The business' own reference for the payment order (e.g. an order number).
        callback_url (None | str | Unset): `https://` URL that receives the signed callbacks of this payment order.
        continue_url (None | str | Unset): `https://` URL where the payer is sent after a successful payment.
        cancel_url (None | str | Unset): `https://` URL where the payer is sent when the order expires or is cancelled.
        required_confirmations (int | None | Unset): Blockchain confirmations a paying transaction needs before the
            order counts as paid.
    """

    amount: str
    details: None | str | Unset = UNSET
    reference: None | str | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    continue_url: None | str | Unset = UNSET
    cancel_url: None | str | Unset = UNSET
    required_confirmations: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        details: None | str | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        else:
            details = self.details

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        continue_url: None | str | Unset
        if isinstance(self.continue_url, Unset):
            continue_url = UNSET
        else:
            continue_url = self.continue_url

        cancel_url: None | str | Unset
        if isinstance(self.cancel_url, Unset):
            cancel_url = UNSET
        else:
            cancel_url = self.cancel_url

        required_confirmations: int | None | Unset
        if isinstance(self.required_confirmations, Unset):
            required_confirmations = UNSET
        else:
            required_confirmations = self.required_confirmations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details
        if reference is not UNSET:
            field_dict["reference"] = reference
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if continue_url is not UNSET:
            field_dict["continue_url"] = continue_url
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url
        if required_confirmations is not UNSET:
            field_dict["required_confirmations"] = required_confirmations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        amount = src_dict["amount"]
        if type(amount) is not str:
            amount = parse_str(amount, "amount")

        details = src_dict.get("details", UNSET)
        if details == "" or details == {}:
            details = None

        reference = src_dict.get("reference", UNSET)
        if reference == "" or reference == {}:
            reference = None

        callback_url = src_dict.get("callback_url", UNSET)
        if callback_url == "" or callback_url == {}:
            callback_url = None

        continue_url = src_dict.get("continue_url", UNSET)
        if continue_url == "" or continue_url == {}:
            continue_url = None

        cancel_url = src_dict.get("cancel_url", UNSET)
        if cancel_url == "" or cancel_url == {}:
            cancel_url = None

        required_confirmations = src_dict.get("required_confirmations", UNSET)
        if required_confirmations == "" or required_confirmations == {}:
            required_confirmations = None

        known = (
            1
            + (details is not UNSET)
            + (reference is not UNSET)
            + (callback_url is not UNSET)
            + (continue_url is not UNSET)
            + (cancel_url is not UNSET)
            + (required_confirmations is not UNSET)
        )
        if cls is PaymentOrderCreation or builds_plainly(cls, PaymentOrderCreation):
            payment_order_creation = object.__new__(cls)
            payment_order_creation.amount = amount
            payment_order_creation.details = details
            payment_order_creation.reference = reference
            payment_order_creation.callback_url = callback_url
            payment_order_creation.continue_url = continue_url
            payment_order_creation.cancel_url = cancel_url
            payment_order_creation.required_confirmations = required_confirmations
        else:
            payment_order_creation = cls(
                amount,
                details,
                reference,
                callback_url,
                continue_url,
                cancel_url,
                required_confirmations,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_creation.additional_properties = d
        payment_order_creation._raw = src_dict
        return payment_order_creation

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []
        check_string(
            errors,
            prefix + "amount",
            self.amount,
            max_length=32,
            pattern="^([0-9]*[1-9][0-9]*(\\.[0-9]{1,2})?|[0-9]+\\.(0[1-9]|[1-9][0-9]?))$",
            nullable=False,
        )

        check_string(errors, prefix + "details", self.details, max_length=300)

        check_string(errors, prefix + "reference", self.reference, max_length=300)

        check_string(errors, prefix + "callback_url", self.callback_url, max_length=300, pattern="^https://", uri=True)

        check_string(errors, prefix + "continue_url", self.continue_url, max_length=300, pattern="^https://", uri=True)

        check_string(errors, prefix + "cancel_url", self.cancel_url, max_length=300, pattern="^https://", uri=True)

        check_number(errors, prefix + "required_confirmations", self.required_confirmations, integer=True, minimum=0.0)

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
        if not isinstance(other, PaymentOrderCreation):
            return NotImplemented
        return (
            self.amount,
            self.details,
            self.reference,
            self.callback_url,
            self.continue_url,
            self.cancel_url,
            self.required_confirmations,
            self.additional_properties,
        ) == (
            other.amount,
            other.details,
            other.reference,
            other.callback_url,
            other.continue_url,
            other.cancel_url,
            other.required_confirmations,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
