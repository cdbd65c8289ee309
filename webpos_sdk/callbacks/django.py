"""Django adapter (``pip install 'chainside-webpos[django]'``):

.. code-block:: python

    # urls.py
    path("webpos/callback", callback_view(router))

A router with ``async def`` handlers gets an async view (Django runs it on its event loop, under
ASGI and WSGI alike); otherwise the view is a plain one and async handlers are refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .router import MAX_BODY, CallbackRouter, declared_length, too_large


def _read(request: HttpRequest, max_body: int) -> bytes | HttpResponse:
    """The raw body, or a 405/413 answer (a body over ``max_body`` is not read whole)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    length = declared_length(request.META.get("CONTENT_LENGTH"))
    if length is not None and length > max_body:
        text, status = too_large(max_body)
        return HttpResponse(text, status=status, content_type="text/plain")
    body = request.read(max_body + 1)
    if len(body) > max_body:
        text, status = too_large(max_body)
        return HttpResponse(text, status=status, content_type="text/plain")
    return body


def callback_view(
    router: CallbackRouter, *, max_body: int = MAX_BODY
) -> Callable[[HttpRequest], HttpResponse] | Callable[[HttpRequest], Awaitable[HttpResponse]]:
    """A CSRF-exempt POST view: 400 on a bad signature, 200 after the handlers ran, 503 while
    the callback is being handled elsewhere or the de-duplication store is down."""
    if router.has_async_handlers:

        async def async_view(request: HttpRequest) -> HttpResponse:
            body = _read(request, max_body)
            if isinstance(body, HttpResponse):
                return body
            status, text = await router.handle_async(request.headers, body)
            return HttpResponse(text, status=status, content_type="text/plain")

        async_view.csrf_exempt = True  # type: ignore[attr-defined]  # what django's csrf_exempt sets
        return async_view

    router.serve_blocking()

    def view(request: HttpRequest) -> HttpResponse:
        body = _read(request, max_body)
        if isinstance(body, HttpResponse):
            return body
        status, text = router.handle(request.headers, body)
        return HttpResponse(text, status=status, content_type="text/plain")

    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
