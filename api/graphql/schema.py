"""The GraphQL schema: each feature folder contributes its queries and mutations here.

Features: ``nodes`` (node, nodes, and the stewards' mutations), ``neighbourhood``, ``stats``,
``access`` (``me``), ``analysis`` (``connections``, ``sharedContext``, ``brokers``,
``communities``, ``sweetSpots``, ``introductions``, ``introductionWorklist``), ``records``
(``loadRuns``, ``introductionsMade``; ``mergeNodes``, ``recordIntroduction``, ``loadFile``),
``privacy`` (``auditLog``, ``subjectAccess``, ``consentReview``; ``forgetPerson``,
``restrictExpiredConsent``) and ``history`` (``changes``, ``indicators``). Each contributes a
``...Queries`` or ``...Mutations`` class; the root types below inherit them all.

The analysis resolvers read the graph with ``GraphFilter(clearance=info.context.clearance)``
(see :mod:`api.graphql.analysis.reading`), run the analysis through
``await info.context.call(...)`` (off the event loop), and turn ids into ``Node`` objects
with ``info.context.load_nodes`` and ``api.graphql.nodes.types.node_type``, so a node the
caller may not see never appears, not even as an intermediary or a mutual contact. Each
result list of nodes has a ``first`` argument (capped by ``page_size``) for the cost limit to
count it.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from api.graphql import limits
from api.graphql.access.queries import AccessQueries
from api.graphql.analysis.queries import AnalysisQueries
from api.graphql.errors import log_errors
from api.graphql.execution import AcyclicExecutionContext
from api.graphql.history.queries import HistoryQueries
from api.graphql.neighbourhood.queries import NeighbourhoodQueries
from api.graphql.nodes.mutations import NodeMutations
from api.graphql.nodes.queries import NodeQueries
from api.graphql.nodes.types import NODE_TYPES
from api.graphql.privacy.mutations import PrivacyMutations
from api.graphql.privacy.queries import PrivacyQueries
from api.graphql.records.mutations import RecordMutations
from api.graphql.records.queries import RecordQueries
from api.graphql.stats.queries import StatsQueries
from api.settings import Settings


@strawberry.type(description="Who connects to whom in health and social care.")
class Query(
    NodeQueries,
    NeighbourhoodQueries,
    StatsQueries,
    AccessQueries,
    AnalysisQueries,
    RecordQueries,
    PrivacyQueries,
    HistoryQueries,
):
    pass


@strawberry.type(description="Changes to the graph, for stewards.")
class Mutation(NodeMutations, RecordMutations, PrivacyMutations):
    pass


class ConveneSchema(strawberry.Schema):
    """The schema, logging errors its own way (internal ones with their tracebacks)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors, execution_context)


def build_schema(settings: Settings) -> ConveneSchema:
    """The schema with the limits ``settings`` sets."""
    types: list[Any] = list(NODE_TYPES.values())
    return ConveneSchema(
        query=Query,
        mutation=Mutation,
        types=types,
        extensions=limits.extensions(settings),
        execution_context_class=AcyclicExecutionContext,
    )
