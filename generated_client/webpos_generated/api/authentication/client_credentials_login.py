from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.client_credentials import ClientCredentials
from ...models.client_credentials_login_response import ClientCredentialsLoginResponse
from ...types import Response, loads


def _get_kwargs(
    *,
    body: ClientCredentials,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> dict[str, Any]:
    body.validate()
    headers: dict[str, Any] = {}
    headers["X-Api-Version"] = str(x_api_version)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/token",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientCredentialsLoginResponse:
    if 200 <= response.status_code <= 299:
        try:
            response_2xx = ClientCredentialsLoginResponse.from_dict(loads(response.content))

            return response_2xx

        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            raise errors.MalformedResponseError(reason=errors.describe(err), response=response) from err
    raise errors.ApiError.from_response(response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ClientCredentialsLoginResponse]:
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
    body: ClientCredentials,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[ClientCredentialsLoginResponse]:
    """Log in with client credentials

     Exchanges the client id and secret (HTTP Basic authentication) for a bearer
    access token valid for `expires_in` seconds.

    Args:
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (ClientCredentials): Data required to perform a confidential client login (form-
            encoded).

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCredentialsLoginResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ClientCredentials,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> ClientCredentialsLoginResponse:
    """Log in with client credentials

     Exchanges the client id and secret (HTTP Basic authentication) for a bearer
    access token valid for `expires_in` seconds.

    Args:
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (ClientCredentials): Data required to perform a confidential client login (form-
            encoded).

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCredentialsLoginResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        x_api_version=x_api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ClientCredentials,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> Response[ClientCredentialsLoginResponse]:
    """Log in with client credentials

     Exchanges the client id and secret (HTTP Basic authentication) for a bearer
    access token valid for `expires_in` seconds.

    Args:
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (ClientCredentials): Data required to perform a confidential client login (form-
            encoded).

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientCredentialsLoginResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        x_api_version=x_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ClientCredentials,
    x_api_version: ApiVersion = ApiVersion.V1,
) -> ClientCredentialsLoginResponse:
    """Log in with client credentials

     Exchanges the client id and secret (HTTP Basic authentication) for a bearer
    access token valid for `expires_in` seconds.

    Args:
        x_api_version (ApiVersion): Version of the API. Only `v1` exists. Default: ApiVersion.V1.
        body (ClientCredentials): Data required to perform a confidential client login (form-
            encoded).

    Raises:
        errors.RequestValidationError: If the request body breaks the spec's constraints (nothing is sent).
        errors.ApiError: If the server answers with a status outside 2xx (any 2xx is a success).
        errors.MalformedResponseError: If a 2xx answer lacks required keys or has malformed objects, lists,
            dates or UUIDs (scalar types are not re-checked).
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientCredentialsLoginResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_api_version=x_api_version,
        )
    ).parsed
