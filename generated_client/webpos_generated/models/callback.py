from __future__ import annotations

from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.event_type import EventType
from ..types import (
    builds_plainly,
    check_enum,
    parse_enum,
    parse_enum_value,
)

T = TypeVar("T", bound="Callback")
_EventType_MEMBERS = cast("Mapping[object, EventType]", EventType._value2member_map_)


_KNOWN_KEYS = frozenset(
    {
        "name",
    }
)


@_attrs_define
class Callback:
    """A callback that may be sent for a payment order in its current state.

    Attributes:
        name (EventType): Name of a callback event (also the name of a sandbox transition).
    """

    name: EventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        name = self.name.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        name = (
            _name_member
            if type(_name_value := src_dict["name"]) is str
            and (_name_member := _EventType_MEMBERS.get(_name_value)) is not None
            else parse_enum(EventType, _name_value, "name")
        )

        known = 1
        if cls is Callback or builds_plainly(cls, Callback):
            callback = object.__new__(cls)
            callback.name = name
        else:
            callback = cls(
                name,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        callback.additional_properties = d
        callback._raw = src_dict
        return callback

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "name", self.name, EventType)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.name, EventType):
            self.name = parse_enum_value(EventType, self.name, "name")

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
        if not isinstance(other, Callback):
            return NotImplemented
        return (
            self.name,
            self.additional_properties,
        ) == (
            other.name,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())
