"""Tell first deliveries from repeats: callbacks are retried, so the same one can arrive twice.

The key is the payment order uuid + event + created_at of a parsed event (or the SHA-256 of a
raw body); marking is atomic on the configured cache (dict lock, Redis ``SET NX PX``, Django
``add``) and expires after ``ttl`` seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from .._cache import Cache, build_cache
from ._events import Event

DEFAULT_TTL = 7 * 24 * 3600.0


class CallbackDeduplicator:
    """``first_delivery(event)`` is True once per callback within ``ttl``."""

    def __init__(
        self, cache: str | Mapping[str, Any] | Cache | None = None, *, ttl: float = DEFAULT_TTL, prefix: str = ""
    ) -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._cache = build_cache(cache)
        self._ttl = ttl
        self._prefix = "webpos_sdk:callback:" + prefix

    def key(self, event_or_body: Event | bytes) -> str:
        """The deduplication key: order, event and time of a parsed event, or a digest of raw bytes."""
        if isinstance(event_or_body, bytes):
            material = b"body\n" + event_or_body
        else:
            parts = (str(event_or_body.object.uuid), str(event_or_body.event), event_or_body.created_at.isoformat())
            material = "\n".join(parts).encode()
        return self._prefix + hashlib.sha256(material).hexdigest()

    def first_delivery(self, event_or_body: Event | bytes) -> bool:
        """Atomically mark the callback as seen; False if it was seen before."""
        return self._cache.add(self.key(event_or_body), "1", self._ttl)

    def forget(self, event_or_body: Event | bytes) -> None:
        """Unmark (e.g. processing failed and the retry should be handled)."""
        self._cache.delete(self.key(event_or_body))
