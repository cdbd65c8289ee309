"""A proxy.py plugin for tests/test_http_options.py: the proxy resolves ``*.webpos.test`` (a name
nothing else resolves: ``.test`` is reserved) to loopback, so a request to ``api.webpos.test``
that arrives proves it went through the proxy."""

from __future__ import annotations

from typing import Any

from proxy.http.proxy import HttpProxyBasePlugin


class ResolveWebposTest(HttpProxyBasePlugin):  # type: ignore[misc]
    def resolve_dns(self, host: str, port: int) -> tuple[str | None, Any]:
        if host == "webpos.test" or host.endswith(".webpos.test"):
            return "127.0.0.1", None
        return None, None
