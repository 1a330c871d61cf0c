"""Planning a merge of duplicate nodes, the same way for every store.

A store reads the nodes and their relationships inside one write transaction, asks
:func:`plan_merge` what to write, and writes it in that same transaction, so a merge lands
whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.errors import InvalidData
from graph.model import Node, Relationship, RelKey, merge_sources


@dataclass(frozen=True, slots=True)
class MergePlan:
    node: Node
    """The kept node as it should be stored afterwards (an upsert over the stored one)."""
    removed: tuple[str, ...]
    """The ids merged away: their nodes and relationships are deleted."""
    relationships: tuple[Relationship, ...]
    """The merged-away nodes' relationships, re-pointed at the kept node (upserts, so ones
    the kept node already has are merged with them)."""
    dropped: tuple[RelKey, ...]
    """Relationships between the merged nodes themselves, which would join a node to itself."""


@dataclass(frozen=True, slots=True)
class MergeSummary:
    kept: str
    merged: tuple[str, ...]
    relationships_moved: int
    relationships_dropped: int
    version: int

    def to_dict(self) -> dict[str, object]:
        return {
            "kept": self.kept,
            "merged": list(self.merged),
            "relationships_moved": self.relationships_moved,
            "relationships_dropped": self.relationships_dropped,
            "version": self.version,
        }


def check_merge_ids(keep: str, others: Sequence[str]) -> tuple[str, ...]:
    """The distinct ids to merge into ``keep``; refuses an empty list or ``keep`` itself."""
    unique = tuple(dict.fromkeys(others))
    if not unique:
        raise InvalidData.one("others", [], "name at least one node to merge into the kept one")
    if keep in unique:
        raise InvalidData.one("others", keep, "cannot merge a node into itself")
    return unique


def plan_merge(keep: Node, others: Sequence[Node], rels: Sequence[Relationship]) -> MergePlan:
    """What merging ``others`` into ``keep`` writes.

    The kept node keeps its name and id; it gains the others' names and aliases as aliases,
    their properties where it has none of its own, their sources, any field it lacks, and the
    strictest visibility among them (merging never makes a person more visible).

    Parameters
    ----------
    keep, others
        The stored nodes, all of one kind.
    rels
        Every stored relationship touching any of ``others``.
    """
    wrong = [o.id for o in others if o.kind is not keep.kind]
    if wrong:
        raise InvalidData.one(
            "others", wrong, f"are not of kind {keep.kind.value} like {keep.id!r}; cannot merge"
        )
    gone = {o.id for o in others}
    node = keep
    for other in others:
        aliases = [a for a in (other.name, *other.aliases) if a != keep.name]
        node = replace(
            node,
            aliases=tuple(dict.fromkeys((*node.aliases, *aliases))),
            scale=node.scale or other.scale,
            place=node.place or (other.place if other.place not in gone else None),
            description=node.description or other.description,
            url=node.url or other.url,
            properties={**other.properties, **node.properties},
            sources=merge_sources(node.sources, other.sources),
        )
    levels = [n.level for n in (keep, *others)]
    node = replace(node, visibility=max(levels, key=lambda level: level.rank))

    moved: dict[RelKey, Relationship] = {}
    dropped: list[RelKey] = []
    for rel in rels:
        source = keep.id if rel.source in gone else rel.source
        target = keep.id if rel.target in gone else rel.target
        if source == target:
            dropped.append(rel.key)
            continue
        # Built anew so symmetric types sort their new endpoints.
        repointed = Relationship(
            source=source,
            type=rel.type,
            target=target,
            role=rel.role,
            since=rel.since,
            until=rel.until,
            weight=rel.weight,
            properties=rel.properties,
            sources=rel.sources,
        )
        earlier = moved.get(repointed.key)
        if earlier is not None:
            repointed = replace(
                repointed,
                role=earlier.role or repointed.role,
                since=min(filter(None, (earlier.since, repointed.since)), default=None),
                until=earlier.until or repointed.until,
                weight=earlier.weight if earlier.weight is not None else repointed.weight,
                properties={**repointed.properties, **earlier.properties},
                sources=merge_sources(earlier.sources, repointed.sources),
            )
        moved[repointed.key] = repointed
    return MergePlan(node, tuple(o.id for o in others), tuple(moved.values()), tuple(dropped))
