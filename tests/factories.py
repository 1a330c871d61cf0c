"""Small builders for test data, so each test says only what matters to it."""

from __future__ import annotations

from typing import Any

from graph.model import Node, Relationship, Source
from graph.vocabulary import NodeKind, RelType, SourceKind


def node(node_id: str, kind: NodeKind | str = NodeKind.PERSON, name: str | None = None,
         **fields: Any) -> Node:
    return Node(id=node_id, kind=kind, name=name or node_id.title(), **fields)


def rel(source: str, rel_type: RelType | str, target: str, **fields: Any) -> Relationship:
    return Relationship(source=source, type=rel_type, target=target, **fields)


def row_source(origin: str = "people.csv", row: int = 2, run: str | None = "run-1") -> Source:
    return Source(kind=SourceKind.ROW, origin=origin, locator=str(row), run=run)


def small_network() -> tuple[list[Node], list[Relationship]]:
    """Two people at a trust, one convening a national forum, one restricted person."""
    nodes = [
        node("ada", name="Ada Lovelace", scale="local", visibility="public"),
        node("bob", name="Bob Kerslake", scale="national", visibility="internal"),
        node("cas", name="Casey Townsend", visibility="restricted"),
        node("trust", NodeKind.ORGANISATION, "North Essex Partnership", scale="local",
             aliases=("NEP", "North Essex Partnership University Foundation Trust")),
        node("nhse", NodeKind.ORGANISATION, "NHS England", scale="national",
             aliases=("NHSE", "@NHSEngland")),
        node("forum", NodeKind.FORUM, "NHS Citizen Advisory Group", scale="national"),
        node("mh", NodeKind.INTEREST, "Mental health"),
        node("dorset", NodeKind.PLACE, "Dorset", scale="local"),
    ]
    rels = [
        rel("ada", RelType.WORKS_FOR, "trust", role="Nurse"),
        rel("bob", RelType.WORKS_FOR, "nhse"),
        rel("ada", RelType.KNOWS, "bob", since="2014-06-26"),
        rel("bob", RelType.CONVENES, "forum"),
        rel("ada", RelType.MEMBER_OF, "forum"),
        rel("cas", RelType.KNOWS, "ada"),
        rel("cas", RelType.MEMBER_OF, "forum"),
        rel("ada", RelType.INTERESTED_IN, "mh"),
        rel("trust", RelType.PARTNERS_WITH, "nhse", weight=2.0),
        rel("trust", RelType.LOCATED_IN, "dorset"),
    ]
    return nodes, rels
