"""The GraphQL API at ``/graphql``: schema, context, limits, and GraphQL over HTTP.

One folder per feature (``nodes``, ``neighbourhood``, ``stats``, ``access``, ``analysis``,
``records``, ``privacy``, ``history``), each with its types, queries and mutations;
:mod:`api.graphql.schema` puts them together.
"""

from __future__ import annotations

from fastapi.routing import APIWebSocketRoute

from api.graphql.context import context_getter
from api.graphql.http import GraphQLEndpoint
from api.graphql.schema import build_schema
from api.settings import Settings


def graphql_router(settings: Settings) -> GraphQLEndpoint:
    """The ``/graphql`` routes for ``settings`` (GET and POST, and multipart POSTs for
    ``loadFile``; no WebSocket, as there are no subscriptions), left out of the OpenAPI
    description."""
    router = GraphQLEndpoint(
        build_schema(settings),
        path="/graphql",
        graphql_ide="graphiql" if settings.graphiql else None,
        context_getter=context_getter(settings),
        subscription_protocols=(),
        include_in_schema=False,
        multipart_uploads_enabled=True,
    )
    router.routes[:] = [r for r in router.routes if not isinstance(r, APIWebSocketRoute)]
    return router


__all__ = ["GraphQLEndpoint", "build_schema", "graphql_router"]
