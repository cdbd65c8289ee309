"""The lower bounds of ``[project].dependencies`` are true: the unit tests pass with exactly those
versions of httpx, attrs and python-dateutil installed (scripts/lowest_versions.py, which also
serves ``make test-lowest`` and CI's "lowest versions" job).

The venv (``.venv-lowest/venv``) is made once per pyproject.toml and Python, then reused; making
it takes about 10 s, running the tests in it about 5 s.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lowest_versions", ROOT / "scripts" / "lowest_versions.py")
assert _spec is not None
assert _spec.loader is not None
lowest = importlib.util.module_from_spec(_spec)
sys.modules["lowest_versions"] = lowest
_spec.loader.exec_module(lowest)

EXTRAS_AND_DEV_TOOLS = ("django", "flask", "starlette", "fastapi", "uvicorn", "sentry_sdk", "hypothesis", "trustme")


@pytest.fixture(scope="session")
def lowest_python() -> Path:
    python, _seconds = lowest.ensure_venv()
    return Path(python)


def test_the_lower_bounds_are_those_of_pyproject() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    expected = {}
    for text in dependencies:
        requirement = Requirement(text)
        (floor,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        expected[canonicalize_name(requirement.name)] = floor
    assert lowest.lower_bounds() == expected
    assert set(expected) == {"httpx", "attrs", "python-dateutil"}


@pytest.mark.parametrize(
    "dependency", ["httpx<1", "httpx", "httpx>0.28", "httpx>=0.28,>=0.27", "httpx>=0.28; os_name == 'nt'"]
)
def test_a_dependency_without_one_lower_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dependency: str
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\ndependencies = ["{dependency}", "attrs>=23.1"]\n')
    monkeypatch.setattr(lowest, "PYPROJECT", pyproject)
    with pytest.raises(lowest.LowestVersionsError, match="httpx"):
        lowest.lower_bounds()


def test_the_test_tools_are_the_dev_pins() -> None:
    pins = lowest.dev_pins()
    assert lowest.requirements()[-len(lowest.TOOLS) :] == [f"{tool}=={pins[tool]}" for tool in lowest.TOOLS]


def test_the_venv_holds_exactly_the_lower_bounds_and_no_extra(lowest_python: Path) -> None:
    bounds = lowest.lower_bounds()
    installed = lowest.installed_versions(lowest_python)
    assert {name: Version(version) for name, version in installed.items()} == {
        name: Version(version) for name, version in bounds.items()
    }
    probe = "import importlib.util, sys; print(*[m for m in sys.argv[1:] if importlib.util.find_spec(m)])"
    found = subprocess.run(
        [str(lowest_python), "-I", "-c", probe, *EXTRAS_AND_DEV_TOOLS], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == []


def test_the_unit_tests_pass_under_the_lowest_versions(lowest_python: Path, tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    result = lowest.run_unit_tests(lowest_python, "-q", f"--junitxml={report}")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
    suite = ET.parse(report).getroot().find("testsuite")  # noqa: S314 - the report pytest just wrote
    assert suite is not None
    counts = {key: int(suite.get(key, "-1")) for key in ("tests", "failures", "errors", "skipped")}
    assert counts["tests"] > 300, counts
    assert (counts["failures"], counts["errors"], counts["skipped"]) == (0, 0, 0), counts
    # Every chosen file ran (none was left out by a collection problem).
    ran = {case.get("classname", "").split(".")[1] for case in suite.iter("testcase")}
    assert ran == {Path(path).stem for path in lowest.UNIT_TESTS}
