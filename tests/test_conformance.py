"""Where the docs leave the real API free, and where code written for the previous SDK must keep
working: any 2xx, unreadable create answers, headers on every request, rejected tokens, redirects,
objects built from plain values, reads by key, UUIDs equal to their strings, the legacy config."""

from __future__ import annotations

import datetime
import json
import pickle
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from _support import schema_example
from conftest import BASE_URL, FakeApi, error_body, order_body

from webpos_sdk import ConfigurationError, InvalidRequestError, SdkHttpException
from webpos_sdk.client import AsyncClient, Client
from webpos_sdk.exceptions import (
    MalformedResponseException,
    NotFoundException,
    PaymentOrderMayExistException,
    RedirectNotFollowedException,
)
from webpos_sdk.objects import (
    ClientCredentials,
    DateTime,
    EventType,
    GrantType,
    PaymentOrder,
    PaymentOrderRetrieval,
    PaymentOrderState,
    PaymentStatus,
    PaymentUpdateObject,
    Scope,
    UUIDStr,
)

ORDER_ID = schema_example("PaymentOrderRetrieval")["uuid"]
SUCCESS = [200, 201, 202, 203, 206]


# ------------------------------------------------------------------------- any 2xx


def _answering(status: int, api: FakeApi) -> None:
    def answer(request: httpx.Request) -> httpx.Response | None:
        example = api_default(request)
        body = example.content if example.status_code < 300 and example.content else None
        return httpx.Response(status, content=body, headers={"content-type": "application/json; charset=utf-8"})

    api.answer = answer


def api_default(request: httpx.Request) -> httpx.Response:
    from conftest import default_answer

    return default_answer(request)


CALLS: dict[str, Callable[[Client], object]] = {
    "create": lambda c: c.create_payment_order(PaymentOrder(amount="10.00")),
    "get": lambda c: c.get_payment_order(ORDER_ID),
    "list": lambda c: c.get_payment_orders(),
    "delete": lambda c: c.delete_payment_order(ORDER_ID),
    "callbacks": lambda c: c.get_callbacks(ORDER_ID),
    "reset": lambda c: c.payment_reset(ORDER_ID),
    "update": lambda c: c.payment_update(ORDER_ID, PaymentUpdateObject(callback="payment.completed")),
}


@pytest.mark.parametrize("status", SUCCESS)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_any_2xx_is_a_success(name: str, status: int, api: FakeApi, make_client: Callable[..., Client]) -> None:
    _answering(status, api)
    result = CALLS[name](make_client())
    assert (result is None) == (name == "update")


@pytest.mark.parametrize("status", [201, 204])
def test_a_login_answered_with_any_2xx_logs_in(status: int, make_client: Callable[..., Client]) -> None:
    api = FakeApi(
        login_answer=lambda r: httpx.Response(
            200 if status == 204 else status, json={**schema_example("ClientCredentialsLoginResponse")}
        )
    )
    client = make_client(transport=api.transport())
    assert client.get_payment_order(ORDER_ID).uuid == ORDER_ID


@pytest.mark.parametrize(("expires_in", "seconds"), [(3600, 3600), (3600.0, 3600), ("3600", 3600), (" 120 ", 120)])
def test_expires_in_is_read_losslessly(expires_in: object, seconds: int, make_client: Callable[..., Client]) -> None:
    body = {**schema_example("ClientCredentialsLoginResponse"), "expires_in": expires_in}
    api = FakeApi(login_answer=lambda r: httpx.Response(200, json=body))
    answer = make_client(transport=api.transport()).client_credentials_login()
    assert answer.expires_in == seconds
    assert type(answer.expires_in) is int


@pytest.mark.parametrize("expires_in", ["lots", 10.5, True, None, [3600]])
def test_an_unreadable_expires_in_names_the_field(expires_in: object, make_client: Callable[..., Client]) -> None:
    body = {**schema_example("ClientCredentialsLoginResponse"), "expires_in": expires_in}
    api = FakeApi(login_answer=lambda r: httpx.Response(200, json=body))
    with pytest.raises(MalformedResponseException, match="expires_in"):
        make_client(transport=api.transport()).client_credentials_login()


