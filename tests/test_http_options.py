"""HTTP customisation as httpx users expect, through a real proxy (proxy.py, HTTP and CONNECT) to
a real sandbox (plain and TLS, with a certificate from a test CA).

``api.webpos.test`` resolves nowhere but in the proxy (tests/_proxy_plugin.py): a call to it that
succeeds went through the proxy; one that fails with a DNS error went straight there.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from conftest import PROXIED_HOST, free_port, start_proxy

from webpos_sdk import AsyncClient, Client, DictCache
from webpos_sdk._config import _bypassed
from webpos_sdk.exceptions import ConfigurationError, ConnectionErrorException
from webpos_sdk.sandbox import SandboxConfig, serve
from webpos_sdk.sandbox.app import Faults
from webpos_sdk.sandbox.server import RunningSandbox

CLIENT_ID, SECRET = "proxy-client", "proxy-secret"
HOST = PROXIED_HOST
PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")
PROXY_PASSWORD = "pr0xy-PASSWORD-canary"


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PROXY_ENV, "WEBPOS_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    where = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    leaf = ca.issue_cert(HOST, "127.0.0.1")
    paths = {"ca": where / "ca.pem", "cert": where / "cert.pem", "key": where / "key.pem"}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    leaf.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    leaf.private_key_pem.write_to_path(str(paths["key"]))
    return {name: str(path) for name, path in paths.items()}


@pytest.fixture(scope="module")
def plain() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as running:
        yield running


@pytest.fixture(scope="module")
def tls(certs: dict[str, str]) -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET), certfile=certs["cert"], keyfile=certs["key"]) as s:
        yield s


@pytest.fixture(scope="module")
def locked_proxy() -> Iterator[str]:
    """A proxy that wants credentials (Proxy-Authorization: Basic)."""
    with start_proxy("--basic-auth", f"merchant:{PROXY_PASSWORD}") as running:
        yield f"127.0.0.1:{running.flags.port}"


@pytest.fixture
def dead_port() -> int:
    return free_port()


def client(base_url: str, **options: Any) -> Client:
    return Client(client_id=CLIENT_ID, secret=SECRET, base_url=base_url, cache=DictCache(), **options)


def lifecycle(c: Client) -> None:
    """Login, create, get, list and delete: the whole surface that sends requests."""
    order = c.create_payment_order({"amount": "1.00", "reference": "proxy-1"})
    assert str(c.get_payment_order(order.uuid).uuid) == str(order.uuid)
    assert any(str(o.uuid) == str(order.uuid) for o in c.get_payment_orders().paymentorders or [])
    c.delete_payment_order(order.uuid)


# ---------------------------------------------------------------- the environment


def test_http_proxy_from_the_environment_is_honoured(
    plain: RunningSandbox, forward_proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", forward_proxy)
    with client(f"http://{HOST}:{plain.port}") as c:
        lifecycle(c)


def test_https_proxy_from_the_environment_tunnels_with_connect(
    tls: RunningSandbox, forward_proxy: str, certs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("https_proxy", forward_proxy)  # lower case, as curl prefers it
    with client(f"https://{HOST}:{tls.port}", verify_ssl=certs["ca"]) as c:
        lifecycle(c)


def test_all_proxy_and_a_proxy_without_a_scheme_are_read(
    plain: RunningSandbox, forward_proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", forward_proxy.removeprefix("http://"))
    with client(f"http://{HOST}:{plain.port}") as c:
        assert c.get_payment_orders().total_pages >= 0


def test_no_proxy_sends_the_listed_host_straight_there(
    plain: RunningSandbox, forward_proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", forward_proxy)
    monkeypatch.setenv("NO_PROXY", "localhost, .webpos.test")
    with client(f"http://{HOST}:{plain.port}") as c, pytest.raises(ConnectionErrorException) as raised:
        c.get_payment_orders()  # not through the proxy: the name does not resolve here
    assert raised.value.request_sent is False


def test_no_proxy_lets_a_local_sandbox_through_a_dead_proxy(
    plain: RunningSandbox, dead_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{dead_port}")
    with client(plain.base_url) as c, pytest.raises(ConnectionErrorException):
        c.get_payment_orders()  # the proxy is used, and it is down
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with client(plain.base_url) as c:
        assert c.get_payment_orders().total_pages >= 0


def test_trust_env_false_ignores_the_environment(
    plain: RunningSandbox, forward_proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", forward_proxy)
    with client(f"http://{HOST}:{plain.port}", trust_env=False) as c, pytest.raises(ConnectionErrorException):
        c.get_payment_orders()
    with client(f"http://{HOST}:{plain.port}", proxy=forward_proxy, trust_env=False) as c:
        assert c.get_payment_orders().total_pages >= 0  # an explicit proxy still applies


def test_ssl_cert_file_is_trusted_with_trust_env(
    tls: RunningSandbox, certs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with client(tls.base_url) as c, pytest.raises(ConnectionErrorException, match="CERTIFICATE_VERIFY_FAILED"):
        c.get_payment_orders()  # the test CA is not trusted by default
    monkeypatch.setenv("SSL_CERT_FILE", certs["ca"])
    with client(tls.base_url) as c:
        assert c.get_payment_orders().total_pages >= 0
    with client(tls.base_url, trust_env=False) as c, pytest.raises(ConnectionErrorException):
        c.get_payment_orders()


# --------------------------------------------------------------- the proxy setting


@pytest.mark.parametrize("form", ["keyword", "mapping", "scheme-mapping", "conf-dict", "WEBPOS_PROXY"])
def test_the_proxy_setting_in_each_of_its_forms(
    form: str, tls: RunningSandbox, forward_proxy: str, certs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url = f"https://{HOST}:{tls.port}"
    options: dict[str, Any] = {"verify_ssl": certs["ca"]}
    conf: dict[str, Any] = {}
    if form == "keyword":
        options["proxy"] = forward_proxy
    elif form == "mapping":
        options["proxy"] = {"https://": forward_proxy, "http://": None}
    elif form == "scheme-mapping":  # requests' proxies= dict, as the previous SDK took it
        options["proxy"] = {"http": "http://127.0.0.1:9", "https": forward_proxy}
    elif form == "conf-dict":
        conf = {"http": {"proxy": forward_proxy, "verify_ssl": certs["ca"]}}
        options = {}
    else:
        monkeypatch.setenv("WEBPOS_PROXY", forward_proxy)
    with Client(conf, client_id=CLIENT_ID, secret=SECRET, base_url=base_url, cache=DictCache(), **options) as c:
        lifecycle(c)


def test_a_mapping_without_the_scheme_goes_straight_there(plain: RunningSandbox, dead_port: int) -> None:
    with client(plain.base_url, proxy={"https": f"http://127.0.0.1:{dead_port}"}) as c:
        assert c.get_payment_orders().total_pages >= 0


def test_async_client_through_the_proxy(tls: RunningSandbox, forward_proxy: str, certs: dict[str, str]) -> None:
    async def main() -> str:
        async with AsyncClient(
            client_id=CLIENT_ID,
            secret=SECRET,
            base_url=f"https://{HOST}:{tls.port}",
            cache=DictCache(),
            proxy=forward_proxy,
            verify_ssl=certs["ca"],
        ) as c:
            order = await c.create_payment_order({"amount": "2.00"})
            return str((await c.get_payment_order(order.uuid)).uuid)

    assert asyncio.run(main())


def test_proxy_credentials_work_and_never_show(
    plain: RunningSandbox, tls: RunningSandbox, locked_proxy: str, certs: dict[str, str]
) -> None:
    with client(f"http://{HOST}:{plain.port}", proxy=f"http://merchant:{PROXY_PASSWORD}@{locked_proxy}") as c:
        assert c.get_payment_orders().total_pages >= 0
        assert PROXY_PASSWORD not in repr(c) + repr(c.settings)
    wrong = f"http://merchant:{PROXY_PASSWORD}x@{locked_proxy}"
    with (
        client(f"https://{HOST}:{tls.port}", proxy=wrong, verify_ssl=certs["ca"]) as c,
        pytest.raises(ConnectionErrorException) as raised,
    ):
        c.get_payment_orders()  # the CONNECT is refused with 407
    assert raised.value.request_sent is False  # it never reached the API
    shown = str(raised.value) + repr(raised.value) + repr(raised.value.__dict__)
    assert PROXY_PASSWORD not in shown


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://proxy.corp:21", "http.proxy"),
        ("http://", "http.proxy"),
        (42, "http.proxy"),
        ({"gopher": "http://p:1"}, "keys are"),
        (f"ftp://merchant:{PROXY_PASSWORD}@proxy.corp", r"\*\*\*"),
    ],
)
def test_a_bad_proxy_setting_is_a_configuration_error(value: object, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as raised:
        client("https://api.example.test", proxy=value)
    assert PROXY_PASSWORD not in str(raised.value)


def test_a_bad_proxy_in_the_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "ftp://proxy.corp:21")
    with pytest.raises(ConfigurationError, match="HTTPS_PROXY"):
        client("https://api.example.test")


@pytest.mark.parametrize(
    ("host", "port", "no_proxy", "bypassed"),
    [
        ("api.webpos.test", 443, "*", True),
        ("api.webpos.test", 443, "webpos.test", True),
        ("webpos.test", 443, ".webpos.test", True),
        ("api.webpos.test", 443, "*.webpos.test", True),
        ("badwebpos.test", 443, "webpos.test", False),
        ("api.webpos.test", 443, "api.webpos.test:443", True),
        ("api.webpos.test", 443, "api.webpos.test:8443", False),
        ("127.0.0.1", 80, "localhost,127.0.0.1", True),
        ("127.0.0.10", 80, "127.0.0.1", False),
        ("::1", 80, "::1", True),
        ("API.WEBPOS.TEST", 443, " Webpos.Test ", True),
        ("api.webpos.test", 443, "", False),
    ],
)
def test_no_proxy_matching(host: str, port: int, no_proxy: str, bypassed: bool) -> None:
    assert _bypassed(host, port, no_proxy) is bypassed


# ---------------------------------------------------------------- http_client=


def test_http_client_mounts_and_hooks_run_under_the_sdks_retries_and_auth(
    plain: RunningSandbox, forward_proxy: str
) -> None:
    seen: list[tuple[str, str, bool]] = []

    def record(request: httpx.Request) -> None:
        seen.append((request.method, request.url.path, "authorization" in request.headers))

    mine = httpx.Client(
        mounts={f"http://{HOST}": httpx.HTTPTransport(proxy=forward_proxy)}, event_hooks={"request": [record]}
    )
    with mine, client(f"http://{HOST}:{plain.port}", http_client=mine) as c:
        c.login()
        plain.state.faults = Faults(status=503, status_times=1)  # the next answer is a 503: retried
        assert c.get_payment_orders().total_pages >= 0
        assert not mine.is_closed  # the SDK's close leaves it to its owner
    assert [s[:2] for s in seen] == [("POST", "/token"), ("GET", "/payment-order"), ("GET", "/payment-order")]
    assert [has_auth for _, _, has_auth in seen] == [True, True, True]  # Basic, then the token on each attempt


def test_async_http_client(tls: RunningSandbox, forward_proxy: str, certs: dict[str, str]) -> None:
    paths: list[str] = []

    async def record(request: httpx.Request) -> None:
        paths.append(request.url.path)

    async def main() -> int:
        async with (
            httpx.AsyncClient(
                proxy=forward_proxy,
                verify=ssl.create_default_context(cafile=certs["ca"]),
                event_hooks={"request": [record]},
            ) as mine,
            AsyncClient(
                client_id=CLIENT_ID,
                secret=SECRET,
                base_url=f"https://{HOST}:{tls.port}",
                cache=DictCache(),
                http_client=mine,
            ) as c,
        ):
            return (await c.get_payment_orders()).total_pages

    assert asyncio.run(main()) >= 0
    assert paths == ["/token", "/payment-order"]


@pytest.mark.parametrize(
    "clash",
    [
        {"proxy": "http://127.0.0.1:9"},
        {"verify_ssl": False},
        {"trust_env": False},
        {"max_connections": 5},
        {"transport": httpx.MockTransport(lambda r: httpx.Response(200))},
    ],
)
def test_http_client_refuses_settings_that_belong_to_it(clash: dict[str, Any]) -> None:
    with httpx.Client() as mine, pytest.raises(ConfigurationError, match=next(iter(clash))):
        client("https://api.example.test", http_client=mine, **clash)


def test_http_client_of_the_wrong_kind_is_refused() -> None:
    async def main() -> None:
        async with httpx.AsyncClient() as mine:
            client("https://api.example.test", http_client=mine)

    with pytest.raises(ConfigurationError, match=r"httpx\.Client"):
        asyncio.run(main())


def test_the_conf_dict_proxy_and_trust_env_are_known_keys(recwarn: pytest.WarningsRecorder, tmp_path: Path) -> None:
    with Client(
        {"client_id": CLIENT_ID, "secret": SECRET, "http": {"proxy": "http://127.0.0.1:9", "trust_env": False}}
    ) as c:
        assert c.settings.trust_env is False
        assert c.settings.proxy == "http://127.0.0.1:9"
    assert not [w for w in recwarn if "unknown" in str(w.message)]
