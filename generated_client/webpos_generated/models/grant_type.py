from enum import StrEnum


class GrantType(StrEnum):
    """OAuth2 grant type. Only `client_credentials` is accepted.

    Closed: a value that is not listed is an error (the spec does not mark it open).
    """

    CLIENT_CREDENTIALS = "client_credentials"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this client was generated."""
        return self._value_ in type(self)._value2member_map_
