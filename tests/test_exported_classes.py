"""Every class the public modules export (extras included: Django, the sandbox, the pytest
plugin) resolves its annotations, and the values users keep pickle."""

from __future__ import annotations

import inspect
import json
import pickle
import typing

from tests._support import load_spec


def _exported() -> list[tuple[str, str, object]]:
    """Every class and function in the ``__all__`` of a public module of the package."""
    import importlib

    from scripts.build_docs import public_modules

    found = []
    for module in public_modules():
        namespace = importlib.import_module(module)
        for name in getattr(namespace, "__all__", ()):
            value = getattr(namespace, name)
            if isinstance(value, type) or inspect.isfunction(value):
                found.append((module, name, value))
    return found


def test_every_exported_class_resolves_its_annotations() -> None:
    """``typing.get_type_hints`` (cattrs, attrs.resolve_types, FastAPI) works on every class."""
    unresolved = {}
    for module, name, value in _exported():
        if isinstance(value, type) and not issubclass(value, BaseException | typing.Protocol):  # type: ignore[arg-type]
            try:
                typing.get_type_hints(value)
            except Exception as err:
                unresolved[f"{module}.{name}"] = repr(err)
    assert not unresolved


def test_policies_and_events_pickle() -> None:
    from webpos_sdk import RetryPolicy
    from webpos_sdk.callbacks import PaymentCompletedCallback, parse_event

    policy = RetryPolicy(max_attempts=2)
    assert pickle.loads(pickle.dumps(policy)) == policy  # noqa: S301  (our own bytes)
    body = json.dumps(load_spec()["components"]["examples"]["PaymentCompleted"]["value"]).encode()
    event = parse_event(body)
    assert isinstance(event, PaymentCompletedCallback)
    assert pickle.loads(pickle.dumps(event)) == event  # noqa: S301
