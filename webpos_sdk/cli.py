"""``webpos``: the sandbox, callbacks and orders from the shell.

Exit codes: 0 success, 1 the operation failed (API error, bad signature), 2 bad usage.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
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
    _secret_args(parser, default="sandbox-secret")


def _secret_args(parser: argparse.ArgumentParser, *, default: str | None) -> None:
    """A secret comes from $WEBPOS_SECRET or the first line of standard input: an argument would
    show in ``ps`` and the shell's history (``--secret`` is kept for the sandbox's test secret)."""
    parser.add_argument(
        "--secret-stdin", action="store_true", help="read the client secret from the first line of standard input"
    )
    parser.add_argument(
        "--secret",
        default=None,
        help="client secret (visible to other users: prefer $WEBPOS_SECRET or --secret-stdin)"
        + ("; default: the sandbox's" if default else ""),
    )
    parser.set_defaults(default_secret=default)


def _secret(args: argparse.Namespace, stdin: Any) -> str | None:
    if args.secret_stdin:
        return stdin.readline().rstrip("\r\n") or None
    return args.secret or os.environ.get("WEBPOS_SECRET") or args.default_secret


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

    verify = sub.add_parser(
        "verify",
        help="verify a callback body (exit 0 valid signature, 1 invalid, 2 bad usage)",
        description="The body is read from --body-file, or else from standard input (after the secret's "
        "line with --secret-stdin). The secret comes from $WEBPOS_SECRET or --secret-stdin.",
    )
    _secret_args(verify, default=None)
    verify.add_argument("--signature", required=True, help="the chainside-signature header value")
    verify.add_argument("--body-file", help="the raw callback body (default: standard input)")

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
            return _sandbox(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "demo":
            from .sandbox.demo import run

            return run()
        from .client import Client

        secret = _secret(args, sys.stdin)
        if not secret:
            print("webpos: no secret (set $WEBPOS_SECRET or pass --secret-stdin)", file=sys.stderr)
            return 2
        with Client(client_id=args.client_id, secret=secret, base_url=args.base_url) as client:
            if args.command == "trigger":
                client.payment_update(args.order_uuid, {"callback": args.event})
                print(f"triggered {args.event} for {args.order_uuid}")
            elif args.action == "list":
                _print(client.get_payment_orders(status=args.status, page=args.page, page_size=args.page_size))
            elif args.action == "get":
                _print(client.get_payment_order(args.order_uuid))
            else:
                from .objects import PaymentOrderParams

                body: PaymentOrderParams = {"amount": args.amount}
                if args.reference is not None:
                    body["reference"] = args.reference
                if args.callback_url is not None:
                    body["callback_url"] = args.callback_url
                _print(client.create_payment_order(body))
        return 0
    except SdkException as err:
        print(f"webpos: {type(err).__name__}: {err}", file=sys.stderr)
        return 1


def _sandbox(args: argparse.Namespace) -> int:
    """Serve the emulator; a start-up problem is one line on stderr and exit code 2."""
    import sqlite3

    try:
        import uvicorn

        from .sandbox import SandboxConfig, create_app
        from .sandbox.server import listening_socket
    except ImportError as err:
        missing = err.name or "a module"
        print(f"webpos sandbox: {missing} is missing: pip install 'chainside-webpos[sandbox]'", file=sys.stderr)
        return 2
    config = SandboxConfig(
        client_id=args.client_id,
        secret=args.secret or "sandbox-secret",
        token_lifetime=args.token_lifetime,
        deliver_to=args.deliver_to,
        state_file=args.state_file,
        vary_seed=args.vary,
    )
    try:
        app = create_app(config)
    except (sqlite3.Error, OSError) as err:
        print(f"webpos sandbox: cannot use --state-file {args.state_file!r}: {err}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(args.host, args.port)
    except (OSError, OverflowError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        print(f"webpos sandbox: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 2
    print(f"WebPOS sandbox on http://{args.host}:{args.port} (client id {args.client_id!r})", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
    return 0


def _verify(args: argparse.Namespace) -> int:
    """0 when the signature is valid (whatever the event, even one this SDK does not know),
    1 when it is not, 2 for bad usage."""
    from .callbacks import MalformedPayloadError, UnknownEventError, parse_event, verify
    from .callbacks.errors import InvalidSecretError, SignatureError

    stdin = sys.stdin.buffer
    if args.secret_stdin and not args.body_file:
        print("webpos verify: --secret-stdin needs --body-file (standard input carries the secret)", file=sys.stderr)
        return 2
    secret = _secret(args, io.TextIOWrapper(stdin, encoding="utf-8") if args.secret_stdin else None)
    if not secret:
        print("webpos verify: no secret (set $WEBPOS_SECRET or pass --secret-stdin)", file=sys.stderr)
        return 2
    try:
        body = Path(args.body_file).read_bytes() if args.body_file else stdin.read()
    except OSError as err:
        print(f"webpos verify: cannot read the body: {err.strerror} ({args.body_file})", file=sys.stderr)
        return 2
    try:
        verify(args.signature, body, secret)
    except InvalidSecretError as err:
        print(f"webpos verify: {err}", file=sys.stderr)
        return 2
    except SignatureError as err:
        print(f"invalid signature: {err}", file=sys.stderr)
        return 1
    try:
        event = parse_event(body)
        print(f"valid signature: {event.event} for payment order {event.object.uuid}")
    except UnknownEventError as err:
        print(f"valid signature: {err.event} (an event this SDK does not know)")
    except MalformedPayloadError as err:
        print(f"valid signature, but the body is not a callback of the spec: {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