def test_empty_string_and_empty_object_read_as_null(api: FakeApi, make_client: Callable[..., Client]) -> None:
    body = order_body(ORDER_ID)
    body.update(resolved_at="", reference="", details="")
    body["state"].update(paid={}, in_confirmation="", unpaid={})
    api.answer = lambda r: httpx.Response(200, json=body)
    order = make_client().get_payment_order(ORDER_ID)
    assert (order.resolved_at, order.reference, order.details) == (None, None, None)
    assert (order.state.paid, order.state.in_confirmation, order.state.unpaid) == (None, None, None)
    assert order["resolved_at"] == ""  # read by key: as received, like the previous SDK


def test_the_v1_pos_list_needs_no_totals(api: FakeApi, make_client: Callable[..., Client]) -> None:
    api.answer = lambda r: httpx.Response(200, json={"paymentorders": [order_body(ORDER_ID)]})
    with pytest.warns(DeprecationWarning, match="deprecated"):
        listing = make_client().get_web_pos_payments(str(uuid.uuid4()))
    assert [o.uuid for o in listing.paymentorders or []] == [ORDER_ID]


# ------------------------------------------------------------- never lose a created order


def test_an_unreadable_create_answer_says_the_order_may_exist(api: FakeApi, make_client: Callable[..., Client]) -> None:
    created = {**schema_example("PaymentOrderCreationResponse"), "expiration_time": "soon"}
    api.answer = lambda r: httpx.Response(200, json=created) if r.method == "POST" else None
    with pytest.raises(SdkHttpException) as caught:  # the previous SDK's documented except
        make_client(secret="s3cret-canary").create_payment_order(PaymentOrder(amount="10.00"))
    err = caught.value
    assert isinstance(err, PaymentOrderMayExistException)
    assert isinstance(err, MalformedResponseException)
    assert err.uuid == created["uuid"]
    assert json.loads(err.body)["uuid"] == created["uuid"]
    assert "may have been created" in str(err)
    assert "expiration_time" in str(err)
    assert "s3cret-canary" not in repr(err.debug_info) + str(err)


@pytest.mark.parametrize("content", [b"", b"<html>created</html>", b'{"uuid": "not-a-uuid"}', b"[]"])
def test_a_create_answer_without_a_readable_uuid_still_says_the_order_may_exist(
    content: bytes, api: FakeApi, make_client: Callable[..., Client]
) -> None:
    api.answer = lambda r: httpx.Response(201, content=content) if r.method == "POST" else None
    with pytest.raises(PaymentOrderMayExistException) as caught:
        make_client().create_payment_order(PaymentOrder(amount="10.00"))
    assert caught.value.uuid is None
    assert "no readable uuid" in str(caught.value)


def test_other_unreadable_answers_are_sdk_http_exceptions(api: FakeApi, make_client: Callable[..., Client]) -> None:
    api.answer = lambda r: httpx.Response(200, content=b"not json")
    with pytest.raises(SdkHttpException) as caught:
        make_client().get_payment_order(ORDER_ID)
    assert type(caught.value) is MalformedResponseException


# ------------------------------------------------------------------- headers on the wire


def test_every_request_carries_content_type_accept_and_api_version(
    api: FakeApi, make_client: Callable[..., Client]
) -> None:
    client = make_client()
    for call in CALLS.values():
        call(client)
    assert len(api.api_requests) == len(CALLS)
    for request in api.requests:
        assert request.headers["Accept"] == "application/json", request.url
        assert request.headers["X-Api-Version"] == "v1", request.url
        expected = "application/x-www-form-urlencoded" if request.url.path == "/token" else "application/json"
        assert request.headers["Content-Type"] == expected, (request.method, request.url)


# ------------------------------------------------------------------------ rejected tokens


