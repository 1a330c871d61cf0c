"""Projections: the full graph and the people graph, against hand-built and classic networks."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from factories import node, rel, row_source, small_network
from store_shaped import davis_as_members, store_graph

from graph.analysis.projections import (
    Projection,
    effective_scales,
    full_graph,
    people_graph,
    project,
    tie_keys,
    tie_sources,
)
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import NodeKind, RelType, Scale

K, W, M, C = RelType.KNOWS, RelType.WORKS_FOR, RelType.MEMBER_OF, RelType.CONVENES


def test_the_helper_builds_what_a_real_store_reads(store: GraphStore) -> None:
    nodes, rels = small_network()
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    read = store.to_networkx(GraphFilter(with_sources=True))
    built = store_graph(nodes, rels)
    assert dict(read.nodes(data=True)) == dict(built.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True)) == sorted(built.edges(keys=True, data=True))


def test_full_graph_keeps_every_node_and_collapses_parallel_relationships() -> None:
    nodes, rels = small_network()
    rels.append(rel("bob", M, "forum", weight=2.0))  # bob convenes and is a member
    H = full_graph(store_graph(nodes, rels))
    assert set(H) == {n.id for n in nodes}
    assert H.number_of_edges() == len(rels) - 1  # two relationships, one tie
    tie = H["forum"]["bob"]
    assert tie["types"] == {C, M}
    assert tie["weight"] == 3.0  # CONVENES counts 1, MEMBER_OF its weight 2
    assert sorted(tie["keys"]) == [("bob", C, "forum"), ("bob", M, "forum")]
    assert H.graph["projection"] is Projection.FULL
    assert H["trust"]["nhse"]["weight"] == 2.0
    assert H["ada"]["trust"]["keys"] == (("ada", W, "trust"),)


def test_full_graph_keeps_relationship_direction_in_the_evidence() -> None:
    nodes, rels = small_network()
    H = full_graph(store_graph(nodes, rels))
    assert tie_keys(H, "cas", "forum") == tie_keys(H, "forum", "cas") == (("cas", M, "forum"),)
    # KNOWS is symmetric: the store keeps its endpoints sorted
    assert tie_keys(H, "cas", "ada") == (("ada", K, "cas"),)


def test_full_graph_carries_sources_when_read_with_them() -> None:
    a = node("a", sources=[row_source(row=2)])
    b = node("b")
    rels = [rel("a", K, "b", sources=[row_source(row=7)]), rel("a", K, "b")]
    H = full_graph(store_graph([a, b], rels[:1]))
    assert tie_sources(H, "a", "b") == ("row:people.csv#7",)
    assert H.nodes["a"]["sources"] == ("row:people.csv#2",)


def test_effective_scale_is_own_then_place_then_larger_places() -> None:
    nodes = [
        node("england", NodeKind.PLACE, "England", scale="national"),
        node("wessex", NodeKind.PLACE, "Wessex"),
        node("dorset", NodeKind.PLACE, "Dorset"),
        node("own", scale="local", place="dorset"),
        node("by_attr", place="dorset"),
        node("by_rel"),
        node("org", NodeKind.ORGANISATION, "Org"),
        node("nowhere"),
    ]
    rels = [
        rel("dorset", RelType.PART_OF, "wessex"),
        rel("wessex", RelType.PART_OF, "england"),
        rel("by_rel", RelType.LOCATED_IN, "dorset"),
        rel("org", RelType.LOCATED_IN, "england"),
    ]
    G = store_graph(nodes, rels)
    scales = effective_scales(G)
    assert scales["own"] is Scale.LOCAL
    assert scales["by_attr"] is Scale.NATIONAL
    assert scales["by_rel"] is Scale.NATIONAL
    assert scales["org"] is Scale.NATIONAL
    # nodes with no scale and no place have none; a place takes no scale from larger places
    assert "nowhere" not in scales and "dorset" not in scales
    # the projections carry it, and read it the same way from the full projection
    assert effective_scales(full_graph(G)) == scales
    assert people_graph(G).nodes["by_rel"]["effective_scale"] is Scale.NATIONAL
    # a nearer place's own scale wins over a larger place's
    nodes[2] = node("dorset", NodeKind.PLACE, "Dorset", scale="local")
    assert effective_scales(store_graph(nodes, rels))["by_attr"] is Scale.LOCAL


def test_people_graph_matches_the_classic_projection_of_davis_southern_women() -> None:
    D = nx.davis_southern_women_graph()
    women = {n for n, side in D.nodes(data="bipartite") if side == 0}
    counted = nx.bipartite.weighted_projected_graph(D, women)
    newman = nx.bipartite.collaboration_weighted_projected_graph(D, women)
    P = people_graph(davis_as_members())
    assert set(P) == women
    assert {frozenset(e) for e in P.edges()} == {frozenset(e) for e in counted.edges()}
    for u, v, data in P.edges(data=True):
        assert data["weight"] == counted[u][v]["weight"]
        assert data["newman"] == pytest.approx(newman[u][v]["weight"])
        assert data["knows"] is False
        assert data["types"] == {M}
        assert len(data["contexts"]) == counted[u][v]["weight"]
    # Evelyn and Theresa attended seven events together; Flora and Olivia two
    assert P["Evelyn Jefferson"]["Theresa Anderson"]["weight"] == 7
    assert P["Flora Price"]["Olivia Carleton"]["weight"] == 2


def test_people_graph_ties_people_who_know_each_other_or_share_a_context() -> None:
    nodes, rels = small_network()
    P = people_graph(store_graph(nodes, rels))
    assert set(P) == {"ada", "bob", "cas"}
    ada_bob, ada_cas, bob_cas = P["ada"]["bob"], P["ada"]["cas"], P["bob"]["cas"]
    assert ada_bob["knows"] and ada_bob["contexts"] == ("forum",)
    assert ada_bob["weight"] == 2.0  # knows, plus one shared forum
    assert ada_bob["types"] == {K, M, C}
    assert not bob_cas["knows"] and bob_cas["contexts"] == ("forum",)
    assert bob_cas["weight"] == 1.0 and bob_cas["newman"] == pytest.approx(0.5)
    assert ada_cas["knows"]
    # ada works for the trust alone: a context of one ties no one but is remembered
    assert set(P.nodes["ada"]["contexts"]) == {"trust", "forum"}
    assert P.nodes["ada"]["interests"] == ("mh",)
    assert P.graph["contexts"]["forum"]["size"] == 3
    assert P.graph["projection"] is Projection.PEOPLE


def test_people_tie_evidence_names_how_each_belongs_to_the_shared_context() -> None:
    nodes, rels = small_network()
    rels = [
        r.__class__(**{**r.to_dict(), "sources": [row_source(row=i)]})
        for i, r in enumerate(rels, start=2)
    ]
    P = people_graph(store_graph(nodes, rels))
    assert set(tie_keys(P, "bob", "cas")) == {("bob", C, "forum"), ("cas", M, "forum")}
    assert set(tie_keys(P, "ada", "bob")) == {
        ("ada", K, "bob"),
        ("ada", M, "forum"),
        ("bob", C, "forum"),
    }
    assert set(tie_sources(P, "bob", "cas")) == {"row:people.csv#5", "row:people.csv#8"}


def _forum_network(members: int, *, small: int = 3) -> nx.MultiDiGraph:
    nodes = [node("big", NodeKind.FORUM, "National network")]
    nodes += [node("small", NodeKind.FORUM, "Working group")]
    nodes += [node(f"p{i}", name=f"P {i}") for i in range(members)]
    rels = [rel(f"p{i}", M, "big") for i in range(members)]
    rels += [rel(f"p{i}", M, "small") for i in range(small)]
    return store_graph(nodes, rels)


def test_a_5000_member_forum_projects_without_enumerating_its_pairs() -> None:
    P = people_graph(_forum_network(5_000))
    assert P.number_of_nodes() == 5_000
    # only the three-person working group ties pairs; the big forum ties none ...
    assert P.number_of_edges() == 3
    assert P.graph["capped_contexts"] == {"big": 5_000}
    assert P.graph["contexts"]["big"]["size"] == 5_000
    # ... but every member still knows they share it
    assert all("big" in P.nodes[f"p{i}"]["contexts"] for i in range(5_000))
    assert P["p0"]["p1"]["contexts"] == ("small",)


def test_contexts_up_to_the_cap_are_projected_with_newman_weights() -> None:
    P = people_graph(_forum_network(150, small=0), max_context_size=150)
    assert P.number_of_edges() == 150 * 149 // 2
    assert P.graph["capped_contexts"] == {}
    weights = {d["weight"] for _, _, d in P.edges(data=True)}
    newman = {round(d["newman"], 12) for _, _, d in P.edges(data=True)}
    assert weights == {1.0} and newman == {round(1 / 149, 12)}
    capped = people_graph(_forum_network(150, small=0), max_context_size=149)
    assert capped.number_of_edges() == 0 and capped.graph["capped_contexts"] == {"big": 150}


def test_people_graph_refuses_a_cap_that_ties_no_one() -> None:
    with pytest.raises(ValueError, match="max_context_size"):
        people_graph(_forum_network(3), max_context_size=1)


def test_project_chooses_by_name() -> None:
    nodes, rels = small_network()
    G = store_graph(nodes, rels)
    assert project(G, "full").number_of_nodes() == len(nodes)
    assert project(G, Projection.PEOPLE).number_of_nodes() == 3
    with pytest.raises(ValueError):
        project(G, "bipartite")


def test_every_people_tie_is_backed_by_a_shared_context_or_knowing() -> None:
    nodes, rels = small_network()
    G = store_graph(nodes, rels)
    P = people_graph(G)
    members = P.graph["memberships"]
    for u, v in itertools.combinations(P, 2):
        shares = {c for c, who in members.items() if u in who and v in who}
        knows = G.has_edge(u, v, K) or G.has_edge(v, u, K)
        assert P.has_edge(u, v) == (bool(shares) or knows)
        if P.has_edge(u, v):
            assert set(P[u][v]["contexts"]) == shares
