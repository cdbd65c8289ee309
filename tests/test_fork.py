"""Real ``os.fork()``: a child starts with its own connections and locks.

A client warmed up before the fork (gunicorn ``--preload``, Celery prefork) holds a pooled
keep-alive connection; without the SDK's at-fork reset every child would write on and read
from that one socket, and the processes would read each other's answers. Here the parent and
four children hammer one sandbox at once, and every process checks that each answer is the one
it asked for: the order it requested, the reference it created.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import LoopbackApi

from webpos_sdk import Client, DictCache, RetryPolicy
from webpos_sdk._token import _thread_lock
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")

CLIENT_ID = "fork-client"
SECRET = "fork-secret"
CHILDREN = 4
CALLS = 40


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as running:
        yield running


def hammer(client: Client, orders: list[str], who: str) -> list[str]:
    """Gets and creates; returns every answer that was not this process's own (or failed)."""
    wrong: list[str] = []
    for n in range(CALLS):
        wanted = orders[(n * 7 + len(who)) % len(orders)]
        try:
            if n % 4 == 3:
                reference = f"{who}-{n}"
                created = client.create_payment_order({"amount": "1.00", "reference": reference})
                got = client.get_payment_order(created.uuid)
                if got.reference != reference:
                    wrong.append(f"{who}: created {reference!r}, read back {got.reference!r}")
            else:
                got = client.get_payment_order(wanted)
                if str(got.uuid) != wanted:
                    wrong.append(f"{who}: asked for {wanted}, got {got.uuid}")
        except Exception as err:  # a crossed answer often shows as a protocol error instead
            wrong.append(f"{who}: {type(err).__name__}: {err}")
    return wrong


def fork_child(work: object) -> tuple[int, int]:
    """Fork; the child runs ``work()`` (a list of problems), writes them to a pipe and exits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            os.close(read_end)
            problems = work()  # type: ignore[operator]
            os.write(write_end, "\n".join(problems).encode()[:60000])
            code = 0 if not problems else 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def collect(children: list[tuple[int, int]], timeout: float = 60.0) -> list[str]:
    """Every child's problems (a child that hangs is killed and reported)."""
    problems: list[str] = []
    end = time.monotonic() + timeout
    for pid, read_end in children:
        chunks: list[bytes] = []
        while True:
            ready, _, _ = select.select([read_end], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                problems.append(f"child {pid} hung")
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
        text = b"".join(chunks).decode()
        problems.extend(line for line in text.splitlines() if line)
        if os.waitstatus_to_exitcode(status) != 0 and not text:
            problems.append(f"child {pid} exited with {os.waitstatus_to_exitcode(status)}")
    return problems


def test_parent_and_children_each_read_their_own_answers(sandbox: RunningSandbox) -> None:
    client = Client(
        client_id=CLIENT_ID,
        secret=SECRET,
        base_url=sandbox.base_url,
        cache=DictCache(),
        timeout=5.0,
        retry=RetryPolicy(max_attempts=1, deadline=10.0),
    )
    with client:
        orders = [str(client.create_payment_order({"amount": f"{n}.00"}).uuid) for n in range(1, 9)]
        assert client.get_payment_order(orders[0]).uuid  # the pool now holds a keep-alive connection
        children = [fork_child(lambda i=i: hammer(client, orders, f"child{i}")) for i in range(CHILDREN)]
        parent_problems = hammer(client, orders, "parent")
        problems = collect(children) + parent_problems
    assert problems == []


def test_a_child_forked_during_a_login_in_another_thread_logs_in_itself() -> None:
    """The login lock was held by a thread that does not exist in the child: the child must not
    wait for it (before the fix it waited until its deadline and failed)."""
    api = LoopbackApi(login_delay=1.5)
    try:
        client = Client(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=api.url,
            cache=DictCache(),
            retry=RetryPolicy(max_attempts=1, deadline=5.0),
        )
        order = "2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d"
        logging_in = threading.Thread(target=client.get_payment_order, args=(order,))
        logging_in.start()
        lock = _thread_lock(client.tokens.key)
        end = time.monotonic() + 5
        while not lock.locked() and time.monotonic() < end:
            time.sleep(0.005)
        assert lock.locked(), "the thread never started its login"

        def child_call() -> list[str]:
            started = time.monotonic()
            try:
                got = client.get_payment_order(order)
            except Exception as err:
                return [f"child: {type(err).__name__}: {err}"]
            took = time.monotonic() - started
            return [] if str(got.uuid) == order and took < 4.0 else [f"child: {got.uuid} after {took:.1f} s"]

        problems = collect([fork_child(child_call)], timeout=15)
        logging_in.join(10)
        client.close()
    finally:
        api.close()
    assert problems == []
    assert api.logins == 2  # the parent's thread and the child each logged in once
