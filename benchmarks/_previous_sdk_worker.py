"""Worker of ``benchmarks/previous_sdk.py``: drives the previous SDK (``chainside-webpos-sdk==2.0.1``).

Runs with the python of the throwaway venv that holds the previous SDK (whose import name is also
``webpos_sdk``), started with ``-I`` so that neither this repository nor ``PYTHONPATH`` can shadow it.

Protocol, one JSON object per line. The first line on stdin is the setup::

    {"base_url": ..., "client_id": ..., "secret": ..., "order_uuid": ...,
     "callback_body": <base64 of the raw bytes>, "callback_signature": ..., "patch_null_arrays": true}

answered by ``{"ok": true, "sdk": <path of the imported package>}`` once the client is built (the
previous SDK logs in inside its constructor). Then each request ``{"op": "get", "calls": 40}`` is
answered by ``{"ok": true, "seconds": <per call>}``, timed here so that the pipe is not measured.
The first request of each op first makes one untimed call and checks its answer. A failure
answers ``{"ok": false, "error": ...}``. ``{"op": "quit"}`` (or end of input) ends the worker.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr  # whatever the previous SDK prints must not break the protocol


def answer(**fields: Any) -> None:
    PROTOCOL_OUT.write(json.dumps(fields) + "\n")
    PROTOCOL_OUT.flush()


def describe(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    debug_info = getattr(err, "debug_info", None)  # the previous SDK's HTTP errors carry it on the class
    if debug_info:
        text += "\n" + re.sub(r"(?im)^(\s*authorization:).*$", r"\1 <redacted>", str(debug_info))
    return text + "\n" + "".join(traceback.format_exception(err)[-6:])


def patch_null_arrays() -> None:
    """The previous SDK's deserializer iterates every array it knows of, also when the value is null:
    ``"transactions": null`` (its own schema says nullable; the sandbox sends it for unpaid orders)
    raises ``TypeError: 'NoneType' object is not iterable`` in get_payment_order(s). Keep the null."""
    from sdkboil.deserializers import JsonDeserializer

    original = JsonDeserializer._deserialize_array

    def deserialize_array(elements_class: Any, array: Any) -> Any:
        return None if array is None else original(elements_class, array)

    JsonDeserializer._deserialize_array = staticmethod(deserialize_array)


def build(setup: dict[str, Any]) -> dict[str, tuple[Callable[[], Any], Callable[[Any], str | None]]]:
    """The four ops, each as (call, check of its answer returning a problem or None)."""
    import webpos_sdk.api_context
    from webpos_sdk.callbacks.handler import ChainsideCallbacksHandler
    from webpos_sdk.client import Client
    from webpos_sdk.objects import PaymentOrder, PaymentOrderList, PaymentOrderResponse, PaymentOrderRetrieval

    if setup.get("patch_null_arrays", True):
        patch_null_arrays()
    # Its hosts are constants picked by mode, with no override: point the sandbox mode at base_url.
    webpos_sdk.api_context.CHAINSIDE_SANDBOX_API_HOSTAME = setup["base_url"].rstrip("/")
    config = {"mode": "sandbox", "client_id": setup["client_id"], "secret": setup["secret"]}
    client = Client(config)  # logs in here; every later call reuses the cached token
    # The README's way: a handler on an ApiContext. Reuse the client's context: building a second
    # ChainsideApiContext would reset the process-wide dict token cache under the client's feet.
    handler = ChainsideCallbacksHandler(client.context)
    order_uuid: str = setup["order_uuid"]
    body = base64.b64decode(setup["callback_body"])
    headers = {"chainside-signature": setup["callback_signature"]}
    expected = json.loads(body)

    def check_get(result: Any) -> str | None:
        if not isinstance(result, PaymentOrderRetrieval) or result.uuid != order_uuid:
            return f"get_payment_order answered {result!r} (uuid {getattr(result, 'uuid', None)!r})"
        return None

    def check_create(result: Any) -> str | None:
        if not isinstance(result, PaymentOrderResponse) or result.reference != "bench":
            return f"create_payment_order answered {result!r}"
        uuid.UUID(result.uuid)
        return None

    def check_list(result: Any) -> str | None:
        orders = getattr(result, "paymentorders", None)
        if not isinstance(result, PaymentOrderList) or not orders or len(orders) > 20:
            return f"get_payment_orders answered {result!r} with {orders!r}"
        stamps = [o["created_at"] for o in orders]
        if stamps != sorted(stamps, reverse=True):
            return f"get_payment_orders not sorted by created_at desc: {stamps}"
        return None

    def check_callback(result: Any) -> str | None:
        if not handler._verify(headers, body):  # parse() computes this and then ignores it
            return "the previous SDK's signature check rejects callback_signature"
        if not isinstance(result, dict) or result.get("event") != expected["event"]:
            return f"callback parse answered {result!r}"
        if result["object"]["uuid"] != expected["object"]["uuid"]:
            return "callback parse lost the object"
        return None

    return {
        "get": (lambda: client.get_payment_order(order_uuid), check_get),
        "create": (lambda: client.create_payment_order(PaymentOrder(amount="10.00", reference="bench")), check_create),
        # page=0 is dropped by the previous SDK (``if page:``); 0 is the server's default anyway
        "list": (
            lambda: client.get_payment_orders(page=0, page_size=20, sort_by="created_at", sort_order="desc"),
            check_list,
        ),
        "callback": (lambda: handler.parse(headers, body), check_callback),
    }


def main() -> None:
    try:
        setup = json.loads(sys.stdin.readline())
        ops = build(setup)
        import webpos_sdk

        answer(ok=True, sdk=str(webpos_sdk.__path__[0]))
    except Exception as err:
        answer(ok=False, error="setup failed: " + describe(err))
        return
    checked: set[str] = set()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        op = request.get("op")
        if op == "quit":
            break
        if op not in ops:
            answer(ok=False, error=f"unknown op {op!r}")
            continue
        call, check = ops[op]
        calls = int(request.get("calls", 1))
        try:
            if op not in checked:
                problem = check(call())
                if problem is not None:
                    answer(ok=False, error=f"{op}: {problem}")
                    continue
                checked.add(op)
            start = time.perf_counter()
            for _ in range(calls):
                call()
            answer(ok=True, seconds=(time.perf_counter() - start) / calls)
        except Exception as err:
            answer(ok=False, error=f"{op}: " + describe(err))


if __name__ == "__main__":
    main()
