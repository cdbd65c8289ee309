"""Build the reference documentation: the HTTP API (Redoc) and the Python API (pdoc).

    python scripts/build_docs.py                 # into docs/ (what `make docs` runs)
    python scripts/build_docs.py --output DIR    # anywhere else (the tests build into a tmp dir)

Writes ``DIR/api/index.html`` (one self-contained page rendered by Redoc from
openapi/webpos.yaml through the Redocly CLI pinned in package.json, its JavaScript inlined so it
works offline and from ``file://``; each operation and webhook carries, as ``x-codeSamples``, the
SDK call cut from the README's tested code), ``DIR/python/`` (pdoc over every public module of
``webpos_sdk``, i.e. every module whose dotted name has no part starting with ``_``) and
``DIR/index.html`` opening the first (the package page: the README, then the API), which links
the second. ``DIR/api`` and ``DIR/python`` are replaced, nothing else in DIR
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
from typing import Any

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


#: A README code block that a test runs: ``<!-- tested: tests/test_readme.py::NAME -->`` then the block.
TESTED_BLOCK = re.compile(r"<!-- tested: tests/test_readme\.py::(\w+) -->\n```python\n(.*?)```", re.S)


def code_samples(readme: str) -> dict[str, str]:
    """The Python code sample of each operation, by operationId, cut from the README's tested
    block of every operation: its set-up lines (to the ``with Client(...)``) and the call's line."""
    blocks = dict(TESTED_BLOCK.findall(readme))
    lines = blocks["test_every_operation"].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("with "))
    header = "\n".join(lines[: start + 1])
    samples = {}
    for line in lines[start + 1 :]:
        call = re.search(r"\bclient\.(\w+)\(", line)
        if call:
            samples[call.group(1)] = f"{header}\n{line.rstrip()}\n"
    return samples


def webhook_sample(readme: str) -> str:
    """Receiving any callback: the README's tested ``construct_event`` block, then its router block."""
    blocks = dict(TESTED_BLOCK.findall(readme))
    router = "# Or with a router, which also de-duplicates:"
    return f"{blocks['test_construct_event']}\n\n{router}\n\n{blocks['test_router']}"


#: Redoc shows a sample whose label is one of its languages (``Python``), under that tab.
SAMPLE = {"lang": "Python", "label": "Python"}


def spec_with_samples(readme: str) -> dict[str, Any]:
    """The spec with ``x-codeSamples`` (Redoc's extension) holding the SDK call of each operation
    and webhook, taken from the README's tested code: the source spec is left as it is."""
    import yaml

    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    samples = code_samples(readme)
    for item in [*spec["paths"].values(), *spec.get("webhooks", {}).values()]:
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            if operation["operationId"] in samples:
                sample = samples[operation["operationId"]]
                operation["x-codeSamples"] = [{**SAMPLE, "source": sample}]
            elif operation["operationId"].startswith("on_"):
                # Redoc's webhook panel shows the payload alone: the sample goes in the description too
                sample = webhook_sample(readme)
                operation["x-codeSamples"] = [{**SAMPLE, "source": sample}]
                operation["description"] = (
                    f"{operation.get('description', '').rstrip()}\n\n"
                    f"**Receiving it with the Python SDK:**\n\n```python\n{sample.rstrip()}\n```\n"
                )
    return spec


def build_api(out: Path) -> Path:
    if not REDOCLY.exists():
        raise SystemExit(f"{REDOCLY.relative_to(ROOT)} missing: run `npm install` (make docs does)")
    target = out / "api" / "index.html"
    # --inlineBundle: the page must not load Redoc from a CDN. No telemetry from a build.
    env = dict(os.environ, REDOCLY_TELEMETRY="off")
    import tempfile

    import yaml

    with_samples = Path(tempfile.mkdtemp()) / "webpos.yaml"
    spec = spec_with_samples((ROOT / "README.md").read_text())
    with_samples.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    command = [
        str(REDOCLY), "build-docs", str(with_samples),
        "--output", str(target),
        "--config", str(REDOCLY_CONFIG),
        "--inlineBundle",
    ]  # fmt: skip
    try:
        run(command, "redocly build-docs", env=env)
    finally:
        shutil.rmtree(with_samples.parent, ignore_errors=True)
    if not target.is_file():
        raise SystemExit(f"redocly build-docs wrote no {target}")
    return target


