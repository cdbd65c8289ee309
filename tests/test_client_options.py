"""Keyword settings: typos are refused at construction, for both clients and the context."""

from __future__ import annotations

from typing import Any

import pytest

from webpos_sdk import AsyncClient, ChainsideApiContext, Client


@pytest.mark.parametrize("factory", [Client, AsyncClient, ChainsideApiContext])
def test_a_misspelt_keyword_is_refused(factory: Any) -> None:
    with pytest.raises(TypeError, match="'secrett'"):
        factory(client_id="c", secrett="s")


def test_keywords_reach_the_settings() -> None:
    client = Client(client_id="c", secret="s", mode="sandbox", timeout=3, verify_ssl=False, token_skew=5)
    try:
        assert client.settings.base_url == "https://api.sandbox.webpos.chainside.net"
        assert client.settings.timeout == 3.0
        assert client.settings.verify_ssl is False
    finally:
        client.close()


@pytest.mark.parametrize(("factory", "max_connections", "kept"), [(Client, 10, 10), (AsyncClient, 100, 20)])
def test_the_pool_keeps_at_most_20_idle_connections(factory: Any, max_connections: int, kept: int) -> None:
    # httpcore checks every pooled connection on each request: 100 idle ones halved async throughput.
    client = factory(client_id="c", secret="s", mode="sandbox", max_connections=max_connections)
    pool = client._http._transport._inner._pool
    assert (pool._max_connections, pool._max_keepalive_connections) == (max_connections, kept)
