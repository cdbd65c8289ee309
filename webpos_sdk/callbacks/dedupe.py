"""Tell first deliveries from repeats: callbacks are retried, so the same one can arrive twice.

At-least-once, never lost: a delivery is *claimed* (a short lease) before its handlers run and
marked *done* (for the de-duplication window) only after they finished. A repeat that arrives
while the claim holds is told to come back later (:attr:`Claim.BUSY`); a handler that fails,
or a worker stopped by ``SystemExit``/``KeyboardInterrupt``/cancellation, releases the claim at
once; a worker killed outright (SIGKILL, OOM) leaves only the lease, which expires after
``lease`` seconds, so the server's next retry is handled.

The key is the payment order uuid + event + created_at of a parsed event (or the SHA-256 of a
raw body); claiming is atomic on the configured cache (dict lock, Redis ``SET NX PX``, Django
``add``). The store is used strictly: when Redis is unreachable the SDK does not fall back to
an in-process memory here (other workers would not see it), it raises
:class:`webpos_sdk.exceptions.CacheUnavailableError` and the router answers 503.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from .._cache import Cache, build_cache, strict
from ._events import Event

DEFAULT_TTL = 7 * 24 * 3600.0
DEFAULT_LEASE = 60.0
_DONE = "done"
_LEGACY_DONE = "1"  # what first_delivery() stores (and versions before the claim stored)
_CLAIM = "claim:"


class Claim(enum.Enum):
    """The outcome of :meth:`CallbackDeduplicator.claim`."""

    FIRST = "first"  #: handle it, then call finish() (or release() when handling failed)
    BUSY = "busy"  #: another worker is handling it right now: answer so that the server retries
    DONE = "done"  #: handled before: answer 200


class CallbackDeduplicator:
    """Claims and marks deliveries on a cache shared by every worker that receives callbacks.

    ``ttl``: how long a handled callback is remembered (the de-duplication window, 7 days);
    ``lease``: how long a claim blocks repeats when its worker died without releasing it
    (keep it above your handlers' longest run)."""

    def __init__(
        self,
        cache: str | Mapping[str, Any] | Cache | None = None,
        *,
        ttl: float = DEFAULT_TTL,
        lease: float = DEFAULT_LEASE,
        prefix: str = "",
    ) -> None:
        if not ttl > 0 or ttl == float("inf"):
            raise ValueError("ttl must be a positive, finite number of seconds")
        if not 0 < lease <= ttl:
            raise ValueError("lease must be positive and at most ttl")
        self._cache = strict(build_cache(cache))
        self.ttl = ttl
        self.lease = lease
        self._prefix = "webpos_sdk:callback:" + prefix

    def __repr__(self) -> str:
        return f"CallbackDeduplicator(ttl={self.ttl:g}, lease={self.lease:g})"

    @property
    def shared(self) -> bool:
        """True when the store is shared with other processes (its calls may block on I/O)."""
        return bool(self._cache.shared)

    def key(self, event_or_body: Event | bytes) -> str:
        """The deduplication key: order, event and time of a parsed event, or a digest of raw bytes."""
        if isinstance(event_or_body, bytes):
            material = b"body\n" + event_or_body
        else:
            parts = (str(event_or_body.object.uuid), str(event_or_body.event), event_or_body.created_at.isoformat())
            material = "\n".join(parts).encode()
        return self._prefix + hashlib.sha256(material).hexdigest()

    # -- at-least-once: claim, then finish or release ---------------------------------------
    def claim(self, event_or_body: Event | bytes) -> tuple[Claim, str]:
        """Try to claim the delivery; returns the outcome and the claim token (for finish/release)."""
        key = self.key(event_or_body)
        token = _CLAIM + secrets.token_hex(8)
        for _ in range(3):  # a claim that expires between add and get: try again
            if self._cache.add(key, token, self.lease):
                return Claim.FIRST, token
            held = self._cache.get(key)
            if held in (_DONE, _LEGACY_DONE):
                return Claim.DONE, ""
            if held is not None:
                return Claim.BUSY, ""
        return Claim.BUSY, ""

    def finish(self, event_or_body: Event | bytes, token: str) -> None:
        """The handlers finished: remember the callback as handled for ``ttl`` seconds."""
        del token  # the mark replaces any claim: the work is done whoever claimed last
        self._cache.set(self.key(event_or_body), _DONE, self.ttl)

    def release(self, event_or_body: Event | bytes, token: str) -> None:
        """Handling failed or was interrupted: drop the claim (if still ours) so a retry is handled."""
        key = self.key(event_or_body)
        if self._cache.get(key) == token:
            self._cache.delete(key)

    # -- the one-step API of earlier versions ------------------------------------------------
    def first_delivery(self, event_or_body: Event | bytes) -> bool:
        """Atomically mark the callback as handled; False if it was marked before. (Marks before
        the work is done: prefer :class:`webpos_sdk.callbacks.CallbackRouter`, which claims.)"""
        return self._cache.add(self.key(event_or_body), _LEGACY_DONE, self.ttl)

    def forget(self, event_or_body: Event | bytes) -> None:
        """Unmark (e.g. processing failed and the retry should be handled)."""
        self._cache.delete(self.key(event_or_body))
