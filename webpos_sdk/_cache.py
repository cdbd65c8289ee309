"""Token caches behind one tiny protocol, and the one place that maps driver names to them.

``dict`` (default): per process, shared by every client of the process, keyed per base URL
and client id. ``redis``: shared by processes and hosts; when Redis is down or hung the SDK
keeps working on an in-process cache, warns once, and tries Redis again after a pause.
``django``: Django's cache framework (whatever backend the project configured).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from . import _fork
from .exceptions import ConfigurationError

logger = logging.getLogger("webpos_sdk")


@runtime_checkable
class Cache(Protocol):
    """What the SDK needs of a cache. ``shared`` is True when other processes see the values."""

    shared: bool

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: float) -> None: ...

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Store only if absent; True when stored (atomic where the backend allows)."""
        ...

    def delete(self, key: str) -> None: ...


class DictCache:
    """In-process cache with expiry. Thread-safe."""

    shared = False

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._data: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        _fork.track(self)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()  # another thread may have held it at the fork

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            if item[1] <= self._clock():
                del self._data[key]
                return None
            return item[0]

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._data[key] = (value, self._clock() + ttl)

    def add(self, key: str, value: str, ttl: float) -> bool:
        with self._lock:
            item = self._data.get(key)
            if item is not None and item[1] > self._clock():
                return False
            self._data[key] = (value, self._clock() + ttl)
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)


#: The process-wide default cache: every client of the process shares it (per key).
PROCESS_CACHE = DictCache()


class RedisCache:
    """Redis through redis-py, with an in-process fallback while Redis is unreachable."""

    shared = True

    def __init__(self, client: Any, *, retry_after: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._redis = client
        self._fallback = DictCache(clock)
        self._retry_after = retry_after
        self._clock = clock
        self._down_until = 0.0
        self._warned = False
        self._lock = threading.Lock()
        _fork.track(self)  # redis-py itself gives a child new connections (its pools check the pid)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> RedisCache:
        """Build a client from the documented options: hostname, port, password, decode_responses."""
        known = {"hostname", "port", "password", "decode_responses", "db", "socket_timeout", "client", "retry_after"}
        unknown = set(options) - known
        if unknown:
            raise ConfigurationError(f"cache.options.{sorted(unknown)[0]}", f"unknown option (known: {sorted(known)})")
        retry_after = float(options.get("retry_after", 5.0))
        if options.get("client") is not None:
            return cls(options["client"], retry_after=retry_after)
        try:
            import redis
            from redis.backoff import NoBackoff
            from redis.retry import Retry
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ConfigurationError(
                "cache.driver", "redis needs the redis extra: pip install 'chainside-webpos[redis]'"
            ) from err
        port = options.get("port", 6379)
        if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
            raise ConfigurationError("cache.options.port", f"must be a TCP port number, not {port!r}")
        socket_timeout = float(options.get("socket_timeout", 0.5))
        client = redis.Redis(
            host=str(options.get("hostname", "localhost")),
            port=port,
            password=options.get("password"),
            db=int(options.get("db", 0)),
            decode_responses=bool(options.get("decode_responses", True)),
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),  # fail fast: the in-process fallback takes over
        )
        return cls(client, retry_after=retry_after)

    @property
    def redis(self) -> Any:
        return self._redis

    def _available(self) -> bool:
        return self._clock() >= self._down_until

    def _failed(self, err: Exception) -> None:
        with self._lock:
            self._down_until = self._clock() + self._retry_after
            if not self._warned:
                self._warned = True
                logger.warning(
                    "Redis token cache unreachable (%s); using the in-process cache, retrying Redis every %.0f s",
                    type(err).__name__,
                    self._retry_after,
                )

    def _recovered(self) -> None:
        if self._warned:
            with self._lock:
                if self._warned:
                    self._warned = False
                    logger.warning("Redis token cache reachable again")

    def _run(self, op: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        from redis.exceptions import RedisError

        if not self._available():
            return fallback()
        try:
            result = op()
        except (RedisError, OSError) as err:
            self._failed(err)
            return fallback()
        self._recovered()
        return result

    def get(self, key: str) -> str | None:
        value = self._run(lambda: self._redis.get(key), lambda: self._fallback.get(key))
        if isinstance(value, bytes):
            return value.decode("utf-8")
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str, ttl: float) -> None:
        self._fallback.set(key, value, ttl)
        self._run(lambda: self._redis.set(key, value, px=max(1, int(ttl * 1000))), lambda: None)

    def add(self, key: str, value: str, ttl: float) -> bool:
        return bool(
            self._run(
                lambda: self._redis.set(key, value, px=max(1, int(ttl * 1000)), nx=True),
                lambda: self._fallback.add(key, value, ttl),
            )
        )

    def delete(self, key: str) -> None:
        self._fallback.delete(key)
        self._run(lambda: self._redis.delete(key), lambda: None)


