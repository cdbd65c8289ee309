"""``make bench``: the SDK against baselines measured in the same run, on the same local sandbox.

Each line: the SDK's median time per operation, the baseline's, their ratio, the target and
whether it is met; where the previous SDK (``chainside-webpos-sdk`` 2.0.1, in a venv of its own)
can do the same work, its ratio to the same baseline. Rounds are interleaved (SDK, baseline,
previous SDK, SDK, ...) so that machine noise hits all alike. Not part of ``make test``: nothing
here asserts a time. ``--no-previous`` skips the previous SDK (it needs PyPI the first time).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import math
import multiprocessing
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import yaml
from webpos_generated import types as generated_types

from webpos_sdk import AsyncClient, Client, DictCache
from webpos_sdk.callbacks import construct_event, sign
from webpos_sdk.objects import PaymentOrderList

ROUNDS = 15
CALLS = 40
CLIENT_ID, SECRET = "bench-client", "bench-secret"
ROOT = Path(__file__).resolve().parent.parent
CREATE_BODY = {"amount": "10.00", "reference": "bench"}
LIST_QUERY = {"page": 0, "page_size": 20, "sort_by": "created_at", "sort_order": "desc"}

Round = Callable[[int], float]  # runs n calls, returns seconds per call


def timed(fn: Callable[[], object]) -> Round:
    def run(calls: int) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - start) / calls

    return run


def verdict(ratio: float, target: float, higher_is_better: bool = False) -> str:
    met = ratio >= target if higher_is_better else ratio <= target
    return "met" if met else "MISSED"


def compare(
    name: str,
    sdk: Round,
    base: Round,
    target: float,
    *,
    calls: int = CALLS,
    previous: Round | None = None,
    parse_only: Round | None = None,
    rounds: int = ROUNDS,
) -> None:
    """Median per-call time of each side over interleaved rounds; one printed line.

    ``parse_only`` (information): the baseline plus the generated models' typed parse, to show
    how much of the SDK's extra time is that parse rather than the facade."""
    extras = [run for run in (previous, parse_only) if run is not None]
    contenders = [sdk, base, *extras]
    for run in contenders:
        run(2)  # warm up
    samples: list[list[float]] = [[] for _ in contenders]
    for _ in range(rounds):
        for run, into in zip(contenders, samples, strict=True):
            into.append(run(calls))
    medians = [statistics.median(s) for s in samples]
    ratio = medians[0] / medians[1]
    line = (
        f"{name:<46} sdk {medians[0] * 1e6:8.1f} us  baseline {medians[1] * 1e6:8.1f} us  "
        f"ratio {ratio:5.2f}x  (target <= {target:.2f}x: {verdict(ratio, target)})"
    )
    named = dict(zip(extras, medians[2:], strict=True))
    if previous:
        line += f"  previous SDK {named[previous] / medians[1]:5.2f}x"
    if parse_only:
        line += f"  (raw + typed parse alone {named[parse_only] / medians[1]:5.2f}x)"
    print(line, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], object], what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except (OSError, httpx.TransportError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.05)


@contextlib.contextmanager
def sandbox_process(*extra: str) -> Iterator[str]:
    """The sandbox in a process of its own, so that it does not share the GIL with the clients."""
    port = free_port()
    command = [sys.executable, "-m", "webpos_sdk.cli", "sandbox", "--port", str(port)]
    command += ["--client-id", CLIENT_ID, "--secret", SECRET, *extra]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: httpx.get(url + "/_sandbox/stats", timeout=1), "the sandbox")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def redis_process() -> Iterator[int]:
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                workdir,
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close(), "redis-server")
            yield port
        finally:
            server.terminate()
            server.wait(timeout=10)


def logins(url: str) -> int:
    return int(httpx.get(url + "/_sandbox/stats").json()["logins"])


# ------------------------------------------------------------------------------ per call

# Issue 16's targets: (with the speedups extra, without it).
TARGETS = {"call": (1.00, 1.08), "callback": (1.30, 1.50)}


@contextlib.contextmanager
def json_backend(name: str) -> Iterator[None]:
    """Decode through orjson (the speedups extra) or the standard library, as WEBPOS_SDK_JSON does."""
    saved = generated_types.json_backend
    generated_types.use_json_backend(name)
    try:
        yield
    finally:
        generated_types.use_json_backend(saved)


