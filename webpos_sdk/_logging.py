"""``WEBPOS_LOG=debug|info``: the SDK's log lines on stderr, for a quick look without setting up
logging (as ``OPENAI_LOG`` and ``ANTHROPIC_LOG`` do for those SDKs)."""

from __future__ import annotations

import logging
import os
import sys

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_HANDLER_NAME = "webpos_sdk.WEBPOS_LOG"


def configure_from_env() -> None:
    """Attach a stderr handler to the ``webpos_sdk`` logger when ``WEBPOS_LOG`` asks for one
    (once: importing again, or a reload, adds no second handler). Another value is ignored,
    with a line on stderr naming the values allowed."""
    value = os.environ.get("WEBPOS_LOG", "").strip().lower()
    if not value:
        return
    level = LEVELS.get(value)
    if level is None:
        print(f"webpos_sdk: WEBPOS_LOG={value!r} ignored (use 'debug' or 'info')", file=sys.stderr)
        return
    logger = logging.getLogger("webpos_sdk")
    logger.setLevel(level)
    if any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger.addHandler(handler)
