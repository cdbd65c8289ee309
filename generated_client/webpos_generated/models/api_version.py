from enum import StrEnum


class ApiVersion(StrEnum):
    """Version of the API. Only `v1` exists.

    Closed: a value that is not listed is an error (the spec does not mark it open).
    """

    V1 = "v1"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return self._value_ in type(self)._value2member_map_
