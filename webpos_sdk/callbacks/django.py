"""Django adapter (``pip install 'chainside-webpos[django]'``):

.. code-block:: python

    # urls.py
    path("webpos/callback", callback_view(router))

A router with ``async def`` handlers gets an async view (Django runs it on its event loop, under
ASGI and WSGI alike); otherwise the view is a plain one and async handlers are refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .router import MAX_BODY, CallbackRouter, declared_length, too_large

V = TypeVar("V", bound=Callable[..., Any])


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
    """A POST view: 400 on a bad signature, 200 after the handlers ran, 503 while the callback
    is being handled elsewhere or the de-duplication store is down.

    Decorated as Django views are: ``csrf_exempt`` (Chainside cannot send a CSRF token; the
    signature authenticates the request), ``require_POST`` and, on Django 5.1+,
    ``login_not_required`` (``LoginRequiredMiddleware`` would answer 302 to the login page, and
    no callback would ever be handled)."""
    if router.has_async_handlers:

        async def async_view(request: HttpRequest) -> HttpResponse:
            body = _read(request, max_body)
            if isinstance(body, HttpResponse):
                return body
            status, text = await router.handle_async(request.headers, body, run_sync=_thread_sensitive)
            return HttpResponse(text, status=status, content_type="text/plain")

        return _decorated(async_view)

    router.serve_blocking()

    def view(request: HttpRequest) -> HttpResponse:
        body = _read(request, max_body)
        if isinstance(body, HttpResponse):
            return body
        status, text = router.handle(request.headers, body)
        return HttpResponse(text, status=status, content_type="text/plain")

    return _decorated(view)


async def _thread_sensitive(function: Callable[[], object]) -> object:
    """A plain handler of an async view runs as Django runs sync code from async code: in the
    one thread that holds the ORM's connections (``sync_to_async(thread_sensitive=True)``)."""
    from asgiref.sync import sync_to_async

    return await sync_to_async(function, thread_sensitive=True)()


def _decorated(view: V) -> V:
    import inspect

    import django
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_POST

    if inspect.iscoroutinefunction(view) and django.VERSION < (5, 0):
        # Django 4.2's decorators wrap an async view in a sync function: set what they would.
        view.csrf_exempt = True  # type: ignore[attr-defined]
        view.login_required = False  # type: ignore[attr-defined]
        return view
    decorated: V = csrf_exempt(require_POST(view))
    try:
        from django.contrib.auth.decorators import login_not_required  # Django 5.1+
    except ImportError:
        return decorated
    return login_not_required(decorated)  # type: ignore[no-any-return]
