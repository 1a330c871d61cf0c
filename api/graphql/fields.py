"""Typed forms of ``strawberry.field`` and ``strawberry.mutation`` with arguments.

``@strawberry.field(description=...)`` is typed as returning ``Any``, which mypy's strict mode
refuses as a decorator; these return the same strawberry field, typed as keeping the method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def field(*, description: str | None = None, name: str | None = None) -> Callable[[F], F]:
    """``strawberry.field(description=..., name=...)`` as a typed decorator."""
    return cast("Callable[[F], F]", strawberry.field(description=description, name=name))


def mutation(*, description: str | None = None) -> Callable[[F], F]:
    """``strawberry.mutation(description=...)`` as a typed decorator."""
    return cast("Callable[[F], F]", strawberry.mutation(description=description))
