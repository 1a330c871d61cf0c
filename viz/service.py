"""What the pages' routes and ``convene viz`` share: read, analyse, draw.

:class:`Pages` reads the store's graph at one clearance (through the analysis cache, so a
page, a GraphQL query and a CLI command on an unchanged graph share one read), runs the
analysis a view needs once per graph version and parameters, and draws the page. Everything
it draws comes from that read: what the clearance may not see is never in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.cache import DEFAULT_CACHE, AnalysisCache, Snapshot, cached
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult
from graph.errors import InvalidData, Problem
from graph.model import Node
from graph.store.base import Counts, GraphFilter, GraphStore
from graph.vocabulary import NodeKind, Visibility
from viz.landing import landing_page
from viz.scene import PageOptions, Scene
from viz.styling import ColorBy, CommunityLabels
from viz.views import (
    UnknownNode,
    brokers_scene,
    community_scene,
    focus_scene,
    introductions_scene,
    network_scene,
    paths_scene,
    sweet_spots_scene,
)

COMMUNITY_SEED = 0
"""Communities drawn on pages are always the seeded ones, so colours and numbers are stable
from one page to the next."""
MAX_AMBIGUOUS = 5


def viz_filter(clearance: Visibility, as_of: date | None = None) -> GraphFilter:
    """The read every page is drawn from: what ``clearance`` may see, with sources and the
    properties analyses consult (the same shape the command line's analyses read), as the
    network stood on ``as_of`` (today by default: ended ties are history)."""
    return GraphFilter(
        clearance=clearance,
        with_sources=True,
        properties=frozenset({"open_to_introductions"}),
        as_of=as_of or date.today(),
    )


def resolve_node(H: nx.Graph, text: str, field: str) -> str:
    """The id of the node ``text`` names: its id, or else its name (case-insensitive) when
    exactly one node the viewer may see has it.

    Raises
    ------
    UnknownNode
        When nothing visible matches.
    InvalidData
        When several nodes have that name (their ids are listed).
    """
    if text in H:
        return text
    wanted = text.strip().casefold()
    found = [n for n, name in H.nodes(data="name") if str(name or "").casefold() == wanted]
    if len(found) == 1:
        return str(found[0])
    if not found:
        raise UnknownNode(field, text)
    listed = ", ".join(str(n) for n in sorted(found, key=str)[:MAX_AMBIGUOUS])
    raise InvalidData([Problem(field, text, f"names {len(found)} nodes; give one id: {listed}")])


@dataclass
class Pages:
    """The pages of one store at one clearance; ``options`` sets how they are drawn.

    Each view method returns the :class:`~viz.scene.Scene` (render it with
    :func:`viz.page.render`); node arguments take an id or an exact name
    (:func:`resolve_node`).
    """

    store: GraphStore
    clearance: Visibility
    options: PageOptions = field(default_factory=PageOptions)
    cache: AnalysisCache = DEFAULT_CACHE
    as_of: date | None = None
    """Draw the network as it stood on this day (today when ``None``)."""

    # -- reading -------------------------------------------------------------------------------

    @functools.cached_property
    def _read(self) -> tuple[Snapshot, nx.Graph]:
        read = viz_filter(self.clearance, self.as_of)
        return self.cache.projection(self.store, Projection.FULL, read)

    @property
    def snapshot(self) -> Snapshot:
        return self._read[0]

    @property
    def graph(self) -> nx.Graph:
        """The full projection of everything the clearance may see."""
        return self._read[1]

    def details(self, ids: Sequence[str]) -> Mapping[str, Node]:
        """Stored nodes for tooltips (descriptions, aliases, sources), at the clearance."""
        return {n.id: n for n in self.store.get_nodes(list(ids), clearance=self.clearance)}

    def run(
        self, analysis: str, parameters: Mapping[str, Any], compute: Callable[[], AnalysisResult]
    ) -> AnalysisResult:
        """``compute()`` once per graph version, clearance and parameters."""
        result: AnalysisResult = cached(
            self.snapshot, f"viz:{analysis}", parameters, compute, cache=self.cache
        )
        return result

    def communities(self) -> AnalysisResult:
        from graph.analysis.communities import communities

        H = self.graph
        return self.run(
            "communities",
            {"seed": COMMUNITY_SEED},
            lambda: communities(H, seed=COMMUNITY_SEED),
        )

    def _options(self, *, needs_communities: bool = False) -> PageOptions:
        opts = replace(
            self.options,
            details=self.options.details or self.details,
            version=self.snapshot.version,
            clearance=self.clearance,
        )
        wants = needs_communities or opts.color_by is ColorBy.COMMUNITY
        if wants and opts.communities is None:
            opts = replace(opts, communities=CommunityLabels.from_result(self.communities()))
        return opts

    def node(self, text: str, field: str) -> str:
        return resolve_node(self.graph, text, field)

    # -- the views -----------------------------------------------------------------------------

    def network(self, *, grouped: bool = False) -> Scene:
        return network_scene(self.graph, self._options(needs_communities=grouped), grouped=grouped)

    def focus(self, node: str, hops: int = 1) -> Scene:
        node_id = self.node(node, "focus")
        return focus_scene(self.graph, node_id, hops, self._options())

    def paths(self, a: str, b: str, *, k: int = 5, max_hops: int = 4) -> Scene:
        from graph.analysis.paths import k_shortest_paths

        H = self.graph
        a_id, b_id = self.node(a, "a"), self.node(b, "b")
        if a_id == b_id:
            raise InvalidData.one("b", b, "is the same node as a: give two different nodes")
        result = self.run(
            "paths",
            {"a": a_id, "b": b_id, "k": k, "max_hops": max_hops},
            lambda: k_shortest_paths(H, a_id, b_id, k=k, max_hops=max_hops),
        )
        return paths_scene(H, result, self._options())

    def community(self, number: int) -> Scene:
        result = self.communities()
        opts = self._options()
        if opts.communities is None:
            opts = replace(opts, communities=CommunityLabels.from_result(result))
        return community_scene(self.graph, result, number, opts)

    def brokers(self, *, kind: NodeKind | None = None, top: int = 20) -> Scene:
        from graph.analysis.brokers import brokers

        H = self.graph
        labels = CommunityLabels.from_result(self.communities())
        groups: dict[Hashable, Hashable] = dict(labels.membership)
        names: dict[Hashable, str] = {k: v for k, v in labels.names.items()}
        result = self.run(
            "brokers",
            {"kind": kind.value if kind else None, "top": top, "seed": 0, "groups": "community"},
            lambda: brokers(H, kind=kind, top=top, seed=0, groups=groups, group_names=names),
        )
        return brokers_scene(H, result, self._options(needs_communities=True))

    def sweet_spots(self, *, top: int | None = 20, gaps: bool = False) -> Scene:
        from graph.analysis.sweet_spots import sweet_spot_gaps, sweet_spots

        H = self.graph
        result = self.run("sweet_spots", {"top": top}, lambda: sweet_spots(H, top=top))
        gap_result = (
            self.run("sweet_spot_gaps", {"top": top}, lambda: sweet_spot_gaps(H, top=top))
            if gaps
            else None
        )
        return sweet_spots_scene(H, result, self._options(), gaps=gap_result)

    def introductions(self, person: str, *, k: int = 10) -> Scene:
        from graph.analysis.introductions import suggest_introductions

        H = self.graph
        person_id = self.node(person, "person")
        if H.nodes[person_id].get("kind") is not NodeKind.PERSON:
            raise InvalidData.one("person", person, "is not a person")
        made = sorted((i.a, i.b) for i in self.store.introductions())
        introduced = frozenset(frozenset(pair) for pair in made)
        result = self.run(
            "introductions",
            {"person": person_id, "k": k, "introduced": made},
            lambda: suggest_introductions(H, person_id, k=k, already_introduced=introduced),
        )
        return introductions_scene(H, result, self._options())

    def landing(self, *, counts: Counts | None = None) -> str:
        """The landing page: the views, the GraphQL explorer and the key figures."""
        figures = counts or self.store.counts(clearance=self.clearance)
        return landing_page(
            figures,
            self.store.version(),
            clearance=self.clearance,
            assets=self.options.assets,
        )
