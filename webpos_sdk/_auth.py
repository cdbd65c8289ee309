"""Authentication as an ``httpx.Auth``: Basic on ``POST /token``, Bearer elsewhere, and one
re-login plus one retry when the API answers that the token expired (error 1004)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import httpx

from ._token import Token, TokenManager

EXPIRED_TOKEN_CODE = "1004"  # noqa: S105 - an error code, not a secret


def is_token_request(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/token")


def is_expired_token_answer(response: httpx.Response) -> bool:
    """True for an error answer whose body carries error code 1004."""
    if response.status_code < 400 or EXPIRED_TOKEN_CODE.encode() not in response.content:
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and str(body.get("error_code")) == EXPIRED_TOKEN_CODE


class WebPosAuth(httpx.Auth):
    """Attaches credentials; the login itself is a callable given by the client."""

    def __init__(
        self,
        client_id: str,
        secret: str,
        tokens: TokenManager,
        *,
        login_sync: Callable[[], tuple[str, float]] | None = None,
        login_async: Callable[[], Awaitable[tuple[str, float]]] | None = None,
    ) -> None:
        raw = f"{client_id}:{secret}".encode()
        self._basic = "Basic " + base64.b64encode(raw).decode("ascii")
        self._tokens = tokens
        self._login_sync = login_sync
        self._login_async = login_async

    def __repr__(self) -> str:
        return f"{type(self).__name__}(key={self._tokens.key!r})"

    @staticmethod
    def _bearer(request: httpx.Request, token: Token) -> None:
        request.headers["Authorization"] = f"Bearer {token.access_token}"

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if is_token_request(request):
            request.headers["Authorization"] = self._basic
            yield request
            return
        if self._login_sync is None:
            raise RuntimeError("this auth object serves an async client")
        token = self._tokens.get_sync(self._login_sync)
        self._bearer(request, token)
        response = yield request
        if response.status_code >= 400:
            response.read()  # overriding sync_auth_flow skips httpx's requires_response_body read
        if is_expired_token_answer(response):
            self._tokens.invalidate(token)
            self._bearer(request, self._tokens.get_sync(self._login_sync))
            yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if is_token_request(request):
            request.headers["Authorization"] = self._basic
            yield request
            return
        if self._login_async is None:
            raise RuntimeError("this auth object serves a sync client")
        token = await self._tokens.get_async(self._login_async)
        self._bearer(request, token)
        response = yield request
        if response.status_code >= 400:
            await response.aread()
        if is_expired_token_answer(response):
            self._tokens.invalidate(token)
            self._bearer(request, await self._tokens.get_async(self._login_async))
            yield request
