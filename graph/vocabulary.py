"""The words Convene's graph is made of: node kinds, relationship types, scales, visibility.

Everything that names a label, a relationship type or a level anywhere in the product comes
from the enums here, so a store never builds a query from an unchecked string.
"""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    """What a node is."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    FORUM = "Forum"
    """A network, group, programme, advisory group or workshop series."""
    COMMUNITY = "Community"
    """A community of place, condition, identity or practice."""
    INTEREST = "Interest"
    """A shared theme: mental health, coproduction, housing, engagement."""
    PLACE = "Place"


class RelType(StrEnum):
    """How two nodes are related."""

    KNOWS = "KNOWS"
    WORKS_FOR = "WORKS_FOR"
    MEMBER_OF = "MEMBER_OF"
    CONVENES = "CONVENES"
    PARTNERS_WITH = "PARTNERS_WITH"
    PART_OF = "PART_OF"
    INTERESTED_IN = "INTERESTED_IN"
    SERVES = "SERVES"
    LOCATED_IN = "LOCATED_IN"
    PLACED_AT = "PLACED_AT"


class Scale(StrEnum):
    """The level a node works at; sweet spots are where local and national meet."""

    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class Visibility(StrEnum):
    """Who may see a node. Each level sees itself and every level below it."""

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        return _VISIBILITY_RANK[self]

    def allows(self, level: Visibility) -> bool:
        """True when a reader cleared to ``self`` may see data marked ``level``."""
        return level.rank <= self.rank

    def visible_levels(self) -> tuple[Visibility, ...]:
        """The levels a reader cleared to ``self`` may see, lowest first."""
        return tuple(v for v in Visibility if self.allows(v))


_VISIBILITY_RANK = {Visibility.PUBLIC: 0, Visibility.INTERNAL: 1, Visibility.RESTRICTED: 2}


class SourceKind(StrEnum):
    """What kind of evidence asserts a node or relationship."""

    FILE = "file"
    """A whole file (a GraphML or JSON document)."""
    ROW = "row"
    """One row or line of a tabular file; the locator is the row number."""
    PASSAGE = "passage"
    """A passage of a post, thread or document; the locator is the passage."""
    API = "api"
    """A call to the API or the command line by a named caller."""


KIND_BY_VALUE: dict[str, NodeKind] = {k.value: k for k in NodeKind}
TYPE_BY_VALUE: dict[str, RelType] = {t.value: t for t in RelType}
SCALE_BY_VALUE: dict[str, Scale] = {s.value: s for s in Scale}
LEVEL_BY_VALUE: dict[str, Visibility] = {v.value: v for v in Visibility}
SOURCE_KIND_BY_VALUE: dict[str, SourceKind] = {k.value: k for k in SourceKind}
"""Stored text back to enum members: a dict lookup, several times cheaper than ``Enum(value)``
on the millions of rows a graph read decodes."""

_P, _O, _F, _C, _I, _L = (
    NodeKind.PERSON,
    NodeKind.ORGANISATION,
    NodeKind.FORUM,
    NodeKind.COMMUNITY,
    NodeKind.INTEREST,
    NodeKind.PLACE,
)


def _pairs(sources: set[NodeKind], targets: set[NodeKind]) -> frozenset[tuple[NodeKind, NodeKind]]:
    return frozenset((s, t) for s in sources for t in targets)


ENDPOINTS: dict[RelType, frozenset[tuple[NodeKind, NodeKind]]] = {
    RelType.KNOWS: _pairs({_P}, {_P}),
    RelType.WORKS_FOR: _pairs({_P}, {_O}),
    RelType.MEMBER_OF: _pairs({_P, _O}, {_F, _O, _C}),
    RelType.CONVENES: _pairs({_P, _O}, {_F}),
    RelType.PARTNERS_WITH: _pairs({_O}, {_O}),
    # A place is only ever part of a larger place; the others nest among themselves and in places.
    RelType.PART_OF: _pairs({_O, _F, _C}, {_O, _F, _C, _L}) | _pairs({_L}, {_L}),
    RelType.INTERESTED_IN: _pairs({_P, _O, _F, _C}, {_I}),
    RelType.SERVES: _pairs({_P, _O, _F}, {_C}),
    RelType.LOCATED_IN: _pairs({_P, _O, _F, _C}, {_L}),
    RelType.PLACED_AT: _pairs({_P}, {_O}),
}
"""The (source kind, target kind) pairs each relationship type may join."""

SYMMETRIC: frozenset[RelType] = frozenset({RelType.KNOWS, RelType.PARTNERS_WITH})
"""Types with no direction: ``a KNOWS b`` and ``b KNOWS a`` are one relationship."""


def allowed(rel_type: RelType, source: NodeKind, target: NodeKind) -> bool:
    """True when ``rel_type`` may join a ``source`` node to a ``target`` node."""
    return (source, target) in ENDPOINTS[rel_type]


def describe_endpoints(rel_type: RelType) -> str:
    """A readable list of what ``rel_type`` may join, for error messages."""
    pairs = sorted(f"{s.value}->{t.value}" for s, t in ENDPOINTS[rel_type])
    return ", ".join(pairs)
