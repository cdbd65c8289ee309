"""Callback verification (fail closed), typed events and the drop-in handler."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import Headers as StarletteHeaders
from werkzeug.datastructures import Headers as WerkzeugHeaders

from tests._support import load_spec
from webpos_sdk.api_context import ChainsideApiContext
from webpos_sdk.callbacks import (
    EVENT_CLASSES,
    CallbackException,
    InvalidBodyError,
    InvalidSecretError,
    MalformedPayloadError,
    MalformedSignatureError,
    MissingSignatureError,
    PaymentCompletedCallback,
    SignatureMismatchError,
    UnknownEventError,
    construct_event,
    sign,
    verify,
)
from webpos_sdk.callbacks.handler import ChainsideCallbacksHandler
from webpos_sdk.exceptions import SdkException
from webpos_sdk.objects import UUIDStr

SECRET = "sk_test_secret"
# Known answer, computed outside the SDK with OpenSSL:
#   KEY=$(printf '%s' sk_test_secret | openssl dgst -sha256 -hex | awk '{print $2}')
#   printf '{"event":"payment.completed"}' | openssl dgst -sha512 -mac HMAC -macopt hexkey:$KEY -binary | base64 -w0
KAT_BODY = b'{"event":"payment.completed"}'
KAT_SIGNATURE = "NEMmVbbLiAqseQO51OQihKrlMNZWDgJ1LQ0gQnilZXddbMpFF/lD99LJTQ1uutHwPlVa9Z0mTkHKo3eE2Gbo/w=="
MAX_EXAMPLES = 2000 if os.environ.get("CI") else 300


def reference_signature(body: bytes, secret: str) -> str:
    """The scheme written out with the standard library, independently of webpos_sdk."""
    key = hashlib.sha256(secret.encode()).digest()
    return base64.b64encode(hmac.new(key, body, hashlib.sha512).digest()).decode()


def spec_events() -> dict[str, dict[str, object]]:
    examples = load_spec()["components"]["examples"]
    return {ex["value"]["event"]: ex["value"] for ex in examples.values()}


def test_known_answer_vector() -> None:
    assert reference_signature(KAT_BODY, SECRET) == KAT_SIGNATURE
    assert sign(KAT_BODY, SECRET) == KAT_SIGNATURE
    verify({"chainside-signature": KAT_SIGNATURE}, KAT_BODY, SECRET)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"chainside-signature": KAT_SIGNATURE}, id="dict-lower"),
        pytest.param({"Chainside-Signature": KAT_SIGNATURE}, id="dict-title"),
        pytest.param({"CHAINSIDE-SIGNATURE": KAT_SIGNATURE}, id="dict-upper"),
        pytest.param({"HTTP_CHAINSIDE_SIGNATURE": KAT_SIGNATURE, "CONTENT_TYPE": "json"}, id="django-META"),
        pytest.param(StarletteHeaders({"Chainside-Signature": KAT_SIGNATURE}), id="starlette"),
        pytest.param(WerkzeugHeaders([("Chainside-Signature", KAT_SIGNATURE)]), id="werkzeug"),
        pytest.param([("chainside-signature", KAT_SIGNATURE)], id="pairs"),
        pytest.param(KAT_SIGNATURE, id="bare-value"),
        pytest.param(KAT_SIGNATURE.encode(), id="bare-bytes"),
    ],
)
def test_signature_found_in_every_kind_of_headers(headers: object) -> None:
    verify(headers, KAT_BODY, SECRET)


def test_django_request_headers_and_meta() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    from django.test import RequestFactory

    request = RequestFactory().post(
        "/cb", data=KAT_BODY, content_type="application/json", headers={"Chainside-Signature": KAT_SIGNATURE}
    )
    verify(request.headers, request.body, SECRET)
    verify(request.META, request.body, SECRET)


@pytest.mark.parametrize(
    ("headers", "body", "secret", "error"),
    [
        pytest.param({}, KAT_BODY, SECRET, MissingSignatureError, id="missing-header"),
        pytest.param({"chainside-signature": ""}, KAT_BODY, SECRET, MalformedSignatureError, id="empty"),
        pytest.param({"chainside-signature": "   "}, KAT_BODY, SECRET, MalformedSignatureError, id="blank"),
        pytest.param({"chainside-signature": "not base64!!"}, KAT_BODY, SECRET, MalformedSignatureError, id="non-b64"),
        pytest.param({"chainside-signature": "é" * 88}, KAT_BODY, SECRET, MalformedSignatureError, id="non-ascii"),
        pytest.param({"chainside-signature": b"\xff\xfe"}, KAT_BODY, SECRET, MalformedSignatureError, id="bad-bytes"),
        pytest.param({"chainside-signature": "YWJj"}, KAT_BODY, SECRET, MalformedSignatureError, id="too-short"),
        pytest.param({"chainside-signature": 42}, KAT_BODY, SECRET, MalformedSignatureError, id="not-a-string"),
        pytest.param(
            {"chainside-signature": reference_signature(KAT_BODY, "other")},
            KAT_BODY,
            SECRET,
            SignatureMismatchError,
            id="wrong-secret",
        ),
        pytest.param(
            {"chainside-signature": KAT_SIGNATURE}, KAT_BODY + b" ", SECRET, SignatureMismatchError, id="body-changed"
        ),
        pytest.param(
            {"chainside-signature": KAT_SIGNATURE}, KAT_BODY.decode(), SECRET, InvalidBodyError, id="body-str"
        ),
        pytest.param({"chainside-signature": KAT_SIGNATURE}, None, SECRET, InvalidBodyError, id="body-none"),
        pytest.param(
            {"chainside-signature": KAT_SIGNATURE}, json.loads(KAT_BODY), SECRET, InvalidBodyError, id="body-dict"
        ),
        pytest.param({"chainside-signature": KAT_SIGNATURE}, KAT_BODY, "", InvalidSecretError, id="empty-secret"),
        pytest.param({"chainside-signature": KAT_SIGNATURE}, KAT_BODY, None, InvalidSecretError, id="none-secret"),
        pytest.param(12345, KAT_BODY, SECRET, MissingSignatureError, id="headers-int"),
    ],
)
def test_fails_closed(headers: object, body: object, secret: object, error: type[CallbackException]) -> None:
    with pytest.raises(error) as info:
        verify(headers, body, secret)  # type: ignore[arg-type]
    assert isinstance(info.value, CallbackException)
    assert isinstance(info.value, SdkException)
    assert not isinstance(info.value, UnicodeDecodeError | TypeError | KeyError | json.JSONDecodeError)


def test_wrong_signature_is_never_accepted_by_the_handler() -> None:
    """Defect 1 of the previous SDK: its handler ignored a failed check."""
    handler = ChainsideCallbacksHandler(ChainsideApiContext({"client_id": "c", "secret": SECRET}))
    body = json.dumps(spec_events()["payment.completed"]).encode()
    with pytest.raises(SignatureMismatchError):
        handler.parse({"chainside-signature": reference_signature(body, "attacker")}, body)


@pytest.mark.parametrize("event", sorted(spec_events()))
def test_every_spec_example_round_trips(event: str) -> None:
    body = json.dumps(spec_events()[event]).encode()
    parsed = construct_event({"chainside-signature": sign(body, SECRET)}, body, SECRET)
    assert type(parsed) is EVENT_CLASSES[parsed.event]
    assert parsed.event == event
    assert isinstance(parsed.created_at, datetime.datetime)
    assert parsed.created_at.tzinfo is not None
    assert isinstance(parsed.object.uuid, UUIDStr)
    assert isinstance(parsed.object.uuid.uuid, uuid.UUID)
    assert parsed.object.state.status.is_known
    assert parsed.to_dict()["event"] == event


def test_drop_in_handler_returns_the_named_class() -> None:
    conf = {"mode": "live", "client_id": "cid", "secret": SECRET}
    body = json.dumps(spec_events()["payment.completed"]).encode()
    callback = ChainsideCallbacksHandler(ChainsideApiContext(conf)).parse(
        {"Chainside-Signature": reference_signature(body, SECRET)}, body
    )
    assert isinstance(callback, PaymentCompletedCallback)
    assert callback.object.amount == "25.00"


def test_null_transactions_and_extra_fields_are_accepted() -> None:
    payload = json.loads(json.dumps(spec_events()["payment.cancelled"]))
    payload["object"]["transactions"] = None
    payload["object"]["brand_new_field"] = {"x": 1}
    payload["delivery"] = 3
    body = json.dumps(payload).encode()
    parsed = construct_event(sign(body, SECRET), body, SECRET)
    assert parsed.object.transactions is None
    assert parsed.object.additional_properties["brand_new_field"] == {"x": 1}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="bad-json"),
        pytest.param(b"[1, 2]", id="json-list"),
        pytest.param(b'{"object_type": "payment_order"}', id="no-event"),
        pytest.param(b'{"event": "payment.completed", "object_type": null}', id="no-object"),
        pytest.param(b"\xff\xfe\x00", id="not-utf8"),
    ],
)
def test_malformed_payloads_are_clear_errors(body: bytes) -> None:
    with pytest.raises(MalformedPayloadError):
        construct_event(sign(body, SECRET), body, SECRET)


def test_unknown_event_is_distinguishable() -> None:
    payload = dict(spec_events()["payment.completed"], event="payment.refunded")
    body = json.dumps(payload).encode()
    with pytest.raises(UnknownEventError) as info:
        construct_event(sign(body, SECRET), body, SECRET)
    assert info.value.event == "payment.refunded"
    assert info.value.payload["object"]["uuid"] == payload["object"]["uuid"]


def test_non_ascii_and_large_bodies() -> None:
    payload = json.loads(json.dumps(spec_events()["payment.completed"]))
    payload["object"]["details"] = "caffè ☕ 咖啡 " * 10
    payload["padding"] = "x" * 5_000_000
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    parsed = construct_event({"chainside-signature": reference_signature(body, SECRET)}, body, SECRET)
    assert parsed.object.details == payload["object"]["details"]
    tampered = body.replace("咖啡".encode(), "咖哩".encode(), 1)
    with pytest.raises(SignatureMismatchError):
        verify({"chainside-signature": reference_signature(body, SECRET)}, tampered, SECRET)


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(body=st.binary(max_size=512), flip=st.integers(min_value=0), byte=st.integers(min_value=1, max_value=255))
def test_no_mutated_body_is_accepted(body: bytes, flip: int, byte: int) -> None:
    signature = reference_signature(body, SECRET)
    mutated = bytearray(body + b"\x00")
    mutated[flip % len(mutated)] ^= byte
    with pytest.raises(SignatureMismatchError):
        verify({"chainside-signature": signature}, bytes(mutated), SECRET)


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(
    body=st.binary(max_size=256),
    header=st.one_of(st.text(max_size=100), st.binary(max_size=100), st.none(), st.integers()),
    name=st.sampled_from(["chainside-signature", "Chainside-Signature", "x-signature", "HTTP_CHAINSIDE_SIGNATURE"]),
)
def test_arbitrary_signatures_only_raise_sdk_errors(body: bytes, header: object, name: str) -> None:
    good = reference_signature(body, SECRET)
    try:
        verify({name: header}, body, SECRET)
    except CallbackException:
        return
    # Accepted: only possible when the header is the right signature (modulo surrounding blanks).
    assert isinstance(header, str | bytes)
    value = header.decode() if isinstance(header, bytes) else header
    assert base64.b64decode(value.strip()) == base64.b64decode(good)
