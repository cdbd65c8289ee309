"""The operations of the API, written once for both clients (the sans-I/O half of ``client.py``).

Each public function here checks its arguments, builds what the generated endpoint needs and
returns a :class:`Call`: a description of the request (the endpoint's ``sync`` and ``asyncio``
functions, their arguments, what to do with the answer) that performs no I/O. ``client.py``
binds every operation into :class:`webpos_sdk.Client` and :class:`webpos_sdk.AsyncClient`
through one three-line adapter each, so a method's signature, its docstring, its argument checks
and its result handling exist once, and the two clients differ only in how they wait (h11's
sans-I/O style: every decision in pure code, thin I/O shells). Generating the blocking client from
the async one (``unasync``, as httpcore does) was the other choice; it keeps two copies of every
line in the package, in step by a build step, where this keeps one.

The first parameter of every operation is the client (positional-only, so that type checkers
bind it as ``self``); only the login uses it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from uuid import UUID

from webpos_generated import models as _models
from webpos_generated.types import UNSET, Unset

from . import _exactly_once, _warnings
from ._config import MAX_PAGE_SIZE
from ._lazy import LazyModule
from .exceptions import InvalidRequestError, MalformedResponseException, PaymentOrderOutcomeUnknownException

if TYPE_CHECKING:
    # The listings' result types in the clients' signatures (client.py), which name this module.
    from collections.abc import AsyncIterator, Iterator  # noqa: F401

    from webpos_generated.api.authentication import client_credentials_login as _login
    from webpos_generated.api.payment_orders import (
        create_payment_order as _create,
    )
    from webpos_generated.api.payment_orders import (
        delete_payment_order as _delete,
    )
    from webpos_generated.api.payment_orders import (
        get_callbacks as _callbacks,
    )
    from webpos_generated.api.payment_orders import (
        get_payment_order as _get,
    )
    from webpos_generated.api.payment_orders import (
        get_payment_orders as _list,
    )
    from webpos_generated.api.payment_orders import (
        get_web_pos_payments as _pos_list,
    )
    from webpos_generated.api.sandbox import payment_reset as _reset
    from webpos_generated.api.sandbox import payment_update as _update

    from ._token import TokenManager
    from .objects import (
        BlockchainStatus,
        CallbackList,
        ClientCredentials,
        ClientCredentialsLoginResponse,
        PaymentOrderCreation,
        PaymentOrderCreationResponse,
        PaymentOrderDeletionResponse,
        PaymentOrderList,
        PaymentOrderParams,
        PaymentOrderRetrieval,
        PaymentUpdateObject,
        SortBy,
        SortByName,
        SortOrder,
        SortOrderName,
        StatusName,
        WebPosPaymentOrderList,
    )
else:  # imported on first call: see _lazy.py
    _login = LazyModule("webpos_generated.api.authentication.client_credentials_login")
    _create = LazyModule("webpos_generated.api.payment_orders.create_payment_order")
    _delete = LazyModule("webpos_generated.api.payment_orders.delete_payment_order")
    _callbacks = LazyModule("webpos_generated.api.payment_orders.get_callbacks")
    _get = LazyModule("webpos_generated.api.payment_orders.get_payment_order")
    _list = LazyModule("webpos_generated.api.payment_orders.get_payment_orders")
    _pos_list = LazyModule("webpos_generated.api.payment_orders.get_web_pos_payments")
    _reset = LazyModule("webpos_generated.api.sandbox.payment_reset")
    _update = LazyModule("webpos_generated.api.sandbox.payment_update")


T = TypeVar("T")
R = TypeVar("R")
T_co = TypeVar("T_co", covariant=True)
E = TypeVar("E", "BlockchainStatus", "SortBy", "SortOrder")


#: An operation of several requests: a generator that yields each :class:`Call` and is sent its
#: result (or thrown its SDK exception); it returns the method's result.
Flow = Generator["Call[Any, Any]", Any, R]


def _same(answer: T) -> T:
    return answer


@dataclass(frozen=True, slots=True)
class Call(Generic[T, R]):
    """One request, described: ``sync(*args, client=..., **kwargs)`` or ``await asyncio(...)``
    sends it; ``then`` turns the endpoint's answer into the method's result. ``creates``: the
    request creates a payment order (an unreadable 2xx answer means that it may exist)."""

    sync: Callable[..., T]
    asyncio: Callable[..., Awaitable[T]]
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    then: Callable[[T], R]
    creates: bool = False

    @staticmethod
    def of(endpoint: Endpoint[T], *args: Any, creates: bool = False, **kwargs: Any) -> Call[T, T]:
        """The call of a generated endpoint module whose answer is the method's result."""
        return Call(endpoint.sync, endpoint.asyncio, args, kwargs, _same, creates)