TEMPLATES = ROOT / "scripts" / "pdoc_templates"


def build_python(out: Path) -> Path:
    """pdoc, in its own process (it imports the package): see :func:`render_python`."""
    target = out / "python"
    warnings = run([sys.executable, str(Path(__file__).resolve()), "--pdoc", str(target)], "pdoc")
    if re.search(r"^Warn|Warning:", warnings, re.MULTILINE):  # pdoc's own format is "Warn: ..."
        sys.stderr.write(warnings)
        raise SystemExit("pdoc warned: fix the docstrings or annotations it names")
    return target


def readme_page() -> str:
    """The package page: the README (the user's guide, every snippet in it tested), a link to the
    HTTP reference, then the package docstring."""
    import webpos_sdk

    readme = (ROOT / "README.md").read_text()
    reference = (
        "> **Reference**: the Python API is below and in the modules listed on the left; the HTTP API "
        "(every operation and callback, with the SDK call for each) is the "
        "[WebPOS API reference](../api/index.html)."
    )
    title, _, rest = readme.partition("\n")
    return f"{title}\n\n{reference}\n{rest}\n\n## The package\n\n{webpos_sdk.__doc__ or ''}"


def public_names() -> dict[str, str]:
    """``webpos_sdk._retry.RetryPolicy`` -> ``webpos_sdk.RetryPolicy``: every class a public module
    exports from a private one, under the shortest public module that exports it."""
    import importlib

    names: dict[str, str] = {}
    for module in sorted(public_modules(), key=lambda name: (name.count("."), len(name))):
        namespace = importlib.import_module(module)
        for name in getattr(namespace, "__all__", ()):
            value = getattr(namespace, name)
            defined_in = getattr(value, "__module__", "") if isinstance(value, type) else ""
            if defined_in.startswith(PACKAGE) and any(part.startswith("_") for part in defined_in.split(".")):
                names.setdefault(f"{defined_in}.{value.__qualname__}", f"{module}.{name}")
    return names


def _with_public_names(format_annotation: Any, names: dict[str, str]) -> Any:
    pattern = re.compile("|".join(re.escape(path) for path in sorted(names, key=len, reverse=True)) + r"\b")

    def formatted(annotation: Any, *args: Any, **kwargs: Any) -> str:
        text: str = format_annotation(annotation, *args, **kwargs)
        return pattern.sub(lambda match: names[match.group(0)], text) if names else text

    return formatted


def render_python(target: Path) -> None:
    """Render the public modules with our template; the package page opens on the README."""
    import inspect
    import warnings

    import pdoc
    import pdoc.doc
    import pdoc.render

    import webpos_sdk

    # Annotations name what users import (``webpos_sdk.RetryPolicy``), never a private module.
    names = public_names()
    inspect.formatannotation = _with_public_names(inspect.formatannotation, names)
    pdoc.doc.formatannotation = _with_public_names(pdoc.doc.formatannotation, names)  # type: ignore[attr-defined]
    webpos_sdk.__doc__ = readme_page()
    webpos_sdk.__docformat__ = "markdown"  # type: ignore[attr-defined]  # the README is Markdown; the other modules are reST
    pdoc.render.configure(
        docformat="restructuredtext",
        footer_text=f"chainside-webpos {version()}",
        template_directory=TEMPLATES,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*public_modules(), output_directory=target)
    for warning in caught:
        sys.stderr.write(f"Warning: {warning.message}\n")


LANDING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url=python/{package}.html">
</head>
<body>
<p>The reference opens on <a href="python/{package}.html">the guide and the Python API</a>; the HTTP
API is the <a href="api/index.html">WebPOS API reference</a>.</p>
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
    parser.add_argument("--pdoc", type=Path, help=argparse.SUPPRESS)  # the pdoc worker (build_python)
    args = parser.parse_args()
    if args.pdoc:
        render_python(args.pdoc)
        return
    build(args.output.resolve())


if __name__ == "__main__":
    main()
