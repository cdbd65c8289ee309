"""`make spec-reuse` bites: the same recipe, run on a broken copy of the spec, fails for the right reason.

Each test copies ``spec-reuse/`` and the Redocly ruleset into a temporary tree, writes a spec
there (intact or broken) and runs ``make spec-reuse SPEC=... SPEC_REUSE=...`` from the
repository, so openapi-typescript and tsc come from its ``node_modules`` (``make test``
installs them; these tests fail, never skip, when they are missing).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from _support import load_spec

ROOT = Path(__file__).resolve().parent.parent
NPX_TOOLS = ("openapi-typescript", "tsc")


@pytest.fixture(scope="module", autouse=True)
def _node_tools() -> None:
    missing = [tool for tool in NPX_TOOLS if not (ROOT / "node_modules" / ".bin" / tool).exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing from node_modules: run `make test` or `make spec-reuse` first")


def _spec_reuse(tmp_path: Path, spec_text: str) -> subprocess.CompletedProcess[str]:
    """Run the Makefile's spec-reuse recipe on ``spec_text`` with a private copy of spec-reuse/."""
    work = tmp_path / "spec-reuse"
    shutil.copytree(ROOT / "spec-reuse", work, ignore=shutil.ignore_patterns("generated"))
    spec = tmp_path / "openapi" / "webpos.yaml"
    spec.parent.mkdir()
    spec.write_text(spec_text, encoding="utf-8")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "spec-reuse", f"SPEC={spec}", f"SPEC_REUSE={work}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _broken(mutate: Callable[[dict[str, Any]], None]) -> str:
    spec = load_spec()
    mutate(spec)
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def test_the_spec_passes_after_the_yaml_round_trip_the_other_tests_use(tmp_path: Path) -> None:
    """The harness works: a copy of the spec, loaded and dumped unchanged, passes (``make spec-reuse``
    checks the committed file itself)."""
    result = _spec_reuse(tmp_path, _broken(lambda spec: None))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "spec-reuse" / "generated" / "webpos.d.ts").stat().st_size > 0


def test_a_removed_property_that_usage_reads_fails(tmp_path: Path) -> None:
    def drop_btc_amount(spec: dict[str, Any]) -> None:
        retrieval = _schemas(spec)["PaymentOrderRetrieval"]
        del retrieval["properties"]["btc_amount"]
        retrieval["required"].remove("btc_amount")
        for example in retrieval.get("examples", []):
            example.pop("btc_amount", None)
        for example in _schemas(spec)["CallbackPaymentOrder"].get("examples", []):
            example.pop("btc_amount", None)
        for example in spec["components"]["examples"].values():
            example["value"]["object"].pop("btc_amount", None)

    result = _spec_reuse(tmp_path, _broken(drop_btc_amount))
    assert result.returncode != 0
    assert "usage.ts" in result.stdout
    assert "Property 'btc_amount' does not exist" in result.stdout


def test_a_field_that_stops_being_required_fails(tmp_path: Path) -> None:
    result = _spec_reuse(tmp_path, _broken(lambda spec: _schemas(spec)["PaymentOrderCreation"]["required"].clear()))
    assert result.returncode != 0
    assert "Unused '@ts-expect-error' directive" in result.stdout


def test_an_error_code_usage_does_not_handle_fails(tmp_path: Path) -> None:
    def add_code(spec: dict[str, Any]) -> None:
        _schemas(spec)["ErrorCode"]["enum"].append("5000")
        _schemas(spec)["ErrorCode"]["x-enum-varnames"].append("NEW_ERROR")

    result = _spec_reuse(tmp_path, _broken(add_code))
    assert result.returncode != 0
    assert "error TS1360" in result.stdout  # errorNames no longer `satisfies Record<ErrorCode, string>`
    assert "Property '5000' does not exist" in result.stdout


def test_a_dangling_reference_fails_before_type_checking(tmp_path: Path) -> None:
    def dangle(spec: dict[str, Any]) -> None:
        _schemas(spec)["PaymentOrderState"]["properties"]["status"] = {"$ref": "#/components/schemas/PaymentStatuz"}

    result = _spec_reuse(tmp_path, _broken(dangle))
    assert result.returncode != 0
    assert "Can't resolve $ref at #/components/schemas/PaymentOrderState/properties/status" in result.stderr
    assert "npx --no-install tsc" not in result.stdout
    assert not (tmp_path / "spec-reuse" / "generated" / "webpos.d.ts").exists()
