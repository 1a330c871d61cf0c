"""``node(id)`` and ``nodes(...)``: one node, or a Relay-style page of them."""

from __future__ import annotations

import strawberry

from api.graphql import fields
from api.graphql.errors import bad_input
from api.graphql.nodes.types import DEFAULT_PAGE_SIZE, Info, NodeType, node_type, optional_set
from graph.errors import InvalidData
from graph.store.base import NodeQuery, encode_cursor
from graph.vocabulary import NodeKind, Scale


@strawberry.type(description="Where a page stands in the whole list (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description="True when the page was asked for `after` a cursor."
    )
    start_cursor: str | None
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` for the next page; null when the page is empty."
    )


@strawberry.type
class NodeEdge:
    cursor: str
    node: NodeType


@strawberry.type(description="A page of nodes, by case-folded name then id.")
class NodeConnection:
    edges: list[NodeEdge]
    page_info: PageInfo

    @fields.field(description="The page's nodes, without their cursors.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]


@strawberry.type
class NodeQueries:
    @fields.field(description="The node with this id, or null if none the caller may see.")
    async def node(self, info: Info, id: strawberry.ID) -> NodeType | None:
        found = await info.context.nodes.load(str(id))
        return node_type(found) if found else None

    @fields.field(
        description="Nodes by kind, scale and text (a case-insensitive part of the name or "
        "an alias), a page at a time: pass a page's `endCursor` as `after` for the next."
    )
    async def nodes(
        self,
        info: Info,
        *,
        kind: list[NodeKind] | None = None,
        scale: list[Scale] | None = None,
        text: str | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> NodeConnection:
        context = info.context
        try:
            query = NodeQuery(
                kinds=optional_set(kind),
                scales=optional_set(scale),
                text=text.strip() or None if text else None,
                clearance=context.clearance,
                first=first,
                after=after,
            )
        except InvalidData as exc:
            raise bad_input(exc) from None
        page = await context.call(context.store.find_nodes, query)
        context.remember(page.items)
        edges = [NodeEdge(cursor=encode_cursor(n), node=node_type(n)) for n in page.items]
        return NodeConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=page.end_cursor,
            ),
        )
