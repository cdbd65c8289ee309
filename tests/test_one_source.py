"""Each behaviour written once: both clients run the same operations (``_operations``), each method
spelling out its operation's signature (checked here) with the same docstring in both clients, and
differ only in how they wait."""

from __future__ import annotations

import inspect

import pytest

from webpos_sdk import AsyncClient, Client, _operations
from webpos_sdk._retry import AsyncRetryTransport, RetryTransport, _Retrying

OPERATIONS = [
    "client_credentials_login",
    "login",
    "create_payment_order",
    "resume_payment_order",
    "get_payment_order",
    "get_payment_orders",
    "iter_payment_orders",
    "delete_payment_order",
    "get_callbacks",
    "payment_reset",
    "payment_update",
    "get_web_pos_payments",
]


def _public(cls: type) -> set[str]:
    return {name for name, value in vars(cls).items() if not name.startswith("_") and callable(value)}


def test_both_clients_offer_exactly_the_operations_and_their_lifecycle() -> None:
    assert _public(Client) == {*OPERATIONS, "close"}
    assert _public(AsyncClient) == {*OPERATIONS, "aclose"}


@pytest.mark.parametrize("name", OPERATIONS)
def test_each_method_of_both_clients_is_the_one_operation(name: str) -> None:
    operation = getattr(_operations, name)
    blocking, awaiting = getattr(Client, name), getattr(AsyncClient, name)
    assert blocking.__doc__ == awaiting.__doc__  # the public methods carry the documentation, alike
    assert blocking.__doc__
    assert f"``Client.{name}``" in operation.__doc__
    # the methods spell out the operation's signature (for IDEs, pdoc and --verifytypes): the same
    expected = [p.replace(kind=p.POSITIONAL_OR_KEYWORD) for p in inspect.signature(operation).parameters.values()]
    for method in (blocking, awaiting):
        parameters = list(inspect.signature(method).parameters.values())
        assert parameters[0].name == "self"
        assert parameters[1:] == expected[1:]
    source = inspect.getsource(blocking) + inspect.getsource(awaiting)
    assert source.count(f"_operations.{name}(self") == 2  # and run nothing but it
    assert inspect.signature(blocking).return_annotation == inspect.signature(awaiting).return_annotation.replace(
        "AsyncIterator", "Iterator"
    )


@pytest.mark.parametrize("name", OPERATIONS)
def test_the_async_methods_are_coroutine_functions_or_async_generators(name: str) -> None:
    method = getattr(AsyncClient, name)
    if name == "iter_payment_orders":  # an async iterator (a generator), its arguments checked at the call
        with Client(client_id="c", secret="s") as client:
            assert inspect.isgenerator(client.iter_payment_orders())
        assert inspect.isasyncgen(AsyncClient(client_id="c", secret="s").iter_payment_orders())
    else:
        assert inspect.iscoroutinefunction(method)
        assert not inspect.iscoroutinefunction(getattr(Client, name))


def test_the_signature_shown_is_the_clients_not_the_operations() -> None:
    text = str(inspect.signature(Client.get_payment_order))
    assert text == "(self, payment_order_uuid: 'str | UUID') -> 'PaymentOrderRetrieval'"
    assert "Call[" not in str(inspect.signature(AsyncClient.get_payment_orders))
    assert str(inspect.signature(Client.login)).endswith("-> 'None'")


def test_both_retrying_transports_share_one_constructor_and_one_decision_maker() -> None:
    assert RetryTransport.__init__ is AsyncRetryTransport.__init__ is _Retrying.__init__
    assert RetryTransport._attempts is AsyncRetryTransport._attempts is _Retrying._attempts
