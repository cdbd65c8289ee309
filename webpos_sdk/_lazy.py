"""Modules imported on first use, so that ``import webpos_sdk`` does not load every generated
endpoint and model (the benchmarks' import-time target)."""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for a module until an attribute is first read; then that attribute is copied onto
    this object, so later reads are plain attribute lookups."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(importlib.import_module(self.__name), attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self.__name!r}>"
