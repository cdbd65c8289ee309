"""The generated low-level client (webpos_generated) against httpx.MockTransport."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import attrs
import httpx
import pytest
import webpos_generated.models
from _support import Recorder, make_client, operation, operations, parameter_example, response_example, schema_example
from webpos_generated.api.authentication import client_credentials_login
from webpos_generated.api.payment_orders import (
    create_payment_order,
    delete_payment_order,
    get_callbacks,
    get_payment_order,
    get_payment_orders,
    get_web_pos_payments,
)
from webpos_generated.api.sandbox import payment_reset, payment_update
from webpos_generated.client import AuthenticatedClient
from webpos_generated.errors import ApiError, MalformedResponseError, RequestValidationError
from webpos_generated.models import (
    BlockchainStatus,
    ClientCredentials,
    CurrencyType,
    ErrorCode,
    EventType,
    GrantType,
    PaymentOrderCreation,
    PaymentOrderRetrieval,
    PaymentStatus,
    PaymentUpdateObject,
    Scope,
)
from webpos_generated.types import parse_datetime, parse_rfc3339

ORDER_UUID = UUID(parameter_example("PaymentOrderUuid"))
POS_UUID = UUID(operation("get_web_pos_payments")[2]["parameters"][0]["example"])
UTC = datetime.UTC

# operationId -> (call with a client, HTTP method, path). One entry per operation of the spec.
CALLS: dict[str, tuple[Callable[[AuthenticatedClient], Any], str, str]] = {
    "client_credentials_login": (
        lambda c: client_credentials_login.sync(
            client=c, body=ClientCredentials(grant_type=GrantType.CLIENT_CREDENTIALS, scope=Scope.ALL)
        ),
        "POST",
        "/token",
    ),
    "create_payment_order": (
        lambda c: create_payment_order.sync(
            client=c, body=PaymentOrderCreation.from_dict(schema_example("PaymentOrderCreation"))
        ),
        "POST",
        "/payment-order",
    ),
    "get_payment_orders": (lambda c: get_payment_orders.sync(client=c, page=0), "GET", "/payment-order"),
    "get_payment_order": (
        lambda c: get_payment_order.sync(ORDER_UUID, client=c),
        "GET",
        f"/payment-order/{ORDER_UUID}",
    ),
    "delete_payment_order": (
        lambda c: delete_payment_order.sync(ORDER_UUID, client=c),
        "DELETE",
        f"/payment-order/{ORDER_UUID}",
    ),
    "get_callbacks": (
        lambda c: get_callbacks.sync(ORDER_UUID, client=c),
        "GET",
        f"/payment-order/{ORDER_UUID}/callbacks",
    ),
    "payment_reset": (
        lambda c: payment_reset.sync(ORDER_UUID, client=c),
        "PATCH",
        f"/payment-order/{ORDER_UUID}/test/reset",
    ),
    "payment_update": (
        lambda c: payment_update.sync(
            ORDER_UUID, client=c, body=PaymentUpdateObject(callback=EventType.PAYMENT_COMPLETED)
        ),
        "PATCH",
        f"/payment-order/{ORDER_UUID}/test/",
    ),
    "get_web_pos_payments": (
        lambda c: get_web_pos_payments.sync(POS_UUID, client=c),
        "GET",
        f"/pos/web/{POS_UUID}/payment-order",
    ),
}


def success_of(operation_id: str) -> tuple[str, str | None]:
    """The documented success of an operation (``2XX``: no source names a status) and the name of
    its body schema (None: no body)."""
    *_, op = operation(operation_id)
    ((status, response),) = [(code, r) for code, r in op["responses"].items() if code.startswith("2")]
    if "content" not in response:
        return status, None
    return status, response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def order_example(**changes: Any) -> dict[str, Any]:
    return {**schema_example("PaymentOrderRetrieval"), **changes}


# ---------------------------------------------------------------- requests and success answers


def test_calls_cover_every_operation() -> None:
    assert set(CALLS) == {op["operationId"] for *_, op in operations()}


@pytest.mark.parametrize("status", [200, 201, 202, 203, 299])
@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_every_operation_sends_the_api_version_and_returns_its_success_type_for_any_2xx(
    operation_id: str, status: int
) -> None:
    call, method, path = CALLS[operation_id]
    documented, schema = success_of(operation_id)
    assert documented == "2XX"  # no source documents a success status: the spec must not invent one
    recorder = Recorder(status, json=schema_example(schema) if schema else None)

    result = call(make_client(recorder))

    request = recorder.request
    assert request.headers["X-Api-Version"] == "v1"
    assert (request.method, request.url.path) == (method, path)
    spec_path, spec_method, *_ = operation(operation_id)
    assert spec_method.upper() == method
    assert spec_path.format(payment_order_uuid=ORDER_UUID, pos_uuid=POS_UUID) == path
    if schema is None:
        assert result is None
    else:
        assert type(result) is getattr(webpos_generated.models, schema)


def test_login_posts_a_form() -> None:
    call, *_ = CALLS["client_credentials_login"]
    recorder = Recorder(200, json=schema_example("ClientCredentialsLoginResponse"))
    token = call(make_client(recorder))
    request = recorder.request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode(), strict_parsing=True) == {
        "grant_type": ["client_credentials"],
        "scope": ["*"],
    }
    assert token.access_token == schema_example("ClientCredentialsLoginResponse")["access_token"]


def test_json_request_bodies() -> None:
    recorder = Recorder(201, json=schema_example("PaymentOrderCreationResponse"))
    CALLS["create_payment_order"][0](make_client(recorder))
    assert json.loads(recorder.request.content) == schema_example("PaymentOrderCreation")

    recorder = Recorder(204)
    CALLS["payment_update"][0](make_client(recorder))
    assert json.loads(recorder.request.content) == {"callback": "payment.completed"}


def test_list_sends_page_zero_and_the_defaults() -> None:
    recorder = Recorder(200, json=schema_example("PaymentOrderList"))
    get_payment_orders.sync(client=make_client(recorder), page=0, status=BlockchainStatus.PAID)
    assert dict(recorder.request.url.params) == {
        "page": "0",
        "page_size": "20",
        "sort_by": "created_at",
        "sort_order": "desc",
        "status": "paid",
    }


def test_get_payment_order_returns_the_parsed_order() -> None:
    recorder = Recorder(200, json=order_example())
    order = get_payment_order.sync(ORDER_UUID, client=make_client(recorder))
    assert isinstance(order, PaymentOrderRetrieval)
    assert order.uuid == str(ORDER_UUID)
    assert order.uuid.uuid == ORDER_UUID
    assert order.created_at == datetime.datetime(2026, 11, 23, 10, 12, 1, tzinfo=UTC)
    assert order.state.status is PaymentStatus.PENDING


def test_async_call() -> None:
    recorder = Recorder(200, json=order_example())
    client = make_client(recorder)

    response = asyncio.run(get_payment_order.asyncio_detailed(ORDER_UUID, client=client))

    assert response.status_code == 200
    assert isinstance(response.parsed, PaymentOrderRetrieval)
    assert response.parsed.uuid == str(ORDER_UUID)
    assert recorder.request.headers["X-Api-Version"] == "v1"
    recorder.status_code, recorder.json = 404, response_example("NotFound")
    with pytest.raises(ApiError) as caught:
        asyncio.run(get_payment_order.asyncio(ORDER_UUID, client=client))
    assert caught.value.error_code == "3001"


# ---------------------------------------------------------------- error answers


def raise_api_error(recorder: Recorder) -> ApiError:
    with pytest.raises(ApiError) as caught:
        get_payment_order.sync(ORDER_UUID, client=make_client(recorder))
    error = caught.value
    assert type(error) is ApiError
    assert not isinstance(error, ValueError | KeyError | TypeError)
    assert error.response.status_code == error.status_code == recorder.status_code
    return error


def test_json_error_body_gives_typed_fields() -> None:
    body = response_example("NotFound")
    error = raise_api_error(Recorder(404, json=body))
    assert (error.error_code, error.message, error.request_id) == ("3001", body["message"], body["request_id"])
    assert isinstance(error.response, httpx.Response)
    assert error.response.json() == body
    assert "3001" in str(error)
    assert body["request_id"] in str(error)


@pytest.mark.parametrize(
    ("recorder", "message_part"),
    [
        pytest.param(
            Recorder(
                502,
                content="<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>",
                headers={"content-type": "text/html"},
            ),
            "502 Bad Gateway",
            id="html-502",
        ),
        pytest.param(Recorder(520, content="Web server is returning an unknown error"), "unknown error", id="text-520"),
        pytest.param(Recorder(500, json={"message": "boom", "request_id": "r-1"}), "boom", id="json-without-code"),
        pytest.param(Recorder(503, content=b""), "", id="empty-body"),
        pytest.param(Recorder(400, json=["not", "an", "object"]), "not", id="json-array"),
    ],
)
def test_non_error_bodies_still_give_api_error(recorder: Recorder, message_part: str) -> None:
    error = raise_api_error(recorder)
    assert error.error_code is None
    assert message_part in error.message
    assert error.message
    assert str(recorder.status_code) in str(error)


def test_html_error_takes_the_request_id_header() -> None:
    recorder = Recorder(502, content="<html>Bad Gateway</html>", headers={"x-request-id": "edge-7"})
    assert raise_api_error(recorder).request_id == "edge-7"


def test_integer_error_code_becomes_the_four_digit_string() -> None:
    body = {**response_example("Unauthorized"), "error_code": 1004}
    error = raise_api_error(Recorder(401, json=body))
    assert error.error_code == "1004" == ErrorCode.ACCESS_TOKEN_EXPIRED
    assert "1004" in str(error)
    assert body["request_id"] in str(error)


# ---------------------------------------------------------------- malformed success answers


def _without_uuid() -> dict[str, Any]:
    body = order_example()
    del body["uuid"]
    return body


@pytest.mark.parametrize(
    "recorder",
    [
        pytest.param(Recorder(200, json=_without_uuid()), id="missing-required-key"),
        pytest.param(
            Recorder(200, json=order_example(state={**order_example()["state"], "paid": "x"})), id="paid-not-object"
        ),
        pytest.param(Recorder(200, json=order_example(rate="x")), id="rate-not-object"),
        pytest.param(Recorder(200, json=order_example(created_at="yesterday")), id="created-at-not-date"),
        pytest.param(Recorder(200, content="<html>ok</html>"), id="not-json"),
        pytest.param(Recorder(200, content=b""), id="empty"),
        pytest.param(Recorder(200, json=["a list"]), id="json-array"),
    ],
)
def test_malformed_success_body_raises_malformed_response(recorder: Recorder) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        get_payment_order.sync(ORDER_UUID, client=make_client(recorder))
    assert caught.value.response.status_code == caught.value.status_code == 200
    assert caught.value.reason


def test_a_malformed_nested_value_is_traced_to_its_field() -> None:
    broken = order_example(transactions=[{"status": "confirmed"}])  # a transaction without txid
    with pytest.raises(MalformedResponseError) as caught:
        get_payment_order.sync(ORDER_UUID, client=make_client(Recorder(200, json=broken)))
    assert caught.value.reason == (
        "TypeError: transactions: list matches none of list[Transaction] | None <- KeyError: 'txid'"
    )


@pytest.mark.parametrize("status", [200, 201, 202, 203, 206, 299])
def test_any_2xx_is_a_success(status: int) -> None:
    order = get_payment_order.sync(ORDER_UUID, client=make_client(Recorder(status, json=order_example())))
    assert order.uuid == str(ORDER_UUID)


def test_an_empty_2xx_body_where_one_is_documented_is_malformed() -> None:
    with pytest.raises(MalformedResponseError):
        get_payment_order.sync(ORDER_UUID, client=make_client(Recorder(200)))


@pytest.mark.parametrize("status", [200, 202, 204])
def test_a_2xx_without_documented_body_ignores_any_body(status: int) -> None:
    body = None if status == 204 else {"unexpected": True}
    result = payment_update.sync(
        ORDER_UUID, client=make_client(Recorder(status, json=body)), body=PaymentUpdateObject("payment.completed")
    )
    assert result is None


# ---------------------------------------------------------------- request validation


def test_invalid_request_body_is_rejected_before_sending() -> None:
    recorder = Recorder(201, json=schema_example("PaymentOrderCreationResponse"))
    client = make_client(recorder)
    body = PaymentOrderCreation(
        amount="ten", callback_url="http://insecure.example.com", details="x" * 301, required_confirmations=-1
    )

    with pytest.raises(RequestValidationError) as caught:
        create_payment_order.sync(client=client, body=body)

    assert set(caught.value.fields) == {"amount", "callback_url", "details", "required_confirmations"}
    assert recorder.requests == []

    create_payment_order.sync(
        client=client, body=PaymentOrderCreation.from_dict(schema_example("PaymentOrderCreation"))
    )
    assert len(recorder.requests) == 1


def test_unknown_event_type_is_rejected_in_requests() -> None:
    recorder = Recorder(204)
    unknown = EventType("payment.refunded")
    with pytest.raises(RequestValidationError) as caught:
        payment_update.sync(ORDER_UUID, client=make_client(recorder), body=PaymentUpdateObject(callback=unknown))
    assert caught.value.fields == ["callback"]
    assert recorder.requests == []
    assert "payment.refunded" not in {member.value for member in EventType}


# ---------------------------------------------------------------- lenient date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-05-06 18:51", datetime.datetime(2017, 5, 6, 18, 51, tzinfo=UTC)),
        ("2026-11-23T10:15:42Z", datetime.datetime(2026, 11, 23, 10, 15, 42, tzinfo=UTC)),
        ("2026-11-23T12:15:42+02:00", datetime.datetime(2026, 11, 23, 10, 15, 42, tzinfo=UTC)),
        ("2026-11-23T10:15:42.123456Z", datetime.datetime(2026, 11, 23, 10, 15, 42, 123456, tzinfo=UTC)),
    ],
)
def test_parse_datetime_is_lenient_and_always_aware(text: str, expected: datetime.datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_parse_datetime_keeps_the_offset() -> None:
    assert parse_datetime("2026-11-23T12:15:42+02:00").utcoffset() == datetime.timedelta(hours=2)


@pytest.mark.parametrize("garbage", ["garbage", "", "2026-13-45T99:00:00Z", "order-10023", None, 1700000000])
def test_parse_datetime_rejects_garbage(garbage: Any) -> None:
    with pytest.raises(ValueError, match="date-time"):
        parse_datetime(garbage)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23T10:15:42Z", datetime.datetime(2026, 11, 23, 10, 15, 42, tzinfo=UTC)),
        ("2026-11-23t10:15:42z", datetime.datetime(2026, 11, 23, 10, 15, 42, tzinfo=UTC)),
        ("2026-11-23 12:15:42+02:00", datetime.datetime(2026, 11, 23, 10, 15, 42, tzinfo=UTC)),
        ("2026-11-23T10:15:42.5-01:30", datetime.datetime(2026, 11, 23, 11, 45, 42, 500000, tzinfo=UTC)),
    ],
)
def test_parse_rfc3339_reads_rfc_3339(text: str, expected: datetime.datetime) -> None:
    """The reading of a date-time the spec does not mark x-webpos-lenient-datetime."""
    assert parse_rfc3339(text) == expected


@pytest.mark.parametrize(
    "refused",
    [
        "2017-05-06 18:51",  # no seconds, no offset: lenient only
        "2026-11-23T10:15:42",  # no offset
        "2026-11-23",
        "20261123T101542Z",  # ISO 8601 basic form: not RFC 3339
        "2026-13-01T10:15:42Z",  # the right shape, not a date
        "2026-11-23T10:15:42+0200",
        "",
        None,
        1700000000,
        datetime.datetime(2026, 11, 23, 10, 15, 42),  # naive
    ],
)
def test_parse_rfc3339_refuses_what_rfc_3339_refuses(refused: Any) -> None:
    with pytest.raises(ValueError, match=r"^created_at: .*date-time"):
        parse_rfc3339(refused, "created_at")


def test_non_strict_date_time_parses_through_the_endpoint() -> None:
    recorder = Recorder(200, json=order_example(created_at="2017-05-06 18:51"))
    order = get_payment_order.sync(ORDER_UUID, client=make_client(recorder))
    assert order.created_at == datetime.datetime(2017, 5, 6, 18, 51, tzinfo=UTC)


# ---------------------------------------------------------------- forward compatibility


def test_unknown_property_is_kept() -> None:
    recorder = Recorder(200, json=order_example(loyalty_points=12))
    order = get_payment_order.sync(ORDER_UUID, client=make_client(recorder))
    assert order.additional_properties == {"loyalty_points": 12}
    assert order.to_dict()["loyalty_points"] == 12


def test_unknown_enum_values_are_kept() -> None:
    state = {**order_example()["state"], "status": "refunded", "blockchain_status": "new_thing"}
    recorder = Recorder(200, json=order_example(state=state))

    order = get_payment_order.sync(ORDER_UUID, client=make_client(recorder))

    assert isinstance(order.state.status, PaymentStatus)
    assert order.state.status.value == "refunded"
    assert str(order.state.status) == "refunded"
    assert order.state.status.is_known is False
    assert order.state.blockchain_status.value == "new_thing"
    assert order.state.blockchain_status.is_known is False
    assert order.currency.type_ is CurrencyType.FIAT
    assert order.currency.type_.is_known is True
    assert all(member.is_known for member in PaymentStatus)
    assert "refunded" not in {member.value for member in PaymentStatus}
    assert order.to_dict()["state"]["status"] == "refunded"


def test_unknown_error_code_still_gives_api_error() -> None:
    body = {**response_example("NotFound"), "error_code": "9999"}
    error = raise_api_error(Recorder(418, json=body))
    assert error.error_code == "9999"
    assert ErrorCode(error.error_code).is_known is False


# ---------------------------------------------------------------- from_dict fills instances in directly


def test_from_dict_builds_what_the_constructor_builds() -> None:
    """The direct fill-in of from_dict (no attrs __init__) gives an equal, complete object."""
    data = order_example()
    parsed = PaymentOrderRetrieval.from_dict(data)
    by_hand = PaymentOrderRetrieval(
        **{f.name: getattr(parsed, f.name) for f in attrs.fields(PaymentOrderRetrieval) if f.init}
    )
    assert parsed == by_hand
    assert parsed.to_dict() == by_hand.to_dict()
    assert parsed.additional_properties == {}
    assert parsed["uuid"] == data["uuid"]  # read by key from what was received


def test_a_subclass_with_its_own_hooks_is_built_through_them() -> None:
    calls: list[str] = []

    @attrs.define
    class Audited(PaymentOrderRetrieval):
        def __attrs_post_init__(self) -> None:
            calls.append("post_init")
            super().__attrs_post_init__()

    class Plain(PaymentOrderRetrieval):
        pass

    audited = Audited.from_dict(order_example())
    assert isinstance(audited, Audited)
    assert calls == ["post_init"]
    plain = Plain.from_dict(order_example())
    assert type(plain) is Plain
    assert plain == PaymentOrderRetrieval.from_dict(order_example())


@pytest.mark.parametrize("bad", [["x"], {"a": 1}, 3, None])
def test_a_refused_enum_value_names_its_field(bad: object) -> None:
    from webpos_generated.models.payment_order_state import PaymentOrderState

    state = {"status": "pending", "blockchain_status": bad, "paid": None, "in_confirmation": None, "unpaid": None}
    with pytest.raises(ValueError, match=r"^blockchain_status: .* is not a valid BlockchainStatus$"):
        PaymentOrderState.from_dict(state)
    unknown = PaymentOrderState.from_dict({**state, "blockchain_status": "a_new_one"})  # open: kept
    assert unknown.blockchain_status == "a_new_one"
    assert not unknown.blockchain_status.is_known
