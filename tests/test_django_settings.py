"""``webpos_sdk.django``: the client and router configured from ``settings.WEBPOS``, one per
process, reset by ``override_settings``, with Django's own error for a bad setting."""

from __future__ import annotations

import traceback
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import override_settings

from webpos_sdk import AsyncClient, Client, RetryPolicy
from webpos_sdk import django as webpos_django
from webpos_sdk._token import cache_key
from webpos_sdk.callbacks import CallbackRouter
from webpos_sdk.sandbox import SandboxConfig, serve
from webpos_sdk.sandbox.server import RunningSandbox

CLIENT_ID, SECRET = "settings-client", "settings-SECRET-canary"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with serve(SandboxConfig(client_id=CLIENT_ID, secret=SECRET)) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    webpos_django._reset(setting="WEBPOS")
    webpos_django._router = None
    yield
    webpos_django._reset(setting="WEBPOS")
    webpos_django._router = None


def test_one_client_per_process_configured_from_settings(sandbox: RunningSandbox) -> None:
    conf = {"client_id": CLIENT_ID, "secret": SECRET, "base_url": sandbox.base_url, "timeout": 5}
    conf["retry"] = RetryPolicy()
    with override_settings(WEBPOS=conf):
        client = webpos_django.get_client()
        assert isinstance(client, Client)
        assert webpos_django.get_client() is client
        assert client.settings.timeout == 5
        client.get_payment_orders()
        # tokens go to Django's default cache, shared by every worker of the site
        assert caches["default"].get(cache_key(sandbox.base_url, CLIENT_ID)) is not None
        assert isinstance(webpos_django.get_async_client(), AsyncClient)
    with override_settings(WEBPOS={**conf, "timeout": 7}):
        assert client._closed  # the old one was closed on the settings change
        fresh = webpos_django.get_client()
        assert fresh is not client
        assert fresh.settings.timeout == 7


def test_the_previous_sdks_dict_keys_are_accepted_too(sandbox: RunningSandbox) -> None:
    conf = {"client_id": CLIENT_ID, "secret": SECRET, "base_url": sandbox.base_url, "http": {"timeout": 3}}
    with override_settings(WEBPOS=conf):
        assert webpos_django.get_client().settings.timeout == 3


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        (None, "settings.WEBPOS is missing"),
        ("client_id=x", "must be a dict"),
        ({"client_id": CLIENT_ID, "secret": SECRET, "timeuot": 5}, "unknown key 'timeuot'"),
        ({"client_id": CLIENT_ID}, "secret"),
        ({"client_id": CLIENT_ID, "secret": SECRET, "mode": "production"}, "mode"),
    ],
)
def test_a_bad_setting_is_improperly_configured_naming_it(conf: object, message: str) -> None:
    with override_settings(WEBPOS=conf), pytest.raises(ImproperlyConfigured, match=message) as raised:
        webpos_django.get_client()
    ours = [f for f in traceback.walk_tb(raised.value.__traceback__) if "webpos_sdk" in f[0].f_code.co_filename]
    assert ours  # the SDK's own frames of the traceback hold no setting (error trackers record them)
    assert all(SECRET not in repr(frame.f_locals) for frame, _ in ours)
    assert raised.value.__context__ is None


def test_the_router_signs_with_the_secret_and_dedupes_on_the_default_cache() -> None:
    with override_settings(WEBPOS={"client_id": CLIENT_ID, "secret": SECRET, "callback_max_age": 60}):
        router = webpos_django.get_router()
        assert isinstance(router, CallbackRouter)
        assert webpos_django.get_router() is router
        assert router.max_age == 60
        assert router._dedupe is not None
    with override_settings(WEBPOS={"client_id": CLIENT_ID, "secret": "another"}):
        assert webpos_django.get_router() is router  # it holds the handlers: kept


def test_the_router_without_dedupe_and_with_a_bad_max_age() -> None:
    with override_settings(WEBPOS={"secret": SECRET, "callback_dedupe": None}):
        assert webpos_django.get_router()._dedupe is None
    webpos_django._router = None
    with (
        override_settings(WEBPOS={"secret": SECRET, "callback_max_age": -1}),
        pytest.raises(ImproperlyConfigured, match="max_age"),
    ):
        webpos_django.get_router()
