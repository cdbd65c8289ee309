"""Django adapter (``pip install 'chainside-webpos[django]'``):

.. code-block:: python

    # urls.py
    path("webpos/callback", callback_view(router))
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .router import CallbackRouter


def callback_view(router: CallbackRouter) -> Callable[[HttpRequest], HttpResponse]:
    """A CSRF-exempt POST view: 400 on a bad signature, 200 after the handlers ran."""

    def view(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        status, text = router.handle(request.headers, request.body)
        return HttpResponse(text, status=status, content_type="text/plain")

    view.csrf_exempt = True  # type: ignore[attr-defined]  # what django's csrf_exempt sets
    return view
