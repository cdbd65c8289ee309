"""Packaging: `python -m build` makes an sdist, and from it a wheel, that twine accepts, that hold
the two packages (typed) and nothing else, and that install into a clean venv and import.

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

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"webpos_sdk": ROOT / "webpos_sdk", "webpos_generated": ROOT / "generated_client" / "webpos_generated"}
# What git ignores (.gitignore): left out of the copy that is built.
IGNORED_ANYWHERE = {".git", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}
IGNORED_PATHS = {".venv", ".venv-lowest", ".bench", "node_modules", "build", "dist", "docs/_build", "spec-reuse/generated"}


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
