"""The generation pipeline: deterministic, drift detected, a spec edit lands exactly where it should."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated_client" / "webpos_generated"


def _copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("openapi", "generator", "custom_templates", "scripts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(
        PACKAGE, root / "generated_client" / "webpos_generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "generate.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_tree(tmp_path_factory.mktemp("gen"))


def test_committed_client_matches_a_fresh_generation(repo: Path) -> None:
    result = _run(repo, "--check", "generated_client/webpos_generated")
    assert result.returncode == 0, result.stderr


def test_a_hand_edit_is_detected(repo: Path) -> None:
    target = repo / "generated_client" / "webpos_generated" / "models" / "out.py"
    original = target.read_text()
    target.write_text(original + "\n# hand edit\n")
    try:
        result = _run(repo, "--check", "generated_client/webpos_generated")
        assert result.returncode == 1
        assert "models/out.py" in result.stderr
    finally:
        target.write_text(original)


def test_one_description_changes_exactly_one_docstring(repo: Path) -> None:
    spec = repo / "openapi" / "webpos.yaml"
    original = spec.read_text()
    old = "description: Index of the output in the transaction."
    assert original.count(old) == 1
    spec.write_text(original.replace(old, "description: Position of the output within its transaction."))
    try:
        before = {p: p.read_text() for p in (repo / "generated_client").rglob("*.py")}
        result = _run(repo, "--output", "generated_client/webpos_generated")
        assert result.returncode == 0, result.stderr
        after = {p: p.read_text() for p in (repo / "generated_client").rglob("*.py")}
        assert before.keys() == after.keys()
        changed = [p for p in before if before[p] != after[p]]
        assert [p.name for p in changed] == ["out.py"]
        diff = [
            line
            for line in difflib.unified_diff(before[changed[0]].splitlines(), after[changed[0]].splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert diff == [
            "-        n (int): Index of the output in the transaction.",
            "+        n (int): Position of the output within its transaction.",
        ]
    finally:
        spec.write_text(original)
        _run(repo, "--output", "generated_client/webpos_generated")
