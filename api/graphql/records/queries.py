"""``loadRuns`` (stewards) and ``introductionsMade`` (everyone, as far as they may see)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.access import Role
from api.graphql import fields
from api.graphql.analysis.types import nodes_by_id
from api.graphql.errors import PermissionDenied
from api.graphql.nodes.types import DEFAULT_PAGE_SIZE, Info, page_size
from api.graphql.records.types import IntroductionRecord, LoadRunType


def read_denied(info: Info, what: str) -> PermissionDenied | None:
    """``PermissionDenied`` unless the caller is a steward."""
    role = info.context.principal.role
    if role is Role.STEWARD:
        return None
    return PermissionDenied(
        message=f"a {role.value} may not read {what}; a steward key is needed",
        role=role,
        required_role=Role.STEWARD,
    )


@strawberry.type(description="The most recent load runs, newest first.")
class LoadRunList:
    runs: list[LoadRunType]


LoadRunsResult = Annotated[LoadRunList | PermissionDenied, strawberry.union("LoadRunsResult")]


@strawberry.type
class RecordQueries:
    @fields.field(
        description="The most recent `first` load runs, newest first: inputs, counts, who ran "
        "them and how they ended (stewards: inputs and counts may describe restricted data)."
    )
    async def load_runs(self, info: Info, first: int = DEFAULT_PAGE_SIZE) -> LoadRunsResult:
        if denied := read_denied(info, "the load runs"):
            return denied
        limit = page_size(first)
        context = info.context
        runs = await context.call(context.store.load_runs, limit=limit)
        return LoadRunList(runs=[LoadRunType(record=r) for r in runs])

    @fields.field(
        description="Introductions recorded as made, the most recently made first: only "
        "those where the caller may see every person named (the two introduced and the "
        "introducer)."
    )
    async def introductions_made(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE
    ) -> list[IntroductionRecord]:
        limit = page_size(first)
        context = info.context
        made = await context.call(context.store.introductions)
        named = [i for intro in made for i in (intro.a, intro.b, intro.by) if i]
        visible = await nodes_by_id(info, named)
        newest = sorted(made, key=lambda i: (i.made_on, i.recorded_at), reverse=True)
        shown = [
            intro for intro in newest
            if all(i in visible for i in (intro.a, intro.b, intro.by) if i)
        ]
        return [IntroductionRecord(record=i) for i in shown[:limit]]
