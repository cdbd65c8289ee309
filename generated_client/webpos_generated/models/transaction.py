from __future__ import annotations

import datetime
from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.transaction_blockchain_status import TransactionBlockchainStatus
from ..models.transaction_status import TransactionStatus
from ..types import (
    builds_plainly,
    check_enum,
    check_model,
    check_number,
    parse_datetime,
    parse_enum,
    parse_enum_value,
    parse_int,
    parse_str,
)

T = TypeVar("T", bound="Transaction")
_TransactionBlockchainStatus_MEMBERS = cast(
    "Mapping[object, TransactionBlockchainStatus]", TransactionBlockchainStatus._value2member_map_
)
_TransactionStatus_MEMBERS = cast("Mapping[object, TransactionStatus]", TransactionStatus._value2member_map_)


_KNOWN_KEYS = frozenset(
    {
        "txid",
        "normalized_txid",
        "status",
        "blockchain_status",
        "created_at",
        "outs_sum",
        "outs",
    }
)


@_attrs_define
class Transaction:
    """A bitcoin transaction paying a payment order.

    Attributes:
        txid (str): A bitcoin transaction id (64 hexadecimal characters).
        normalized_txid (str): A bitcoin transaction id (64 hexadecimal characters).
        status (TransactionStatus): Status of a paying transaction.
        blockchain_status (TransactionBlockchainStatus): Detailed (blockchain) status of a paying transaction.
        created_at (datetime.datetime): When the transaction was seen.
        outs_sum (int): Sum of the outputs paying the order, in satoshi.
        outs (list[Out]): The outputs paying the order.
    """

    txid: str
    normalized_txid: str
    status: TransactionStatus
    blockchain_status: TransactionBlockchainStatus
    created_at: datetime.datetime
    outs_sum: int
    outs: list[Out]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        txid = self.txid

        normalized_txid = self.normalized_txid

        status = self.status.value

        blockchain_status = self.blockchain_status.value

        created_at = self.created_at.isoformat()

        outs_sum = self.outs_sum

        outs = []
        for outs_item_data in self.outs:
            outs_item = outs_item_data.to_dict()
            outs.append(outs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "txid": txid,
                "normalized_txid": normalized_txid,
                "status": status,
                "blockchain_status": blockchain_status,
                "created_at": created_at,
                "outs_sum": outs_sum,
                "outs": outs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        txid = src_dict["txid"]
        if type(txid) is not str:
            txid = parse_str(txid, "txid")

        normalized_txid = src_dict["normalized_txid"]
        if type(normalized_txid) is not str:
            normalized_txid = parse_str(normalized_txid, "normalized_txid")

        status = (
            _status_member
            if type(_status_value := src_dict["status"]) is str
            and (_status_member := _TransactionStatus_MEMBERS.get(_status_value)) is not None
            else parse_enum(TransactionStatus, _status_value, "status")
        )

        blockchain_status = (
            _blockchain_status_member
            if type(_blockchain_status_value := src_dict["blockchain_status"]) is str
            and (_blockchain_status_member := _TransactionBlockchainStatus_MEMBERS.get(_blockchain_status_value))
            is not None
            else parse_enum(TransactionBlockchainStatus, _blockchain_status_value, "blockchain_status")
        )

        created_at = parse_datetime(src_dict["created_at"], "created_at")

        outs_sum = src_dict["outs_sum"]
        if type(outs_sum) is not int:
            outs_sum = parse_int(outs_sum, "outs_sum")

        outs = []
        _outs = src_dict["outs"]
        for outs_item_data in _outs:
            outs_item = Out.from_dict(outs_item_data)

            outs.append(outs_item)

        known = 7
        if cls is Transaction or builds_plainly(cls, Transaction):
            transaction = object.__new__(cls)
            transaction.txid = txid
            transaction.normalized_txid = normalized_txid
            transaction.status = status
            transaction.blockchain_status = blockchain_status
            transaction.created_at = created_at
            transaction.outs_sum = outs_sum
            transaction.outs = outs
        else:
            transaction = cls(
                txid,
                normalized_txid,
                status,
                blockchain_status,
                created_at,
                outs_sum,
                outs,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        transaction.additional_properties = d
        transaction._raw = src_dict
        return transaction

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "status", self.status, TransactionStatus)

        check_enum(errors, prefix + "blockchain_status", self.blockchain_status, TransactionBlockchainStatus)

        check_number(errors, prefix + "outs_sum", self.outs_sum, integer=True, minimum=0.0, nullable=False)

        if isinstance(self.outs, list):
            for index, item in enumerate(self.outs):
                check_model(errors, prefix + "outs" + f"[{index}]", item, Out)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.status, TransactionStatus):
            self.status = parse_enum_value(TransactionStatus, self.status, "status")

        if not isinstance(self.blockchain_status, TransactionBlockchainStatus):
            self.blockchain_status = parse_enum_value(
                TransactionBlockchainStatus, self.blockchain_status, "blockchain_status"
            )

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
        if not isinstance(other, Transaction):
            return NotImplemented
        return (
            self.txid,
            self.normalized_txid,
            self.status,
            self.blockchain_status,
            self.created_at,
            self.outs_sum,
            self.outs,
            self.additional_properties,
        ) == (
            other.txid,
            other.normalized_txid,
            other.status,
            other.blockchain_status,
            other.created_at,
            other.outs_sum,
            other.outs,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.out import Out  # noqa: E402