class Endpoint(Protocol[T_co]):
    """A generated endpoint module (``webpos_generated.api.*.*``): its two functions."""

    @property
    def sync(self) -> Callable[..., T_co]: ...
    @property
    def asyncio(self) -> Callable[..., Awaitable[T_co]]: ...


@dataclass(slots=True)
class Pages:
    """Page after page of a listing: ``next()`` is the next page's call (None when done), ``read()``
    takes a page's answer and gives its items."""

    query: dict[str, Any]
    page: int = 0
    done: bool = False

    def next(self) -> Call[PaymentOrderList, PaymentOrderList] | None:
        if self.done:
            return None
        return Call.of(_list, **self.query, page=self.page)

    def read(self, result: PaymentOrderList) -> Iterable[PaymentOrderRetrieval]:
        self.page += 1
        self.done = self.page >= result.total_pages or not result.paymentorders
        return result.paymentorders or []


# ------------------------------------------------------------------------- argument checks


def _uuid(name: str, value: object) -> UUID:
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):
        try:
            return UUID(value)
        except ValueError:
            pass
    raise InvalidRequestError({name: f"must be a UUID (str or uuid.UUID), not {value!r}"})


def _enum(name: str, value: object, enum_type: type[E], errors: dict[str, str]) -> E | Unset:
    if value is None:
        return UNSET
    if isinstance(value, enum_type) and value.is_known:
        return value
    if isinstance(value, str) and value in enum_type._value2member_map_:
        return enum_type(value)
    errors[name] = f"must be one of {', '.join(repr(m.value) for m in enum_type)}, not {value!r}"
    return UNSET


def _int(name: str, value: object, low: int, high: int | None, errors: dict[str, str]) -> int | Unset:
    if value is None:
        return UNSET
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = f"must be an integer, not {value!r}"
    elif value < low or (high is not None and value > high):
        errors[name] = f"must be between {low} and {high}, not {value}" if high else f"must be >= {low}, not {value}"
    else:
        return value
    return UNSET


def _list_query(
    *, status: object, page: object, page_size: object, sort_by: object, sort_order: object
) -> dict[str, Any]:
    """The query of ``get_payment_orders``. Its positional order is the v2 README's (status, page,
    sort_order, page_size, sort_by); the released 2.0.1 code took (page, sort_order, sort_by,
    status, page_size). Every position differs in type or allowed values between the two, so
    arguments meant for the released order always fail here, and the error says so: no value is
    ever taken for another parameter."""
    try:
        return _checked_list_query(
            status=status, page=page, page_size=page_size, sort_by=sort_by, sort_order=sort_order
        )
    except InvalidRequestError as err:
        try:  # the same values, read in the released 2.0.1 positional order
            _checked_list_query(status=page_size, page=status, page_size=sort_by, sort_by=sort_order, sort_order=page)
        except InvalidRequestError:
            raise err from None
        raise InvalidRequestError(
            {
                **err.errors,
                "arguments": "these fit the positional order of chainside-webpos-sdk 2.0.1's code (page, "
                "sort_order, sort_by, status, page_size), not the documented one (status, page, sort_order, "
                "page_size, sort_by): pass them by keyword",
            }
        ) from None