@pytest.mark.parametrize("code", ["1004", "1007"])
def test_a_rejected_token_is_dropped_and_the_call_repeated_once(code: str, make_client: Callable[..., Client]) -> None:
    rejected: set[str] = {"tok-1"}

    def answer(request: httpx.Request) -> httpx.Response | None:
        if request.headers["Authorization"].removeprefix("Bearer ") in rejected:
            return httpx.Response(401, json=error_body(code))
        return None

    api = FakeApi(answer=answer)
    client = make_client(transport=api.transport())
    assert client.get_payment_order(ORDER_ID).uuid == ORDER_ID
    assert api.logins == 2
    assert [r.headers["Authorization"] for r in api.api_requests] == ["Bearer tok-1", "Bearer tok-2"]
    client.get_payment_order(ORDER_ID)  # the new token was kept
    assert api.logins == 2


def test_a_token_rejected_again_raises_after_one_repeat(make_client: Callable[..., Client]) -> None:
    api = FakeApi(answer=lambda r: httpx.Response(401, json=error_body("1007")))
    with pytest.raises(SdkHttpException) as caught:
        make_client(transport=api.transport()).get_payment_order(ORDER_ID)
    assert caught.value.error_code == "1007"
    assert api.logins == 2
    assert len(api.api_requests) == 2


def test_a_token_another_process_renewed_is_kept(make_client: Callable[..., Client]) -> None:
    from webpos_sdk import DictCache

    cache = DictCache()
    api = FakeApi(answer=lambda r: None)
    first = make_client(transport=api.transport(), cache=cache, client_id="shared-id")
    first.get_payment_order(ORDER_ID)
    # a second client (another process) renewed the token in the shared cache meanwhile
    second = make_client(transport=api.transport(), cache=cache, client_id="shared-id")
    second.client_credentials_login()
    first.tokens.invalidate(first.tokens.current())  # type: ignore[arg-type]
    raw = cache.get(first.tokens.key)
    assert raw is not None
    assert "tok-2" in raw


# ----------------------------------------------------------------------------- redirects


