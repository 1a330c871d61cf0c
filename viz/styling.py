"""How nodes look: colour by kind, scale or community; size by degree, betweenness or score.

Every function here is pure: it takes the graph being drawn and returns a mapping from node id
to a colour or a size, plus the legend entries that explain it. Shapes always follow the
node's kind (see :mod:`viz.palette`), so colour is never the only clue.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from graph.analysis.results import AnalysisResult
from graph.vocabulary import NodeKind, Scale
from viz import palette

MIN_SIZE = 10.0
MAX_SIZE = 40.0
"""Node radius in pixels at zoom 1, for the smallest and the largest value."""

SCORE_KEYS = ("score", "betweenness", "strength", "size")
"""The score a node is sized by, in order of preference, when an item has several."""


class ColorBy(StrEnum):
    """What a node's colour says."""

    KIND = "kind"
    SCALE = "scale"
    COMMUNITY = "community"


class SizeBy(StrEnum):
    """What a node's size says."""

    DEGREE = "degree"
    """Ties in the whole graph the viewer can see (not only those drawn)."""
    BETWEENNESS = "betweenness"
    """Betweenness within what is drawn (exact: a page draws at most a few thousand nodes)."""
    SCORE = "score"
    """The analysis's score for the node (degree where the view has no scores)."""


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of a legend: a swatch (colour and shape symbol), a label, and a count."""

    label: str
    colour: str = palette.GREY
    symbol: str = palette.SHAPE_SYMBOLS["dot"]
    count: int | None = None
    line: str | None = None
    """For edge entries: ``solid``, ``dashed`` or ``bold``."""


@dataclass(frozen=True, slots=True)
class CommunityLabels:
    """Which community each node belongs to (numbered from 1, largest first) and its name."""

    membership: Mapping[Hashable, int]
    names: Mapping[int, str]

    @classmethod
    def from_result(cls, result: AnalysisResult) -> CommunityLabels:
        """From :func:`graph.analysis.communities.communities`: item ``n`` (1-based) lists
        its ``members``."""
        membership: dict[Hashable, int] = {}
        names: dict[int, str] = {}
        for number, item in enumerate(result.items, start=1):
            names[number] = item.name
            for member in item.details.get("members", ()):
                membership[member] = number
        return cls(membership, names)


def node_kind(data: Mapping[str, Any]) -> NodeKind | None:
    kind = data.get("kind")
    return kind if isinstance(kind, NodeKind) else None


def node_scale(data: Mapping[str, Any]) -> Scale | None:
    """A node's own scale, else the one it takes from its place (``effective_scale``)."""
    scale = data.get("effective_scale") or data.get("scale")
    return scale if isinstance(scale, Scale) else None


def shape_of(kind: NodeKind | None) -> str:
    return palette.KIND_SHAPES.get(kind, "dot") if kind is not None else "dot"


def community_colour(number: int | None) -> str:
    if number is None or not 1 <= number <= len(palette.COMMUNITY_COLOURS):
        return palette.OTHER_COLOUR
    return palette.COMMUNITY_COLOURS[number - 1]


