"""Ending, not erasing, what a newer load of the same input no longer asserts.

When a file is loaded again and a relationship it used to assert is gone from it, the
relationship is not deleted: it gets an ``until`` date (the day the load describes), so the
history still shows it was once there. Only relationships whose every source is a row of one
of this load's inputs are ended; one that another input (a document, another sheet) also
asserts still holds.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from graph.model import Relationship
from graph.store.base import GraphStore
from graph.vocabulary import SourceKind
from loaders.plan import LoadPlan


def no_longer_asserted(store: GraphStore, plan: LoadPlan, day: date) -> list[Relationship]:
    """Stored relationships that only this load's inputs asserted and that they no longer do,
    each with ``until`` set to ``day`` (ready to upsert). Already-ended ones, and ones that
    began after ``day``, are left alone."""
    origins = {ref.origin for ref in (*plan.node_refs, *plan.relationship_refs)}
    if not origins:
        return []
    asserted = {r.key for r in plan.relationships}
    ended = []
    for batch in store.iter_relationships():
        for rel in batch:
            if rel.until is not None or rel.key in asserted or not rel.sources:
                continue
            if rel.since is not None and rel.since > day:
                continue
            if all(s.kind is SourceKind.ROW and s.origin in origins for s in rel.sources):
                ended.append(replace(rel, until=day, properties={}, sources=()))
    return ended
