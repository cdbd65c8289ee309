"""Per-call options and raw access, as the Stainless SDKs offer them: ``with_options`` returns a
light copy sharing the pool and the token; ``capture_answer`` reads the status, headers, request
id and attempts of a successful answer."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from conftest import error_body, login_body, order_body

from webpos_sdk import NO_RETRY, Answer, AsyncClient, Client, DictCache, RetryPolicy
from webpos_sdk.exceptions import ClientClosedError, ConfigurationError, SdkHttpException, TimeoutException

ORDER = "2f33ad3e-d3a4-4b1c-9c41-7cc6f02d0c2d"


class Api:
    """Counts logins; answers 503 to the first ``busy`` API requests, then the order."""

    def __init__(self, busy: int = 0) -> None:
        self.busy, self.logins, self.requests = busy, 0, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.logins += 1
            return httpx.Response(200, json=login_body(f"tok-{self.logins}"))
        self.requests += 1
        if self.busy:
            self.busy -= 1
            return httpx.Response(503, json=error_body("4000"), headers={"x-request-id": "busy"})
        return httpx.Response(200, json=order_body(ORDER), headers={"x-request-id": f"rid-{self.requests}"})


def client_for(api: Api, **options: Any) -> Client:
    return Client(
        client_id="c",
        secret="s",
        base_url="https://api.options.test",
        transport=httpx.MockTransport(api),
        cache=DictCache(),
        sleep=lambda _: None,
        **options,
    )


def test_with_options_changes_the_retry_policy_of_the_copy_only() -> None:
    api = Api(busy=1)
    with client_for(api) as client:
        once = client.with_options(retry=NO_RETRY)
        with pytest.raises(SdkHttpException, match="4000"):
            once.get_payment_order(ORDER)
        api.busy = 1
        assert str(client.get_payment_order(ORDER).uuid) == ORDER  # the original still retries
        assert once.retry is NO_RETRY
        assert client.retry == RetryPolicy()
    assert api.logins == 1  # one token for both: the cache and the token are shared


def test_with_options_timeout_applies_to_the_copys_calls(silent_server: tuple[str, int]) -> None:
    host, port = silent_server
    with Client(
        client_id="c",
        secret="s",
        base_url=f"http://{host}:{port}",
        cache=DictCache(),
        timeout=60,
        retry=RetryPolicy(deadline=None),
    ) as client:
        quick = client.with_options(timeout=0.2)
        with pytest.raises(TimeoutException, match=r"timeout 0\.2 s"):
            quick.get_payment_order(ORDER)  # without the option: a minute


def test_copies_share_the_pool_and_closing_is_the_roots() -> None:
    api = Api()
    client = client_for(api)
    copy = client.with_options(timeout=5).with_options(retry=NO_RETRY)  # options accumulate
    assert copy._call_options is not None
    assert (copy._call_options.timeout, copy._call_options.retry) == (5.0, NO_RETRY)
    copy.get_payment_order(ORDER)
    copy.close()  # nothing: the pool is the root's
    client.get_payment_order(ORDER)
    client.close()
    with pytest.raises(ClientClosedError):
        copy.get_payment_order(ORDER)


@pytest.mark.parametrize(
    ("options", "key"), [({"timeout": 0}, "timeout"), ({"timeout": True}, "timeout"), ({"retry": 3}, "retry")]
)
def test_bad_options_are_configuration_errors(options: dict[str, Any], key: str) -> None:
    with client_for(Api()) as client, pytest.raises(ConfigurationError, match=key):
        client.with_options(**options)


def test_capture_answer_reads_status_headers_request_id_and_attempts() -> None:
    api = Api(busy=1)
    with client_for(api) as client:
        with client.capture_answer() as answer:
            client.get_payment_order(ORDER)
        assert isinstance(answer, Answer)
        assert (answer.status_code, answer.request_id, answer.attempts) == (200, "rid-2", 2)
        assert (answer.method, answer.path) == ("GET", f"/payment-order/{ORDER}")
        assert answer.headers["content-type"] == "application/json"
        client.get_payment_order(ORDER)  # outside the block: not recorded
        assert answer.request_id == "rid-2"


def test_capture_answer_is_thread_local() -> None:
    api = Api()
    with client_for(api) as client, client.capture_answer() as answer:
        other = threading.Thread(target=client.get_payment_order, args=(ORDER,))
        other.start()
        other.join()
        assert answer.status_code == 0  # another thread's call is not this block's
        client.get_payment_order(ORDER)
        assert answer.status_code == 200


def test_async_with_options_and_capture_per_task() -> None:
    api = Api(busy=1)

    async def main() -> tuple[str | None, str | None]:
        async with AsyncClient(
            client_id="c",
            secret="s",
            base_url="https://api.options.test",
            transport=httpx.MockTransport(api),
            cache=DictCache(),
            sleep=lambda _: None,
        ) as client:
            with pytest.raises(SdkHttpException):
                await client.with_options(retry=NO_RETRY).get_payment_order(ORDER)

            async def one() -> str | None:
                with client.capture_answer() as answer:
                    await client.get_payment_order(ORDER)
                return answer.request_id

            first, second = await asyncio.gather(one(), one())
            return first, second

    first, second = asyncio.run(main())
    assert {first, second} == {"rid-2", "rid-3"}  # each task its own answer
