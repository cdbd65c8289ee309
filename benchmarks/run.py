"""``make bench``: the SDK against baselines measured in the same run, on the same local sandbox.

Each line: the SDK's median time per operation, the baseline's, their ratio, and the target.
Rounds are interleaved (SDK, baseline, SDK, ...) so that machine noise hits both alike.
Not part of ``make test``: nothing here asserts a time.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import yaml

from webpos_sdk import AsyncClient, Client
from webpos_sdk.callbacks import construct_event, sign

ROUNDS = 15
CALLS = 40
CLIENT_ID, SECRET = "bench-client", "bench-secret"


def per_call(fn: Callable[[], object], calls: int = CALLS) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def compare(name: str, sdk: Callable[[], object], base: Callable[[], object], target: str, calls: int = CALLS) -> None:
    sdk(), base()  # warm up
    ours, theirs = [], []
    for _ in range(ROUNDS):
        ours.append(per_call(sdk, calls))
        theirs.append(per_call(base, calls))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{name:<44} sdk {a * 1e6:9.1f} us  baseline {b * 1e6:9.1f} us  ratio {a / b:5.2f}x  (target {target})")


def import_time(module: str) -> float:
    code = f"import time; s = time.perf_counter(); import {module}; print(time.perf_counter() - s)"
    samples = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(7)]
    return statistics.median(samples)


@contextlib.contextmanager
def sandbox_process() -> Iterator[str]:
    """The sandbox in a process of its own, so that it does not share the GIL with the clients."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "webpos_sdk.cli", "sandbox", "--port", str(port)]
    command += ["--client-id", CLIENT_ID, "--secret", SECRET]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx.get(url + "/_sandbox/stats", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    print(f"python {sys.version.split()[0]}, {ROUNDS} interleaved rounds of {CALLS} calls, medians\n")
    with sandbox_process() as url:
        client = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url)
        order = client.create_payment_order({"amount": "10.00"})
        raw = httpx.Client(base_url=url, headers={"X-Api-Version": "v1", "Accept": "application/json"})
        token = raw.post(
            "/token", auth=(CLIENT_ID, SECRET), data={"grant_type": "client_credentials", "scope": "*"}
        ).json()["access_token"]
        raw.headers["Authorization"] = f"Bearer {token}"
        path = f"/payment-order/{order.uuid}"
        compare(
            "get_payment_order vs raw httpx GET + json",
            lambda: client.get_payment_order(order.uuid),
            lambda: json.loads(raw.get(path).content),
            "<= 1.20x",
        )
        compare(
            "create_payment_order vs raw httpx POST + json",
            lambda: client.create_payment_order({"amount": "10.00", "reference": "bench"}),
            lambda: json.loads(raw.post("/payment-order", json={"amount": "10.00", "reference": "bench"}).content),
            "<= 1.20x",
            calls=10,
        )
        compare(
            "get_payment_orders (page of 20) vs raw",
            lambda: client.get_payment_orders(page=0, page_size=20),
            lambda: json.loads(raw.get("/payment-order", params={"page": 0, "page_size": 20}).content),
            "<= 1.20x",
            calls=10,
        )

        async def concurrent(sdk: bool) -> float:
            async with (
                AsyncClient(client_id=CLIENT_ID, secret=SECRET, base_url=url) as ac,
                httpx.AsyncClient(base_url=url, headers=dict(raw.headers)) as rc,
            ):
                await ac.get_payment_order(order.uuid)
                start = time.perf_counter()
                if sdk:
                    await asyncio.gather(*(ac.get_payment_order(order.uuid) for _ in range(50)))
                else:
                    await asyncio.gather(*(rc.get(path) for _ in range(50)))
                return 50 / (time.perf_counter() - start)

        ours = statistics.median(asyncio.run(concurrent(True)) for _ in range(7))
        theirs = statistics.median(asyncio.run(concurrent(False)) for _ in range(7))
        print(
            f"{'async: 50 concurrent get_payment_order':<44} sdk {ours:9.0f}/s   baseline {theirs:9.0f}/s  "
            f"ratio {ours / theirs:5.2f}x  (target >= 0.85x throughput)"
        )
        client.close()
        raw.close()

    spec = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi" / "webpos.yaml").read_text())
    body = json.dumps(spec["components"]["examples"]["PaymentCompleted"]["value"]).encode()
    signature = sign(body, SECRET)
    key = hashlib.sha256(SECRET.encode()).digest()

    def bare() -> object:
        digest = hmac.new(key, body, hashlib.sha512).digest()
        assert hmac.compare_digest(digest, base64.b64decode(signature))
        return json.loads(body)

    compare(
        "callback verify + typed parse vs HMAC + json",
        lambda: construct_event({"chainside-signature": signature}, body, SECRET),
        bare,
        "<= 2.0x",
        calls=500,
    )
    ours_import, httpx_import = import_time("webpos_sdk"), import_time("httpx")
    print(
        f"{'import webpos_sdk vs import httpx':<44} sdk {ours_import * 1e3:9.1f} ms  "
        f"baseline {httpx_import * 1e3:9.1f} ms  ratio {ours_import / httpx_import:5.2f}x  (target <= 1.3x)"
    )


if __name__ == "__main__":
    main()
