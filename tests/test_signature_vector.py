"""The spec's signature test vector (``x-webpos-signature-test-vector`` on the
``chainside-signature`` parameter), checked by four implementations that share no code:
this SDK, OpenSSL's command line over the exact bytes, the previous official SDK (2.0.1, in
its own venv) and the TypeScript receiver of ``spec-reuse/`` (``test_spec_reuse_e2e.py``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from benchmarks.previous_sdk import ensure_venv
from tests._support import load_spec
from webpos_sdk.callbacks import PaymentCompletedCallback, SignatureMismatchError, construct_event, sign, verify

SPEC = load_spec()
PARAMETER = SPEC["components"]["parameters"]["CallbackSignature"]
VECTOR: dict[str, str] = PARAMETER["x-webpos-signature-test-vector"]
BODY = VECTOR["body"].encode("utf-8")


def test_the_vector_is_a_callback_with_non_ascii_bytes_and_its_example_is_the_signature() -> None:
    assert set(VECTOR) == {"secret", "body", "signature"}
    assert len(BODY) > len(VECTOR["body"])  # multi-byte UTF-8 inside: an encoding slip shows
    assert not VECTOR["body"].endswith("\n")
    registry: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(SPEC))
    schema = {"$ref": "urn:spec#/components/schemas/CallbackEvent"}
    Draft202012Validator(schema, registry=registry).validate(json.loads(BODY))
    assert PARAMETER["examples"]["testVector"]["value"] == VECTOR["signature"]


def test_this_sdk_signs_and_verifies_the_vector() -> None:
    assert sign(BODY, VECTOR["secret"]) == VECTOR["signature"]
    verify({"chainside-signature": VECTOR["signature"]}, BODY, VECTOR["secret"])
    event = construct_event({"chainside-signature": VECTOR["signature"]}, BODY, VECTOR["secret"])
    assert isinstance(event, PaymentCompletedCallback)
    assert event.object.details == json.loads(BODY)["object"]["details"]


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        pytest.param(BODY + b"\n", VECTOR["secret"], id="trailing-newline"),
        pytest.param(VECTOR["body"].encode("latin-1", "replace"), VECTOR["secret"], id="re-encoded"),
        pytest.param(json.dumps(json.loads(BODY)).encode(), VECTOR["secret"], id="re-serialised"),
        pytest.param(BODY, VECTOR["secret"] + " ", id="other-secret"),
    ],
)
def test_the_vector_refuses_near_misses(body: bytes, secret: str) -> None:
    with pytest.raises(SignatureMismatchError):
        verify(VECTOR["signature"], body, secret)


def test_openssl_computes_the_vectors_signature() -> None:
    """The scheme run by OpenSSL over the exact bytes: key = SHA-256(secret), HMAC-SHA512, base64."""
    openssl = shutil.which("openssl")
    assert openssl is not None, "openssl is missing: `make test` installs it"

    def run(*args: str, data: bytes) -> bytes:
        return subprocess.run([openssl, *args], input=data, capture_output=True, check=True).stdout

    key = run("dgst", "-sha256", "-binary", data=VECTOR["secret"].encode("utf-8"))
    mac = run("dgst", "-sha512", "-mac", "HMAC", "-macopt", f"hexkey:{key.hex()}", "-binary", data=BODY)
    encoded = run("base64", "-A", data=mac).decode("ascii").strip()
    assert encoded == VECTOR["signature"]


_PREVIOUS_SDK_CHECK = """
import json, sys, types
from webpos_sdk.callbacks.handler import ChainsideCallbacksHandler
vector = json.loads(sys.stdin.read())
# A stand-in for its ApiContext: its check reads context.secret only (building a real one logs in).
handler = ChainsideCallbacksHandler(types.SimpleNamespace(secret=vector["secret"]))
body = vector["body"].encode("utf-8")
sig = {"chainside-signature": vector["signature"]}
print(json.dumps([handler._verify(sig, body), handler._verify(sig, body + b" ")]))
"""


def test_the_previous_sdk_verifies_the_vector() -> None:
    python, _ = ensure_venv()
    result = subprocess.run(
        [str(python), "-I", "-c", _PREVIOUS_SDK_CHECK],
        input=json.dumps(VECTOR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, False]
