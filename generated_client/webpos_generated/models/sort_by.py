from enum import StrEnum


class SortBy(StrEnum):
    """Field to sort payment orders by.

    Closed: a value that is not listed is an error (the spec does not mark it open).
    """

    AMOUNT = "amount"
    CREATED_AT = "created_at"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return self._value_ in type(self)._value2member_map_