def _checked_list_query(
    *, status: object, page: object, page_size: object, sort_by: object, sort_order: object
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    query = {
        "status": _enum("status", status, _models.BlockchainStatus, errors),
        "page": _int("page", page, 0, None, errors),
        "page_size": _int("page_size", page_size, 1, MAX_PAGE_SIZE, errors),
        "sort_by": _enum("sort_by", sort_by, _models.SortBy, errors),
        "sort_order": _enum("sort_order", sort_order, _models.SortOrder, errors),
    }
    if errors:
        raise InvalidRequestError(errors)
    return {k: v for k, v in query.items() if not isinstance(v, Unset)}


def _pos_query(pos_uuid: object, status: object) -> tuple[UUID, BlockchainStatus | Unset]:
    uuid = _uuid("pos_uuid", pos_uuid)
    errors: dict[str, str] = {}
    status_value = _enum("status", status, _models.BlockchainStatus, errors)
    if errors:
        raise InvalidRequestError(errors)
    return uuid, status_value


def _model(name: str, value: object, model: type[Any]) -> Any:
    if isinstance(value, model):
        return value
    if isinstance(value, Mapping):
        try:
            return model.from_dict(value)
        except (KeyError, TypeError, ValueError) as err:
            raise InvalidRequestError({name: f"is not a valid {model.__name__}: {err!r}"}) from err
    raise InvalidRequestError({name: f"must be a {model.__name__} or a dict, not {type(value).__name__}"})


def _credentials() -> ClientCredentials:
    return _models.ClientCredentials(grant_type=_models.GrantType.CLIENT_CREDENTIALS, scope=_models.Scope.ALL)


def _token_of(answer: ClientCredentialsLoginResponse) -> tuple[str, float]:
    """The token and its lifetime, or MalformedResponseException for an unusable login answer."""
    token, lifetime = answer.access_token, answer.expires_in
    if not isinstance(token, str) or not token or isinstance(lifetime, bool) or not isinstance(lifetime, int):
        raise MalformedResponseException(
            "the login answer has no usable access_token / expires_in", status_code=200, debug_info={}
        )
    return token, float(lifetime)


# ------------------------------------------------------------------------------ operations


def client_credentials_login(
    core: HasTokens, /, client_credentials: ClientCredentials | None = None
) -> Call[ClientCredentialsLoginResponse, ClientCredentialsLoginResponse]:
    """The request(s) of ``Client.client_credentials_login``, where it is documented."""
    body = _model("client_credentials", client_credentials or _credentials(), _models.ClientCredentials)

    def store(answer: ClientCredentialsLoginResponse) -> ClientCredentialsLoginResponse:
        core.tokens.store(*_token_of(answer))
        return answer

    return Call(_login.sync, _login.asyncio, (), {"body": body}, store)


def login(core: HasTokens, /) -> Call[ClientCredentialsLoginResponse, None]:
    """The request(s) of ``Client.login``, where it is documented."""

    def store(answer: ClientCredentialsLoginResponse) -> None:
        core.tokens.store(*_token_of(answer))

    return Call(_login.sync, _login.asyncio, (), {"body": _credentials()}, store)


def fetch_token(core: object, /) -> Call[ClientCredentialsLoginResponse, tuple[str, float]]:
    """The login the auth flow makes when it needs a token (the token manager stores it)."""
    return Call(_login.sync, _login.asyncio, (), {"body": _credentials()}, _token_of)


def create_payment_order(
    core: object, /, payment_order: PaymentOrderCreation | PaymentOrderParams
) -> Flow[PaymentOrderCreationResponse]:
    """The request(s) of ``Client.create_payment_order``, where it is documented."""
    body = _model("payment_order", payment_order, _models.PaymentOrderCreation)
    return _exactly_once.create(body, attempts=_attempts(core))


def resume_payment_order(
    core: object, /, error: PaymentOrderOutcomeUnknownException
) -> Flow[PaymentOrderCreationResponse]:
    """The request(s) of ``Client.resume_payment_order``, where it is documented."""
    if not isinstance(error, PaymentOrderOutcomeUnknownException):
        problem = f"must be a PaymentOrderOutcomeUnknownException, not {type(error).__name__}"
        raise InvalidRequestError({"error": problem})
    return _exactly_once.resume(error, attempts=_attempts(core))


def create_call(body: PaymentOrderCreation) -> Call[PaymentOrderCreationResponse, PaymentOrderCreationResponse]:
    """The single request of a create."""
    return Call.of(_create, body=body, creates=True)


def _attempts(core: object) -> int:
    retry = getattr(core, "retry", None)
    return int(getattr(retry, "max_attempts", 1))


def get_payment_order(
    core: object, /, payment_order_uuid: str | UUID
) -> Call[PaymentOrderRetrieval, PaymentOrderRetrieval]:
    """The request(s) of ``Client.get_payment_order``, where it is documented."""
    return Call.of(_get, _uuid("payment_order_uuid", payment_order_uuid))


def get_payment_orders(
    core: object,
    /,
    status: BlockchainStatus | StatusName | None = None,
    page: int | None = None,
    sort_order: SortOrder | SortOrderName | None = None,
    page_size: int | None = None,
    sort_by: SortBy | SortByName | None = None,
) -> Call[PaymentOrderList, PaymentOrderList]:
    """The request(s) of ``Client.get_payment_orders``, where it is documented."""
    query = _list_query(status=status, page=page, page_size=page_size, sort_by=sort_by, sort_order=sort_order)
    return Call.of(_list, **query)


def iter_payment_orders(
    core: object,
    /,
    status: BlockchainStatus | StatusName | None = None,
    sort_order: SortOrder | SortOrderName | None = None,
    page_size: int = MAX_PAGE_SIZE,
    sort_by: SortBy | SortByName | None = None,
) -> Pages:
    """The request(s) of ``Client.iter_payment_orders``, where it is documented."""
    query = _list_query(status=status, page=0, page_size=page_size, sort_by=sort_by, sort_order=sort_order)
    del query["page"]
    return Pages(query)


def delete_payment_order(
    core: object, /, payment_order_uuid: str | UUID
) -> Call[PaymentOrderDeletionResponse, PaymentOrderDeletionResponse]:
    """The request(s) of ``Client.delete_payment_order``, where it is documented."""
    return Call.of(_delete, _uuid("payment_order_uuid", payment_order_uuid))


def get_callbacks(core: object, /, payment_order_uuid: str | UUID) -> Call[CallbackList, CallbackList]:
    """The request(s) of ``Client.get_callbacks``, where it is documented."""
    return Call.of(_callbacks, _uuid("payment_order_uuid", payment_order_uuid))


def payment_reset(
    core: object, /, payment_order_uuid: str | UUID
) -> Call[PaymentOrderRetrieval, PaymentOrderRetrieval]:
    """The request(s) of ``Client.payment_reset``, where it is documented."""
    return Call.of(_reset, _uuid("payment_order_uuid", payment_order_uuid))


def payment_update(
    core: object, /, payment_order_uuid: str | UUID, payment_update_object: PaymentUpdateObject | Mapping[str, Any]
) -> Call[None, None]:
    """The request(s) of ``Client.payment_update``, where it is documented."""
    uuid = _uuid("payment_order_uuid", payment_order_uuid)
    body = _model("payment_update_object", payment_update_object, _models.PaymentUpdateObject)
    return Call.of(_update, uuid, body=body)


def get_web_pos_payments(
    core: object, /, pos_uuid: str | UUID, status: BlockchainStatus | str | None = None
) -> Call[WebPosPaymentOrderList, WebPosPaymentOrderList]:
    """The request(s) of ``Client.get_web_pos_payments``, where it is documented."""
    _warnings.warn("get_web_pos_payments is deprecated; use get_payment_orders", DeprecationWarning)
    uuid, status_value = _pos_query(pos_uuid, status)
    return Call.of(_pos_list, uuid, status=status_value)


class HasTokens(Protocol):
    @property
    def tokens(self) -> TokenManager: ...
