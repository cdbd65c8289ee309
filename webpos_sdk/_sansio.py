"""Driving a sans-I/O generator: the decisions are a generator that yields what it needs done
(send a request, log in, wait) and receives the outcome; the sync and async code only do it.

``_auth.WebPosAuth._flow`` and ``_token.TokenManager._refresh`` are written this way, so each
decision exists once and the two I/O shells stay a few lines long.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Generic, TypeVar

S = TypeVar("S")  # what the generator yields: a step to perform
A = TypeVar("A")  # what it is sent back: the step's outcome
R = TypeVar("R")  # what it returns at the end


class Steps(Generic[S, A, R]):
    """``send(outcome)`` gives the next step, or None when the generator is done (then ``result``
    holds what it returned). The first ``send`` takes None."""

    __slots__ = ("_generator", "result")

    def __init__(self, generator: Generator[S, A, R]) -> None:
        self._generator = generator
        self.result: R | None = None

    def send(self, outcome: A | None) -> S | None:
        try:
            return self._generator.send(outcome)  # type: ignore[arg-type]  # None starts it
        except StopIteration as done:
            self.result = done.value
            return None
