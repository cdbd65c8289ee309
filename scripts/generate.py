"""Generate the low-level client from the spec, or check that the committed one is current.

    python scripts/generate.py --output generated_client/webpos_generated
    python scripts/generate.py --check  generated_client/webpos_generated

Runs the pinned openapi-python-client with generator/config.yaml and custom_templates/,
plus one template written here from the spec, ``spec_rules.jinja``: the spec's
machine-readable rules (``x-webpos-open-enum``, ``x-webpos-lenient-datetime``), which the
generator does not hand to templates, so that the templates read them from the spec instead
of hard-coding them. It fails on any generator warning, then copies the hand-written runtime (generator/runtime/*.py:
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
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webpos.yaml"
CONFIG = ROOT / "generator" / "config.yaml"
TEMPLATES = ROOT / "custom_templates"
RUNTIME = ROOT / "generator" / "runtime"


RULES_TEMPLATE = "spec_rules.jinja"


def _properties(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema's properties, those of its ``allOf`` parts (local ``$ref``s followed) included."""
    found: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        ref = part.get("$ref", "")
        found.update(_properties(schemas, schemas[ref.rsplit("/", 1)[-1]] if ref else part))
    found.update(schema.get("properties", {}))
    return found


def _flag(where: str, node: dict[str, Any], key: str) -> bool:
    value = node.get(key, False)
    if not isinstance(value, bool):
        raise SystemExit(f"{where}: {key} must be true or false, not {value!r}")
    return value


def spec_rules(spec: dict[str, Any]) -> str:
    """The Jinja template that hands the spec's ``x-webpos-*`` rules to the templates.

    ``open_enums``: the enum schemas marked ``x-webpos-open-enum`` (every enum in the spec is a
    component, so its name is the class name). ``lenient_datetimes``: ``Model.property`` for every
    date-time property marked ``x-webpos-lenient-datetime``, ``allOf`` parts included (the
    generator gives a template only the model's own part of the schema).
    """
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    open_enums: list[str] = []
    lenient: list[str] = []
    for name, schema in schemas.items():
        if _flag(f"components.schemas.{name}", schema, "x-webpos-open-enum"):
            if "enum" not in schema:
                raise SystemExit(f"components.schemas.{name}: x-webpos-open-enum on a schema without enum")
            open_enums.append(name)
        for prop_name, prop in _properties(schemas, schema).items():
            where = f"components.schemas.{name}.{prop_name}"
            if _flag(where, prop, "x-webpos-lenient-datetime"):
                if prop.get("format") != "date-time":
                    raise SystemExit(f"{where}: x-webpos-lenient-datetime on a property that is not a date-time")
                lenient.append(f"{name}.{prop_name}")
    return (
        "{# Written by scripts/generate.py from the spec for this generation; not a file to edit. #}\n"
        f"{{% set open_enums = {sorted(open_enums)!r} %}}\n"
        f"{{% set lenient_datetimes = {sorted(lenient)!r} %}}\n"
    )


def templates_with_rules(tmp: Path, spec_path: Path) -> Path:
    """custom_templates/ plus the rules template, in a directory of its own under ``tmp``."""
    templates = tmp / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("*.md", "*.json"))
    with spec_path.open(encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    (templates / RULES_TEMPLATE).write_text(spec_rules(spec), encoding="utf-8")
    return templates


def generate_into(target: Path, spec_path: Path = SPEC) -> None:
    """Run the generator so that ``target`` (which must not exist) becomes the package."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(spec_path),
        "--meta", "none",
        "--output-path", str(target),
        "--config", str(CONFIG),
        "--custom-template-path", str(templates_with_rules(target.parent, spec_path)),
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
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI document (default: %(default)s)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="webpos-gen-") as tmp:
        fresh = Path(tmp) / "pkg"
        generate_into(fresh, args.spec)
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
