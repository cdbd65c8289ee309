"""Code written as a merchant writes it, checked by mypy --strict and pyright strict in
``make typecheck`` (never run). ``assert_type`` pins what the checkers infer; each line marked
``# type: ignore[...]  # pyright: ignore[...]`` is an error both must report (both are told to
flag an ignore that is not needed, so a mistake the SDK stops catching fails the check)."""

from __future__ import annotations

from contextlib import AsyncExitStack, ExitStack
from typing import assert_type

from webpos_sdk import NO_RETRY, Answer, AsyncClient, Client, RetryPolicy
from webpos_sdk.callbacks import (
    CallbackDeduplicator,
    CallbackRouter,
    Event,
    PaymentCancelledCallback,
    PaymentCompletedCallback,
    construct_event,
)
from webpos_sdk.exceptions import (
    NotFoundException,
    PaymentOrderOutcomeUnknownException,
    SdkHttpException,
    TimeoutException,
)
from webpos_sdk.objects import (
    PaymentOrder,
    PaymentOrderCreationResponse,
    PaymentOrderList,
    PaymentOrderParams,
    PaymentOrderRetrieval,
    PaymentStatus,
)

router = CallbackRouter("secret", dedupe=CallbackDeduplicator({"driver": "dict"}))


@router.on("payment.completed")
def ship_order(event: PaymentCompletedCallback) -> None:
    print(event.object.uuid)


@router.on("payment.cancelled")
async def release_stock(event: PaymentCancelledCallback) -> None:
    print(event.object.reference)


@router.on("payment.expired")
def audit(event: Event) -> None:  # a handler of any event fits every event
    print(event.event)


@router.on("payment.cancelled")  # type: ignore[type-var]  # pyright: ignore[reportArgumentType, reportUntypedFunctionDecorator]
def wrong_event(event: PaymentCompletedCallback) -> None: ...


router.on("payment.complete")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def the_readme_quickstart() -> None:
    with Client(client_id="...", secret="...", mode="sandbox") as client:
        order = client.create_payment_order(
            PaymentOrder(amount="10.00", callback_url="https://shop.example.com/webpos/callback", reference="order-42")
        )
        assert_type(order, PaymentOrderCreationResponse)
        current = client.get_payment_order(order.uuid)
        assert_type(current, PaymentOrderRetrieval)
        assert_type(current.state.status, PaymentStatus)
        for o in client.iter_payment_orders(status="paid"):
            assert_type(o, PaymentOrderRetrieval)
        assert_type(client.get_payment_orders(page_size=40, sort_by="created_at", sort_order="desc"), PaymentOrderList)


def with_an_exit_stack_and_dict_bodies() -> None:
    with ExitStack() as stack:
        client = stack.enter_context(Client(client_id="x", secret="y"))
        assert_type(client, Client)
        body: PaymentOrderParams = {"amount": "10.00", "reference": "r-1"}
        client.create_payment_order(body)
        client.create_payment_order({"amount": "10.00", "details": "2 coffees"})
        client.get_payment_orders(status="payed")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        client.create_payment_order({"amount": "10", "bogus": 1})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        client.create_payment_order({"amount": 10})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def error_handling(client: Client) -> None:
    quick = client.with_options(timeout=2, retry=NO_RETRY)
    assert_type(quick, Client)
    try:
        with quick.capture_answer() as answer:
            quick.get_payment_order("2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d")
        assert_type(answer, Answer)
        assert_type(answer.request_id, str | None)
    except NotFoundException as err:
        assert_type(err.request_id, str | None)
    except TimeoutException as err:
        assert_type(err.request_sent, bool | None)
    except SdkHttpException as err:
        assert_type(err.status_code, int)
    try:
        client.create_payment_order({"amount": "1.00", "reference": "order-7"})
    except PaymentOrderOutcomeUnknownException as err:
        assert_type(client.resume_payment_order(err), PaymentOrderCreationResponse)


def a_callback_view(headers: dict[str, str], body: bytes) -> None:
    event = construct_event(headers, body, "secret")
    if isinstance(event, PaymentCompletedCallback):
        print(event.object.uuid)
    status, _text = router.handle(headers, body)
    assert_type(status, int)


async def the_async_client() -> None:
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(AsyncClient(client_id="x", secret="y", retry=RetryPolicy(deadline=5)))
        assert_type(client, AsyncClient)
        order = await client.create_payment_order({"amount": "10.00"})
        assert_type(order, PaymentOrderCreationResponse)
        async for o in client.iter_payment_orders(page_size=40):
            assert_type(o, PaymentOrderRetrieval)
        assert_type(await client.with_options(timeout=1).get_payment_orders(), PaymentOrderList)
