"""Fault report: what reaches the merchant when the network and the workers fail (``make bench``).

* exactly-once create: 1,000 ``create_payment_order`` calls with a ``reference``, each meeting
  an ambiguous fault from the fault proxy (reset before / in the middle of the answer, answer
  held past the timeout, request blackholed, 5xx) -> duplicate orders, unknown outcomes;
* lost callbacks: 1,000 callbacks delivered twice at once to two workers sharing a real Redis,
  one worker in ten dying mid-handler (``SystemExit``) -> callbacks never handled, handled twice.

The figures are counts, not timings, so they are the same on any machine; the README's
"Reliability" section quotes them.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _faultproxy import (  # noqa: E402
    BLACKHOLE,
    RESET_BEFORE_RESPONSE,
    RESET_MID_RESPONSE,
    FaultProxy,
    latency,
    respond,
    sandbox_token,
)

from webpos_sdk import AsyncClient, Client, DictCache, RetryPolicy  # noqa: E402
from webpos_sdk.callbacks import CallbackDeduplicator, CallbackRouter, Event, sign  # noqa: E402
from webpos_sdk.exceptions import SdkException  # noqa: E402
from webpos_sdk.sandbox import SandboxConfig, serve  # noqa: E402

CLIENT_ID, SECRET = "fault-report", "fault-report-secret"
POLICY = RetryPolicy(max_attempts=3, backoff_base=0.001, backoff_max=0.002, deadline=10.0)
TIMEOUT = 0.3
SYNC_FAULTS = [RESET_BEFORE_RESPONSE, RESET_MID_RESPONSE, BLACKHOLE, respond(500, "4000"), respond(503, "4006")]


def exactly_once_create(calls: int = 1000) -> None:
    held = calls // 10
    with (
        serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as sandbox,
        FaultProxy(("127.0.0.1", sandbox.port)) as proxy,
    ):
        token = sandbox_token(sandbox.base_url, CLIENT_ID, SECRET)
        references = [f"report-{n}-{uuid.uuid4().hex[:8]}" for n in range(calls)]
        outcomes: dict[str, object] = {}
        started = time.monotonic()
        with Client(
            client_id=CLIENT_ID, secret=SECRET, base_url=proxy.url, cache=DictCache(), timeout=TIMEOUT, retry=POLICY
        ) as client:
            client.tokens.store(token, 3600)
            for n, reference in enumerate(references[:-held]):
                proxy.inject(SYNC_FAULTS[n % len(SYNC_FAULTS)], method="POST", path="/payment-order")
                try:
                    outcomes[reference] = client.create_payment_order({"amount": "1.00", "reference": reference})
                except SdkException as err:
                    outcomes[reference] = err
        proxy.inject(latency(2 * TIMEOUT), method="POST", path="/payment-order", times=held)

        async def concurrently() -> list[object]:
            async with AsyncClient(
                client_id=CLIENT_ID, secret=SECRET, base_url=proxy.url, cache=DictCache(), timeout=TIMEOUT, retry=POLICY
            ) as client:
                client.tokens.store(token, 3600)
                jobs = [client.create_payment_order({"amount": "1.00", "reference": r}) for r in references[-held:]]
                return await asyncio.gather(*jobs, return_exceptions=True)

        for reference, outcome in zip(references[-held:], asyncio.run(concurrently()), strict=True):
            outcomes[reference] = outcome
        elapsed = time.monotonic() - started
        time.sleep(2 * TIMEOUT)  # held answers still reaching the sandbox
        made = Counter(o["reference"] for o in sandbox.state.orders.values())
    duplicates = sum(made[r] - 1 for r in references if made[r] > 1)
    unknown = sum(isinstance(o, BaseException) for o in outcomes.values())
    missing = sum(made[r] == 0 for r in references)
    print(
        f"{'exactly-once create: ' + str(calls) + ' creates, each under an ambiguous fault':<62} "
        f"duplicates {duplicates}  unknown outcomes {unknown}  missing {missing}  ({elapsed:.1f} s)",
        flush=True,
    )


def callback_body(n: int) -> bytes:
    """The spec's payment.completed example, as a new order's callback created now."""
    from _support import load_spec

    payload = dict(load_spec()["components"]["examples"]["PaymentCompleted"]["value"])
    payload["object"] = dict(payload["object"], uuid=str(uuid.uuid4()), reference=f"cb-{n}")
    payload["created_at"] = datetime.now(UTC).isoformat()
    return json.dumps(payload).encode()


def lost_callbacks(deliveries: int = 1000) -> None:
    binary = shutil.which("redis-server")
    if binary is None:
        print("lost callbacks: redis-server missing (apt-get install redis-server)", flush=True)
        return
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        options = {"driver": "redis", "options": {"hostname": "127.0.0.1", "port": port}}
        handled: Counter[str] = Counter()
        lock = threading.Lock()
        dying = threading.local()

        def worker() -> CallbackRouter:
            router = CallbackRouter(SECRET, dedupe=CallbackDeduplicator(options, prefix="report", lease=30))

            @router.on("payment.completed")
            def ship(event: Event) -> None:
                if getattr(dying, "now", False):
                    raise SystemExit(1)  # the worker is stopped mid-handler
                with lock:
                    handled[str(event.object.reference)] += 1

            return router

        workers = [worker(), worker()]
        bodies = [callback_body(n) for n in range(deliveries)]
        pending = list(range(deliveries))
        rounds = 0
        while pending and rounds < 20:  # Chainside delivers again until it gets a 2xx
            rounds += 1
            still: list[int] = []
            for n in pending:
                body = bodies[n]
                answers: list[int] = []

                def deliver(
                    router: CallbackRouter, die: bool, body: bytes = body, answers: list[int] = answers
                ) -> None:
                    dying.now = die
                    try:
                        answers.append(router.handle({"chainside-signature": sign(body, SECRET)}, body)[0])
                    except SystemExit:
                        answers.append(500)

                threads = [
                    threading.Thread(target=deliver, args=(workers[0], rounds == 1 and n % 10 == 0)),
                    threading.Thread(target=deliver, args=(workers[1], False)),
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                if not any(200 <= a < 300 for a in answers) or any(a >= 500 for a in answers):
                    still.append(n)
            pending = still
        never = sum(handled[f"cb-{n}"] == 0 for n in range(deliveries))
        twice = sum(handled[f"cb-{n}"] > 1 for n in range(deliveries))
        print(
            f"{'lost callbacks: ' + str(deliveries) + ' delivered twice at once, 1 in 10 workers dying':<62} "
            f"never handled {never}  handled twice {twice}  ({rounds} delivery rounds)",
            flush=True,
        )
    finally:
        server.terminate()
        server.wait(5)


def main() -> None:
    import logging

    logging.getLogger("webpos_sdk").setLevel(logging.ERROR)  # each recovery logs a warning
    exactly_once_create()
    lost_callbacks()


if __name__ == "__main__":
    main()
