"""Worker of ``tests/test_oracle_wire.py``: the previous SDK (``chainside-webpos-sdk==2.0.1``) making
the calls its READMEs document, against the test's recording server.

Runs with the python of the previous SDK's own venv, started with ``-I`` so that this repository
(whose package is also ``webpos_sdk``) cannot shadow it. One JSON object per line on stdin and stdout.

The first line is the setup ``{"base_url": ..., "config": {<the README's config dict>}}``, answered
by ``{"ok": true, "sdk": <path of the imported package>}``. Then each step ``{"call": <name>, "args":
[...], "kwargs": {...}}`` is answered, once it is done, by ``{"ok": true, "result": <type name>}``
or ``{"ok": false, "error": ...}``. The call ``"Client"`` builds the client from the config dict (it
logs in there); any other call is the client's method of that name. Values ``{"$object": <name>,
"fields": {...}}`` in the arguments are built as ``webpos_sdk.objects.<name>(**fields)``.

``get_web_pos_payments(pos_uuid, status=None)`` is documented by the v1 README but 2.0.1's ``Client``
has no such method (its action class ships, unregistered): it is run the way each of 2.0.1's
methods runs its action (set the parameters, ``run()``), on the client's context.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr  # whatever the previous SDK prints must not break the protocol


def answer(**fields: Any) -> None:
    PROTOCOL_OUT.write(json.dumps(fields) + "\n")
    PROTOCOL_OUT.flush()


def build(value: Any) -> Any:
    """``value`` with every ``{"$object": name, "fields": {...}}`` made into that object."""
    import webpos_sdk.objects

    if isinstance(value, dict) and "$object" in value:
        fields = {key: build(item) for key, item in value["fields"].items()}
        return getattr(webpos_sdk.objects, value["$object"])(**fields)
    if isinstance(value, dict):
        return {key: build(item) for key, item in value.items()}
    if isinstance(value, list):
        return [build(item) for item in value]
    return value


def get_web_pos_payments(client: Any, pos_uuid: str, status: str | None = None) -> Any:
    # 2.0.1's module (mypy sees this repository's webpos_sdk, which has no actions)
    from webpos_sdk.actions.get_web_pos_payments import GetWebPosPaymentsAction  # type: ignore[import-not-found]

    action = GetWebPosPaymentsAction(client.context)
    action.pos_uuid = pos_uuid
    if status:
        action.status = status
    return action.run()


def main() -> None:
    try:
        setup = json.loads(sys.stdin.readline())
        import webpos_sdk
        import webpos_sdk.api_context

        # Its hosts are constants picked by mode, read when a context is built: point sandbox here.
        webpos_sdk.api_context.CHAINSIDE_SANDBOX_API_HOSTAME = setup["base_url"].rstrip("/")
        from webpos_sdk.client import Client

        answer(ok=True, sdk=str(webpos_sdk.__path__[0]))
    except Exception as err:
        answer(ok=False, error="setup failed: " + "".join(traceback.format_exception(err)))
        return
    client: Any = None
    for line in sys.stdin:
        if not line.strip():
            continue
        step = json.loads(line)
        if step.get("call") == "quit":
            break
        try:
            args, kwargs = build(step.get("args", [])), build(step.get("kwargs", {}))
            if step["call"] == "Client":
                client = result = Client(dict(setup["config"]))  # its README: Client(conf)
            elif step["call"] == "get_web_pos_payments":
                result = get_web_pos_payments(client, *args, **kwargs)
            else:
                result = getattr(client, step["call"])(*args, **kwargs)
            answer(ok=True, result=type(result).__name__)
        except Exception as err:
            text = f"{type(err).__name__}: {err}\n{getattr(err, 'debug_info', '') or ''}"
            answer(ok=False, error=text + "".join(traceback.format_exception(err)[-6:]))


if __name__ == "__main__":
    main()
