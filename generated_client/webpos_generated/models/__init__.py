"""Contains all the data models used in inputs/outputs.

Our change (see custom_templates/README.md): each model module is imported on first use of its
name, not when this package is imported, so that ``import webpos_sdk`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api_version import ApiVersion
    from .blockchain_status import BlockchainStatus
    from .callback import Callback
    from .callback_event import CallbackEvent
    from .callback_list import CallbackList
    from .callback_payment_order import CallbackPaymentOrder
    from .client_credentials import ClientCredentials
    from .client_credentials_login_response import ClientCredentialsLoginResponse
    from .creator_type import CreatorType
    from .currency_retrieval import CurrencyRetrieval
    from .currency_type import CurrencyType
    from .deposit_account_lite import DepositAccountLite
    from .deposit_account_type import DepositAccountType
    from .error import Error
    from .error_code import ErrorCode
    from .event_type import EventType
    from .grant_type import GrantType
    from .out import Out
    from .paid_status import PaidStatus
    from .payment_order_creation import PaymentOrderCreation
    from .payment_order_creation_response import PaymentOrderCreationResponse
    from .payment_order_creator import PaymentOrderCreator
    from .payment_order_deletion_response import PaymentOrderDeletionResponse
    from .payment_order_list import PaymentOrderList
    from .payment_order_retrieval import PaymentOrderRetrieval
    from .payment_order_state import PaymentOrderState
    from .payment_status import PaymentStatus
    from .payment_update_object import PaymentUpdateObject
    from .rate_retrieval import RateRetrieval
    from .scope import Scope
    from .sort_by import SortBy
    from .sort_order import SortOrder
    from .transaction import Transaction
    from .transaction_blockchain_status import TransactionBlockchainStatus
    from .transaction_status import TransactionStatus
    from .web_pos_payment_order_list import WebPosPaymentOrderList

_MODULE_OF = {
    "ApiVersion": ".api_version",
    "BlockchainStatus": ".blockchain_status",
    "Callback": ".callback",
    "CallbackEvent": ".callback_event",
    "CallbackList": ".callback_list",
    "CallbackPaymentOrder": ".callback_payment_order",
    "ClientCredentials": ".client_credentials",
    "ClientCredentialsLoginResponse": ".client_credentials_login_response",
    "CreatorType": ".creator_type",
    "CurrencyRetrieval": ".currency_retrieval",
    "CurrencyType": ".currency_type",
    "DepositAccountLite": ".deposit_account_lite",
    "DepositAccountType": ".deposit_account_type",
    "Error": ".error",
    "ErrorCode": ".error_code",
    "EventType": ".event_type",
    "GrantType": ".grant_type",
    "Out": ".out",
    "PaidStatus": ".paid_status",
    "PaymentOrderCreation": ".payment_order_creation",
    "PaymentOrderCreationResponse": ".payment_order_creation_response",
    "PaymentOrderCreator": ".payment_order_creator",
    "PaymentOrderDeletionResponse": ".payment_order_deletion_response",
    "PaymentOrderList": ".payment_order_list",
    "PaymentOrderRetrieval": ".payment_order_retrieval",
    "PaymentOrderState": ".payment_order_state",
    "PaymentStatus": ".payment_status",
    "PaymentUpdateObject": ".payment_update_object",
    "RateRetrieval": ".rate_retrieval",
    "Scope": ".scope",
    "SortBy": ".sort_by",
    "SortOrder": ".sort_order",
    "Transaction": ".transaction",
    "TransactionBlockchainStatus": ".transaction_blockchain_status",
    "TransactionStatus": ".transaction_status",
    "WebPosPaymentOrderList": ".web_pos_payment_order_list",
}

__all__ = (
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
    "PaymentOrderCreation",
    "PaymentOrderCreationResponse",
    "PaymentOrderCreator",
    "PaymentOrderDeletionResponse",
    "PaymentOrderList",
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
    "WebPosPaymentOrderList",
)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
