"""Build the reference documentation: the HTTP API (Redoc) and the Python API (pdoc).

    python scripts/build_docs.py                 # into docs/ (what `make docs` runs)
    python scripts/build_docs.py --output DIR    # anywhere else (the tests build into a tmp dir)

Writes ``DIR/api/index.html`` (one self-contained page rendered by Redoc from
openapi/webpos.yaml through the Redocly CLI pinned in package.json, its JavaScript inlined so it
works offline and from ``file://``), ``DIR/python/`` (pdoc over every public module of
``webpos_sdk``, i.e. every module whose dotted name has no part starting with ``_``) and
``DIR/index.html`` linking both. ``DIR/api`` and ``DIR/python`` are replaced, nothing else in DIR
is touched. Fails when a tool fails or when pdoc warns (a docstring or annotation it could not
render).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webpos.yaml"
REDOCLY_CONFIG = ROOT / "redocly.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
PACKAGE = "webpos_sdk"


def public_modules(package_dir: Path = ROOT / PACKAGE) -> list[str]:
    """Dotted names of the package's public modules, found on disk (nothing is imported)."""
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(parts))
    return names


def version() -> str:
    text = (ROOT / PACKAGE / "_version.py").read_text()
    match = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    return match.group(1) if match else "unknown"


def run(command: list[str], what: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{what} failed (exit {result.returncode})")
    return result.stderr


def build_api(out: Path) -> Path:
    if not REDOCLY.exists():
        raise SystemExit(f"{REDOCLY.relative_to(ROOT)} missing: run `npm install` (make docs does)")
    target = out / "api" / "index.html"
    # --inlineBundle: the page must not load Redoc from a CDN. No telemetry from a build.
    env = dict(os.environ, REDOCLY_TELEMETRY="off")
    command = [
        str(REDOCLY), "build-docs", str(SPEC),
        "--output", str(target),
        "--config", str(REDOCLY_CONFIG),
        "--inlineBundle",
    ]  # fmt: skip
    run(command, "redocly build-docs", env=env)
    if not target.is_file():
        raise SystemExit(f"redocly build-docs wrote no {target}")
    return target


def build_python(out: Path) -> Path:
    target = out / "python"
    command = [
        sys.executable, "-m", "pdoc",
        "--output-directory", str(target),
        "--docformat", "restructuredtext",
        "--footer-text", f"chainside-webpos {version()}",
        *public_modules(),
    ]  # fmt: skip
    warnings = run(command, "pdoc")
    if re.search(r"^Warn|Warning:", warnings, re.MULTILINE):  # pdoc's own format is "Warn: ..."
        sys.stderr.write(warnings)
        raise SystemExit("pdoc warned: fix the docstrings or annotations it names")
    return target


LANDING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em; }}</style>
</head>
<body>
<h1>{title}</h1>
<ul>
<li><a href="api/index.html">HTTP API reference</a>: every operation and callback of the WebPOS API
(from <code>openapi/webpos.yaml</code>).</li>
<li><a href="python/{package}.html">Python API reference</a> of <code>{package}</code>: clients,
callbacks, exceptions, sandbox.</li>
</ul>
</body>
</html>
"""


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("api", "python"):
        shutil.rmtree(out / stale, ignore_errors=True)
    api = build_api(out)
    python = build_python(out)
    title = html.escape(f"Chainside Pay WebPOS SDK {version()}: reference")
    (out / "index.html").write_text(LANDING.format(title=title, package=PACKAGE))
    print(f"HTTP API reference:   {api}")
    print(f"Python API reference: {python / (PACKAGE + '.html')}")
    print(f"landing page:         {out / 'index.html'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="directory to build into (default: docs)")
    args = parser.parse_args()
    build(args.output.resolve())


if __name__ == "__main__":
    main()
