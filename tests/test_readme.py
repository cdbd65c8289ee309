"""The README's code, run as written: each block after a ``<!-- tested: tests/test_readme.py::NAME -->``
marker is executed by the test NAME, against the local sandbox or the real web framework."""

from __future__ import annotations

import ast
import asyncio
import datetime
import json
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import yaml

from webpos_sdk._cache import PROCESS_CACHE
from webpos_sdk._token import cache_key
from webpos_sdk.callbacks import sign
from webpos_sdk.sandbox import SandboxConfig, serve

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MARKER = re.compile(r"<!-- tested: tests/test_readme\.py::(\w+) -->\n```python\n(.*?)```", re.S)
BLOCKS = dict(MARKER.findall(README))
SECRET = "callback-secret"


@pytest.fixture(autouse=True)
def _fresh_process_cache() -> None:
    """The README's dedupe uses the process-wide dict cache: start every test with it empty."""
    with PROCESS_CACHE._lock:
        PROCESS_CACHE._data.clear()


def block(name: str) -> str:
    assert name in BLOCKS, f"README has no block marked for {name}"
    return BLOCKS[name]


def run_block(name: str, namespace: dict[str, Any]) -> dict[str, Any]:
    code = compile(block(name), f"README.md:{name}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, namespace)  # noqa: S307 - the README's own code
    if asyncio.iscoroutine(result):
        asyncio.run(result)
    return namespace


def test_every_marker_names_a_test_here() -> None:
    names = re.findall(r"<!-- tested: tests/test_readme\.py::(\w+) -->", README)
    assert len(names) == len(BLOCKS) >= 8  # every marker is followed by a python block
    assert all(callable(globals().get(n)) for n in names)


# ------------------------------------------------------------------------------ API calls


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The sandbox, with the README's placeholder credentials, where WEBPOS_BASE_URL points."""
    with serve(SandboxConfig(client_id="...", secret="...")) as running:
        monkeypatch.setenv("WEBPOS_BASE_URL", running.base_url)
        yield running


def test_quickstart(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_block("test_quickstart", {})
    out = capsys.readouterr().out.split()
    (order,) = sandbox.state.orders.values()
    assert out[:2] == [order["uuid"], order["uri"]]
    assert out[3] == "pending"
    assert order["reference"] == "order-42"


def test_every_operation(sandbox: Any) -> None:
    """One call of each operation, in order; each line is an operation's code sample in the HTTP
    reference (scripts/build_docs.py), so each must do what its operation does."""
    from webpos_sdk.sandbox.app import POS_UUID as pos_uuid  # the sandbox's one web POS

    with pytest.warns(DeprecationWarning, match="get_web_pos_payments"):
        done = run_block("test_every_operation", {"pos_uuid": pos_uuid})
    assert done["login"].access_token
    order = done["order"]
    assert [str(o.uuid) for o in done["page"].paymentorders] == [str(order.uuid)]
    assert done["current"].uuid == order.uuid
    assert done["current"].reference == "order-43"
    assert done["callbacks"].callbacks is not None
    from webpos_sdk import Client

    with Client(client_id="...", secret="...") as client:  # completed, reset to pending, then cancelled
        assert client.get_payment_order(order.uuid).state.status == "cancelled"
    assert done["cancelled"] is not None
    assert done["v1_orders"] is not None
    from scripts.build_docs import code_samples
    from tests._support import operations

    samples = code_samples(README)  # the HTTP reference shows the SDK call of every operation
    assert set(samples) == {op["operationId"] for *_, op in operations()}


def test_async_quickstart(sandbox: Any) -> None:
    run_block("test_async_quickstart", {})
    assert sandbox.state.creates == 1


def test_drop_in(sandbox: Any, redis_server: Any) -> None:
    # The one change: the port of the Redis server this test started instead of 6379.
    source = block("test_drop_in").replace('"port": 6379', f'"port": {redis_server.port}')
    namespace: dict[str, Any] = {}
    exec(compile(source, "README.md:test_drop_in", "exec"), namespace)  # noqa: S102 - the README's own code
    namespace["client"].close()  # the drop-in style never closes its client; a test must
    assert str(namespace["response"].uuid) in sandbox.state.orders
    key = cache_key(sandbox.base_url, "...")
    assert redis.Redis(port=redis_server.port).exists(key)  # the token went to Redis, as configured


def test_http_client(
    sandbox: Any, forward_proxy: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import PROXIED_HOST

    # Credentials from the environment, and an egress proxy the merchant's httpx.Client honours:
    # the sandbox's name resolves only in the proxy, so the call succeeding proves both.
    monkeypatch.setenv("WEBPOS_CLIENT_ID", "...")
    monkeypatch.setenv("WEBPOS_SECRET", "...")
    monkeypatch.setenv("WEBPOS_BASE_URL", f"http://{PROXIED_HOST}:{sandbox.port}")
    monkeypatch.setenv("HTTP_PROXY", forward_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    run_block("test_http_client", {})
    assert capsys.readouterr().out.splitlines() == ["-> POST /token", "-> GET /payment-order"]


def test_proxy(sandbox: Any, forward_proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import PROXIED_HOST

    # The sandbox's name resolves only inside the proxy: the call succeeding proves it went through.
    monkeypatch.setenv("WEBPOS_BASE_URL", f"http://{PROXIED_HOST}:{sandbox.port}")
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "no_proxy"):
        monkeypatch.delenv(variable, raising=False)
    source = block("test_proxy").replace("http://proxy.internal:3128", forward_proxy)  # the one change
    exec(compile(source, "README.md:test_proxy", "exec"), {})  # noqa: S102 - the README's own code
    assert sandbox.state.logins == 1


def test_with_options(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from webpos_sdk import Client, DictCache

    with Client(client_id="...", secret="...", base_url=sandbox.base_url, cache=DictCache()) as client:
        order = client.create_payment_order({"amount": "1.00"})
        namespace = run_block("test_with_options", {"client": client, "order_uuid": order.uuid})
        assert str(namespace["order"].uuid) == str(order.uuid)
    status, attempts, request_id = capsys.readouterr().out.split()
    assert (status, attempts) == ("200", "1")
    assert request_id == "None"  # the sandbox sends an X-Request-Id with errors only


def test_logging(sandbox: Any, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from webpos_sdk import Client, DictCache
    from webpos_sdk.sandbox.app import Faults

    run_block("test_logging", {})
    logger = logging.getLogger("webpos_sdk")
    try:
        assert logger.getEffectiveLevel() == logging.INFO
        with Client(client_id="...", secret="...", base_url=sandbox.base_url, cache=DictCache()) as client:
            order = client.create_payment_order({"amount": "1.00"})
            sandbox.state.faults = Faults(status=503, status_times=1)
            client.get_payment_order(order.uuid)
        retried = [r.getMessage() for r in caplog.records if r.name == "webpos_sdk._retry"]
        assert len(retried) == 1
        assert retried[0].startswith(f"retrying GET /payment-order/{order.uuid} in ")
        assert retried[0].endswith("(attempt 2 of 3): HTTP 503")
    finally:
        logger.setLevel(logging.NOTSET)


def test_pytest_plugin(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from starlette.applications import Starlette
        from starlette.routing import Route
        from webpos_sdk.callbacks import CallbackRouter
        from webpos_sdk.callbacks.asgi import callback_endpoint

        shipped = []

        @pytest.fixture
        def app():
            router = CallbackRouter("sandbox-secret")
            router.on("payment.completed")(lambda event: shipped.append(event.object.reference))
            yield Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
            assert shipped == ["cart-1"]  # the handler really ran
        """
    )
    pytester.makepyfile(test_shop=block("test_pytest_plugin"))
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error").assert_outcomes(passed=3)


# ------------------------------------------------------------------------------ callbacks


def _callback(event: str = "payment.completed") -> bytes:
    spec = yaml.safe_load((ROOT / "openapi" / "webpos.yaml").read_text(encoding="utf-8"))
    payload = spec["components"]["examples"]["PaymentCompleted"]["value"]
    payload["event"] = event
    payload["created_at"] = datetime.datetime.now(datetime.UTC).isoformat()  # within the router's max_age
    return json.dumps(payload).encode()


BODY = _callback()
ORDER_UUID = json.loads(BODY)["object"]["uuid"]
GOOD = {"chainside-signature": sign(BODY, SECRET)}
BAD = {"chainside-signature": sign(BODY, "another secret")}


def test_construct_event() -> None:
    shipped: list[str] = []
    view = run_block("test_construct_event", {"secret": SECRET, "ship": lambda uuid: shipped.append(str(uuid))})[
        "webpos_callback"
    ]
    assert view(types.SimpleNamespace(headers=GOOD, body=BODY)) == 200
    assert shipped == [ORDER_UUID]
    assert view(types.SimpleNamespace(headers=BAD, body=BODY)) == 400
    assert view(types.SimpleNamespace(headers=GOOD, body=BODY + b" ")) == 400  # not the signed bytes
    unknown = _callback("payment.refunded")
    assert view(types.SimpleNamespace(headers={"chainside-signature": sign(unknown, SECRET)}, body=unknown)) == 200
    assert shipped == [ORDER_UUID]


def _router_namespace() -> tuple[dict[str, Any], list[str]]:
    shipped: list[str] = []
    namespace = run_block("test_router", {"secret": SECRET, "ship": lambda uuid: shipped.append(str(uuid))})
    return namespace, shipped


def test_router() -> None:
    namespace, shipped = _router_namespace()
    router = namespace["router"]
    assert router.handle(GOOD, BODY)[0] == 200
    assert router.handle(GOOD, BODY)[0] == 200  # delivered again: deduplicated
    assert shipped == [ORDER_UUID]
    assert router.handle(BAD, BODY)[0] == 400


def test_django(django_caches: Any) -> None:
    from django.test import Client as DjangoClient
    from django.test.utils import override_settings

    namespace, shipped = _router_namespace()
    urls = types.ModuleType("readme_urls")
    urls.__dict__.update(namespace)
    run_block("test_django", urls.__dict__)
    sys.modules["readme_urls"] = urls
    try:
        with override_settings(
            ROOT_URLCONF="readme_urls",
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            ALLOWED_HOSTS=["testserver"],
        ):
            client = DjangoClient(enforce_csrf_checks=True)
            post = client.post
            headers = {"HTTP_CHAINSIDE_SIGNATURE": GOOD["chainside-signature"]}
            assert post("/webpos/callback", BODY, content_type="application/json", **headers).status_code == 200
            bad = {"HTTP_CHAINSIDE_SIGNATURE": BAD["chainside-signature"]}
            assert post("/webpos/callback", BODY, content_type="application/json", **bad).status_code == 400
            assert client.get("/webpos/callback").status_code == 405
    finally:
        del sys.modules["readme_urls"]
    assert shipped == [ORDER_UUID]


def test_django_settings(django_caches: Any) -> None:
    from django.test import Client as DjangoClient
    from django.test.utils import override_settings

    from webpos_sdk import django as webpos_django

    shipped: list[str] = []
    urls = types.ModuleType("readme_settings_urls")
    urls.__dict__["ship"] = lambda uuid: shipped.append(str(uuid))
    middleware = ["django.middleware.csrf.CsrfViewMiddleware"]  # login middleware: tests/test_django_project.py
    webpos_django._router = None
    with serve(SandboxConfig(client_id="...", secret=SECRET)) as sandbox:
        webpos = {"client_id": "...", "secret": SECRET, "base_url": sandbox.base_url}
        with override_settings(WEBPOS=webpos, ROOT_URLCONF="readme_settings_urls", MIDDLEWARE=middleware):
            run_block("test_django_settings", urls.__dict__)
            sys.modules["readme_settings_urls"] = urls
            try:
                client = DjangoClient(enforce_csrf_checks=True)
                headers = {"HTTP_CHAINSIDE_SIGNATURE": GOOD["chainside-signature"]}
                answer = client.post("/webpos/callback", BODY, content_type="application/json", **headers)
                assert answer.status_code == 200, answer
            finally:
                del sys.modules["readme_settings_urls"]
                webpos_django._router = None
        assert str(urls.__dict__["order"].uuid) in sandbox.state.orders
    assert shipped == [ORDER_UUID]


def test_flask() -> None:
    namespace, shipped = _router_namespace()
    app = run_block("test_flask", {**namespace, "__name__": "readme_flask"})["app"]
    client = app.test_client()
    assert client.post("/webpos/callback", data=BODY, headers=GOOD).status_code == 200
    assert client.post("/webpos/callback", data=BODY, headers=BAD).status_code == 400
    assert shipped == [ORDER_UUID]


def test_fastapi() -> None:
    namespace, shipped = _router_namespace()
    app = run_block("test_fastapi", namespace)["app"]

    async def post(headers: dict[str, str]) -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return (await client.post("/webpos/callback", content=BODY, headers=headers)).status_code

    assert asyncio.run(post(GOOD)) == 200
    assert asyncio.run(post(BAD)) == 400
    assert shipped == [ORDER_UUID]
