from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.blockchain_status import BlockchainStatus
from ...models.payment_order_list import PaymentOrderList
from ...models.sort_by import SortBy
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset, loads


def _get_kwargs(
    *,
    page: int | Unset = 0,
    page_size: int | Unset = 20,
    sort_by: SortBy | Unset = SortBy.CREATED_AT,
    sort_order: SortOrder | Unset = SortOrder.DESC,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Api-Version"] = str(x_api_version)

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sort_by"] = json_sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order.value

    params["sort_order"] = json_sort_order

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/payment-order",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentOrderList:
    if 200 <= response.status_code <= 299:
        try:
            response_2xx = PaymentOrderList.from_dict(loads(response.content))

            return response_2xx

        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            raise errors.MalformedResponseError(reason=errors.describe(err), response=response) from err
    raise errors.ApiError.from_response(response)


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaymentOrderList]:
    parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 0,
    page_size: int | Unset = 20,
    sort_by: SortBy | Unset = SortBy.CREATED_AT,
    sort_order: SortOrder | Unset = SortOrder.DESC,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[PaymentOrderList]:
    """List payment orders

     Lists the business' payment orders, one page at a time. Iterate with `page`
    from 0 up to `total_pages - 1`; what a page past the end holds is not documented.

    Args:
        page (int | Unset): Zero-based index of the page to return. Default: 0.
        page_size (int | Unset): Number of payment orders per page (at most 40). Default: 20.
        sort_by (SortBy | Unset): Field to sort payment orders by. Default: SortBy.CREATED_AT.
        sort_order (SortOrder | Unset): Sort direction. Default: SortOrder.DESC.
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOrderList]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
        status=status,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 0,
    page_size: int | Unset = 20,
    sort_by: SortBy | Unset = SortBy.CREATED_AT,
    sort_order: SortOrder | Unset = SortOrder.DESC,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> PaymentOrderList:
    """List payment orders

     Lists the business' payment orders, one page at a time. Iterate with `page`
    from 0 up to `total_pages - 1`; what a page past the end holds is not documented.

    Args:
        page (int | Unset): Zero-based index of the page to return. Default: 0.
        page_size (int | Unset): Number of payment orders per page (at most 40). Default: 20.
        sort_by (SortBy | Unset): Field to sort payment orders by. Default: SortBy.CREATED_AT.
        sort_order (SortOrder | Unset): Sort direction. Default: SortOrder.DESC.
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOrderList
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
        status=status,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 0,
    page_size: int | Unset = 20,
    sort_by: SortBy | Unset = SortBy.CREATED_AT,
    sort_order: SortOrder | Unset = SortOrder.DESC,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[PaymentOrderList]:
    """List payment orders

     Lists the business' payment orders, one page at a time. Iterate with `page`
    from 0 up to `total_pages - 1`; what a page past the end holds is not documented.

    Args:
        page (int | Unset): Zero-based index of the page to return. Default: 0.
        page_size (int | Unset): Number of payment orders per page (at most 40). Default: 20.
        sort_by (SortBy | Unset): Field to sort payment orders by. Default: SortBy.CREATED_AT.
        sort_order (SortOrder | Unset): Sort direction. Default: SortOrder.DESC.
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOrderList]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
        status=status,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 0,
    page_size: int | Unset = 20,
    sort_by: SortBy | Unset = SortBy.CREATED_AT,
    sort_order: SortOrder | Unset = SortOrder.DESC,
    status: BlockchainStatus | Unset = UNSET,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> PaymentOrderList:
    """List payment orders

     Lists the business' payment orders, one page at a time. Iterate with `page`
    from 0 up to `total_pages - 1`; what a page past the end holds is not documented.

    Args:
        page (int | Unset): Zero-based index of the page to return. Default: 0.
        page_size (int | Unset): Number of payment orders per page (at most 40). Default: 20.
        sort_by (SortBy | Unset): Field to sort payment orders by. Default: SortBy.CREATED_AT.
        sort_order (SortOrder | Unset): Sort direction. Default: SortOrder.DESC.
        status (BlockchainStatus | Unset): Detailed (blockchain) status of a payment order.
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOrderList
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            sort_by=sort_by,
            sort_order=sort_order,
            status=status,
            x_api_version=x_api_version,
        )
    ).parsed
