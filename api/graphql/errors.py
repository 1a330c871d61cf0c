"""What goes wrong, and how the caller hears of it.

- **Expected failures of a mutation** (invalid input, not found, permission denied) are
  results, members of each mutation's union, all implementing :class:`UserError`.
- **Bad arguments to a query** (a page size out of range, a cursor this server did not issue)
  are GraphQL errors with ``extensions.code`` ``BAD_USER_INPUT`` and the problems found.
- **The store not answering** is a GraphQL error with code ``STORE_UNAVAILABLE`` (HTTP 503).
- **Anything else** is a bug: it is logged with its traceback and the request id, and the
  caller sees only ``internal error (request id ...)``; no traceback, Cypher or SQL leaves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
import structlog
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types import ExecutionResult as StrawberryExecutionResult

from api.access import Role
from api.graphql import vocabulary as _vocabulary  # noqa: F401  (registers the enums)
from graph.errors import InvalidData, Problem

log = structlog.get_logger("convene.graphql")

BAD_USER_INPUT = "BAD_USER_INPUT"
STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
INTERNAL = "INTERNAL_SERVER_ERROR"
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"


# -- typed results for mutations -----------------------------------------------------------


@strawberry.interface(description="An expected failure: what was wrong, in words.")
class UserError:
    message: str


@strawberry.type(description="One thing wrong with the input: the field, the value, and why.")
class InputProblem:
    field: str
    value: str | None
    message: str
    where: str | None = strawberry.field(
        description="Which input item it is in, e.g. `nodes[2]`."
    )


@strawberry.type(description="The input breaks the vocabulary's rules; nothing was written.")
class InvalidInput(UserError):
    problems: list[InputProblem]


@strawberry.type(description="Some of the things named do not exist; nothing was changed.")
class NotFound(UserError):
    missing: list[str]


@strawberry.type(description="The caller's role may not do this; nothing was changed.")
class PermissionDenied(UserError):
    role: Role
    required_role: Role


def shown_value(value: Any) -> str | None:
    """A problem's value as text: strings as they are, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def input_problem(problem: Problem, where: str = "") -> InputProblem:
    return InputProblem(
        field=problem.field,
        value=shown_value(problem.value),
        message=problem.message,
        where=where or problem.where or None,
    )


def invalid_input(problems: Iterable[InputProblem]) -> InvalidInput:
    found = list(problems)
    return InvalidInput(
        message=f"{len(found)} problem(s) in the input; nothing was written", problems=found
    )


def permission_denied(role: Role, required: Role = Role.STEWARD) -> PermissionDenied:
    return PermissionDenied(
        message=f"a {role.value} may not change the graph; a {required.value} key is needed",
        role=role,
        required_role=required,
    )


# -- GraphQL errors for queries ------------------------------------------------------------


def bad_input(exc: InvalidData) -> GraphQLError:
    """A query argument Convene refuses, with the problems in ``extensions``."""
    return GraphQLError(
        "; ".join(f"{p.field}={shown_value(p.value)}: {p.message}" for p in exc.problems),
        extensions={
            "code": BAD_USER_INPUT,
            "problems": [
                {"field": p.field, "value": shown_value(p.value), "message": p.message}
                for p in exc.problems
            ],
        },
    )


def bad_argument(name: str, value: Any, message: str) -> GraphQLError:
    return bad_input(InvalidData.one(name, value, message))


def store_unavailable() -> GraphQLError:
    return GraphQLError(
        "the store is not answering; try again shortly",
        extensions={"code": STORE_UNAVAILABLE},
    )


def error_code(error: GraphQLError) -> str | None:
    code = (error.extensions or {}).get("code")
    return code if isinstance(code, str) else None


def is_internal(error: GraphQLError) -> bool:
    """True for an error that is a bug here rather than something about the request."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    # A variable's value a scalar refused: graphql-core keeps the parser's error as the cause.
    return not (
        error.path is None and error.nodes and isinstance(original, ValueError | TypeError)
    )


def _request_id(execution_context: ExecutionContext | None) -> str:
    context = execution_context.context if execution_context else None
    request_id = getattr(context, "request_id", None)
    return request_id if isinstance(request_id, str) else "unknown"


class MaskInternalErrors(SchemaExtension):
    """Replace each internal error by ``internal error (request id ...)``.

    strawberry's ``MaskErrors`` does the same, but tests every answer against a runtime
    protocol first, which costs more than the masking; Convene's answers are single results
    (no subscriptions, no incremental delivery), so they are looked at directly.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | StrawberryExecutionResult) and result.errors:
            result.errors = [self.anonymise(e) if is_internal(e) else e for e in result.errors]

    def anonymise(self, error: GraphQLError) -> GraphQLError:
        request_id = _request_id(self.execution_context)
        return GraphQLError(
            f"internal error (request id {request_id})",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": INTERNAL, "requestId": request_id},
        )


def log_errors(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log internal errors with their tracebacks; the rest briefly, at debug level."""
    operation = execution_context.operation_name if execution_context else None
    for error in errors:
        path = ".".join(str(p) for p in error.path) if error.path else None
        if is_internal(error):
            original = error.original_error
            assert original is not None
            log.error(
                "graphql internal error",
                request_id=_request_id(execution_context),
                operation=operation,
                path=path,
                error=type(original).__name__,
                exc_info=(type(original), original, original.__traceback__),
            )
        else:
            log.debug(
                "graphql error", operation=operation, path=path, code=error_code(error),
                message=error.message,
            )
