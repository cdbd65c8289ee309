"""Generate the low-level client from the spec, or check that the committed one is current.

    python scripts/generate.py --output generated_client/webpos_generated
    python scripts/generate.py --check  generated_client/webpos_generated

Runs the pinned openapi-python-client with generator/config.yaml and custom_templates/,
fails on any generator warning, then copies the hand-written runtime (generator/runtime/*.py:
the parse and check helpers, the error classes) verbatim over the generated modules of the same
names, and adds py.typed. Those modules depend on nothing in the spec, so they are ordinary
source: ruff lints them where they are, and mypy --strict checks the byte-identical copies.
Generation happens in a temporary directory, so a failed run leaves the committed package untouched.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webpos.yaml"
CONFIG = ROOT / "generator" / "config.yaml"
TEMPLATES = ROOT / "custom_templates"
RUNTIME = ROOT / "generator" / "runtime"


def generate_into(target: Path) -> None:
    """Run the generator so that ``target`` (which must not exist) becomes the package."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(SPEC),
        "--meta", "none",
        "--output-path", str(target),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--fail-on-warning",
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (target / "__init__.py").exists():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"generation failed (exit {result.returncode})")
    for source in sorted(RUNTIME.glob("*.py")):
        if not (target / source.name).is_file():
            raise SystemExit(f"{source.name} replaces no generated module: the generator no longer writes it")
        shutil.copyfile(source, target / source.name)
    (target / "py.typed").write_text("")


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (added, removed or changed)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output", type=Path, help="write the package here (replacing it)")
    mode.add_argument("--check", type=Path, help="fail if this package differs from a fresh generation")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="webpos-gen-") as tmp:
        fresh = Path(tmp) / "pkg"
        generate_into(fresh)
        if args.check is not None:
            if not args.check.is_dir():
                print(f"{args.check} does not exist: run `make generate`", file=sys.stderr)
                return 1
            changed = differences(args.check, fresh)
            if changed:
                print(f"{args.check} is out of date with the spec and templates; run `make generate`.", file=sys.stderr)
                for name in changed:
                    print(f"  differs: {name}", file=sys.stderr)
                return 1
            print(f"{args.check} matches a fresh generation")
            return 0
        target: Path = args.output
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, target)
        print(f"generated {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
