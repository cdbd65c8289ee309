from enum import StrEnum


class ErrorCode(StrEnum):
    """Four-digit error code (a string: leading zeros matter). The sources say only that
    an error's status is 400 or higher: the status below is the conventional one for each
    name, an assumption (see *What the sources leave open*). Every operation declares the
    statuses of the codes it can answer (each error response lists them in
    `x-webpos-error-codes`) and a `default` for any other; clients dispatch on the code.

    | code | name | assumed status |
    |---|---|---|
    | 0001 | ValidationError | 400 |
    | 0013 | InvalidCallback | 400 |
    | 1001 | UnauthorizedClient | 401 |
    | 1002 | InvalidGrantType | 400 |
    | 1004 | AccessTokenExpired | 401 |
    | 1006 | InvalidRefreshToken | 400 |
    | 1007 | InvalidAccessToken | 401 |
    | 1012 | Forbidden | 403 |
    | 1013 | InvalidScope | 400 |
    | 1018 | InvalidRealm | 400 |
    | 2000 | TooManyRequests | 429 |
    | 3001 | NotFound | 404 |
    | 3003 | MethodNotAllowed | 405 |
    | 3007 | InvalidAuthorizationHeader | 401 |
    | 3012 | InvalidContentTypeHeader | 415 |
    | 3013 | InvalidAcceptHeader | 406 |
    | 4000 | InternalServerError | 500 |
    | 4003 | RateUnavailable | 503 |
    | 4006 | FunctionalityDown | 503 |

    A value the server sends that this version does not list does not fail: it becomes a
    member that is not one of the above (``is_known`` is False) and keeps the raw value.
    """

    ACCESS_TOKEN_EXPIRED = "1004"
    FORBIDDEN = "1012"
    FUNCTIONALITY_DOWN = "4006"
    INTERNAL_SERVER_ERROR = "4000"
    INVALID_ACCEPT_HEADER = "3013"
    INVALID_ACCESS_TOKEN = "1007"
    INVALID_AUTHORIZATION_HEADER = "3007"
    INVALID_CALLBACK = "0013"
    INVALID_CONTENT_TYPE_HEADER = "3012"
    INVALID_GRANT_TYPE = "1002"
    INVALID_REALM = "1018"
    INVALID_REFRESH_TOKEN = "1006"
    INVALID_SCOPE = "1013"
    METHOD_NOT_ALLOWED = "3003"
    NOT_FOUND = "3001"
    RATE_UNAVAILABLE = "4003"
    TOO_MANY_REQUESTS = "2000"
    UNAUTHORIZED_CLIENT = "1001"
    VALIDATION_ERROR = "0001"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ErrorCode | None":
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
