"""``me``: who the API takes the caller to be, and what that role may do."""

from __future__ import annotations

import strawberry

from api.access import Role
from api.graphql import fields
from api.graphql.nodes.types import Info
from graph.vocabulary import Visibility


@strawberry.type(description="The caller as the API sees them.")
class Caller:
    role: Role
    actor: str = strawberry.field(
        description="How changes and logs name the caller: the key's label, or `anonymous`."
    )
    clearance: Visibility = strawberry.field(description="The most sensitive level visible.")
    can_write: bool


@strawberry.type
class AccessQueries:
    @fields.field(description="The caller's role and what it allows.")
    def me(self, info: Info) -> Caller:
        principal = info.context.principal
        return Caller(
            role=principal.role,
            actor=principal.actor,
            clearance=principal.clearance,
            can_write=principal.can_write,
        )
