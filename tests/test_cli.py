"""``webpos`` behaves like a good Unix tool (issue 14, point 7).

``--version``; the choices of every closed option shown in ``--help``; exit code 2 and one line on
standard error for every usage error (argparse's own and those found later); a one-line message
naming a missing extra; ``--json`` on every command that prints data, human-readable text without.
The commands run in-process through ``main`` (fast) and, where the process boundary matters
(entry point, a missing extra, exit codes), in a real subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._support import run_webpos
from webpos_sdk import __version__
from webpos_sdk.callbacks import sign
from webpos_sdk.cli import main
from webpos_sdk.objects import BlockchainStatus, EventType
from webpos_sdk.sandbox import RunningSandbox, SandboxConfig, serve

CLIENT_ID = "cli-client"
SECRET = "cli-secret"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET, deliver_to="http://127.0.0.1:9/")) as running:
        yield running


def _common(sandbox: RunningSandbox) -> list[str]:
    return ["--base-url", sandbox.base_url, "--client-id", CLIENT_ID, "--secret", SECRET]


def _webpos(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done: subprocess.CompletedProcess[str] = run_webpos(*args, stdin=stdin, env=env)
    return done


def _usage(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Runs ``main`` with a usage error: exit code 2, nothing on stdout, one line on stderr."""
    try:
        code: int | str | None = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == 2, (args, out, err)
    assert out == "", args
    assert err.count("\n") == 1, (args, err)
    assert err.startswith("webpos: "), (args, err)
    return err


# ------------------------------------------------------------------ --version and --help


def test_version_flag_and_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as flag:
        main(["--version"])
    assert flag.value.code == 0
    assert capsys.readouterr().out == f"webpos {__version__}\n"
    assert main(["version", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "name": "webpos",
        "package": "chainside-webpos",
        "version": __version__,
    }


def test_help_shows_the_choices_of_closed_options(capsys: pytest.CaptureFixture[str]) -> None:
    def help_of(*args: str) -> str:
        with pytest.raises(SystemExit) as done:
            main([*args, "--help"])
        assert done.value.code == 0
        return " ".join(capsys.readouterr().out.split())  # argparse wraps lines anywhere

    listing = help_of("orders", "list")
    assert all(status.value in listing for status in BlockchainStatus)
    assert "--json" in listing
    assert "at most 40" in listing
    trigger = help_of("trigger")
    assert all(event.value in trigger for event in EventType)
    top = help_of()
    assert "--version" in top
    assert "[sandbox] extra" in top
    for command in (("orders", "get"), ("orders", "create"), ("verify",), ("version",)):
        assert "--json" in help_of(*command), command
    assert SECRET not in help_of("orders", "list")
    assert "sandbox-secret" not in help_of("orders", "list")


# ------------------------------------------------------------------ exit code 2, one line


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ((), "COMMAND"),  # no command at all
        (("refund",), "refund"),  # an unknown command
        (("orders",), "ACTION"),
        (("orders", "list", "--status", "payed"), "payed"),
        (("orders", "list", "--page", "-1"), "--page"),
        (("orders", "list", "--page", "one"), "--page"),
        (("orders", "list", "--page-size", "41"), "--page-size"),
        (("orders", "list", "--colour"), "--colour"),
        (("orders", "get", "not-a-uuid"), "not-a-uuid"),
        (("orders", "get"), "ORDER_UUID"),
        (("trigger", "payment.refunded", str(uuid.uuid4())), "payment.refunded"),
        (("sandbox", "--port", "70000"), "--port"),
        (("sandbox", "--token-lifetime", "0"), "--token-lifetime"),
        (("sandbox", "--deliver-to", "ftp://x"), "--deliver-to"),
        (("verify",), "--signature"),
    ],
)
def test_every_parse_error_is_exit_2_naming_the_argument(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], named: str
) -> None:
    assert named in _usage(capsys, *args)