def per_call_benchmarks(url: str, use_previous: bool) -> None:
    client = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url)
    order = client.create_payment_order({"amount": "10.00"})
    for _ in range(25):  # a full page for the list benchmark
        client.create_payment_order({"amount": "10.00"})
    raw = httpx.Client(base_url=url, headers={"X-Api-Version": "v1", "Accept": "application/json"})
    token = raw.post(
        "/token", auth=(CLIENT_ID, SECRET), data={"grant_type": "client_credentials", "scope": "*"}
    ).json()["access_token"]
    raw.headers["Authorization"] = f"Bearer {token}"
    path = f"/payment-order/{order.uuid}"

    body, signature = callback_body()
    key = hashlib.sha256(SECRET.encode()).digest()

    def bare_callback() -> object:
        digest = hmac.new(key, body, hashlib.sha512).digest()
        if not hmac.compare_digest(digest, base64.b64decode(signature)):
            raise AssertionError("bad signature")
        return json.loads(body)

    previous = None
    if use_previous:
        previous = start_previous(url, str(order.uuid), body, signature)

    def prev(op: str) -> Round | None:
        return (lambda calls: previous.per_call(op, calls)) if previous is not None else None

    try:
        for backend, label, which in (("orjson", "[speedups]", 0), ("stdlib", "[stdlib json]", 1)):
            print(f"-- {label}: the SDK decodes with {backend}; the baselines always use json.loads", flush=True)
            with json_backend(backend):
                call, callback = TARGETS["call"][which], TARGETS["callback"][which]
                compare(
                    "get_payment_order vs raw httpx GET + json",
                    timed(lambda: client.get_payment_order(order.uuid)),
                    timed(lambda: json.loads(raw.get(path).content)),
                    call,
                    previous=prev("get"),
                )
                compare(
                    "create_payment_order vs raw httpx POST + json",
                    timed(lambda: client.create_payment_order(CREATE_BODY)),
                    timed(lambda: json.loads(raw.post("/payment-order", json=CREATE_BODY).content)),
                    call,
                    calls=10,
                    previous=prev("create"),
                )
                compare(
                    "get_payment_orders (page of 20) vs raw",
                    timed(lambda: client.get_payment_orders(**LIST_QUERY)),
                    timed(lambda: json.loads(raw.get("/payment-order", params=LIST_QUERY).content)),
                    call,
                    calls=10,
                    previous=prev("list"),
                    parse_only=timed(
                        lambda: PaymentOrderList.from_dict(
                            json.loads(raw.get("/payment-order", params=LIST_QUERY).content)
                        )
                    ),
                )
                compare(
                    "callback verify + typed parse vs HMAC + json",
                    timed(lambda: construct_event({"chainside-signature": signature}, body, SECRET)),
                    timed(bare_callback),
                    callback,
                    calls=500,
                    previous=prev("callback"),
                )
                for concurrency in (50, 500):
                    async_throughput(url, order.uuid, dict(raw.headers), path, concurrency)
    finally:
        if previous is not None:
            previous.close()
    cold_start(url, str(order.uuid))
    memory(url, client, dict(raw.headers))
    client.close()
    raw.close()


def callback_body() -> tuple[bytes, str]:
    spec = yaml.safe_load((ROOT / "openapi" / "webpos.yaml").read_text(encoding="utf-8"))
    body = json.dumps(spec["components"]["examples"]["PaymentCompleted"]["value"]).encode()
    return body, sign(body, SECRET)


def start_previous(url: str, order_uuid: str, body: bytes, signature: str) -> Any:
    """The previous SDK in its throwaway venv, or None (printed) when it cannot be set up."""
    try:
        from previous_sdk import PreviousSdk  # benchmarks/ is on sys.path

        return PreviousSdk(url, CLIENT_ID, SECRET, order_uuid, body, signature)
    except Exception as err:  # report it and go on with our own figures
        print(f"previous SDK unavailable: {type(err).__name__}: {err}", flush=True)
        return None


