"""Appending to the audit log from a resolver: who (the caller's actor), what, and why.

Every successful write through the API appends one entry after it commits, as the command
line does; uploaded files are audited by :func:`loaders.load.load_paths` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from api.graphql.context import GraphQLContext
from graph.records import Action, AuditEntry


async def audit(
    context: GraphQLContext,
    action: Action,
    summary: str,
    *,
    targets: Iterable[str] = (),
    reason: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry naming the caller (``key:<label>``) and the request it came from."""
    entry = AuditEntry(
        action=action,
        actor=context.principal.actor,
        summary=summary,
        targets=tuple(targets),
        reason=reason,
        detail={**(detail or {}), "request": context.request_id},
    )
    return await context.call(context.store.record_audit, entry)
