"""The transport under the SDK's retries and auth: its own httpx transport (TLS, proxy, pool), or
the merchant's ``httpx.Client`` given as ``http_client=`` (mounts, event hooks, anything httpx
offers), wrapped so that retries, the deadline, the token and the bounded read still apply."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, cast

import httpx

from .exceptions import ConfigurationError

if TYPE_CHECKING:
    from ._config import Settings

#: Settings that belong to the merchant's ``http_client`` once one is given.
HTTP_CLIENT_OWNS = ("verify_ssl", "proxy", "trust_env", "max_connections", "transport")


def transport(kind: type[Any], settings: Settings, limits: httpx.Limits) -> Any:
    """``kind`` (``httpx.HTTPTransport`` or ``httpx.AsyncHTTPTransport``) as configured."""
    try:
        return kind(verify=settings.ssl_verify(), limits=limits, proxy=settings.proxy, trust_env=settings.trust_env)
    except ImportError as err:  # a socks5:// proxy without the socksio package
        raise ConfigurationError(
            "http.proxy", f"a SOCKS proxy needs httpx's extra: pip install 'httpx[socks]' ({err})"
        ) from None


#: How many merged URLs one client remembers (then it starts again): one per order polled, and
#: one per page and filter of the listing.
URL_MEMO_SIZE = 512


class _NoCookies(httpx.Cookies):
    """The jar of the SDK's own httpx client: the API authenticates by token, so a cookie that a
    proxy or load balancer in front of it sets is neither parsed nor sent back. (A merchant's own
    ``http_client`` keeps its cookie jar: :class:`Through` sends its cookies and it stores what
    the answers set.)"""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


#: The parameter values a remembered URL may depend on: each one's text is fixed by its type and
#: value (``0.0`` and ``-0.0`` are equal floats, ``Decimal("1.0")`` and ``Decimal("1.00")`` equal
#: decimals, with different texts: those are built afresh each time).
_PLAIN_VALUES = (str, int, bool, type(None))


def _memo_key(url: object, params: object) -> Hashable | None:
    """What the absolute URL of a request depends on besides the client's base URL (None: not
    remembered). Each parameter's type is part of it: ``True`` and ``1`` are equal, but httpx
    sends ``true`` and ``1``."""
    if not isinstance(url, str):
        return None
    if params is None:
        return url
    if type(params) is not dict:  # e.g. httpx.QueryParams, whose items() hide repeated keys
        return None
    items: list[tuple[object, type, object]] = []
    for name, value in cast("dict[object, object]", params).items():
        if type(value) not in _PLAIN_VALUES:
            return None
        items.append((name, type(value), value))
    return (url, tuple(items))


class _Lean:
    """What the SDK's own ``httpx.Client`` and ``AsyncClient`` skip of httpx's per-request work,
    which costs more than the rest of the SDK's own (``make bench``): merging a relative URL with
    the base URL and the query parameters (two URL parses: 38 us against 12.5 us with the merged
    URL) is done once per remembered URL, and the cookie jar keeps none that an answer sets
    (reading ``Set-Cookie`` costs about 18 us a request).
    Everything else -- headers, timeouts, auth, the transport -- is httpx's, unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._urls: dict[Hashable, httpx.URL] = {}
        self._urls_base: object = None  # the base URL they were merged with
        self._jar = _NoCookies()
        super().__init__(*args, **kwargs)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        if cookies:
            raise ValueError("the SDK's own httpx client keeps no cookies (give http_client= one that does)")

    def build_request(self, method: str, url: Any, *, params: Any = None, **kwargs: Any) -> httpx.Request:
        build = super().build_request  # type: ignore[misc]
        key = _memo_key(url, params) if not self.params else None  # type: ignore[attr-defined]
        if key is None:
            return build(method, url, params=params, **kwargs)  # type: ignore[no-any-return]
        urls = self._urls
        if self.base_url is not self._urls_base:  # type: ignore[attr-defined]  # set anew: forget
            urls.clear()
            self._urls_base = self.base_url  # type: ignore[attr-defined]
        absolute = urls.get(key)
        if absolute is None:
            absolute = build(method, url, params=params).url  # httpx's own merge, once
            if len(urls) >= URL_MEMO_SIZE:
                urls.clear()
            urls[key] = absolute
        return build(method, absolute, **kwargs)  # type: ignore[no-any-return]


class LeanClient(_Lean, httpx.Client):
    """The SDK's own ``httpx.Client`` (see :class:`_Lean`)."""


class LeanAsyncClient(_Lean, httpx.AsyncClient):
    """The SDK's own ``httpx.AsyncClient`` (see :class:`_Lean`)."""


def check_exclusive(given: dict[str, object]) -> None:
    """``http_client=`` carries the connection settings itself: refuse them twice."""
    for key in HTTP_CLIENT_OWNS:
        if given.get(key) is not None:
            raise ConfigurationError(key, "is set on your http_client, not here (http_client= was given)")


class Through(httpx.BaseTransport):
    """Sends each attempt with the merchant's ``httpx.Client``: its mounts, proxies, TLS and event
    hooks apply; the SDK's timeout, headers and auth are already on the request, and redirects
    are left to the SDK (which does not follow them)."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._client.cookies.set_cookie_header(request)  # httpx adds them in build_request, not send
        sent = self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return httpx.Response(sent.status_code, headers=sent.headers, stream=sent.stream, extensions=sent.extensions)

    def close(self) -> None:
        """The merchant's client is theirs to close (it may serve other code too)."""


class AsyncThrough(httpx.AsyncBaseTransport):
    """:class:`Through` for ``httpx.AsyncClient``."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._client.cookies.set_cookie_header(request)
        sent = await self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return httpx.Response(sent.status_code, headers=sent.headers, stream=sent.stream, extensions=sent.extensions)

    async def aclose(self) -> None:
        """The merchant's client is theirs to close."""
