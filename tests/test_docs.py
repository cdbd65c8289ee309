"""The reference documentation: scripts/build_docs.py (what `make docs` runs) builds it, headless
Chromium renders it.

The HTTP reference is rendered by Redoc in the browser. The built page holds a server-side
prerender of the overview only (tags collapsed, no operation); the JavaScript app hydrates it,
routes on the URL fragment (``#/<tag>/<operationId>``) and mounts an operation's section when its
route is opened. So every operation and webhook of the spec is opened by its route in Debian's
``chromium`` (``make test`` installs it; without it these tests fail, they never skip), and the
mounted section must show the operation's summary, and for a path its method and path: only the
running app produces them. One browser serves every route, driven over the DevTools protocol on a
pipe (no extra Python package, no port).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from _support import HTTP_METHODS, load_spec

ROOT = Path(__file__).resolve().parents[1]
BUILD_DOCS = ROOT / "scripts" / "build_docs.py"
PACKAGE_DIR = ROOT / "webpos_sdk"
SPEC = load_spec()

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # tests run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the page must work offline: nothing may be fetched
    "--remote-debugging-pipe",
)
ROUTE_TIMEOUT = 30.0  # seconds for one route to render (about 0.1-1.5 s here)


# ----------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Operation:
    operation_id: str
    summary: str
    tag: str
    label: str  # "POST /payment-order" for a path, "webhook payment.completed" for a webhook
    method_and_path: str | None  # what Redoc shows for a path operation; None for a webhook

    @property
    def route(self) -> str:
        """Redoc's route: the tag's slug, then the operationId."""
        return re.sub(r"[^a-z0-9]+", "-", self.tag.lower()).strip("-") + "/" + self.operation_id


def spec_operations() -> list[Operation]:
    found = []
    for kind in ("paths", "webhooks"):
        for name, item in SPEC.get(kind, {}).items():
            for method in HTTP_METHODS:
                if method in item:
                    op = item[method]
                    shown = f"{method.upper()} {name}" if kind == "paths" else None
                    label = shown or f"webhook {name}"
                    found.append(Operation(op["operationId"], op["summary"], op["tags"][0], label, shown))
    return found


OPERATIONS = spec_operations()


def public_modules() -> list[str]:
    """Every module of webpos_sdk with no dotted part starting with ``_``."""
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(parts))
    return names


def squeezed(text: str) -> str:
    return " ".join(text.split())


def text_of(markup: str) -> str:
    """Visible text of static HTML: no scripts or styles, entities decoded, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", markup, flags=re.DOTALL | re.IGNORECASE)
    return squeezed(unescape(re.sub(r"<[^>]+>", " ", markup)))


