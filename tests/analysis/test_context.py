"""Shared context: what two nodes have in common, on both projections."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from factories import node, rel, row_source, small_network
from store_shaped import davis_as_members, people_knowing, store_graph

from graph.analysis.context import shared_context
from graph.analysis.projections import full_graph, people_graph
from graph.vocabulary import NodeKind, RelType

K, M, C = RelType.KNOWS, RelType.MEMBER_OF, RelType.CONVENES


@pytest.fixture(params=["full", "people"])
def small(request: pytest.FixtureRequest) -> nx.Graph:
    nodes, rels = small_network()
    G = store_graph(nodes, rels)
    return full_graph(G) if request.param == "full" else people_graph(G)


def test_two_people_who_share_a_forum_and_a_friend(small: nx.Graph) -> None:
    item = shared_context(small, "bob", "cas").items[0]
    assert item.details["knows"] is False
    assert item.details["mutual_contacts"] == ["ada"]
    assert item.details["forums"] == ["forum"]
    assert item.details["organisations"] == item.details["interests"] == []
    assert item.scores["mutual_contacts"] == 1 and item.scores["forums"] == 1
    assert item.explanation == (
        "Bob Kerslake and Casey Townsend both know Ada Lovelace; "
        "are both in NHS Citizen Advisory Group."
    )
    assert {("ada", "KNOWS", "bob"), ("ada", "KNOWS", "cas"), ("bob", "CONVENES", "forum"),
            ("cas", "MEMBER_OF", "forum")} == set(item.evidence.relationships)


def test_people_who_know_each_other_say_so(small: nx.Graph) -> None:
    item = shared_context(small, "ada", "cas").items[0]
    assert item.details["knows"] is True
    assert item.explanation.startswith("Ada Lovelace and Casey Townsend know each other")
    assert ("ada", "KNOWS", "cas") in item.evidence.relationships


def test_nothing_shared_is_said_plainly() -> None:
    G = full_graph(store_graph([node("a", name="Ann"), node("b", name="Ben")], []))
    item = shared_context(G, "a", "b").items[0]
    assert item.explanation == (
        "Ann and Ben share no contacts, forums, organisations, communities, interests or places."
    )
    assert item.scores["adamic_adar"] == 0
    assert not item.evidence.relationships


def test_davis_southern_women_shared_events_match_the_classic_projection() -> None:
    D = nx.davis_southern_women_graph()
    women = [n for n, side in D.nodes(data="bipartite") if side == 0]
    H = full_graph(davis_as_members())
    for a, b in itertools.combinations(women, 2):
        item = shared_context(H, a, b).items[0]
        assert set(item.details["forums"]) == set(nx.common_neighbors(D, a, b))
    evelyn_theresa = shared_context(H, "Evelyn Jefferson", "Theresa Anderson").items[0]
    assert evelyn_theresa.scores["forums"] == 7
    # smallest events first: they say more than the big ones
    sizes = [D.degree(e) for e in evelyn_theresa.details["forums"]]
    assert sizes == sorted(sizes)


def test_mutual_contacts_on_the_karate_club_match_networkx() -> None:
    G = full_graph(people_knowing(nx.karate_club_graph()))
    K_ = nx.karate_club_graph()
    item = shared_context(G, 0, 33).items[0]
    assert set(item.details["mutual_contacts"]) == set(nx.common_neighbors(K_, 0, 33))
    assert item.scores["adamic_adar"] == pytest.approx(
        next(nx.adamic_adar_index(K_, [(0, 33)]))[2]
    )


def test_people_projection_still_sees_contexts_too_big_to_tie() -> None:
    nodes = [node("big", NodeKind.FORUM, "Big network"), node("mh", NodeKind.INTEREST, "MH")]
    nodes += [node(f"p{i}") for i in range(120)]
    rels = [rel(f"p{i}", M, "big", sources=[row_source(row=i)]) for i in range(120)]
    rels += [rel("p0", RelType.INTERESTED_IN, "mh"), rel("p1", RelType.INTERESTED_IN, "mh")]
    P = people_graph(store_graph(nodes, rels), max_context_size=100)
    assert not P.has_edge("p0", "p1")
    item = shared_context(P, "p0", "p1").items[0]
    assert item.details["forums"] == ["big"]
    assert item.details["interests"] == ["mh"]
    assert ("p0", "MEMBER_OF", "big") in item.evidence.relationships
    assert "row:people.csv#1" in item.evidence.sources
    assert "Big network" in item.explanation and "MH" in item.explanation


def test_organisations_and_places_are_shared_contexts_on_the_full_projection() -> None:
    nodes = [
        node("a"), node("b"),
        node("trust", NodeKind.ORGANISATION, "The Trust"),
        node("town", NodeKind.PLACE, "Town"),
    ]
    rels = [
        rel("a", RelType.WORKS_FOR, "trust"), rel("b", RelType.PLACED_AT, "trust"),
        rel("a", RelType.LOCATED_IN, "town"), rel("b", RelType.LOCATED_IN, "town"),
    ]
    item = shared_context(full_graph(store_graph(nodes, rels)), "a", "b").items[0]
    assert item.details["organisations"] == ["trust"]
    assert item.details["places"] == ["town"]


def test_unknown_nodes_are_refused(small: nx.Graph) -> None:
    with pytest.raises(nx.NodeNotFound):
        shared_context(small, "ada", "nobody")


def test_json_shape() -> None:
    nodes, rels = small_network()
    data = shared_context(full_graph(store_graph(nodes, rels)), "bob", "cas").to_list()
    assert data[0]["id"] == "bob & cas"
    assert data[0]["mutual_contacts"] == ["ada"]
    assert {"id", "name", "scores", "evidence", "explanation"} <= set(data[0])
