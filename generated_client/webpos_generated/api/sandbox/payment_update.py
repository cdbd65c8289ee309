from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.payment_update_object import PaymentUpdateObject
from ...types import Response


def _get_kwargs(
    payment_order_uuid: UUID,
    *,
    body: PaymentUpdateObject,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> dict[str, Any]:
    body.validate()
    headers: dict[str, Any] = {}
    headers["X-Api-Version"] = str(x_api_version)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/payment-order/{payment_order_uuid}/test/".format(
            payment_order_uuid=quote(str(payment_order_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any:
    if 200 <= response.status_code <= 299:
        return None
    raise errors.ApiError.from_response(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any]:
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    body: PaymentUpdateObject,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[Any]:
    """Move a payment order to a new state and fire its callback (sandbox)

     Sandbox only. Applies the transition named by `callback` (one of the names that
    `get_callbacks` lists) and POSTs the matching signed callback to the order's
    `callback_url`. The path ends with a slash. The sandbox answers `0013`
    (InvalidCallback) to a name that is not a valid transition from the current state,
    so there the same update cannot simply be repeated; the code's name suggests the API
    does the same, but no source says so.

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (PaymentUpdateObject): Sandbox transition request; names the callback to send.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        payment_order_uuid=payment_order_uuid,
        body=body,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    body: PaymentUpdateObject,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Any:
    """Move a payment order to a new state and fire its callback (sandbox)

     Sandbox only. Applies the transition named by `callback` (one of the names that
    `get_callbacks` lists) and POSTs the matching signed callback to the order's
    `callback_url`. The path ends with a slash. The sandbox answers `0013`
    (InvalidCallback) to a name that is not a valid transition from the current state,
    so there the same update cannot simply be repeated; the code's name suggests the API
    does the same, but no source says so.

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (PaymentUpdateObject): Sandbox transition request; names the callback to send.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return sync_detailed(
        payment_order_uuid=payment_order_uuid,
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    body: PaymentUpdateObject,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[Any]:
    """Move a payment order to a new state and fire its callback (sandbox)

     Sandbox only. Applies the transition named by `callback` (one of the names that
    `get_callbacks` lists) and POSTs the matching signed callback to the order's
    `callback_url`. The path ends with a slash. The sandbox answers `0013`
    (InvalidCallback) to a name that is not a valid transition from the current state,
    so there the same update cannot simply be repeated; the code's name suggests the API
    does the same, but no source says so.

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (PaymentUpdateObject): Sandbox transition request; names the callback to send.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        payment_order_uuid=payment_order_uuid,
        body=body,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    body: PaymentUpdateObject,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Any:
    """Move a payment order to a new state and fire its callback (sandbox)

     Sandbox only. Applies the transition named by `callback` (one of the names that
    `get_callbacks` lists) and POSTs the matching signed callback to the order's
    `callback_url`. The path ends with a slash. The sandbox answers `0013`
    (InvalidCallback) to a name that is not a valid transition from the current state,
    so there the same update cannot simply be repeated; the code's name suggests the API
    does the same, but no source says so.

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (PaymentUpdateObject): Sandbox transition request; names the callback to send.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return (
        await asyncio_detailed(
            payment_order_uuid=payment_order_uuid,
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