class DjangoCache:
    """Django's cache framework (``django.core.cache.caches[alias]``)."""

    shared = True

    def __init__(self, cache: Any = None, *, alias: str = "default") -> None:
        if cache is None:
            try:
                import django.core.cache  # noqa: F401 - only checks that Django is there
            except ImportError as err:  # pragma: no cover - depends on the environment
                raise ConfigurationError("cache.driver", "django is not installed") from err
        self._given = cache
        self._alias = alias

    @property
    def _cache(self) -> Any:
        """``caches[alias]``, looked up on each use, not at construction: a client may be built at
        import time, before Django's settings exist (as the previous SDK allowed), and Django's
        ``caches`` is per thread already."""
        if self._given is not None:
            return self._given
        from django.core.cache import caches

        return caches[self._alias]

    def get(self, key: str) -> str | None:
        value = self._cache.get(key)
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str, ttl: float) -> None:
        self._cache.set(key, value, timeout=max(1, int(ttl)))

    def add(self, key: str, value: str, ttl: float) -> bool:
        return bool(self._cache.add(key, value, timeout=max(1, int(ttl))))

    def delete(self, key: str) -> None:
        self._cache.delete(key)


DRIVERS = ("dict", "redis", "django")


def build_cache(spec: object) -> Cache:
    """A cache from the configuration: None, a driver name, ``{"driver", "options"}``, the flat
    ``{"driver", "hostname", "port", ...}`` that the previous SDK's code read from ``cache_conf``,
    or a Cache."""
    if spec is None:
        return PROCESS_CACHE
    if isinstance(spec, str):
        spec = {"driver": spec}
    if isinstance(spec, Mapping):
        if "options" not in spec and set(spec) - {"driver"}:  # the previous SDK's flat layout
            if spec.get("driver", "dict") != "redis":
                key = sorted(set(spec) - {"driver"})[0]
                raise ConfigurationError(f"cache.{key}", "unknown key (only the redis driver takes options)")
            spec = {"driver": spec.get("driver", "dict"), "options": {k: v for k, v in spec.items() if k != "driver"}}
        unknown = set(spec) - {"driver", "options"}
        if unknown:
            raise ConfigurationError(f"cache.{sorted(unknown)[0]}", "unknown key (known: driver, options)")
        driver = spec.get("driver", "dict")
        options = spec.get("options") or {}
        if not isinstance(options, Mapping):
            raise ConfigurationError("cache.options", "must be a mapping")
        if driver == "dict":
            return PROCESS_CACHE
        if driver == "redis":
            return RedisCache.from_options(options)
        if driver == "django":
            return DjangoCache(options.get("cache"), alias=str(options.get("alias", "default")))
        raise ConfigurationError("cache.driver", f"unknown driver {driver!r} (known: {', '.join(DRIVERS)})")
    if isinstance(spec, Cache):
        return spec
    raise ConfigurationError("cache", f"expected a driver name, a mapping or a Cache, not {type(spec).__name__}")
