from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..types import (
    check_model,
)

T = TypeVar("T", bound="CallbackList")


_KNOWN_KEYS = frozenset(
    {
        "callbacks",
    }
)


@_attrs_define
class CallbackList:
    """The callbacks (valid transitions) that apply to a payment order.

    Attributes:
        callbacks (list[Callback]):
    """

    callbacks: list[Callback]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        callbacks = []
        for callbacks_item_data in self.callbacks:
            callbacks_item = callbacks_item_data.to_dict()
            callbacks.append(callbacks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "callbacks": callbacks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        callbacks = []
        _callbacks = src_dict["callbacks"]
        for callbacks_item_data in _callbacks:
            callbacks_item = Callback.from_dict(callbacks_item_data)

            callbacks.append(callbacks_item)

        known = 1
        callback_list = cls(
            callbacks,
        )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        callback_list.additional_properties = d
        return callback_list

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        if isinstance(self.callbacks, list):
            for index, item in enumerate(self.callbacks):
                check_model(errors, prefix + "callbacks" + f"[{index}]", item, Callback)

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
from ..models.callback import Callback  # noqa: E402
