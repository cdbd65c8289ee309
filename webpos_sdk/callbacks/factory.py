"""The previous SDK's module ``webpos_sdk.callbacks.factory`` (chainside-webpos-sdk 2.0.1)."""

from collections.abc import Mapping
from types import MappingProxyType

from . import _events
from ._events import *  # noqa: F403  (the event classes, under the previous SDK's path)
from ._events import EVENT_CLASSES, Event


class CallbacksFactory:
    """``mapping``: each event name to the class its callbacks are parsed into."""

    mapping: Mapping[str, type[Event]] = MappingProxyType(dict(EVENT_CLASSES))


__all__ = ["CallbacksFactory"]
__all__ += _events.__all__
