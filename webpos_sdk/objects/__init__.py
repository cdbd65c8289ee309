"""Every object of the API, under the names the previous SDK's READMEs use.

The previous SDK's module paths work too (``webpos_sdk.objects.payment_completed`` ...), and so
do its reading habits: ``order["state"]["status"]`` and ``.get()`` read a field as the API sent it
(nested objects as dicts, date-times and UUIDs as strings), a UUID field is a :class:`UUIDStr`
(equal to its string), and constructors take plain values (``PaymentUpdateObject(callback=
"payment.completed")``, UUID and ISO date-time strings), refusing a wrong one at once.

The classes are generated from ``openapi/webpos.yaml`` (attrs classes with ``to_dict()``,
``from_dict()`` and ``validate()``); this module only names them. ``PaymentOrder`` is the
creation request (``PaymentOrderCreation``). The creation response and the deletion response
are two different classes; ``PaymentOrderResponse`` (v1's name) is the creation response.
"""

import datetime
from collections.abc import Mapping
from typing import Any, Literal, Required, TypedDict

from webpos_generated import models as _models
from webpos_generated.errors import FieldError, RequestValidationError
from webpos_generated.models import *  # noqa: F403  (every model and enum, named once: in the spec)
from webpos_generated.models import PaymentOrderCreation, PaymentOrderCreationResponse
from webpos_generated.types import UNSET, DateTime, Unset, UUIDStr, parse_datetime

from ..callbacks import _events
from ..callbacks._events import *  # noqa: F403  (the typed callback events: Payment*Callback)

#: The README name of the creation request.
PaymentOrder = PaymentOrderCreation
#: v1's name of the creation response.
PaymentOrderResponse = PaymentOrderCreationResponse


class PaymentOrderParams(TypedDict, total=False):
    """``create_payment_order``'s body as a dict, for type checkers: a misspelt or unknown key, or
    ``amount=10`` (a decimal string is due), is an error before anything runs. The keys are
    :class:`PaymentOrderCreation`'s (tests/test_typing.py keeps them equal)."""

    amount: Required[str]
    details: str | None
    reference: str | None
    callback_url: str | None
    continue_url: str | None
    cancel_url: str | None
    required_confirmations: int | None


#: The ``status`` filter's values, for type checkers (:class:`BlockchainStatus`'s, kept equal by a test).
StatusName = Literal[
    "cancelled",
    "chargeback",
    "expired",
    "mempool_network_dispute",
    "mempool_unconfirmed",
    "network_dispute",
    "paid",
    "partial",
    "pending",
    "possible_chargeback",
    "unconfirmed",
]
#: ``sort_by``'s values (:class:`SortBy`'s).
SortByName = Literal["amount", "created_at"]
#: ``sort_order``'s values (:class:`SortOrder`'s).
SortOrderName = Literal["asc", "desc"]

__all__ = [
    "UNSET",
    "DateTime",
    "FieldError",
    "PaymentOrder",
    "PaymentOrderParams",
    "PaymentOrderResponse",
    "RequestValidationError",
    "SortByName",
    "SortOrderName",
    "StatusName",
    "UUIDStr",
    "Unset",
    "parse_datetime",
]
__all__ += _models.__all__  # the generated models and enums, under the spec's names

# Users meet these classes here, so reprs, pickles and pdoc name them here, never by the generated
# package's module paths. Their annotations then resolve in this module: hence the three imports
# above (``typing.get_type_hints`` and ``attrs.resolve_types`` keep working; tests hold it).
for _name in (*_models.__all__, "DateTime", "FieldError", "RequestValidationError", "UUIDStr", "Unset"):
    globals()[_name].__module__ = __name__
del _name
_ANNOTATION_NAMES = (datetime, Mapping, Any)
__all__ += _events.__all__  # the typed callback events
