"""``make demo`` / ``webpos demo``: a full payment-order lifecycle against the built-in sandbox.

Starts the sandbox and a webhook receiver on loopback, then with the SDK: logs in, creates a
payment order with a callback URL, gets it, lists orders, triggers ``payment.completed``,
receives and verifies the signed callback, resets, cancels (another verified callback), and
stops everything. Exits non-zero on any failure.
"""

from __future__ import annotations

import http.server
import queue
import sys
import threading
from collections.abc import Callable

from ..callbacks import CallbackException, construct_event
from ..callbacks._events import Event
from ..client import Client
from .app import SandboxConfig
from .server import serve

CLIENT_ID = "demo-client"
SECRET = "demo-secret"  # noqa: S105 - the sandbox's demo credentials


class _Receiver(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.events: queue.Queue[Event | CallbackException] = queue.Queue()
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        try:
            self.server.events.put(construct_event(self.headers, body, SECRET))
            self.send_response(200)
        except CallbackException as err:
            self.server.events.put(err)
            self.send_response(400)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def run(out: Callable[[str], object] = print) -> int:
    """The whole payment-order lifecycle against a sandbox it starts (``make demo``); returns the exit code."""
    receiver = _Receiver()
    threading.Thread(target=receiver.serve_forever, name="demo-receiver", daemon=True).start()
    receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}/webpos/callback"
    config = SandboxConfig(client_id=CLIENT_ID, secret=SECRET, deliver_to=receiver_url)
    step = 0

    def say(text: str) -> None:
        nonlocal step
        step += 1
        out(f"{step:>2}. {text}")

    def wait_callback(expected: str) -> Event:
        try:
            got = receiver.events.get(timeout=10)
        except queue.Empty:
            raise RuntimeError(f"no {expected} callback arrived within 10 s") from None
        if isinstance(got, CallbackException):
            raise RuntimeError(f"a callback failed verification: {got}")
        if got.event != expected:
            raise RuntimeError(f"expected {expected}, got {got.event}")
        return got

    try:
        with serve(config) as sandbox, Client(client_id=CLIENT_ID, secret=SECRET, base_url=sandbox.base_url) as client:
            out(f"sandbox on {sandbox.base_url}; webhook receiver on {receiver_url}\n")
            login = client.client_credentials_login()
            say(f"logged in: {login.token_type} token valid {login.expires_in} s")
            order = client.create_payment_order(
                {
                    "amount": "25.00",
                    "reference": "demo-order-1",
                    "details": "2 x espresso beans 250 g",
                    "callback_url": "https://merchant.example/webpos/callback",
                    "continue_url": "https://merchant.example/thanks",
                    "cancel_url": "https://merchant.example/cancelled",
                }
            )
            say(f"created payment order {order.uuid}: pay {order.amount} sat to {order.address}")
            say(f"  BIP 21 URI {order.uri}; payer page {order.redirect_url}")
            current = client.get_payment_order(order.uuid)
            say(f"got it: status {current.state.status}, expires in {current.expires_in} s")
            page = client.get_payment_orders(page=0, page_size=10)
            say(f"listed orders: {page.total_items} in {page.total_pages} page(s)")
            names = [str(c.name) for c in client.get_callbacks(order.uuid).callbacks]
            say(f"callbacks that apply now: {', '.join(names)}")
            client.payment_update(order.uuid, {"callback": "payment.completed"})
            say("triggered payment.completed in the sandbox")
            event = wait_callback("payment.completed")
            paid = event.object
            say(f"received {type(event).__name__}: signature verified, order {paid.uuid} is {paid.state.status}")
            reset = client.payment_reset(order.uuid)
            say(f"reset the order: status {reset.state.status}")
            cancelled = client.delete_payment_order(order.uuid)
            say(f"cancelled the order; payer goes to {cancelled.cancel_url}")
            event = wait_callback("payment.cancelled")
            say(f"received {type(event).__name__}: signature verified")
            say(f"done: {sandbox.state.logins} login, {sandbox.state.creates} order created")
    except Exception as err:
        out(f"\ndemo FAILED: {type(err).__name__}: {err}")
        return 1
    finally:
        receiver.shutdown()
        receiver.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(run())
