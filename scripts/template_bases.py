"""Each override in ``custom_templates/`` against the upstream template it started from.

openapi-python-client calls its templates a non-public API, and they change between releases
(from 0.28.4 to 0.29.1, 9 of our 11 overrides changed upstream). ``custom_templates/upstream-bases.json``
records, for the pinned release, the SHA-256 of the stock template each override was written
from. ``--check`` (the default; run by ``make check-generated``) fails, naming the files, when the
installed generator is another release or one of its stock templates no longer matches its
base: then the override must be merged by hand (``custom_templates/README.md`` says how) before
``--record`` writes the new bases. An override without a base, or a base without an override,
fails too.

``--merge OLD_STOCK`` does the three-way merge after an upgrade: for each override whose stock
template changed, ``git merge-file`` applies the upstream change (from ``OLD_STOCK``, the previous
release's templates, checked against the recorded bases, to the installed ones) to the override,
leaving conflict markers where both sides changed the same lines.

    python scripts/template_bases.py [--check | --record | --merge OLD_STOCK] [--templates DIR] [--stock DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "custom_templates"
BASES = "upstream-bases.json"
DISTRIBUTION = "openapi-python-client"


def stock_dir() -> Path:
    """The installed generator's own templates."""
    import openapi_python_client

    return Path(openapi_python_client.__file__).resolve().parent / "templates"


def overrides(templates: Path) -> list[str]:
    """The override files, as paths relative to ``templates``."""
    return sorted(str(p.relative_to(templates)) for p in templates.rglob("*.jinja"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(templates: Path, stock: Path, version: str) -> list[str]:
    """What stands between the overrides and a regeneration with the installed generator."""
    bases_file = templates / BASES
    if not bases_file.is_file():
        return [f"{bases_file} is missing: run with --record after checking every override"]
    recorded = json.loads(bases_file.read_text())
    problems: list[str] = []
    if recorded["version"] != version:
        problems.append(
            f"the bases were recorded for {DISTRIBUTION} {recorded['version']}, {version} is installed:"
            " merge every override whose stock template changed (listed below), then --record"
        )
    bases: dict[str, str] = recorded["templates"]
    for name in overrides(templates):
        if name not in bases:
            problems.append(f"{name}: an override without a recorded base (--record once it is reviewed)")
            continue
        upstream = stock / name
        if not upstream.is_file():
            problems.append(f"{name}: {DISTRIBUTION} {version} has no such template any more")
        elif digest(upstream) != bases[name]:
            problems.append(f"{name}: the stock template changed since the override was written: merge it")
    for name in sorted(bases.keys() - set(overrides(templates))):
        problems.append(f"{name}: a recorded base without an override (remove it with --record)")
    return problems


def record(templates: Path, stock: Path, version: str) -> None:
    bases = {name: digest(stock / name) for name in overrides(templates)}
    text = json.dumps({"version": version, "templates": bases}, indent=2, sort_keys=True) + "\n"
    (templates / BASES).write_text(text)


def merge(templates: Path, old_stock: Path, stock: Path) -> list[str]:
    """Three-way merge of every override whose stock template moved; returns the conflicted ones."""
    bases: dict[str, str] = json.loads((templates / BASES).read_text())["templates"]
    conflicted: list[str] = []
    for name in overrides(templates):
        base, new = old_stock / name, stock / name
        if digest(base) != bases.get(name):
            raise SystemExit(f"{base} is not the recorded base of {name}: pass the previous release's templates")
        if not new.is_file() or digest(new) == digest(base):
            continue
        result = subprocess.run(
            ["git", "merge-file", "-L", "ours (custom_templates)", "-L", "base", "-L", "upstream",
             str(templates / name), str(base), str(new)],
            check=False,
        )  # fmt: skip
        if result.returncode < 0 or result.returncode > 127:
            raise SystemExit(f"git merge-file failed on {name}")
        print(f"merged {name}" + (f" with {result.returncode} conflict(s)" if result.returncode else ""))
        if result.returncode:
            conflicted.append(name)
    return conflicted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail when a base moved (default)")
    mode.add_argument("--record", action="store_true", help="write the bases of the installed generator")
    mode.add_argument("--merge", type=Path, metavar="OLD_STOCK", help="merge upstream's changes into the overrides")
    parser.add_argument("--templates", type=Path, default=TEMPLATES)
    parser.add_argument("--stock", type=Path, default=None, help="the generator's templates (default: installed)")
    parser.add_argument("--version", default=None, help="the generator's version (default: installed)")
    args = parser.parse_args(argv)
    stock = args.stock or stock_dir()
    version = args.version or importlib.metadata.version(DISTRIBUTION)
    if args.merge is not None:
        conflicted = merge(args.templates, args.merge, stock)
        if conflicted:
            print(f"resolve the conflict markers in: {', '.join(conflicted)}", file=sys.stderr)
        return 1 if conflicted else 0
    if args.record:
        record(args.templates, stock, version)
        print(f"recorded the {DISTRIBUTION} {version} bases of {len(overrides(args.templates))} overrides")
        return 0
    problems = check(args.templates, stock, version)
    for problem in problems:
        print(f"template base: {problem}", file=sys.stderr)
    if problems:
        print("see custom_templates/README.md, 'Upgrading openapi-python-client'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
