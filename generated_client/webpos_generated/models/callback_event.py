from __future__ import annotations

import datetime
from collections.abc import KeysView, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import FieldError, RequestValidationError
from ..models.event_type import EventType
from ..types import (
    builds_plainly,
    check_enum,
    check_model,
    check_string,
    coerce_model,
    parse_datetime,
    parse_enum,
    parse_enum_value,
)

T = TypeVar("T", bound="CallbackEvent")
_EventType_MEMBERS = cast("Mapping[object, EventType]", EventType._value2member_map_)


_KNOWN_KEYS = frozenset(
    {
        "event",
        "object_type",
        "object",
        "created_at",
    }
)


@_attrs_define
class CallbackEvent:
    """Body of every callback (webhook) POSTed to a payment order's `callback_url`.
    Verify the `chainside-signature` header over the raw body before trusting it.

        Attributes:
            event (EventType): Name of a callback event (also the name of a sandbox transition).
            object_type (None | str): Type of `object`; `payment_order`.
            object_ (CallbackPaymentOrder): The payment order as sent inside a callback: the fields of
                `PaymentOrderRetrieval`
                plus `cancel_url` and `continue_url`; here every URL and `details` is a required key
                (possibly null).
            created_at (datetime.datetime): When the callback was sent.
    """

    event: EventType
    object_type: None | str
    object_: CallbackPaymentOrder
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _raw: Mapping[str, Any] | None = _attrs_field(init=False, default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        object_type: None | str
        object_type = self.object_type

        object_ = self.object_.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "object_type": object_type,
                "object": object_,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        event = (
            _event_member
            if type(_event_value := src_dict["event"]) is str
            and (_event_member := _EventType_MEMBERS.get(_event_value)) is not None
            else parse_enum(EventType, _event_value, "event")
        )

        object_type = src_dict["object_type"]
        if object_type == "" or object_type == {}:
            object_type = None

        object_ = CallbackPaymentOrder.from_dict(src_dict["object"])

        created_at = parse_datetime(src_dict["created_at"], "created_at")

        known = 4
        if cls is CallbackEvent or builds_plainly(cls, CallbackEvent):
            callback_event = object.__new__(cls)
            callback_event.event = event
            callback_event.object_type = object_type
            callback_event.object_ = object_
            callback_event.created_at = created_at
        else:
            callback_event = cls(
                event,
                object_type,
                object_,
                created_at,
            )

        d = {k: v for k, v in src_dict.items() if k not in _KNOWN_KEYS} if len(src_dict) > known else {}

        callback_event.additional_properties = d
        callback_event._raw = src_dict
        return callback_event

    def constraint_errors(self, prefix: str = "") -> list[FieldError]:
        """Every spec constraint this object breaks, with dotted paths starting at ``prefix``.

        Checks the constraints written on this schema's own properties (lengths, patterns,
        URLs, bounds, enum membership) and recurses into nested objects.
        """
        errors: list[FieldError] = []

        check_enum(errors, prefix + "event", self.event, EventType)

        check_string(errors, prefix + "object_type", self.object_type)

        check_model(errors, prefix + "object", self.object_, CallbackPaymentOrder)

        return errors

    def validate(self) -> None:
        """Raise :class:`RequestValidationError` naming every field that breaks the spec."""
        errors = self.constraint_errors()
        if errors:
            raise RequestValidationError(errors)

    def __attrs_post_init__(self) -> None:
        """Plain values become typed ones (``"paid"``, a UUID string, an ISO date-time string, a dict
        for a nested object); a value that cannot be read raises ``ValueError`` naming the field."""
        if not isinstance(self.event, EventType):
            self.event = parse_enum_value(EventType, self.event, "event")

        if not isinstance(self.object_, CallbackPaymentOrder):
            self.object_ = coerce_model(CallbackPaymentOrder, self.object_, "object")

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
        if not isinstance(other, CallbackEvent):
            return NotImplemented
        return (
            self.event,
            self.object_type,
            self.object_,
            self.created_at,
            self.additional_properties,
        ) == (
            other.event,
            other.object_type,
            other.object_,
            other.created_at,
            other.additional_properties,
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())


# Imported after the class so that models referring to each other import without a cycle.
from ..models.callback_payment_order import CallbackPaymentOrder  # noqa: E402
