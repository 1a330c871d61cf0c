"""Stewards' changes: upsert and delete nodes and relationships.

Each mutation is all or nothing and answers with a union: the success, or what stopped it
(:class:`~api.graphql.errors.PermissionDenied` for a caller who is not a steward, checked
before anything is read; :class:`~api.graphql.errors.InvalidInput` naming each field, value
and item; :class:`~api.graphql.errors.NotFound` naming what does not exist). Upserts merge as
loads do (fields given replace, fields left out are kept, aliases and properties merge), and
record the call as a source: kind ``api``, the caller's key as origin, the request id as
locator. Every change that succeeds appends an entry to the audit log naming the caller
(:func:`api.graphql.records.audit.audit`).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql.context import GraphQLContext
from api.graphql.errors import (
    InputProblem,
    InvalidInput,
    NotFound,
    PermissionDenied,
    input_problem,
    invalid_input,
    permission_denied,
)
from api.graphql.nodes.types import Info, NodeType, RelationshipType, node_type
from api.graphql.records.audit import audit
from graph.errors import InvalidData
from graph.model import Node, Relationship, RelKey, Source
from graph.records import Action
from graph.store.base import ALL, MAX_PAGE_SIZE
from graph.vocabulary import NodeKind, RelType, Scale, SourceKind, Visibility

MAX_ITEMS = MAX_PAGE_SIZE
"""Most items one mutation call may name."""


# -- inputs ----------------------------------------------------------------------------------


@strawberry.input(description="A node to insert, or to merge into the stored node with its id.")
class NodeInput:
    id: strawberry.ID
    kind: NodeKind
    name: str
    aliases: list[str] | None = None
    scale: Scale | None = None
    place: strawberry.ID | None = strawberry.field(default=None, description="A Place's id.")
    description: str | None = None
    url: str | None = None
    visibility: Visibility | None = strawberry.field(
        default=None,
        description="Left out: a new node takes its kind's default (people internal), a "
        "stored one keeps its level.",
    )
    properties: JSON | None = None


@strawberry.input(description="A relationship to insert, or to merge into the stored one.")
class RelationshipInput:
    source: strawberry.ID
    type: RelType
    target: strawberry.ID
    role: str | None = None
    since: str | None = strawberry.field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    until: str | None = strawberry.field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    weight: float | None = None
    properties: JSON | None = None


@strawberry.input(description="What identifies a relationship.")
class RelationshipKeyInput:
    source: strawberry.ID
    type: RelType
    target: strawberry.ID


# -- results ---------------------------------------------------------------------------------


@strawberry.type
class UpsertNodesSuccess:
    nodes: list[NodeType] = strawberry.field(description="The nodes as stored now.")
    written: int
    version: int = strawberry.field(description="The graph version after the change.")


@strawberry.type
class UpsertRelationshipsSuccess:
    relationships: list[RelationshipType] = strawberry.field(
        description="The relationships as stored now."
    )
    written: int
    version: int


@strawberry.type
class DeleteNodesSuccess:
    deleted: list[strawberry.ID]
    relationships_deleted: int = strawberry.field(
        description="Relationships removed with the nodes."
    )
    version: int


@strawberry.type
class DeleteRelationshipsSuccess:
    deleted: int
    version: int


UpsertNodesResult = Annotated[
    UpsertNodesSuccess | InvalidInput | PermissionDenied,
    strawberry.union("UpsertNodesResult"),
]
UpsertRelationshipsResult = Annotated[
    UpsertRelationshipsSuccess | InvalidInput | PermissionDenied,
    strawberry.union("UpsertRelationshipsResult"),
]
DeleteNodesResult = Annotated[
    DeleteNodesSuccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("DeleteNodesResult"),
]
DeleteRelationshipsResult = Annotated[
    DeleteRelationshipsSuccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("DeleteRelationshipsResult"),
]


# -- helpers ---------------------------------------------------------------------------------


def _denied(context: GraphQLContext) -> PermissionDenied | None:
    principal = context.principal
    return None if principal.can_write else permission_denied(principal.role)


def _count_problem(argument: str, count: int) -> InvalidInput | None:
    if count == 0:
        return invalid_input([InputProblem(
            field=argument, value="[]", message="name at least one", where=None
        )])
    if count > MAX_ITEMS:
        return invalid_input([InputProblem(
            field=argument, value=str(count), message=f"at most {MAX_ITEMS} per call",
            where=None,
        )])
    return None


def _problems(exc: InvalidData, where: str = "") -> list[InputProblem]:
    return [input_problem(p, where) for p in exc.problems]


def _api_source(context: GraphQLContext) -> Source:
    return Source(kind=SourceKind.API, origin=context.principal.actor, locator=context.request_id)


def _node_of(item: NodeInput, source: Source) -> Node:
    # Raw values as given: the model validates and normalises them, naming any it refuses.
    raw: dict[str, Any] = {
        "id": str(item.id),
        "kind": item.kind,
        "name": item.name,
        "aliases": tuple(item.aliases or ()),
        "scale": item.scale,
        "place": str(item.place) if item.place else None,
        "description": item.description,
        "url": item.url,
        "visibility": item.visibility,
        "properties": item.properties,
        "sources": (source,),
    }
    return Node(**raw)


def _relationship_of(item: RelationshipInput, source: Source) -> Relationship:
    raw: dict[str, Any] = {
        "source": str(item.source),
        "type": item.type,
        "target": str(item.target),
        "role": item.role,
        "since": item.since,
        "until": item.until,
        "weight": item.weight,
        "properties": item.properties,
        "sources": (source,),
    }
    return Relationship(**raw)


def _key_text(key: RelKey) -> str:
    return f"{key.source}-{key.type.value}->{key.target}"


def _ends(keys: list[RelKey]) -> list[str]:
    """The nodes at either end of these relationships, each once (an audit entry's targets,
    so a subject-access export finds every change to a person's ties)."""
    return list(dict.fromkeys(i for k in keys for i in (k.source, k.target)))


# -- mutations -------------------------------------------------------------------------------


@strawberry.type
class NodeMutations:
    @fields.mutation(description="Insert or merge nodes, all or none (stewards).")
    async def upsert_nodes(self, info: Info, nodes: list[NodeInput]) -> UpsertNodesResult:
        context = info.context
        if denied := _denied(context):
            return denied
        if too_many := _count_problem("nodes", len(nodes)):
            return too_many
        source = _api_source(context)
        numbered: dict[int, Node] = {}
        problems: list[InputProblem] = []
        for index, item in enumerate(nodes):
            try:
                numbered[index] = _node_of(item, source)
            except InvalidData as exc:
                problems += _problems(exc, f"nodes[{index}]")
        problems += await _check_places(context, numbered)
        if problems:
            return invalid_input(problems)
        built = list(numbered.values())
        try:
            summary = await context.call(context.store.upsert_nodes, built)
        except InvalidData as exc:
            return invalid_input(_problems(exc))
        ids = list(dict.fromkeys(n.id for n in built))
        await audit(
            context, Action.UPSERT, f"upserted {len(ids)} node(s)", targets=ids,
            detail={"version": summary.version},
        )
        stored = await context.call(context.store.get_nodes, ids, clearance=ALL)
        return UpsertNodesSuccess(
            nodes=[node_type(n) for n in stored], written=summary.written, version=summary.version
        )

    @fields.mutation(description="Insert or merge relationships, all or none (stewards).")
    async def upsert_relationships(
        self, info: Info, relationships: list[RelationshipInput]
    ) -> UpsertRelationshipsResult:
        context = info.context
        if denied := _denied(context):
            return denied
        if too_many := _count_problem("relationships", len(relationships)):
            return too_many
        source = _api_source(context)
        built: list[Relationship] = []
        problems: list[InputProblem] = []
        for index, item in enumerate(relationships):
            try:
                built.append(_relationship_of(item, source))
            except InvalidData as exc:
                problems += _problems(exc, f"relationships[{index}]")
        if problems:
            return invalid_input(problems)
        try:
            summary = await context.call(context.store.upsert_relationships, built)
        except InvalidData as exc:
            return invalid_input(_problems(exc))
        keys = list(dict.fromkeys(r.key for r in built))
        await audit(
            context, Action.UPSERT, f"upserted {len(keys)} relationship(s)",
            targets=_ends(keys),
            detail={"relationships": [_key_text(k) for k in keys], "version": summary.version},
        )
        stored = await context.call(context.store.get_relationships, keys, clearance=ALL)
        return UpsertRelationshipsSuccess(
            relationships=[RelationshipType(record=r) for r in stored],
            written=summary.written,
            version=summary.version,
        )

    @fields.mutation(
        description="Delete nodes and every relationship touching them, all or none "
        "(stewards). Any id that does not exist: NotFound, nothing deleted."
    )
    async def delete_nodes(self, info: Info, ids: list[strawberry.ID]) -> DeleteNodesResult:
        context = info.context
        if denied := _denied(context):
            return denied
        if too_many := _count_problem("ids", len(ids)):
            return too_many
        wanted = list(dict.fromkeys(str(i).strip() for i in ids))
        known = await context.call(context.store.node_kinds, wanted)
        missing = [i for i in wanted if i not in known]
        if missing:
            return NotFound(message=f"{len(missing)} id(s) do not exist; nothing was deleted",
                            missing=missing)
        summary = await context.call(context.store.delete_nodes, wanted)
        await audit(
            context, Action.DELETE,
            f"deleted {len(wanted)} node(s) and {summary.relationships} relationship(s)",
            targets=wanted, detail={"version": summary.version},
        )
        return DeleteNodesSuccess(
            deleted=[strawberry.ID(i) for i in wanted],
            relationships_deleted=summary.relationships,
            version=summary.version,
        )

    @fields.mutation(
        description="Delete relationships by key, all or none (stewards). Any that does not "
        "exist: NotFound, nothing deleted."
    )
    async def delete_relationships(
        self, info: Info, keys: list[RelationshipKeyInput]
    ) -> DeleteRelationshipsResult:
        context = info.context
        if denied := _denied(context):
            return denied
        if too_many := _count_problem("keys", len(keys)):
            return too_many
        try:
            wanted = list(dict.fromkeys(
                RelKey.of(str(k.source).strip(), k.type, str(k.target).strip()) for k in keys
            ))
        except InvalidData as exc:
            return invalid_input(_problems(exc))
        stored = await context.call(context.store.get_relationships, wanted, clearance=ALL)
        found = {r.key for r in stored}
        missing = [_key_text(k) for k in wanted if k not in found]
        if missing:
            return NotFound(
                message=f"{len(missing)} relationship(s) do not exist; nothing was deleted",
                missing=missing,
            )
        summary = await context.call(context.store.delete_relationships, wanted)
        await audit(
            context, Action.DELETE, f"deleted {summary.written} relationship(s)",
            targets=_ends(wanted),
            detail={"relationships": [_key_text(k) for k in wanted], "version": summary.version},
        )
        return DeleteRelationshipsSuccess(deleted=summary.written, version=summary.version)


async def _check_places(context: GraphQLContext, nodes: dict[int, Node]) -> list[InputProblem]:
    """Each ``place`` must be a Place: in this call, or stored. ``nodes`` by input index."""
    in_call = {n.id: n.kind for n in nodes.values()}
    wanted = {n.place for n in nodes.values() if n.place and n.place not in in_call}
    stored = await context.call(context.store.node_kinds, wanted) if wanted else {}
    kinds = {**stored, **in_call}
    problems = []
    for index, node in nodes.items():
        if node.place is None:
            continue
        kind = kinds.get(node.place)
        if kind is None:
            message = "no node has this id"
        elif kind is not NodeKind.PLACE:
            message = f"is a {kind.value}, not a Place"
        else:
            continue
        problems.append(InputProblem(
            field="place", value=node.place, message=message, where=f"nodes[{index}]"
        ))
    return problems
