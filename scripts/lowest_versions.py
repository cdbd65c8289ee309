"""The unit tests under the lowest versions of the runtime dependencies that pyproject.toml allows.

Every ``[project].dependencies`` entry must have a ``>=`` lower bound; each is installed exactly
(``httpx>=0.28,<1`` -> ``httpx==0.28``) into ``.venv-lowest/venv`` (a venv of this Python, made
once and reused while pyproject.toml and this Python stay the same), with the SDK itself
(editable, ``--no-deps``) and the test tools at their ``dev`` group pins. Their own dependencies
(httpcore, anyio, ...) are whatever pip picks. Then ``UNIT_TESTS`` run there: tests that reach the
API through ``httpx.MockTransport`` or a loopback server and need no redis-server, Django, npm or
browser. ``make test-lowest`` runs this script; ``tests/test_lowest_versions.py`` (in ``make
test``) and CI's "lowest versions" job run it too. Only the standard library is needed.

    python scripts/lowest_versions.py [pytest arguments]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
CACHE = ROOT / ".venv-lowest"
VENV = CACHE / "venv"
# Test tools installed beside the lowest runtime dependencies, at their pins in the dev group.
# redis: the `redis` extra, which test_facade_client's "no I/O at construction" test builds a
# client for (no server is contacted).
TOOLS = ("pytest", "pyyaml", "redis")
UNIT_TESTS = (
    "tests/test_client_options.py",
    "tests/test_deadline.py",
    "tests/test_facade_auth.py",
    "tests/test_facade_client.py",
    "tests/test_facade_errors.py",
    "tests/test_facade_retry.py",
    "tests/test_generated_client.py",
    "tests/test_imports.py",
    "tests/test_one_source.py",
    "tests/test_public_names.py",
)
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?")
_MARKER = "complete.json"  # written last: a venv without it is half-built and is made again


class LowestVersionsError(RuntimeError):
    """pyproject.toml does not say what the lowest versions are, or the venv could not be made."""


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict[str, object]:
    return tomllib.loads(PYPROJECT.read_text())


def lower_bounds() -> dict[str, str]:
    """Normalized name -> the version of its ``>=`` bound, for every runtime dependency."""
    bounds: dict[str, str] = {}
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    for requirement in project["dependencies"]:
        match = _REQUIREMENT.fullmatch(requirement)
        if match is None or match.group(4):
            raise LowestVersionsError(f"cannot read the dependency {requirement!r} (markers are not handled)")
        floors = [spec.strip()[2:].strip() for spec in match.group(3).split(",") if spec.strip().startswith(">=")]
        if len(floors) != 1 or not re.fullmatch(r"\d+(\.\d+)*", floors[0]):
            raise LowestVersionsError(f"the dependency {requirement!r} needs exactly one `>=X.Y` lower bound")
        bounds[_name(match.group(1))] = floors[0]
    return bounds


def dev_pins() -> dict[str, str]:
    """Normalized name -> pinned version, for the ``name==X`` entries of the dev dependency group."""
    groups = _pyproject()["dependency-groups"]
    assert isinstance(groups, dict)
    pins: dict[str, str] = {}
    for entry in groups["dev"]:
        if isinstance(entry, str) and "==" in entry:
            name, version = entry.split("==", 1)
            pins[_name(name)] = version.strip()
    return pins


def requirements() -> list[str]:
    """What is installed into the venv, besides the SDK itself."""
    pins = dev_pins()
    missing = [tool for tool in TOOLS if tool not in pins]
    if missing:
        raise LowestVersionsError(f"the dev dependency group pins none of {missing}")
    return [f"{name}=={version}" for name, version in lower_bounds().items()] + [
        f"{tool}=={pins[tool]}" for tool in TOOLS
    ]


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp() -> str:
    return json.dumps(
        {
            "requirements": requirements(),
            "python": sys.version,
            "base_prefix": sys.base_prefix,
            "pyproject": hashlib.sha256(PYPROJECT.read_bytes()).hexdigest(),
        },
        indent=1,
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One builder at a time (two test sessions started together)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pip(python: Path, *args: str) -> None:
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, timeout=600)
    if result.returncode != 0:
        raise LowestVersionsError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def ensure_venv(venv: Path = VENV) -> tuple[Path, float]:
    """The venv's python, and the seconds spent making it (0.0 when a complete one was reused)."""
    python, marker, stamp = venv_python(venv), venv / _MARKER, _stamp()
    venv.parent.mkdir(parents=True, exist_ok=True)
    with _locked(venv.parent / "lock"):
        if python.exists() and marker.is_file() and marker.read_text() == stamp:
            return python, 0.0
        start = time.perf_counter()
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        _pip(python, *requirements())
        _pip(python, "--no-deps", "--editable", str(ROOT))
        marker.write_text(stamp)
        return python, time.perf_counter() - start


def installed_versions(python: Path) -> dict[str, str]:
    """Normalized name -> installed version, in the venv of ``python``, of every runtime dependency."""
    code = (
        "import importlib.metadata as m, json, sys\nprint(json.dumps({name: m.version(name) for name in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", code, *lower_bounds()], capture_output=True, text=True, check=True, timeout=60
    )
    versions: dict[str, str] = json.loads(result.stdout)
    return versions


def run_unit_tests(python: Path, *pytest_args: str) -> subprocess.CompletedProcess[str]:
    """``UNIT_TESTS`` under ``python`` (the work tree's tests and pytest configuration)."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", *pytest_args, *UNIT_TESTS],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


def _same_version(installed: str, bound: str) -> bool:
    """``0.28.0`` is ``0.28`` (trailing zeros do not count)."""

    def release(version: str) -> list[int]:
        parts = [int(part) for part in version.split(".")]
        while parts and parts[-1] == 0:
            parts.pop()
        return parts

    return re.fullmatch(r"\d+(\.\d+)*", installed) is not None and release(installed) == release(bound)


def main(argv: Sequence[str]) -> int:
    python, seconds = ensure_venv()
    made = f"made in {seconds:.1f} s" if seconds else "reused"
    print(f"{VENV.relative_to(ROOT)} ({made}): {', '.join(requirements())}", flush=True)
    bounds, installed = lower_bounds(), installed_versions(python)
    wrong = {name: installed[name] for name, bound in bounds.items() if not _same_version(installed[name], bound)}
    if wrong:
        print(f"installed {wrong}, not the lower bounds {bounds}", file=sys.stderr)
        return 1
    result = run_unit_tests(python, *argv)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
