"""Checks every store makes inside its write transaction, against what is stored."""

from __future__ import annotations

from collections.abc import Sequence

from graph.errors import InvalidData, Problem
from graph.model import Node, Relationship
from graph.vocabulary import NodeKind, allowed, describe_endpoints


def check_kinds(batch: Sequence[Node], stored: dict[str, str]) -> None:
    """Refuse a node whose kind differs from the stored node (or an earlier one in the batch)."""
    problems = []
    seen = dict(stored)
    for node in batch:
        known = seen.setdefault(node.id, node.kind.value)
        if known != node.kind.value:
            problems.append(
                Problem("kind", node.kind.value, f"node {node.id!r} is already a {known}")
            )
    if problems:
        raise InvalidData(problems)


def check_endpoints(batch: Sequence[Relationship], kinds: dict[str, NodeKind]) -> None:
    """Refuse relationships whose endpoints are missing or whose type cannot join them.

    Every problem in the batch is reported at once.
    """
    problems = []
    for rel in batch:
        where = f"relationship {rel.source!r}-{rel.type.value}->{rel.target!r}"
        source, target = kinds.get(rel.source), kinds.get(rel.target)
        if source is None:
            problems.append(Problem("source", rel.source, "no node has this id", where))
        if target is None:
            problems.append(Problem("target", rel.target, "no node has this id", where))
        if source and target and not allowed(rel.type, source, target):
            problems.append(
                Problem(
                    "type",
                    rel.type.value,
                    f"cannot join {source.value}->{target.value} "
                    f"(it joins {describe_endpoints(rel.type)})",
                    where,
                )
            )
    if problems:
        raise InvalidData(problems)