def test_usage_errors_found_after_parsing_are_exit_2_too(
    sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WEBPOS_SECRET", raising=False)
    signature = sign(b"{}", SECRET)
    assert "no secret" in _usage(capsys, "verify", "--signature", signature, "--body-file", str(tmp_path / "b"))
    assert "--body-file" in _usage(
        capsys, "verify", "--secret-stdin", "--signature", signature
    )  # stdin carries the secret
    missing = str(tmp_path / "missing.json")
    assert "--body-file" in _usage(
        capsys, "verify", "--secret", SECRET, "--signature", signature, "--body-file", missing
    )
    # a value the SDK refuses names the CLI's argument, not the SDK's parameter
    assert "AMOUNT" in _usage(capsys, "orders", "create", "ten", *_common(sandbox))
    assert "--callback-url" in _usage(capsys, "orders", "create", "1.00", "--callback-url", "nope", *_common(sandbox))
    assert "--base-url" in _usage(capsys, "orders", "list", "--base-url", "localhost:1", "--secret", SECRET)
    state = tmp_path / "a-directory"
    state.mkdir()
    assert "--state-file" in _usage(capsys, "sandbox", "--port", "0", "--state-file", str(state))


def test_an_operation_that_fails_is_exit_1_in_one_line(
    sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["orders", "get", str(uuid.uuid4()), *_common(sandbox)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "NotFoundException" in err
    assert main(["orders", "list", "--base-url", sandbox.base_url, "--client-id", "nobody", "--secret", "wrong"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "wrong" not in err


@pytest.mark.parametrize("command", ["sandbox", "demo"])
@pytest.mark.parametrize("module", ["uvicorn", "starlette"])
def test_a_missing_extra_is_one_line_naming_it(command: str, module: str) -> None:
    blocked = (
        f"import sys; sys.modules[{module!r}] = None; from webpos_sdk.cli import main; sys.exit(main([{command!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, timeout=60, check=False, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "", done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "[sandbox] extra" in done.stderr
    assert module in done.stderr
    assert "pip install 'chainside-webpos[sandbox]'" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ --json and text on every data command


def test_json_on_every_command_that_prints_data(sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    def run_json(*args: str) -> Any:
        assert main([*args, "--json"]) == 0, args
        return json.loads(capsys.readouterr().out)  # exactly one JSON document, nothing else

    created = run_json("orders", "create", "12.50", "--reference", "r-cli", *_common(sandbox))
    assert created["reference"] == "r-cli"
    assert isinstance(created["amount"], int)  # satoshi, as on the wire
    order = run_json("orders", "get", created["uuid"], *_common(sandbox))
    assert (order["uuid"], order["amount"]) == (created["uuid"], "12.50")
    page = run_json("orders", "list", "--page-size", "5", *_common(sandbox))
    assert created["uuid"] in [o["uuid"] for o in page["paymentorders"]]
    triggered = run_json("trigger", "payment.cancelled", created["uuid"], *_common(sandbox))
    assert triggered == {"triggered": True, "event": "payment.cancelled", "payment_order_uuid": created["uuid"]}
    cancelled = run_json("orders", "list", "--status", "cancelled", *_common(sandbox))
    assert [o["uuid"] for o in cancelled["paymentorders"]] == [created["uuid"]]


def test_text_output_is_for_people(sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["orders", "create", "3.00", "--reference", "r-text", *_common(sandbox)]) == 0
    created = capsys.readouterr().out
    order_uuid = created.split()[1]  # "uuid  <uuid>" is the first line
    assert uuid.UUID(order_uuid)
    assert "satoshi" in created
    assert "r-text" in created
    assert main(["orders", "get", order_uuid, *_common(sandbox)]) == 0
    shown = capsys.readouterr().out
    assert "3.00" in shown
    assert "r-text" in shown
    with pytest.raises(json.JSONDecodeError):
        json.loads(shown)
    assert main(["orders", "list", *_common(sandbox)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[:2] == ["UUID", "STATUS"]
    assert any(line.startswith(order_uuid) for line in listing)
    assert "payment order(s) in all" in listing[-1]
    assert main(["orders", "list", "--status", "paid", "--page", "9", *_common(sandbox)]) == 0
    assert "no payment orders" in capsys.readouterr().out


def test_verify_json_reports_the_event_and_validity(tmp_path: Path) -> None:
    body = json.dumps(
        {"event": "payment.refunded.someday", "object": {"uuid": str(uuid.uuid4())}, "created_at": "2026-01-01"}
    ).encode()
    path = tmp_path / "body.json"
    path.write_bytes(body)
    env = {"WEBPOS_SECRET": SECRET}
    valid = _webpos("verify", "--signature", sign(body, SECRET), "--body-file", str(path), "--json", env=env)
    assert valid.returncode == 0, valid.stderr
    assert json.loads(valid.stdout) | {"problem": None} == {
        "valid": True,
        "event": "payment.refunded.someday",
        "known_event": False,
        "payment_order_uuid": None,
        "problem": None,
    }
    invalid = _webpos("verify", "--signature", sign(body, "other"), "--body-file", str(path), "--json", env=env)
    assert invalid.returncode == 1
    assert json.loads(invalid.stdout)["valid"] is False
    assert invalid.stderr.count("\n") == 1
    assert "invalid signature" in invalid.stderr
    assert SECRET not in invalid.stdout + invalid.stderr


def test_the_installed_entry_point_exit_codes() -> None:
    """The real process: ``python -m webpos_sdk.cli`` exits as documented, never with a traceback."""
    assert _webpos("--version").stdout.strip() == f"webpos {__version__}"
    bad = _webpos("orders", "list", "--status", "payed")
    assert (bad.returncode, bad.stdout, bad.stderr.count("\n")) == (2, "", 1)
    unreachable = _webpos("orders", "list", "--base-url", "http://127.0.0.1:9", "--secret", SECRET)
    assert unreachable.returncode == 1
    assert unreachable.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr + unreachable.stderr
