"""Exactly-once ``create_payment_order`` for an order with a ``reference`` (sans-I/O).

The API has no idempotency key. When a create fails *ambiguously* -- a timeout or a dropped
connection after the request may have left, a 5xx, or a 2xx that cannot be read -- the order may
or may not exist, and simply creating it again may make a second one. With a ``reference`` the
SDK decides instead:

1. it lists the recent orders, newest first (``sort_by=created_at``, ``sort_order=desc``), back
   to the start of the call (less ``CLOCK_MARGIN`` for the difference between our clock and the
   server's), and looks for the order with this reference and amount;
2. found: it is returned, as if the create had answered;
3. provably absent (the listing was read back past the start of the call): the create is sent
   again, up to ``RetryPolicy.max_attempts`` creates in all (then the last error is raised, and
   no order exists);
4. undecidable (the listing failed too, or the window holds more than ``MAX_LOOKUP_PAGES``
   pages): :class:`webpos_sdk.exceptions.PaymentOrderOutcomeUnknownException`, carrying the
   reference, the order and the window; ``client.resume_payment_order(error)`` takes the
   decision up again later (look up, create only if provably absent).

Errors that prove nothing was created (a 4xx, a connection that was never established) are
raised at once. Without a ``reference`` a create is sent once, as before.

Each step is a :class:`webpos_sdk._operations.Call` yielded to the client, which sends it and
sends back its result (or throws its SDK exception in), so the blocking and the asyncio client
share every decision.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from datetime import UTC
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ._config import MAX_PAGE_SIZE
from .exceptions import (
    ConnectionErrorException,
    PaymentOrderMayExistException,
    PaymentOrderOutcomeUnknownException,
    SdkException,
    SdkHttpException,
    TimeoutException,
)

if TYPE_CHECKING:
    from ._operations import Call
    from .objects import PaymentOrderCreation, PaymentOrderCreationResponse, PaymentOrderRetrieval

logger = logging.getLogger(__name__)

#: Allowed difference between this machine's clock and the API's, in seconds.
CLOCK_MARGIN = 30.0
#: At most this many pages (of 40) are read back to decide; more orders than that in the
#: window leave the outcome unknown rather than guessed.
MAX_LOOKUP_PAGES = 50
#: Each page of the lookup is asked for at most this many times (timeouts included).
LOOKUP_ATTEMPTS = 3

Flow = Generator["Call[Any, Any]", Any, "PaymentOrderCreationResponse"]


def create(body: PaymentOrderCreation, *, attempts: int, since: float | None = None) -> Flow:
    """Create ``body`` exactly once (when it has a reference; once, plainly, when it has none)."""
    from . import _operations as ops

    reference = body.reference if isinstance(body.reference, str) and body.reference else None
    if reference is None:
        result: PaymentOrderCreationResponse = yield ops.create_call(body)
        return result
    since = time.time() - CLOCK_MARGIN if since is None else since
    for attempt in range(1, max(1, attempts) + 1):
        try:
            result = yield ops.create_call(body)
            return result
        except PaymentOrderMayExistException as err:
            failure: SdkException = err
            if err.uuid is not None:  # the answer named the order: read it
                try:
                    order: PaymentOrderRetrieval = yield ops.get_payment_order(None, err.uuid)
                    return as_created(order)
                except SdkException:
                    pass  # fall back to the listing
        except (TimeoutException, ConnectionErrorException) as err:
            if err.request_sent is False:  # never left: nothing to look for
                raise
            failure = err
        except SdkHttpException as err:
            if err.status_code < 500:  # the API refused it: nothing was created
                raise
            failure = err
        logger.warning(
            "create_payment_order (reference %r) failed ambiguously (%s); looking the order up",
            reference,
            type(failure).__name__,
        )
        found = yield from find(body, since, failure)
        if found is not None:
            logger.warning("create_payment_order (reference %r): the order exists, %s", reference, found.uuid)
            return found
        if attempt == attempts:
            raise failure  # provably not created: the merchant may create it again
    raise AssertionError("unreachable")  # pragma: no cover


def resume(error: PaymentOrderOutcomeUnknownException, *, attempts: int) -> Flow:
    """Decide an unknown outcome again: the order if it exists, else create it (exactly once)."""
    from .objects import PaymentOrderCreation

    body = PaymentOrderCreation.from_dict(error.payment_order)
    found = yield from find(body, error.since, error)
    if found is not None:
        return found
    return (yield from create(body, attempts=attempts, since=error.since))


def find(
    body: PaymentOrderCreation, since: float, failure: SdkException
) -> Generator[Call[Any, Any], Any, PaymentOrderCreationResponse | None]:
    """The order of ``body`` created since ``since`` (a wall-clock timestamp), or None when the
    listing proves there is none; raises PaymentOrderOutcomeUnknownException when it cannot."""
    from . import _operations as ops

    amount = _decimal(body.amount)
    for page in range(MAX_LOOKUP_PAGES):
        call = ops.get_payment_orders(None, page=page, page_size=MAX_PAGE_SIZE, sort_by="created_at", sort_order="desc")
        for attempt in range(1, LOOKUP_ATTEMPTS + 1):  # a listing is safe to repeat, timeouts included
            try:
                listing = yield call
                break
            except (TimeoutException, ConnectionErrorException, SdkHttpException) as err:
                retryable = not isinstance(err, SdkHttpException) or err.status_code >= 500 or err.status_code == 429
                if attempt == LOOKUP_ATTEMPTS or not retryable:
                    raise _unknown(body, since, failure, f"the lookup failed too ({type(err).__name__})") from None
        orders = listing.paymentorders or []
        for order in orders:
            if order.reference == body.reference and _decimal(order.amount) == amount and _created(order) >= since:
                return as_created(order)
        if not orders or page + 1 >= listing.total_pages or all(_created(o) < since for o in orders):
            return None
    raise _unknown(body, since, failure, f"more than {MAX_LOOKUP_PAGES} pages of orders since the call started")


def as_created(order: PaymentOrderRetrieval) -> PaymentOrderCreationResponse:
    """A listed or fetched order as the answer its create would have had."""
    from .objects import PaymentOrderCreationResponse

    return PaymentOrderCreationResponse(
        uuid=order.uuid,
        address=order.address,
        uri=order.uri,
        amount=order.btc_amount,
        expiration_time=order.expiration_time,
        expires_in=order.expires_in,
        rate=order.rate,
        redirect_url=order.redirect_url if isinstance(order.redirect_url, str) else None,
        created_at=order.created_at,
        reference=order.reference,
    )


def _created(order: PaymentOrderRetrieval) -> float:
    created = order.created_at
    return (created if created.tzinfo else created.replace(tzinfo=UTC)).timestamp()


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unknown(
    body: PaymentOrderCreation, since: float, failure: SdkException, why: str
) -> PaymentOrderOutcomeUnknownException:
    return PaymentOrderOutcomeUnknownException(
        f"create_payment_order (reference {body.reference!r}) failed ambiguously ({type(failure).__name__}) and "
        f"{why}: the order may or may not exist; call client.resume_payment_order(error) to decide",
        reference=str(body.reference),
        payment_order=body.to_dict(),
        since=since,
    )
