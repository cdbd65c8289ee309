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

from webpos_generated.models import (
    ApiVersion,
    BlockchainStatus,
    Callback,
    CallbackEvent,
    CallbackList,
    CallbackPaymentOrder,
    ClientCredentials,
    ClientCredentialsLoginResponse,
    CreatorType,
    CurrencyRetrieval,
    CurrencyType,
    DepositAccountLite,
    DepositAccountType,
    Error,
    ErrorCode,
    EventType,
    GrantType,
    Out,
    PaidStatus,
    PaymentOrderCreation,
    PaymentOrderCreationResponse,
    PaymentOrderCreator,
    PaymentOrderDeletionResponse,
    PaymentOrderList,
    PaymentOrderRetrieval,
    PaymentOrderState,
    PaymentStatus,
    PaymentUpdateObject,
    RateRetrieval,
    Scope,
    SortBy,
    SortOrder,
    Transaction,
    TransactionBlockchainStatus,
    TransactionStatus,
    WebPosPaymentOrderList,
)
from webpos_generated.types import UNSET, DateTime, Unset, UUIDStr, parse_datetime

from ..callbacks._events import (
    PaymentCancelledCallback,
    PaymentChargebackCallback,
    PaymentCompletedCallback,
    PaymentDisputeEndCallback,
    PaymentDisputeStartCallback,
    PaymentExpiredCallback,
    PaymentOverpaidCallback,
)

#: The README name of the creation request.
PaymentOrder = PaymentOrderCreation
#: v1's name of the creation response.
PaymentOrderResponse = PaymentOrderCreationResponse

__all__ = [
    "UNSET",
    "ApiVersion",
    "BlockchainStatus",
    "Callback",
    "CallbackEvent",
    "CallbackList",
    "CallbackPaymentOrder",
    "ClientCredentials",
    "ClientCredentialsLoginResponse",
    "CreatorType",
    "CurrencyRetrieval",
    "CurrencyType",
    "DateTime",
    "DepositAccountLite",
    "DepositAccountType",
    "Error",
    "ErrorCode",
    "EventType",
    "GrantType",
    "Out",
    "PaidStatus",
    "PaymentCancelledCallback",
    "PaymentChargebackCallback",
    "PaymentCompletedCallback",
    "PaymentDisputeEndCallback",
    "PaymentDisputeStartCallback",
    "PaymentExpiredCallback",
    "PaymentOrder",
    "PaymentOrderCreation",
    "PaymentOrderCreationResponse",
    "PaymentOrderCreator",
    "PaymentOrderDeletionResponse",
    "PaymentOrderList",
    "PaymentOrderResponse",
    "PaymentOrderRetrieval",
    "PaymentOrderState",
    "PaymentOverpaidCallback",
    "PaymentStatus",
    "PaymentUpdateObject",
    "RateRetrieval",
    "Scope",
    "SortBy",
    "SortOrder",
    "Transaction",
    "TransactionBlockchainStatus",
    "TransactionStatus",
    "UUIDStr",
    "Unset",
    "WebPosPaymentOrderList",
    "parse_datetime",
]
