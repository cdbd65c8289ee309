"""The previous SDK as an oracle for reading: every body its own validator accepts, we read alike.

``chainside-webpos-sdk==2.0.1`` is installed into a venv of its own (its package is also called
``webpos_sdk``) and driven by ``_oracle_values_worker.py``. Its classes carry validation schemas
(moveax-validation rules: types, ``required``, ``nullable``, ``in:``, ``equals:``, ``decimal``,
``len:``, ``regex:``); hypothesis generates bodies *from those rules*, the old validator decides
which are acceptable, and for each accepted one our models must read the values the old SDK
built, compared by meaning:

* a date-time equals ``dateutil.isoparse`` of the string (the old validator's parser), as UTC when
  it has no offset; an enum equals its string; a UUID equals its string;
* ``""`` for a nullable string and ``{}`` for a nullable object read as ``None`` (the old SDK kept
  them; its validator treated them as null: the README's migration table says so);
* a key the body left out reads as ``UNSET`` or ``None`` (the old constructor gave ``None``);
* reads by key give exactly what the old SDK gave.

What the old SDK accepted and we refuse on purpose (``true`` for an integer) has its own test
below, as has what it crashed on and we read (``null`` arrays, keys it did not know).
"""

from __future__ import annotations

import datetime
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from dateutil.parser import isoparse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.previous_sdk import ensure_venv
from tests._support import schema_example
from webpos_sdk import objects
from webpos_sdk.callbacks import MalformedPayloadError, parse_event
from webpos_sdk.objects import UNSET

WORKER = Path(__file__).resolve().parent / "_oracle_values_worker.py"
RESPONSES = (
    "PaymentOrderRetrieval",
    "PaymentOrderCreationResponse",
    "PaymentOrderDeletionResponse",
    "PaymentOrderList",
    "CallbackList",
    "ClientCredentialsLoginResponse",
)
EVENTS = (
    "payment.completed",
    "payment.overpaid",
    "payment.cancelled",
    "payment.expired",
    "payment.chargeback",
    "payment.dispute.start",
    "payment.dispute.end",
)
TEXT_TYPES = frozenset({"string", "url", "uuid", "base58", "ISO_8601_date"})
MISSING: Any = object()
ORACLE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same bodies in every run: CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


class PreviousSdkReader:
    """The worker process: ``schemas`` (the old classes' rules) and ``read(name, body)``."""

    def __init__(self) -> None:
        python, _ = ensure_venv()
        self.process = subprocess.Popen(
            [str(python), "-I", str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.schemas: dict[str, Any] = self._receive()["schemas"]

    def _receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            pytest.fail(f"the previous SDK's worker exited with {self.process.wait()} (see stderr)")
        reply: dict[str, Any] = json.loads(line)
        assert reply["ok"], reply
        return reply

    def read(self, name: str, body: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"name": name, "body": body}) + "\n")
        self.process.stdin.flush()
        return self._receive()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def previous() -> Iterator[PreviousSdkReader]:
    reader = PreviousSdkReader()
    yield reader
    reader.close()


# ------------------------------------------------------------ bodies from the old rules


def _rules(node: dict[str, Any]) -> list[str]:
    rules = node["rules"]
    return rules.split("|") if isinstance(rules, str) else list(rules)


def _rule(node: dict[str, Any], name: str) -> str | None:
    """The parameter of rule ``name`` (``""`` when it has none), or None when absent."""
    for rule in _rules(node):
        head, _, param = rule.partition(":")
        if head.split("[")[0] == name:
            return param
    return None


DOMAIN = st.from_regex(r"[a-z]([a-z0-9-]{0,8}[a-z0-9])?\.(com|io|net|example)", fullmatch=True)
URL_PATH = st.from_regex(r"(/[A-Za-z0-9._~-]{0,8}){0,3}(\?[a-z]=[0-9]{1,3})?", fullmatch=True)
MOMENT = st.datetimes(
    min_value=datetime.datetime(1970, 1, 2), max_value=datetime.datetime(2200, 1, 1), timezones=st.none()
)
OFFSET = st.sampled_from(["", "Z", "+00:00", "+01:00", "-05:30", "+0200", "+14:00"])
ISO_FORMATS = st.sampled_from(
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M", "%Y%m%dT%H%M%S", "%Y-%m-%d", "%Y-%m-%dT%H"]
)


