"""The facade as a drop-in for the previous SDK: configuration, every README method on the
wire (``httpx.MockTransport``), the objects module, the README snippets, the async twin,
argument checks before any I/O, pagination and connection pooling."""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import httpx
import pytest
from _support import schema_example
from conftest import BASE_URL, FakeApi, LoopbackApi, order_body

import webpos_sdk.objects as objects
from webpos_sdk import AsyncClient, ConfigurationError, InvalidRequestError, SdkException, _operations
from webpos_sdk.client import Client
from webpos_sdk.objects import (
    CallbackList,
    ClientCredentials,
    ClientCredentialsLoginResponse,
    PaymentOrder,
    PaymentOrderCreation,
    PaymentOrderCreationResponse,
    PaymentOrderDeletionResponse,
    PaymentOrderList,
    PaymentOrderRetrieval,
    PaymentUpdateObject,
    WebPosPaymentOrderList,
)

ORDER_ID = "2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10"
POS_ID = "6c0a4c4e-5b1f-4a8e-9f1d-2b7f1f0a9d11"
LIVE = "https://api.webpos.chainside.net"
SANDBOX = "https://api.sandbox.webpos.chainside.net"
ENV_VARS = ("WEBPOS_CLIENT_ID", "WEBPOS_SECRET", "WEBPOS_MODE", "WEBPOS_BASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def assert_api_headers(request: httpx.Request, token: str) -> None:
    assert request.headers["X-Api-Version"] == "v1"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {token}"


def assert_login_request(request: httpx.Request, client_id: str, secret: str) -> None:
    assert request.method == "POST"
    assert request.url.path == "/token"
    assert request.headers["X-Api-Version"] == "v1"
    assert request.headers["Accept"] == "application/json"
    expected = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode(), strict_parsing=True) == {
        "grant_type": ["client_credentials"],
        "scope": ["*"],
    }


# --------------------------------------------------------------------------- configuration


def readme_conf(client_id: str, **extra: Any) -> dict[str, Any]:
    conf: dict[str, Any] = {
        "mode": "sandbox",
        "client_id": client_id,
        "secret": "s3cret",
        "http": {"verify_ssl": True, "timeout": 10},
    }
    conf.update(extra)
    return conf


@pytest.mark.parametrize(
    "cache_entry",
    [
        {},
        {"cache": {"driver": "dict"}},
        {"cache_conf": {"driver": "dict", "options": {}}},
        {"cache": {"driver": "dict", "options": None}},
    ],
    ids=["no-cache", "cache", "cache_conf", "options-none"],
)
def test_readme_conf_dict_builds_a_working_client(client_id: str, api: FakeApi, cache_entry: dict[str, Any]) -> None:
    client = Client(readme_conf(client_id, **cache_entry), transport=api.transport())
    assert api.requests == []  # nothing is sent by the constructor
    with client:
        order = client.get_payment_order(ORDER_ID)
    assert isinstance(order, PaymentOrderRetrieval)
    assert [str(r.url) for r in api.requests] == [f"{SANDBOX}/token", f"{SANDBOX}/payment-order/{ORDER_ID}"]
    assert client.settings.mode == "sandbox"
    assert client.settings.timeout == 10.0
    assert client.settings.verify_ssl is True


def test_live_is_the_default_mode(client_id: str, api: FakeApi) -> None:
    with Client({"client_id": client_id, "secret": "s"}, transport=api.transport()) as client:
        client.get_callbacks(ORDER_ID)
    assert client.settings.mode == "live"
    assert {r.url.host for r in api.requests} == {"api.webpos.chainside.net"}
    assert str(api.requests[-1].url) == f"{LIVE}/payment-order/{ORDER_ID}/callbacks"


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False), (False, False), ("False", False)])
def test_verify_ssl_as_the_readme_typed_it(client_id: str, raw: object, expected: bool) -> None:
    client = Client(readme_conf(client_id, http={"verify_ssl": raw}))
    assert client.settings.verify_ssl is expected
    assert client.settings.timeout == 10.0  # the documented default
    client.close()


