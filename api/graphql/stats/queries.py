"""``stats``: how much of the network the caller can see, and the graph version."""

from __future__ import annotations

import strawberry

from api.graphql import fields
from api.graphql.nodes.types import Info
from graph.vocabulary import NodeKind, RelType


@strawberry.type
class KindCount:
    kind: NodeKind
    count: int


@strawberry.type
class TypeCount:
    type: RelType
    count: int


@strawberry.type(description="Counts of what the caller may see; restricted data is counted "
                 "for stewards only, internal for members and stewards.")
class Stats:
    nodes: list[KindCount]
    relationships: list[TypeCount]
    total_nodes: int
    total_relationships: int
    version: int = strawberry.field(description="Rises with every committed change.")


@strawberry.type
class StatsQueries:
    @fields.field(description="Nodes by kind and relationships by type, and the version.")
    async def stats(self, info: Info) -> Stats:
        context = info.context
        counts = await context.call(context.store.counts, clearance=context.clearance)
        version = await context.call(context.store.version)
        nodes = [KindCount(kind=k, count=n) for k, n in sorted(counts.nodes.items())]
        rels = [TypeCount(type=t, count=n) for t, n in sorted(counts.relationships.items())]
        return Stats(
            nodes=nodes,
            relationships=rels,
            total_nodes=sum(c.count for c in nodes),
            total_relationships=sum(c.count for c in rels),
            version=version,
        )
