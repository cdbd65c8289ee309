"""Every object of the API, under the names the previous SDK's READMEs use.

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
)
from webpos_generated.types import UNSET, Unset

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
    "DepositAccountLite",
    "DepositAccountType",
    "Error",
    "ErrorCode",
    "EventType",
    "GrantType",
    "Out",
    "PaidStatus",
    "PaymentOrder",
    "PaymentOrderCreation",
    "PaymentOrderCreationResponse",
    "PaymentOrderCreator",
    "PaymentOrderDeletionResponse",
    "PaymentOrderList",
    "PaymentOrderResponse",
    "PaymentOrderRetrieval",
    "PaymentOrderState",
    "PaymentStatus",
    "PaymentUpdateObject",
    "RateRetrieval",
    "Scope",
    "SortBy",
    "SortOrder",
    "Transaction",
    "TransactionBlockchainStatus",
    "TransactionStatus",
    "Unset",
]
