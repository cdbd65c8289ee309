"""The spec reused end to end: a TypeScript program (spec-reuse/e2e.ts) on a client that a
third-party generator, @hey-api/openapi-ts (pinned in package.json), writes from the spec
alone, runs the whole payment-order flow against the sandbox started here, verifying the
callbacks' signatures (and the spec's test vector) with Node's crypto.

The client is generated and the program compiled by ``make spec-reuse-e2e`` (the fixture runs
it); the tools come from node_modules, which ``make test`` installs. Missing tools fail, never skip.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import free_port

from tests._support import load_spec, settle
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "spec-reuse" / "generated" / "e2e-build" / "e2e.js"
CLIENT_ID = "ts-client"
SECRET = "ts-secret"
VECTOR = load_spec()["components"]["parameters"]["CallbackSignature"]["x-webpos-signature-test-vector"]


@pytest.fixture(scope="module")
def program() -> Path:
    if not (ROOT / "node_modules" / ".bin" / "openapi-ts").exists():
        pytest.fail("@hey-api/openapi-ts missing from node_modules: run `make test` first")
    build = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "spec-reuse-e2e"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return PROGRAM


@pytest.fixture
def receiver_port() -> int:
    return free_port()


@pytest.fixture
def sandbox(receiver_port: int) -> Iterator[RunningSandbox]:
    config = SandboxConfig(
        client_id=CLIENT_ID,
        secret=SECRET,
        deliver_to=f"http://127.0.0.1:{receiver_port}/callback",
        callback_backoff=0.05,
    )
    with serve(config) as running:
        yield running


def _run(program: Path, sandbox: RunningSandbox, port: int, vector: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "WEBPOS_BASE_URL": sandbox.base_url,
        "WEBPOS_CLIENT_ID": CLIENT_ID,
        "WEBPOS_SECRET": SECRET,
        "WEBPOS_RECEIVER_PORT": str(port),
        "WEBPOS_VECTOR": json.dumps(vector),
        "NO_PROXY": "127.0.0.1",
    }
    return subprocess.run(["node", str(program)], env=env, capture_output=True, text=True, check=False, timeout=60)


def test_the_generated_typescript_client_runs_the_whole_flow(
    program: Path, sandbox: RunningSandbox, receiver_port: int
) -> None:
    result = _run(program, sandbox, receiver_port, VECTOR)
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout)
    assert seen["vector"] is True
    assert seen["login"] == {"token_type": "Bearer", "expires_in": 3600}
    uuid = seen["create"]["uuid"]
    assert 200 <= seen["create"]["status"] <= 299
    assert seen["create"]["satoshi"] > 0
    assert seen["get"] == {"status": "pending", "amount": "12.50", "currency": "EUR"}
    assert seen["list"]["found"] is True
    assert "payment.completed" in seen["callbacks"]
    assert seen["callback"] == {"event": "payment.completed", "uuid": uuid, "status": "paid", "verified": True}
    cancelled = seen["cancel"]["callback"]
    assert (cancelled["event"], cancelled["status"], cancelled["verified"]) == ("payment.cancelled", "cancelled", True)
    assert seen["cancel"]["cancel_url"].startswith("https://")
    assert seen["not_found"] == {"status": 404, "error_code": "3001"}
    # What the server saw: one login, two orders in their final states, both callbacks accepted.
    state = sandbox.state
    assert state.logins == 1
    assert state.creates == 2
    assert state.orders[uuid]["state"]["status"] == "paid"
    assert state.orders[cancelled["uuid"]]["state"]["status"] == "cancelled"
    settle(lambda: all(d["status"] is not None for d in state.deliveries))  # recorded once read
    assert [(d["event"], d["status"]) for d in state.deliveries] == [
        ("payment.completed", 200),
        ("payment.cancelled", 200),
    ]


def test_a_wrong_test_vector_fails_the_program(program: Path, sandbox: RunningSandbox, receiver_port: int) -> None:
    """The TypeScript verifier is a real check: one changed character of the signature fails it."""
    signature = VECTOR["signature"]
    forged = {**VECTOR, "signature": ("B" if signature[0] != "B" else "C") + signature[1:]}
    result = _run(program, sandbox, receiver_port, forged)
    assert result.returncode == 1
    assert "the spec's signature test vector does not verify" in result.stderr
    assert sandbox.state.logins == 0  # it stopped before calling the API