class Chromium:
    """Headless Chromium driven over the DevTools protocol with ``--remote-debugging-pipe``:
    commands go in on the browser's fd 3, answers and events come out on its fd 4, each message
    one JSON object ended by a NUL byte."""

    def __init__(self, executable: str, workdir: Path) -> None:
        self.log_path = workdir / "chromium.log"
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()
        # bash puts the two pipe ends on fds 3 and 4, then becomes chromium (dash refuses fds > 9).
        command = [
            "bash",
            "-c",
            f'exec "$0" "$@" 3<&{to_browser} {to_browser}<&- 4>&{from_browser} {from_browser}>&-',
            executable,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={workdir / 'profile'}",
            "about:blank",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._last_id = 0
        self.session: str | None = None
        self.events: list[dict[str, Any]] = []

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._in], [], [], remaining)[0]:
                raise TimeoutError(f"chromium did not answer in time; its log:\n{self.log_tail()}")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError(
                    f"chromium closed the pipe (exit {self.process.poll()}); its log:\n{self.log_tail()}"
                )
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    def call(self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False) -> dict[str, Any]:
        """Send a command (to the attached page, unless ``browser``) and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + ROUTE_TIMEOUT
        while True:
            answer = self._message(deadline)
            if answer.get("id") != self._last_id:
                self.events.append(answer)
                continue
            if "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            result: dict[str, Any] = answer["result"]
            return result

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, browser=True)[
            "sessionId"
        ]
        self.call("Runtime.enable")
        self.call("Page.enable")
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, done: Callable[[Any], bool]) -> Any:
        """Evaluate ``expression`` until ``done`` accepts its value; the last value on timeout."""
        deadline = time.monotonic() + ROUTE_TIMEOUT
        while True:
            value = self.evaluate(expression)
            if done(value) or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    def script_errors(self) -> list[str]:
        """Uncaught exceptions and console.error calls of the page so far."""
        errors = []
        for event in self.events:
            if event.get("method") == "Runtime.exceptionThrown":
                details = event["params"]["exceptionDetails"]
                errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] == "error":
                errors.append(
                    " ".join(str(arg.get("value", arg.get("description"))) for arg in event["params"]["args"])
                )
        return errors

    def close(self) -> None:
        try:
            self.call("Browser.close", browser=True)
            self.process.wait(timeout=10)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._out)
            os.close(self._in)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation, built exactly as `make docs` builds it, into a temporary directory."""
    out = tmp_path_factory.mktemp("docs")
    result = subprocess.run(
        [sys.executable, str(BUILD_DOCS), "--output", str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@contextlib.contextmanager
def chromium_browser(workdir: Path) -> Iterator[Chromium]:
    """Debian's chromium; the calling test fails (never skips) when it is not installed."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is missing: `make test` installs Debian's package (or: apt-get install chromium)")
    browser = Chromium(executable, workdir)
    try:
        yield browser
    finally:
        browser.close()


def sample_call(op: Operation) -> str:
    """What the operation's code sample (``x-codeSamples``, from the README's tested code) calls."""
    return f"client.{op.operation_id}(" if op.method_and_path else "construct_event("


def shows_operation(op: Operation, found: dict[str, Any]) -> bool:
    text = found["text"]
    return (
        text is not None
        and op.summary in squeezed(text)
        and (op.method_and_path or "") in squeezed(text)
        and sample_call(op) in text
    )


def check_api_reference(chromium: Chromium, page: Path) -> None:
    """Open every operation and webhook of the spec by its route; each must mount and show itself."""
    chromium.open(page.as_uri())
    overview = chromium.wait_for(
        "document.body ? document.body.innerText : ''", lambda text: SPEC["info"]["title"] in text
    )
    assert SPEC["info"]["title"] in overview, f"overview not rendered: {overview[:500]!r}"
    for tag in SPEC["tags"]:
        assert tag["name"] in overview, f"tag {tag['name']!r} not in the overview: {overview[:500]!r}"

    problems = []
    for op in OPERATIONS:
        chromium.evaluate(f"location.hash = {json.dumps('#/' + op.route)}")
        # A mounted section has an id; a placeholder waiting to be scrolled to has none.
        section = json.dumps(f'[data-section-id="/{op.route}"][id]')
        link = json.dumps(f'a[href="#/{op.route}"]')
        found = chromium.wait_for(
            f"""(() => {{
                const section = document.querySelector({section});
                return {{text: section ? section.innerText : null, linked: document.querySelector({link}) !== null}};
            }})()""",
            functools.partial(shows_operation, op),
        )
        if found["text"] is None:
            problems.append(f"{op.label}: section /{op.route} never mounted")
            continue
        text = squeezed(found["text"])
        if op.summary not in text:
            problems.append(f"{op.label}: summary {op.summary!r} not in its section: {text[:300]!r}")
        if op.method_and_path and op.method_and_path not in text:
            problems.append(f"{op.label}: {op.method_and_path!r} not in its section: {text[:300]!r}")
        if sample_call(op) not in found["text"]:
            problems.append(f"{op.label}: no Python code sample calling {sample_call(op)!r}: {text[:300]!r}")
        if not found["linked"]:
            problems.append(f"{op.label}: no navigation link to #/{op.route}")
    assert not problems, "\n".join(problems)
    errors = chromium.script_errors()
    assert not errors, f"the page reported script errors: {errors}"


# ------------------------------------------------------------------------------- tests


def test_the_spec_has_what_the_rendering_test_walks() -> None:
    assert len(OPERATIONS) >= 16
    assert any(op.method_and_path is None for op in OPERATIONS), "no webhooks found"
    assert len({op.operation_id for op in OPERATIONS}) == len(OPERATIONS)


def test_build_writes_both_references_and_a_landing_page(docs: Path) -> None:
    page = (docs / "api" / "index.html").read_text()
    # --inlineBundle: Redoc is inside the page, so it renders offline and from file://.
    assert not re.search(r"<script[^>]+src=", page), "the API reference loads a script from elsewhere"
    assert (docs / "python" / "webpos_sdk.html").is_file()
    landing = (docs / "index.html").read_text()
    # the site opens on the package page (the README); the HTTP reference is linked from there too
    assert '<meta http-equiv="refresh" content="0; url=python/webpos_sdk.html">' in landing
    links = re.findall(r'href="([^"]+)"', landing)
    assert set(links) == {"api/index.html", "python/webpos_sdk.html"}
    for link in links:
        assert (docs / link).is_file(), link
    package = (docs / "python" / "webpos_sdk.html").read_text()
    assert 'href="../api/index.html"' in package
    assert (docs / "python" / "../api/index.html").resolve().is_file()


def test_every_operation_and_webhook_renders_in_chromium(docs: Path, tmp_path: Path) -> None:
    with chromium_browser(tmp_path) as chromium:
        check_api_reference(chromium, docs / "api" / "index.html")


def test_python_reference_has_a_page_per_public_module(docs: Path) -> None:
    pages = {
        ".".join(page.relative_to(docs / "python").with_suffix("").parts)
        for page in (docs / "python").rglob("*.html")
        if page.name != "index.html"
    }
    assert pages == set(public_modules())
    for required in ("webpos_sdk", "webpos_sdk.client", "webpos_sdk.callbacks", "webpos_sdk.exceptions"):
        assert required in pages
    assert not any(part.startswith("_") for page in pages for part in page.split("."))


@pytest.mark.parametrize(
    "module",
    ["webpos_sdk", "webpos_sdk.callbacks", "webpos_sdk.exceptions", "webpos_sdk.objects", "webpos_sdk.sandbox"],
)
def test_python_reference_documents_every_exported_name(docs: Path, module: str) -> None:
    page = (docs / "python" / Path(*module.split("."))).with_suffix(".html").read_text()
    exported = importlib.import_module(module).__all__
    assert exported
    missing = [name for name in exported if f'id="{name}"' not in page]
    assert not missing, f"{module}: not documented: {missing}"


def test_python_reference_documents_the_clients_and_callbacks(docs: Path) -> None:
    top = (docs / "python" / "webpos_sdk.html").read_text()
    for name in ("Client", "AsyncClient", "RetryPolicy", "SdkException"):
        assert f'id="{name}"' in top, name
    clients = (docs / "python" / "webpos_sdk" / "client.html").read_text()
    for op in OPERATIONS:
        if op.method_and_path:  # every API operation is a method of both clients
            for client in ("Client", "AsyncClient"):
                assert f'id="{client}.{op.operation_id}"' in clients, f"{client}.{op.operation_id}"
    callbacks = (docs / "python" / "webpos_sdk" / "callbacks.html").read_text()
    for name in ("verify", "sign", "construct_event", "CallbackRouter", "CallbackDeduplicator"):
        assert f'id="{name}"' in callbacks, name
    assert "HMAC-SHA512" in text_of(callbacks)  # module docstrings are rendered, not just names


def test_python_reference_never_names_the_generated_package(docs: Path) -> None:
    """Signatures, types and texts name the public ``webpos_sdk.objects`` classes (the source
    listings of our own modules, which import the generated package, are left out)."""
    named = {}
    for page in (docs / "python").rglob("*.html"):
        text = re.sub(r'<div class="pdoc-code codehilite">.*?</div>', "", page.read_text(), flags=re.S)
        if page.name == "webpos_sdk.html":  # the README's map of the repository names generated_client/
            text = re.sub(r'<section class="module-info">.*?</section>', "", text, flags=re.S)
        if "webpos_generated" in text:
            named[page.name] = text.count("webpos_generated")
    assert not named, named


README = (ROOT / "README.md").read_text()


def _signatures(page: str) -> list[str]:
    """The text of every class header, signature and attribute pdoc rendered (not prose, not source),
    without whitespace (the highlighter spaces out every token: ``webpos_sdk . _retry``)."""
    page = re.sub(r'<div class="pdoc-code codehilite">.*?</div>', "", page, flags=re.S)
    blocks = re.findall(r'<div class="attr \w+">(.*?)</div>', page, flags=re.S)
    return [re.sub(r"\s", "", text_of(block)) for block in blocks]


def test_the_python_reference_opens_on_the_readme(docs: Path) -> None:
    page = (docs / "python" / "webpos_sdk.html").read_text()
    text = text_of(page)
    title = README.splitlines()[0].lstrip("# ").strip()
    assert text.find(title) < text.find("Quickstart") < text.find("class Client")  # the guide first
    for heading in re.findall(r"^## (.+)$", README, flags=re.M):  # every section of the README
        assert text_of(heading.replace("`", "")) in text, heading
    # the README's code is rendered as code, not as prose
    blocks = [re.sub(r"<[^>]+>|\s", "", unescape(b)) for b in re.findall(r"<pre>(.*?)</pre>", page, flags=re.S)]
    assert any("client.create_payment_order(" in b and "fromwebpos_sdkimportClient" in b for b in blocks)
    assert "<table>" in page  # the README's tables are tables


def test_the_python_reference_names_only_public_things(docs: Path) -> None:
    """No private base class, no private or generated module path, no TypeVar, in any class header,
    signature or attribute of any page (prose may name a logger such as ``webpos_sdk._retry``)."""
    private = re.compile(r"\b_Core\b|webpos_sdk(?:\.\w+)*\._\w+|webpos_generated|~\w+|\*<class")
    found = {}
    for path in (docs / "python").rglob("*.html"):
        names = {m.group(0) for block in _signatures(path.read_text()) for m in private.finditer(block)}
        if names:
            found[str(path.relative_to(docs))] = sorted(names)
    assert not found, found


def test_the_clients_show_their_constructor_keywords_and_shared_members(docs: Path) -> None:
    from webpos_sdk.client import ClientOptions

    page = (docs / "python" / "webpos_sdk" / "client.html").read_text()
    signatures = _signatures(page)
    for client in ("Client", "AsyncClient"):
        (header,) = [s for s in signatures if s.startswith(f"class{client}:")]  # no private base shown
        assert "_Core" not in header
        constructor = next(s for s in signatures if s.startswith(f"{client}(conf"))
        for keyword in ClientOptions.__annotations__:  # spelt out, each with its type
            assert re.search(rf"[,(*]{keyword}:[^=]+\|None=None", constructor), (client, keyword)
        for member in (
            "with_options",
            "capture_answer",
            "settings",
            "retry",
            "tokens",
            "close" if client == "Client" else "aclose",
        ):
            assert f'id="{client}.{member}"' in page, (client, member)  # rendered in full, under the client


def test_the_package_page_and_code_samples_render_in_chromium(docs: Path, tmp_path: Path) -> None:
    with chromium_browser(tmp_path) as chromium:
        chromium.open((docs / "index.html").as_uri())  # the landing page redirects to the package page
        shown = chromium.wait_for(
            "location.href.endsWith('/python/webpos_sdk.html') && document.body ? document.body.innerText : ''",
            lambda text: bool(text) and "Quickstart" in text,
        )
        assert "Quickstart" in shown
        assert "client.create_payment_order(" in shown
        assert "WebPOS API reference" in shown
        assert not chromium.script_errors()
