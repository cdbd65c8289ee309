"""Configuration from Django settings (``pip install 'chainside-webpos[django]'``).

.. code-block:: python

    # settings.py
    WEBPOS = {
        "client_id": os.environ["WEBPOS_CLIENT_ID"],
        "secret": os.environ["WEBPOS_SECRET"],
        "mode": "sandbox",
        # any other keyword of Client: "timeout", "retry", "proxy", "cache", ...
        # "callback_dedupe": "default",   # the cache alias callbacks are de-duplicated on (None: off)
    }

    # anywhere
    from webpos_sdk.django import get_client, get_router

    order = get_client().create_payment_order({"amount": "10.00", "reference": "order-42"})

    @get_router().on("payment.completed")
    def ship(event): ...

    # urls.py
    from webpos_sdk.callbacks.django import callback_view
    path("webpos/callback", callback_view(get_router()))

One :class:`webpos_sdk.Client` (and one :class:`webpos_sdk.AsyncClient`) per process, made on
first use: tokens go to Django's ``default`` cache unless ``cache`` says otherwise, so every
worker shares one. A change of ``settings.WEBPOS`` (``override_settings`` in tests) closes and
drops the clients; the router, which holds your handlers, stays. A setting that is missing or
wrong raises ``ImproperlyConfigured`` naming it.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from ._config import CONF_KEYS
from .callbacks import CallbackDeduplicator, CallbackRouter
from .client import AsyncClient, Client, ClientOptions
from .exceptions import ConfigurationError

__all__ = ["get_async_client", "get_client", "get_router"]

#: Keys of ``settings.WEBPOS`` beyond the client's own.
EXTRA_KEYS = frozenset({"callback_dedupe", "callback_max_age"})

_lock = threading.Lock()
_clients: dict[type[Any], Any] = {}
_router: CallbackRouter | None = None


def _settings() -> dict[str, Any] | _Problem:
    conf = getattr(settings, "WEBPOS", None)
    if conf is None:
        return _Problem("settings.WEBPOS is missing: a dict with at least client_id and secret")
    if not isinstance(conf, dict):
        return _Problem(f"settings.WEBPOS must be a dict, not {type(conf).__name__}")
    known = set(ClientOptions.__annotations__) | CONF_KEYS | EXTRA_KEYS
    unknown = sorted(set(conf) - known)
    if unknown:
        names = ", ".join(sorted(known))
        return _Problem(f"settings.WEBPOS has unknown key {unknown[0]!r} (known: {names})")
    return dict(conf)


class _Problem(str):
    """A configuration problem found by a builder. It is raised by the caller, whose frame holds
    no setting: error trackers record every frame's locals, and the settings hold the secret."""


def _build(kind: type[Any]) -> Any:
    """The client, or what is wrong (see _Problem)."""
    conf = _settings()
    if isinstance(conf, _Problem):
        return conf
    for key in EXTRA_KEYS:
        conf.pop(key, None)
    if not {"cache", "cache_conf"} & set(conf):
        conf["cache"] = {"driver": "django"}  # shared by every worker of the site
    dict_only = {k: conf.pop(k) for k in list(conf) if k not in ClientOptions.__annotations__}  # http, cache_conf
    try:
        return kind(dict_only or None, **conf)
    except ConfigurationError as err:
        return _Problem(f"settings.WEBPOS: {err}")


def _cached(kind: type[Any]) -> Any:
    client = _clients.get(kind)
    if client is None:
        with _lock:
            client = _clients.get(kind)
            if client is None:
                client = _build(kind)
                if isinstance(client, _Problem):
                    raise ImproperlyConfigured(str(client))
                _clients[kind] = client
    return client


def get_client() -> Client:
    """The process's :class:`webpos_sdk.Client`, configured by ``settings.WEBPOS``."""
    client: Client = _cached(Client)
    return client


def get_async_client() -> AsyncClient:
    """The process's :class:`webpos_sdk.AsyncClient` (it keeps one pool per event loop)."""
    client: AsyncClient = _cached(AsyncClient)
    return client


def get_router() -> CallbackRouter:
    """The process's :class:`webpos_sdk.callbacks.CallbackRouter`: signed with
    ``settings.WEBPOS["secret"]``, de-duplicated on the cache alias ``callback_dedupe``
    (``"default"``; ``None`` turns it off), ``callback_max_age`` as the router's ``max_age``."""
    global _router
    if _router is None:
        with _lock:
            if _router is None:
                router = _new_router()
                if isinstance(router, _Problem):
                    raise ImproperlyConfigured(str(router))
                _router = router
    return _router


def _new_router() -> CallbackRouter | _Problem:
    conf = _settings()
    if isinstance(conf, _Problem):
        return conf
    secret = conf.get("secret")
    if not isinstance(secret, str) or not secret:
        return _Problem("settings.WEBPOS['secret'] is missing: callbacks are signed with it")
    alias = conf.get("callback_dedupe", "default")
    dedupe = None if alias is None else CallbackDeduplicator({"driver": "django", "options": {"alias": alias}})
    options: dict[str, Any] = {}
    if "callback_max_age" in conf:
        options["max_age"] = conf["callback_max_age"]
    try:
        return CallbackRouter(secret, dedupe=dedupe, **options)
    except (ValueError, ConfigurationError) as err:
        return _Problem(f"settings.WEBPOS: {err}")


def _reset(*, setting: str, **_: Any) -> None:
    if setting != "WEBPOS":
        return
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        if isinstance(client, Client):
            client.close()
        # an AsyncClient's pools close with their event loops (asyncio.run closes them)


setting_changed.connect(_reset, dispatch_uid="webpos_sdk.django.reset")
