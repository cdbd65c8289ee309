"""Authentication: lazy login, token reuse and expiry (injected clock), one re-login on 1004,
per-credentials token cache keys, and single-flight login across threads and asyncio tasks."""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import BASE_URL, FakeApi, error_body, login_body, snapshot

from webpos_sdk import AsyncClient
from webpos_sdk.client import Client
from webpos_sdk.exceptions import (
    AccessTokenExpiredException,
    InvalidAccessTokenException,
    InvalidGrantTypeException,
    UnauthorizedClientException,
)
from webpos_sdk.objects import PaymentOrder

ORDER_ID = "2b7f1c52-8d8a-4d35-9d8b-0f2c1b7e7a10"


def bearers(api: FakeApi) -> list[str]:
    return [r.headers["Authorization"].removeprefix("Bearer ") for r in api.api_requests]


def basic_user(request: httpx.Request) -> str:
    raw = base64.b64decode(request.headers["Authorization"].removeprefix("Basic "))
    return raw.decode().split(":", 1)[0]


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------------- login and reuse


def test_login_is_lazy_and_happens_once_for_many_calls(make_client: Callable[..., Client], api: FakeApi) -> None:
    client = make_client()
    assert api.requests == []
    for _ in range(5):
        client.get_payment_order(ORDER_ID)
    assert api.logins == 1
    assert api.requests[0].url.path == "/token"
    assert bearers(api) == ["tok-1"] * 5


def test_async_login_is_lazy_and_happens_once(client_id: str, api: FakeApi) -> None:
    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            assert api.requests == []
            for _ in range(5):
                await c.get_callbacks(ORDER_ID)

    asyncio.run(main())
    assert api.logins == 1
    assert bearers(api) == ["tok-1"] * 5


def test_token_is_refreshed_when_it_expires(make_client: Callable[..., Client], api: FakeApi) -> None:
    """Defect 9 of the previous SDK: expires_in was ignored."""
    clock = FakeClock()
    start = clock.now
    client = make_client(clock=clock, token_skew=30)
    client.get_payment_order(ORDER_ID)
    clock.now = start + 3600 - 30 - 1  # just before expiry minus skew
    client.get_payment_order(ORDER_ID)
    assert api.logins == 1
    clock.now = start + 3600 - 30 + 1  # just after
    client.get_payment_order(ORDER_ID)
    assert api.logins == 2
    clock.now = start + 3600 + 100  # the second token is still fresh
    client.get_payment_order(ORDER_ID)
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-1", "tok-2", "tok-2"]


def test_skew_refreshes_ahead_of_expiry(make_client: Callable[..., Client], api: FakeApi) -> None:
    clock = FakeClock()
    start = clock.now
    client = make_client(clock=clock, token_skew=600)
    client.get_callbacks(ORDER_ID)
    clock.now = start + 2999
    client.get_callbacks(ORDER_ID)
    assert api.logins == 1
    clock.now = start + 3001  # 599 s before the token's expiry: refreshed already
    client.get_callbacks(ORDER_ID)
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-1", "tok-2"]


def test_skew_is_at_most_a_fifth_of_a_short_lifetime(make_client: Callable[..., Client]) -> None:
    api = FakeApi(expires_in=100)
    clock = FakeClock()
    start = clock.now
    client = make_client(clock=clock, token_skew=30, transport=api.transport())
    client.get_callbacks(ORDER_ID)
    clock.now = start + 79  # a 100 s token is used for 80 s, not 70
    client.get_callbacks(ORDER_ID)
    assert api.logins == 1
    clock.now = start + 81
    client.get_callbacks(ORDER_ID)
    assert api.logins == 2


def test_async_token_is_refreshed_when_it_expires(client_id: str, api: FakeApi) -> None:
    clock = FakeClock()
    start = clock.now

    async def main() -> None:
        async with AsyncClient(
            client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport(), clock=clock
        ) as client:
            await client.get_callbacks(ORDER_ID)
            clock.now = start + 3500
            await client.get_callbacks(ORDER_ID)
            assert api.logins == 1
            clock.now = start + 3590
            await client.get_callbacks(ORDER_ID)

    asyncio.run(main())
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-1", "tok-2"]


# ------------------------------------------------------------------------------ 1004


def _expired_for(*tokens: str) -> Callable[[httpx.Request], httpx.Response | None]:
    def answer(request: httpx.Request) -> httpx.Response | None:
        if request.headers["Authorization"].removeprefix("Bearer ") in tokens:
            return httpx.Response(401, json=error_body("1004", "Access token expired", "rid-1004"))
        return None

    return answer


