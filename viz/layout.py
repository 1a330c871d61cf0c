"""Where nodes go: the browser's physics for small pages, a precomputed layout for big ones.

Up to :data:`PHYSICS_LIMIT` nodes, vis-network's force simulation places the nodes in the
browser (seeded, stabilised before the first drawing, then switched off so nothing drifts).
Beyond that a simulation in the browser takes many seconds, so the positions are computed
here with the Fruchterman-Reingold force-directed layout [1]_ (igraph's C implementation,
using its grid approximation on big graphs; a seeded random number generator makes it
repeatable), one connected part at a time with the parts packed in rows, and the page
draws them at once with physics off and straight edges. Labels are drawn only once a
viewer zooms in far enough to read them.

References
----------
.. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed placement",
   Software: Practice and Experience 21(11), 1129-1164 (1991).
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Hashable
from typing import Any

import igraph as ig  # type: ignore[import-untyped]
import networkx as nx

from viz.palette import EDGE_COLOUR

PHYSICS_LIMIT = 300
"""Pages with more nodes than this get a precomputed layout and no physics."""
SPACING = 60.0
"""Pixels per node along each side of the layout's square (the side grows as sqrt(n))."""
DEFAULT_SEED = 0

_RNG_LOCK = threading.Lock()


def uses_physics(node_count: int, limit: int = PHYSICS_LIMIT) -> bool:
    """True when the browser should lay out ``node_count`` nodes itself."""
    return node_count <= limit


def _component_layout(graph: Any) -> list[tuple[float, float]]:
    """Force-directed coordinates of one connected igraph graph, in its own units."""
    n = graph.vcount()
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(0.0, 0.0), (1.0, 0.0)]
    return [(float(x), float(y)) for x, y in graph.layout_fruchterman_reingold(niter=500).coords]


def _fit(coords: list[tuple[float, float]], side: float) -> list[tuple[float, float]]:
    """``coords`` scaled into a ``side`` x ``side`` box with its corner at 0, 0."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span == 0:
        return [(side / 2, side / 2) for _ in coords]
    factor = side / span
    return [((x - min(xs)) * factor, (y - min(ys)) * factor) for x, y in coords]


def positions(G: nx.Graph, *, seed: int = DEFAULT_SEED) -> dict[Hashable, tuple[float, float]]:
    """Seeded force-directed positions in pixels, centred on 0.

    Each connected part is laid out on its own in a square of side ``SPACING * sqrt(n)``
    (``n`` its nodes), and the squares are packed in rows, largest first: a force-directed
    layout of a disconnected graph would fling the small parts far away and shrink the big
    one to a dot when the page fits everything in the window.

    Examples
    --------
    >>> import networkx as nx
    >>> first = positions(nx.path_graph(5), seed=1)
    >>> first == positions(nx.path_graph(5), seed=1)
    True
    >>> sorted(first) == [0, 1, 2, 3, 4]
    True
    """
    ids = list(G)
    if not ids:
        return {}
    index = {node: i for i, node in enumerate(ids)}
    graph = ig.Graph(n=len(ids), edges=[(index[u], index[v]) for u, v in G.edges() if u != v])
    parts = sorted(graph.connected_components(), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[list[int], list[tuple[float, float]], float]] = []
    with _RNG_LOCK:  # igraph's generator is global: draw from ours, then give it back
        ig.set_random_number_generator(random.Random(seed))
        try:
            for members in parts:
                side = SPACING * math.sqrt(len(members))
                coords = _component_layout(graph.induced_subgraph(members))
                boxes.append((list(members), _fit(coords, side), side))
        finally:
            ig.set_random_number_generator(random)
    gap = SPACING
    row_width = max(boxes[0][2], math.sqrt(sum((b[2] + gap) ** 2 for b in boxes)))
    placed: list[tuple[int, float, float]] = []
    x = y = row_height = 0.0
    for members, coords, side in boxes:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        placed.extend((v, x + cx, y + cy) for v, (cx, cy) in zip(members, coords, strict=True))
        x += side + gap
        row_height = max(row_height, side)
    xs = [p[1] for p in placed]
    ys = [p[2] for p in placed]
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {ids[v]: (round(px - mid_x, 1), round(py - mid_y, 1)) for v, px, py in placed}


LABEL_THRESHOLD = 9
"""Labels smaller than this on screen (in pixels) are not drawn."""
SPRING_LENGTH = 110
"""The rest length of a tie in the browser's simulation, in pixels."""


def vis_options(
    *,
    physics: bool,
    seed: int = DEFAULT_SEED,
    edges: int = 0,
    spring_length: int = SPRING_LENGTH,
) -> dict[str, Any]:
    """vis-network options for a page drawn with or without physics (``spring_length``:
    longer for pages of few, big nodes)."""
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#1A1A1A",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
            # Labels smaller than this many pixels on screen are not drawn (a zoomed-out
            # big network would otherwise be a grey blur of text).
            "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_THRESHOLD}},
        },
        "edges": {
            "width": 1,
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "color": {
                "color": EDGE_COLOUR,
                "highlight": EDGE_COLOUR,
                "hover": EDGE_COLOUR,
                "inherit": False,
            },
            "smooth": False if not physics or edges > 1_000 else {"type": "continuous"},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": not physics,
            "hideEdgesOnZoom": not physics,
        },
        "layout": {"randomSeed": seed, "improvedLayout": physics},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": spring_length,
                "avoidOverlap": 0.4 if spring_length <= SPRING_LENGTH else 1.0,
            },
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
    return options
