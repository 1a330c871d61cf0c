"""The graph's vocabulary as GraphQL enums: the same enums the store uses, registered once.

GraphQL names the members (``PERSON``, ``KNOWS``, ``PUBLIC``); their values are the stored
words (``Person``, ``KNOWS``, ``public``).
"""

from __future__ import annotations

import strawberry

from api.access import Role
from graph.vocabulary import NodeKind, RelType, Scale, SourceKind, Visibility

strawberry.enum(NodeKind, description="What a node is.")
strawberry.enum(RelType, description="How two nodes are related.")
strawberry.enum(Scale, description="The level a node works at.")
strawberry.enum(
    Visibility,
    description="Who may see a node: viewers public, members internal, stewards restricted.",
)
strawberry.enum(SourceKind, description="What kind of evidence asserts a fact.")
strawberry.enum(Role, description="What a caller may see and do.")

__all__ = ["NodeKind", "RelType", "Role", "Scale", "SourceKind", "Visibility"]
