"""The transport under the SDK's retries and auth: its own httpx transport (TLS, proxy, pool), or
the merchant's ``httpx.Client`` given as ``http_client=`` (mounts, event hooks, anything httpx
offers), wrapped so that retries, the deadline, the token and the bounded read still apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
        sent = self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return httpx.Response(sent.status_code, headers=sent.headers, stream=sent.stream, extensions=sent.extensions)

    def close(self) -> None:
        """The merchant's client is theirs to close (it may serve other code too)."""


class AsyncThrough(httpx.AsyncBaseTransport):
    """:class:`Through` for ``httpx.AsyncClient``."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent = await self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return httpx.Response(sent.status_code, headers=sent.headers, stream=sent.stream, extensions=sent.extensions)

    async def aclose(self) -> None:
        """The merchant's client is theirs to close."""
