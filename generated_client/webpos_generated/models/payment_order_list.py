from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    check_model,
    check_number,
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
        paymentorders (list[PaymentOrderRetrieval] | None): The payment orders of this page.
        total_items (int): Number of payment orders across all pages.
        total_pages (int): Number of pages for the requested page size.
    """

    paymentorders: list[PaymentOrderRetrieval] | None
    total_items: int
    total_pages: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        if paymentorders is not None:
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

        total_pages = src_dict["total_pages"]

        known = 3
        payment_order_list = cls(
            paymentorders,
            total_items,
            total_pages,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        payment_order_list.additional_properties = d
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
from ..models.payment_order_retrieval import PaymentOrderRetrieval  # noqa: E402
