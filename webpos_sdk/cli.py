"""``webpos``: the sandbox, callbacks and orders from the shell.

Exit codes: 0 success, 1 the operation failed (API error, bad signature), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from .exceptions import SdkException

LOCAL_SANDBOX = "http://127.0.0.1:8765"


def _client_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        default=os.environ.get("WEBPOS_BASE_URL", LOCAL_SANDBOX),
        help="API base URL (default: $WEBPOS_BASE_URL or the local sandbox %(default)s)",
    )
    parser.add_argument(
        "--client-id",
        default=os.environ.get("WEBPOS_CLIENT_ID", "sandbox-client"),
        help="client id (default: $WEBPOS_CLIENT_ID or the sandbox's)",
    )
    parser.add_argument("--secret", default=os.environ.get("WEBPOS_SECRET", "sandbox-secret"),
                        help="client secret (default: $WEBPOS_SECRET or the sandbox's)")  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="webpos", description="Chainside Pay WebPOS tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    sandbox = sub.add_parser("sandbox", help="serve the local WebPOS emulator")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--client-id", default="sandbox-client")
    sandbox.add_argument("--secret", default="sandbox-secret")
    sandbox.add_argument("--token-lifetime", type=int, default=3600, help="seconds (default %(default)s)")
    sandbox.add_argument("--deliver-to", help="send every callback to this URL instead of the order's callback_url")
    sandbox.add_argument("--state-file", help="keep payment orders in this SQLite file (survives restarts)")
    sandbox.add_argument(
        "--vary",
        type=int,
        metavar="SEED",
        help="vary what the docs leave open (2xx status, Content-Type, key order, optional keys, "
        '"" for null, expires_in as text), seeded for replay',
    )

    trigger = sub.add_parser("trigger", help="fire a callback through the sandbox (payment_update)")
    trigger.add_argument("event", help="payment.completed, payment.cancelled, ...")
    trigger.add_argument("order_uuid")
    _client_args(trigger)

    verify = sub.add_parser("verify", help="verify a callback body read from stdin")
    verify.add_argument("--secret", required=True, help="the client secret")
    verify.add_argument("--signature", required=True, help="the chainside-signature header value")

    orders = sub.add_parser("orders", help="list, get or create payment orders")
    orders_sub = orders.add_subparsers(dest="action", required=True)
    listing = orders_sub.add_parser("list")
    listing.add_argument("--status")
    listing.add_argument("--page", type=int, default=0)
    listing.add_argument("--page-size", type=int, default=20)
    _client_args(listing)
    get = orders_sub.add_parser("get")
    get.add_argument("order_uuid")
    _client_args(get)
    create = orders_sub.add_parser("create")
    create.add_argument("amount", help='fiat amount, e.g. "10.00"')
    create.add_argument("--reference")
    create.add_argument("--callback-url")
    _client_args(create)

    sub.add_parser("demo", help="run a full payment-order lifecycle against a built-in sandbox")
    return parser


def _print(obj: Any) -> None:
    print(json.dumps(obj.to_dict() if hasattr(obj, "to_dict") else obj, indent=2, default=str))


def main(argv: Sequence[str] | None = None) -> int:
    """The ``webpos`` command; returns the exit code (0 success, 1 the operation failed, 2 bad usage)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            import uvicorn

            from .sandbox import SandboxConfig, create_app

            config = SandboxConfig(
                client_id=args.client_id,
                secret=args.secret,
                token_lifetime=args.token_lifetime,
                deliver_to=args.deliver_to,
                state_file=args.state_file,
                vary_seed=args.vary,
            )
            print(f"WebPOS sandbox on http://{args.host}:{args.port} (client id {args.client_id!r})", file=sys.stderr)
            uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="warning")
            return 0
        if args.command == "verify":
            from .callbacks import construct_event

            event = construct_event(args.signature, sys.stdin.buffer.read(), args.secret)
            print(f"valid signature: {event.event} for payment order {event.object.uuid}")
            return 0
        if args.command == "demo":
            from .sandbox.demo import run

            return run()
        from .client import Client

        with Client(client_id=args.client_id, secret=args.secret, base_url=args.base_url) as client:
            if args.command == "trigger":
                client.payment_update(args.order_uuid, {"callback": args.event})
                print(f"triggered {args.event} for {args.order_uuid}")
            elif args.action == "list":
                _print(client.get_payment_orders(status=args.status, page=args.page, page_size=args.page_size))
            elif args.action == "get":
                _print(client.get_payment_order(args.order_uuid))
            else:
                body = {"amount": args.amount, "reference": args.reference, "callback_url": args.callback_url}
                _print(client.create_payment_order({k: v for k, v in body.items() if v is not None}))
        return 0
    except SdkException as err:
        print(f"webpos: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
