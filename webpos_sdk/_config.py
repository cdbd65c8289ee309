"""Settings: the previous SDK's configuration dict, keyword arguments and environment
variables, resolved once and checked at construction (no network I/O)."""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies_environment

from . import _warnings
from .exceptions import ConfigurationError

#: The largest ``page_size`` the API accepts.
MAX_PAGE_SIZE = 40

BASE_URLS = {
    "live": "https://api.webpos.chainside.net",
    "sandbox": "https://api.sandbox.webpos.chainside.net",
}
DEFAULT_TIMEOUT = 10.0
CONF_KEYS = frozenset({"mode", "client_id", "secret", "http", "cache", "cache_conf", "base_url"})
HTTP_KEYS = frozenset({"verify_ssl", "timeout", "proxy", "trust_env"})
#: Keyword arguments of ``resolve`` (and of the clients) that are settings.
SETTING_KEYS = ("client_id", "secret", "mode", "base_url", "timeout", "verify_ssl", "proxy", "trust_env")
#: The schemes of a proxy URL that httpx speaks (socks5 needs the ``httpx[socks]`` extra).
PROXY_SCHEMES = frozenset({"http", "https", "socks5", "socks5h"})


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
    #: The proxy that requests to ``base_url`` go through (None: straight there); it may hold
    #: credentials, so it never shows in ``repr``.
    proxy: str | None = field(default=None, repr=False)
    #: Whether the environment is read: ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``/``NO_PROXY``
    #: (already resolved into ``proxy``) and ``SSL_CERT_FILE``/``SSL_CERT_DIR``.
    trust_env: bool = True

    def proxy_secrets(self) -> list[str]:
        """The credentials in the proxy URL (to be redacted wherever the URL could show)."""
        if self.proxy is None:
            return []
        parts = urlsplit(self.proxy)
        if not parts.password:
            return []  # a proxy's address (or a user name alone) is not a secret
        return [self.proxy, f"{parts.username}:{parts.password}", parts.password]

    def ssl_verify(self) -> bool | ssl.SSLContext:
        """What httpx's ``verify=`` takes: a bool, or a context that trusts the configured CAs."""
        if isinstance(self.verify_ssl, bool):
            return self.verify_ssl
        if os.path.isdir(self.verify_ssl):
            return ssl.create_default_context(capath=self.verify_ssl)
        return ssl.create_default_context(cafile=self.verify_ssl)


def _warn_unknown(keys: list[str], known: frozenset[str]) -> None:
    _warnings.warn(  # attributed to the caller of Client(...)
        f"unknown configuration key{'s' if len(keys) > 1 else ''} {', '.join(map(repr, keys))} ignored "
        f"(known: {', '.join(sorted(known))})",
        ConfigurationWarning,
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
    proxy: str | Mapping[str, str | None] | None = None,
    trust_env: bool | None = None,
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
    env_trust = trust_env if trust_env is not None else http.get("trust_env", True)
    if not isinstance(env_trust, bool):
        raise ConfigurationError("http.trust_env", f"must be true or false, not {env_trust!r}")
    route = _proxy_for(url, _pick(proxy, http, "proxy", "WEBPOS_PROXY", None), trust_env=env_trust)
    cache = conf.get("cache", conf.get("cache_conf"))
    settings = Settings(
        client_id=cid,
        secret=sec,
        mode=mode_value,
        base_url=url.rstrip("/"),
        timeout=float(raw_timeout),
        verify_ssl=verify,
        proxy=route,
        trust_env=env_trust,
    )
    return settings, cache


def _proxy_for(base_url: str, setting: object, *, trust_env: bool) -> str | None:
    """The proxy for requests to ``base_url``: the ``proxy`` setting when given (a URL, or a
    mapping of scheme -- ``"https"``, ``"http"``, ``"all"``, with or without ``"://"`` -- to a URL
    or None), else, with ``trust_env``, the environment's as httpx and requests read it
    (``HTTPS_PROXY``/``HTTP_PROXY``, then ``ALL_PROXY``; none for a host ``NO_PROXY`` lists).
    The SDK only ever talks to ``base_url``, so this is decided once, here."""
    parts = urlsplit(base_url)
    if setting is not None:
        if isinstance(setting, str):
            chosen: object = setting
        elif isinstance(setting, Mapping):
            routes: dict[str, object] = {}
            for key, value in setting.items():
                scheme = key.removesuffix("://") if isinstance(key, str) else None
                if scheme not in ("http", "https", "all"):
                    raise ConfigurationError(
                        "http.proxy",
                        f"a mapping's keys are 'https', 'http' or 'all' (with or without '://'), not {key!r}",
                    )
                routes[scheme] = value
            chosen = routes.get(parts.scheme, routes.get("all"))
            if chosen is None:
                return None
        else:
            raise ConfigurationError(
                "http.proxy", f"must be a proxy URL or a mapping of scheme to URL, not {setting!r}"
            )
        return _checked_proxy(chosen, "http.proxy")
    if not trust_env:
        return None
    proxies = getproxies_environment()
    chosen = proxies.get(parts.scheme) or proxies.get("all")
    if not chosen or _bypassed(parts.hostname or "", parts.port or _DEFAULT_PORTS[parts.scheme], proxies.get("no", "")):
        return None
    if "://" not in chosen:  # "proxy.corp:3128", as curl and httpx take it
        chosen = "http://" + chosen
    return _checked_proxy(chosen, f"{parts.scheme.upper()}_PROXY (from the environment; trust_env=False ignores it)")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _bypassed(host: str, port: int, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` lists the host, as curl, requests and httpx read it: ``*`` for every
    host; ``example.com`` (or ``.example.com``, ``*.example.com``) for it and its subdomains; an
    IP address or ``localhost`` exactly; an entry with ``:port`` only for that port."""
    host = host.lower().strip("[]")
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return True
        if "://" in entry:
            entry = urlsplit(entry).netloc
        name, _, entry_port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if entry_port and entry_port != str(port):
            continue
        name = name.strip("[]").removeprefix("*").removeprefix(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _checked_proxy(value: object, key: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in PROXY_SCHEMES or not parts.hostname:
        shown = _without_password(value) if isinstance(value, str) else repr(value)
        raise ConfigurationError(key, f"must be an http(s):// or socks5:// proxy URL, not {shown}")
    assert isinstance(value, str)
    return value


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return repr(url)
    return repr(url.replace(f":{parts.password}@", ":***@", 1))
