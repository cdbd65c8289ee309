from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    UNSET,
    Unset,
    check_model,
    check_number,
    check_string,
    parse_datetime,
    parse_uuid,
)

T = TypeVar("T", bound="PaymentOrderCreationResponse")


_KNOWN_KEYS = frozenset(
    {
        "uuid",
        "address",
        "uri",
        "amount",
        "expiration_time",
        "expires_in",
        "rate",
        "redirect_url",
        "created_at",
        "reference",
    }
)


@_attrs_define
class PaymentOrderCreationResponse:
    """Response data for a payment order creation request.

    Attributes:
        uuid (UUID): UUID of the payment order.
        address (str): Bitcoin address to pay to.
        uri (str): Bitcoin URI according to BIP 21 (https://github.com/bitcoin/bips/blob/master/bip-0021.mediawiki).
        amount (int): Crypto amount of the payment order, in satoshi.
        expiration_time (datetime.datetime): When the payment order expires.
        expires_in (int): Seconds until the payment order expires.
        rate (RateRetrieval): Crypto/fiat exchange rate applied to a payment order.
        redirect_url (None | str): URL of the hosted page where the payer completes the payment.
        created_at (datetime.datetime | None | Unset): Creation date of the payment order.
        reference (None | str | Unset): The business' reference of the payment order.
    """

    uuid: UUID
    address: str
    uri: str
    amount: int
    expiration_time: datetime.datetime
    expires_in: int
    rate: RateRetrieval
    redirect_url: None | str
    created_at: datetime.datetime | None | Unset = UNSET
    reference: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        address = self.address

        uri = self.uri

        amount = self.amount

        expiration_time = self.expiration_time.isoformat()

        expires_in = self.expires_in

        rate = self.rate.to_dict()

        redirect_url: None | str
        redirect_url = self.redirect_url

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "address": address,
                "uri": uri,
                "amount": amount,
                "expiration_time": expiration_time,
                "expires_in": expires_in,
                "rate": rate,
                "redirect_url": redirect_url,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        uuid = parse_uuid(src_dict["uuid"])

        address = src_dict["address"]

        uri = src_dict["uri"]

        amount = src_dict["amount"]

        expiration_time = parse_datetime(src_dict["expiration_time"])

        expires_in = src_dict["expires_in"]

        rate = RateRetrieval.from_dict(src_dict["rate"])

        redirect_url = src_dict["redirect_url"]

        created_at = src_dict.get("created_at", UNSET)
        if created_at is not None and not isinstance(created_at, Unset):
            try:
                if not isinstance(created_at, str):
                    raise TypeError()
                created_at_type_0 = parse_datetime(created_at)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "created_at: " + type(created_at).__name__ + " matches none of datetime.datetime | None | Unset"
                ) from err
            created_at = created_at_type_0

        reference = src_dict.get("reference", UNSET)

        known = 8 + (created_at is not UNSET) + (reference is not UNSET)
        payment_order_creation_response = cls(
            uuid,
            address,
            uri,
            amount,
            expiration_time,
            expires_in,
            rate,
            redirect_url,
            created_at,
            reference,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_creation_response.additional_properties = d
        return payment_order_creation_response

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_string(errors, prefix + "address", self.address, nullable=False)

        check_string(errors, prefix + "uri", self.uri, nullable=False)

        check_number(errors, prefix + "amount", self.amount, integer=True, minimum=0.0, nullable=False)

        check_number(errors, prefix + "expires_in", self.expires_in, integer=True, nullable=False)

        check_model(errors, prefix + "rate", self.rate, RateRetrieval)

        check_string(errors, prefix + "redirect_url", self.redirect_url, pattern="^https://", uri=True)

        check_string(errors, prefix + "reference", self.reference)

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
from ..models.rate_retrieval import RateRetrieval  # noqa: E402
