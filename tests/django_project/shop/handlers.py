"""The shop's callback handlers: they record what they handled in $SHOP_RECEIVED, one line each.
With SHOP_HANDLERS=async one of them is ``async def`` (the site then serves an async view, and
the plain handler, which touches the database, must run off the event loop)."""

import os

from django.db import connection

from webpos_sdk.django import get_router

router = get_router()


def _record(what: str) -> None:
    with open(os.environ["SHOP_RECEIVED"], "a", encoding="utf-8") as out:
        out.write(what + "\n")


@router.on("payment.completed")
def ship(event: object) -> None:
    with connection.cursor() as cursor:  # SynchronousOnlyOperation if run on the event loop
        cursor.execute("SELECT 1")
    _record(f"ship {event.object.uuid}")  # type: ignore[attr-defined]


if os.environ.get("SHOP_HANDLERS") == "async":

    @router.on("payment.completed")
    async def notify(event: object) -> None:
        _record(f"notify {event.object.uuid}")  # type: ignore[attr-defined]
