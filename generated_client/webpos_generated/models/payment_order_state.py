from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.blockchain_status import BlockchainStatus
from ..models.payment_status import PaymentStatus
from ..types import (
    builds_plainly,
    check_enum,
    check_model,
    coerce_model,
    is_null,
    parse_enum,
    parse_enum_value,
)

T = TypeVar("T", bound="PaymentOrderState")
_BlockchainStatus_MEMBERS = cast("Mapping[object, BlockchainStatus]", BlockchainStatus._value2member_map_)
_PaymentStatus_MEMBERS = cast("Mapping[object, PaymentStatus]", PaymentStatus._value2member_map_)


_KNOWN_KEYS = frozenset(
    {
        "status",
        "blockchain_status",
        "paid",
        "in_confirmation",
        "unpaid",
    }
)


@_attrs_define
class PaymentOrderState:
    """The current state of a payment order.

    Attributes:
        status (PaymentStatus): Status of a payment order, as shown to the merchant.
        blockchain_status (BlockchainStatus): Detailed (blockchain) status of a payment order.
        paid (None | PaidStatus): Amount paid and confirmed.
        in_confirmation (None | PaidStatus): Amount paid but not yet confirmed.
        unpaid (None | PaidStatus): Amount still to be paid.
    """

    status: PaymentStatus
    blockchain_status: BlockchainStatus
    paid: None | PaidStatus
    in_confirmation: None | PaidStatus
    unpaid: None | PaidStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        blockchain_status = self.blockchain_status.value

        paid: dict[str, Any] | None
        if isinstance(self.paid, PaidStatus):
            paid = self.paid.to_dict()
        else:
            paid = self.paid

        in_confirmation: dict[str, Any] | None
        if isinstance(self.in_confirmation, PaidStatus):
            in_confirmation = self.in_confirmation.to_dict()
        else:
            in_confirmation = self.in_confirmation

        unpaid: dict[str, Any] | None
        if isinstance(self.unpaid, PaidStatus):
            unpaid = self.unpaid.to_dict()
        else:
            unpaid = self.unpaid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "blockchain_status": blockchain_status,
                "paid": paid,
                "in_confirmation": in_confirmation,
                "unpaid": unpaid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        status = (
            _status_member
            if type(_status_value := src_dict["status"]) is str
            and (_status_member := _PaymentStatus_MEMBERS.get(_status_value)) is not None
            else parse_enum(PaymentStatus, _status_value, "status")
        )

        blockchain_status = (
            _blockchain_status_member
            if type(_blockchain_status_value := src_dict["blockchain_status"]) is str
            and (_blockchain_status_member := _BlockchainStatus_MEMBERS.get(_blockchain_status_value)) is not None
            else parse_enum(BlockchainStatus, _blockchain_status_value, "blockchain_status")
        )

        paid = src_dict["paid"]
        if paid == "" or paid == {}:
            paid = None
        elif paid is not None:
            try:
                if not isinstance(paid, dict):
                    raise TypeError()
                paid_type_0 = PaidStatus.from_dict(paid)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError("paid: " + type(paid).__name__ + " matches none of None | PaidStatus") from err
            paid = paid_type_0

        in_confirmation = src_dict["in_confirmation"]
        if in_confirmation == "" or in_confirmation == {}:
            in_confirmation = None
        elif in_confirmation is not None:
            try:
                if not isinstance(in_confirmation, dict):
                    raise TypeError()
                in_confirmation_type_0 = PaidStatus.from_dict(in_confirmation)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "in_confirmation: " + type(in_confirmation).__name__ + " matches none of None | PaidStatus"
                ) from err
            in_confirmation = in_confirmation_type_0

        unpaid = src_dict["unpaid"]
        if unpaid == "" or unpaid == {}:
            unpaid = None
        elif unpaid is not None:
            try:
                if not isinstance(unpaid, dict):
                    raise TypeError()
                unpaid_type_0 = PaidStatus.from_dict(unpaid)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError("unpaid: " + type(unpaid).__name__ + " matches none of None | PaidStatus") from err
            unpaid = unpaid_type_0

        known = 5
        if cls is PaymentOrderState or builds_plainly(cls, PaymentOrderState):
            payment_order_state = object.__new__(cls)
            payment_order_state.status = status
            payment_order_state.blockchain_status = blockchain_status
            payment_order_state.paid = paid
            payment_order_state.in_confirmation = in_confirmation
            payment_order_state.unpaid = unpaid
        else:
            payment_order_state = cls(
                status,
                blockchain_status,
                paid,
                in_confirmation,
                unpaid,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_state.additional_properties = d
        payment_order_state._raw = src_dict
        return payment_order_state

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "status", self.status, PaymentStatus)

        check_enum(errors, prefix + "blockchain_status", self.blockchain_status, BlockchainStatus)

        if isinstance(self.paid, PaidStatus):
            check_model(errors, prefix + "paid", self.paid, PaidStatus)

        if isinstance(self.in_confirmation, PaidStatus):
            check_model(errors, prefix + "in_confirmation", self.in_confirmation, PaidStatus)

        if isinstance(self.unpaid, PaidStatus):
            check_model(errors, prefix + "unpaid", self.unpaid, PaidStatus)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.status, PaymentStatus):
            self.status = parse_enum_value(PaymentStatus, self.status, "status")

        if not isinstance(self.blockchain_status, BlockchainStatus):
            self.blockchain_status = parse_enum_value(BlockchainStatus, self.blockchain_status, "blockchain_status")

        if self.paid is not None:
            if is_null(self.paid):
                self.paid = None
            else:
                if not isinstance(self.paid, PaidStatus):
                    self.paid = coerce_model(PaidStatus, self.paid, "paid")

        if self.in_confirmation is not None:
            if is_null(self.in_confirmation):
                self.in_confirmation = None
            else:
                if not isinstance(self.in_confirmation, PaidStatus):
                    self.in_confirmation = coerce_model(PaidStatus, self.in_confirmation, "in_confirmation")

        if self.unpaid is not None:
            if is_null(self.unpaid):
                self.unpaid = None
            else:
                if not isinstance(self.unpaid, PaidStatus):
                    self.unpaid = coerce_model(PaidStatus, self.unpaid, "unpaid")

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
        if not isinstance(other, PaymentOrderState):
            return NotImplemented
        return (
            self.status,
            self.blockchain_status,
            self.paid,
            self.in_confirmation,
            self.unpaid,
            self.additional_properties,
        ) == (
            other.status,
            other.blockchain_status,
            other.paid,
            other.in_confirmation,
            other.unpaid,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.paid_status import PaidStatus  # noqa: E402