def test_expired_token_answer_logs_in_again_and_repeats_once(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = _expired_for("tok-1")
    order = make_client().get_payment_order(ORDER_ID)
    assert str(order.uuid) == ORDER_ID
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-2"]
    assert [r.url.path for r in api.requests] == ["/token", f"/payment-order/{ORDER_ID}"] * 2


def test_expired_token_on_a_post_repeats_the_same_body(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = _expired_for("tok-1")
    make_client().create_payment_order(PaymentOrder(amount="10.00", continue_url="https://continue.com"))
    first, second = api.api_requests
    assert first.content == second.content == b'{"amount":"10.00","continue_url":"https://continue.com"}'
    assert bearers(api) == ["tok-1", "tok-2"]


def test_server_answering_1004_forever_gives_up_after_one_relogin(
    make_client: Callable[..., Client], api: FakeApi
) -> None:
    """Defect 5 of the previous SDK: it re-logged in without bound."""
    api.answer = lambda _request: httpx.Response(401, json=error_body("1004", "Access token expired", "rid-x"))
    client = make_client()
    with pytest.raises(AccessTokenExpiredException) as info:
        client.get_payment_order(ORDER_ID)
    assert api.logins == 2
    assert len(api.api_requests) == 2
    assert info.value.error_code == "1004"
    assert info.value.status_code == 401
    assert info.value.request_id == "rid-x"


def test_async_server_answering_1004_forever_gives_up_after_one_relogin(client_id: str, api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(401, json=error_body("1004"))

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            with pytest.raises(AccessTokenExpiredException):
                await c.get_callbacks(ORDER_ID)

    asyncio.run(main())
    assert api.logins == 2
    assert len(api.api_requests) == 2


def test_async_expired_token_answer_logs_in_again_and_repeats_once(client_id: str, api: FakeApi) -> None:
    api.answer = _expired_for("tok-1")

    async def main() -> Any:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            return await c.delete_payment_order(ORDER_ID)

    assert asyncio.run(main()).cancel_url.startswith("https://")
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-2"]


def test_1004_with_a_non_json_body_is_not_taken_for_an_expired_token(
    make_client: Callable[..., Client], api: FakeApi
) -> None:
    api.answer = lambda _request: httpx.Response(401, text="<html>error 1004</html>")
    with pytest.raises(Exception, match="HTTP 401") as info:
        make_client().get_callbacks(ORDER_ID)
    assert not isinstance(info.value, AccessTokenExpiredException)
    assert api.logins == 1
    assert len(api.api_requests) == 1


def test_invalid_access_token_fails_after_one_new_login(make_client: Callable[..., Client], api: FakeApi) -> None:
    api.answer = lambda _request: httpx.Response(401, json=error_body("1007", "Invalid access token", "rid-1007"))
    with pytest.raises(InvalidAccessTokenException) as info:
        make_client().get_payment_order(ORDER_ID)
    assert api.logins == 2  # a revoked token is dropped and replaced once (tests/test_conformance.py)
    assert len(api.api_requests) == 2
    assert info.value.request_id == "rid-1007"


@pytest.mark.parametrize(
    ("status", "code", "exception"),
    [(401, "1001", UnauthorizedClientException), (400, "1002", InvalidGrantTypeException)],
)
def test_login_failure_fails_at_once(
    make_client: Callable[..., Client], status: int, code: str, exception: type[Exception]
) -> None:
    api = FakeApi(login_answer=lambda _request: httpx.Response(status, json=error_body(code, "bad client", "rid-l")))
    client = make_client(transport=api.transport())
    with pytest.raises(exception) as info:
        client.get_payment_order(ORDER_ID)
    assert len(api.login_requests) == 1
    assert api.api_requests == []
    assert info.value.status_code == status  # type: ignore[attr-defined]
    # a failed login is not remembered: the next call tries again
    with pytest.raises(exception):
        client.get_payment_order(ORDER_ID)
    assert len(api.login_requests) == 2


def test_login_failure_of_the_async_client(client_id: str) -> None:
    api = FakeApi(login_answer=lambda _request: httpx.Response(401, json=error_body("1001")))

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            with pytest.raises(UnauthorizedClientException):
                await c.get_payment_order(ORDER_ID)

    asyncio.run(main())
    assert len(api.login_requests) == 1
    assert api.api_requests == []


# ------------------------------------------------------------------------ cache keys


def test_clients_with_different_credentials_do_not_share_tokens(make_client: Callable[..., Client]) -> None:
    """Defect 3 of the previous SDK: one global cache key for every client."""
    api = FakeApi(tokens=lambda n, request: f"tok-{basic_user(request)}-{n}")
    first = make_client(client_id="alice-" + str(id(api)), transport=api.transport())
    second = make_client(client_id="bob-" + str(id(api)), transport=api.transport())
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    assert api.logins == 2
    alice, bob = f"tok-alice-{id(api)}-1", f"tok-bob-{id(api)}-2"
    assert bearers(api) == [alice, bob, alice, bob]


def test_clients_with_the_same_credentials_share_one_login(
    make_client: Callable[..., Client], api: FakeApi, client_id: str
) -> None:
    first = make_client(client_id=client_id)
    second = make_client(client_id=client_id)
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert bearers(api) == ["tok-1", "tok-1"]


def test_same_client_id_on_another_host_logs_in_separately(make_client: Callable[..., Client], client_id: str) -> None:
    api = FakeApi(tokens=lambda n, request: f"tok-{request.url.host}")
    make_client(client_id=client_id, transport=api.transport()).get_callbacks(ORDER_ID)
    make_client(client_id=client_id, mode="sandbox", base_url=None, transport=api.transport()).get_callbacks(ORDER_ID)
    assert api.logins == 2
    assert bearers(api) == ["tok-api.facade.test", "tok-api.sandbox.webpos.chainside.net"]


def test_creating_a_client_does_not_reset_the_token_cache(
    make_client: Callable[..., Client], api: FakeApi, client_id: str
) -> None:
    """Defect 4 of the previous SDK: a new client emptied the in-process cache."""
    first = make_client(client_id=client_id)
    first.get_callbacks(ORDER_ID)
    make_client(client_id=client_id)
    make_client()  # another client id
    Client({"client_id": client_id, "secret": "s3cret", "base_url": BASE_URL}, transport=api.transport()).close()
    first.get_callbacks(ORDER_ID)
    make_client(client_id=client_id).get_callbacks(ORDER_ID)
    assert api.logins == 1
    assert bearers(api) == ["tok-1"] * 3


def test_an_expired_token_answer_to_one_client_refreshes_the_shared_token(
    make_client: Callable[..., Client], api: FakeApi, client_id: str
) -> None:
    api.answer = _expired_for("tok-1")
    first = make_client(client_id=client_id)
    second = make_client(client_id=client_id)
    first.get_callbacks(ORDER_ID)
    second.get_callbacks(ORDER_ID)
    assert api.logins == 2
    assert bearers(api) == ["tok-1", "tok-2", "tok-2"]


# ------------------------------------------------------------------- single-flight login


def test_eight_threads_share_one_login(make_client: Callable[..., Client]) -> None:
    api = FakeApi(login_delay=0.05)
    client = make_client(transport=api.transport())
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(200):
                client.get_callbacks(ORDER_ID)
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert api.logins == 1
    assert len(api.api_requests) == 8 * 200
    assert set(bearers(api)) == {"tok-1"}


def test_eight_threads_with_eight_clients_share_one_login(make_client: Callable[..., Client], client_id: str) -> None:
    api = FakeApi(login_delay=0.05)
    clients = [make_client(client_id=client_id, transport=api.transport()) for _ in range(8)]
    barrier = threading.Barrier(8)

    def work(client: Client) -> None:
        barrier.wait(timeout=10)
        for _ in range(20):
            client.get_callbacks(ORDER_ID)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert api.logins == 1
    assert len(api.api_requests) == 8 * 20


class AsyncFakeApi(FakeApi):
    """The fake API with an async handler: a login takes ``login_delay`` seconds of event-loop time."""

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            await asyncio.sleep(self.login_delay)
            self.requests.append(snapshot(request))
            self.logins += 1
            return httpx.Response(200, json=login_body(f"tok-{self.logins}"))
        return self(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)  # type: ignore[arg-type]


def test_sixty_four_tasks_share_one_login(client_id: str) -> None:
    api = AsyncFakeApi(login_delay=0.05)

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            await asyncio.gather(*(c.get_callbacks(ORDER_ID) for _ in range(64)))
            await asyncio.gather(*(c.get_payment_order(ORDER_ID) for _ in range(64)))

    asyncio.run(main())
    assert api.logins == 1
    assert len(api.api_requests) == 128
    assert set(bearers(api)) == {"tok-1"}


def test_tasks_on_successive_event_loops_reuse_the_token(client_id: str) -> None:
    api = AsyncFakeApi(login_delay=0.01)

    async def main() -> None:
        async with AsyncClient(client_id=client_id, secret="s", base_url=BASE_URL, transport=api.transport()) as c:
            await asyncio.gather(*(c.get_callbacks(ORDER_ID) for _ in range(8)))

    asyncio.run(main())
    asyncio.run(main())
    assert api.logins == 1
    assert len(api.api_requests) == 16
