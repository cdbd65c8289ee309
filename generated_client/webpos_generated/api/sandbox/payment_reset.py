from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.payment_order_retrieval import PaymentOrderRetrieval
from ...types import Response, loads


def _get_kwargs(
    payment_order_uuid: UUID,
    *,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Api-Version"] = str(x_api_version)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/payment-order/{payment_order_uuid}/test/reset".format(
            payment_order_uuid=quote(str(payment_order_uuid), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentOrderRetrieval:
    if 200 <= response.status_code <= 299:
        try:
            response_2xx = PaymentOrderRetrieval.from_dict(loads(response.content))

            return response_2xx

        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            raise errors.MalformedResponseError(reason=errors.describe(err), response=response) from err
    raise errors.ApiError.from_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentOrderRetrieval]:
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
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[PaymentOrderRetrieval]:
    """Reset a payment order to pending (sandbox)

     Sandbox only. Returns the payment order to the `pending` state. Whether it may be
    repeated is not documented (the sandbox allows it).

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOrderRetrieval]
    """

    kwargs = _get_kwargs(
        payment_order_uuid=payment_order_uuid,
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
    x_api_version: ApiVersion = ApiVersion.V1,
) -> PaymentOrderRetrieval:
    """Reset a payment order to pending (sandbox)

     Sandbox only. Returns the payment order to the `pending` state. Whether it may be
    repeated is not documented (the sandbox allows it).

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOrderRetrieval
    """

    return sync_detailed(
        payment_order_uuid=payment_order_uuid,
        client=client,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[PaymentOrderRetrieval]:
    """Reset a payment order to pending (sandbox)

     Sandbox only. Returns the payment order to the `pending` state. Whether it may be
    repeated is not documented (the sandbox allows it).

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOrderRetrieval]
    """

    kwargs = _get_kwargs(
        payment_order_uuid=payment_order_uuid,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_order_uuid: UUID,
    *,
    client: AuthenticatedClient,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> PaymentOrderRetrieval:
    """Reset a payment order to pending (sandbox)

     Sandbox only. Returns the payment order to the `pending` state. Whether it may be
    repeated is not documented (the sandbox allows it).

    Args:
        payment_order_uuid (UUID):
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOrderRetrieval
    """

    return (
        await asyncio_detailed(
            payment_order_uuid=payment_order_uuid,
            client=client,
            x_api_version=x_api_version,
        )
    ).parsed
