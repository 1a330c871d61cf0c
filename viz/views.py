"""The views: each a pure function from a graph (and an analysis result) to a page.

Every ``*_scene`` function returns a :class:`~viz.scene.Scene`; every ``*_page`` function
the HTML of that scene. ``G`` is always the graph read at the viewer's clearance: the
store's :class:`networkx.MultiDiGraph` or its full projection (see
:func:`viz.scene.as_full`). Nothing outside ``G`` is drawn, and an analysis item that names
a node outside ``G`` (a result computed for someone cleared higher) is left out whole.

========================  ===========================================================
view                      what it draws
========================  ===========================================================
:func:`network_page`      the whole network; beyond ``max_nodes`` the most connected
                          nodes with a notice of what is hidden, or (``grouped``) one
                          node per community
:func:`focus_page`        one node's own network to ``hops`` ties
:func:`paths_page`        the shortest paths between two nodes
:func:`community_page`    one community, with what characterises it
:func:`brokers_page`      the brokers, sized by their score, and their contacts
:func:`sweet_spots_page`  where local and national actors meet, and the ties joining them
:func:`introductions_page` one person's suggested introductions: a dashed would-be tie to
                          each suggested person, and the mutual contacts
========================  ===========================================================
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

import networkx as nx

from graph.analysis.results import AnalysisResult, ResultItem
from graph.errors import InvalidData, Problem
from viz import palette
from viz.page import render
from viz.scene import (
    PageOptions,
    PanelItem,
    Scene,
    Selection,
    VizEdge,
    VizNode,
    as_full,
    build_scene,
    community_labels,
)
from viz.styling import (
    ColorBy,
    CommunityLabels,
    LegendEntry,
    SizeBy,
    community_colour,
    item_scores,
    node_kind,
    scale_sizes,
)
from viz.tooltips import text_tooltip

_PLURALS = {
    "Person": "people",
    "Organisation": "organisations",
    "Forum": "forums",
    "Community": "communities",
    "Interest": "interests",
    "Place": "places",
}


class UnknownNode(InvalidData):
    """A node asked for is not in the graph the viewer may see (or does not exist at all:
    the two are never told apart)."""

    def __init__(self, field: str, node_id: Any) -> None:
        super().__init__([Problem(field, node_id, "no node has this id (or it is not visible)")])


class UnknownItem(InvalidData):
    """An analysis item asked for (a community number) does not exist."""


def _require(H: nx.Graph, field: str, node_id: Any) -> None:
    if node_id not in H:
        raise UnknownNode(field, node_id)


def _name(H: nx.Graph, node: Hashable) -> str:
    return str(H.nodes[node].get("name") or node)


def _count_by_kind(H: nx.Graph, nodes: Iterable[Hashable]) -> str:
    counts = Counter((kind.value if (kind := node_kind(H.nodes[n])) else "other") for n in nodes)
    parts = [f"{n:,} {_PLURALS.get(k, k)}" for k, n in counts.most_common()]
    return ", ".join(parts)


def _degree_order(H: nx.Graph, nodes: Iterable[Hashable]) -> list[Hashable]:
    return sorted(nodes, key=lambda v: (-H.degree(v), _name(H, v).casefold(), str(v)))


_DETAIL_NODE_LISTS = ("nodes", "via", "members", "local", "national")
_DETAIL_NODES = ("person", "suggested")


def admissible(H: nx.Graph, item: ResultItem, *, lists: Sequence[str] = _DETAIL_NODE_LISTS) -> bool:
    """True when every node ``item`` names (evidence, path, mutual contacts) is in ``H``."""
    named: list[Any] = list(item.evidence.nodes)
    for key in lists:
        value = item.details.get(key)
        if isinstance(value, list | tuple):
            named.extend(value)
    for key in _DETAIL_NODES:
        if key in item.details:
            named.append(item.details[key])
    return all(n in H for n in named)


def _add_evidence(sel: Selection, H: nx.Graph, item: ResultItem) -> None:
    sel.extend(n for n in item.evidence.nodes if n in H)
    for s, _t, d in item.evidence.relationships:
        if s in H and d in H:
            sel.add(s)
            sel.add(d)
            sel.evidence.add(frozenset((s, d)))


def _cap(H: nx.Graph, sel: Selection, max_nodes: int, what: str) -> list[str]:
    """Keep the first ``max_nodes`` of ``sel`` (those with a role first); the notice."""
    if len(sel) <= max_nodes:
        return []
    ordered = [n for n in sel.order if n in sel.roles] + [
        n for n in sel.order if n not in sel.roles
    ]
    kept, hidden = ordered[:max_nodes], ordered[max_nodes:]
    sel.order = dict.fromkeys(kept)
    return [
        f"Showing {max_nodes:,} of the {len(ordered):,} nodes {what}; "
        f"{len(hidden):,} are not drawn ({_count_by_kind(H, hidden)})."
    ]


# -- the whole network ---------------------------------------------------------------------------


def network_scene(
    G: nx.Graph, options: PageOptions | None = None, *, grouped: bool = False
) -> Scene:
    """The whole network the viewer may see.

    Up to ``options.max_nodes`` nodes are drawn one by one. Beyond that, either the most
    connected ``max_nodes`` are drawn with a notice naming how many of each kind are hidden,
    or, with ``grouped``, each community becomes one node sized by its members and joined to
    the others by the number of ties between them.
    """
    opts = options or PageOptions()
    H = as_full(G)
    n, m = H.number_of_nodes(), H.number_of_edges()
    if grouped:
        return grouped_scene(H, opts)
    sel = Selection()
    notices: list[str] = []
    if n <= opts.max_nodes:
        sel.extend(H)
    else:
        ranked = _degree_order(H, H)
        kept, hidden = ranked[: opts.max_nodes], ranked[opts.max_nodes :]
        sel.extend(kept)
        notices.append(
            f"Showing the {len(kept):,} most connected of {n:,} nodes. "
            f"Not drawn: {len(hidden):,} ({_count_by_kind(H, hidden)}). "
            "Open a node's own network, a community, or the network grouped by community "
            "to see them."
        )
    return build_scene(
        H,
        sel,
        opts,
        view="network",
        title="The whole network",
        subtitle=f"{n:,} nodes and {m:,} ties",
        notices=notices,
    )


def _short(name: str) -> str:
    """A community's label on the drawing: the first of its features (the legend and the
    tooltip give them all)."""
    return name.split(" · ", maxsplit=1)[0]


def grouped_scene(G: nx.Graph, options: PageOptions | None = None) -> Scene:
    """Each community as one node (a hexagon sized by its members), tied to the others by
    the number of ties between their members."""
    opts = options or PageOptions()
    H = as_full(G)
    labels = community_labels(H, opts)
    members: dict[int, list[Hashable]] = {}
    for node in H:
        members.setdefault(labels.membership.get(node, 0), []).append(node)
    numbers = sorted(members, key=lambda k: (k == 0, -len(members[k]), k))
    notices: list[str] = []
    if len(numbers) > opts.max_nodes:
        hidden = numbers[opts.max_nodes :]
        numbers = numbers[: opts.max_nodes]
        notices.append(
            f"Showing the {len(numbers):,} largest communities; {len(hidden):,} smaller ones "
            "are not drawn."
        )
    shown = set(numbers)
    between: Counter[tuple[int, int]] = Counter()
    for u, v in H.edges():
        a, b = labels.membership.get(u, 0), labels.membership.get(v, 0)
        if a != b and a in shown and b in shown:
            between[(min(a, b), max(a, b))] += 1
    sizes = scale_sizes({k: float(len(members[k])) for k in numbers}, numbers)
    nodes: list[VizNode] = []
    legend: list[LegendEntry] = []
    for k in numbers:
        group = members[k]
        name = labels.names.get(k, "Not in a community") if k else "Not in a community"
        top = ", ".join(_name(H, v) for v in _degree_order(H, group)[:5])
        link = opts.community_url.replace("{n}", str(k)) if opts.community_url and k else None
        nodes.append(
            VizNode(
                id=f"community:{k}",
                label=f"{k}. {_short(name)} ({len(group):,})" if k else f"{name} ({len(group):,})",
                title=text_tooltip(
                    f"Community {k}: {name}" if k else name,
                    [
                        f"{len(group):,} members: {_count_by_kind(H, group)}",
                        f"Most connected: {top}",
                    ],
                ),
                colour=community_colour(k or None),
                shape=palette.SUPER_NODE_SHAPE,
                size=sizes[k],
                community=k or None,
                link=link,
            )
        )
        legend.append(
            LegendEntry(
                f"{k}. {name}" if k else name,
                community_colour(k or None),
                palette.SHAPE_SYMBOLS[palette.SUPER_NODE_SHAPE],
                len(group),
            )
        )
    edges = [
        VizEdge(
            source=f"community:{a}",
            target=f"community:{b}",
            title=text_tooltip(f"{count:,} ties", [f"between communities {a} and {b}"]),
            width=round(1 + math.log2(count), 2),
        )
        for (a, b), count in sorted(between.items())
    ]
    return Scene(
        view="grouped",
        title="The network by community",
        subtitle=f"{H.number_of_nodes():,} nodes in {len(members):,} communities",
        nodes=nodes,
        edges=edges,
        notices=notices,
        colour_legend=legend[: len(palette.COMMUNITY_COLOURS) + 1],
        colour_title="Colour: community (one hexagon per community)",
        edge_legend=[
            LegendEntry(
                "ties between two communities (thicker: more)", palette.EDGE_COLOUR, line="solid"
            )
        ],
        size_note="Size: members.",
        physics=len(nodes) <= opts.physics_limit,
        options=opts,
        spring_length=300,
    )


def network_page(G: nx.Graph, options: PageOptions | None = None, *, grouped: bool = False) -> str:
    """HTML of :func:`network_scene`."""
    return render(network_scene(G, options, grouped=grouped))


# -- one node's own network ----------------------------------------------------------------------


def focus_scene(
    G: nx.Graph, node_id: Hashable, hops: int = 1, options: PageOptions | None = None
) -> Scene:
    """``node_id`` and every node within ``hops`` ties of it (nearest first when capped).

    Raises
    ------
    UnknownNode
        When ``node_id`` is not in ``G`` (absent, or not visible to the viewer).
    """
    if hops < 1:
        raise InvalidData.one("hops", hops, "must be at least 1")
    opts = options or PageOptions()
    H = as_full(G)
    _require(H, "focus", node_id)
    distance: Mapping[Hashable, int] = nx.single_source_shortest_path_length(H, node_id, hops)
    order = sorted(
        distance, key=lambda v: (distance[v], -H.degree(v), _name(H, v).casefold(), str(v))
    )
    sel = Selection()
    sel.add(node_id, "focus")
    sel.extend(order)
    notices = _cap(H, sel, opts.max_nodes, f"within {hops} ties (the nearest are drawn)")
    name = _name(H, node_id)
    return build_scene(
        H,
        sel,
        opts,
        view="focus",
        title=f"{name}: own network",
        subtitle=f"Everything within {hops} {'tie' if hops == 1 else 'ties'} of {name}",
        notices=notices,
        focus_node=node_id,
    )


def focus_page(
    G: nx.Graph, node_id: Hashable, hops: int = 1, options: PageOptions | None = None
) -> str:
    return render(focus_scene(G, node_id, hops, options))


# -- paths between two nodes ---------------------------------------------------------------------


def paths_scene(G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None) -> Scene:
    """The paths of :func:`graph.analysis.paths.k_shortest_paths`, their hops drawn bold.

    Ties among the nodes on the paths are drawn too (thin), so a convenor sees the other
    ways the same people are joined.
    """
    opts = options or PageOptions()
    H = as_full(G)
    a, b = result.parameters.get("a"), result.parameters.get("b")
    _require(H, "a", a)
    _require(H, "b", b)
    sel = Selection()
    sel.add(a, "end")
    sel.add(b, "end")
    items: list[PanelItem] = []
    through: Counter[Hashable] = Counter()
    shown = [item for item in result.items if admissible(H, item)]
    for rank, item in enumerate(shown, start=1):
        path = list(item.details.get("nodes") or item.evidence.nodes)
        sel.extend(path)
        through.update(path[1:-1])
        hop_types = item.details.get("types") or [[] for _ in path[1:]]
        for (u, v), types in zip(pairwise(path), hop_types, strict=False):
            sel.evidence.add(frozenset((u, v)))
            if not H.has_edge(u, v):
                sel.extra_edges.append(
                    (
                        u,
                        v,
                        VizEdge(
                            str(u),
                            str(v),
                            text_tooltip(
                                f"{_name(H, u)} — {_name(H, v)}",
                                [", ".join(map(str, types)) or "tie"],
                            ),
                            colour=palette.EVIDENCE_EDGE_COLOUR,
                            width=3.0,
                            kind="evidence",
                        ),
                    )
                )
        items.append(PanelItem(rank, f"Path {rank}: {item.name}", item.explanation))
    for node, k in through.items():
        sel.notes.setdefault(node, f"On {k} of the paths shown.")
    sel.scores = {str(n): float(k) for n, k in through.items()}
    notices = []
    if not shown:
        hops = result.parameters.get("max_hops")
        limit = f" of at most {hops} ties" if hops else ""
        notices.append(f"No path{limit} joins {_name(H, a)} and {_name(H, b)}.")
    return build_scene(
        H,
        sel,
        opts,
        view="paths",
        title=f"From {_name(H, a)} to {_name(H, b)}",
        subtitle=f"{len(shown)} shortest {'path' if len(shown) == 1 else 'paths'}",
        notices=notices,
        items=items,
        focus_node=a,
    )


def paths_page(G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None) -> str:
    return render(paths_scene(G, result, options))


# -- one community --------------------------------------------------------------------------------


def community_scene(
    G: nx.Graph, result: AnalysisResult, number: int, options: PageOptions | None = None
) -> Scene:
    """Community ``number`` (1 is the largest) of :func:`graph.analysis.communities
    .communities`: its members, the ties among them, and the interests, forums and places
    that characterise it (drawn with the ties that show it).

    Raises
    ------
    UnknownItem
        When there is no community ``number``.
    """
    opts = options or PageOptions()
    H = as_full(G)
    if not 1 <= number <= len(result.items):
        raise UnknownItem(
            [Problem("community", number, f"must be between 1 and {len(result.items)}")]
        )
    if opts.communities is None:
        opts = replace(opts, communities=CommunityLabels.from_result(result))
    item = result.items[number - 1]
    members = [m for m in item.details.get("members", ()) if m in H]
    sel = Selection()
    sel.extend(_degree_order(H, members))
    notices = _cap(H, sel, opts.max_nodes, "in this community (the most connected are drawn)")
    if admissible(H, item, lists=()):
        for node in item.evidence.nodes:
            if node in H:
                sel.add(node, "item")
                sel.notes.setdefault(node, "Characterises this community.")
        _add_evidence(sel, H, item)
    return build_scene(
        H,
        sel,
        opts,
        view="community",
        title=f"Community {number}: {item.name}",
        subtitle=f"{len(members):,} members",
        notices=notices,
        items=[PanelItem(number, item.name, item.explanation)],
    )


def community_page(
    G: nx.Graph, result: AnalysisResult, number: int, options: PageOptions | None = None
) -> str:
    return render(community_scene(G, result, number, options))


# -- brokers -------------------------------------------------------------------------------------


def _result_scene(
    H: nx.Graph,
    result: AnalysisResult,
    opts: PageOptions,
    *,
    view: str,
    title: str,
    default_color: ColorBy,
    roles: Mapping[str, str] | None = None,
    empty: str,
    gaps: AnalysisResult | None = None,
) -> Scene:
    """Items that are nodes (brokers, sweet spots): each item, its evidence, the ties among
    them; sized by the item's score. ``gaps`` adds items whose suggested introductions
    (``details["introductions"]``) are drawn as dashed would-be ties."""
    sel = Selection()
    items: list[PanelItem] = []
    shown = [item for item in result.items if item.id in H and admissible(H, item)]
    gap_items = [
        item
        for item in (gaps.items if gaps is not None else ())
        if item.id in H and admissible(H, item)
    ]
    for item in [*shown, *gap_items]:
        sel.add(item.id, "item")
        sel.item_scores.setdefault(item.id, dict(item.scores))
    for item in [*shown, *gap_items]:
        for key, role in (roles or {}).items():
            for node in item.details.get(key, ()):
                if node in H:
                    sel.add(node, role)
        _add_evidence(sel, H, item)
    for item in gap_items:
        _gap_edges(H, sel, item)
    for rank, item in enumerate(shown, start=1):
        items.append(PanelItem(rank, item.name, item.explanation, node=item.id))
    for rank, item in enumerate(gap_items, start=len(shown) + 1):
        items.append(PanelItem(rank, f"Gap: {item.name}", item.explanation, node=item.id))
    sel.scores = {k: v for k, v in item_scores(result).items() if k in H}
    for k, v in item_scores(gaps).items():
        if k in H:
            sel.scores.setdefault(k, v)
    notices = _cap(H, sel, opts.max_nodes, "named by the analysis")
    if not shown:
        notices.append(empty)
    return build_scene(
        H,
        sel,
        opts,
        view=view,
        title=title,
        subtitle=f"{len(shown)} found"
        + (f", {len(gap_items)} {'gap' if len(gap_items) == 1 else 'gaps'}" if gaps else ""),
        default_color=default_color,
        default_size=SizeBy.SCORE,
        notices=notices,
        items=items,
    )


def brokers_scene(G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None) -> Scene:
    """The brokers of :func:`graph.analysis.brokers.brokers`, sized by their score
    (betweenness) and coloured by community, with the contacts their evidence names."""
    return _result_scene(
        as_full(G),
        result,
        options or PageOptions(),
        view="brokers",
        title="Brokers: who joins people who would not otherwise meet",
        default_color=ColorBy.COMMUNITY,
        empty="No brokers found.",
    )


def brokers_page(G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None) -> str:
    return render(brokers_scene(G, result, options))


# -- sweet spots ----------------------------------------------------------------------------------


def sweet_spots_scene(
    G: nx.Graph,
    result: AnalysisResult,
    options: PageOptions | None = None,
    *,
    gaps: AnalysisResult | None = None,
) -> Scene:
    """The sweet spots of :func:`graph.analysis.sweet_spots.sweet_spots`: each interest,
    forum or organisation where local and national work meet, its local and national
    actors, and the ties that join them (bold). Coloured by scale, sized by score.

    With ``gaps`` (:func:`graph.analysis.sweet_spots.sweet_spot_gaps`), the items where
    both sides are present but not joined are drawn too, each suggested local-national
    introduction as a dashed would-be tie.
    """
    H = as_full(G)
    scene = _result_scene(
        H,
        result,
        options or PageOptions(),
        view="sweet-spots",
        title="Sweet spots: where local and national work meet",
        default_color=ColorBy.SCALE,
        roles={"local": "local", "national": "national"},
        empty="No sweet spots found: nowhere do local and national actors meet.",
        gaps=gaps,
    )
    return scene


def _gap_edges(H: nx.Graph, sel: Selection, item: ResultItem) -> None:
    for pair in item.details.get("introductions", ()):
        local, national = pair.get("local"), pair.get("national")
        if local not in H or national not in H:
            continue
        sel.add(local, "local")
        sel.add(national, "national")
        sel.extra_edges.append(
            (
                local,
                national,
                VizEdge(
                    str(local),
                    str(national),
                    text_tooltip(
                        f"Suggested: introduce {_name(H, local)} to {_name(H, national)}",
                        [f"It would join local and national work on {item.name}."],
                    ),
                    colour=palette.SUGGESTED_EDGE_COLOUR,
                    width=2.5,
                    dashes=True,
                    kind="suggested",
                ),
            )
        )


def sweet_spots_page(
    G: nx.Graph,
    result: AnalysisResult,
    options: PageOptions | None = None,
    *,
    gaps: AnalysisResult | None = None,
) -> str:
    return render(sweet_spots_scene(G, result, options, gaps=gaps))


# -- introductions ---------------------------------------------------------------------------------


def introductions_scene(
    G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None
) -> Scene:
    """One person's suggested introductions (:func:`graph.analysis.introductions
    .suggest_introductions`): a dashed would-be tie to each suggested person, the mutual
    contacts who could make it (thick border, their ties bold) and what the two share."""
    opts = options or PageOptions()
    H = as_full(G)
    person = result.parameters.get("person")
    _require(H, "person", person)
    sel = Selection()
    sel.add(person, "person")
    items: list[PanelItem] = []
    shown = [item for item in result.items if admissible(H, item)]
    for rank, item in enumerate(shown, start=1):
        suggested = item.details.get("suggested", item.id)
        if suggested not in H:
            continue
        sel.add(suggested, "suggested")
        sel.item_scores[suggested] = dict(item.scores)
        for via in item.details.get("via", ()):
            sel.add(via, "mutual")
        sel.extend(c for c in item.details.get("shared", ()) if c in H)
        _add_evidence(sel, H, item)
        sel.extra_edges.append(
            (
                person,
                suggested,
                VizEdge(
                    str(person),
                    str(suggested),
                    text_tooltip(
                        f"Suggested: introduce {_name(H, person)} to {_name(H, suggested)}",
                        [item.explanation],
                    ),
                    colour=palette.SUGGESTED_EDGE_COLOUR,
                    width=2.5,
                    dashes=True,
                    kind="suggested",
                ),
            )
        )
        items.append(PanelItem(rank, item.name, item.explanation, node=str(suggested)))
    sel.scores = {k: v for k, v in item_scores(result).items() if k in H}
    notices = _cap(H, sel, opts.max_nodes, "in these introductions")
    name = _name(H, person)
    if result.summary.get("opted_out"):
        notices.append(f"{name} has opted out of introductions: none are suggested.")
    elif not shown:
        notices.append(f"No introductions to suggest for {name}.")
    return build_scene(
        H,
        sel,
        opts,
        view="introductions",
        title=f"Introductions for {name}",
        subtitle=f"{len(items)} suggested",
        default_size=SizeBy.SCORE,
        notices=notices,
        items=items,
        focus_node=person,
    )


def introductions_page(
    G: nx.Graph, result: AnalysisResult, options: PageOptions | None = None
) -> str:
    return render(introductions_scene(G, result, options))
