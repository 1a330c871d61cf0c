"""A small health and social care network for the pages' tests.

Casey is restricted. At full clearance Casey is the only tie between Dee and Eve and one of
the mutual contacts of Fay and Gus; below it, Casey must not appear anywhere: not as a node,
a path intermediary, a mutual contact, nor in a tooltip.
"""

from __future__ import annotations

from factories import node, rel, row_source

from graph.model import Node, Relationship
from graph.vocabulary import NodeKind, RelType

EVIL_NAME = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
"""A person's name that would run script if a page put it into markup unescaped."""
RESTRICTED = "Casey Townsend"


def network() -> tuple[list[Node], list[Relationship]]:
    src = row_source
    nodes = [
        node(
            "ada",
            name="Ada Lovelace",
            scale="local",
            visibility="public",
            place="dorset",
            description="Nurse lead <b>and</b> coproduction champion",
            sources=(src("people.csv", 2),),
        ),
        node(
            "bob",
            name="Bob Kerslake",
            scale="national",
            visibility="public",
            sources=(src("people.csv", 3),),
        ),
        node(
            "cas",
            name=RESTRICTED,
            scale="local",
            visibility="restricted",
            description="Casey's private note",
            sources=(src("secret.csv", 9),),
        ),
        node("dee", name="Dee Okafor", scale="local", visibility="public"),
        node("eve", name="Eve Marsh", scale="national", visibility="internal"),
        node("fay", name="Fay Wilde", scale="local", visibility="public"),
        node("gus", name="Gus Grant", scale="national", visibility="public"),
        node("hal", name="Hal Ibsen", visibility="public"),
        node(
            "evil",
            name=EVIL_NAME,
            scale="local",
            visibility="public",
            description='</script><script>alert("d")</script>',
        ),
        node("trust", NodeKind.ORGANISATION, "North Dorset Trust", scale="local"),
        node("nhse", NodeKind.ORGANISATION, "NHS England", scale="national"),
        node("forum", NodeKind.FORUM, "Citizen Advisory Group", scale="national"),
        node("mh", NodeKind.INTEREST, "Mental health"),
        node("dorset", NodeKind.PLACE, "Dorset", scale="local"),
    ]
    rels = [
        rel("ada", RelType.WORKS_FOR, "trust", role="Nurse"),
        rel("bob", RelType.WORKS_FOR, "nhse"),
        rel("eve", RelType.WORKS_FOR, "nhse"),
        rel("ada", RelType.KNOWS, "bob"),
        rel("ada", RelType.MEMBER_OF, "forum"),
        rel("bob", RelType.CONVENES, "forum"),
        rel("dee", RelType.MEMBER_OF, "forum"),
        rel("dee", RelType.KNOWS, "cas"),
        rel("cas", RelType.KNOWS, "eve"),
        rel("fay", RelType.KNOWS, "cas"),
        rel("gus", RelType.KNOWS, "cas"),
        rel("fay", RelType.KNOWS, "hal"),
        rel("hal", RelType.KNOWS, "gus"),
        rel("fay", RelType.MEMBER_OF, "forum"),
        rel("gus", RelType.MEMBER_OF, "forum"),
        rel("ada", RelType.INTERESTED_IN, "mh"),
        rel("bob", RelType.INTERESTED_IN, "mh"),
        rel("evil", RelType.KNOWS, "ada"),
        rel("trust", RelType.PARTNERS_WITH, "nhse", weight=2.0),
        rel("trust", RelType.LOCATED_IN, "dorset"),
    ]
    return nodes, rels
