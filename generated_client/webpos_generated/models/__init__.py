"""Contains all the data models used in inputs/outputs"""

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
)
