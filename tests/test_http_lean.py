"""The SDK's own httpx client (``_http.LeanClient``/``LeanAsyncClient``) skips two parts of httpx's
per-request work, and nothing else: a relative URL and its query parameters are merged with the
base URL once per distinct URL (the merge is httpx's own, remembered), and its cookie jar keeps
nothing. These tests hold the remembered URL to what stock httpx builds, for any path and
parameters, and show that a cookie set by the server is not sent back."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webpos_sdk import AsyncClient, Client, DictCache, _http
from webpos_sdk.exceptions import NotFoundException

BASES = ["http://127.0.0.1:8000", "https://api.example.com/sub/path/", "http://[::1]:9/v?keep=1"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
params = st.one_of(
    st.none(),
    st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(scalars, st.lists(scalars, max_size=3)), max_size=4),
)
paths = st.text(max_size=30).map(lambda text: "/" + text)
SHARED = {base: _http.LeanClient(base_url=base) for base in BASES}


@settings(max_examples=300, deadline=None)
@given(base=st.sampled_from(BASES), path=paths, query=params)
def test_the_remembered_url_is_what_httpx_builds(base: str, path: str, query: dict[str, Any] | None) -> None:
    stock = httpx.Client(base_url=base)
    lean = SHARED[base]  # one per base URL across all examples: a collision between two inputs shows
    expected = _built(stock, "GET", path, query)
    assert _built(lean, "GET", path, query) == expected
    assert _built(lean, "POST", path, query) == expected  # remembered (or built afresh: lists, errors)


def _built(client: httpx.Client, method: str, path: str, query: dict[str, Any] | None) -> tuple[str, str]:
    """The URL sent, or the error refusing it."""
    try:
        return "url", str(client.build_request(method, path, params=query).url)
    except (httpx.InvalidURL, TypeError, ValueError) as err:
        return type(err).__name__, str(err)


def test_equal_values_of_other_types_are_told_apart() -> None:
    """``True == 1`` and ``1 == 1.0``, but httpx sends ``true``, ``1`` and ``1.0``."""
    lean = _http.LeanClient(base_url="http://127.0.0.1:8000")
    sent = [str(lean.build_request("GET", "/x", params={"a": value}).url) for value in (True, 1, 1.0, True)]
    assert sent == [
        "http://127.0.0.1:8000/x?a=true",
        "http://127.0.0.1:8000/x?a=1",
        "http://127.0.0.1:8000/x?a=1.0",
        "http://127.0.0.1:8000/x?a=true",
    ]


def test_values_whose_text_their_equality_hides_are_built_afresh() -> None:
    lean = _http.LeanClient(base_url="http://127.0.0.1:8000")
    pairs = [(0.0, -0.0), (Decimal("1.0"), Decimal("1.00")), ((True,), (1,))]
    for first, second in pairs:
        sent = [str(lean.build_request("GET", "/x", params={"a": value}).url) for value in (first, second)]
        assert sent[0] != sent[1], (first, second)


def test_a_new_base_url_or_client_params_are_not_served_old_urls() -> None:
    lean = _http.LeanClient(base_url="http://127.0.0.1:8000")
    assert str(lean.build_request("GET", "/x").url) == "http://127.0.0.1:8000/x"
    lean.base_url = "http://127.0.0.1:9000"  # type: ignore[assignment]
    assert str(lean.build_request("GET", "/x").url) == "http://127.0.0.1:9000/x"
    with_params = _http.LeanClient(base_url="http://127.0.0.1:8000", params={"k": "client"})
    assert str(with_params.build_request("GET", "/x", params={"k": "call"}).url) == "http://127.0.0.1:8000/x?k=call"


def test_a_merchants_http_client_keeps_and_sends_its_cookies() -> None:
    sent: list[str | None] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("cookie"))
        if request.url.path.endswith("/token"):
            body = {"access_token": "t" * 20, "expires_in": 3600, "token_type": "Bearer", "scope": "*", "id_token": "i"}
            return httpx.Response(200, json=body, headers={"set-cookie": "AWSALB=sticky; Path=/"})
        return httpx.Response(404, json={"error_code": "3001", "message": "not found"})

    with httpx.Client(transport=httpx.MockTransport(server)) as http:
        client = Client(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache(), http_client=http)
        for _ in range(2):
            with pytest.raises(NotFoundException):
                client.get_payment_order("00000000-0000-4000-8000-000000000000")
    assert sent == [None, "AWSALB=sticky", "AWSALB=sticky"]
    assert dict(http.cookies) == {"AWSALB": "sticky"}


def test_query_params_with_repeated_keys_are_not_confused() -> None:
    lean = _http.LeanClient(base_url="http://127.0.0.1:8000")
    sent = [
        str(lean.build_request("GET", "/x", params=httpx.QueryParams([("a", "1"), ("a", last)])).url)
        for last in ("2", "3")
    ]
    assert sent == ["http://127.0.0.1:8000/x?a=1&a=2", "http://127.0.0.1:8000/x?a=1&a=3"]


def test_each_distinct_url_is_merged_once_and_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    merges: list[object] = []
    merge = httpx.Client._merge_url

    def counted(self: httpx.Client, url: object) -> httpx.URL:
        merges.append(url)
        return merge(self, url)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "_merge_url", counted)
    lean = _http.LeanClient(base_url="http://127.0.0.1:8000")
    for _ in range(3):
        lean.build_request("GET", "/payment-order/a")
    relative = [url for url in merges if isinstance(url, str)]
    assert relative == ["/payment-order/a"]  # then the remembered absolute URL is passed
    for n in range(_http.URL_MEMO_SIZE * 2 + 5):
        lean.build_request("GET", f"/payment-order/{n}")
    assert 0 < len(lean._urls) <= _http.URL_MEMO_SIZE


def test_the_sdk_does_not_send_back_a_cookie_the_server_set() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/token"):
            body = {"access_token": "t" * 20, "expires_in": 3600, "token_type": "Bearer", "scope": "*", "id_token": "i"}
            return httpx.Response(200, json=body, headers={"set-cookie": "AWSALB=sticky; Path=/"})
        return httpx.Response(404, json={"error_code": "3001", "message": "not found"}, headers={"set-cookie": "b=2"})

    client = Client(
        client_id="c",
        secret="s",
        base_url="http://127.0.0.1:9",
        transport=httpx.MockTransport(server),
        cache=DictCache(),
    )
    for _ in range(2):
        with pytest.raises(NotFoundException):
            client.get_payment_order("00000000-0000-4000-8000-000000000000")
    assert len(seen) == 3
    assert all("cookie" not in request.headers for request in seen)
    assert not client._http.cookies
    with pytest.raises(ValueError, match="keeps no cookies"):
        client._http.cookies = {"a": "1"}
    client.close()


def test_both_clients_build_their_pools_lean() -> None:
    client = Client(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache())
    assert type(client._http) is _http.LeanClient
    client.close()

    async def pool_type() -> type:
        async with AsyncClient(client_id="c", secret="s", base_url="http://127.0.0.1:9", cache=DictCache()) as ac:
            await ac._api_for(asyncio.get_running_loop())
            return type(ac._http)

    assert asyncio.run(pool_type()) is _http.LeanAsyncClient
