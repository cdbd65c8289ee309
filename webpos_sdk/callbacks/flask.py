"""Flask adapter:

.. code-block:: python

    app.register_blueprint(callback_blueprint(router, url="/webpos/callback"))
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .router import CallbackRouter


def callback_blueprint(router: CallbackRouter, *, url: str = "/webpos/callback", name: str = "webpos") -> Blueprint:
    """A blueprint with one POST route reading the raw body."""
    blueprint = Blueprint(name, __name__)

    @blueprint.post(url)
    def receive() -> Response:
        status, text = router.handle(request.headers, request.get_data(cache=False, as_text=False))
        return Response(text, status=status, mimetype="text/plain")

    return blueprint
