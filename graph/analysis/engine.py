"""A compiled engine behind the networkx functions: the same graph, converted to igraph.

networkx is the API and the reference every analysis is tested against. Where it is too slow
for a big network (betweenness, community detection, many shortest paths), an analysis
converts the graph once with :func:`to_igraph` and runs igraph's C implementation, then maps
vertex indices back to node ids. The conversion is cached per graph object (and rebuilt if
the graph has since gained or lost nodes or ties), so several analyses of one graph pay for it
once.

Examples
--------
>>> import networkx as nx
>>> view = to_igraph(nx.karate_club_graph(), weight="weight")
>>> view.graph.vcount(), view.graph.ecount()
(34, 78)
>>> view.ids[view.index[33]]
33
>>> to_igraph(nx.karate_club_graph()) is not view  # another graph object, another view
True

References
----------
.. [1] G. Csardi and T. Nepusz, "The igraph software package for complex network research",
   InterJournal Complex Systems 1695 (2006).
.. [2] A. Hagberg, D. Schult and P. Swart, "Exploring network structure, dynamics, and
   function using NetworkX", Proc. SciPy 2008, 11-15.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig  # type: ignore[import-untyped]
import networkx as nx

from graph.memory import paused_gc


@dataclass(frozen=True, slots=True)
class IGraphView:
    """An igraph copy of a networkx graph and the maps between vertex indices and node ids.

    Vertex ``i`` is node ``ids[i]``; node ``n`` is vertex ``index[n]``. When converted with a
    weight attribute, each edge's weight is in ``graph.es["weight"]`` (1.0 where missing).
    """

    graph: Any
    """The :class:`igraph.Graph` (undirected unless the source graph was directed)."""
    ids: tuple[Hashable, ...]
    index: dict[Hashable, int]
    weight: str | None
    size: tuple[int, int]
    """(nodes, edges) of the networkx graph when converted."""

    def vertices(self, nodes: Iterable[Hashable]) -> list[int]:
        """Vertex indices of ``nodes``; raises KeyError naming an unknown node."""
        return [self.index[n] for n in nodes]

    def nodes(self, vertices: Iterable[int]) -> list[Hashable]:
        """Node ids of vertex indices."""
        ids = self.ids
        return [ids[v] for v in vertices]

    def weights(self) -> Sequence[float] | None:
        """Edge weights in igraph edge order, or None when converted without weights."""
        if self.weight is None:
            return None
        weights: Sequence[float] = self.graph.es["weight"]
        return weights


_CACHE: weakref.WeakKeyDictionary[nx.Graph, dict[str | None, IGraphView]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def to_igraph(G: nx.Graph, *, weight: str | None = None) -> IGraphView:
    """Convert ``G`` to igraph, once per graph object and weight attribute.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any simple graph (a projection); multigraphs are refused.
    weight : str, optional
        Edge attribute copied as igraph's ``weight`` (1.0 where a tie lacks it).

    Returns
    -------
    IGraphView
        The igraph graph with the index maps both ways. The same object is returned for the
        same ``G`` and ``weight`` until ``G`` changes size.

    Raises
    ------
    TypeError
        When ``G`` is a multigraph: project it first (:mod:`graph.analysis.projections`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> view = to_igraph(G)
    >>> view.nodes(view.graph.get_shortest_path(view.index["a"], view.index["c"]))
    ['a', 'b', 'c']
    >>> to_igraph(G) is view
    True
    """
    if G.is_multigraph():
        raise TypeError("to_igraph needs a simple graph: project the store's graph first")
    size = (G.number_of_nodes(), G.number_of_edges())
    with _LOCK:
        views = _CACHE.get(G)
        view = views.get(weight) if views is not None else None
        if view is not None and view.size == size:
            return view
    with paused_gc():
        view = _convert(G, weight, size)
    with _LOCK:
        _CACHE.setdefault(G, {})[weight] = view
    return view


def _convert(G: nx.Graph, weight: str | None, size: tuple[int, int]) -> IGraphView:
    ids = tuple(G)
    index = {n: i for i, n in enumerate(ids)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    if weight is None:
        edges = [(index[u], index[v]) for u, v in G.edges()]
    else:
        for u, v, w in G.edges(data=weight, default=1.0):
            edges.append((index[u], index[v]))
            weights.append(float(w))
    graph = ig.Graph(n=len(ids), edges=edges, directed=G.is_directed())
    if weight is not None:
        graph.es["weight"] = weights
    return IGraphView(graph=graph, ids=ids, index=index, weight=weight, size=size)


def forget(G: nx.Graph) -> None:
    """Drop the cached conversions of ``G`` (they also go when ``G`` is garbage collected)."""
    with _LOCK:
        _CACHE.pop(G, None)
