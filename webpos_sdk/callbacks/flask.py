"""Flask adapter:

.. code-block:: python

    app.register_blueprint(callback_blueprint(router, url="/webpos/callback"))

The view is a plain (blocking) one: ``async def`` handlers are refused when registered.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .router import MAX_BODY, CallbackRouter, too_large


def callback_blueprint(
    router: CallbackRouter, *, url: str = "/webpos/callback", name: str = "webpos", max_body: int = MAX_BODY
) -> Blueprint:
    """A blueprint with one POST route reading the raw body (at most ``max_body`` bytes: 413)."""
    router.serve_blocking()
    blueprint = Blueprint(name, __name__)

    @blueprint.post(url)
    def receive() -> Response:
        length = request.content_length
        if length is not None and length > max_body:
            return Response(*too_large(max_body), mimetype="text/plain")
        body = request.stream.read(max_body + 1)
        if len(body) > max_body:
            return Response(*too_large(max_body), mimetype="text/plain")
        status, text = router.handle(request.headers, body)
        return Response(text, status=status, mimetype="text/plain")

    return blueprint
