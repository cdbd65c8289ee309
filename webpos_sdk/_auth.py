"""Authentication as an ``httpx.Auth``: Basic on ``POST /token``, Bearer elsewhere, and one
re-login plus one retry when the API rejects the token: expired (error 1004) or invalid (1007,
e.g. revoked). The rejected token is dropped from the cache only if it is still the one there
(another process may already have stored a new one).

Redirects are followed here, not by httpx, so that the rule is ours: only for a method that is
safe to repeat (GET, HEAD), only to the same origin (the token never leaves it), at most
``MAX_REDIRECTS`` hops; any other redirect reaches the caller, which raises an error naming it."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import TypeVar

import httpx

from ._sansio import Steps
from ._token import Token, TokenManager

EXPIRED_TOKEN_CODE = "1004"  # noqa: S105 - an error code, not a secret
#: Error codes after which the token is dropped, a new one fetched and the request repeated once.
REJECTED_TOKEN_CODES = frozenset({EXPIRED_TOKEN_CODE, "1007"})
MAX_REDIRECTS = 5
SAFE_TO_FOLLOW = frozenset({"GET", "HEAD"})


def is_token_request(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/token")


def is_rejected_token_answer(response: httpx.Response) -> bool:
    """True for an error answer whose body carries error code 1004 (expired) or 1007 (invalid)."""
    if response.status_code < 400 or not any(code.encode() in response.content for code in REJECTED_TOKEN_CODES):
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return False
    return isinstance(body, dict) and str(body.get("error_code")) in REJECTED_TOKEN_CODES


def redirect_to_follow(request: httpx.Request, response: httpx.Response) -> httpx.Request | None:
    """The request to send next for a redirect that is safe to follow, or None (not a redirect, an
    unsafe method, another origin, or no usable ``Location``): the caller then sees the 3xx."""
    if not response.is_redirect or request.method not in SAFE_TO_FOLLOW:
        return None
    try:
        target = request.url.join(response.headers["location"])
    except (KeyError, httpx.InvalidURL):
        return None
    if (target.scheme, target.host, target.port) != (request.url.scheme, request.url.host, request.url.port):
        return None
    return httpx.Request(request.method, target, headers=request.headers, extensions=request.extensions)


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

    def _flow(self, request: httpx.Request) -> Generator[httpx.Request | object, object, None]:
        """Every decision of the flow, without I/O: yields a request to send (and receives its
        response) or ``NEED_TOKEN`` (and receives a usable :class:`Token`)."""
        if is_token_request(request):
            request.headers["Authorization"] = self._basic
            yield request
            return
        token = yield NEED_TOKEN
        assert isinstance(token, Token)
        self._bearer(request, token)
        response = yield request
        assert isinstance(response, httpx.Response)
        if is_rejected_token_answer(response):
            self._tokens.invalidate(token)
            fresh = yield NEED_TOKEN
            assert isinstance(fresh, Token)
            self._bearer(request, fresh)
            response = yield request
        for _ in range(MAX_REDIRECTS):
            assert isinstance(response, httpx.Response)
            follow = redirect_to_follow(request, response)
            if follow is None:
                return
            request = follow
            response = yield request

    # The entry points only wait: for the server (yield) or for a token (get_sync / get_async).
    # Bodies are already read: the client's RetryTransport reads each one before returning it.
    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        login, steps, answer = _required(self._login_sync, "an async"), Steps(self._flow(request)), None
        while (step := steps.send(answer)) is not None:
            answer = (yield step) if isinstance(step, httpx.Request) else self._tokens.get_sync(login)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        login, steps, answer = _required(self._login_async, "a sync"), Steps(self._flow(request)), None
        while (step := steps.send(answer)) is not None:
            answer = (yield step) if isinstance(step, httpx.Request) else await self._tokens.get_async(login)


#: What the flow yields when it needs a token.
NEED_TOKEN = object()
L = TypeVar("L")


def _required(login: L | None, kind: str) -> L:
    if login is None:
        raise RuntimeError(f"this auth object serves {kind} client")
    return login
