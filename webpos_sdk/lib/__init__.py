"""The previous SDK's package ``webpos_sdk.lib`` (chainside-webpos-sdk 2.0.1): only its constants."""

__all__: list[str] = []