def _redirecting(location: str, status: int = 302) -> Callable[[httpx.Request], httpx.Response | None]:
    def answer(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.startswith("/moved"):
            return httpx.Response(200, json=order_body(ORDER_ID))
        return httpx.Response(status, headers={"Location": location})

    return answer


def test_a_same_origin_redirect_of_a_get_is_followed_with_the_token(
    api: FakeApi, make_client: Callable[..., Client]
) -> None:
    api.answer = _redirecting("/moved/here")
    assert make_client().get_payment_order(ORDER_ID).uuid == ORDER_ID
    first, second = api.api_requests
    assert second.url == httpx.URL(BASE_URL + "/moved/here")
    assert second.headers["Authorization"] == first.headers["Authorization"]


@pytest.mark.parametrize("location", ["https://evil.example/steal", "http://api.facade.test/x", "//evil.example/x"])
def test_a_redirect_to_another_origin_is_not_followed(
    location: str, api: FakeApi, make_client: Callable[..., Client]
) -> None:
    api.answer = _redirecting(location)
    with pytest.raises(RedirectNotFollowedException) as caught:
        make_client().get_payment_order(ORDER_ID)
    assert caught.value.location == location
    assert location in str(caught.value)
    assert all(r.url.host == "api.facade.test" for r in api.requests)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_of_a_create_is_not_followed(status: int, api: FakeApi, make_client: Callable[..., Client]) -> None:
    api.answer = _redirecting("/moved/create", status)
    with pytest.raises(RedirectNotFollowedException, match="/moved/create"):
        make_client().create_payment_order(PaymentOrder(amount="10.00"))
    assert [r.method for r in api.api_requests] == ["POST"]


def test_a_redirect_loop_ends(api: FakeApi, make_client: Callable[..., Client]) -> None:
    api.answer = lambda r: httpx.Response(302, headers={"Location": "/loop"})
    with pytest.raises(RedirectNotFollowedException):
        make_client().get_payment_order(ORDER_ID)
    assert len(api.api_requests) == 6  # the call and five hops


def test_the_async_client_follows_the_same_rules(client_id: str) -> None:
    import asyncio

    api = FakeApi(answer=_redirecting("https://evil.example/x"))

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            await c.get_payment_order(ORDER_ID)

    with pytest.raises(RedirectNotFollowedException):
        asyncio.run(main())


# ------------------------------------------------------------- objects from plain values


def test_objects_take_what_the_readmes_pass() -> None:
    update = PaymentUpdateObject(callback="payment.completed")
    assert update.callback is EventType.PAYMENT_COMPLETED
    assert update.to_dict() == {"callback": "payment.completed"}
    credentials = ClientCredentials(scope="*", grant_type="client_credentials")
    assert (credentials.scope, credentials.grant_type) == (Scope.ALL, GrantType.CLIENT_CREDENTIALS)
    assert credentials.to_dict() == {"grant_type": "client_credentials", "scope": "*"}


def test_a_wrong_plain_value_is_refused_at_once_naming_field_and_values() -> None:
    with pytest.raises(ValueError, match=r"callback: must be one of .*'payment.completed'.*\(got 'payment.completd'\)"):
        PaymentUpdateObject(callback="payment.completd")
    with pytest.raises(ValueError, match="status: must be one of"):
        PaymentOrderState(status="payed", blockchain_status="paid", paid=None, in_confirmation=None, unpaid=None)


def test_uuid_date_time_and_nested_objects_from_plain_values() -> None:
    wire = order_body(ORDER_ID)
    order = PaymentOrderRetrieval(**{k: v for k, v in wire.items() if k in PaymentOrderRetrieval.__annotations__})
    assert isinstance(order.uuid, UUIDStr)
    assert order.uuid == ORDER_ID
    assert isinstance(order.created_at, datetime.datetime)
    assert order.created_at.tzinfo is not None
    assert isinstance(order.state, PaymentOrderState)
    assert order.state.status is PaymentStatus(wire["state"]["status"])
    assert order.to_dict()["uuid"] == ORDER_ID
    with pytest.raises(ValueError, match="uuid: not a UUID"):
        PaymentOrderRetrieval(
            **{**{k: v for k, v in wire.items() if k in PaymentOrderRetrieval.__annotations__}, "uuid": "x"}
        )
    with pytest.raises(ValueError, match="created_at: not a date-time"):
        PaymentOrderRetrieval(
            **{**{k: v for k, v in wire.items() if k in PaymentOrderRetrieval.__annotations__}, "created_at": "soon"}
        )


# ---------------------------------------------------------------- old reading habits


def test_reads_by_key_give_the_wire_values_like_the_previous_sdk() -> None:
    wire = order_body(ORDER_ID)
    order = PaymentOrderRetrieval.from_dict(wire)
    assert order["state"]["status"] == wire["state"]["status"]
    assert order.state["status"] == wire["state"]["status"]
    assert order["created_at"] == wire["created_at"]
    assert order.get("no-such-key", "dflt") == "dflt"
    assert "uuid" in order
    assert set(order.keys()) == set(wire)
    assert order.state == wire["state"]  # a nested object still equals the dict it was
    with pytest.raises(KeyError):
        order["no-such-key"]


def test_a_uuid_field_equals_its_string_and_keeps_the_hash_contract() -> None:
    order = PaymentOrderRetrieval.from_dict(order_body(ORDER_ID.upper()))
    assert order.uuid == ORDER_ID
    assert hash(order.uuid) == hash(ORDER_ID)
    assert order.uuid in {ORDER_ID}
    assert {ORDER_ID: "paid"}[order.uuid] == "paid"
    assert order.uuid.uuid == uuid.UUID(ORDER_ID)
    assert order.uuid.hex == uuid.UUID(ORDER_ID).hex
    assert order.uuid.int == uuid.UUID(ORDER_ID).int
    assert order.uuid.version == uuid.UUID(ORDER_ID).version
    assert json.dumps({"u": order.uuid}) == json.dumps({"u": ORDER_ID})
    assert pickle.loads(pickle.dumps(order.uuid))  # noqa: S301 - our own bytes == ORDER_ID


def test_a_date_time_compared_with_a_date_string_fails_loudly() -> None:
    order = PaymentOrderRetrieval.from_dict(order_body(ORDER_ID))
    assert isinstance(order.created_at, DateTime)
    with pytest.raises(TypeError, match="compare with a datetime"):
        _ = order.created_at == order["created_at"]
    assert order.created_at != ""  # not a date-time string: simply unequal
    assert order.created_at in {order.created_at}
    assert order.created_at == datetime.datetime.fromisoformat(order["created_at"].replace("Z", "+00:00"))


# ---------------------------------------------------------------- the previous SDK's surface


def test_error_classes_name_their_code_at_class_level() -> None:
    assert NotFoundException.error_code == "3001"
    assert SdkHttpException.error_code is None


def test_get_payment_orders_never_routes_a_positional_argument_elsewhere(
    api: FakeApi, make_client: Callable[..., Client]
) -> None:
    client = make_client()
    client.get_payment_orders("paid", 1, "asc", 10, "amount")  # the documented (v2 README) order
    assert dict(api.api_requests[-1].url.params) == {
        "status": "paid",
        "page": "1",
        "sort_order": "asc",
        "page_size": "10",
        "sort_by": "amount",
    }
    with pytest.raises(InvalidRequestError, match=r"2\.0\.1's code") as caught:
        client.get_payment_orders(1, "asc", "amount", "paid", 10)  # the released code's order
    assert "arguments" in caught.value.errors
    assert len(api.api_requests) == 1


def test_client_login_and_context(api: FakeApi, make_client: Callable[..., Client]) -> None:
    from webpos_sdk.callbacks import sign
    from webpos_sdk.callbacks.handler import ChainsideCallbacksHandler

    client = make_client(secret="hmac-secret")
    client.login()
    assert api.logins == 1
    body = json.dumps(schema_example("CallbackEvent")).encode()
    event = ChainsideCallbacksHandler(client.context).parse({"chainside-signature": sign(body, "hmac-secret")}, body)
    assert event["object"]["uuid"] == schema_example("CallbackEvent")["object"]["uuid"]


# ---------------------------------------------------------------- the legacy configuration


def test_unknown_keys_of_the_config_dict_warn_naming_them() -> None:
    conf = {"mode": "sandbox", "client_id": "c", "secret": "s", "extra": 1, "http": {"timeout": 5, "retries": 3}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Client(conf).close()
    messages = [str(w.message) for w in caught]
    assert any("'extra'" in m for m in messages), messages
    assert any("'http.retries'" in m for m in messages), messages
    assert all(w.filename == __file__ for w in caught)


def test_unknown_keywords_stay_type_errors() -> None:
    with pytest.raises(TypeError, match="clientid"):
        Client(clientid="c", secret="s")  # type: ignore[call-arg]


def test_verify_ssl_may_be_a_ca_bundle_path(tmp_path: Path) -> None:
    import certifi

    client = Client({"client_id": "c", "secret": "s", "http": {"verify_ssl": certifi.where()}})
    assert client.settings.verify_ssl == certifi.where()
    client.close()
    with pytest.raises(ConfigurationError, match=r"http\.verify_ssl"):
        Client({"client_id": "c", "secret": "s", "http": {"verify_ssl": str(tmp_path / "missing.pem")}})


def test_the_flat_cache_conf_layout_of_the_previous_sdk(redis_server: Any) -> None:
    from webpos_sdk import RedisCache

    conf = {
        "client_id": "c",
        "secret": "s",
        "cache_conf": {"driver": "redis", "hostname": "127.0.0.1", "port": redis_server.port},
    }
    with Client(conf) as client:
        assert isinstance(client._cache, RedisCache)
        client._cache.set("webpos-flat-layout", "v", 5)
        assert redis_server.client().get("webpos-flat-layout") in (b"v", "v")


def test_the_django_driver_is_resolved_when_first_used(django_caches: Any) -> None:
    from webpos_sdk import DjangoCache

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = Client({"client_id": "c", "secret": "s", "cache": {"driver": "django"}})
    assert isinstance(client._cache, DjangoCache)
    client._cache.set("webpos-django-lazy", "v", 5)
    from django.core.cache import caches

    assert caches["default"].get("webpos-django-lazy") == "v"
    client.close()
