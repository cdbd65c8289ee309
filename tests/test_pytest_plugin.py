"""The pytest plugin, tried as a merchant's test suite uses it: each test here writes a test file
of the kind a merchant would, and runs it in a separate pytest session (``pytester``) with the
plugin loaded from its ``pytest11`` entry point."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_shop=source)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error", *args)


def test_the_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:cacheprovider")
    for name in ("webpos_sandbox", "webpos_client", "webpos_faults", "webpos_callback", "webpos_secret"):
        result.stdout.fnmatch_lines([f"{name}*"])


def test_a_configured_client_against_the_sandbox(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        def test_checkout(webpos_client, webpos_sandbox):
            order = webpos_client.create_payment_order({"amount": "10.00", "reference": "cart-1"})
            assert str(order.uuid) in webpos_sandbox.state.orders
            webpos_client.payment_update(order.uuid, {"callback": "payment.completed"})
            assert webpos_client.get_payment_order(order.uuid).state.status == "paid"

        def test_every_test_starts_with_no_orders(webpos_client):
            assert webpos_client.get_payment_orders().total_items == 0
        """,
    )
    result.assert_outcomes(passed=2)


def test_fault_modes_from_a_test(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest
        from webpos_sdk import NO_RETRY
        from webpos_sdk.exceptions import SdkHttpException

        def test_the_shop_survives_an_outage(webpos_client, webpos_faults):
            webpos_client.login()
            webpos_faults(status=503, times=1)
            webpos_client.get_payment_orders()  # retried by the SDK

        def test_without_retries_the_503_shows(webpos_client, webpos_faults):
            webpos_client.login()
            webpos_faults(status=503, times=1)
            with pytest.raises(SdkHttpException) as raised:
                webpos_client.with_options(retry=NO_RETRY).get_payment_orders()
            assert raised.value.status_code == 503

        def test_faults_are_off_in_the_next_test(webpos_client):
            webpos_client.get_payment_orders()
        """,
    )
    result.assert_outcomes(passed=3)


def test_signed_callbacks_to_django_flask_asgi_and_a_url(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import django
        from django.conf import settings

        settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"],
                           MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"])
        django.setup()

        import pytest
        from django.urls import path
        from flask import Flask
        from starlette.applications import Starlette
        from starlette.routing import Route
        from webpos_sdk.callbacks import CallbackRouter
        from webpos_sdk.callbacks.asgi import callback_endpoint
        from webpos_sdk.callbacks.django import callback_view
        from webpos_sdk.callbacks.flask import callback_blueprint

        shipped = []
        router = CallbackRouter("sandbox-secret")

        @router.on("payment.completed")
        def ship(event):
            shipped.append(event.object.reference)

        @router.on("payment.chargeback")
        def refund(event):
            shipped.append("chargeback " + event.object.state.status.value)

        urlpatterns = [path("webpos/callback", callback_view(router))]

        def test_django(webpos_callback):
            from django.test import Client
            sent = webpos_callback.send(Client(enforce_csrf_checks=True), "payment.completed", reference="dj")
            assert (sent.status_code, sent.text) == (200, "ok")
            assert sent.event.event == "payment.completed"
            assert shipped[-1] == "dj"

        def test_flask(webpos_callback):
            app = Flask(__name__)
            app.register_blueprint(callback_blueprint(router, url="/webpos/callback"))
            assert webpos_callback.send(app.test_client(), reference="fl").status_code == 200
            assert shipped[-1] == "fl"

        def test_asgi_and_any_event(webpos_callback):
            app = Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
            assert webpos_callback.send(app, "payment.chargeback").status_code == 200
            assert shipped[-1] == "chargeback chargeback"

        def test_a_forged_callback_is_refused(webpos_callback):
            from django.test import Client
            assert webpos_callback.send(Client(), signature="eA==").status_code == 400

        def test_asend_from_async_code(webpos_callback):
            import asyncio
            app = Starlette(routes=[Route("/webpos/callback", callback_endpoint(router), methods=["POST"])])
            sent = asyncio.run(webpos_callback.asend(app, reference="async"))
            assert (sent.status_code, shipped[-1]) == (200, "async")

        def test_a_url(webpos_callback, webpos_sandbox):
            # the sandbox answers 404 to this path: the helper posted there, over HTTP
            assert webpos_callback.send(webpos_sandbox.base_url + "/nowhere").status_code == 404
        """,
    )
    result.assert_outcomes(passed=6)


def test_the_secret_can_be_overridden_in_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def webpos_secret():
            return "shop-settings-secret"
        """
    )
    result = run(
        pytester,
        """
        from webpos_sdk.callbacks import construct_event

        def test_signed_with_my_secret(webpos_callback, webpos_client):
            body, headers = webpos_callback.body("payment.expired")
            assert construct_event(headers, body, "shop-settings-secret").event == "payment.expired"
            webpos_client.get_payment_orders()  # the sandbox took the same secret
        """,
    )
    result.assert_outcomes(passed=1)
