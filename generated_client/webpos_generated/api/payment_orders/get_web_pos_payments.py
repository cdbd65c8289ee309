from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.blockchain_status import BlockchainStatus
from ...models.web_pos_payment_order_list import WebPosPaymentOrderList
from ...types import UNSET, Response, Unset, loads


def _get_kwargs(
    pos_uuid: UUID,
    *,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Api-Version"] = str(x_api_version)

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/pos/web/{pos_uuid}/payment-order".format(
            pos_uuid=quote(str(pos_uuid), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> WebPosPaymentOrderList:
    if 200 <= response.status_code <= 299:
        try:
            response_2xx = WebPosPaymentOrderList.from_dict(loads(response.content))

            return response_2xx

        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            raise errors.MalformedResponseError(reason=errors.describe(err), response=response) from err
    raise errors.ApiError.from_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[WebPosPaymentOrderList]:
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    pos_uuid: UUID,
    *,
    client: AuthenticatedClient,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[WebPosPaymentOrderList]:
    """List the payment orders of a web POS (v1, deprecated)

     **Deprecated**: documented by v1 of the API only; use `get_payment_orders` instead.
    The v1 documentation does not say where `pos_uuid` comes from: presumably the
    `created_by.uuid` of a payment order created by that web POS.

    Args:
        pos_uuid (UUID):
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[WebPosPaymentOrderList]
    """

    kwargs = _get_kwargs(
        pos_uuid=pos_uuid,
        status=status,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pos_uuid: UUID,
    *,
    client: AuthenticatedClient,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> WebPosPaymentOrderList:
    """List the payment orders of a web POS (v1, deprecated)

     **Deprecated**: documented by v1 of the API only; use `get_payment_orders` instead.
    The v1 documentation does not say where `pos_uuid` comes from: presumably the
    `created_by.uuid` of a payment order created by that web POS.

    Args:
        pos_uuid (UUID):
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        WebPosPaymentOrderList
    """

    return sync_detailed(
        pos_uuid=pos_uuid,
        client=client,
        status=status,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    pos_uuid: UUID,
    *,
    client: AuthenticatedClient,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[WebPosPaymentOrderList]:
    """List the payment orders of a web POS (v1, deprecated)

     **Deprecated**: documented by v1 of the API only; use `get_payment_orders` instead.
    The v1 documentation does not say where `pos_uuid` comes from: presumably the
    `created_by.uuid` of a payment order created by that web POS.

    Args:
        pos_uuid (UUID):
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[WebPosPaymentOrderList]
    """

    kwargs = _get_kwargs(
        pos_uuid=pos_uuid,
        status=status,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pos_uuid: UUID,
    *,
    client: AuthenticatedClient,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> WebPosPaymentOrderList:
    """List the payment orders of a web POS (v1, deprecated)

     **Deprecated**: documented by v1 of the API only; use `get_payment_orders` instead.
    The v1 documentation does not say where `pos_uuid` comes from: presumably the
    `created_by.uuid` of a payment order created by that web POS.

    Args:
        pos_uuid (UUID):
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        WebPosPaymentOrderList
    """

    return (
        await asyncio_detailed(
            pos_uuid=pos_uuid,
            client=client,
            status=status,
            x_api_version=x_api_version,
        )
    ).parsed
