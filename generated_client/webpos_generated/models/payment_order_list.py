from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    builds_plainly,
    check_model,
    check_number,
    parse_int,
)

T = TypeVar("T", bound="PaymentOrderList")


_KNOWN_KEYS = frozenset(
    {
        "paymentorders",
        "total_items",
        "total_pages",
    }
)


@_attrs_define
class PaymentOrderList:
    """One page of the business' payment orders.

    Attributes:
        paymentorders (list[PaymentOrderRetrieval] | None): The payment orders of this page; null or empty when there
            are none (both are allowed).
        total_items (int): Number of payment orders across all pages.
        total_pages (int): Number of pages for the requested page size.
    """

    paymentorders: list[PaymentOrderRetrieval] | None
    total_items: int
    total_pages: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        paymentorders: list[dict[str, Any]] | None
        if isinstance(self.paymentorders, list):
            paymentorders = []
            for paymentorders_type_0_item_data in self.paymentorders:
                paymentorders_type_0_item = paymentorders_type_0_item_data.to_dict()
                paymentorders.append(paymentorders_type_0_item)

        else:
            paymentorders = self.paymentorders

        total_items = self.total_items

        total_pages = self.total_pages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "paymentorders": paymentorders,
                "total_items": total_items,
                "total_pages": total_pages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        paymentorders = src_dict["paymentorders"]
        if paymentorders == "" or paymentorders == {}:
            paymentorders = None
        elif paymentorders is not None:
            try:
                if not isinstance(paymentorders, list):
                    raise TypeError()
                paymentorders_type_0 = []
                _paymentorders_type_0 = paymentorders
                for paymentorders_type_0_item_data in _paymentorders_type_0:
                    paymentorders_type_0_item = PaymentOrderRetrieval.from_dict(paymentorders_type_0_item_data)

                    paymentorders_type_0.append(paymentorders_type_0_item)

            except (TypeError, ValueError, AttributeError, KeyError) as err:
                raise TypeError(
                    "paymentorders: "
                    + type(paymentorders).__name__
                    + " matches none of list[PaymentOrderRetrieval] | None"
                ) from err
            paymentorders = paymentorders_type_0

        total_items = src_dict["total_items"]
        if type(total_items) is not int:
            total_items = parse_int(total_items, "total_items")

        total_pages = src_dict["total_pages"]
        if type(total_pages) is not int:
            total_pages = parse_int(total_pages, "total_pages")

        known = 3
        if cls is PaymentOrderList or builds_plainly(cls, PaymentOrderList):
            payment_order_list = object.__new__(cls)
            payment_order_list.paymentorders = paymentorders
            payment_order_list.total_items = total_items
            payment_order_list.total_pages = total_pages
        else:
            payment_order_list = cls(
                paymentorders,
                total_items,
                total_pages,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_list.additional_properties = d
        payment_order_list._raw = src_dict
        return payment_order_list

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        if isinstance(self.paymentorders, list):
            for index, item in enumerate(self.paymentorders):
                check_model(errors, prefix + "paymentorders" + f"[{index}]", item, PaymentOrderRetrieval)

        check_number(errors, prefix + "total_items", self.total_items, integer=True, minimum=0.0, nullable=False)

        check_number(errors, prefix + "total_pages", self.total_pages, integer=True, minimum=0.0, nullable=False)

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
        if not isinstance(other, PaymentOrderList):
            return NotImplemented
        return (
            self.paymentorders,
            self.total_items,
            self.total_pages,
            self.additional_properties,
        ) == (
            other.paymentorders,
            other.total_items,
            other.total_pages,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.payment_order_retrieval import PaymentOrderRetrieval  # noqa: E402
