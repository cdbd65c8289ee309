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