def _iso_strings() -> st.SearchStrategy[str]:
    formatted = st.builds(
        lambda moment, fmt, offset: moment.strftime(fmt) + (offset if "T" in fmt else ""), MOMENT, ISO_FORMATS, OFFSET
    )
    free = st.from_regex(  # [0-9], not \d: that would be any Unicode digit
        r"(19[7-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
        r"(T([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9]([.,][0-9]{1,9})?)?)?(Z|[+-](0[0-9]|1[0-3])(:?[0-5][0-9])?)?)?",
        fullmatch=True,
    )
    return st.one_of(formatted, formatted, free)


def _plain(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = node["type"]
    if kind == "object":
        return _object(node)
    if kind == "array":
        # [] is null for the old validator: _value adds it where allowed
        return st.lists(_value(node["elements"]), min_size=1, max_size=3)
    if kind == "integer":
        return st.integers(min_value=-(2**70), max_value=2**70)  # booleans: see the test below
    if kind == "boolean":
        return st.booleans()
    if kind == "uuid":
        return st.uuids(version=4).map(str)
    if kind == "url":
        scheme = st.just("https") if _rule(node, "regex") is not None else st.sampled_from(["http", "https"])
        return st.builds(lambda s, d, p: f"{s}://{d}{p}", scheme, DOMAIN, URL_PATH)
    if kind == "base58":
        return st.from_regex(r"[1-9A-HJ-NP-Za-km-z]{26,62}", fullmatch=True)
    if kind == "ISO_8601_date":
        return _iso_strings()
    assert kind == "string", node
    if (choices := _rule(node, "in")) is not None:
        return st.sampled_from(choices.split(","))
    if (value := _rule(node, "equals")) is not None:
        return st.just(value)
    if _rule(node, "decimal") is not None:
        # its rule is re's \d: any Unicode digit (Decimal reads them too)
        return st.one_of(*(st.from_regex(rf"{d}{{1,21}}(\.{d}{{1,2}})?", fullmatch=True) for d in ("[0-9]", r"\d")))
    if (length := _rule(node, "len")) is not None:
        return st.text(alphabet="0123456789abcdef", min_size=int(length), max_size=int(length))
    if (pattern := _rule(node, "regex")) is not None:
        return st.from_regex(pattern)
    return st.text(min_size=1, max_size=12)  # "" is null for the old validator: _value adds it where allowed


def _value(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    if _rule(node, "nullable") is None:
        return _plain(node)
    null_form = {"object": {}, "array": []}.get(node["type"], "" if node["type"] in TEXT_TYPES else None)
    return st.one_of(_plain(node), _plain(node), st.just(None), st.just(null_form))


def _object(node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    fields = node["schema"]
    required = {k: _value(v) for k, v in fields.items() if _rule(v, "required") is not None}
    optional = {k: _value(v) for k, v in fields.items() if _rule(v, "required") is None}
    return st.fixed_dictionaries(required, optional=optional)


# ---------------------------------------------------------------- reading by meaning


def _attribute(model: Any, key: str) -> Any:
    fields = {f.name for f in attrs.fields(type(model))}
    for name in (key + "_", key):  # a Python keyword gets a trailing underscore ("from_")
        if name in fields:
            return getattr(model, name)
    raise AssertionError(f"{type(model).__name__} has no attribute for {key!r}")


def _same(node: dict[str, Any], old: Any, ours: Any, path: str) -> None:
    kind = node["type"]
    if old is MISSING or old is None:
        assert ours is None or ours is UNSET, f"{path}: previous SDK {old!r}, ours {ours!r}"
        if old is None and ours is UNSET:
            raise AssertionError(f"{path}: sent as null, read as UNSET")
        return
    if kind in TEXT_TYPES and old == "":
        assert ours is None, f"{path}: '' for a null value reads as None, not {ours!r}"
        return
    if kind == "object":
        if old == {}:
            assert ours is None, f"{path}: {{}} for a null object reads as None, not {ours!r}"
            return
        for key, sub in node["schema"].items():
            _same(sub, old.get(key, MISSING), _attribute(ours, key), f"{path}.{key}")
        for key in old.keys() - node["schema"].keys():
            assert ours.additional_properties[key] == old[key], f"{path}.{key}"
        return
    if kind == "array":
        assert isinstance(ours, list), f"{path}: {ours!r}"
        assert len(ours) == len(old), path
        for index, (old_item, our_item) in enumerate(zip(old, ours, strict=True)):
            _same(node["elements"], old_item, our_item, f"{path}[{index}]")
        return
    if kind == "ISO_8601_date":
        expected = isoparse(old)
        if expected.tzinfo is None:
            expected = expected.replace(tzinfo=datetime.UTC)
        assert isinstance(ours, datetime.datetime), f"{path}: {ours!r}"
        assert ours.tzinfo is not None, path
        assert ours == expected, f"{path}: {old!r} read as {ours.isoformat()}, isoparse gives {expected.isoformat()}"
        return
    if kind == "integer":
        assert type(ours) is int, f"{path}: {ours!r}"
        assert ours == old, f"{path}: {old!r} read as {ours!r}"
        return
    if kind == "boolean":
        assert ours is old, f"{path}: {old!r} read as {ours!r}"
        return
    assert isinstance(ours, str), f"{path}: {ours!r}"
    assert str(ours) == old, f"{path}: {old!r} read as {ours!r}"


def _check(previous: PreviousSdkReader, name: str, body: dict[str, Any]) -> None:
    verdict = previous.read(name, body)
    assume(verdict["accepted"])
    old = verdict["values"]
    if old is None:  # its validator accepted the body, then building the object crashed
        crash = verdict["crash"]
        if name in EVENTS and "object" not in body:  # unreadable there, refused with a reason here
            assert crash == "KeyError: 'object'", crash
            with pytest.raises(MalformedPayloadError, match="object"):
                parse_event(json.dumps(body).encode())
            return
        assert crash == "TypeError: 'NoneType' object is not iterable", crash  # a null array
        old = body  # what it meant to build: the values as sent
    # its constructor gives None for a top-level key the body left out: that is "absent" here
    old = {key: value for key, value in old.items() if key in body or value is not None}
    if name in EVENTS:
        ours: Any = parse_event(json.dumps(body).encode())
        assert str(ours.event) == name
    else:
        ours = getattr(objects, name).from_dict(body)
    _same(previous.schemas[name], old, ours, name)
    for key, value in body.items():
        assert ours[key] == value, f"{name}[{key!r}] reads as sent"


@pytest.mark.parametrize("name", RESPONSES)
def test_every_answer_the_previous_validator_accepts_is_read_alike(previous: PreviousSdkReader, name: str) -> None:
    @ORACLE
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        _check(previous, name, data.draw(_object(previous.schemas[name]), label=name))

    check()


@pytest.mark.parametrize("name", EVENTS)
def test_every_callback_the_previous_validator_accepts_is_read_alike(previous: PreviousSdkReader, name: str) -> None:
    @settings(ORACLE, max_examples=25)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        _check(previous, name, data.draw(_object(previous.schemas[name]), label=name))

    check()


# ------------------------------------------------------------------- what differs on purpose


def _login_body(**changes: Any) -> dict[str, Any]:
    body = {"access_token": "tok", "id_token": "a.b.c", "expires_in": 3600, "token_type": "Bearer", "scope": "*"}
    body.update(changes)
    return body


def test_true_for_an_integer_was_accepted_and_is_now_refused_naming_the_field(previous: PreviousSdkReader) -> None:
    body = _login_body(expires_in=True)
    assert previous.read("ClientCredentialsLoginResponse", body)["accepted"]  # Python's bool is an int
    with pytest.raises(ValueError, match="expires_in"):
        objects.ClientCredentialsLoginResponse.from_dict(body)


def test_an_unknown_key_crashed_the_previous_sdk_and_is_kept_here(previous: PreviousSdkReader) -> None:
    body = _login_body(refresh_token_expires_in=60)
    verdict = previous.read("ClientCredentialsLoginResponse", body)
    assert verdict["accepted"]
    assert verdict["values"] is None
    assert "unexpected keyword argument" in verdict["crash"]
    parsed = objects.ClientCredentialsLoginResponse.from_dict(body)
    assert parsed.additional_properties == {"refresh_token_expires_in": 60}
    assert parsed["refresh_token_expires_in"] == 60


def test_null_transactions_crashed_the_previous_sdk_and_read_as_none_here(previous: PreviousSdkReader) -> None:
    order = schema_example("PaymentOrderRetrieval")
    order["transactions"] = None
    verdict = previous.read("PaymentOrderRetrieval", order)
    assert verdict["accepted"]
    assert verdict["values"] is None
    assert objects.PaymentOrderRetrieval.from_dict(order).transactions is None


def test_a_left_out_optional_key_was_none_and_is_unset_here(previous: PreviousSdkReader) -> None:
    order = schema_example("PaymentOrderRetrieval")
    order.pop("details", None)
    order["transactions"] = []  # (null crashed it: see above)
    verdict = previous.read("PaymentOrderRetrieval", order)
    assert verdict["accepted"]
    assert verdict["values"]["details"] is None
    parsed = objects.PaymentOrderRetrieval.from_dict(order)
    assert parsed.details is UNSET
    assert not parsed.details
    assert parsed.get("details") is None
    assert "details" not in parsed
