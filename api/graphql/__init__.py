"""The GraphQL API at ``/graphql``: schema, context, limits, and GraphQL over HTTP.

One folder per feature (``nodes``, ``neighbourhood``, ``stats``, ``access``, ``analysis``,
``records``, ``privacy``, ``history``), each with its types, queries and mutations;
:mod:`api.graphql.schema` puts them together.
"""

from __future__ import annotations

from starlette.routing import Route

from api.graphql.context import context_getter
from api.graphql.http import GraphQLEndpoint
from api.graphql.schema import build_schema
from api.settings import Settings


def graphql_route(settings: Settings) -> Route:
    """``/graphql`` for ``settings``: GET and POST (and multipart POSTs for ``loadFile``), no
    WebSocket as there are no subscriptions; not in the OpenAPI description, which covers the
    operational endpoints."""
    endpoint = GraphQLEndpoint(
        build_schema(settings),
        context_getter(settings),
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    return Route("/graphql", endpoint, methods=["GET", "POST"], include_in_schema=False)


__all__ = ["GraphQLEndpoint", "build_schema", "graphql_route"]
