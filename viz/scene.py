"""A page before it is HTML: the nodes and ties to draw, how they look, and what to say.

Views (:mod:`viz.views`) decide *what* to draw: a :class:`Selection` of nodes with the roles
some of them play (the node asked about, a path's ends, a mutual contact) and the ties an
analysis rests on. :func:`build_scene` decides *how*: colours, shapes, sizes, tooltips,
positions and the legend. :mod:`viz.page` renders the :class:`Scene` to HTML.

Only nodes of the graph given are ever drawn, and that graph is the one read at the
viewer's clearance: a node the viewer may not see cannot appear, even when an analysis result
computed elsewhere names it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.analysis.projections import Projection, full_graph, tie_keys
from graph.model import Node
from graph.vocabulary import Visibility
from viz import palette
from viz.assets import Assets
from viz.layout import DEFAULT_SEED, PHYSICS_LIMIT, SPRING_LENGTH, positions, uses_physics
from viz.styling import (
    ColorBy,
    CommunityLabels,
    LegendEntry,
    SizeBy,
    colours,
    node_kind,
    node_scale,
    shape_legend,
    shape_of,
    sizes,
)
from viz.tooltips import DetailsLookup, node_tooltip, tie_tooltip

DEFAULT_MAX_NODES = 2_000
MAX_LABEL = 40

ROLE_NOTES = {
    "focus": "The node this page is about.",
    "end": "One end of the paths.",
    "person": "The person the introductions are for.",
    "suggested": "Suggested introduction.",
    "mutual": "Mutual contact who could make the introduction.",
    "item": "Named by the analysis.",
    "local": "Local actor.",
    "national": "National actor.",
}
"""What each role adds to a node's tooltip."""

ROLE_BORDERS = {"focus": 5, "end": 5, "person": 5, "mutual": 4, "suggested": 3, "item": 3}


@dataclass(frozen=True, slots=True)
class PageOptions:
    """How to draw any view. ``None`` for colour or size means the view's own default."""

    color_by: ColorBy | None = None
    size_by: SizeBy | None = None
    assets: Assets = field(default_factory=Assets)
    details: DetailsLookup | None = None
    """Looks up stored nodes for descriptions and sources; without it tooltips omit them."""
    communities: CommunityLabels | None = None
    """Community of each node; computed (seeded) when colouring by community without it."""
    focus_url: str | None = None
    """Where clicking a node goes, ``{id}`` standing for its id (URL-encoded by the page);
    ``None`` in a written file: a click selects the node and shows its details instead."""
    community_url: str | None = None
    """Where clicking a community's node goes in the grouped view, ``{n}`` standing for its
    number; ``None`` in a written file."""
    home_url: str | None = None
    """The landing page, linked from the page's header when served."""
    max_nodes: int = DEFAULT_MAX_NODES
    physics_limit: int = PHYSICS_LIMIT
    seed: int = DEFAULT_SEED
    version: int | None = None
    """The graph version the page was drawn from (shown in its footer)."""
    clearance: Visibility | None = None
    """The clearance the graph was read at (shown in its footer)."""


@dataclass(slots=True)
class VizNode:
    id: str
    label: str
    title: str
    colour: str
    shape: str
    size: float
    kind: str | None = None
    scale: str | None = None
    community: int | None = None
    role: str | None = None
    x: float | None = None
    y: float | None = None
    link: str | None = None
    """Where clicking this node goes, overriding the page's ``focus_url`` (super-nodes)."""


@dataclass(slots=True)
class VizEdge:
    source: str
    target: str
    title: str
    colour: str = palette.EDGE_COLOUR
    width: float = 1.0
    dashes: bool = False
    kind: str = "tie"
    """``tie`` (a relationship in the graph), ``evidence`` (one an analysis rests on) or
    ``suggested`` (a would-be tie)."""


@dataclass(frozen=True, slots=True)
class PanelItem:
    """One answer of the analysis, listed beside the drawing."""

    rank: int
    name: str
    explanation: str
    node: str | None = None
    """The node to select when the item is clicked."""


@dataclass(slots=True)
class Scene:
    view: str
    title: str
    nodes: list[VizNode]
    edges: list[VizEdge]
    subtitle: str = ""
    notices: list[str] = field(default_factory=list)
    colour_legend: list[LegendEntry] = field(default_factory=list)
    colour_title: str = ""
    shape_legend: list[LegendEntry] = field(default_factory=list)
    edge_legend: list[LegendEntry] = field(default_factory=list)
    size_note: str = ""
    items: list[PanelItem] = field(default_factory=list)
    physics: bool = True
    focus_node: str | None = None
    options: PageOptions = field(default_factory=PageOptions)
    spring_length: int = SPRING_LENGTH
    """Rest length of ties in the browser's simulation: longer for few, big nodes."""

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]


@dataclass(slots=True)
class Selection:
    """What a view draws: nodes (in order), their roles, the ties to emphasise, and extras."""

    order: dict[Hashable, None] = field(default_factory=dict)
    roles: dict[Hashable, str] = field(default_factory=dict)
    notes: dict[Hashable, str] = field(default_factory=dict)
    evidence: set[frozenset[Hashable]] = field(default_factory=set)
    """Ties (as node pairs) an analysis rests on: drawn dark and thick."""
    extra_edges: list[tuple[Hashable, Hashable, VizEdge]] = field(default_factory=list)
    """Edges that are not ties of the graph (a would-be introduction, a people-projection
    hop); drawn only when both ends are drawn."""
    scores: dict[str, float] = field(default_factory=dict)
    """Node id to the score it is sized by (``--size-by score``)."""
    item_scores: dict[Hashable, Mapping[str, float]] = field(default_factory=dict)
    """Node to the analysis's scores for it, listed in its tooltip."""

    @property
    def nodes(self) -> list[Hashable]:
        return list(self.order)

    def add(self, node: Hashable, role: str | None = None) -> None:
        """Draw ``node``; the first role given to a node is the one it keeps."""
        self.order.setdefault(node, None)
        if role is not None:
            self.roles.setdefault(node, role)

    def extend(self, nodes: Iterable[Hashable]) -> None:
        for node in nodes:
            self.order.setdefault(node, None)

    def __len__(self) -> int:
        return len(self.order)


