"""The optional orjson speed-up (``chainside-webpos[speedups]``): ``types.loads`` gives the standard
library's value or its exception for every input, whichever decoder is in use; the SDK decodes
answers and callbacks through it; ``WEBPOS_SDK_JSON=stdlib`` keeps the standard library.

``make test`` runs the suite with orjson installed (the dev group pins it), runs the decoding
tests again with ``WEBPOS_SDK_JSON=stdlib``, and the lowest-versions venv runs the unit tests
with no orjson installed at all."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webpos_generated import types

from tests._support import schema_example
from webpos_sdk import Client
from webpos_sdk.callbacks import construct_event, sign


@pytest.fixture(params=["orjson", "stdlib"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each decoder in turn, whatever the environment chose."""
    saved = types.json_backend
    assert types.use_json_backend(request.param) == request.param
    yield request.param
    types.use_json_backend(saved)


def _outcome(decode: Any, data: bytes | str) -> tuple[str, Any]:
    try:
        value = decode(data)
    except (RecursionError, ValueError) as err:  # the same class and the same message
        return ("error", f"{type(err).__name__}: {err}")
    return ("value", json.dumps(value, sort_keys=True, allow_nan=True) if not _has_nan(value) else repr(value))


def _has_nan(value: Any) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, dict):
        return any(_has_nan(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nan(v) for v in value)
    return False


EDGE_CASES = [
    b'{"a": NaN, "b": Infinity, "c": -Infinity}',  # the stdlib reads them; orjson refuses
    b'{"n": 123456789012345678901234567890}',  # past 64 bits
    b'{"n": -9223372036854775809, "m": 18446744073709551615}',
    b'{"f": 1e400, "g": 5e-324, "h": -0.0}',
    b'"\\ud800"',  # a lone surrogate
    '{"s": "caff\u00e8"}'.encode("utf-16"),  # UTF-16 with a BOM
    b'\xef\xbb\xbf{"bom": 1}',  # UTF-8 with a BOM
    b'{"k": 1, "k": 2}',  # a duplicate key: the last wins
    b"[" * 5000 + b"]" * 5000,  # deeper than both decoders go
    b"[" * 1100 + b"]" * 1100,  # deeper than orjson goes, not the stdlib
    b'{"a": 1',
    b"",
    b"\xff\xfe\xfd",
    b" 7 ",
    '{"text": "\u20ac"}',
    b'{"a": "\\u0000"}',
]


@pytest.mark.parametrize("data", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_loads_is_the_standard_librarys_on_edge_cases(backend: str, data: bytes | str) -> None:
    assert _outcome(types.loads, data) == _outcome(json.loads, data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.sampled_from([None, 2]), st.booleans())
def test_loads_equals_the_standard_library_on_any_json(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    saved = types.json_backend
    try:
        for name in ("orjson", "stdlib"):
            types.use_json_backend(name)
            assert _outcome(types.loads, text.encode()) == _outcome(json.loads, text.encode())
    finally:
        types.use_json_backend(saved)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_loads_equals_the_standard_library_on_any_bytes(data: bytes) -> None:
    types.use_json_backend()
    assert _outcome(types.loads, data) == _outcome(json.loads, data)


def test_answers_and_callbacks_are_decoded_through_loads(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    decode = types.loads

    def spy(data: bytes | str) -> Any:
        seen.append(len(data))
        return decode(data)

    monkeypatch.setattr(types, "loads", spy)
    import webpos_generated.api.payment_orders.get_payment_order as endpoint

    import webpos_sdk.callbacks._events as events

    monkeypatch.setattr(endpoint, "loads", spy)
    monkeypatch.setattr(events, "loads", spy)
    order = schema_example("PaymentOrderRetrieval")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(
                200, json={"access_token": "t", "id_token": "i", "expires_in": 60, "token_type": "Bearer"}
            )
        return httpx.Response(200, json=order)

    client = Client(client_id="c", secret="s", base_url="https://api.example", transport=httpx.MockTransport(answer))
    with client:
        got = client.get_payment_order(order["uuid"])
    assert str(got.uuid) == order["uuid"]
    body = json.dumps(
        {
            "event": "payment.completed",
            "object_type": "payment_order",
            "created_at": "2026-11-23T10:15:42Z",
            "object": schema_example("CallbackPaymentOrder"),
        }
    ).encode()
    event = construct_event(sign(body, "s"), body, "s")
    assert event.event == "payment.completed"
    assert len(seen) >= 2


@pytest.mark.parametrize(("env", "expected"), [({}, "orjson"), ({"WEBPOS_SDK_JSON": "stdlib"}, "stdlib")])
def test_the_backend_follows_the_environment(env: dict[str, str], expected: str) -> None:
    code = "from webpos_generated import types; types.loads(b'1'); print(types.json_backend)"
    environment = {k: v for k, v in os.environ.items() if k != "WEBPOS_SDK_JSON"} | env
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    assert result.stdout.strip() == expected


def test_an_unknown_backend_is_refused_by_name() -> None:
    before = types.json_backend
    with pytest.raises(ValueError, match="'simdjson'"):
        types.use_json_backend("simdjson")
    assert types.json_backend == before


def test_importing_the_sdk_does_not_import_orjson() -> None:
    code = "import sys, webpos_sdk; print('orjson' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
