"""Token caches behind one tiny protocol, and the one place that maps driver names to them.

``dict`` (default): per process, shared by every client of the process, keyed per base URL
and client id. ``redis``: shared by processes and hosts; when Redis is down or hung the SDK
keeps working on an in-process cache, warns once, and tries Redis again after a pause.
``django``: Django's cache framework (whatever backend the project configured).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from . import _fork
from .exceptions import CacheUnavailableError, ConfigurationError

logger = logging.getLogger(__name__)


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
            self._data[key] = (value, self._clock() + bounded_ttl(ttl))

    def add(self, key: str, value: str, ttl: float) -> bool:
        with self._lock:
            item = self._data.get(key)
            if item is not None and item[1] > self._clock():
                return False
            self._data[key] = (value, self._clock() + bounded_ttl(ttl))
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)


#: The process-wide default cache: every client of the process shares it (per key).
PROCESS_CACHE = DictCache()


#: No value is kept longer than this (a year), whatever ``ttl`` a caller or an answer asks for:
#: ``expires_in: 1e308`` must not overflow a backend's expiry.
MAX_TTL = 365 * 24 * 3600.0


def bounded_ttl(ttl: float) -> float:
    """``ttl`` within (0, MAX_TTL]; NaN and negatives become the shortest."""
    return min(ttl, MAX_TTL) if ttl > 0.001 else 0.001  # NaN fails the comparison too


class _Guarded:
    """The shared-cache drivers' failure handling: an error (or, for Django, a hang) of the store
    makes the cache use an in-process one, warn once and leave the store alone ``retry_after``
    seconds. ``strict()`` gives a view that raises :class:`CacheUnavailableError` instead (for
    the callback de-duplication store, which another worker's memory cannot replace)."""

    shared = True
    driver = "shared"

    def __init__(self, *, retry_after: float, clock: Callable[[], float], strict: bool = False) -> None:
        self._fallback = DictCache(clock)
        self._retry_after = retry_after
        self._clock = clock
        self._strict = strict
        self._down_until = 0.0
        self._warned = False
        self._lock = threading.Lock()
        _fork.track(self)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()  # another thread may have held it at the fork

    def _errors(self) -> tuple[type[BaseException], ...]:
        raise NotImplementedError

    def _call(self, op: Callable[[], Any]) -> Any:
        return op()

    def strict(self) -> Any:
        """This cache without the in-process fallback: failures raise CacheUnavailableError."""
        raise NotImplementedError

    def _failed(self, err: BaseException) -> None:
        with self._lock:
            self._down_until = self._clock() + self._retry_after
            if not self._warned:
                self._warned = True
                logger.warning(
                    "%s token cache unreachable (%s); using the in-process cache, retrying it every %.0f s",
                    self.driver,
                    type(err).__name__,
                    self._retry_after,
                )

    def _recovered(self) -> None:
        if self._warned:
            with self._lock:
                if self._warned:
                    self._warned = False
                    logger.warning("%s token cache reachable again", self.driver)

    def _run(self, op: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if self._strict:
            try:
                return self._call(op)
            except self._errors() as err:
                raise CacheUnavailableError(self.driver, f"{type(err).__name__}") from None
        if self._clock() < self._down_until:
            return fallback()
        try:
            result = self._call(op)
        except self._errors() as err:
            self._failed(err)
            return fallback()
        self._recovered()
        return result

    @staticmethod
    def _text(value: object) -> str | None:
        """A stored value as text; anything that is not ours (not UTF-8, pickled objects) is a miss."""
        if isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return value if isinstance(value, str) else None


class RedisCache(_Guarded):
    """Redis through redis-py, with an in-process fallback while Redis is unreachable."""

    driver = "Redis"

    def __init__(
        self,
        client: Any,
        *,
        retry_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        strict: bool = False,
    ) -> None:
        super().__init__(retry_after=retry_after, clock=clock, strict=strict)
        self._redis = client  # redis-py itself gives a child of fork() new connections (its pools check the pid)

    def strict(self) -> RedisCache:
        return RedisCache(self._redis, retry_after=self._retry_after, clock=self._clock, strict=True)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> RedisCache:
        """Build a client from the documented options: hostname, port, password, decode_responses."""
        known = {"hostname", "port", "password", "decode_responses", "db", "socket_timeout", "client", "retry_after"}
        unknown = set(options) - known
        if unknown:
            raise ConfigurationError(f"cache.options.{sorted(unknown)[0]}", f"unknown option (known: {sorted(known)})")
        retry_after = _seconds(options, "retry_after", 5.0)
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
        socket_timeout = _seconds(options, "socket_timeout", 0.5)
        client = redis.Redis(
            host=str(options.get("hostname", "localhost")),
            port=port,
            password=options.get("password"),
            db=int(options.get("db", 0)),
            # Values are decoded here (a value that is not UTF-8 is a miss, not an error).
            decode_responses=False,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),  # fail fast: the in-process fallback takes over
        )
        return cls(client, retry_after=retry_after)

    @property
    def redis(self) -> Any:
        return self._redis

    def _errors(self) -> tuple[type[BaseException], ...]:
        from redis.exceptions import RedisError

        return (RedisError, OSError)

    def get(self, key: str) -> str | None:
        try:
            value = self._run(lambda: self._redis.get(key), lambda: self._fallback.get(key))
        except UnicodeDecodeError:  # a client built with decode_responses=True met bytes not ours
            return None
        return self._text(value)

    def set(self, key: str, value: str, ttl: float) -> None:
        ttl = bounded_ttl(ttl)
        if not self._strict:
            self._fallback.set(key, value, ttl)
        self._run(lambda: self._redis.set(key, value, px=max(1, int(ttl * 1000))), lambda: None)

    def add(self, key: str, value: str, ttl: float) -> bool:
        ttl = bounded_ttl(ttl)
        return bool(
            self._run(
                lambda: self._redis.set(key, value, px=max(1, int(ttl * 1000)), nx=True),
                lambda: self._fallback.add(key, value, ttl),
            )
        )

    def delete(self, key: str) -> None:
        if not self._strict:
            self._fallback.delete(key)
        self._run(lambda: self._redis.delete(key), lambda: None)


class DjangoCache(_Guarded):
    """Django's cache framework (``django.core.cache.caches[alias]``), whatever its backend.

    Each operation runs in a short-lived worker thread, waited for at most ``op_timeout``
    seconds (and never past the SDK call's deadline): a hung backend (Redis, memcached, a locked
    database) cannot hold a call up, and Django's database cache works from ``AsyncClient``
    (Django refuses database access in a thread that runs an event loop). Like the Redis driver,
    a failing or hung backend is replaced by the in-process cache for ``retry_after`` seconds."""

    driver = "Django cache"

    def __init__(
        self,
        cache: Any = None,
        *,
        alias: str = "default",
        op_timeout: float = 0.5,
        retry_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        strict: bool = False,
    ) -> None:
        if cache is None:
            try:
                import django.core.cache  # noqa: F401 - only checks that Django is there
            except ImportError as err:  # pragma: no cover - depends on the environment
                raise ConfigurationError("cache.driver", "django is not installed") from err
        super().__init__(retry_after=retry_after, clock=clock, strict=strict)
        self._given = cache
        self._alias = alias
        self._op_timeout = op_timeout

    def strict(self) -> DjangoCache:
        return DjangoCache(
            self._given,
            alias=self._alias,
            op_timeout=self._op_timeout,
            retry_after=self._retry_after,
            clock=self._clock,
            strict=True,
        )

    @property
    def _cache(self) -> Any:
        """``caches[alias]``, looked up on each use, not at construction: a client may be built at
        import time, before Django's settings exist (as the previous SDK allowed)."""
        if self._given is not None:
            return self._given
        from django.core.cache import caches

        return caches[self._alias]

    def _errors(self) -> tuple[type[BaseException], ...]:
        return (Exception,)  # a backend's errors have no common base (redis, pymemcache, DB-API)

    def _call(self, op: Callable[[], Any]) -> Any:
        from ._deadline import time_left

        left = time_left()
        wait = self._op_timeout if left is None else max(0.0, min(self._op_timeout, left))
        return _in_worker_thread(op, wait)

    def get(self, key: str) -> str | None:
        return self._text(self._run(lambda: self._cache.get(key), lambda: self._fallback.get(key)))

    def set(self, key: str, value: str, ttl: float) -> None:
        ttl = bounded_ttl(ttl)
        if not self._strict:
            self._fallback.set(key, value, ttl)
        self._run(lambda: self._cache.set(key, value, timeout=max(1, int(ttl))), lambda: None)

    def add(self, key: str, value: str, ttl: float) -> bool:
        ttl = bounded_ttl(ttl)
        return bool(
            self._run(
                lambda: self._cache.add(key, value, timeout=max(1, int(ttl))),
                lambda: self._fallback.add(key, value, ttl),
            )
        )

    def delete(self, key: str) -> None:
        if not self._strict:
            self._fallback.delete(key)
        self._run(lambda: self._cache.delete(key), lambda: None)


class CacheTimeout(Exception):
    """A cache operation did not finish in time (it goes on in its worker thread)."""


def _in_worker_thread(op: Callable[[], Any], timeout: float) -> Any:
    """``op()`` in a new daemon thread; its result or exception, or CacheTimeout after ``timeout``.
    Django's connections are per thread: the worker closes the database connections it opened."""
    box: list[Any] = []

    def work() -> None:
        try:
            box.append((True, op()))
        except BaseException as err:  # handed to the caller
            box.append((False, err))
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()

    worker = threading.Thread(target=work, name="webpos-django-cache", daemon=True)
    worker.start()
    worker.join(timeout)
    if not box:
        raise CacheTimeout(f"no answer within {timeout:.2f} s")
    ok, value = box[0]
    if ok:
        return value
    raise value


def strict(cache: Cache) -> Cache:
    """``cache`` without an in-process fallback, where it has one (for the callback store)."""
    return cache.strict() if isinstance(cache, _Guarded) else cache


def _seconds(options: Mapping[str, Any], name: str, default: float) -> float:
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < float("inf"):
        raise ConfigurationError(f"cache.options.{name}", f"must be a positive number of seconds, not {value!r}")
    return float(value)


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
            unknown = set(options) - {"cache", "alias", "op_timeout", "retry_after"}
            if unknown:
                raise ConfigurationError(f"cache.options.{sorted(unknown)[0]}", "unknown option")
            return DjangoCache(
                options.get("cache"),
                alias=str(options.get("alias", "default")),
                op_timeout=_seconds(options, "op_timeout", 0.5),
                retry_after=_seconds(options, "retry_after", 5.0),
            )
        raise ConfigurationError("cache.driver", f"unknown driver {driver!r} (known: {', '.join(DRIVERS)})")
    if isinstance(spec, Cache):
        return spec
    raise ConfigurationError("cache", f"expected a driver name, a mapping or a Cache, not {type(spec).__name__}")