def as_full(G: nx.Graph) -> nx.Graph:
    """``G`` as the full projection (one undirected tie per pair), projecting it if needed."""
    if G.graph.get("projection") == Projection.FULL:
        return G
    if G.is_multigraph() or G.is_directed():
        return full_graph(G)
    return G


def label_of(G: nx.Graph, node: Hashable) -> str:
    name = str(G.nodes[node].get("name") or node)
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def _lookup(options: PageOptions, ids: Sequence[str]) -> Mapping[str, Node]:
    if options.details is None or not ids:
        return {}
    return options.details(ids)


def community_labels(H: nx.Graph, options: PageOptions) -> CommunityLabels:
    """The options' community labels, or the seeded communities of ``H``."""
    if options.communities is not None:
        return options.communities
    from graph.analysis.communities import communities

    return CommunityLabels.from_result(communities(H, seed=options.seed))


def build_scene(
    H: nx.Graph,
    selection: Selection,
    options: PageOptions,
    *,
    view: str,
    title: str,
    subtitle: str = "",
    default_color: ColorBy = ColorBy.KIND,
    default_size: SizeBy = SizeBy.DEGREE,
    notices: Sequence[str] = (),
    items: Sequence[PanelItem] = (),
    focus_node: Hashable | None = None,
) -> Scene:
    """Turn ``selection`` into a :class:`Scene`: only nodes of ``H`` are drawn."""
    ids = [n for n in selection.order if n in H]
    drawn = H.subgraph(ids)
    color_by = options.color_by or default_color
    size_by = options.size_by or default_size
    labels = community_labels(H, options) if color_by is ColorBy.COMMUNITY else options.communities
    fill, colour_legend = colours(H, ids, color_by, labels)
    sized: nx.Graph = drawn
    if size_by is SizeBy.BETWEENNESS and selection.extra_edges:
        sized = nx.Graph(drawn)  # would-be ties and projected hops count as paths too
        sized.add_edges_from(
            (u, v) for u, v, _ in selection.extra_edges if u in drawn and v in drawn
        )
    size, size_note = sizes(H, sized, size_by, selection.scores)
    physics = uses_physics(len(ids), options.physics_limit)
    where = {} if physics else positions(drawn, seed=options.seed)
    stored = _lookup(options, [str(n) for n in ids])

    nodes: list[VizNode] = []
    for n in ids:
        data = H.nodes[n]
        kind = node_kind(data)
        scale = node_scale(data)
        role = selection.roles.get(n)
        community = labels.membership.get(n) if labels is not None else None
        note = selection.notes.get(n) or (ROLE_NOTES.get(role) if role else None)
        title_html = node_tooltip(
            H,
            n,
            stored=stored.get(str(n)),
            community=labels.names.get(community) if labels and community else None,
            scores=selection.item_scores.get(n),
            note=note,
        )
        x, y = where.get(n, (None, None))
        nodes.append(
            VizNode(
                id=str(n),
                label=label_of(H, n),
                title=title_html,
                colour=fill[n],
                shape=shape_of(kind),
                size=size[n],
                kind=kind.value if kind else None,
                scale=scale.value if scale else None,
                community=community,
                role=role,
                x=x,
                y=y,
            )
        )

    edges: list[VizEdge] = []
    for u, v in drawn.edges():
        emphasised = frozenset((u, v)) in selection.evidence
        edges.append(
            VizEdge(
                source=str(u),
                target=str(v),
                title=tie_tooltip(H, u, v, tie_keys(H, u, v)),
                colour=palette.EVIDENCE_EDGE_COLOUR if emphasised else palette.EDGE_COLOUR,
                width=3.0 if emphasised else 1.0,
                kind="evidence" if emphasised else "tie",
            )
        )
    for u, v, edge in selection.extra_edges:
        if u in drawn and v in drawn:
            edges.append(edge)

    edge_legend: list[LegendEntry] = []
    kinds = {e.kind for e in edges}
    if "tie" in kinds:
        edge_legend.append(LegendEntry("tie", palette.EDGE_COLOUR, line="solid"))
    if "evidence" in kinds:
        edge_legend.append(
            LegendEntry("tie the analysis rests on", palette.EVIDENCE_EDGE_COLOUR, line="bold")
        )
    if "suggested" in kinds:
        edge_legend.append(
            LegendEntry("suggested introduction", palette.SUGGESTED_EDGE_COLOUR, line="dashed")
        )
    return Scene(
        view=view,
        title=title,
        subtitle=subtitle,
        nodes=nodes,
        edges=edges,
        notices=list(notices),
        colour_legend=colour_legend,
        colour_title=f"Colour: {color_by.value}",
        shape_legend=shape_legend(H, ids) if color_by is not ColorBy.KIND else [],
        edge_legend=edge_legend,
        size_note=size_note,
        items=list(items),
        physics=physics,
        focus_node=str(focus_node) if focus_node is not None and focus_node in H else None,
        options=options,
    )
