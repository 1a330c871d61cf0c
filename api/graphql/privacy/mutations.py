"""``forgetPerson`` and ``restrictExpiredConsent``: the stewards' side of people's rights.

``forgetPerson`` erases a person everywhere, as ``convene forget`` does: their node with its
properties, every relationship touching them, and their name and handles in stored passages,
in one transaction; a tombstone (digests only) makes a later load hold them back. Its audit
entry names neither the person nor their id.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import strawberry

from api.graphql import fields
from api.graphql.context import GraphQLContext
from api.graphql.errors import (
    InputProblem,
    InvalidInput,
    NotFound,
    PermissionDenied,
    invalid_input,
    permission_denied,
)
from api.graphql.nodes.types import Info
from api.graphql.records.audit import audit
from graph.errors import InvalidData
from graph.records import Action
from graph.subject_access import expired_consent
from graph.vocabulary import NodeKind, Visibility


@strawberry.type(description="A person erased: what was removed with them.")
class ForgetPersonSuccess:
    relationships: int = strawberry.field(description="Relationships removed with them.")
    passages: int = strawberry.field(
        description="Stored passages their name or handles were removed from."
    )
    properties: int = strawberry.field(description="Free properties removed with the node.")
    introductions: int = strawberry.field(
        description="Introduction records removed (they were introduced) or rewritten (they "
        "made the introduction, or its note named them)."
    )
    version: int


ForgetPersonResult = Annotated[
    ForgetPersonSuccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("ForgetPersonResult"),
]


@strawberry.type(description="People whose consent expired, now restricted (stewards only).")
class RestrictExpiredConsentSuccess:
    restricted: list[strawberry.ID] = strawberry.field(
        description="Those restricted now (people already restricted are left as they are)."
    )
    version: int


RestrictExpiredConsentResult = Annotated[
    RestrictExpiredConsentSuccess | PermissionDenied,
    strawberry.union("RestrictExpiredConsentResult"),
]


def _denied(context: GraphQLContext) -> PermissionDenied | None:
    principal = context.principal
    return None if principal.can_write else permission_denied(principal.role)


@strawberry.type
class PrivacyMutations:
    @fields.mutation(
        description="Erase person `id` everywhere (stewards): node, properties, relationships, "
        "and their name and handles in stored passages. A tombstone holds back later loads "
        "of the same id or name. Cannot be undone."
    )
    async def forget_person(
        self, info: Info, id: strawberry.ID, reason: str = ""
    ) -> ForgetPersonResult:
        context = info.context
        if denied := _denied(context):
            return denied
        person_id = str(id).strip()
        kinds = await context.call(context.store.node_kinds, [person_id])
        kind = kinds.get(person_id)
        if kind is None:
            return NotFound(message="no node has this id; nothing was erased", missing=[person_id])
        if kind is not NodeKind.PERSON:
            return invalid_input([InputProblem(
                field="id", value=person_id, message=f"is a {kind.value}, not a Person",
                where=None,
            )])
        try:
            summary = await context.call(context.store.erase_person, person_id)
        except InvalidData:  # erased or merged away between the two calls
            return NotFound(message="no node has this id; nothing was erased", missing=[person_id])
        # The entry must not itself keep the person's name or id.
        await audit(
            context, Action.ERASE, "erased a person under the right to erasure",
            reason=reason, detail=summary.to_dict(),
        )
        return ForgetPersonSuccess(
            relationships=summary.relationships,
            passages=summary.passages,
            properties=summary.properties,
            introductions=summary.introductions,
            version=summary.version,
        )

    @fields.mutation(
        description="Make every person whose consent has expired restricted, so only stewards "
        "see them (as `convene review --restrict`)."
    )
    async def restrict_expired_consent(
        self, info: Info, reason: str = "consent expired"
    ) -> RestrictExpiredConsentResult:
        context = info.context
        if denied := _denied(context):
            return denied
        store = context.store
        expired = await context.call(expired_consent, store)
        people = [p for p in expired if p.level is not Visibility.RESTRICTED]
        if not people:
            return RestrictExpiredConsentSuccess(
                restricted=[], version=await context.call(store.version)
            )
        summary = await context.call(
            store.upsert_nodes,
            [replace(p, visibility=Visibility.RESTRICTED, sources=(), properties={})
             for p in people],
        )
        await audit(
            context, Action.UPSERT, f"restricted {len(people)} people whose consent expired",
            targets=[p.id for p in people], reason=reason,
        )
        return RestrictExpiredConsentSuccess(
            restricted=[strawberry.ID(p.id) for p in people], version=summary.version
        )
