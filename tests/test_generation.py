"""The generation pipeline: deterministic, drift detected, a spec edit lands exactly where it should."""

from __future__ import annotations

import difflib
import json
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


# ------------------------------------------------------------- the spec's rules, read by the templates

# Run in a fresh interpreter against a package generated from a changed spec.
_RULES_PROBE = """
import json, sys
from webpos_generated.models import PaymentStatus, RateRetrieval, Transaction
out = {"rate_lenient": str(RateRetrieval.from_dict(
    {"created_at": "2017-05-06 18:51", "source": "s", "value": "1.0"}).created_at)}
row = {"txid": "t", "normalized_txid": "n", "status": "confirmed", "blockchain_status": "confirmed",
       "outs_sum": 1, "outs": []}
out["tx_strict_ok"] = str(Transaction.from_dict({**row, "created_at": "2026-11-23T10:13:12+01:00"}).created_at)
for key, value in [("tx_no_offset", "2026-11-23T10:13:12"), ("tx_loose", "2017-05-06 18:51")]:
    try:
        Transaction.from_dict({**row, "created_at": value})
        out[key] = "read"
    except ValueError as err:
        out[key] = str(err)
try:
    out["status"] = PaymentStatus("refunded").value
except ValueError as err:
    out["status"] = "closed: " + str(err)
print(json.dumps(out))
"""


def test_the_templates_follow_the_specs_rule_keywords(tmp_path: Path) -> None:
    """Unmark one enum and one date-time in the spec: the generated code follows the spec, not a
    rule hard-coded in the templates (the enum closes, the date-time reads strict RFC 3339)."""
    root = _copy_tree(tmp_path)
    spec = root / "openapi" / "webpos.yaml"
    text = spec.read_text()
    enum = "    PaymentStatus:\n      type: string\n      x-webpos-open-enum: true\n"
    assert text.count(enum) == 1
    text = text.replace(enum, "    PaymentStatus:\n      type: string\n")
    start = text.index("    Transaction:\n")
    marked = "          format: date-time\n          x-webpos-lenient-datetime: true\n"
    at = text.index(marked, start)
    text = text[:at] + "          format: date-time\n" + text[at + len(marked) :]
    spec.write_text(text)
    result = _run(root, "--output", "generated_client/webpos_generated")
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [sys.executable, "-c", _RULES_PROBE],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root / "generated_client"), "PATH": ""},
    )
    assert probe.returncode == 0, probe.stderr
    out = json.loads(probe.stdout)
    assert out["rate_lenient"] == "2017-05-06 18:51:00+00:00"  # still marked: lenient, UTC
    assert out["tx_strict_ok"] == "2026-11-23 10:13:12+01:00"
    assert out["tx_no_offset"] == "created_at: not an RFC 3339 date-time: '2026-11-23T10:13:12'"
    assert "created_at" in out["tx_loose"]
    assert "RFC 3339" in out["tx_loose"]
    assert out["status"].startswith("closed: ")
    assert "refunded" in out["status"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      x-webpos-open-enum: true\n",
            "      x-webpos-open-enum: yes please\n",
            "x-webpos-open-enum must be true or false",
        ),
        (
            "          format: int64\n",
            "          format: int64\n          x-webpos-lenient-datetime: true\n",
            "x-webpos-lenient-datetime on a property that is not a date-time",
        ),
    ],
)
def test_a_misused_rule_keyword_fails_generation(tmp_path: Path, old: str, new: str, message: str) -> None:
    root = _copy_tree(tmp_path)
    spec = root / "openapi" / "webpos.yaml"
    spec.write_text(spec.read_text().replace(old, new, 1))
    result = _run(root, "--output", "generated_client/webpos_generated")
    assert result.returncode != 0
    assert message in result.stderr


# ------------------------------------------------------------- upstream bases of the overrides


def _bases(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "scripts" / "template_bases.py"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture
def stock(tmp_path: Path) -> Path:
    """A copy of the installed generator's templates, to play an upgraded release."""
    import openapi_python_client

    copy = tmp_path / "stock"
    shutil.copytree(Path(openapi_python_client.__file__).parent / "templates", copy)
    return copy


def test_every_override_has_the_installed_generators_stock_template_as_base() -> None:
    result = _bases("--check")
    assert result.returncode == 0, result.stderr
    overrides = {str(p.relative_to(ROOT / "custom_templates")) for p in (ROOT / "custom_templates").rglob("*.jinja")}
    assert len(overrides) == 9


def test_a_moved_upstream_template_fails_the_check_naming_it(stock: Path) -> None:
    (stock / "str_enum.py.jinja").write_text((stock / "str_enum.py.jinja").read_text() + "{# upstream fix #}\n")
    result = _bases("--check", "--stock", stock)
    assert result.returncode == 1
    assert "str_enum.py.jinja: the stock template changed" in result.stderr
    assert "model.py.jinja" not in result.stderr


def test_another_generator_release_fails_the_check(stock: Path) -> None:
    result = _bases("--check", "--stock", stock, "--version", "0.30.0")
    assert result.returncode == 1
    assert "recorded for openapi-python-client 0.29.1, 0.30.0 is installed" in result.stderr


def test_an_override_without_a_base_fails_the_check(tmp_path: Path, stock: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "custom_templates", templates)
    (templates / "client.py.jinja").write_text((stock / "client.py.jinja").read_text())
    result = _bases("--check", "--templates", templates, "--stock", stock)
    assert result.returncode == 1
    assert "client.py.jinja: an override without a recorded base" in result.stderr


def test_merge_applies_upstreams_change_to_our_override(tmp_path: Path, stock: Path) -> None:
    """An upgrade: upstream edits a line we did not touch; the merge keeps ours and takes theirs."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "custom_templates", templates)
    new = tmp_path / "new"
    shutil.copytree(stock, new)
    name = "property_templates/datetime_property.py.jinja"
    upstream = (new / name).read_text()
    (new / name).write_text("{# a comment upstream added at the top #}\n" + upstream)
    result = _bases("--merge", stock, "--templates", templates, "--stock", new)
    assert result.returncode == 0, result.stdout + result.stderr
    merged = (templates / name).read_text()
    assert merged.startswith("{# a comment upstream added at the top #}\n")
    assert (
        merged.removeprefix("{# a comment upstream added at the top #}\n")
        == (ROOT / "custom_templates" / name).read_text()
    )
    assert f"merged {name}" in result.stdout
    # then recording makes the check pass against the "new" release
    assert _bases("--record", "--templates", templates, "--stock", new, "--version", "0.30.0").returncode == 0
    assert _bases("--check", "--templates", templates, "--stock", new, "--version", "0.30.0").returncode == 0


def test_the_runtime_modules_are_copied_verbatim() -> None:
    runtime = sorted(p.name for p in (ROOT / "generator" / "runtime").glob("*.py"))
    assert runtime == ["errors.py", "types.py"]
    for name in runtime:
        assert (PACKAGE / name).read_bytes() == (ROOT / "generator" / "runtime" / name).read_bytes(), name


def test_an_edit_of_the_runtime_source_makes_the_committed_client_stale(repo: Path) -> None:
    source = repo / "generator" / "runtime" / "errors.py"
    original = source.read_text()
    source.write_text(original + "\n# a change of the runtime\n")
    try:
        result = _run(repo, "--check", "generated_client/webpos_generated")
        assert result.returncode == 1
        assert "errors.py" in result.stderr
    finally:
        source.write_text(original)