def async_throughput(url: str, order_uuid: object, headers: dict[str, str], path: str, concurrency: int) -> None:
    """``concurrency`` concurrent get_payment_order: rounds of the SDK and raw httpx interleaved."""

    async def rounds() -> tuple[list[float], list[float]]:
        ours: list[float] = []
        theirs: list[float] = []
        async with (
            # Both with httpx's default pool (100 connections): 500 concurrent calls queue for it.
            AsyncClient(client_id=CLIENT_ID, secret=SECRET, base_url=url, timeout=60) as ac,
            httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as rc,
        ):
            for _ in range(ROUNDS if concurrency <= 50 else 7):
                # Each side's pool warmed right before its round: a round longer than httpx's
                # keep-alive expiry (5 s) would otherwise close the other side's idle connections,
                # and its next round would pay for opening them (httpcore's cold pool is slow with
                # hundreds of queued requests), a cascade measured as 95 requests/s for both.
                await asyncio.gather(*(ac.get_payment_order(order_uuid) for _ in range(concurrency)))  # type: ignore[arg-type]
                start = time.perf_counter()
                await asyncio.gather(*(ac.get_payment_order(order_uuid) for _ in range(concurrency)))  # type: ignore[arg-type]
                ours.append(concurrency / (time.perf_counter() - start))
                await asyncio.gather(*(rc.get(path) for _ in range(concurrency)))
                start = time.perf_counter()
                answers = await asyncio.gather(*(rc.get(path) for _ in range(concurrency)))
                [json.loads(a.content) for a in answers]
                theirs.append(concurrency / (time.perf_counter() - start))
        return ours, theirs

    ours, theirs = asyncio.run(rounds())
    a, b = statistics.median(ours), statistics.median(theirs)
    name = f"async: {concurrency} concurrent get_payment_order"
    print(
        f"{name:<46} sdk {a:8.0f}/s   baseline {b:8.0f}/s   "
        f"ratio {a / b:5.2f}x  (target >= 0.97x throughput: {verdict(a / b, 0.97, higher_is_better=True)})",
        flush=True,
    )


def cold_start(url: str, order_uuid: str) -> None:
    """A new client's first call (its login, then the get) vs a new httpx.Client's two requests."""
    headers = {"X-Api-Version": "v1", "Accept": "application/json"}
    form = {"grant_type": "client_credentials", "scope": "*"}

    def ours(calls: int) -> float:
        total = 0.0
        for _ in range(calls):
            start = time.perf_counter()
            with Client(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=_private_cache()) as client:
                client.get_payment_order(order_uuid)
            total += time.perf_counter() - start
        return total / calls

    def theirs(calls: int) -> float:
        total = 0.0
        for _ in range(calls):
            start = time.perf_counter()
            with httpx.Client(base_url=url, headers=headers) as raw:
                token = json.loads(raw.post("/token", auth=(CLIENT_ID, SECRET), data=form).content)["access_token"]
                bearer = {"Authorization": f"Bearer {token}"}
                json.loads(raw.get(f"/payment-order/{order_uuid}", headers=bearer).content)
            total += time.perf_counter() - start
        return total / calls

    compare("cold client: login + get vs two raw requests", ours, theirs, 1.10, calls=5)


def memory(url: str, client: Client, headers: dict[str, str]) -> None:
    """What one client and one parsed page of 40 orders hold (tracemalloc; information only)."""
    import gc
    import tracemalloc

    for _ in range(15):  # enough orders for a full page of 40
        client.create_payment_order({"amount": "10.00"})
    order_uuid = client.get_payment_orders(**LIST_QUERY).paymentorders[0].uuid  # type: ignore[index]
    query = {**LIST_QUERY, "page_size": 40}
    raw_body = httpx.get(url + "/payment-order", params=query, headers=headers).content

    def held(make: Callable[[], object]) -> tuple[float, object]:
        gc.collect()
        before = tracemalloc.take_snapshot()
        kept = make()
        gc.collect()
        return sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename")), kept

    def one_client() -> Client:
        fresh = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=_private_cache())
        fresh.get_payment_order(order_uuid)
        return fresh

    tracemalloc.start()
    client_bytes, fresh = held(one_client)
    page_bytes, page = held(lambda: PaymentOrderList.from_dict(json.loads(raw_body)))
    dict_bytes, _ = held(lambda: json.loads(raw_body))
    tracemalloc.stop()
    orders = len(page.paymentorders or [])  # type: ignore[attr-defined]
    print(f"{'memory: one client (pool, token, first call)':<46} {client_bytes / 1024:8.1f} KiB", flush=True)
    print(
        f"{f'memory: one parsed page of {orders} orders':<46} {page_bytes / 1024:8.1f} KiB  "
        f"(json.loads dicts alone {dict_bytes / 1024:.1f} KiB; {len(raw_body) / 1024:.1f} KiB on the wire; "
        "the typed page also keeps the dicts, for reads by key)",
        flush=True,
    )
    fresh.close()  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ logins

LIFETIME = 4  # seconds: the sandbox's token lifetime in the login benchmarks
REFRESH = LIFETIME - min(30.0, LIFETIME / 5)  # the SDK renews a token this long after login


