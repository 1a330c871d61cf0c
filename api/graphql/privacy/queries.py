"""``auditLog``, ``subjectAccess`` and ``consentReview``: stewards only, a typed
``PermissionDenied`` for anyone else (checked before anything is read)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql.errors import InputProblem, InvalidInput, NotFound, PermissionDenied
from api.graphql.nodes.types import DEFAULT_PAGE_SIZE, Info, NodeType, node_type, page_size
from api.graphql.records.queries import read_denied
from graph.errors import InvalidData
from graph.model import Node
from graph.privacy import CONSENT_EXPIRES, LAWFUL_BASIS
from graph.records import Action, AuditEntry
from graph.store.base import ALL
from graph.subject_access import expired_consent, subject_access
from graph.vocabulary import NodeKind

strawberry.enum(Action, description="What kind of change an audit entry records.")


@strawberry.type(name="AuditEntry", description="One change: who, when, what and why.")
class AuditEntryType:
    record: strawberry.Private[AuditEntry]

    @fields.field(description="Its place in the log; pass the last one as `after`.")
    def seq(self) -> int:
        return self.record.seq or 0

    @strawberry.field
    def at(self) -> datetime:
        return self.record.at

    @fields.field(description="Who: `key:<label>` through the API, `local:<user>` locally.")
    def actor(self) -> str:
        return self.record.actor

    @strawberry.field
    def action(self) -> Action:
        return self.record.action

    @strawberry.field
    def summary(self) -> str:
        return self.record.summary

    @fields.field(description="The ids it touched (none for an erasure).")
    def targets(self) -> list[str]:
        return list(self.record.targets)

    @strawberry.field
    def reason(self) -> str:
        return self.record.reason

    @strawberry.field
    def detail(self) -> JSON:
        return JSON(dict(self.record.detail))


@strawberry.type(description="A page of the audit log, oldest first.")
class AuditLog:
    entries: list[AuditEntryType]
    end_cursor: int = strawberry.field(
        description="The last entry's seq: pass it as `after` for the next page."
    )
    has_next_page: bool


AuditLogResult = Annotated[AuditLog | PermissionDenied, strawberry.union("AuditLogResult")]


@strawberry.type(
    description="Everything held about one person, with its sources (UK GDPR Art. 15)."
)
class SubjectAccess:
    person: NodeType
    export: JSON = strawberry.field(
        description="The export `convene subject-access` writes: the node with every field, "
        "property and source, each relationship with its sources and the node at the other "
        "end, the introductions and audit entries naming them, the load runs that wrote "
        "about them."
    )


SubjectAccessResult = Annotated[
    SubjectAccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("SubjectAccessResult"),
]


@strawberry.type(description="A person whose recorded consent has expired.")
class ExpiredConsent:
    person: NodeType
    lawful_basis: str | None
    consent_expires: str


@strawberry.type(description="People whose consent has expired, by name.")
class ConsentReview:
    total: int
    people: list[ExpiredConsent] = strawberry.field(description="The first `first` of them.")


ConsentReviewResult = Annotated[
    ConsentReview | PermissionDenied, strawberry.union("ConsentReviewResult")
]


def expired_row(person: Node) -> ExpiredConsent:
    basis = person.properties.get(LAWFUL_BASIS)
    return ExpiredConsent(
        person=node_type(person),
        lawful_basis=str(basis) if basis else None,
        consent_expires=str(person.properties.get(CONSENT_EXPIRES)),
    )


@strawberry.type
class PrivacyQueries:
    @fields.field(
        description="The audit log, oldest first: `first` entries after seq `after` "
        "(stewards). Entries are never edited or deleted."
    )
    async def audit_log(
        self, info: Info, first: int = 100, after: int = 0
    ) -> AuditLogResult:
        if denied := read_denied(info, "the audit log"):
            return denied
        limit = page_size(first)
        context = info.context
        found = await context.call(
            context.store.audit_log, limit=limit + 1, after=max(after, 0)
        )
        page = found[:limit]
        return AuditLog(
            entries=[AuditEntryType(record=e) for e in page],
            end_cursor=(page[-1].seq or after) if page else after,
            has_next_page=len(found) > limit,
        )

    @fields.field(
        description="Everything Convene holds about person `id`, with its sources, as "
        "`convene subject-access` exports it (stewards)."
    )
    async def subject_access(self, info: Info, id: strawberry.ID) -> SubjectAccessResult:
        if denied := read_denied(info, "a subject-access export"):
            return denied
        context = info.context
        person_id = str(id).strip()
        found = await context.call(context.store.get_nodes, [person_id], clearance=ALL)
        if not found:
            return NotFound(message="no node has this id", missing=[person_id])
        if found[0].kind is not NodeKind.PERSON:
            return InvalidInput(
                message="1 problem(s) in the input",
                problems=[_problem("id", person_id, f"is a {found[0].kind.value}, not a Person")],
            )
        try:
            export = await context.call(subject_access, context.store, person_id)
        except InvalidData:  # erased between the two reads
            return NotFound(message="no node has this id", missing=[person_id])
        return SubjectAccess(person=node_type(found[0]), export=JSON(export))

    @fields.field(
        description="People whose recorded consent has expired (stewards), as `convene "
        "review` lists them. `restrictExpiredConsent` hides them from everyone else."
    )
    async def consent_review(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE
    ) -> ConsentReviewResult:
        if denied := read_denied(info, "the consent review"):
            return denied
        limit = page_size(first)
        context = info.context
        expired = await context.call(expired_consent, context.store)
        return ConsentReview(total=len(expired), people=[expired_row(p) for p in expired[:limit]])


def _problem(field: str, value: str, message: str) -> InputProblem:
    return InputProblem(field=field, value=value, message=message, where=None)
