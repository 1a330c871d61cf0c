"""GraphQL over HTTP, as the GraphQL-over-HTTP specification asks.

- ``POST`` with a JSON body, and ``GET`` with ``query``/``variables``/``operationName`` in the
  URL for queries only: a mutation sent with GET is refused with 405 and ``Allow: POST``.
- The answer is ``application/graphql-response+json`` when the ``Accept`` header prefers it,
  else ``application/json`` (also for no ``Accept``, ``*/*`` or ``application/*``); an
  ``Accept`` with neither is refused with 406.
- Status codes: a request that is not a well-formed GraphQL request (bad JSON, no query, a
  ``query`` that is not a string) is 400. A document that does not parse or validate, or that
  the limits refuse, is a *request error*: its answer has ``errors`` and no ``data``, with 400
  for ``application/graphql-response+json`` and 200 for legacy ``application/json``. Once
  execution starts the answer has ``data`` and is 200, with any field errors beside it. A
  store that stops answering makes it 503; an internal failure before execution, 500.
- 401 (no or wrong key) comes from the context (see :mod:`api.access`), before any of this.
- Browsers asking for HTML at ``GET /graphql`` get GraphiQL, when enabled.

Multipart requests (the GraphQL multipart request specification) carry files for
``loadFile``; their size is capped by the request body limit like any other body.
Subscriptions and batching are off.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import overload

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.ides import GraphQL_IDE
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from api.graphql.context import GraphQLContext, is_ide_request
from api.graphql.errors import INTERNAL, STORE_UNAVAILABLE, error_code

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
LEGACY_JSON = "application/json"
_WILDCARDS = {"*/*", "application/*"}


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in for ``accept``; ``None`` when it allows neither."""
    if accept is None or not accept.strip():
        return LEGACY_JSON
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            rank, candidate = (quality, 2), GRAPHQL_RESPONSE_JSON
        elif media == LEGACY_JSON:
            rank, candidate = (quality, 1), LEGACY_JSON
        elif media in _WILDCARDS:
            rank, candidate = (quality, 0), LEGACY_JSON
        else:
            continue
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen


@dataclass(frozen=True, slots=True)
class _Outcome:
    request_error: bool
    """Nothing was executed: the answer has no ``data``."""
    unavailable: bool
    internal: bool


def _outcome(result: ExecutionResult) -> _Outcome:
    errors = result.errors or []
    codes = {error_code(e) for e in errors}
    return _Outcome(
        request_error=result.data is None and bool(errors) and all(e.path is None for e in errors),
        unavailable=STORE_UNAVAILABLE in codes,
        internal=INTERNAL in codes,
    )


def _status(outcome: _Outcome, media_type: str) -> int:
    if outcome.unavailable:
        return 503
    if outcome.request_error and outcome.internal:
        return 500
    if outcome.request_error and media_type == GRAPHQL_RESPONSE_JSON:
        return 400
    return 200


def error_response(
    status: int, message: str, media_type: str = LEGACY_JSON, headers: dict[str, str] | None = None
) -> Response:
    """A request refused before execution: ``{"errors": [{"message": ...}]}``, no ``data``."""
    return Response(
        json.dumps({"errors": [{"message": message}]}),
        status_code=status,
        media_type=media_type,
        headers=headers,
    )


class GraphQLEndpoint(GraphQL[GraphQLContext, None]):
    """strawberry's ASGI view with content negotiation and the spec's status codes.

    It is served as a plain route rather than through strawberry's FastAPI router, whose
    dependency injection (the context as a dependency of a dependency) cost a tenth of a
    small query's time; the context is made by ``make_context`` directly.
    """

    def __init__(
        self,
        schema: BaseSchema,
        make_context: Callable[[Request], Awaitable[GraphQLContext]],
        *,
        graphql_ide: GraphQL_IDE | None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=graphql_ide,
            subscription_protocols=(),
            multipart_uploads_enabled=True,
        )
        self.make_context = make_context

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> GraphQLContext:
        if isinstance(request, WebSocket):
            raise HTTPException(400, "no subscriptions here")
        return await self.make_context(request)

    def encode_json(self, data: object) -> bytes:
        # orjson writes the same JSON several times faster (a page of paths is tens of
        # kilobytes), and writes null, not the invalid NaN, for a float that is not finite.
        # It refuses integers past 64 bits, which the standard encoder writes.
        try:
            return orjson.dumps(data)
        except orjson.JSONEncodeError:
            return json.dumps(data, separators=(",", ":")).encode()

    @overload
    async def run(
        self, request: Request, context: GraphQLContext = ..., root_value: None = ...
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: GraphQLContext = ..., root_value: None = ...
    ) -> WebSocket: ...

    async def run(
        self,
        request: Request | WebSocket,
        context: GraphQLContext = UNSET,
        root_value: None = UNSET,
    ) -> Response | WebSocket:
        if isinstance(request, WebSocket) or is_ide_request(request):
            return await super().run(request, context=context, root_value=root_value)
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            return error_response(
                406, f"answers are {GRAPHQL_RESPONSE_JSON} or {LEGACY_JSON}; Accept allows neither"
            )
        try:
            response = await super().run(request, context=context, root_value=root_value)
        except HTTPException as exc:
            allow = {"Allow": "POST"} if exc.status_code == 405 else None
            return error_response(exc.status_code, exc.reason, media_type, allow)
        outcome: _Outcome | None = getattr(request.state, "graphql_outcome", None)
        if outcome is not None:
            response.status_code = _status(outcome, media_type)
            if outcome.unavailable:
                response.headers["Retry-After"] = "5"
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        return response

    async def execute_single(  # noqa: PLR0917  (strawberry's signature)
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: GraphQLContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request=request,
                request_adapter=request_adapter,
                sub_response=sub_response,
                context=context,
                root_value=root_value,
                request_data=request_data,
            )
        except HTTPException as exc:
            if request_adapter.method == "GET" and isinstance(
                exc.__cause__, InvalidOperationTypeError
            ):
                raise HTTPException(405, f"{exc.reason}; send them with POST") from exc
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        answer = await super().process_result(request, result)
        outcome = _outcome(result)
        if outcome.request_error:
            answer.pop("data", None)
        request.state.graphql_outcome = outcome
        return answer
