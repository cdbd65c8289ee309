"""The "open choices" mode: answers that differ from the defaults wherever the API docs allow.

The docs name no success status, no ``Content-Type`` parameters and no key order; they mark keys
optional and values nullable, and independent clients of the real API read ``expires_in`` as a
number or a string. A client written against one server's habits breaks on another's, so in
this mode (``SandboxConfig.vary_seed``, the ``vary`` fault, ``webpos sandbox --vary SEED``) every
answer and every signed callback takes a seeded, reproducible draw of:

* the 2xx status (and, where no body is documented, no body, an empty one or ``{}``);
* ``Content-Type`` parameters (``charset``, spacing, case);
* the order of keys, at every depth;
* optional keys left out (from the generated models: a key whose field defaults to ``UNSET``);
* ``""`` for a null string, date-time or URL, and ``{}`` for a null object (as the previous
  SDK's validator read them);
* ``expires_in`` as an integer, an integral float or a numeric string.

What each answer drew is counted in ``SandboxState.variations`` (shown by ``/_sandbox/stats``)
and sent in the ``X-Sandbox-Variation`` header (``<seed>:<n>``), so a failure can be replayed.
What the models say about each key is read from the generated attrs classes, not typed again.
"""

from __future__ import annotations

import datetime
import random
import typing
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs
import webpos_generated.models as models
import webpos_generated.types as generated_types
from attrs import define, field

CONTENT_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    'application/json; charset="utf-8"',
    "Application/JSON",
)
SUCCESS_WITH_BODY = (200, 201, 202, 203)
SUCCESS_WITHOUT_BODY = ((200, b"{}"), (200, b""), (202, b""), (204, b""))


@define(frozen=True)
class Key:
    """What a model says about one JSON key."""

    optional: bool
    nullable: bool
    text: bool  # a string, date-time or URL: null may be sent as ""
    model: type[Any] | None  # the nested model (of the value, or of a list's items)
    array: bool


_SHAPES: dict[type[Any], dict[str, Key]] = {}


def shape(model: type[Any]) -> dict[str, Key]:
    """JSON key -> ``Key``, for a generated model class (worked out once per class)."""
    known = _SHAPES.get(model)
    if known is None:
        known = _SHAPES[model] = _shape(model)
    return known


def _shape(model: type[Any]) -> dict[str, Key]:
    namespace = {name: getattr(models, name) for name in models.__all__}  # the package imports lazily
    namespace.update(vars(generated_types), datetime=datetime, Mapping=Mapping, Any=Any)
    hints = typing.get_type_hints(model, globalns=namespace)
    keys: dict[str, Key] = {}
    for attribute in attrs.fields(model):
        if attribute.name in ("additional_properties", "_raw"):
            continue
        parts = _flatten(hints[attribute.name])
        nested = [p for p in parts if attrs.has(p)]
        keys[attribute.name.removesuffix("_")] = Key(
            optional=attribute.default is generated_types.UNSET,
            nullable=type(None) in parts,
            text=any(p in (str, datetime.datetime, generated_types.UUIDStr) for p in parts),
            model=nested[0] if nested else None,
            array=list in parts,
        )
    return keys


def _flatten(hint: Any) -> list[Any]:
    """The classes a (union, list or plain) annotation may hold."""
    args = typing.get_args(hint)
    if not args:
        return [hint]
    if typing.get_origin(hint) in (dict, Mapping):
        return [dict]
    if typing.get_origin(hint) is list:
        return [list, *_flatten(args[0])]
    return [part for arg in args for part in _flatten(arg)]


@define
class OpenChoices:
    """One seeded stream of variations; ``next()`` starts the draw of one answer."""

    seed: int
    counts: Counter[str] = field(factory=Counter)
    _n: int = 0
    _rng: random.Random = field(factory=random.Random)

    def next(self) -> str:
        """Start a new answer; returns its replay tag ``<seed>:<n>``."""
        self._n += 1
        tag = f"{self.seed}:{self._n}"
        self._rng = random.Random(tag)
        return tag

    def status(self, default: int) -> int:
        status = self._rng.choice(SUCCESS_WITH_BODY)
        self.counts[f"status {status}" + (" (default)" if status == default else "")] += 1
        return status

    def bodiless(self) -> tuple[int, bytes]:
        status, body = self._rng.choice(SUCCESS_WITHOUT_BODY)
        self.counts[f"bodiless {status} {body.decode() or 'empty'}"] += 1
        return status, body

    def content_type(self) -> str:
        chosen = self._rng.choice(CONTENT_TYPES)
        self.counts[f"content-type {chosen}"] += 1
        return chosen

    def body(self, value: Any, model: type[Any] | None) -> Any:
        """``value`` (the default JSON of ``model``) with keys shuffled, dropped and nulls written otherwise."""
        if isinstance(value, list):
            return [self.body(item, model) for item in value]
        if not isinstance(value, dict):
            return value
        keys = shape(model) if model is not None else {}
        items = list(value.items())
        self._rng.shuffle(items)
        out: dict[str, Any] = {}
        for key, item in items:
            known = keys.get(key)
            if known is not None and known.optional and self._rng.random() < 0.3:
                self.counts[f"omitted {model.__name__}.{key}"] += 1  # type: ignore[union-attr]
                continue
            if item is None and known is not None and known.nullable and self._rng.random() < 0.5:
                item = None if known.array else {} if known.model is not None else "" if known.text else None
                if item is not None:
                    self.counts[f"null as {item!r}"] += 1
            elif key == "expires_in" and isinstance(item, int) and not isinstance(item, bool):
                item = self._rng.choice((item, float(item), str(item)))
                self.counts[f"expires_in as {type(item).__name__}"] += 1
            else:
                item = self.body(item, known.model if known is not None else None)
            out[key] = item
        if len(items) > 1 and [k for k, _ in items] != list(value):
            self.counts["keys shuffled"] += 1
        return out