def login_line(name: str, count: int, elapsed: float) -> None:
    bound = math.floor(elapsed / REFRESH) + 1  # token lifetimes the run spanned
    ok = "met" if count <= bound else "MISSED"
    print(
        f"{'logins: ' + name:<46} logins {count:4d}  in {elapsed:5.1f} s = {bound} token lifetime(s)  "
        f"(target: one per lifetime: {ok})",
        flush=True,
    )


def logins_threads(url: str, uuid: str) -> None:
    client = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=_private_cache())
    before = logins(url)
    start = time.perf_counter()
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        for _ in range(500):
            client.get_payment_order(uuid)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    login_line("8 threads x 500 calls, one cold Client", logins(url) - before, time.perf_counter() - start)
    client.close()


def logins_tasks(url: str, uuid: str) -> None:
    async def run() -> tuple[int, float]:
        async with AsyncClient(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=_private_cache()) as ac:
            before = logins(url)
            start = time.perf_counter()

            async def work() -> None:
                for _ in range(60):
                    await ac.get_payment_order(uuid)

            await asyncio.gather(*(work() for _ in range(64)))
            return logins(url) - before, time.perf_counter() - start

    count, elapsed = asyncio.run(run())
    login_line("64 asyncio tasks x 60 calls, one cold client", count, elapsed)


def _process_worker(url: str, redis_port: int, uuid: str, calls: int, start_at: float) -> None:
    cache = {"driver": "redis", "options": {"hostname": "127.0.0.1", "port": redis_port}}
    client = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=cache)
    time.sleep(max(0.0, start_at - time.time()))
    for _ in range(calls):
        client.get_payment_order(uuid)
    client.close()


def logins_processes(url: str, uuid: str) -> None:
    with redis_process() as port:
        before = logins(url)
        context = multiprocessing.get_context("spawn")
        start_at = time.time() + 2.0  # all four start together, after their imports
        workers = [context.Process(target=_process_worker, args=(url, port, uuid, 1000, start_at)) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if any(w.exitcode for w in workers):
            raise RuntimeError("a worker process failed")
        login_line("4 processes x 1000 calls sharing Redis", logins(url) - before, time.time() - start_at)


def _private_cache() -> DictCache:
    """A dict cache of this client alone, so that one benchmark's token does not serve the next."""
    return DictCache()


# ------------------------------------------------------------------------------ import time


# As installed from a wheel: with bytecode (pip compiles it; PYTHONDONTWRITEBYTECODE, which some
# environments set, would make every import of a source checkout compile it again).
IMPORT_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_time(statement: str) -> float:
    code = f"import time; s = time.perf_counter(); {statement}; print(time.perf_counter() - s)"
    command = [sys.executable, "-X", "frozen_modules=on", "-c", code]
    return float(subprocess.check_output(command, text=True, env=IMPORT_ENV))


def import_benchmark() -> None:
    import_time("import webpos_sdk, webpos_generated.api.payment_orders.get_payment_order")  # writes bytecode
    time.sleep(1.0)  # let the servers of the benchmarks above finish exiting
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(15):  # interleaved fresh interpreters
        ours.append(import_time("import webpos_sdk"))
        theirs.append(import_time("import httpx"))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(
        f"{'import webpos_sdk vs import httpx':<46} sdk {a * 1e3:8.1f} ms  baseline {b * 1e3:8.1f} ms  "
        f"ratio {a / b:5.2f}x  (target <= 1.05x: {verdict(a / b, 1.05)})",
        flush=True,
    )
    first = statistics.median(
        import_time("from webpos_sdk import Client; import webpos_generated.api.payment_orders.get_payment_order")
        for _ in range(5)
    )
    print(f"{'  (with what the first call imports)':<46} sdk {first * 1e3:8.1f} ms  (information only)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-previous", action="store_true", help="skip the previous SDK")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print(
        f"{time.strftime('%Y-%m-%d')}  python {platform.python_version()}  httpx {httpx.__version__}  "
        f"{os.cpu_count()} cores  {platform.machine()}; {ROUNDS} interleaved rounds, medians\n",
        flush=True,
    )
    with sandbox_process() as url:
        per_call_benchmarks(url, use_previous=not args.no_previous)
    with sandbox_process("--token-lifetime", str(LIFETIME)) as url:
        setup = Client(client_id=CLIENT_ID, secret=SECRET, base_url=url, cache=_private_cache())
        uuid = str(setup.create_payment_order({"amount": "1.00"}).uuid)
        setup.close()
        logins_threads(url, uuid)
        logins_tasks(url, uuid)
        logins_processes(url, uuid)
    import_benchmark()


if __name__ == "__main__":
    main()
