"""``ChainsideApiContext``: the configuration holder the previous SDK's callback handler takes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _config
from .lib.constants import CHAINSIDE_API_HOSTNAME, CHAINSIDE_SANDBOX_API_HOSTAME

__all__ = ["CHAINSIDE_API_HOSTNAME", "CHAINSIDE_SANDBOX_API_HOSTAME", "ChainsideApiContext"]


class ChainsideApiContext:
    """Resolved configuration (same dict as :class:`webpos_sdk.client.Client`). No network I/O."""

    settings: _config.Settings
    #: The ``cache`` part of the configuration, as resolved (a driver spec or a cache object).
    cache_conf: object

    def __init__(self, conf: Mapping[str, Any] | None = None, **overrides: Any) -> None:
        unknown = set(overrides) - set(_config.SETTING_KEYS)
        if unknown:
            raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
        self.settings, self.cache_conf = _config.resolve(conf, **{k: overrides.get(k) for k in _config.SETTING_KEYS})

    @classmethod
    def _of(cls, settings: _config.Settings, cache_conf: object) -> ChainsideApiContext:
        context = cls.__new__(cls)
        context.settings, context.cache_conf = settings, cache_conf
        return context

    @property
    def secret(self) -> str:
        return self.settings.secret

    def __repr__(self) -> str:
        return f"ChainsideApiContext(mode={self.settings.mode!r}, client_id={self.settings.client_id!r})"