def test_base_url_key_replaces_the_mode_host(client_id: str) -> None:
    api = FakeApi(prefix="/api")
    conf = readme_conf(client_id, base_url="http://127.0.0.1:9/api/")
    with Client(conf, transport=api.transport()) as client:
        client.get_payment_order(ORDER_ID)
    assert client.settings.base_url == "http://127.0.0.1:9/api"
    assert [str(r.url) for r in api.requests] == [
        "http://127.0.0.1:9/api/token",
        f"http://127.0.0.1:9/api/payment-order/{ORDER_ID}",
    ]


def test_webpos_base_url_env_overrides_the_mode_host(
    client_id: str, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBPOS_BASE_URL", "https://staging.example.test")
    with Client(readme_conf(client_id), transport=api.transport()) as client:
        client.get_payment_order(ORDER_ID)
    assert {r.url.host for r in api.requests} == {"staging.example.test"}


def test_keyword_arguments(client_id: str, api: FakeApi) -> None:
    with Client(
        client_id=client_id,
        secret="kw-secret",
        mode="sandbox",
        timeout=2.5,
        verify_ssl=False,
        transport=api.transport(),
    ) as client:
        client.get_payment_order(UUID(ORDER_ID))
    assert (client.settings.client_id, client.settings.mode, client.settings.timeout) == (client_id, "sandbox", 2.5)
    assert client.settings.verify_ssl is False
    assert_login_request(api.login_requests[0], client_id, "kw-secret")
    assert api.requests[-1].url.host == "api.sandbox.webpos.chainside.net"


def test_keyword_arguments_win_over_the_conf_dict(client_id: str, api: FakeApi) -> None:
    conf = readme_conf("conf-id", mode="live")
    with Client(conf, client_id=client_id, mode="sandbox", transport=api.transport()) as client:
        client.get_payment_order(ORDER_ID)
    assert_login_request(api.login_requests[0], client_id, "s3cret")
    assert api.requests[-1].url.host == "api.sandbox.webpos.chainside.net"


def test_environment_fallback(client_id: str, api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBPOS_CLIENT_ID", client_id)
    monkeypatch.setenv("WEBPOS_SECRET", "env-secret")
    monkeypatch.setenv("WEBPOS_MODE", "sandbox")
    with Client(transport=api.transport()) as client:
        client.get_payment_order(ORDER_ID)
    assert client.settings.mode == "sandbox"
    assert_login_request(api.login_requests[0], client_id, "env-secret")
    assert str(api.requests[-1].url) == f"{SANDBOX}/payment-order/{ORDER_ID}"


def test_explicit_values_win_over_the_environment(
    client_id: str, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBPOS_CLIENT_ID", "env-id")
    monkeypatch.setenv("WEBPOS_SECRET", "env-secret")
    monkeypatch.setenv("WEBPOS_MODE", "sandbox")
    with Client({"client_id": client_id, "secret": "conf-secret", "mode": "live"}, transport=api.transport()) as c:
        c.get_payment_order(ORDER_ID)
    assert_login_request(api.login_requests[0], client_id, "conf-secret")
    assert api.requests[-1].url.host == "api.webpos.chainside.net"


# ----------------------------------------------------------------------- bad configuration


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the constructor sent {request.method} {request.url}")


@pytest.mark.parametrize(
    ("conf", "kwargs", "key"),
    [
        ({"mode": "production", "client_id": "id", "secret": "s"}, {}, "mode"),
        ({"client_id": "id"}, {}, "secret"),
        ({"client_id": "id", "secret": ""}, {}, "secret"),
        ({"secret": "s"}, {}, "client_id"),
        ({"client_id": "id", "secret": "s", "cache": {"driver": "memcached"}}, {}, "cache.driver"),
        ({"client_id": "id", "secret": "s", "cache_conf": {"driver": "mongo"}}, {}, "cache.driver"),
        ({"client_id": "id", "secret": "s", "cache": {"driver": "dict", "ttl": 3}}, {}, "cache.ttl"),
        (
            {"client_id": "id", "secret": "s", "cache": {"driver": "redis", "options": {"host": "x"}}},
            {},
            "cache.options.host",
        ),
        ({"client_id": "id", "secret": "s", "cache": {}, "cache_conf": {}}, {}, "cache_conf"),
        ({"client_id": "id", "secret": "s", "http": {"timeout": 0}}, {}, "http.timeout"),
        ({"client_id": "id", "secret": "s", "http": {"timeout": -1}}, {}, "http.timeout"),
        ({"client_id": "id", "secret": "s", "http": {"timeout": "10"}}, {}, "http.timeout"),
        ({"client_id": "id", "secret": "s"}, {"timeout": 0}, "http.timeout"),
        ({"client_id": "id", "secret": "s", "http": {"verify_ssl": "maybe"}}, {}, "http.verify_ssl"),
        ({"client_id": "id", "secret": "s", "base_url": "ftp://example.com"}, {}, "base_url"),
    ],
    ids=[
        "unknown-mode",
        "missing-secret",
        "empty-secret",
        "missing-client-id",
        "unknown-cache-driver",
        "unknown-cache_conf-driver",
        "unknown-cache-key",
        "unknown-redis-option",
        "cache-and-cache_conf",
        "timeout-zero",
        "timeout-negative",
        "timeout-string",
        "timeout-kwarg-zero",
        "verify-ssl-garbage",
        "base-url-scheme",
    ],
)
@pytest.mark.parametrize("client_class", [Client, AsyncClient])
def test_bad_configuration_raises_at_construction_naming_the_key(
    client_class: type[Client] | type[AsyncClient], conf: dict[str, Any], kwargs: dict[str, Any], key: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        client_class(conf, transport=httpx.MockTransport(_never_called), **kwargs)
    assert info.value.key == key
    assert repr(key) in str(info.value)
    assert isinstance(info.value, SdkException)
    assert isinstance(info.value, ValueError)


def test_constructor_does_no_io_even_with_an_unreachable_redis(caplog: pytest.LogCaptureFixture) -> None:
    conf = {
        "client_id": f"id-{uuid.uuid4()}",
        "secret": "s",
        "cache": {"driver": "redis", "options": {"hostname": "127.0.0.1", "port": 1}},
    }
    with caplog.at_level("DEBUG"):
        Client(conf, transport=httpx.MockTransport(_never_called)).close()
    assert [r for r in caplog.records if r.name.startswith("webpos_sdk")] == []


# ------------------------------------------------------------------------ every operation


def _creation() -> PaymentOrderCreation:
    return PaymentOrderCreation.from_dict(schema_example("PaymentOrderCreation"))


def _check_creation(result: Any) -> None:
    assert isinstance(result, PaymentOrderCreationResponse)
    assert result.uuid == ORDER_ID  # a UUIDStr: equal to its string form
    assert result.amount == 34120
    assert result.rate.value == "73271.52"


def _check_retrieval(result: Any) -> None:
    assert isinstance(result, PaymentOrderRetrieval)
    assert result.uuid == ORDER_ID
    assert result.uuid.uuid == UUID(ORDER_ID)
    assert result.amount == "25.00"
    assert result.state.status == "pending"


def _check_list(result: Any) -> None:
    assert isinstance(result, PaymentOrderList | WebPosPaymentOrderList)
    assert result.total_pages == 1
    assert [o.uuid for o in result.paymentorders or []] == [ORDER_ID]


def _check_deletion(result: Any) -> None:
    assert type(result) is PaymentOrderDeletionResponse
    assert result.cancel_url == "https://shop.example.com/checkout/cancelled"


def _check_callbacks(result: Any) -> None:
    assert isinstance(result, CallbackList)
    assert [c.name for c in result.callbacks] == ["payment.completed", "payment.cancelled", "payment.expired"]


def _check_none(result: Any) -> None:
    assert result is None


# name, args (given the id), HTTP method, path, query, JSON body, result check
OPERATIONS: list[tuple[str, Callable[[Any], tuple[Any, ...]], str, str, list[tuple[str, str]], Any, Any]] = [
    (
        "create_payment_order",
        lambda _id: (_creation(),),
        "POST",
        "/payment-order",
        [],
        schema_example("PaymentOrderCreation"),
        _check_creation,
    ),
    ("get_payment_order", lambda i: (i,), "GET", f"/payment-order/{ORDER_ID}", [], None, _check_retrieval),
    (
        "get_payment_orders",
        lambda _id: ("paid", 0, "asc", 40, "amount"),
        "GET",
        "/payment-order",
        [("page", "0"), ("page_size", "40"), ("sort_by", "amount"), ("sort_order", "asc"), ("status", "paid")],
        None,
        _check_list,
    ),
    ("delete_payment_order", lambda i: (i,), "DELETE", f"/payment-order/{ORDER_ID}", [], None, _check_deletion),
    ("get_callbacks", lambda i: (i,), "GET", f"/payment-order/{ORDER_ID}/callbacks", [], None, _check_callbacks),
    ("payment_reset", lambda i: (i,), "PATCH", f"/payment-order/{ORDER_ID}/test/reset", [], None, _check_retrieval),
    (
        "payment_update",
        lambda i: (i, PaymentUpdateObject.from_dict({"callback": "payment.completed"})),
        "PATCH",
        f"/payment-order/{ORDER_ID}/test/",
        [],
        {"callback": "payment.completed"},
        _check_none,
    ),
    (
        "get_web_pos_payments",
        lambda _id: (POS_ID, "paid"),
        "GET",
        f"/pos/web/{POS_ID}/payment-order",
        [("status", "paid")],
        None,
        _check_list,
    ),
]
OPERATION_IDS = [op[0] for op in OPERATIONS]


def _check_wire(
    api: FakeApi, http_method: str, path: str, query: list[tuple[str, str]], body: Any, client_id: str
) -> None:
    login, request = api.requests  # exactly one login, then the call
    assert_login_request(login, client_id, "s3cret")
    assert request.method == http_method
    assert request.url.path == path
    assert sorted(request.url.params.multi_items()) == sorted(query)
    assert_api_headers(request, "tok-1")
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == body


def _call_sync(client: Client, name: str, args: tuple[Any, ...]) -> Any:
    if name == "get_web_pos_payments":
        with pytest.warns(DeprecationWarning, match="get_payment_orders") as caught:
            result = getattr(client, name)(*args)
        assert caught[0].filename == __file__  # the user's line, not the SDK's
        return result
    return getattr(client, name)(*args)


@pytest.mark.parametrize("id_type", [str, UUID])
@pytest.mark.parametrize(
    ("name", "args", "http_method", "path", "query", "body", "check"), OPERATIONS, ids=OPERATION_IDS
)
def test_every_method_on_the_wire(
    client_id: str,
    api: FakeApi,
    id_type: type,
    name: str,
    args: Callable[[Any], tuple[Any, ...]],
    http_method: str,
    path: str,
    query: list[tuple[str, str]],
    body: Any,
    check: Callable[[Any], None],
) -> None:
    with Client(client_id=client_id, secret="s3cret", base_url=BASE_URL, transport=api.transport()) as client:
        result = _call_sync(client, name, args(id_type(ORDER_ID)))
    check(result)
    _check_wire(api, http_method, path, query, body, client_id)
    assert str(api.requests[-1].url).startswith(BASE_URL + path)


@pytest.mark.parametrize("id_type", [str, UUID])
@pytest.mark.parametrize(
    ("name", "args", "http_method", "path", "query", "body", "check"), OPERATIONS, ids=OPERATION_IDS
)
def test_every_async_method_on_the_wire(
    client_id: str,
    api: FakeApi,
    id_type: type,
    name: str,
    args: Callable[[Any], tuple[Any, ...]],
    http_method: str,
    path: str,
    query: list[tuple[str, str]],
    body: Any,
    check: Callable[[Any], None],
) -> None:
    async def main() -> Any:
        async with AsyncClient(
            client_id=client_id, secret="s3cret", base_url=BASE_URL, transport=api.transport()
        ) as client:
            return await getattr(client, name)(*args(id_type(ORDER_ID)))

    if name == "get_web_pos_payments":
        with pytest.warns(DeprecationWarning, match="get_payment_orders") as caught:
            result = asyncio.run(main())
        assert caught[0].filename == __file__  # the awaiting line, not the SDK's
    else:
        result = asyncio.run(main())
    check(result)
    _check_wire(api, http_method, path, query, body, client_id)


def test_payment_objects_may_be_given_as_dicts(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client()
    _check_creation(client.create_payment_order(schema_example("PaymentOrderCreation")))
    assert client.payment_update(ORDER_ID, {"callback": "payment.expired"}) is None
    create, update = api.api_requests
    assert json.loads(create.content) == schema_example("PaymentOrderCreation")
    assert json.loads(update.content) == {"callback": "payment.expired"}


def test_get_payment_orders_sends_page_zero_and_the_defaults(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client()
    client.get_payment_orders(page=0)
    client.get_payment_orders()
    explicit, default = api.api_requests
    expected = [("page", "0"), ("page_size", "20"), ("sort_by", "created_at"), ("sort_order", "desc")]
    assert sorted(explicit.url.params.multi_items()) == expected
    assert sorted(default.url.params.multi_items()) == expected


def test_get_payment_orders_accepts_enum_members(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client()
    client.get_payment_orders(
        status=objects.BlockchainStatus.MEMPOOL_UNCONFIRMED,
        page=2,
        sort_order=objects.SortOrder.ASC,
        page_size=1,
        sort_by=objects.SortBy.AMOUNT,
    )
    (request,) = api.api_requests
    assert dict(request.url.params) == {
        "status": "mempool_unconfirmed",
        "page": "2",
        "sort_order": "asc",
        "page_size": "1",
        "sort_by": "amount",
    }


def test_client_credentials_login_explicitly(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client(client_id="explicit-" + str(uuid.uuid4()))
    credentials = ClientCredentials.from_dict(schema_example("ClientCredentials"))
    answer = client.client_credentials_login(credentials)
    assert isinstance(answer, ClientCredentialsLoginResponse)
    assert answer.access_token == "tok-1"
    assert answer.expires_in == 3600
    assert answer.token_type == "Bearer"
    assert_login_request(api.requests[0], client.settings.client_id, "s3cret")
    client.get_payment_order(ORDER_ID)  # uses the token obtained above
    assert api.logins == 1
    assert_api_headers(api.requests[-1], "tok-1")


def test_client_credentials_login_without_arguments(make_client: Callable[..., Client], api: FakeApi) -> None:
    answer = make_client().client_credentials_login()
    assert answer.access_token == "tok-1"
    assert parse_qs(api.requests[0].content.decode()) == {"grant_type": ["client_credentials"], "scope": ["*"]}


def test_get_web_pos_payments_is_deprecated(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client()
    with pytest.warns(DeprecationWarning, match="deprecated"):
        result = client.get_web_pos_payments(UUID(POS_ID))
    _check_list(result)
    (request,) = api.api_requests
    assert request.url.path == f"/pos/web/{POS_ID}/payment-order"
    assert request.url.params.multi_items() == []


# ------------------------------------------------------------------------- objects module


def test_objects_module_exports_the_readme_names() -> None:
    assert objects.PaymentOrder is objects.PaymentOrderCreation
    assert objects.PaymentOrderDeletionResponse is not objects.PaymentOrderCreationResponse
    assert objects.PaymentOrderResponse is objects.PaymentOrderCreationResponse
    deletion = objects.PaymentOrderDeletionResponse.from_dict(schema_example("PaymentOrderDeletionResponse"))
    assert deletion.cancel_url == "https://shop.example.com/checkout/cancelled"
    for name in (
        "PaymentOrder",
        "PaymentUpdateObject",
        "ClientCredentials",
        "PaymentOrderRetrieval",
        "PaymentOrderDeletionResponse",
        "PaymentOrderCreationResponse",
        "PaymentOrderList",
        "CallbackList",
        "ClientCredentialsLoginResponse",
    ):
        assert name in objects.__all__
        assert inspect.isclass(getattr(objects, name))
    for name in objects.__all__:
        assert hasattr(objects, name), name


def test_readme_snippet_runs_as_written(client_id: str, api: FakeApi) -> None:
    from webpos_sdk.client import Client
    from webpos_sdk.objects import PaymentOrder

    conf = {"mode": "live", "client_id": client_id, "secret": "s3cret"}
    client = Client(conf, transport=api.transport())
    payment_order = PaymentOrder(amount="10.00", continue_url="https://continue.com")
    response = client.create_payment_order(payment_order)

    assert isinstance(response, PaymentOrderCreationResponse)
    assert json.loads(api.requests[-1].content) == {"amount": "10.00", "continue_url": "https://continue.com"}
    client.close()


def test_readme_exception_snippet_runs_as_written(
    client_id: str, capsys: pytest.CaptureFixture[str], api: FakeApi
) -> None:
    api.answer = lambda _request: httpx.Response(
        400, json={"error_code": "0001", "message": "amount: bad", "request_id": "rid-42"}
    )
    client = Client({"client_id": client_id, "secret": "s3cret"}, transport=api.transport())
    payment = PaymentOrder(amount="10.00", continue_url="https://continue.com")

    from webpos_sdk.exceptions import SdkHttpException

    try:
        client.create_payment_order(payment)
    except SdkHttpException as e:
        print(e.debug_info)
        print(e.request_id)

    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "rid-42"
    assert "'status_code': 400" in out[0]
    assert "tok-1" not in out[0]
    client.close()


# ---------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.get_payment_orders(page_size=41), "page_size"),
        (lambda c: c.get_payment_orders(page_size=0), "page_size"),
        (lambda c: c.get_payment_orders(page=-1), "page"),
        (lambda c: c.get_payment_orders(page="1"), "page"),
        (lambda c: c.get_payment_orders(page=True), "page"),
        (lambda c: c.get_payment_orders(sort_by="x"), "sort_by"),
        (lambda c: c.get_payment_orders(sort_order="up"), "sort_order"),
        (lambda c: c.get_payment_orders(status="done"), "status"),
        (lambda c: c.get_payment_order("not-a-uuid"), "payment_order_uuid"),
        (lambda c: c.get_payment_order(12345), "payment_order_uuid"),
        (lambda c: c.delete_payment_order("2b7f1c52"), "payment_order_uuid"),
        (lambda c: c.get_callbacks(""), "payment_order_uuid"),
        (lambda c: c.payment_reset(None), "payment_order_uuid"),
        (lambda c: c.payment_update("x", {"callback": "payment.completed"}), "payment_order_uuid"),
        (lambda c: c.payment_update(ORDER_ID, {"callback": "payment.nope"}), "callback"),
        (lambda c: c.payment_update(ORDER_ID, "payment.completed"), "payment_update_object"),
        (
            lambda c: c.create_payment_order(PaymentOrder(amount="10.00", callback_url="http://x.com/cb")),
            "callback_url",
        ),
        (lambda c: c.create_payment_order({"amount": "10.00", "cancel_url": "http://x.com"}), "cancel_url"),
        (lambda c: c.create_payment_order({"amount": "ten"}), "amount"),
        (lambda c: c.create_payment_order({"continue_url": "https://x.com"}), "payment_order"),
        (lambda c: c.create_payment_order(PaymentOrder(amount="1.00", details="x" * 301)), "details"),
        (
            lambda c: c.create_payment_order(PaymentOrder(amount="1.00", required_confirmations=-1)),
            "required_confirmations",
        ),
        (lambda c: c.create_payment_order(["amount", "1"]), "payment_order"),
    ],
    ids=[
        "page_size-41",
        "page_size-0",
        "page-negative",
        "page-string",
        "page-bool",
        "sort_by",
        "sort_order",
        "status",
        "id-not-uuid",
        "id-int",
        "id-truncated",
        "id-empty",
        "id-none",
        "update-id",
        "update-callback",
        "update-type",
        "http-callback_url",
        "http-cancel_url",
        "amount",
        "missing-amount",
        "details-too-long",
        "confirmations-negative",
        "order-type",
    ],
)
def test_bad_arguments_raise_before_anything_is_sent(
    make_client: Callable[..., Client], api: FakeApi, call: Callable[[Client], Any], field: str
) -> None:
    client = make_client()
    with pytest.raises(InvalidRequestError) as info:
        call(client)
    assert field in info.value.errors
    assert field in str(info.value)
    assert isinstance(info.value, SdkException)
    assert api.requests == []  # not even a login


def test_several_bad_arguments_are_reported_together(make_client: Callable[..., Client], api: FakeApi) -> None:
    with pytest.raises(InvalidRequestError) as info:
        make_client().get_payment_orders(page=-1, page_size=41, sort_by="x")
    assert set(info.value.fields) == {"page", "page_size", "sort_by"}
    assert api.requests == []


def test_async_bad_arguments_raise_before_anything_is_sent(client_id: str, api: FakeApi) -> None:
    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", transport=api.transport()) as client:
            with pytest.raises(InvalidRequestError, match="page_size"):
                await client.get_payment_orders(page_size=41)
            with pytest.raises(InvalidRequestError, match="payment_order_uuid"):
                await client.get_payment_order("nope")
            with pytest.raises(InvalidRequestError, match="callback_url"):
                await client.create_payment_order({"amount": "1.00", "callback_url": "http://x.com"})

    asyncio.run(main())
    assert api.requests == []


# ------------------------------------------------------------------ async twin, lifecycle


def _api_methods(cls: type) -> set[str]:
    lifecycle = {"close", "aclose"}
    return {n for n, v in vars(cls).items() if not n.startswith("_") and callable(v) and n not in lifecycle}


def test_async_client_has_every_method_of_the_client() -> None:
    sync_methods = _api_methods(Client)
    assert sync_methods == _api_methods(AsyncClient)
    readme = {
        "client_credentials_login",
        "create_payment_order",
        "get_payment_order",
        "get_payment_orders",
        "iter_payment_orders",
        "delete_payment_order",
        "get_callbacks",
        "payment_reset",
        "payment_update",
        "get_web_pos_payments",
    }
    assert readme <= sync_methods
    for name in sync_methods:
        async_method = getattr(AsyncClient, name)
        if name == "iter_payment_orders":
            assert inspect.signature(async_method).return_annotation == "AsyncIterator[PaymentOrderRetrieval]"
        else:
            assert inspect.iscoroutinefunction(async_method), name
        sync_params = list(inspect.signature(getattr(Client, name)).parameters.values())
        assert list(inspect.signature(async_method).parameters.values()) == sync_params, name
        # both spell the signature of the operation they run, written once in _operations
        _core, *operation = inspect.signature(getattr(_operations, name)).parameters.values()
        assert [p.replace(kind=p.POSITIONAL_OR_KEYWORD) for p in operation] == sync_params[1:], name


def test_iter_payment_orders_checks_its_arguments_at_the_call(make_client: Any) -> None:
    client = make_client()
    with pytest.raises(InvalidRequestError, match="page_size"):
        client.iter_payment_orders(page_size=41)  # not at the first next()


class ClosingTransport(httpx.MockTransport):
    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        super().__init__(handler)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    async def aclose(self) -> None:
        self.closed += 1


def test_context_manager_closes_the_pool(client_id: str, api: FakeApi) -> None:
    transport = ClosingTransport(api)
    with Client(client_id=client_id, secret="s", transport=transport) as client:
        client.get_payment_order(ORDER_ID)
        assert transport.closed == 0
    assert transport.closed == 1
    with pytest.raises(RuntimeError, match="closed"):
        client.get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 1


def test_async_context_manager_closes_the_pool(client_id: str, api: FakeApi) -> None:
    transport = ClosingTransport(api)

    async def main() -> AsyncClient:
        async with AsyncClient(client_id=client_id, secret="s", transport=transport) as client:
            await client.get_payment_order(ORDER_ID)
            assert transport.closed == 0
        return client

    asyncio.run(main())
    assert transport.closed == 1


def test_one_pooled_connection_for_many_calls(client_id: str, loopback_api: LoopbackApi) -> None:
    """Defect 6 of the previous SDK: each request opened a new connection."""
    with Client(client_id=client_id, secret="s", base_url=loopback_api.url) as client:
        for _ in range(5):
            client.get_payment_order(ORDER_ID)
    assert loopback_api.logins == 1
    assert len(loopback_api.bearers) == 5
    assert len(loopback_api.connections) == 1


# ------------------------------------------------------------------------------ pagination


def _paged(total_pages: int, per_page: int = 2) -> Callable[[httpx.Request], httpx.Response | None]:
    def answer(request: httpx.Request) -> httpx.Response | None:
        if request.url.path != "/payment-order":
            return None
        page = int(request.url.params["page"])
        ids = [str(uuid.UUID(int=page * 100 + i)) for i in range(per_page)]
        body = {"paymentorders": [order_body(i) for i in ids], "total_items": total_pages * per_page}
        body["total_pages"] = total_pages
        return httpx.Response(200, json=body)

    return answer


def _expected_ids(total_pages: int, per_page: int = 2) -> list[str]:
    return [str(uuid.UUID(int=p * 100 + i)) for p in range(total_pages) for i in range(per_page)]


def test_iter_payment_orders_walks_every_page_and_stops(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = _paged(total_pages=4)
    orders = list(make_client().iter_payment_orders(status="paid", page_size=2, sort_by="amount"))
    assert [o.uuid for o in orders] == _expected_ids(4)
    requested = [r.url.params for r in api.api_requests]
    assert [p["page"] for p in requested] == ["0", "1", "2", "3"]
    assert {(p["page_size"], p["status"], p["sort_by"]) for p in requested} == {("2", "paid", "amount")}
    assert api.logins == 1


def test_iter_payment_orders_is_lazy(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = _paged(total_pages=3)
    iterator = make_client().iter_payment_orders(page_size=2)
    assert api.requests == []
    first = [next(iterator), next(iterator)]
    assert [o.uuid for o in first] == _expected_ids(1)
    assert [r.url.params["page"] for r in api.api_requests] == ["0"]


def test_iter_payment_orders_stops_on_an_empty_page(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda r: httpx.Response(200, json={"paymentorders": [], "total_items": 0, "total_pages": 5})
    assert list(make_client().iter_payment_orders()) == []
    assert [r.url.params["page"] for r in api.api_requests] == ["0"]


def test_async_iter_payment_orders_walks_every_page(client_id: str, api: FakeApi) -> None:
    api.answer = _paged(total_pages=3, per_page=3)

    async def main() -> list[PaymentOrderRetrieval]:
        async with AsyncClient(client_id=client_id, secret="s", transport=api.transport()) as client:
            return [order async for order in client.iter_payment_orders(page_size=3, sort_order="asc")]

    orders = asyncio.run(main())
    assert [o.uuid for o in orders] == _expected_ids(3, per_page=3)
    assert [r.url.params["page"] for r in api.api_requests] == ["0", "1", "2"]
    assert {r.url.params["sort_order"] for r in api.api_requests} == {"asc"}
