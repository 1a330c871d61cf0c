"""Everything Convene holds about one person, with where each fact came from (UK GDPR Art. 15),
and the people whose consent has run out."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.errors import InvalidData
from graph.model import Node
from graph.privacy import CONSENT_EXPIRES, CONSENT_GIVEN, LAWFUL_BASIS, consent_expired
from graph.records import utc_now
from graph.store.base import ALL, GraphStore, NodeQuery
from graph.vocabulary import NodeKind

AUDIT_PAGE = 1_000


def subject_access(store: GraphStore, person_id: str) -> dict[str, Any]:
    """The subject-access export for ``person_id``: their node with every field, property and
    source; each relationship with its sources and the node at the other end (id, kind, name);
    the introductions and audit entries that name them; and the load runs that wrote about them.

    Raises :class:`~graph.errors.InvalidData` when no person has this id.
    """
    found = store.get_nodes([person_id])
    person = found[0] if found else None
    if person is None or person.kind is not NodeKind.PERSON:
        raise InvalidData.one("id", person_id, "no person has this id")
    ties = store.neighbours([person_id], clearance=ALL)
    runs = {s.run for s in person.sources if s.run}
    relationships = []
    for tie in ties:
        runs.update(s.run for s in tie.relationship.sources if s.run)
        relationships.append({
            **tie.relationship.to_dict(),
            "other": {"id": tie.node.id, "kind": tie.node.kind.value, "name": tie.node.name},
        })
    return {
        "generated_at": utc_now().isoformat(),
        "person": person.to_dict(),
        "lawful_basis": person.properties.get(LAWFUL_BASIS),
        "consent_given": person.properties.get(CONSENT_GIVEN),
        "consent_expires": person.properties.get(CONSENT_EXPIRES),
        "relationships": relationships,
        "introductions": [
            i.to_dict() for i in store.introductions() if person_id in (i.a, i.b, i.by)
        ],
        "audit": [e.to_dict() for e in _audit_naming(store, person_id)],
        "load_runs": [r.to_dict() for r in store.load_runs(limit=10_000) if r.id in runs],
    }


def _audit_naming(store: GraphStore, person_id: str) -> list[Any]:
    found, after = [], 0
    while page := store.audit_log(limit=AUDIT_PAGE, after=after):
        found += [e for e in page if person_id in e.targets]
        after = page[-1].seq or after
        if len(page) < AUDIT_PAGE:
            break
    return found


def expired_consent(store: GraphStore, today: date | None = None) -> list[Node]:
    """People whose recorded consent expired before ``today``, by name."""
    day = today or utc_now().date()
    out: list[Node] = []
    after = None
    while True:
        page = store.find_nodes(
            NodeQuery(kinds=frozenset({NodeKind.PERSON}), first=1_000, after=after)
        )
        out += [n for n in page.items if consent_expired(n, day)]
        if not page.has_next:
            return out
        after = page.end_cursor
