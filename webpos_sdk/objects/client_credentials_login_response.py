"""The previous SDK's module ``webpos_sdk.objects.client_credentials_login_response`` (chainside-webpos-sdk 2.0.1)."""

from webpos_sdk.objects import ClientCredentialsLoginResponse

__all__ = ["ClientCredentialsLoginResponse"]
