"""Settings: the previous SDK's configuration dict, keyword arguments and environment
variables, resolved once and checked at construction (no network I/O)."""

from __future__ import annotations

import os
import ssl
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .exceptions import ConfigurationError

BASE_URLS = {
    "live": "https://api.webpos.chainside.net",
    "sandbox": "https://api.sandbox.webpos.chainside.net",
}
DEFAULT_TIMEOUT = 10.0
CONF_KEYS = frozenset({"mode", "client_id", "secret", "http", "cache", "cache_conf", "base_url"})
HTTP_KEYS = frozenset({"verify_ssl", "timeout"})
#: Keyword arguments of ``resolve`` (and of the clients) that are settings.
SETTING_KEYS = ("client_id", "secret", "mode", "base_url", "timeout", "verify_ssl")


class ConfigurationWarning(UserWarning):
    """A configuration dict carries a key this SDK does not know (the previous SDK ignored them)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved configuration of one client. The secret never shows in ``repr``."""

    client_id: str
    secret: str = field(repr=False)
    mode: str
    base_url: str
    timeout: float
    #: True, False, or the path of a CA bundle (file) or of a directory of CA certificates.
    verify_ssl: bool | str

    def ssl_verify(self) -> bool | ssl.SSLContext:
        """What httpx's ``verify=`` takes: a bool, or a context that trusts the configured CAs."""
        if isinstance(self.verify_ssl, bool):
            return self.verify_ssl
        if os.path.isdir(self.verify_ssl):
            return ssl.create_default_context(capath=self.verify_ssl)
        return ssl.create_default_context(cafile=self.verify_ssl)


def _warn_unknown(keys: list[str], known: frozenset[str]) -> None:
    warnings.warn(
        f"unknown configuration key{'s' if len(keys) > 1 else ''} {', '.join(map(repr, keys))} ignored "
        f"(known: {', '.join(sorted(known))})",
        ConfigurationWarning,
        stacklevel=4,  # the caller of Client(...)
    )


def _pick(explicit: Any, conf: Mapping[str, Any], key: str, env: str | None, default: Any) -> Any:
    if explicit is not None:
        return explicit
    if conf.get(key) is not None:
        return conf[key]
    if env is not None and os.environ.get(env):
        return os.environ[env]
    return default


def resolve(
    conf: Mapping[str, Any] | None,
    *,
    client_id: str | None,
    secret: str | None,
    mode: str | None,
    base_url: str | None,
    timeout: float | None,
    verify_ssl: bool | str | None,
) -> tuple[Settings, object]:
    """Settings plus the raw cache specification (resolved by ``_cache.build_cache``)."""
    if conf is None:
        conf = {}
    if not isinstance(conf, Mapping):
        raise ConfigurationError("conf", f"must be a dict, not {type(conf).__name__}")
    # The previous SDK ignored keys it did not know (its README even shows "..."): warn, naming them.
    unknown = set(conf) - CONF_KEYS
    if unknown:
        _warn_unknown(sorted(unknown), CONF_KEYS)
    http = conf.get("http") or {}
    if not isinstance(http, Mapping):
        raise ConfigurationError("http", "must be a dict with verify_ssl and timeout")
    unknown = set(http) - HTTP_KEYS
    if unknown:
        _warn_unknown([f"http.{key}" for key in sorted(unknown)], HTTP_KEYS)
    if "cache" in conf and "cache_conf" in conf:
        raise ConfigurationError("cache_conf", "give either 'cache' or 'cache_conf', not both")

    mode_value = _pick(mode, conf, "mode", "WEBPOS_MODE", "live")
    if mode_value not in BASE_URLS:
        raise ConfigurationError("mode", f"must be 'live' or 'sandbox', not {mode_value!r}")
    cid = _pick(client_id, conf, "client_id", "WEBPOS_CLIENT_ID", None)
    if not isinstance(cid, str) or not cid.strip():
        raise ConfigurationError("client_id", "missing (pass client_id= or set WEBPOS_CLIENT_ID)")
    sec = _pick(secret, conf, "secret", "WEBPOS_SECRET", None)
    if not isinstance(sec, str) or not sec:
        raise ConfigurationError("secret", "missing (pass secret= or set WEBPOS_SECRET)")
    url = _pick(base_url, conf, "base_url", "WEBPOS_BASE_URL", BASE_URLS[mode_value])
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError("base_url", f"must be an http(s) URL, not {url!r}")
    raw_timeout = timeout if timeout is not None else http.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(raw_timeout, bool) or not isinstance(raw_timeout, int | float) or not raw_timeout > 0:
        raise ConfigurationError("http.timeout", f"must be a number of seconds > 0, not {raw_timeout!r}")
    verify = verify_ssl if verify_ssl is not None else http.get("verify_ssl", True)
    if isinstance(verify, str) and verify.lower() in ("true", "false"):  # the README typed it as a string
        verify = verify.lower() == "true"
    if isinstance(verify, str) and not os.path.exists(verify):
        raise ConfigurationError("http.verify_ssl", f"no CA bundle (file or directory) at {verify!r}")
    if not isinstance(verify, bool | str):
        raise ConfigurationError("http.verify_ssl", f"must be true, false or a CA bundle path, not {verify!r}")
    cache = conf.get("cache", conf.get("cache_conf"))
    settings = Settings(
        client_id=cid,
        secret=sec,
        mode=mode_value,
        base_url=url.rstrip("/"),
        timeout=float(raw_timeout),
        verify_ssl=verify,
    )
    return settings, cache
