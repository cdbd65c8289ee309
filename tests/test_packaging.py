"""Packaging: `python -m build` makes an sdist, and from it a wheel, that twine accepts, that hold
the two packages (typed) and nothing else, and that install into a clean venv and import. The
metadata's classifiers are on PyPI's list (the trove-classifiers package) and true: the Python
versions are those requires-python allows and CI tests, the frameworks those the extras serve.

The build runs on a copy of the work tree without anything git ignores (no ``.venv``, no stale
``*.egg-info``), as a fresh clone would build. Installing fetches the runtime dependencies
(httpx, attrs, python-dateutil) with pip from the configured index.
"""

from __future__ import annotations

import email.parser
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trove_classifiers
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from test_workflows import python_matrix

import webpos_sdk

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"webpos_sdk": ROOT / "webpos_sdk", "webpos_generated": ROOT / "generated_client" / "webpos_generated"}
# What git ignores (.gitignore): left out of the copy that is built.
IGNORED_ANYWHERE = {".git", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}
IGNORED_PATHS = {
    ".venv",
    ".venv-lowest",
    ".bench",
    "node_modules",
    "build",
    "dist",
    "docs/_build",
    "spec-reuse/generated",
}


def _ignored(directory: str, names: list[str]) -> set[str]:
    relative = Path(directory).relative_to(ROOT)
    return {
        name
        for name in names
        if name in IGNORED_ANYWHERE
        or name.endswith((".egg-info", ".pyc"))
        or (relative / name).as_posix() in IGNORED_PATHS
    }


def _version() -> str:
    """The version, read from its single source without importing the package."""
    match = re.fullmatch(r'__version__ = "([^"]+)"\n', (ROOT / "webpos_sdk" / "_version.py").read_text())
    assert match, 'webpos_sdk/_version.py must be the single line `__version__ = "X.Y.Z"`'
    return match.group(1)


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, cwd=cwd, timeout=600
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path

    def sdist_names(self) -> set[str]:
        with tarfile.open(self.sdist) as tar:
            root = f"chainside_webpos-{_version()}/"
            return {member.name.removeprefix(root) for member in tar.getmembers() if member.isfile()}

    def wheel_names(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as wheel:
            return set(wheel.namelist())


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=_ignored)
    out = tmp / "dist"
    # Without --sdist/--wheel, build makes the sdist and then the wheel *from the sdist*.
    _run(sys.executable, "-m", "build", "--outdir", out, source)
    sdists, wheels = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    assert len(sdists) == 1, sdists
    assert len(wheels) == 1, wheels
    return Dist(sdists[0], wheels[0])


def test_twine_check_passes(dist: Dist) -> None:
    result = _run(sys.executable, "-m", "twine", "check", "--strict", dist.sdist, dist.wheel)
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_version_has_a_single_source(dist: Dist) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "webpos_sdk._version.__version__"}
    version = _version()
    assert dist.sdist.name == f"chainside_webpos-{version}.tar.gz"
    assert dist.wheel.name == f"chainside_webpos-{version}-py3-none-any.whl"
    with zipfile.ZipFile(dist.wheel) as wheel:
        metadata = email.parser.Parser().parsestr(wheel.read(f"chainside_webpos-{version}.dist-info/METADATA").decode())
    assert metadata["Name"] == "chainside-webpos"
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "MIT"
    assert re.search(rf"^## {re.escape(version)}\b", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE), (
        f"CHANGELOG.md has no `## {version}` section"
    )


def test_the_wheel_holds_both_packages_typed_and_nothing_else(dist: Dist) -> None:
    names = dist.wheel_names()
    info = f"chainside_webpos-{_version()}.dist-info"
    assert {name.split("/")[0] for name in names} == {"webpos_sdk", "webpos_generated", info}
    assert {"webpos_sdk/py.typed", "webpos_generated/py.typed", f"{info}/licenses/LICENSE"} <= names
    assert "webpos = webpos_sdk.cli:main" in zipfile.ZipFile(dist.wheel).read(f"{info}/entry_points.txt").decode()
    # Every file of both packages in the work tree is in the wheel: a sub-package without
    # __init__.py, or a data file not declared as package data, would be silently left out.
    for package, directory in PACKAGES.items():
        expected = {
            f"{package}/{path.relative_to(directory).as_posix()}"
            for path in directory.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        assert expected - names == set(), f"missing from the wheel: {sorted(expected - names)}"
        assert {name for name in names if name.startswith(f"{package}/")} == expected


def test_the_sdist_holds_what_builds_the_wheel_and_no_tests(dist: Dist) -> None:
    names = dist.sdist_names()
    assert {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "PKG-INFO",
        "webpos_sdk/py.typed",
        "webpos_sdk/__init__.py",
        "generated_client/webpos_generated/py.typed",
        "generated_client/webpos_generated/__init__.py",
    } <= names
    tops = {name.split("/")[0] for name in names}
    for unwanted in ("tests", "benchmarks", "spec-reuse", "scripts", "node_modules", ".github", "custom_templates"):
        assert unwanted not in tops, f"{unwanted}/ is in the sdist"
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_and_the_sdist_install_into_a_clean_venv_and_import(dist: Dist, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)  # no --system-site-packages: only what the package pulls in
    python = venv / "bin" / "python"
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import importlib.resources, json, sys\n"
        "import webpos_sdk, webpos_generated\n"
        "from webpos_sdk import Client, AsyncClient\n"
        "from webpos_sdk.callbacks import construct_event\n"
        "from webpos_generated.client import AuthenticatedClient\n"
        "print(json.dumps({\n"
        "    'version': webpos_sdk.__version__,\n"
        "    'files': [webpos_sdk.__file__, webpos_generated.__file__],\n"
        "    'typed': [importlib.resources.files(p).joinpath('py.typed').is_file()\n"
        "              for p in ('webpos_sdk', 'webpos_generated')],\n"
        "    'prefix': sys.prefix,\n"
        "}))\n"
    )
    for artifact, extra in ((dist.wheel, ()), (dist.sdist, ("--force-reinstall", "--no-deps"))):
        _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *extra, artifact)
        # -I: isolated mode, so neither the work tree nor PYTHONPATH can supply the packages.
        seen = json.loads(_run(python, "-I", probe, cwd=tmp_path).stdout)
        assert seen["version"] == _version(), artifact.name
        assert seen["typed"] == [True, True], artifact.name
        site = Path(seen["prefix"]).resolve()
        assert all(Path(file).resolve().is_relative_to(site) for file in seen["files"]), seen
        assert "usage: webpos" in _run(venv / "bin" / "webpos", "--help", cwd=tmp_path).stdout


