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

T = TypeVar("T", bound="PaymentOrderRetrieval")


_KNOWN_KEYS = frozenset(
    {
        "uuid",
        "address",
        "uri",
        "amount",
        "btc_amount",
        "required_confirmations",
        "expires_in",
        "expiration_time",
        "created_at",
        "resolved_at",
        "chargeback_date",
        "dispute_start_date",
        "reference",
        "state",
        "rate",
        "currency",
        "created_by",
        "transactions",
        "details",
        "callback_url",
        "redirect_url",
    }
)


@_attrs_define
class PaymentOrderRetrieval:
    """A payment order with its current state.

    Attributes:
        uuid (UUIDStr): UUID of the payment order.
        address (str): Bitcoin address (base58 or bech32) to pay to.
        uri (str): Bitcoin URI according to BIP 21.
        amount (str): A non-negative decimal number written as a string, e.g. `"10.00"`.
        btc_amount (int): Bitcoin amount of the payment order, in satoshi.
        required_confirmations (int): Confirmations required for transactions paying the order.
        expires_in (int): Seconds until the payment order expires (negative or zero once expired).
        expiration_time (datetime.datetime): When the payment order expires.
        created_at (datetime.datetime): Creation date of the payment order.
        resolved_at (datetime.datetime | None): When the order was fully paid, expired or cancelled; null while pending.
        chargeback_date (datetime.datetime | None): When a chargeback happened; null if none.
        dispute_start_date (datetime.datetime | None): When a network dispute started; null if none.
        reference (None | str): The business' reference for the payment order.
        state (PaymentOrderState): The current state of a payment order.
        rate (RateRetrieval): Crypto/fiat exchange rate applied to a payment order.
        currency (CurrencyRetrieval): Currency of a payment order.
        created_by (PaymentOrderCreator): The point of sale that created a payment order.
        transactions (list[Transaction] | None): Transactions paying the payment order; null or empty when there are
            none (both are allowed).
        details (None | str | Unset): Payment order's details.
        callback_url (None | str | Unset): URL that receives the callbacks of this payment order.
        redirect_url (None | str | Unset): URL of the hosted page where the payer completes the payment.
    """

    uuid: UUIDStr
    address: str
    uri: str
    amount: str
    btc_amount: int
    required_confirmations: int
    expires_in: int
    expiration_time: datetime.datetime
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    chargeback_date: datetime.datetime | None
    dispute_start_date: datetime.datetime | None
    reference: None | str
    state: PaymentOrderState
    rate: RateRetrieval
    currency: CurrencyRetrieval
    created_by: PaymentOrderCreator
    transactions: list[Transaction] | None
    details: None | str | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    redirect_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        address = self.address

        uri = self.uri

        amount = self.amount

        btc_amount = self.btc_amount

        required_confirmations = self.required_confirmations

        expires_in = self.expires_in

        expiration_time = self.expiration_time.isoformat()

        created_at = self.created_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        chargeback_date: None | str
        if isinstance(self.chargeback_date, datetime.datetime):
            chargeback_date = self.chargeback_date.isoformat()
        else:
            chargeback_date = self.chargeback_date

        dispute_start_date: None | str
        if isinstance(self.dispute_start_date, datetime.datetime):
            dispute_start_date = self.dispute_start_date.isoformat()
        else:
            dispute_start_date = self.dispute_start_date

        reference: None | str
        reference = self.reference

        state = self.state.to_dict()

        rate = self.rate.to_dict()

        currency = self.currency.to_dict()

        created_by = self.created_by.to_dict()

        transactions: list[dict[str, Any]] | None
        if isinstance(self.transactions, list):
            transactions = []
            for transactions_type_0_item_data in self.transactions:
                transactions_type_0_item = transactions_type_0_item_data.to_dict()
                transactions.append(transactions_type_0_item)

        else:
            transactions = self.transactions

        details: None | str | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        else:
            details = self.details

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        redirect_url: None | str | Unset
        if isinstance(self.redirect_url, Unset):
            redirect_url = UNSET
        else:
            redirect_url = self.redirect_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "address": address,
                "uri": uri,
                "amount": amount,
                "btc_amount": btc_amount,
                "required_confirmations": required_confirmations,
                "expires_in": expires_in,
                "expiration_time": expiration_time,
                "created_at": created_at,
                "resolved_at": resolved_at,
                "chargeback_date": chargeback_date,
                "dispute_start_date": dispute_start_date,
                "reference": reference,
                "state": state,
                "rate": rate,
                "currency": currency,
                "created_by": created_by,
                "transactions": transactions,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if redirect_url is not UNSET:
            field_dict["redirect_url"] = redirect_url

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
        if type(amount) is not str:
            amount = parse_str(amount, "amount")

        btc_amount = src_dict["btc_amount"]
        if type(btc_amount) is not int:
            btc_amount = parse_int(btc_amount, "btc_amount")

        required_confirmations = src_dict["required_confirmations"]
        if type(required_confirmations) is not int:
            required_confirmations = parse_int(required_confirmations, "required_confirmations")

        expires_in = src_dict["expires_in"]
        if type(expires_in) is not int:
            expires_in = parse_int(expires_in, "expires_in")

        expiration_time = parse_datetime(src_dict["expiration_time"], "expiration_time")

        created_at = parse_datetime(src_dict["created_at"], "created_at")

        resolved_at = src_dict["resolved_at"]
        if resolved_at == "" or resolved_at == {}:
            resolved_at = None
        elif resolved_at is not None:
            try:
                if not isinstance(resolved_at, str):
                    raise TypeError()
                resolved_at_type_0 = parse_datetime(resolved_at, "resolved_at")

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "resolved_at: " + type(resolved_at).__name__ + " matches none of datetime.datetime | None"
                ) from err
            resolved_at = resolved_at_type_0

        chargeback_date = src_dict["chargeback_date"]
        if chargeback_date == "" or chargeback_date == {}:
            chargeback_date = None
        elif chargeback_date is not None:
            try:
                if not isinstance(chargeback_date, str):
                    raise TypeError()
                chargeback_date_type_0 = parse_datetime(chargeback_date, "chargeback_date")

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "chargeback_date: " + type(chargeback_date).__name__ + " matches none of datetime.datetime | None"
                ) from err
            chargeback_date = chargeback_date_type_0

        dispute_start_date = src_dict["dispute_start_date"]
        if dispute_start_date == "" or dispute_start_date == {}:
            dispute_start_date = None
        elif dispute_start_date is not None:
            try:
                if not isinstance(dispute_start_date, str):
                    raise TypeError()
                dispute_start_date_type_0 = parse_datetime(dispute_start_date, "dispute_start_date")

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "dispute_start_date: "
                    + type(dispute_start_date).__name__
                    + " matches none of datetime.datetime | None"
                ) from err
            dispute_start_date = dispute_start_date_type_0

        reference = src_dict["reference"]
        if reference == "" or reference == {}:
            reference = None

        state = PaymentOrderState.from_dict(src_dict["state"])

        rate = RateRetrieval.from_dict(src_dict["rate"])

        currency = CurrencyRetrieval.from_dict(src_dict["currency"])

        created_by = PaymentOrderCreator.from_dict(src_dict["created_by"])

        transactions = src_dict["transactions"]
        if transactions == "" or transactions == {}:
            transactions = None
        elif transactions is not None:
            try:
                if not isinstance(transactions, list):
                    raise TypeError()
                transactions_type_0 = []
                _transactions_type_0 = transactions
                for transactions_type_0_item_data in _transactions_type_0:
                    transactions_type_0_item = Transaction.from_dict(transactions_type_0_item_data)

                    transactions_type_0.append(transactions_type_0_item)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "transactions: " + type(transactions).__name__ + " matches none of list[Transaction] | None"
                ) from err
            transactions = transactions_type_0

        details = src_dict.get("details", UNSET)
        if details == "" or details == {}:
            details = None

        callback_url = src_dict.get("callback_url", UNSET)
        if callback_url == "" or callback_url == {}:
            callback_url = None

        redirect_url = src_dict.get("redirect_url", UNSET)
        if redirect_url == "" or redirect_url == {}:
            redirect_url = None

        known = 18 + (details is not UNSET) + (callback_url is not UNSET) + (redirect_url is not UNSET)
        if cls is PaymentOrderRetrieval or builds_plainly(cls, PaymentOrderRetrieval):
            payment_order_retrieval = object.__new__(cls)
            payment_order_retrieval.uuid = uuid
            payment_order_retrieval.address = address
            payment_order_retrieval.uri = uri
            payment_order_retrieval.amount = amount
            payment_order_retrieval.btc_amount = btc_amount
            payment_order_retrieval.required_confirmations = required_confirmations
            payment_order_retrieval.expires_in = expires_in
            payment_order_retrieval.expiration_time = expiration_time
            payment_order_retrieval.created_at = created_at
            payment_order_retrieval.resolved_at = resolved_at
            payment_order_retrieval.chargeback_date = chargeback_date
            payment_order_retrieval.dispute_start_date = dispute_start_date
            payment_order_retrieval.reference = reference
            payment_order_retrieval.state = state
            payment_order_retrieval.rate = rate
            payment_order_retrieval.currency = currency
            payment_order_retrieval.created_by = created_by
            payment_order_retrieval.transactions = transactions
            payment_order_retrieval.details = details
            payment_order_retrieval.callback_url = callback_url
            payment_order_retrieval.redirect_url = redirect_url
        else:
            payment_order_retrieval = cls(
                uuid,
                address,
                uri,
                amount,
                btc_amount,
                required_confirmations,
                expires_in,
                expiration_time,
                created_at,
                resolved_at,
                chargeback_date,
                dispute_start_date,
                reference,
                state,
                rate,
                currency,
                created_by,
                transactions,
                details,
                callback_url,
                redirect_url,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_retrieval.additional_properties = d
        payment_order_retrieval._raw = src_dict
        return payment_order_retrieval

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_string(errors, prefix + "address", self.address, nullable=False)

        check_string(errors, prefix + "uri", self.uri, nullable=False)

        check_number(errors, prefix + "btc_amount", self.btc_amount, integer=True, minimum=0.0, nullable=False)

        check_number(
            errors,
            prefix + "required_confirmations",
            self.required_confirmations,
            integer=True,
            minimum=0.0,
            nullable=False,
        )

        check_number(errors, prefix + "expires_in", self.expires_in, integer=True, nullable=False)

        check_string(errors, prefix + "reference", self.reference)

        check_model(errors, prefix + "state", self.state, PaymentOrderState)

        check_model(errors, prefix + "rate", self.rate, RateRetrieval)

        check_model(errors, prefix + "currency", self.currency, CurrencyRetrieval)

        check_model(errors, prefix + "created_by", self.created_by, PaymentOrderCreator)

        if isinstance(self.transactions, list):
            for index, item in enumerate(self.transactions):
                check_model(errors, prefix + "transactions" + f"[{index}]", item, Transaction)

        check_string(errors, prefix + "details", self.details)

        check_string(errors, prefix + "callback_url", self.callback_url, pattern="^https://", uri=True)

        check_string(errors, prefix + "redirect_url", self.redirect_url, pattern="^https://", uri=True)

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

        if not isinstance(self.created_at, datetime.datetime):
            self.created_at = parse_datetime(self.created_at, "created_at")

        if self.resolved_at is not None:
            if is_null(self.resolved_at):
                self.resolved_at = None
            else:
                if not isinstance(self.resolved_at, datetime.datetime):
                    self.resolved_at = parse_datetime(self.resolved_at, "resolved_at")

        if self.chargeback_date is not None:
            if is_null(self.chargeback_date):
                self.chargeback_date = None
            else:
                if not isinstance(self.chargeback_date, datetime.datetime):
                    self.chargeback_date = parse_datetime(self.chargeback_date, "chargeback_date")

        if self.dispute_start_date is not None:
            if is_null(self.dispute_start_date):
                self.dispute_start_date = None
            else:
                if not isinstance(self.dispute_start_date, datetime.datetime):
                    self.dispute_start_date = parse_datetime(self.dispute_start_date, "dispute_start_date")

        if not isinstance(self.state, PaymentOrderState):
            self.state = coerce_model(PaymentOrderState, self.state, "state")

        if not isinstance(self.rate, RateRetrieval):
            self.rate = coerce_model(RateRetrieval, self.rate, "rate")

        if not isinstance(self.currency, CurrencyRetrieval):
            self.currency = coerce_model(CurrencyRetrieval, self.currency, "currency")

        if not isinstance(self.created_by, PaymentOrderCreator):
            self.created_by = coerce_model(PaymentOrderCreator, self.created_by, "created_by")

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
        if not isinstance(other, PaymentOrderRetrieval):
            return NotImplemented
        return (
            self.uuid,
            self.address,
            self.uri,
            self.amount,
            self.btc_amount,
            self.required_confirmations,
            self.expires_in,
            self.expiration_time,
            self.created_at,
            self.resolved_at,
            self.chargeback_date,
            self.dispute_start_date,
            self.reference,
            self.state,
            self.rate,
            self.currency,
            self.created_by,
            self.transactions,
            self.details,
            self.callback_url,
            self.redirect_url,
            self.additional_properties,
        ) == (
            other.uuid,
            other.address,
            other.uri,
            other.amount,
            other.btc_amount,
            other.required_confirmations,
            other.expires_in,
            other.expiration_time,
            other.created_at,
            other.resolved_at,
            other.chargeback_date,
            other.dispute_start_date,
            other.reference,
            other.state,
            other.rate,
            other.currency,
            other.created_by,
            other.transactions,
            other.details,
            other.callback_url,
            other.redirect_url,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.currency_retrieval import CurrencyRetrieval  # noqa: E402
from ..models.payment_order_creator import PaymentOrderCreator  # noqa: E402
from ..models.payment_order_state import PaymentOrderState  # noqa: E402
from ..models.rate_retrieval import RateRetrieval  # noqa: E402
from ..models.transaction import Transaction  # noqa: E402
