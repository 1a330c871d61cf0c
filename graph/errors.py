"""Errors the graph core raises, each saying what was wrong and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with some input: the field, the offending value, and why."""

    field: str
    value: Any
    message: str
    where: str = ""
    """Where the value came from (``nodes.csv line 12``, ``node 'p1'``); empty when unknown."""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.field}={self.value!r}: {self.message}"


class ConveneError(Exception):
    """Base for every error Convene raises on purpose."""


class InvalidData(ConveneError, ValueError):
    """Input that breaks the vocabulary's rules; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"invalid data: {shown}{more}")

    @classmethod
    def one(cls, field: str, value: Any, message: str, where: str = "") -> InvalidData:
        return cls([Problem(field, value, message, where)])


class StoreUnavailable(ConveneError):
    """The store cannot be reached or opened; the message says what to check."""


class InvalidStoreURI(ConveneError, ValueError):
    """A store URI Convene does not understand."""
