"""Load runs and introductions made, as GraphQL types."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import strawberry
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql.analysis.types import one_node
from api.graphql.nodes.types import Info, NodeType
from graph.records import Introduction, LoadRun, RunOutcome

strawberry.enum(RunOutcome, description="How a load run ended.")


@strawberry.type(name="LoadRun", description="One load: what it read and wrote, how it ended.")
class LoadRunType:
    record: strawberry.Private[LoadRun]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

    @fields.field(description="The files and folders it read.")
    def inputs(self) -> list[str]:
        return list(self.record.inputs)

    @strawberry.field
    def started(self) -> datetime:
        return self.record.started

    @strawberry.field
    def finished(self) -> datetime | None:
        return self.record.finished

    @strawberry.field
    def outcome(self) -> RunOutcome:
        return self.record.outcome

    @fields.field(description='What it wrote: {"nodes": {kind: n}, "relationships": ...}.')
    def counts(self) -> JSON:
        return JSON({k: dict(v) for k, v in self.record.counts.items()})

    @fields.field(description="Who ran it: `local:<user>` or `key:<label>`.")
    def actor(self) -> str:
        return self.record.actor

    @fields.field(description="Why it was rejected or failed.")
    def message(self) -> str:
        return self.record.message


@strawberry.type(description="Two people a convenor introduced, and who made the introduction.")
class IntroductionRecord:
    record: strawberry.Private[Introduction]

    @strawberry.field
    async def a(self, info: Info) -> NodeType | None:
        return await one_node(info, self.record.a)

    @strawberry.field
    async def b(self, info: Info) -> NodeType | None:
        return await one_node(info, self.record.b)

    @fields.field(description="Who made the introduction.")
    async def by(self, info: Info) -> NodeType | None:
        return await one_node(info, self.record.by)

    @strawberry.field
    def made_on(self) -> date:
        return self.record.made_on

    @strawberry.field
    def note(self) -> str:
        return self.record.note

    @fields.field(description="Who recorded it.")
    def actor(self) -> str:
        return self.record.actor

    @strawberry.field
    def recorded_at(self) -> datetime:
        return self.record.recorded_at


class UploadFormat(StrEnum):
    """The formats an uploaded file may be in (a CSV bundle is a folder, not one file)."""

    XLSX = "xlsx"
    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"


strawberry.enum(UploadFormat, description="The format of an uploaded file.")
