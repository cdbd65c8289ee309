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
import contextlib
import copy as copy_module
import json
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, ParamSpec, Self, TypedDict, TypeVar, Unpack
from uuid import UUID

import httpx
from webpos_generated import errors as generated_errors

from . import _config, _fork, _http
from ._auth import WebPosAuth
from ._cache import Cache, build_cache
from ._config import MAX_PAGE_SIZE, Settings
from ._deadline import DeadlineExceeded, call_deadline
from ._lazy import LazyModule
from ._retry import CALL_OPTIONS, CAPTURE, Answer, AsyncRetryTransport, CallOptions, RetryPolicy, RetryTransport
from ._token import Token, TokenManager, cache_key
from ._version import __version__
from .api_context import CHAINSIDE_API_HOSTNAME, CHAINSIDE_SANDBOX_API_HOSTAME, ChainsideApiContext
from .exceptions import (
    ClientClosedError,
    ConfigurationError,
    ConnectionErrorException,
    InvalidRequestError,
    MalformedResponseException,
    PaymentOrderMayExistException,
    SdkException,
    TimeoutException,
    debug_info,
    http_exception,
    redact,
)

if TYPE_CHECKING:
    import asyncio

    from webpos_generated.client import AuthenticatedClient as GeneratedClient

    from . import _operations
    from ._operations import Call, Flow
    from .exceptions import PaymentOrderOutcomeUnknownException
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
else:  # what the operations need (the generated endpoints, exactly-once) loads with the first call
    _operations = LazyModule("webpos_sdk._operations")

TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
USER_AGENT = f"chainside-webpos-python/{__version__}"
#: A timeout this long or longer (``float("inf")``) is no timeout at all.
MAX_TIMEOUT = 1e6


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
    proxy: str | Mapping[str, str | None]
    trust_env: bool
    cache: str | Mapping[str, Any] | Cache
    retry: RetryPolicy
    token_skew: float
    clock: Callable[[], float]


# ------------------------------------------------------------------------------ the core


@dataclass(frozen=True)
class _IO:
    """What differs between the two clients' construction: the pool size, the httpx classes, the
    auth flow's login hook and the generated client's setter."""

    max_connections: int
    transport: type[Any]
    through: Callable[..., Any]
    retry: Callable[..., Any]
    http: type[Any]  # what a merchant's http_client must be
    own: type[Any]  # the SDK's own httpx client
    login: str
    attach: str


