"""The previous official SDK (``chainside-webpos-sdk==2.0.1``) as a benchmark baseline.

Its import name is also ``webpos_sdk``, so it cannot share a process with this SDK: it is installed
into a throwaway venv (``<repo>/.bench/previous-sdk-venv``, created once and reused) and driven by
``_previous_sdk_worker.py`` running there, over line-based JSON on the worker's stdin and stdout.
Times are measured inside the worker, so the pipe is not part of them::

    with PreviousSdk(url, CLIENT_ID, SECRET, order_uuid, body, signature) as old:
        seconds = old.per_call("get", 40)   # "get", "create", "list" or "callback"

``python benchmarks/previous_sdk.py`` is a self-check against a local sandbox.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

REQUIREMENT = "chainside-webpos-sdk==2.0.1"
REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".bench" / "previous-sdk-venv"
WORKER = Path(__file__).resolve().parent / "_previous_sdk_worker.py"
OPS = ("get", "create", "list", "callback")
_MARKER = ".complete"  # written last: a venv without it is half-built and is made again


class PreviousSdkError(RuntimeError):
    """The worker could not be set up, or an op failed (the message carries the worker's diagnosis)."""


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One venv builder at a time (two benchmark runs started together)."""
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


def _pip_supports_python_option() -> bool:
    if importlib.util.find_spec("pip") is None:
        return False
    major, minor, *_ = (int(p) if p.isdigit() else 0 for p in importlib.metadata.version("pip").split("."))
    return (major, minor) >= (22, 3)


def ensure_venv(venv: Path = VENV) -> tuple[Path, float]:
    """The venv's python, and the seconds spent creating the venv (0.0 when a complete one was reused)."""
    python, marker = venv_python(venv), venv / _MARKER
    venv.parent.mkdir(parents=True, exist_ok=True)
    with _locked(venv.parent / (venv.name + ".lock")):
        if python.exists() and marker.is_file() and marker.read_text() == REQUIREMENT:
            return python, 0.0
        print(f"creating {venv} with {REQUIREMENT} (once)", file=sys.stderr)
        start = time.perf_counter()
        shutil.rmtree(venv, ignore_errors=True)
        if _pip_supports_python_option():  # this venv's pip installs there: no ensurepip, twice faster
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
            pip = [sys.executable, "-m", "pip", "--python", str(python)]
        else:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(python), "-m", "pip"]
        subprocess.run([*pip, "install", "--disable-pip-version-check", "--quiet", REQUIREMENT], check=True)
        marker.write_text(REQUIREMENT)
        return python, time.perf_counter() - start


class PreviousSdk:
    """The previous SDK, installed into a throwaway venv of its own, driven through a worker process.

    ``startup_logins`` and ``logins`` (per op, summed over the ``per_call`` calls) count the logins
    seen by the sandbox (``GET /_sandbox/stats``); None when ``base_url`` is not the sandbox.
    ``patch_null_arrays`` works around the previous SDK's crash on ``"transactions": null`` (see the
    worker); with False, get and list fail against the sandbox for unpaid orders.
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        secret: str,
        order_uuid: str,
        callback_body: bytes,
        callback_signature: str,
        *,
        patch_null_arrays: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.python, self.venv_seconds = ensure_venv()
        self.logins: dict[str, int | None] = dict.fromkeys(OPS, 0)
        self._stats = httpx.Client(base_url=self.base_url, timeout=10)
        before = self._sandbox_logins()
        start = time.perf_counter()
        self._process: subprocess.Popen[str] | None = subprocess.Popen(
            [str(self.python), "-I", str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        setup = {
            "base_url": self.base_url,
            "client_id": client_id,
            "secret": secret,
            "order_uuid": order_uuid,
            "callback_body": base64.b64encode(callback_body).decode("ascii"),
            "callback_signature": callback_signature,
            "patch_null_arrays": patch_null_arrays,
        }
        try:
            self.sdk_path: str = self._ask(setup)["sdk"]
        except BaseException:
            self.close()
            raise
        self.startup_seconds = time.perf_counter() - start
        self.startup_logins = self._difference(before, self._sandbox_logins())

    def per_call(self, op: str, calls: int) -> float:
        """Seconds per call of ``op`` over ``calls`` calls, measured in the worker."""
        if op not in OPS:
            raise ValueError(f"op must be one of {', '.join(OPS)}, not {op!r}")
        if calls < 1:
            raise ValueError("calls must be >= 1")
        before = self._sandbox_logins()
        seconds = float(self._ask({"op": op, "calls": calls})["seconds"])
        done, total = self._difference(before, self._sandbox_logins()), self.logins[op]
        self.logins[op] = None if done is None or total is None else total + done
        return seconds

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None
            assert process.stdout is not None
            with contextlib.suppress(OSError):
                process.stdin.write('{"op": "quit"}\n')
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()
        self._stats.close()

    def __enter__(self) -> PreviousSdk:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        process = self._process
        if process is None:
            raise PreviousSdkError("closed")
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except OSError as err:
            raise PreviousSdkError(f"the worker is gone (exit code {process.poll()})") from err
        line = process.stdout.readline()
        if not line:
            raise PreviousSdkError(f"the worker is gone (exit code {process.wait()}), see its stderr above")
        reply: dict[str, Any] = json.loads(line)
        if not reply.get("ok"):
            raise PreviousSdkError(reply.get("error", line))
        return reply

    def _sandbox_logins(self) -> int | None:
        try:
            answer = self._stats.get("/_sandbox/stats")
            return int(answer.json()["logins"]) if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return None

    @staticmethod
    def _difference(before: int | None, after: int | None) -> int | None:
        return None if before is None or after is None else after - before


def main() -> None:
    """Self-check: the previous SDK's four ops against a local sandbox."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import yaml
    from run import CLIENT_ID, SECRET, sandbox_process

    from webpos_sdk import Client
    from webpos_sdk.callbacks import sign

    spec = yaml.safe_load((REPO / "openapi" / "webpos.yaml").read_text())
    body = json.dumps(spec["components"]["examples"]["PaymentCompleted"]["value"]).encode()
    with sandbox_process() as url, Client(client_id=CLIENT_ID, secret=SECRET, base_url=url) as client:
        order = client.create_payment_order({"amount": "10.00"})
        with PreviousSdk(url, CLIENT_ID, SECRET, str(order.uuid), body, sign(body, SECRET)) as old:
            made = f"created in {old.venv_seconds:.1f} s" if old.venv_seconds else "reused"
            print(f"venv {made}; worker ready in {old.startup_seconds:.2f} s, {old.startup_logins} login(s)")
            print(f"previous SDK from {old.sdk_path}")
            for op, calls in (("get", 40), ("create", 10), ("list", 10), ("callback", 500)):
                samples = [old.per_call(op, calls) for _ in range(5)]
                print(
                    f"{op:<9} {statistics.median(samples) * 1e6:9.1f} us per call (median of 5 x {calls} calls), "
                    f"{old.logins[op]} login(s)"
                )


if __name__ == "__main__":
    main()
