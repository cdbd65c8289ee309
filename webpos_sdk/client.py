"""The WebPOS API clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both accept the previous SDK's configuration dict or keyword arguments:

.. code-block:: python

    client = Client({"mode": "sandbox", "client_id": "...", "secret": "...",
                     "http": {"timeout": 10, "verify_ssl": True},
                     "cache": {"driver": "redis", "options": {"hostname": "localhost"}}})
    client = Client(client_id="...", secret="...", mode="sandbox")   # or WEBPOS_* variables

Nothing is sent until the first call (login is lazy). Each client keeps one pooled HTTP
connection pool; use it as a context manager, or call ``close()``.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypedDict, TypeVar, Unpack
from uuid import UUID

import httpx
from webpos_generated import errors as generated_errors
from webpos_generated import models as _models
from webpos_generated.types import UNSET, Unset

from . import _config
from ._auth import WebPosAuth
from ._cache import Cache, build_cache
from ._deadline import DeadlineExceeded, call_deadline
from ._lazy import LazyModule
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ._token import TokenManager, cache_key
from ._version import __version__
from .api_context import CHAINSIDE_API_HOSTNAME, CHAINSIDE_SANDBOX_API_HOSTAME, ChainsideApiContext
from .exceptions import (
    ConnectionErrorException,
    InvalidRequestError,
    MalformedResponseException,
    PaymentOrderMayExistException,
    TimeoutException,
    debug_info,
    http_exception,
    redact,
)

if TYPE_CHECKING:
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
    from webpos_generated.client import AuthenticatedClient as GeneratedClient

    from .objects import (
        BlockchainStatus,
        CallbackList,
        ClientCredentials,
        ClientCredentialsLoginResponse,
        PaymentOrderCreation,
        PaymentOrderCreationResponse,
        PaymentOrderDeletionResponse,
        PaymentOrderList,
        PaymentOrderRetrieval,
        PaymentUpdateObject,
        SortBy,
        SortOrder,
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

MAX_PAGE_SIZE = 40
USER_AGENT = f"chainside-webpos-python/{__version__}"
E = TypeVar("E", "BlockchainStatus", "SortBy", "SortOrder")


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


def _uuid_in(content: bytes) -> str | None:
    """The payment order uuid of an answer that could not be read as a whole, when there is one."""
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        return None
    value = body.get("uuid") if isinstance(body, dict) else None
    try:
        return str(UUID(value)) if isinstance(value, str) else None
    except ValueError:
        return None


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


def _limits(max_connections: int) -> httpx.Limits:
    """At most 20 idle connections kept, as httpx does: httpcore checks every pooled connection on
    each request, so a pool of 100 idle ones halved the async throughput (docs/benchmarks.md)."""
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=min(max_connections, 20))


class ClientOptions(TypedDict, total=False):
    """Keyword settings of :class:`Client` and :class:`AsyncClient` (see the README's table)."""

    client_id: str
    secret: str
    mode: str
    base_url: str
    timeout: float
    verify_ssl: bool | str
    cache: str | Mapping[str, Any] | Cache
    retry: RetryPolicy
    token_skew: float
    clock: Callable[[], float]


# ------------------------------------------------------------------------------ the core


class _Core:
    """What both clients share: settings, token policy, error translation."""

    def __init__(self, conf: Mapping[str, Any] | None, options: ClientOptions) -> None:
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
        self.settings, cache_spec = _config.resolve(
            conf,
            client_id=options.get("client_id"),
            secret=options.get("secret"),
            mode=options.get("mode"),
            base_url=options.get("base_url"),
            timeout=options.get("timeout"),
            verify_ssl=options.get("verify_ssl"),
        )
        cache = options.get("cache")
        self._cache_spec = cache if cache is not None else cache_spec
        self._cache = build_cache(self._cache_spec)
        self.retry = options.get("retry") or RetryPolicy()
        token_kwargs: dict[str, Any] = {"skew": options.get("token_skew", 30.0)}
        clock = options.get("clock")
        if clock is not None:
            token_kwargs["clock"] = clock
        self.tokens = TokenManager(
            self._cache, cache_key(self.settings.base_url, self.settings.client_id), **token_kwargs
        )

    def __repr__(self) -> str:
        s = self.settings
        return f"{type(self).__name__}(mode={s.mode!r}, base_url={s.base_url!r}, client_id={s.client_id!r})"

    @property
    def context(self) -> ChainsideApiContext:
        """The settings as the previous SDK's ``ChainsideApiContext`` (for its callback handler)."""
        return ChainsideApiContext._of(self.settings, self._cache_spec)

    def _httpx_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self.settings.base_url,
            "timeout": httpx.Timeout(self.settings.timeout),
            # Sent on every request, bodiless ones too, as every known client of the real API does
            # (the API documents error 3012 for a wrong Content-Type); the form-encoded login
            # overrides Content-Type.
            "headers": {
                "Accept": "application/json",
                "Content-Type": "application/json",
                "X-Api-Version": "v1",
                "User-Agent": USER_AGENT,
            },
            "follow_redirects": False,
        }

    def _secrets(self) -> list[str]:
        """Strings that must never show in an error: the secret, its Basic form, the token."""
        memo = self.tokens.current()
        basic = base64.b64encode(f"{self.settings.client_id}:{self.settings.secret}".encode()).decode()
        return [self.settings.secret, basic] + ([memo.access_token] if memo is not None else [])

    @contextmanager
    def _translate(self, *, creates: bool = False) -> Iterator[None]:
        """Turn the generated layer's and httpx's errors into the SDK's, and give the call one
        deadline for everything it sends (login included; see ``_deadline.py``). ``creates``: the
        call creates a payment order, so an unreadable 2xx means that the order may exist."""
        try:
            with call_deadline(self.retry.deadline):
                yield
        except generated_errors.ApiError as err:
            raise http_exception(
                status_code=err.status_code,
                error_code=err.error_code,
                message=err.message,
                request_id=err.request_id,
                response=err.response,
                secrets=self._secrets(),
            ) from None
        except generated_errors.RequestValidationError as err:
            raise InvalidRequestError({e.path: e.problem for e in err.errors}) from None
        except generated_errors.MalformedResponseError as err:
            raise self._malformed(err, creates=creates) from None
        except httpx.DecodingError as err:
            raise MalformedResponseException(
                f"the answer of {self.settings.base_url} could not be decoded ({type(err).__name__})",
                status_code=0,
                debug_info={},
            ) from None
        except DeadlineExceeded as err:
            raise TimeoutException(f"{err} (RetryPolicy.deadline {self.retry.deadline} s)") from None
        except httpx.TimeoutException as err:
            raise TimeoutException(
                f"{self.settings.base_url} did not answer in time ({type(err).__name__}; "
                f"timeout {self.settings.timeout:g} s)"
            ) from None
        except httpx.TransportError as err:
            raise ConnectionErrorException(
                f"could not talk to {self.settings.base_url}: {type(err).__name__}: {err}"
            ) from None

    def _malformed(self, err: generated_errors.MalformedResponseError, *, creates: bool) -> MalformedResponseException:
        secrets = self._secrets()
        message, info = redact(str(err), secrets), debug_info(err.response, secrets)
        request_id = err.response.headers.get("x-request-id")
        if not creates:
            return MalformedResponseException(
                message, status_code=err.status_code, debug_info=info, request_id=request_id
            )
        uuid = _uuid_in(err.response.content)
        where = f"uuid {uuid}" if uuid else "no readable uuid"
        return PaymentOrderMayExistException(
            f"the payment order may have been created ({where}; look it up before creating it again): {message}",
            status_code=err.status_code,
            debug_info=info,
            uuid=uuid,
            body=redact(err.response.content.decode("utf-8", errors="replace"), secrets),
            request_id=request_id,
        )

    def _generated(self) -> GeneratedClient:
        from webpos_generated.client import AuthenticatedClient as GeneratedClient

        return GeneratedClient(base_url=self.settings.base_url, token="")


