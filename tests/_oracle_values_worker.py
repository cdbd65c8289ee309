"""Worker of ``tests/test_oracle_values.py``: the previous SDK (2.0.1) reading answer and callback bodies.

Runs with the python of the previous SDK's own venv (``python -I``: this repository, whose package
is also ``webpos_sdk``, cannot shadow it). One JSON object per line on stdin and stdout.

The first answer is ``{"ok": true, "schemas": {<name>: <the class's validation schema>}}``: the
rules the test generates bodies from. Then each ``{"name": ..., "body": ...}`` is answered with
``{"ok": true, "accepted": <its validator's verdict>, "values": <what its deserializer built>}``,
``values`` being the object's attributes with nested objects as the plain dicts and lists it gave
(or ``null`` and ``"crash": ...`` when deserializing raised after the validator accepted).
"""

from __future__ import annotations

import copy
import importlib
import json
import sys
from typing import Any

PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr

CLASSES = {
    "PaymentOrderRetrieval": "payment_order_retrieval.PaymentOrderRetrieval",
    "PaymentOrderCreationResponse": "payment_order_creation_response.PaymentOrderResponse",
    "PaymentOrderDeletionResponse": "payment_order_deletion_response.PaymentOrderResponse",
    "PaymentOrderList": "payment_order_list.PaymentOrderList",
    "CallbackList": "callback_list.CallbackList",
    "ClientCredentialsLoginResponse": "client_credentials_login_response.ClientCredentialsLoginResponse",
    "payment.completed": "payment_completed.PaymentCompletedCallback",
    "payment.overpaid": "payment_overpaid.PaymentOverpaidCallback",
    "payment.cancelled": "payment_cancelled.PaymentCancelledCallback",
    "payment.expired": "payment_expired.PaymentExpiredCallback",
    "payment.chargeback": "payment_chargeback.PaymentChargebackCallback",
    "payment.dispute.start": "payment_dispute_start.PaymentDisputeStartCallback",
    "payment.dispute.end": "payment_dispute_end.PaymentDisputeEndCallback",
}


def answer(**fields: Any) -> None:
    PROTOCOL_OUT.write(json.dumps(fields) + "\n")
    PROTOCOL_OUT.flush()


def load(path: str) -> Any:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module("webpos_sdk.objects." + module), name)


def plain(value: Any) -> Any:
    from sdkboil.object import SdkObject

    if isinstance(value, SdkObject):
        return {key: plain(item) for key, item in vars(value).items()}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main() -> None:
    from sdkboil.deserializers import JsonDeserializer
    from validation.validator import ValidatorFactory

    classes = {name: load(path) for name, path in CLASSES.items()}
    answer(ok=True, schemas={name: cls.schema for name, cls in classes.items()})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "quit":
            return
        cls = classes[request["name"]]
        body = request["body"]
        validator = ValidatorFactory.make(cls.schema)
        try:
            accepted = bool(validator.validate(copy.deepcopy(body)))
        except Exception as err:  # the validator itself may raise on odd input
            answer(ok=True, accepted=False, errors=f"{type(err).__name__}: {err}")
            continue
        if not accepted:
            answer(ok=True, accepted=False, errors=validator.errors.to_dict())
            continue
        try:
            built = JsonDeserializer.deserialize(cls, json.dumps(body))
        except Exception as err:
            answer(ok=True, accepted=True, values=None, crash=f"{type(err).__name__}: {err}")
            continue
        answer(ok=True, accepted=True, values=plain(built))


if __name__ == "__main__":
    main()
