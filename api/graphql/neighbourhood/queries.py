"""``neighbourhood(id, hops, kinds, types, first)``: the nodes within a few hops of one node.

Read breadth first, one store call per hop, at the caller's clearance: a node the caller may
not see is neither in the answer nor walked through.
"""

from __future__ import annotations

import strawberry

from api.graphql import fields
from api.graphql.errors import bad_argument
from api.graphql.nodes.types import (
    Info,
    NodeType,
    RelationshipType,
    node_type,
    optional_set,
    page_size,
)
from graph.model import Node, Relationship, RelKey
from graph.vocabulary import NodeKind, RelType

MAX_HOPS = 3
DEFAULT_NEIGHBOURHOOD_SIZE = 200


@strawberry.type(description="A node and what lies within a few hops of it.")
class Neighbourhood:
    centre: NodeType
    nodes: list[NodeType] = strawberry.field(
        description="The centre first, then each hop's nodes, nearest first."
    )
    relationships: list[RelationshipType] = strawberry.field(
        description="The relationships the walk went along, between nodes in `nodes`."
    )
    truncated: bool = strawberry.field(
        description="True when more nodes were within reach than `first` allowed."
    )


@strawberry.type
class NeighbourhoodQueries:
    @fields.field(
        description="Nodes within `hops` relationships of `id` (at most 3), walking only "
        "through `types` to nodes of `kinds`, at most `first` nodes in all. Null when the "
        "caller may not see the centre."
    )
    async def neighbourhood(
        self,
        info: Info,
        id: strawberry.ID,
        *,
        hops: int = 1,
        kinds: list[NodeKind] | None = None,
        types: list[RelType] | None = None,
        first: int = DEFAULT_NEIGHBOURHOOD_SIZE,
    ) -> Neighbourhood | None:
        if not 1 <= hops <= MAX_HOPS:
            raise bad_argument("hops", hops, f"must be between 1 and {MAX_HOPS}")
        limit = page_size(first)
        context = info.context
        centre = await context.nodes.load(str(id))
        if centre is None:
            return None
        reached: dict[str, Node] = {centre.id: centre}
        walked: dict[RelKey, Relationship] = {}
        frontier = [centre.id]
        truncated = False
        for _ in range(hops):
            found = await context.call(
                context.store.neighbours,
                frontier,
                types=optional_set(types),
                kinds=optional_set(kinds),
                clearance=context.clearance,
            )
            frontier = []
            for neighbour in found:
                other = neighbour.node
                if other.id not in reached:
                    if len(reached) >= limit:
                        truncated = True
                        continue
                    reached[other.id] = other
                    frontier.append(other.id)
                walked[neighbour.relationship.key] = neighbour.relationship
            if not frontier:
                break
        context.remember(list(reached.values()))
        return Neighbourhood(
            centre=node_type(centre),
            nodes=[node_type(n) for n in reached.values()],
            relationships=[RelationshipType(record=r) for r in walked.values()],
            truncated=truncated,
        )
