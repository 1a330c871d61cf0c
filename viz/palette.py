"""The fixed colours and shapes every page draws with.

Colours come from the Okabe-Ito palette [1]_, chosen to stay distinguishable under the
common forms of colour-blindness, and every kind of node also has its own shape, so nothing
on a page is told by colour alone. Text is dark on light throughout.

References
----------
.. [1] M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people" (2002),
   https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from graph.vocabulary import NodeKind, Scale

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"
LIGHT_GREY = "#D9D9D9"
INK = "#1A1A1A"
"""Text, borders of highlighted nodes and the ties of a path."""

KIND_COLOURS: dict[NodeKind, str] = {
    NodeKind.PERSON: BLUE,
    NodeKind.ORGANISATION: ORANGE,
    NodeKind.FORUM: BLUISH_GREEN,
    NodeKind.COMMUNITY: REDDISH_PURPLE,
    NodeKind.INTEREST: YELLOW,
    NodeKind.PLACE: SKY_BLUE,
}

KIND_SHAPES: dict[NodeKind, str] = {
    NodeKind.PERSON: "dot",
    NodeKind.ORGANISATION: "square",
    NodeKind.FORUM: "triangle",
    NodeKind.COMMUNITY: "diamond",
    NodeKind.INTEREST: "star",
    NodeKind.PLACE: "triangleDown",
}
"""vis-network shapes: a second channel beside colour."""

SHAPE_SYMBOLS: dict[str, str] = {
    "dot": "●",
    "square": "■",
    "triangle": "▲",
    "diamond": "◆",
    "star": "★",
    "triangleDown": "▼",
    "hexagon": "⬢",
}
"""How the legend writes each shape."""

SCALE_COLOURS: dict[Scale, str] = {
    Scale.LOCAL: VERMILLION,
    Scale.REGIONAL: ORANGE,
    Scale.NATIONAL: BLUE,
    Scale.INTERNATIONAL: REDDISH_PURPLE,
}
NO_SCALE_COLOUR = LIGHT_GREY

COMMUNITY_COLOURS: tuple[str, ...] = (
    BLUE,
    ORANGE,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    "#7F3C8D",
    "#3D7F3D",
)
"""The largest communities, in rank order; the rest share :data:`OTHER_COLOUR`."""
OTHER_COLOUR = GREY

SUPER_NODE_SHAPE = "hexagon"
"""A community drawn as one node."""

EDGE_COLOUR = "#B0B0B0"
EVIDENCE_EDGE_COLOUR = INK
"""Ties an analysis rests on: a path's hops, a sweet spot's joining ties."""
SUGGESTED_EDGE_COLOUR = VERMILLION
"""The dashed would-be tie of a suggested introduction."""
