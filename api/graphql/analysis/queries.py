"""``AnalysisQueries``: every analysis query, for :class:`api.graphql.schema.Query`."""

from __future__ import annotations

import strawberry

from api.graphql.analysis.introductions import IntroductionQueries
from api.graphql.analysis.paths import PathQueries
from api.graphql.analysis.structure import StructureQueries


@strawberry.type
class AnalysisQueries(PathQueries, StructureQueries, IntroductionQueries):
    pass