class _Core(Generic[TransportT, HttpT]):
    """What both clients share: settings, token policy, error translation, the constructor."""

    _io: ClassVar[_IO]
    _http: Any
    #: The resolved configuration (base URL, client id, timeouts, proxy; the secret is redacted in repr).
    settings: _config.Settings
    #: Retries, backoff and the deadline of one call (``with_options(retry=...)`` for one call).
    retry: RetryPolicy
    #: The token cache and renewal policy of this client (shared by its ``with_options`` copies).
    tokens: TokenManager

    def __init__(
        self,
        conf: Mapping[str, Any] | None = None,
        *,
        max_connections: int | None = None,
        transport: TransportT | None = None,
        http_client: HttpT | None = None,
        sleep: Callable[[float], object] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
        if http_client is not None:
            if not isinstance(http_client, self._io.http):
                raise ConfigurationError(
                    "http_client",
                    f"must be an {self._io.http.__module__}.{self._io.http.__name__}, not {type(http_client).__name__}",
                )
            http = (conf or {}).get("http") if isinstance(conf, Mapping) else None
            _http.check_exclusive(
                {
                    **{k: options.get(k) for k in ("verify_ssl", "proxy", "trust_env")},
                    **(
                        {k: http.get(k) for k in ("verify_ssl", "proxy", "trust_env")}
                        if isinstance(http, Mapping)
                        else {}
                    ),
                    "max_connections": max_connections,
                    "transport": transport,
                }
            )
        self.settings, cache_spec = _config.resolve(
            conf,
            client_id=options.get("client_id"),
            secret=options.get("secret"),
            mode=options.get("mode"),
            base_url=options.get("base_url"),
            timeout=options.get("timeout"),
            verify_ssl=options.get("verify_ssl"),
            proxy=options.get("proxy"),
            trust_env=options.get("trust_env"),
        )
        cache = options.get("cache")
        self._cache_spec = cache if cache is not None else cache_spec
        self._cache = build_cache(self._cache_spec)
        self.retry = options.get("retry") or RetryPolicy()
        token_kwargs: dict[str, Any] = {"skew": _or(options.get("token_skew"), 30.0)}
        clock = options.get("clock")
        if clock is not None:
            token_kwargs["clock"] = clock
        self.tokens = TokenManager(
            self._cache, cache_key(self.settings.base_url, self.settings.client_id), **token_kwargs
        )
        self._api = self._generated()
        io = self._io
        self._limits = _limits(io.max_connections if max_connections is None else max_connections)
        self._given_transport: TransportT | None = transport
        self._http_client: HttpT | None = http_client
        self._sleep = sleep
        self._auth = WebPosAuth(
            self.settings.client_id, self.settings.secret, self.tokens, **{io.login: self._fetch_token}
        )
        self._closed = False
        self._root: Any = self  # with_options() copies share the root's pools and tokens (its type)
        self._call_options: CallOptions | None = None
        self._connect()
        _fork.track(self)

    def _connect(self) -> None:
        """A new connection pool (at construction, and in a child after ``os.fork()``)."""
        io = self._io
        self._http = io.own(transport=self._retrying(), **self._options(self._auth))
        getattr(self._api, io.attach)(self._http)

    def _retrying(self) -> Any:
        """The SDK's retries over the transport: the given one, the merchant's http_client, or
        a new pool as configured."""
        io = self._io
        if self._given_transport is not None:
            inner: Any = self._given_transport
        elif self._http_client is not None:
            inner = io.through(self._http_client)
        else:
            inner = _http.transport(io.transport, self.settings, self._limits)
        return io.retry(inner, self.retry, **_sleep(self._sleep))

    def _after_fork(self) -> None:
        # The parent's pooled connections stay open for the parent (closing them here would not
        # close them there, but reading or writing them would interleave with its requests).
        # A transport or http_client given to the constructor is the caller's own to rebuild.
        if self._given_transport is None and self._http_client is None:
            self._connect()

    def _fetch_token(self) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        s = self.settings
        return f"{type(self).__name__}(mode={s.mode!r}, base_url={s.base_url!r}, client_id={s.client_id!r})"

    @property
    def context(self) -> ChainsideApiContext:
        """The settings as the previous SDK's ``ChainsideApiContext`` (for its callback handler)."""
        return ChainsideApiContext._of(self.settings, self._cache_spec)

    def _options(self, auth: httpx.Auth) -> dict[str, Any]:
        """The ``httpx.Client``/``AsyncClient`` settings (the transport apart)."""
        return {
            "auth": auth,
            "base_url": self.settings.base_url,
            # inf (or absurdly long) means no timeout: no socket takes a timeout past its C limits
            "timeout": httpx.Timeout(self.settings.timeout if self.settings.timeout < MAX_TIMEOUT else None),
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
        basic = base64.b64encode(f"{self.settings.client_id}:{self.settings.secret}".encode()).decode()
        return [self.settings.secret, basic, "Basic " + basic, *self.tokens.recent(), *self.settings.proxy_secrets()]

    def with_options(self, *, timeout: float | None = None, retry: RetryPolicy | None = None) -> Self:
        """A light copy whose calls use this ``timeout`` (seconds per request; ``inf`` for none)
        and ``retry`` policy (its ``deadline`` included); everything else -- the connection
        pool, the token and its cache, the settings -- is shared with this client. Closing the
        copy is closing nothing: close the client it came from.

        >>> fast = client.with_options(timeout=2, retry=NO_RETRY)  # doctest: +SKIP"""
        number = isinstance(timeout, int | float) and not isinstance(timeout, bool)
        if timeout is not None and not (number and timeout > 0):
            raise ConfigurationError("timeout", f"must be a number of seconds > 0, not {timeout!r}")
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError("retry", f"must be a RetryPolicy, not {type(retry).__name__}")
        base = self._call_options or CallOptions()
        copy = copy_module.copy(self)
        copy._call_options = CallOptions(
            timeout=float(timeout) if timeout is not None else base.timeout,
            retry=retry if retry is not None else base.retry,
        )
        if retry is not None:
            copy.retry = retry
        return copy

    @contextlib.contextmanager
    def capture_answer(self) -> Iterator[Answer]:
        """Inside the block, the HTTP answer of the last API call made in it (status code,
        headers, request id, attempts) is recorded in the :class:`Answer` it yields. Thread- and
        task-local: calls elsewhere meanwhile are not recorded.

        >>> with client.capture_answer() as answer:  # doctest: +SKIP
        ...     order = client.get_payment_order(uuid)
        >>> answer.status_code, answer.request_id, answer.attempts  # doctest: +SKIP"""
        answer = Answer()
        token = CAPTURE.set(answer)
        try:
            yield answer
        finally:
            CAPTURE.reset(token)

    def _timeout(self) -> float:
        options = self._call_options
        return options.timeout if options is not None and options.timeout is not None else self.settings.timeout

    def _check_open(self) -> None:
        if self._root._closed:
            raise ClientClosedError(
                f"this {type(self).__name__} was closed: create a new one (or use it in a with block)"
            )

    def _translated(self, err: Exception, *, creates: bool) -> SdkException | None:
        """The SDK's exception for an error of the generated layer or of httpx (None: not ours).
        ``creates``: the call creates a payment order, so an unreadable 2xx means that it may exist.

        The clients raise it *outside* their ``except`` block: it then has no ``__context__``, and
        no frame of its traceback holds the original error (whose message or locals may echo a
        credential) -- error trackers record every frame's local variables."""
        if isinstance(err, generated_errors.ApiError):
            return http_exception(
                status_code=err.status_code,
                error_code=err.error_code,
                message=err.message,
                request_id=err.request_id,
                response=err.response,
                secrets=self._secrets(),
            )
        if isinstance(err, generated_errors.RequestValidationError):
            return InvalidRequestError({e.path: e.problem for e in err.errors})
        if isinstance(err, generated_errors.MalformedResponseError):
            return self._malformed(err, creates=creates)
        if isinstance(err, httpx.DecodingError):  # a corrupt compressed body, or one too large
            status = getattr(err, "status_code", 0)
            message = f"the answer of {self.settings.base_url} could not be decoded ({type(err).__name__}: {err})"
            if creates and (status == 0 or 200 <= status < 300):
                return PaymentOrderMayExistException(
                    f"the payment order may have been created (no readable uuid; look it up before creating "
                    f"it again): {message}",
                    status_code=status,
                    debug_info={},
                    uuid=None,
                    body="",
                )
            return MalformedResponseException(message, status_code=status, debug_info={})
        if isinstance(err, DeadlineExceeded):
            return TimeoutException(f"{err} (RetryPolicy.deadline {self.retry.deadline} s)")
        if isinstance(err, httpx.TimeoutException):
            return TimeoutException(
                f"{self.settings.base_url} did not answer in time ({type(err).__name__}; "
                f"timeout {self._timeout():g} s)",
                request_sent=False if isinstance(err, httpx.ConnectTimeout | httpx.PoolTimeout) else None,
            )
        if isinstance(err, httpx.TransportError):
            return ConnectionErrorException(
                f"could not talk to {self.settings.base_url}: {type(err).__name__}: "
                f"{redact(str(err), self._secrets())}",
                # a refused CONNECT (ProxyError) never reached the API either
                request_sent=False if isinstance(err, httpx.ConnectError | httpx.ProxyError) else None,
            )
        return None

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


P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


class _Outcome:
    """A step's result or SDK exception, to be sent or thrown into a flow."""

    __slots__ = ("error", "value")

    def __init__(self, value: Any = None, error: SdkException | None = None) -> None:
        self.value = value
        self.error = error

    def resume(self, flow: Flow[Any]) -> Call[Any, Any]:
        return flow.send(self.value) if self.error is None else flow.throw(self.error)


class Client(_Core[httpx.BaseTransport, httpx.Client]):
    """Blocking client of the WebPOS API. Thread-safe; share one per process."""

    _io = _IO(
        10,
        httpx.HTTPTransport,
        _http.Through,
        RetryTransport,
        httpx.Client,
        _http.LeanClient,
        "login_sync",
        "set_httpx_client",
    )
    _http: httpx.Client

    def __init__(
        self,
        conf: Mapping[str, Any] | None = None,
        *,
        max_connections: int | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], object] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """``conf`` is the previous SDK's dict; the keywords are the settings of
        :class:`ClientOptions` (they win over ``conf``; see the README's table). No network I/O:
        the first call logs in. ``max_connections`` is the size of the connection pool (10 by
        default). ``http_client`` is your own ``httpx.Client`` for mounts, event hooks or anything
        else httpx offers: requests go through it, still under the SDK's retries, deadline and
        auth; it is yours to close. ``transport`` and ``sleep`` are for tests."""
        super().__init__(
            conf,
            max_connections=max_connections,
            transport=transport,
            http_client=http_client,
            sleep=sleep,
            **options,
        )

    def _run(self, call: Call[Any, R]) -> R:
        """Send ``call`` within one deadline for everything it sends (login included)."""
        self._check_open()
        options = CALL_OPTIONS.set(self._call_options)
        try:
            with call_deadline(self.retry.deadline):
                return call.then(call.sync(*call.args, client=self._root._api, **call.kwargs))
        except Exception as err:
            error = self._translated(err, creates=call.creates)
            if error is None:
                raise
        finally:
            CALL_OPTIONS.reset(options)
        raise error  # outside the except block: see _translated

    def _fetch_token(self) -> tuple[str, float]:
        call = _operations.fetch_token(self)  # inside a call already: its errors are translated there
        return call.then(call.sync(*call.args, client=self._api, **call.kwargs))

    def close(self) -> None:
        """Close the connection pool; a call after this raises ClientClosedError. (On a copy
        made by ``with_options``, nothing: the pool is its root's.)"""
        if self._root is not self:
            return
        self._closed = True
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _flow(self, flow: Flow[R]) -> R:
        """Run an operation of several requests: each call's result is sent back into ``flow``,
        each call's SDK exception thrown in."""
        outcome = _Outcome()
        while True:
            try:
                call = outcome.resume(flow)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            try:
                outcome = _Outcome(self._run(call))
            except SdkException as err:
                outcome = _Outcome(error=err)

    # ------------------------------------------------------------------ the API, one method an
    # operation; what each does is in ``_operations`` (shared with AsyncClient), written once.

    def client_credentials_login(
        self, client_credentials: ClientCredentials | None = None
    ) -> ClientCredentialsLoginResponse:
        """Log in now (the client also logs in by itself when needed) and cache the token."""
        return self._run(_operations.client_credentials_login(self, client_credentials))

    def login(self) -> None:
        """Log in now, as the previous SDK's constructor did (this client logs in on first use)."""
        return self._run(_operations.login(self))

    def create_payment_order(
        self, payment_order: PaymentOrderCreation | PaymentOrderParams
    ) -> PaymentOrderCreationResponse:
        """Create a payment order.

        With a ``reference``, exactly once: after an ambiguous failure (timeout, dropped connection,
        5xx, unreadable answer) the order is looked up by reference and amount and returned if it
        exists, created again only if it provably does not, and
        :class:`webpos_sdk.exceptions.PaymentOrderOutcomeUnknownException` says when neither can be
        decided. Without one, the request is repeated only when it provably never left."""
        return self._flow(_operations.create_payment_order(self, payment_order))

    def resume_payment_order(self, error: PaymentOrderOutcomeUnknownException) -> PaymentOrderCreationResponse:
        """Decide what a :class:`webpos_sdk.exceptions.PaymentOrderOutcomeUnknownException` left
        open: the order if it exists (looked up by reference and amount), else created (exactly once)."""
        return self._flow(_operations.resume_payment_order(self, error))

    def get_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Get one payment order with its state and transactions."""
        return self._run(_operations.get_payment_order(self, payment_order_uuid))

    def get_payment_orders(
        self,
        status: BlockchainStatus | StatusName | None = None,
        page: int | None = None,
        sort_order: SortOrder | SortOrderName | None = None,
        page_size: int | None = None,
        sort_by: SortBy | SortByName | None = None,
    ) -> PaymentOrderList:
        """One page of payment orders (``page`` from 0, ``page_size`` at most 40)."""
        return self._run(_operations.get_payment_orders(self, status, page, sort_order, page_size, sort_by))

    def iter_payment_orders(
        self,
        status: BlockchainStatus | StatusName | None = None,
        sort_order: SortOrder | SortOrderName | None = None,
        page_size: int = MAX_PAGE_SIZE,
        sort_by: SortBy | SortByName | None = None,
    ) -> Iterator[PaymentOrderRetrieval]:
        """Every payment order, page after page, until ``total_pages`` (the arguments are checked
        at the call, before the first page is fetched)."""
        pages = _operations.iter_payment_orders(self, status, sort_order, page_size, sort_by)

        def orders() -> Iterator[PaymentOrderRetrieval]:
            while (call := pages.next()) is not None:
                yield from pages.read(self._run(call))

        return orders()

    def delete_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderDeletionResponse:
        """Cancel a payment order."""
        return self._run(_operations.delete_payment_order(self, payment_order_uuid))

    def get_callbacks(self, payment_order_uuid: str | UUID) -> CallbackList:
        """The callbacks that apply to a payment order in its current state."""
        return self._run(_operations.get_callbacks(self, payment_order_uuid))

    def payment_reset(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Sandbox: return a payment order to pending."""
        return self._run(_operations.payment_reset(self, payment_order_uuid))

    def payment_update(
        self, payment_order_uuid: str | UUID, payment_update_object: PaymentUpdateObject | Mapping[str, Any]
    ) -> None:
        """Sandbox: apply a transition and fire its callback."""
        return self._run(_operations.payment_update(self, payment_order_uuid, payment_update_object))

    def get_web_pos_payments(
        self, pos_uuid: str | UUID, status: BlockchainStatus | str | None = None
    ) -> WebPosPaymentOrderList:
        """Deprecated (v1 API): the payment orders of one web POS. Use ``get_payment_orders``."""
        return self._run(_operations.get_web_pos_payments(self, pos_uuid, status))


class AsyncClient(_Core[httpx.AsyncBaseTransport, httpx.AsyncClient]):
    """asyncio client of the WebPOS API, with the same methods as :class:`Client`."""

    _io = _IO(
        100,
        httpx.AsyncHTTPTransport,
        _http.AsyncThrough,
        AsyncRetryTransport,
        httpx.AsyncClient,
        _http.LeanAsyncClient,
        "login_async",
        "set_async_httpx_client",
    )
    _http: httpx.AsyncClient

    def __init__(
        self,
        conf: Mapping[str, Any] | None = None,
        *,
        max_connections: int | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], object] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """``conf`` is the previous SDK's dict; the keywords are the settings of
        :class:`ClientOptions` (they win over ``conf``; see the README's table). No network I/O:
        the first call logs in. ``max_connections`` is the size of the connection pool (100 by
        default). ``http_client`` is your own ``httpx.AsyncClient`` for mounts, event hooks or anything
        else httpx offers: requests go through it, still under the SDK's retries, deadline and
        auth; it is yours to close. ``transport`` and ``sleep`` are for tests."""
        super().__init__(
            conf,
            max_connections=max_connections,
            transport=transport,
            http_client=http_client,
            sleep=sleep,
            **options,
        )

    # An asyncio connection belongs to the event loop that opened it. A client reused across
    # loops (``asyncio.run`` per task, one loop per thread) keeps one pool per loop, made when a
    # loop first uses it; the pools of closed loops are dropped then, so no closed loop is kept.
    if TYPE_CHECKING:  # asyncio and the generated client are imported on first use, not here
        _pools: dict[int, tuple[weakref.ref[asyncio.AbstractEventLoop], httpx.AsyncClient, GeneratedClient, Any]]

    def _connect(self) -> None:
        super()._connect()
        self._pools = {}
        self._unbound: tuple[httpx.AsyncClient, GeneratedClient] | None = (self._http, self._api)

    async def _api_for(self, loop: asyncio.AbstractEventLoop) -> GeneratedClient:
        pool = self._pools.get(id(loop))
        if pool is not None and pool[0]() is loop:
            return pool[2]
        return await self._adopt(loop)

    async def _adopt(self, loop: asyncio.AbstractEventLoop) -> GeneratedClient:
        for key, (ref, *_pool) in list(self._pools.items()):
            old = ref()
            if old is None or old.is_closed():
                del self._pools[key]  # its connections cannot be closed any more: let them go
        if self._unbound is not None:  # the pool made by the constructor, not yet used by any loop
            http, api = self._unbound
            self._unbound = None
        else:
            api = self._generated()
            http = self._io.own(transport=self._retrying(), **self._options(self._auth))
            api.set_async_httpx_client(http)
        watch = _closed_with_the_loop(http)
        await watch.asend(None)  # now suspended, and known to the loop's shutdown_asyncgens()
        self._pools[id(loop)] = (weakref.ref(loop), http, api, watch)
        self._http, self._api = http, api  # the latest: nothing else holds an older loop's pool
        return api

    async def _run(self, call: Call[Any, R]) -> R:
        """Send ``call`` within one deadline for everything it sends (login included)."""
        self._check_open()
        api = await self._root._api_for(_running_loop())
        options = CALL_OPTIONS.set(self._call_options)
        try:
            with call_deadline(self.retry.deadline):
                return call.then(await call.asyncio(*call.args, client=api, **call.kwargs))
        except Exception as err:
            error = self._translated(err, creates=call.creates)
            if error is None:
                raise
        finally:
            CALL_OPTIONS.reset(options)
        raise error  # outside the except block: see _translated

    async def _fetch_token(self) -> tuple[str, float]:
        call = _operations.fetch_token(self)
        api = await self._api_for(_running_loop())
        return call.then(await call.asyncio(*call.args, client=api, **call.kwargs))

    async def aclose(self) -> None:
        """Close the connection pool (of this event loop; those of other loops are dropped); a call
        after this raises ClientClosedError. (On a copy made by ``with_options``, nothing.)"""
        if self._root is not self:
            return
        self._closed = True
        loop = _running_loop()
        pools = [http for ref, http, *_pool in self._pools.values() if ref() is loop]
        if self._unbound is not None:
            pools.append(self._unbound[0])
        self._pools.clear()
        for http in pools:
            await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    async def _flow(self, flow: Flow[R]) -> R:
        """Run an operation of several requests: each call's result is sent back into ``flow``,
        each call's SDK exception thrown in."""
        outcome = _Outcome()
        while True:
            try:
                call = outcome.resume(flow)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            try:
                outcome = _Outcome(await self._run(call))
            except SdkException as err:
                outcome = _Outcome(error=err)

    # ------------------------------------------------------------------ the API: Client's, awaited

    async def client_credentials_login(
        self, client_credentials: ClientCredentials | None = None
    ) -> ClientCredentialsLoginResponse:
        """Log in now (the client also logs in by itself when needed) and cache the token."""
        return await self._run(_operations.client_credentials_login(self, client_credentials))

    async def login(self) -> None:
        """Log in now, as the previous SDK's constructor did (this client logs in on first use)."""
        return await self._run(_operations.login(self))

    async def create_payment_order(
        self, payment_order: PaymentOrderCreation | PaymentOrderParams
    ) -> PaymentOrderCreationResponse:
        """Create a payment order.

        With a ``reference``, exactly once: after an ambiguous failure (timeout, dropped connection,
        5xx, unreadable answer) the order is looked up by reference and amount and returned if it
        exists, created again only if it provably does not, and
        :class:`webpos_sdk.exceptions.PaymentOrderOutcomeUnknownException` says when neither can be
        decided. Without one, the request is repeated only when it provably never left."""
        return await self._flow(_operations.create_payment_order(self, payment_order))

    async def resume_payment_order(self, error: PaymentOrderOutcomeUnknownException) -> PaymentOrderCreationResponse:
        """Decide what a :class:`webpos_sdk.exceptions.PaymentOrderOutcomeUnknownException` left
        open: the order if it exists (looked up by reference and amount), else created (exactly once)."""
        return await self._flow(_operations.resume_payment_order(self, error))

    async def get_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Get one payment order with its state and transactions."""
        return await self._run(_operations.get_payment_order(self, payment_order_uuid))

    async def get_payment_orders(
        self,
        status: BlockchainStatus | StatusName | None = None,
        page: int | None = None,
        sort_order: SortOrder | SortOrderName | None = None,
        page_size: int | None = None,
        sort_by: SortBy | SortByName | None = None,
    ) -> PaymentOrderList:
        """One page of payment orders (``page`` from 0, ``page_size`` at most 40)."""
        return await self._run(_operations.get_payment_orders(self, status, page, sort_order, page_size, sort_by))

    def iter_payment_orders(
        self,
        status: BlockchainStatus | StatusName | None = None,
        sort_order: SortOrder | SortOrderName | None = None,
        page_size: int = MAX_PAGE_SIZE,
        sort_by: SortBy | SortByName | None = None,
    ) -> AsyncIterator[PaymentOrderRetrieval]:
        """Every payment order, page after page, until ``total_pages`` (the arguments are checked
        at the call, before the first page is fetched)."""
        pages = _operations.iter_payment_orders(self, status, sort_order, page_size, sort_by)

        async def orders() -> AsyncIterator[PaymentOrderRetrieval]:
            while (call := pages.next()) is not None:
                for order in pages.read(await self._run(call)):
                    yield order

        return orders()

    async def delete_payment_order(self, payment_order_uuid: str | UUID) -> PaymentOrderDeletionResponse:
        """Cancel a payment order."""
        return await self._run(_operations.delete_payment_order(self, payment_order_uuid))

    async def get_callbacks(self, payment_order_uuid: str | UUID) -> CallbackList:
        """The callbacks that apply to a payment order in its current state."""
        return await self._run(_operations.get_callbacks(self, payment_order_uuid))

    async def payment_reset(self, payment_order_uuid: str | UUID) -> PaymentOrderRetrieval:
        """Sandbox: return a payment order to pending."""
        return await self._run(_operations.payment_reset(self, payment_order_uuid))

    async def payment_update(
        self, payment_order_uuid: str | UUID, payment_update_object: PaymentUpdateObject | Mapping[str, Any]
    ) -> None:
        """Sandbox: apply a transition and fire its callback."""
        return await self._run(_operations.payment_update(self, payment_order_uuid, payment_update_object))

    async def get_web_pos_payments(
        self, pos_uuid: str | UUID, status: BlockchainStatus | str | None = None
    ) -> WebPosPaymentOrderList:
        """Deprecated (v1 API): the payment orders of one web POS. Use ``get_payment_orders``."""
        return await self._run(_operations.get_web_pos_payments(self, pos_uuid, status))


async def _closed_with_the_loop(http: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """Started once on a loop and left suspended: ``asyncio.run`` (any runner that calls
    ``loop.shutdown_asyncgens()``) closes it before closing the loop, and this closes the loop's
    pool, so its connections do not outlive their loop unclosed."""
    try:
        yield
    finally:
        await http.aclose()


def _running_loop() -> asyncio.AbstractEventLoop:
    import asyncio  # only async users pay for importing asyncio

    return asyncio.get_running_loop()


def _or(value: T | None, default: T) -> T:
    return default if value is None else value


def _sleep(sleep: Callable[[float], object] | None) -> dict[str, Any]:
    return {} if sleep is None else {"sleep": sleep}


def _spelt_out(init: Callable[..., None]) -> None:
    """Gives ``init`` a signature with ``**options: Unpack[ClientOptions]`` spelt out keyword by
    keyword, for ``help()``, ``inspect`` and the reference docs (type checkers read the
    ``Unpack``, which says the same)."""
    import inspect

    signature = inspect.signature(init)
    fixed = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    # each keyword is optional (None, or left out: the conf dict's value, the environment's, the default)
    keywords = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=f"{getattr(hint, '__forward_arg__', hint)} | None",
        )
        for name, hint in ClientOptions.__annotations__.items()
    ]
    init.__signature__ = signature.replace(parameters=[*fixed, *keywords])  # type: ignore[attr-defined]


_spelt_out(Client.__init__)
_spelt_out(AsyncClient.__init__)

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
    "Settings",
    "Token",
    "TokenManager",
]
