"""The previous SDK's callback API, kept for drop-in use (but fail-closed):

.. code-block:: python

    handler = ChainsideCallbacksHandler(ChainsideApiContext(conf))
    callback = handler.parse(request.headers, request.body)   # raises on a bad signature
"""

from __future__ import annotations

from ..api_context import ChainsideApiContext
from ..lib.constants import CHAINSIDE_SIGNATURE_HEADER
from ._events import CallbackEventType
from ._signature import _Key, construct_event
from .errors import SignatureError
from .factory import CallbacksFactory

#: The previous SDK raised this for a missing header only (and accepted a wrong signature); here it
#: is the base of every signature failure: missing, malformed or not matching.
InvalidSignatureHeaderException = SignatureError

__all__ = [
    "CHAINSIDE_SIGNATURE_HEADER",
    "CallbacksFactory",
    "ChainsideApiContext",
    "ChainsideCallbacksHandler",
    "InvalidSignatureHeaderException",
]


class ChainsideCallbacksHandler:
    """Verifies and parses callbacks with the secret of the context."""

    def __init__(self, context: ChainsideApiContext) -> None:
        self._context = context

    def __repr__(self) -> str:
        return f"ChainsideCallbacksHandler({self._context!r})"

    def parse(self, headers: object, body: object) -> CallbackEventType:
        """Verify the signature over the raw ``body`` bytes, then return the typed event."""
        return construct_event(headers, body, _Key(self._context.secret))  # type: ignore[arg-type]
