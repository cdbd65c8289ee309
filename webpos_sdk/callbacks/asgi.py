"""ASGI / Starlette / FastAPI adapter:

.. code-block:: python

    app = Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
    # FastAPI: app.add_api_route("/webpos/callback", callback_endpoint(router), methods=["POST"])
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse

from .router import CallbackRouter


def callback_endpoint(router: CallbackRouter) -> Callable[[Request], Awaitable[PlainTextResponse]]:
    """A Starlette endpoint reading the raw body (handlers run inline; keep them quick)."""

    async def endpoint(request: Request) -> PlainTextResponse:
        status, text = router.handle(request.headers, await request.body())
        return PlainTextResponse(text, status_code=status)

    return endpoint
