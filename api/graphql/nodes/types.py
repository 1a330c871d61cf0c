"""Nodes, relationships and sources as GraphQL types.

``Node`` is an interface with one type per kind, so a query can ask ``... on Person``. A node
reaches its place, relationships and neighbours through the request's DataLoaders: however
many nodes a response holds, each of those fields costs one store call per level.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

import strawberry
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql import vocabulary as _vocabulary  # noqa: F401  (registers the enums)
from api.graphql.context import GraphQLContext, NeighbourKey
from api.graphql.errors import bad_argument
from graph.model import Node, Relationship, Source
from graph.store.base import MAX_PAGE_SIZE
from graph.vocabulary import SYMMETRIC, NodeKind, RelType, Scale, SourceKind, Visibility

Info = strawberry.Info[GraphQLContext, None]

DEFAULT_PAGE_SIZE = 50
E = TypeVar("E")


def page_size(first: int, argument: str = "first") -> int:
    """``first`` when it is a page size this API serves; a BAD_USER_INPUT error otherwise."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise bad_argument(argument, first, f"must be between 1 and {MAX_PAGE_SIZE}")
    return first


def optional_set(values: list[E] | None) -> frozenset[E] | None:
    return frozenset(values) if values is not None else None


@strawberry.type(name="Source", description="Evidence for a fact: a file row, a passage, a call.")
class SourceType:
    record: strawberry.Private[Source]

    @strawberry.field
    def id(self) -> str:
        return self.record.id

    @strawberry.field
    def kind(self) -> SourceKind:
        return self.record.kind

    @fields.field(description="The file, document, or API caller.")
    def origin(self) -> str:
        return self.record.origin

    @fields.field(description="Row, line or passage within the origin.")
    def locator(self) -> str | None:
        return self.record.locator

    @fields.field(description="The passage text, for documents.")
    def excerpt(self) -> str | None:
        return self.record.excerpt

    @fields.field(description="The load run that wrote it.")
    def run(self) -> str | None:
        return self.record.run

    @strawberry.field
    def loaded_at(self) -> datetime:
        return self.record.loaded_at


def sources_of(sources: tuple[Source, ...]) -> list[SourceType]:
    return [SourceType(record=s) for s in sources]


@strawberry.interface(
    name="Node",
    description="A person, organisation, forum, community, interest or place.",
)
class NodeType:
    # The plain fields are copied from the record when the object is made, not resolved by
    # methods: strawberry answers a field with no resolver by reading the attribute, which
    # costs a fraction of a resolver call, and a page of neighbours has hundreds of them.
    record: strawberry.Private[Node]
    id: strawberry.ID = strawberry.field(description="The node's stable key.")
    kind: NodeKind
    name: str
    aliases: list[str]
    scale: Scale | None
    description: str | None
    url: str | None
    visibility: Visibility = strawberry.field(description="Who may see it.")

    @classmethod
    def resolve_type(cls, obj: NodeType, info: object, abstract_type: object) -> str:
        # Every node object is made by node_type, so its class names its type: strawberry's
        # general answer (casts, generics, a search of the schema) cost more than the fields.
        return TYPE_NAMES[type(obj)]

    @fields.field(description="Free properties, as a JSON object.")
    def properties(self) -> JSON:
        return JSON(dict(self.record.properties))

    @fields.field(description="The evidence that asserts this node.")
    def sources(self) -> list[SourceType]:
        return sources_of(self.record.sources)

    @fields.field(description="The place the node is in, when the caller may see it.")
    async def place(self, info: Info) -> PlaceNode | None:
        if self.record.place is None:
            return None
        found = await info.context.nodes.load(self.record.place)
        place = node_type(found) if found else None
        return place if isinstance(place, PlaceNode) else None

    @fields.field(
        description="Relationships to or from this node (either direction), by type then "
        "the other node's id."
    )
    async def relationships(
        self,
        info: Info,
        types: list[RelType] | None = None,
        first: int = DEFAULT_PAGE_SIZE,
    ) -> list[RelationshipType]:
        limit = page_size(first)
        found = await info.context.neighbours.load(
            NeighbourKey(self.record.id, optional_set(types), None)
        )
        return [RelationshipType(record=n.relationship) for n in found[:limit]]

    @fields.field(
        description="Nodes one relationship away, optionally only through `types` and of "
        "`kinds`; each once."
    )
    async def neighbours(
        self,
        info: Info,
        *,
        kinds: list[NodeKind] | None = None,
        types: list[RelType] | None = None,
        first: int = DEFAULT_PAGE_SIZE,
    ) -> list[NodeType]:
        limit = page_size(first)
        found = await info.context.neighbour_nodes.load(
            NeighbourKey(self.record.id, optional_set(types), optional_set(kinds), limit)
        )
        return [node_type(n) for n in found]