def colours(
    G: nx.Graph,
    nodes: Iterable[Hashable],
    color_by: ColorBy,
    communities: CommunityLabels | None = None,
) -> tuple[dict[Hashable, str], list[LegendEntry]]:
    """Each node's colour and the legend for it, counting only ``nodes`` (those drawn)."""
    chosen = list(nodes)
    out: dict[Hashable, str] = {}
    legend: list[LegendEntry] = []
    if color_by is ColorBy.KIND:
        counts: dict[NodeKind | None, int] = {}
        for n in chosen:
            kind = node_kind(G.nodes[n])
            out[n] = palette.KIND_COLOURS.get(kind, palette.GREY) if kind else palette.GREY
            counts[kind] = counts.get(kind, 0) + 1
        for kind in NodeKind:
            if kind in counts:
                legend.append(
                    LegendEntry(
                        kind.value,
                        palette.KIND_COLOURS[kind],
                        palette.SHAPE_SYMBOLS[palette.KIND_SHAPES[kind]],
                        counts[kind],
                    )
                )
        return out, legend
    if color_by is ColorBy.SCALE:
        scale_counts: dict[Scale | None, int] = {}
        for n in chosen:
            scale = node_scale(G.nodes[n])
            out[n] = palette.SCALE_COLOURS[scale] if scale else palette.NO_SCALE_COLOUR
            scale_counts[scale] = scale_counts.get(scale, 0) + 1
        for scale in Scale:
            if scale in scale_counts:
                legend.append(
                    LegendEntry(
                        scale.value, palette.SCALE_COLOURS[scale], count=scale_counts[scale]
                    )
                )
        if None in scale_counts:
            legend.append(
                LegendEntry("no scale known", palette.NO_SCALE_COLOUR, count=scale_counts[None])
            )
        return out, legend
    labels = communities or CommunityLabels({}, {})
    numbers: dict[int | None, int] = {}
    for n in chosen:
        number = labels.membership.get(n)
        out[n] = community_colour(number)
        key = number if number is not None and number <= len(palette.COMMUNITY_COLOURS) else None
        numbers[key] = numbers.get(key, 0) + 1
    for number in sorted(k for k in numbers if k is not None):
        name = labels.names.get(number, f"Community {number}")
        legend.append(
            LegendEntry(f"{number}. {name}", community_colour(number), count=numbers[number])
        )
    if None in numbers:
        legend.append(LegendEntry("smaller communities", palette.OTHER_COLOUR, count=numbers[None]))
    return out, legend


def shape_legend(G: nx.Graph, nodes: Collection[Hashable]) -> list[LegendEntry]:
    """The shape of each kind drawn (shown beside a colour legend that is not by kind)."""
    kinds = {node_kind(G.nodes[n]) for n in nodes}
    return [
        LegendEntry(kind.value, palette.INK, palette.SHAPE_SYMBOLS[palette.KIND_SHAPES[kind]])
        for kind in NodeKind
        if kind in kinds
    ]


def primary_score(scores: Mapping[str, float]) -> float | None:
    """The score to size a node by: the first of :data:`SCORE_KEYS` it has, else its first."""
    for key in SCORE_KEYS:
        if key in scores:
            return float(scores[key])
    for value in scores.values():
        return float(value)
    return None


def item_scores(result: AnalysisResult | None) -> dict[str, float]:
    """Node id to primary score, for the items of ``result`` that are about one node."""
    out: dict[str, float] = {}
    if result is None:
        return out
    for item in result.items:
        value = primary_score(item.scores)
        if value is not None and math.isfinite(value):
            out.setdefault(item.id, value)
    return out


def scale_sizes(values: Mapping[Any, float], nodes: Sequence[Hashable]) -> dict[Hashable, float]:
    """Sizes between :data:`MIN_SIZE` and :data:`MAX_SIZE`, by the square root of each value
    over the largest (area grows with the value). Nodes without a value get the smallest."""
    top = max((v for n in nodes if math.isfinite(v := values.get(n, 0.0)) and v > 0), default=0.0)
    out: dict[Hashable, float] = {}
    for n in nodes:
        v = values.get(n, 0.0)
        share = math.sqrt(v / top) if top > 0 and math.isfinite(v) and v > 0 else 0.0
        out[n] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share, 2)
    return out


def sizes(
    G: nx.Graph,
    drawn: nx.Graph,
    size_by: SizeBy,
    scores: Mapping[str, float] | None = None,
) -> tuple[dict[Hashable, float], str]:
    """Each drawn node's size, and a sentence saying what size means on this page.

    ``G`` is the whole graph the viewer can see (degree is counted there); ``drawn`` the part
    on the page (betweenness is computed there).
    """
    nodes = list(drawn)
    if size_by is SizeBy.SCORE and scores:
        return scale_sizes(scores, nodes), "Size: the analysis's score."
    if size_by is SizeBy.BETWEENNESS:
        from graph.analysis.brokers import betweenness

        between = betweenness(drawn, None) if drawn.number_of_nodes() > 2 else {}
        return (
            scale_sizes(between, nodes),
            "Size: betweenness among the nodes drawn (how often a node lies between others).",
        )
    degree = {n: float(G.degree(n)) if n in G else 0.0 for n in nodes}
    note = "Size: number of ties."
    if size_by is SizeBy.SCORE:
        note = "Size: number of ties (this view has no scores)."
    return scale_sizes(degree, nodes), note
