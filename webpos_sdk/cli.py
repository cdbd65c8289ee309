"""``webpos``: the sandbox, callbacks and orders from the shell.

Exit codes: 0 success, 1 the operation failed (API error, bad signature), 2 bad usage (a bad option
or value, a missing secret, a missing extra). Every error is one line on standard error, starting
``webpos:``; a command that prints data prints it on standard output, human-readable by default and
as one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from ._version import __version__
from .exceptions import ConfigurationError, InvalidRequestError, SdkException

PROG = "webpos"
PACKAGE = "chainside-webpos"
LOCAL_SANDBOX = "http://127.0.0.1:8765"
#: The modules of the ``[sandbox]`` extra: ``webpos sandbox`` and ``webpos demo`` need them.
SANDBOX_EXTRA = frozenset({"uvicorn", "starlette"})

#: The CLI argument behind each field an SDK error names (``InvalidRequestError.errors``,
#: ``ConfigurationError.key``), so a usage error names what the user typed.
_ARGUMENT_OF = {
    "amount": "AMOUNT",
    "reference": "--reference",
    "callback_url": "--callback-url",
    "payment_order_uuid": "ORDER_UUID",
    "page": "--page",
    "page_size": "--page-size",
    "status": "--status",
    "callback": "EVENT",
    "base_url": "--base-url",
    "client_id": "--client-id",
    "secret": "the secret ($WEBPOS_SECRET, --secret-stdin or --secret)",
}


class UsageError(Exception):
    """Bad usage found after parsing: exit code 2."""


class _Help(argparse.HelpFormatter):
    """Every option's help shows its default (unless it has none, or says it already)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "%(default)" in text or not action.option_strings or action.default in (None, False, argparse.SUPPRESS):
            return text
        return text + " (default: %(default)s)"


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on standard error and exit code 2 (argparse prints the usage too)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: {_one_line(message)} (see '{self.prog} --help')\n")


# ------------------------------------------------------------------ argument types


def _int_in(low: int, high: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f">= {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, not {value}")
        return value

    parse.__name__ = "integer"
    return parse


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a UUID: {text!r}") from None


def _http_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {text!r}")
    return text


# ------------------------------------------------------------------ the parser


def _client_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        default=os.environ.get("WEBPOS_BASE_URL", LOCAL_SANDBOX),
        help="API base URL ($WEBPOS_BASE_URL; default: %(default)s, the local sandbox unless set)",
    )
    parser.add_argument(
        "--client-id",
        default=os.environ.get("WEBPOS_CLIENT_ID", "sandbox-client"),
        help="client id ($WEBPOS_CLIENT_ID; default: %(default)s)",
    )
    _secret_args(parser, default="sandbox-secret")


def _secret_args(parser: argparse.ArgumentParser, *, default: str | None) -> None:
    """A secret comes from $WEBPOS_SECRET or the first line of standard input: an argument would
    show in ``ps`` and the shell's history (``--secret`` is kept for the sandbox's test secret).
    No default secret is ever shown in ``--help``."""
    parser.add_argument(
        "--secret-stdin", action="store_true", help="read the client secret from the first line of standard input"
    )
    parser.add_argument(
        "--secret",
        default=None,
        help="client secret (visible to other users: prefer $WEBPOS_SECRET or --secret-stdin)"
        + ("; default: $WEBPOS_SECRET, else the sandbox's test secret" if default else ""),
    )
    parser.set_defaults(default_secret=default)


def _json_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")


def _values(enum: Any) -> list[str]:
    """The values of one of the SDK's enums (the API's own list, generated from the spec)."""
    return [member.value for member in enum]