# ------------------------------------------------------------------------ metadata


URL_LABELS = {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
# Framework classifier -> (extra, a distribution it installs) that serves it.
FRAMEWORKS = {"Django": ("django", "django"), "Flask": ("flask", "flask"), "FastAPI": ("asgi", "starlette")}


def _extra_requirements(extra: str) -> dict[str, Requirement]:
    return {Requirement(text).name: Requirement(text) for text in _project()["optional-dependencies"][extra]}


def test_every_classifier_is_on_pypis_list_once() -> None:
    classifiers: list[str] = _project()["classifiers"]
    assert len(set(classifiers)) == len(classifiers)
    assert [c for c in classifiers if c not in trove_classifiers.classifiers] == []
    assert [c for c in classifiers if c in trove_classifiers.deprecated_classifiers] == []
    # The license is the SPDX expression of `license` (PEP 639); a License :: classifier beside it
    # is refused by setuptools.
    assert [c for c in classifiers if c.startswith("License ::")] == []
    for needed in ("Typing :: Typed", "Programming Language :: Python :: 3 :: Only", "Intended Audience :: Developers"):
        assert needed in classifiers


@pytest.mark.parametrize(
    "classifier", ["Programming Language :: Python :: 3.11 ", "Framework :: Flask :: 3", "Typing :: Typed :: Yes"]
)
def test_the_list_refuses_a_misspelled_classifier(classifier: str) -> None:
    assert classifier not in trove_classifiers.classifiers


def test_the_python_classifiers_are_what_requires_python_allows_and_ci_tests() -> None:
    project = _project()
    versions = [
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    allowed = SpecifierSet(project["requires-python"])
    assert versions, "no Programming Language :: Python :: 3.X classifier"
    assert all(Version(version) in allowed for version in versions), (versions, str(allowed))
    major, minor = map(int, versions[0].split("."))
    assert Version(f"{major}.{minor - 1}") not in allowed, f"requires-python allows {major}.{minor - 1} too"
    assert versions == python_matrix(), "the Python classifiers and ci.yml's matrix differ"


def test_the_framework_classifiers_are_the_frameworks_the_extras_serve() -> None:
    classifiers: list[str] = _project()["classifiers"]
    frameworks = {c.split(" :: ")[1] for c in classifiers if c.startswith("Framework :: ")}
    assert frameworks == {*FRAMEWORKS, "AsyncIO"}
    assert "AsyncClient" in webpos_sdk.__all__  # Framework :: AsyncIO
    for extra, distribution in FRAMEWORKS.values():
        assert distribution in _extra_requirements(extra), (extra, distribution)


def test_the_django_classifiers_run_from_the_extras_lower_bound_to_the_tested_version() -> None:
    classifiers: list[str] = _project()["classifiers"]
    listed = [
        Version(c.rsplit(" :: ", 1)[1]) for c in classifiers if re.fullmatch(r"Framework :: Django :: \d+\.\d+", c)
    ]
    (floor,) = [Version(s.version) for s in _extra_requirements("django")["django"].specifier if s.operator == ">="]
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["dev"]
    (tested,) = [
        Version(entry.split("==")[1]) for entry in groups if isinstance(entry, str) and entry.startswith("django==")
    ]
    releases = sorted(
        Version(c.rsplit(" :: ", 1)[1])
        for c in trove_classifiers.classifiers
        if re.fullmatch(r"Framework :: Django :: \d+\.\d+", c)
    )
    expected = [v for v in releases if floor <= v <= Version(f"{tested.major}.{tested.minor}")]
    assert listed == expected


def test_the_project_urls_point_at_one_repository() -> None:
    urls: dict[str, str] = _project()["urls"]
    assert set(urls) == URL_LABELS
    source = urls["Source"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", source), source
    assert urls["Homepage"] == source
    assert urls["Issues"] == f"{source}/issues"
    assert urls["Documentation"] == f"{source}#readme"
    assert urls["Changelog"] == f"{source}/blob/main/CHANGELOG.md"
    assert (ROOT / "CHANGELOG.md").is_file()


def test_the_wheel_metadata_carries_the_urls_classifiers_and_bounds(dist: Dist) -> None:
    project = _project()
    with zipfile.ZipFile(dist.wheel) as wheel:
        text = wheel.read(f"chainside_webpos-{_version()}.dist-info/METADATA").decode()
    metadata = email.parser.Parser().parsestr(text)
    assert metadata.get_all("Classifier") == project["classifiers"]
    assert dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL")) == project["urls"]
    assert metadata["Requires-Python"] == project["requires-python"]
    runtime = [Requirement(r) for r in metadata.get_all("Requires-Dist") if "extra ==" not in r]
    assert {str(r) for r in runtime} == {str(Requirement(r)) for r in project["dependencies"]}
