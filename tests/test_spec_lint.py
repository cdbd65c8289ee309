"""`make lint-spec`'s Spectral step bites: spectral:oas (pinned in package.json) fails on any
finding, and the one exemption in .spectral.yaml covers the one path it names."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


def _spectral(tmp_path: Path, edit: tuple[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Spectral as `make lint-spec` runs it, on a copy of the spec (and of the ruleset beside it)."""
    if not SPECTRAL.exists():
        pytest.fail("spectral missing from node_modules: run `make test` or `make lint-spec` first")
    shutil.copy(ROOT / ".spectral.yaml", tmp_path / ".spectral.yaml")
    (tmp_path / "openapi").mkdir()
    text = (ROOT / "openapi" / "webpos.yaml").read_text(encoding="utf-8")
    if edit is not None:
        assert text.count(edit[0]) == 1, edit[0]
        text = text.replace(*edit)
    (tmp_path / "openapi" / "webpos.yaml").write_text(text, encoding="utf-8")
    command = [str(SPECTRAL), "lint", "openapi/webpos.yaml", "--ruleset", ".spectral.yaml", "--fail-severity=hint"]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path, timeout=120)


def test_the_spec_has_no_finding(tmp_path: Path) -> None:
    result = _spectral(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("edit", "rule"),
    [
        pytest.param(
            (
                "  /payment-order/{payment_order_uuid}/callbacks:\n",
                "  /payment-order/{payment_order_uuid}/callbacks/:\n",
            ),
            "path-keys-no-trailing-slash",
            id="another-trailing-slash",
        ),
        pytest.param(
            ("      operationId: get_callbacks\n", ""),
            "operation-operationId",
            id="an-operation-without-id",
        ),
        pytest.param(
            ("      description: Returns a payment order with its current state and transactions.\n", ""),
            "operation-description",
            id="an-operation-without-description",
        ),
    ],
)
def test_a_finding_fails_the_lint(tmp_path: Path, edit: tuple[str, str], rule: str) -> None:
    result = _spectral(tmp_path, edit)
    assert result.returncode != 0
    assert rule in result.stdout