def _parser() -> argparse.ArgumentParser:
    from .objects import BlockchainStatus, EventType

    parser = _Parser(prog=PROG, description="Chainside Pay WebPOS tools.", formatter_class=_Help)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, *names: str, parent: Any = sub, **kwargs: Any) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = parent.add_parser(name, *names, formatter_class=_Help, **kwargs)
        return made

    sandbox = command(
        "sandbox",
        help="serve the local WebPOS emulator (needs the [sandbox] extra)",
        description="Serve the WebPOS emulator until interrupted. Needs 'pip install chainside-webpos[sandbox]'.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sandbox.add_argument("--port", type=_int_in(0, 65535), default=8765, help="TCP port, 0 for any free one")
    sandbox.add_argument("--client-id", default="sandbox-client", help="the client id it accepts")
    sandbox.add_argument(
        "--secret", default=None, help="the client secret it accepts (default: the sandbox's test secret)"
    )
    sandbox.add_argument("--token-lifetime", type=_int_in(1, None), default=3600, help="access token lifetime, seconds")
    sandbox.add_argument(
        "--deliver-to", type=_http_url, help="send every callback to this URL instead of the order's callback_url"
    )
    sandbox.add_argument("--state-file", help="keep payment orders in this SQLite file (survives restarts)")
    sandbox.add_argument(
        "--vary",
        type=int,
        metavar="SEED",
        help="vary what the docs leave open (2xx status, Content-Type, key order, optional keys, "
        '"" for null, expires_in as text), seeded for replay',
    )

    events = _values(EventType)
    trigger = command(
        "trigger",
        help="fire a callback through the sandbox (payment_update)",
        description="Move a sandbox payment order through a transition and send the matching signed callback.",
    )
    trigger.add_argument("event", metavar="EVENT", choices=events, help="one of: %(choices)s")
    trigger.add_argument("order_uuid", metavar="ORDER_UUID", type=_uuid, help="the payment order")
    _client_args(trigger)
    _json_arg(trigger)

    verify = command(
        "verify",
        help="verify a callback body (exit 0 valid signature, 1 invalid, 2 bad usage)",
        description="The body is read from --body-file, or else from standard input (after the secret's "
        "line with --secret-stdin). The secret comes from $WEBPOS_SECRET or --secret-stdin.",
    )
    _secret_args(verify, default=None)
    verify.add_argument("--signature", required=True, help="the chainside-signature header value")
    verify.add_argument("--body-file", help="the raw callback body (default: standard input)")
    _json_arg(verify)

    orders = command(
        "orders", help="list, get or create payment orders", description="Payment orders, through the SDK."
    )
    orders_sub = orders.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = command("list", parent=orders_sub, help="one page of payment orders", description="One page of orders.")
    listing.add_argument(
        "--status",
        metavar="STATUS",
        choices=_values(BlockchainStatus),
        help="only the orders in this blockchain status, one of: %(choices)s",
    )
    listing.add_argument("--page", type=_int_in(0, None), default=0, help="the page, from 0")
    listing.add_argument("--page-size", type=_int_in(1, _max_page_size()), default=20, help="orders a page, at most 40")
    _client_args(listing)
    _json_arg(listing)
    get = command("get", parent=orders_sub, help="one payment order", description="One payment order.")
    get.add_argument("order_uuid", metavar="ORDER_UUID", type=_uuid, help="the payment order")
    _client_args(get)
    _json_arg(get)
    create = command("create", parent=orders_sub, help="create a payment order", description="Create a payment order.")
    create.add_argument("amount", metavar="AMOUNT", help='fiat amount, e.g. "10.00"')
    create.add_argument("--reference", help="your reference for the order")
    create.add_argument("--callback-url", help="where the callbacks of this order go")
    _client_args(create)
    _json_arg(create)

    command("demo", help="run a full payment-order lifecycle against a built-in sandbox (needs the [sandbox] extra)")
    version = command("version", help="print the version", description="Print the version of webpos.")
    _json_arg(version)
    return parser


def _max_page_size() -> int:
    from ._config import MAX_PAGE_SIZE

    return MAX_PAGE_SIZE


# ------------------------------------------------------------------ running


def main(argv: Sequence[str] | None = None) -> int:
    """The ``webpos`` command; returns the exit code (0 success, 1 the operation failed, 2 bad usage).
    A bad option or value raises ``SystemExit(2)`` from parsing, ``--help`` and ``--version``
    ``SystemExit(0)``."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except UsageError as err:
        return _fail(str(err), 2)
    except InvalidRequestError as err:
        return _fail("; ".join(f"argument {_ARGUMENT_OF.get(k, k)}: {v}" for k, v in err.errors.items()), 2)
    except ConfigurationError as err:
        if err.key in _ARGUMENT_OF:
            return _fail(f"argument {_ARGUMENT_OF[err.key]}: {err.problem}", 2)
        return _fail(str(err), 2)
    except SdkException as err:
        return _fail(f"{type(err).__name__}: {err}", 1)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a CLI never ends in a traceback
        return _fail(f"unexpected {type(err).__name__}: {err}", 1)


def _run(args: argparse.Namespace) -> int:
    if args.command == "version":
        _output(args, {"name": PROG, "package": PACKAGE, "version": __version__}, f"{PROG} {__version__}")
        return 0
    if args.command == "sandbox":
        return _sandbox(args)
    if args.command == "verify":
        return _verify(args)
    if args.command == "demo":
        with _sandbox_extra("demo"):
            from .sandbox.demo import run
        return run()
    from .client import Client

    secret = _secret(args, sys.stdin)
    if not secret:
        raise UsageError("no secret (set $WEBPOS_SECRET or pass --secret-stdin)")
    with Client(client_id=args.client_id, secret=secret, base_url=args.base_url) as client:
        if args.command == "trigger":
            client.payment_update(args.order_uuid, {"callback": args.event})
            done = {"triggered": True, "event": args.event, "payment_order_uuid": args.order_uuid}
            _output(args, done, f"triggered {args.event} for {args.order_uuid}")
        elif args.action == "list":
            page = client.get_payment_orders(status=args.status, page=args.page, page_size=args.page_size)
            _output(args, page.to_dict(), _orders_table(page.to_dict(), args.page))
        elif args.action == "get":
            order = client.get_payment_order(args.order_uuid).to_dict()
            _output(args, order, _order_text(order))
        else:
            from .objects import PaymentOrderParams

            body: PaymentOrderParams = {"amount": args.amount}
            if args.reference is not None:
                body["reference"] = args.reference
            if args.callback_url is not None:
                body["callback_url"] = args.callback_url
            created = client.create_payment_order(body).to_dict()
            _output(args, created, _created_text(created))
    return 0


def _secret(args: argparse.Namespace, stdin: Any) -> str | None:
    if args.secret_stdin:
        return stdin.readline().rstrip("\r\n") or None
    return args.secret or os.environ.get("WEBPOS_SECRET") or args.default_secret


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {_one_line(message)}", file=sys.stderr)
    return code


def _output(args: argparse.Namespace, document: Any, text: str) -> None:
    """One JSON document with --json, else the text: always on standard output."""
    print(json.dumps(document, indent=2, default=str) if args.json else text)


@contextlib.contextmanager
def _sandbox_extra(command: str) -> Iterator[None]:
    """Turns the ImportError of a missing ``[sandbox]`` extra into one usage line naming it."""
    try:
        yield
    except ImportError as err:
        if (err.name or "").partition(".")[0] not in SANDBOX_EXTRA:
            raise
        raise UsageError(
            f"'{PROG} {command}' needs the [sandbox] extra ({err.name} is missing): pip install '{PACKAGE}[sandbox]'"
        ) from None


# ------------------------------------------------------------------ human-readable output


def _shown(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def _fields(pairs: Sequence[tuple[str, Any]]) -> str:
    width = max(len(name) for name, _ in pairs)
    return "\n".join(f"{name.ljust(width)}  {_shown(value)}" for name, value in pairs)


def _currency(order: Mapping[str, Any]) -> str:
    currency = order.get("currency")
    return str(currency.get("name", "")) if isinstance(currency, Mapping) else ""


def _state(order: Mapping[str, Any], key: str) -> Any:
    state = order.get("state")
    return state.get(key) if isinstance(state, Mapping) else None


def _orders_table(page: Mapping[str, Any], number: int) -> str:
    if not page.get("paymentorders"):
        return "no payment orders" + (f" on page {number} (--page counts from 0)" if page.get("total_items") else "")
    rows = [("UUID", "STATUS", "AMOUNT", "CREATED AT")]
    for order in page.get("paymentorders") or []:
        amount = f"{order.get('amount', '')} {_currency(order)}".strip()
        rows.append(
            (_shown(order.get("uuid")), _shown(_state(order, "status")), amount, _shown(order.get("created_at")))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]]) for row in rows]
    total, pages = page.get("total_items", 0), page.get("total_pages", 0)
    lines.append(f"page {number + 1} of {pages} (--page {number}), {total} payment order(s) in all")
    return "\n".join(lines)


def _order_text(order: Mapping[str, Any]) -> str:
    transactions = order.get("transactions")
    return _fields(
        [
            ("uuid", order.get("uuid")),
            ("status", _state(order, "status")),
            ("blockchain_status", _state(order, "blockchain_status")),
            ("amount", f"{order.get('amount', '')} {_currency(order)}".strip()),
            ("btc_amount", f"{order.get('btc_amount')} satoshi"),
            ("address", order.get("address")),
            ("uri", order.get("uri")),
            ("reference", order.get("reference")),
            ("created_at", order.get("created_at")),
            ("expiration_time", order.get("expiration_time")),
            ("resolved_at", order.get("resolved_at")),
            ("transactions", len(transactions) if isinstance(transactions, list) else 0),
            ("callback_url", order.get("callback_url")),
            ("redirect_url", order.get("redirect_url")),
        ]
    )


def _created_text(created: Mapping[str, Any]) -> str:
    return _fields(
        [
            ("uuid", created.get("uuid")),
            ("btc_amount", f"{created.get('amount')} satoshi"),  # the creation answer's amount is in satoshi
            ("address", created.get("address")),
            ("uri", created.get("uri")),
            ("reference", created.get("reference")),
            ("created_at", created.get("created_at")),
            ("expiration_time", created.get("expiration_time")),
            ("redirect_url", created.get("redirect_url")),
        ]
    )


# ------------------------------------------------------------------ sandbox and verify


def _sandbox(args: argparse.Namespace) -> int:
    """Serve the emulator; a start-up problem is one line on stderr and exit code 2."""
    import sqlite3

    with _sandbox_extra("sandbox"):
        import uvicorn

        from .sandbox import SandboxConfig, create_app
        from .sandbox.server import listening_socket
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
        raise UsageError(f"argument --state-file: cannot use {args.state_file!r}: {err}") from None
    try:
        sock = listening_socket(args.host, args.port)
    except (OSError, OverflowError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"WebPOS sandbox on http://{host}:{port} (client id {args.client_id!r})", file=sys.stderr)
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
        raise UsageError("--secret-stdin needs --body-file (standard input carries the secret)")
    secret = _secret(args, io.TextIOWrapper(stdin, encoding="utf-8") if args.secret_stdin else None)
    if not secret:
        raise UsageError("no secret (set $WEBPOS_SECRET or pass --secret-stdin)")
    try:
        body = Path(args.body_file).read_bytes() if args.body_file else stdin.read()
    except OSError as err:
        raise UsageError(f"argument --body-file: cannot read {args.body_file!r}: {err.strerror}") from None
    result: dict[str, Any] = {"valid": False, "event": None, "known_event": None, "payment_order_uuid": None}
    try:
        verify(args.signature, body, secret)
    except InvalidSecretError as err:
        raise UsageError(str(err)) from None
    except SignatureError as err:
        if args.json:
            print(json.dumps({**result, "problem": f"invalid signature: {err}"}, indent=2))
        return _fail(f"invalid signature: {err}", 1)
    result["valid"] = True
    try:
        event = parse_event(body)
    except UnknownEventError as err:
        result |= {"event": err.event, "known_event": False, "problem": None}
        text = f"valid signature: {err.event} (an event this SDK does not know)"
    except MalformedPayloadError as err:
        result["problem"] = f"the body is not a callback of the spec: {err}"
        text = f"valid signature, but {result['problem']}"
    else:
        uuid_ = str(event.object.uuid)
        result |= {"event": str(event.event), "known_event": True, "payment_order_uuid": uuid_, "problem": None}
        text = f"valid signature: {event.event} for payment order {uuid_}"
    _output(args, result, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