@strawberry.type(name="Person")
class PersonNode(NodeType):
    pass


@strawberry.type(name="Organisation")
class OrganisationNode(NodeType):
    pass


@strawberry.type(name="Forum", description="A network, group, programme or workshop series.")
class ForumNode(NodeType):
    pass


@strawberry.type(name="Community", description="Of place, condition, identity or practice.")
class CommunityNode(NodeType):
    pass


@strawberry.type(name="Interest", description="A shared theme.")
class InterestNode(NodeType):
    pass


@strawberry.type(name="Place")
class PlaceNode(NodeType):
    pass


NODE_TYPES: dict[NodeKind, type[NodeType]] = {
    NodeKind.PERSON: PersonNode,
    NodeKind.ORGANISATION: OrganisationNode,
    NodeKind.FORUM: ForumNode,
    NodeKind.COMMUNITY: CommunityNode,
    NodeKind.INTEREST: InterestNode,
    NodeKind.PLACE: PlaceNode,
}


TYPE_NAMES: dict[type[NodeType], str] = {
    cls: cls.__strawberry_definition__.name  # type: ignore[attr-defined]
    for cls in NODE_TYPES.values()
}


def node_type(node: Node) -> NodeType:
    """The GraphQL object for ``node``: the type of its kind."""
    return NODE_TYPES[node.kind](
        record=node,
        id=strawberry.ID(node.id),
        kind=node.kind,
        name=node.name,
        aliases=list(node.aliases),
        scale=node.scale,
        description=node.description,
        url=node.url,
        visibility=node.level,
    )


@strawberry.type(
    name="Relationship",
    description="A typed tie between two nodes; `KNOWS` and `PARTNERS_WITH` have no "
    "direction (their ends are in id order).",
)
class RelationshipType:
    record: strawberry.Private[Relationship]

    @fields.field(name="type")
    def rel_type(self) -> RelType:
        return self.record.type

    @strawberry.field
    def source_id(self) -> strawberry.ID:
        return strawberry.ID(self.record.source)

    @strawberry.field
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(self.record.target)

    @fields.field(description="Null only if it was deleted while the answer was built.")
    async def source(self, info: Info) -> NodeType | None:
        found = await info.context.nodes.load(self.record.source)
        return node_type(found) if found else None

    @fields.field(description="Null only if it was deleted while the answer was built.")
    async def target(self, info: Info) -> NodeType | None:
        found = await info.context.nodes.load(self.record.target)
        return node_type(found) if found else None

    @fields.field(description="False for types with no direction.")
    def directed(self) -> bool:
        return self.record.type not in SYMMETRIC

    @strawberry.field
    def role(self) -> str | None:
        return self.record.role

    @strawberry.field
    def since(self) -> date | None:
        return self.record.since

    @strawberry.field
    def until(self) -> date | None:
        return self.record.until

    @strawberry.field
    def weight(self) -> float | None:
        return self.record.weight

    @fields.field(description="Free properties, as a JSON object.")
    def properties(self) -> JSON:
        return JSON(dict(self.record.properties))

    @fields.field(description="The evidence that asserts this relationship.")
    def sources(self) -> list[SourceType]:
        return sources_of(self.record.sources)