class Client(_Core):
    """Blocking client of the WebPOS API. Thread-safe; share one per process."""

    def __init__(
        self,
        conf: Mapping[str, Any] | None = None,
        *,
        max_connections: int = 10,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """``conf`` is the previous SDK's dict; ``options`` are the keyword settings of
        :class:`ClientOptions` (they win over ``conf``). ``transport`` and ``sleep`` are for tests."""
        super().__init__(conf, options)
        limits = _limits(max_connections)
        inner = transport or httpx.HTTPTransport(verify=self.settings.ssl_verify(), limits=limits)
        retry_kwargs: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
        self._auth = WebPosAuth(
            self.settings.client_id, self.settings.secret, self.tokens, login_sync=self._fetch_token
        )
        self._http = httpx.Client(
            auth=self._auth, transport=RetryTransport(inner, self.retry, **retry_kwargs), **self._httpx_kwargs()
        )
        self._api = self._generated()
        self._api.set_httpx_client(self._http)

    def _fetch_token(self) -> tuple[str, float]:
        return _token_of(_login.sync(client=self._api, body=_credentials()))

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    # -- operations ----------------------------------------------------------------------
    def client_credentials_login(
        self, client_credentials: ClientCredentials | None = None
    ) -> ClientCredentialsLoginResponse:
        """Log in now (the client also logs in by itself when needed) and cache the token."""
        body = _model("client_credentials", client_credentials or _credentials(), _models.ClientCredentials)
        with self._translate():
            answer = _login.sync(client=self._api, body=body)
        self.tokens.store(*_token_of(answer))
        return answer

    def login(self) -> None:
        """Log in now, as the previous SDK's constructor did (this client logs in on first use)."""
        self.client_credentials_login()

    def create_payment_order(
        self, payment_order: PaymentOrderCreation | Mapping[str, Any]
    ) -> PaymentOrderCreationResponse:
        """Create a payment order. Repeated only when the request provably never left."""
        body = _model("payment_order", payment_order, _models.PaymentOrderCreation)
        with self._translate(creates=True):
            return _create.sync(client=self._api, body=body)

    def get_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Get one payment order with its state and transactions."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return _get.sync(uuid, client=self._api)

    def get_payment_orders(
        self,
        status: BlockchainStatus | str | None = None,
        page: int | None = None,
        sort_order: SortOrder | str | None = None,
        page_size: int | None = None,
        sort_by: SortBy | str | None = None,
    ) -> PaymentOrderList:
        """One page of payment orders (``page`` from 0, ``page_size`` at most 40)."""
        query = _list_query(status=status, page=page, page_size=page_size, sort_by=sort_by, sort_order=sort_order)
        with self._translate():
            return _list.sync(client=self._api, **query)

    def iter_payment_orders(
        self,
        status: BlockchainStatus | str | None = None,
        sort_order: SortOrder | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        sort_by: SortBy | str | None = None,
    ) -> Iterator[PaymentOrderRetrieval]:
        """Every payment order, page after page, until ``total_pages``."""
        page = 0
        while True:
            result = self.get_payment_orders(
                status=status, page=page, sort_order=sort_order, page_size=page_size, sort_by=sort_by
            )
            yield from result.paymentorders or []
            page += 1
            if page >= result.total_pages or not result.paymentorders:
                return

    def delete_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderDeletionResponse:
        """Cancel a payment order."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return _delete.sync(uuid, client=self._api)

    def get_callbacks(self, payment_order_uuid: str | UUID) -> CallbackList:
        """The callbacks that apply to a payment order in its current state."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return _callbacks.sync(uuid, client=self._api)

    def payment_reset(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Sandbox: return a payment order to pending."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return _reset.sync(uuid, client=self._api)

    def payment_update(
        self, payment_order_uuid: str | UUID, payment_update_object: PaymentUpdateObject | Mapping[str, Any]
    ) -> None:
        """Sandbox: apply a transition and fire its callback."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        body = _model("payment_update_object", payment_update_object, _models.PaymentUpdateObject)
        with self._translate():
            _update.sync(uuid, client=self._api, body=body)

    def get_web_pos_payments(
        self, pos_uuid: str | UUID, status: BlockchainStatus | str | None = None
    ) -> WebPosPaymentOrderList:
        """Deprecated (v1 API): the payment orders of one web POS. Use ``get_payment_orders``."""
        warnings.warn("get_web_pos_payments is deprecated; use get_payment_orders", DeprecationWarning, stacklevel=2)
        uuid, status_value = _pos_query(pos_uuid, status)
        with self._translate():
            return _pos_list.sync(uuid, client=self._api, status=status_value)


class AsyncClient(_Core):
    """asyncio client of the WebPOS API, with the same methods as :class:`Client`."""

    def __init__(
        self,
        conf: Mapping[str, Any] | None = None,
        *,
        max_connections: int = 100,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], object] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """``conf`` is the previous SDK's dict; ``options`` are the keyword settings of
        :class:`ClientOptions` (they win over ``conf``). ``transport`` and ``sleep`` are for tests."""
        super().__init__(conf, options)
        limits = _limits(max_connections)
        inner = transport or httpx.AsyncHTTPTransport(verify=self.settings.ssl_verify(), limits=limits)
        retry_kwargs: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
        self._auth = WebPosAuth(
            self.settings.client_id, self.settings.secret, self.tokens, login_async=self._fetch_token
        )
        self._http = httpx.AsyncClient(
            auth=self._auth, transport=AsyncRetryTransport(inner, self.retry, **retry_kwargs), **self._httpx_kwargs()
        )
        self._api = self._generated()
        self._api.set_async_httpx_client(self._http)

    async def _fetch_token(self) -> tuple[str, float]:
        return _token_of(await _login.asyncio(client=self._api, body=_credentials()))

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        await self.aclose()

    async def client_credentials_login(
        self, client_credentials: ClientCredentials | None = None
    ) -> ClientCredentialsLoginResponse:
        """Log in now (the client also logs in by itself when needed) and cache the token."""
        body = _model("client_credentials", client_credentials or _credentials(), _models.ClientCredentials)
        with self._translate():
            answer = await _login.asyncio(client=self._api, body=body)
        self.tokens.store(*_token_of(answer))
        return answer

    async def login(self) -> None:
        """Log in now (this client logs in on first use)."""
        await self.client_credentials_login()

    async def create_payment_order(
        self, payment_order: PaymentOrderCreation | Mapping[str, Any]
    ) -> PaymentOrderCreationResponse:
        """Create a payment order. Repeated only when the request provably never left."""
        body = _model("payment_order", payment_order, _models.PaymentOrderCreation)
        with self._translate(creates=True):
            return await _create.asyncio(client=self._api, body=body)

    async def get_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Get one payment order with its state and transactions."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return await _get.asyncio(uuid, client=self._api)

    async def get_payment_orders(
        self,
        status: BlockchainStatus | str | None = None,
        page: int | None = None,
        sort_order: SortOrder | str | None = None,
        page_size: int | None = None,
        sort_by: SortBy | str | None = None,
    ) -> PaymentOrderList:
        """One page of payment orders (``page`` from 0, ``page_size`` at most 40)."""
        query = _list_query(status=status, page=page, page_size=page_size, sort_by=sort_by, sort_order=sort_order)
        with self._translate():
            return await _list.asyncio(client=self._api, **query)

    async def iter_payment_orders(
        self,
        status: BlockchainStatus | str | None = None,
        sort_order: SortOrder | str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        sort_by: SortBy | str | None = None,
    ) -> AsyncIterator[PaymentOrderRetrieval]:
        """Every payment order, page after page, until ``total_pages``."""
        page = 0
        while True:
            result = await self.get_payment_orders(
                status=status, page=page, sort_order=sort_order, page_size=page_size, sort_by=sort_by
            )
            for order in result.paymentorders or []:
                yield order
            page += 1
            if page >= result.total_pages or not result.paymentorders:
                return

    async def delete_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderDeletionResponse:
        """Cancel a payment order."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return await _delete.asyncio(uuid, client=self._api)

    async def get_callbacks(self, payment_order_uuid: str | UUID) -> CallbackList:
        """The callbacks that apply to a payment order in its current state."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return await _callbacks.asyncio(uuid, client=self._api)

    async def payment_reset(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Sandbox: return a payment order to pending."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        with self._translate():
            return await _reset.asyncio(uuid, client=self._api)

    async def payment_update(
        self, payment_order_uuid: str | UUID, payment_update_object: PaymentUpdateObject | Mapping[str, Any]
    ) -> None:
        """Sandbox: apply a transition and fire its callback."""
        uuid = _uuid("payment_order_uuid", payment_order_uuid)
        body = _model("payment_update_object", payment_update_object, _models.PaymentUpdateObject)
        with self._translate():
            await _update.asyncio(uuid, client=self._api, body=body)

    async def get_web_pos_payments(
        self, pos_uuid: str | UUID, status: BlockchainStatus | str | None = None
    ) -> WebPosPaymentOrderList:
        """Deprecated (v1 API): the payment orders of one web POS. Use ``get_payment_orders``."""
        warnings.warn("get_web_pos_payments is deprecated; use get_payment_orders", DeprecationWarning, stacklevel=2)
        uuid, status_value = _pos_query(pos_uuid, status)
        with self._translate():
            return await _pos_list.asyncio(uuid, client=self._api, status=status_value)


#: The previous SDK's base of ``Client`` (``webpos_sdk.common.AuthenticatedClient``): this client.
AuthenticatedClient = Client

__all__ = [
    "CHAINSIDE_API_HOSTNAME",
    "CHAINSIDE_SANDBOX_API_HOSTAME",
    "AsyncClient",
    "AuthenticatedClient",
    "ChainsideApiContext",
    "Client",
    "ClientOptions",
]
