"""Helpers shared by the spec and generated-client tests: the spec, its examples, mock clients."""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import yaml
from webpos_generated.client import AuthenticatedClient

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "webpos.yaml"
BASE_URL = "https://api.test"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@functools.cache
def _spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.safe_load(f)
    return spec


def load_spec() -> dict[str, Any]:
    """A fresh copy of the spec: tests may mutate it."""
    return copy.deepcopy(_spec())


def resolve(node: Any, spec: dict[str, Any] | None = None) -> Any:
    """Follow a local ``$ref`` (``#/a/b``) until reaching a node that is not a reference."""
    spec = spec if spec is not None else _spec()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations(spec: dict[str, Any] | None = None) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """``(path, method, path_item, operation)`` for every operation under ``paths``."""
    spec = spec if spec is not None else _spec()
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item, item[method]


def operation(operation_id: str) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    (found,) = [op for op in operations() if op[3]["operationId"] == operation_id]
    return found


def schema_example(name: str, index: int = 0) -> Any:
    """A copy of ``components/schemas/<name>/examples[index]``."""
    return copy.deepcopy(_spec()["components"]["schemas"][name]["examples"][index])


def response_example(name: str) -> Any:
    """A copy of the JSON example of ``components/responses/<name>``."""
    return copy.deepcopy(_spec()["components"]["responses"][name]["content"]["application/json"]["example"])


def parameter_example(name: str) -> Any:
    return _spec()["components"]["parameters"][name]["example"]


class Recorder:
    """A MockTransport handler answering the same response every time and keeping the requests."""

    def __init__(
        self,
        status_code: int = 200,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.json = json
        self.content = content
        self.headers = headers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.json is not None:
            return httpx.Response(self.status_code, json=self.json, headers=self.headers)
        return httpx.Response(self.status_code, content=self.content, headers=self.headers)

    @property
    def request(self) -> httpx.Request:
        """The only request received."""
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler) -> AuthenticatedClient:
    """A generated-API client whose sync and async transports are ``handler``."""
    client = AuthenticatedClient(base_url=BASE_URL, token="t")
    transport = httpx.MockTransport(handler)
    client.set_httpx_client(httpx.Client(base_url=BASE_URL, transport=transport))
    client.set_async_httpx_client(httpx.AsyncClient(base_url=BASE_URL, transport=transport))
    return client


def run_webpos(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> Any:
    """The ``webpos`` command run for real in its own process, with no ``WEBPOS_*`` variable but
    ``env``'s: a ``subprocess.CompletedProcess`` with text output."""
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if not k.startswith("WEBPOS_")} | (env or {})
    done = subprocess.run(
        [sys.executable, "-m", "webpos_sdk.cli", *args],
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def settle(done: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``done`` until it holds or ``timeout`` passes (the caller asserts afterwards): for what
    another thread records a moment later, such as the sandbox noting a callback's answer."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.01)
