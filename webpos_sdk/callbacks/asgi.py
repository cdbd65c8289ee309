"""ASGI / Starlette / FastAPI adapter:

.. code-block:: python

    app = Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
    # FastAPI: app.add_api_route("/webpos/callback", callback_endpoint(router), methods=["POST"])

``async def`` handlers are awaited; plain ones run in a worker thread (``asyncio.to_thread``), and
so does a shared de-duplication store: nothing blocking runs on the event loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse

from .router import MAX_BODY, CallbackRouter, declared_length, too_large


def callback_endpoint(
    router: CallbackRouter, *, max_body: int = MAX_BODY
) -> Callable[[Request], Awaitable[PlainTextResponse]]:
    """A Starlette endpoint reading the raw body, refusing one over ``max_body`` bytes (413)
    before reading it whole."""

    async def endpoint(request: Request) -> PlainTextResponse:
        length = declared_length(request.headers.get("content-length"))
        if length is not None and length > max_body:
            return PlainTextResponse(*too_large(max_body))
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                return PlainTextResponse(*too_large(max_body))
            chunks.append(chunk)
        status, text = await router.handle_async(request.headers, b"".join(chunks))
        return PlainTextResponse(text, status_code=status)

    return endpoint
