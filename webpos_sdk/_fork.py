"""A child of ``os.fork()`` starts with its own connections, locks and no half-done state.

A client used before a fork (gunicorn ``--preload``, Celery prefork, ``multiprocessing``) would
otherwise hand its pooled keep-alive connections to every child, and the processes would read
each other's answers; a lock another thread held at the fork (a login in progress) would stay
held in the child forever. Objects that hold such state register here; in the child, right
after the fork, each one's ``_after_fork()`` replaces it (``os.register_at_fork``). Nothing is
closed: a socket shared with the parent must stay open for the parent.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Protocol

__all__ = ["after_fork", "forget_after_fork", "track"]


class _Resettable(Protocol):
    def _after_fork(self) -> None: ...


_objects: weakref.WeakSet[_Resettable] = weakref.WeakSet()
_hooks: list[Callable[[], None]] = []


def track(obj: _Resettable) -> None:
    """Call ``obj._after_fork()`` in every child forked while ``obj`` is alive."""
    _objects.add(obj)


def forget_after_fork(obj: _Resettable) -> None:
    _objects.discard(obj)


def after_fork(hook: Callable[[], None]) -> Callable[[], None]:
    """Run ``hook`` in every child (for module state); usable as a decorator."""
    _hooks.append(hook)
    return hook


def _in_child() -> None:
    for hook in _hooks:
        hook()
    for obj in list(_objects):
        obj._after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_in_child)
