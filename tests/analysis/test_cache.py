"""The analysis cache (by graph version) and the igraph engine (by graph object)."""

from __future__ import annotations

import gc
import weakref

import networkx as nx
import pytest
from factories import node, rel, small_network

from graph.analysis.cache import AnalysisCache, cache_key, cached, freeze
from graph.analysis.context import shared_context
from graph.analysis.engine import forget, to_igraph
from graph.analysis.paths import k_shortest_paths
from graph.analysis.projections import Projection
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import RelType, Visibility


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    nodes, rels = small_network()
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


def test_an_unchanged_graph_returns_the_same_objects(loaded: GraphStore) -> None:
    cache = AnalysisCache()
    snap1, full1 = cache.projection(loaded, Projection.FULL)
    snap2, full2 = cache.projection(loaded, "full")
    assert full1 is full2 and snap1.graph is snap2.graph
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return k_shortest_paths(full1, "ada", "cas")

    first = cached(snap1, "paths", {"a": "ada", "b": "cas"}, compute, cache=cache)
    again = cached(snap2, "paths", {"b": "cas", "a": "ada"}, compute, cache=cache)
    assert again is first and calls == [1]
    other = cached(snap2, "paths", {"a": "ada", "b": "bob"}, compute, cache=cache)
    assert other is not first and calls == [1, 1]
    assert cache.stats().hits >= 3


def test_a_write_makes_the_next_call_recompute(loaded: GraphStore) -> None:
    cache = AnalysisCache()
    snap, full = cache.projection(loaded, Projection.FULL)
    before = cached(snap, "context", {}, lambda: shared_context(full, "bob", "cas"), cache=cache)
    assert before.items[0].details["mutual_contacts"] == ["ada"]

    loaded.upsert_nodes([node("dee", name="Dee")])
    loaded.upsert_relationships(
        [rel("bob", RelType.KNOWS, "dee"), rel("cas", RelType.KNOWS, "dee")]
    )
    snap2, full2 = cache.projection(loaded, Projection.FULL)
    assert snap2.version > snap.version
    assert full2 is not full and "dee" in full2 and "dee" not in full
    after = cached(snap2, "context", {}, lambda: shared_context(full2, "bob", "cas"), cache=cache)
    assert after is not before
    assert set(after.items[0].details["mutual_contacts"]) == {"ada", "dee"}


def test_filters_and_clearances_are_cached_apart(loaded: GraphStore) -> None:
    cache = AnalysisCache()
    everything = cache.graph(loaded)
    public = cache.graph(loaded, GraphFilter(clearance=Visibility.PUBLIC))
    assert everything.graph is not public.graph
    assert "cas" in everything.graph and "cas" not in public.graph  # cas is restricted
    key = public.result_key("brokers", {"k": 1})
    assert key != everything.result_key("brokers", {"k": 1})
    assert cache.graph(loaded, GraphFilter(clearance=Visibility.PUBLIC)).graph is public.graph


def test_the_cache_is_bounded_least_recently_used_first() -> None:
    cache = AnalysisCache(max_results=2)
    for name in ("a", "b"):
        cache.get_or_compute(name, lambda name=name: [name])  # type: ignore[misc]
    kept = cache.get_or_compute("a", lambda: ["again"])  # touch a: b is now the oldest
    cache.get_or_compute("c", lambda: ["c"])
    assert cache.get_or_compute("a", lambda: ["new"]) is kept
    assert cache.get_or_compute("b", lambda: ["b2"]) == ["b2"]  # b was dropped
    assert cache.stats().results == 2
    with pytest.raises(ValueError):
        AnalysisCache(max_graphs=0)


def test_keys_ignore_parameter_order_and_refuse_unhashable_values() -> None:
    assert cache_key("u", 1, "x", {"a": [1], "b": {2}}, "public") == cache_key(
        "u", 1, "x", {"b": {2}, "a": (1,)}, Visibility.PUBLIC
    )
    assert cache_key("u", 1, "x", {}, "public") != cache_key("u", 2, "x", {}, "public")
    with pytest.raises(TypeError):
        freeze(object.__new__(_Unhashable))


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]


def test_igraph_conversion_maps_both_ways_and_is_made_once_per_graph() -> None:
    G = nx.florentine_families_graph()
    view = to_igraph(G)
    assert to_igraph(G) is view
    assert view.graph.vcount() == G.number_of_nodes()
    assert view.graph.ecount() == G.number_of_edges()
    for u, v in G.edges():
        assert view.graph.are_adjacent(view.index[u], view.index[v])
    assert view.nodes(view.vertices(["Medici", "Strozzi"])) == ["Medici", "Strozzi"]
    # networkx stays the reference: the same betweenness either way
    ours = dict(zip(view.ids, view.graph.betweenness(directed=False), strict=True))
    assert ours == pytest.approx(nx.betweenness_centrality(G, normalized=False))
    assert max(ours, key=ours.__getitem__) == "Medici"


def test_igraph_conversion_follows_changes_and_weights() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c")
    weighted = to_igraph(G, weight="weight")
    assert list(weighted.weights() or []) == [2.0, 1.0]
    assert to_igraph(G).weights() is None
    G.add_edge("c", "d")
    changed = to_igraph(G, weight="weight")
    assert changed is not weighted and changed.graph.ecount() == 3
    forget(G)
    assert to_igraph(G, weight="weight") is not changed
    with pytest.raises(TypeError):
        to_igraph(nx.MultiGraph())


def test_cached_conversions_go_with_their_graph() -> None:
    import weakref

    G = nx.path_graph(3)
    view = weakref.ref(to_igraph(G).graph)
    del G
    gc.collect()
    assert view() is None


def test_a_serving_cache_keeps_its_graphs_out_of_full_collections(loaded: GraphStore) -> None:
    """Cached graphs are frozen out of the collector's reach; a dropped graph is reclaimed even
    though it holds reference cycles."""
    cache = AnalysisCache(max_graphs=1, freeze=True)
    try:
        graph = cache.graph(loaded).graph
        assert graph.nodes["ada"]  # the node view it caches refers back to it: a cycle
        assert gc.get_freeze_count() > 0
        assert not any(o is graph for o in gc.get_objects()), "a frozen graph is not scanned"
        dropped = weakref.ref(graph)
        del graph
        loaded.upsert_nodes([node("new")])
        assert "new" in cache.graph(loaded).graph  # a new version: the old graph is dropped
        assert dropped() is None
    finally:
        cache.clear()
    assert gc.get_freeze_count() == 0
