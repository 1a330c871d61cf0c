"""Holding back what a load would bring back of people erased under the right to erasure.

A node whose id or any of whose names matches an erased person's tombstone is not written, nor
is any relationship touching it. The load says which rows it held back (by file and row, never
by name), so nothing comes back silently.
"""

from __future__ import annotations

from graph.privacy import id_key, name_key
from graph.store.base import GraphStore
from loaders.plan import LoadPlan


def hold_back_erased(plan: LoadPlan, store: GraphStore) -> list[str]:
    """Remove from ``plan`` every row about an erased person; return where those rows were."""
    keys_of: dict[str, set[str]] = {}
    for node in plan.nodes:
        keys = keys_of.setdefault(node.id, {id_key(node.id)})
        keys.update(name_key(n) for n in (node.name, *node.aliases))
    for rel in plan.relationships:
        for end in (rel.source, rel.target):
            if end not in keys_of:
                keys_of[end] = {id_key(end)}
    erased = store.tombstoned(k for keys in keys_of.values() for k in keys)
    if not erased:
        return []
    gone = {node_id for node_id, keys in keys_of.items() if keys & erased}
    held: list[str] = []
    nodes, node_refs = [], []
    for node, ref in zip(plan.nodes, plan.node_refs, strict=True):
        if node.id in gone:
            held.append(ref.where)
        else:
            nodes.append(node)
            node_refs.append(ref)
    rels, rel_refs = [], []
    for rel, ref in zip(plan.relationships, plan.relationship_refs, strict=True):
        if rel.source in gone or rel.target in gone:
            held.append(ref.where)
        else:
            rels.append(rel)
            rel_refs.append(ref)
    plan.nodes, plan.node_refs = nodes, node_refs
    plan.relationships, plan.relationship_refs = rels, rel_refs
    return held
