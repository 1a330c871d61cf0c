"""What a load would write, and the checks only the whole input or the store can make.

Each reader checks its rows one at a time. Some mistakes only show across rows or against what
is already stored: a relationship to an id that exists nowhere, a type that cannot join the
kinds at its ends, one id given two kinds. :func:`validate_against` finds all of those before
anything is written, so a bad load leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.errors import Problem
from graph.model import Node, Relationship
from graph.store.base import GraphStore
from graph.vocabulary import NodeKind, allowed, describe_endpoints
from loaders.records import RowRef

_LOOKUP_CHUNK = 5_000
"""Ids per ``node_kinds`` call; keeps each lookup well inside a store's parameter limits."""


@dataclass
class LoadPlan:
    """Everything parsed from a load's inputs, ready to validate and write.

    ``node_refs`` and ``relationship_refs`` run parallel to ``nodes`` and ``relationships``;
    add records with :meth:`add_node` and :meth:`add_relationship` to keep them in step.
    """

    inputs: list[str] = field(default_factory=list)
    """The paths read, as given."""
    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    node_refs: list[RowRef] = field(default_factory=list)
    relationship_refs: list[RowRef] = field(default_factory=list)
    rejected_ids: set[str] = field(default_factory=set)
    """Ids of node rows refused for their own problems. A relationship to one of them is not
    also reported as pointing nowhere: the node row's problem is the one to fix."""
    unread: list[str] = field(default_factory=list)
    """Node files or sheets that could not be read in full. While there are any, no endpoint
    is reported missing, because it may well be in the part that could not be read."""

    def add_node(self, node: Node, ref: RowRef) -> None:
        self.nodes.append(node)
        self.node_refs.append(ref)

    def add_relationship(self, rel: Relationship, ref: RowRef) -> None:
        self.relationships.append(rel)
        self.relationship_refs.append(ref)

    def reject(self, raw_id: Any) -> None:
        """Note the id of a refused node row, when it has one."""
        if isinstance(raw_id, str) and raw_id.strip():
            self.rejected_ids.add(raw_id.strip())

    def extend(self, other: LoadPlan) -> None:
        """Fold another input's plan into this one."""
        self.inputs.extend(other.inputs)
        self.problems.extend(other.problems)
        self.rejected_ids.update(other.rejected_ids)
        self.unread.extend(other.unread)
        for node, ref in zip(other.nodes, other.node_refs, strict=True):
            self.add_node(node, ref)
        for rel, ref in zip(other.relationships, other.relationship_refs, strict=True):
            self.add_relationship(rel, ref)


def validate_against(plan: LoadPlan, store: GraphStore) -> list[Problem]:
    """Find the problems only the whole input or the store reveals; write nothing.

    Parameters
    ----------
    plan
        The parsed input. Its own ``problems`` are left alone.
    store
        Read only through :meth:`~graph.store.base.GraphStore.node_kinds`.

    Returns
    -------
    list of Problem
        Conflicting kinds for one id within the input or against the store; relationship
        endpoints found neither in the input nor the store; types that cannot join their
        endpoints' kinds. Each names the file, row and column.
    """
    problems: list[Problem] = []
    input_kinds = _input_kinds(plan, problems)
    wanted = set(input_kinds)
    for rel in plan.relationships:
        wanted.update((rel.source, rel.target))
    stored = _stored_kinds(store, wanted)

    for node, ref in zip(plan.nodes, plan.node_refs, strict=True):
        known = stored.get(node.id)
        if known is not None and known is not node.kind:
            problems.append(
                Problem(
                    "kind",
                    node.kind.value,
                    f"node {node.id!r} is already a {known.value} in the store",
                    ref.cell("kind"),
                )
            )

    for rel, ref in zip(plan.relationships, plan.relationship_refs, strict=True):
        ends: list[NodeKind] = []
        for end, node_id in (("source", rel.source), ("target", rel.target)):
            kind = input_kinds.get(node_id) or stored.get(node_id)
            if kind is not None:
                ends.append(kind)
            elif not plan.unread and node_id not in plan.rejected_ids:
                column = ref.end_column(end)
                message = "no node has this id in the input or the store"
                problems.append(Problem(column, node_id, message, ref.cell(column)))
        if len(ends) == 2 and not allowed(rel.type, ends[0], ends[1]):
            problems.append(
                Problem(
                    "type",
                    rel.type.value,
                    f"cannot join {ends[0].value} {rel.source!r} to {ends[1].value} "
                    f"{rel.target!r} (it joins {describe_endpoints(rel.type)})",
                    ref.cell("type"),
                )
            )
    return problems


def _input_kinds(plan: LoadPlan, problems: list[Problem]) -> dict[str, NodeKind]:
    """Each input id's kind (its first mention wins); conflicting mentions become problems."""
    kinds: dict[str, tuple[NodeKind, RowRef]] = {}
    for node, ref in zip(plan.nodes, plan.node_refs, strict=True):
        first = kinds.setdefault(node.id, (node.kind, ref))
        if first[0] is not node.kind:
            problems.append(
                Problem(
                    "kind",
                    node.kind.value,
                    f"id {node.id!r} is a {first[0].value} at {first[1].cell('kind')}",
                    ref.cell("kind"),
                )
            )
    return {node_id: kind for node_id, (kind, _) in kinds.items()}


def _stored_kinds(store: GraphStore, ids: Iterable[str]) -> dict[str, NodeKind]:
    pending = sorted(ids)
    out: dict[str, NodeKind] = {}
    for start in range(0, len(pending), _LOOKUP_CHUNK):
        out.update(store.node_kinds(pending[start : start + _LOOKUP_CHUNK]))
    return out
