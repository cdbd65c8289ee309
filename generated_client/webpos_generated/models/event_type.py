from enum import StrEnum


class EventType(StrEnum):
    """Name of a callback event (also the name of a sandbox transition).

    A value the server sends that this version does not list does not fail: it becomes a
    member that is not one of the above (``is_known`` is False) and keeps the raw value.
    """

    PAYMENT_CANCELLED = "payment.cancelled"
    PAYMENT_CHARGEBACK = "payment.chargeback"
    PAYMENT_COMPLETED = "payment.completed"
    PAYMENT_DISPUTE_END = "payment.dispute.end"
    PAYMENT_DISPUTE_START = "payment.dispute.start"
    PAYMENT_EXPIRED = "payment.expired"
    PAYMENT_OVERPAID = "payment.overpaid"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "EventType | None":
        # x-webpos-open-enum: keep an unknown value instead of failing (see custom_templates/README.md).
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return self._value_ in type(self)._value2member_map_
