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
    UUIDStr,
    builds_plainly,
    check_model,
    check_number,
    check_string,
    coerce_model,
    is_null,
    parse_datetime,
    parse_int,
    parse_str,
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
        uuid (UUIDStr): UUID of the payment order.
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

    uuid: UUIDStr
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
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

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
        uuid = parse_uuid(src_dict["uuid"], "uuid")

        address = src_dict["address"]
        if type(address) is not str:
            address = parse_str(address, "address")

        uri = src_dict["uri"]
        if type(uri) is not str:
            uri = parse_str(uri, "uri")

        amount = src_dict["amount"]
        if type(amount) is not int:
            amount = parse_int(amount, "amount")

        expiration_time = parse_datetime(src_dict["expiration_time"], "expiration_time")

        expires_in = src_dict["expires_in"]
        if type(expires_in) is not int:
            expires_in = parse_int(expires_in, "expires_in")

        rate = RateRetrieval.from_dict(src_dict["rate"])

        redirect_url = src_dict["redirect_url"]
        if redirect_url == "" or redirect_url == {}:
            redirect_url = None

        created_at = src_dict.get("created_at", UNSET)
        if created_at == "" or created_at == {}:
            created_at = None
        elif created_at is not None and not isinstance(created_at, Unset):
            try:
                if not isinstance(created_at, str):
                    raise TypeError()
                created_at_type_0 = parse_datetime(created_at, "created_at")

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "created_at: " + type(created_at).__name__ + " matches none of datetime.datetime | None | Unset"
                ) from err
            created_at = created_at_type_0

        reference = src_dict.get("reference", UNSET)
        if reference == "" or reference == {}:
            reference = None

        known = 8 + (created_at is not UNSET) + (reference is not UNSET)
        if cls is PaymentOrderCreationResponse or builds_plainly(cls, PaymentOrderCreationResponse):
            payment_order_creation_response = object.__new__(cls)
            payment_order_creation_response.uuid = uuid
            payment_order_creation_response.address = address
            payment_order_creation_response.uri = uri
            payment_order_creation_response.amount = amount
            payment_order_creation_response.expiration_time = expiration_time
            payment_order_creation_response.expires_in = expires_in
            payment_order_creation_response.rate = rate
            payment_order_creation_response.redirect_url = redirect_url
            payment_order_creation_response.created_at = created_at
            payment_order_creation_response.reference = reference
        else:
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
        payment_order_creation_response._raw = src_dict
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

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if type(self.uuid) is not UUIDStr:
            self.uuid = parse_uuid(self.uuid, "uuid")

        if not isinstance(self.expiration_time, datetime.datetime):
            self.expiration_time = parse_datetime(self.expiration_time, "expiration_time")

        if not isinstance(self.rate, RateRetrieval):
            self.rate = coerce_model(RateRetrieval, self.rate, "rate")

        if self.created_at is not None and not isinstance(self.created_at, Unset):
            if is_null(self.created_at):
                self.created_at = None
            else:
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
        if not isinstance(other, PaymentOrderCreationResponse):
            return NotImplemented
        return (
            self.uuid,
            self.address,
            self.uri,
            self.amount,
            self.expiration_time,
            self.expires_in,
            self.rate,
            self.redirect_url,
            self.created_at,
            self.reference,
            self.additional_properties,
        ) == (
            other.uuid,
            other.address,
            other.uri,
            other.amount,
            other.expiration_time,
            other.expires_in,
            other.rate,
            other.redirect_url,
            other.created_at,
            other.reference,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.rate_retrieval import RateRetrieval  # noqa: E402
