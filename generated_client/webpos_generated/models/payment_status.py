from enum import StrEnum


class PaymentStatus(StrEnum):
    """Status of a payment order, as shown to the merchant.

    A value the server sends that this version does not list does not fail: it becomes a
    member that is not one of the above (``is_known`` is False) and keeps the raw value.
    """

    CANCELLED = "cancelled"
    CHARGEBACK = "chargeback"
    EXPIRED = "expired"
    NETWORK_DISPUTE = "network_dispute"
    PAID = "paid"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "PaymentStatus | None":
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
