"""k shortest paths: checked against networkx's Yen on classic and random networks, and on
hand-built networks where the right answer is obvious."""

from __future__ import annotations

import itertools
import json
import random

import networkx as nx
import pytest
from factories import node, rel, row_source, small_network
from store_shaped import people_knowing, store_graph

from graph.analysis.paths import describe_path, k_shortest_paths
from graph.analysis.projections import full_graph, people_graph
from graph.vocabulary import NodeKind, RelType


def _reference(G: nx.Graph, a: object, b: object, k: int, max_hops: int) -> list[int]:
    """Hop counts of the k shortest paths of at most max_hops, by networkx's Yen."""
    lengths: list[int] = []
    for path in nx.shortest_simple_paths(G, a, b):
        if len(path) - 1 > max_hops or len(lengths) == k:
            break
        lengths.append(len(path) - 1)
    return lengths


def _check_paths(G: nx.Graph, result_nodes: list[list[object]], a: object, b: object) -> None:
    assert len({tuple(p) for p in result_nodes}) == len(result_nodes)  # distinct
    for path in result_nodes:
        assert path[0] == a and path[-1] == b
        assert len(set(path)) == len(path)  # simple
        assert all(G.has_edge(u, v) for u, v in itertools.pairwise(path))


def test_karate_club_paths_match_networkx() -> None:
    G = nx.karate_club_graph()
    for a, b in [(0, 33), (16, 26), (11, 29), (4, 25)]:
        result = k_shortest_paths(G, a, b, k=10, max_hops=6)
        found = [item.details["nodes"] for item in result.items]
        _check_paths(G, found, a, b)
        assert [len(p) - 1 for p in found] == _reference(G, a, b, 10, 6)


@pytest.mark.parametrize("seed", range(8))
def test_random_networks_match_networkx_within_the_hop_limit(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(60, 150, seed=seed)
    for _ in range(5):
        a, b = rng.sample(list(G), 2)
        k, hops = rng.randint(1, 8), rng.randint(1, 5)
        if not nx.has_path(G, a, b):
            assert k_shortest_paths(G, a, b, k=k, max_hops=hops).items == ()
            continue
        found = [i.details["nodes"] for i in k_shortest_paths(G, a, b, k=k, max_hops=hops)]
        _check_paths(G, found, a, b)
        assert [len(p) - 1 for p in found] == _reference(G, a, b, k, hops)


def test_florentine_families_shortest_paths() -> None:
    # Padgett's marriage network: the Medici are on every short path between the Acciaiuoli
    # and the Albizzi; Pazzi to Lamberteschi takes five marriages.
    G = nx.florentine_families_graph()
    first = k_shortest_paths(G, "Acciaiuoli", "Albizzi", k=1).items[0]
    assert first.details["nodes"] == ["Acciaiuoli", "Medici", "Albizzi"]
    far = k_shortest_paths(G, "Pazzi", "Lamberteschi", k=3, max_hops=6)
    assert far.items[0].scores["hops"] == nx.shortest_path_length(G, "Pazzi", "Lamberteschi")
    assert k_shortest_paths(G, "Pazzi", "Lamberteschi", max_hops=4).items == ()


def test_the_hop_limit_is_a_limit() -> None:
    G = nx.path_graph("abcde")
    assert k_shortest_paths(G, "a", "e", max_hops=3).items == ()
    assert [i.details["nodes"] for i in k_shortest_paths(G, "a", "e", max_hops=4)] == [
        list("abcde")
    ]


def test_paths_come_fewest_hops_first_then_strongest() -> None:
    G = nx.Graph()
    G.add_edge("a", "weak", weight=1.0)
    G.add_edge("weak", "b", weight=1.0)
    G.add_edge("a", "strong", weight=5.0)
    G.add_edge("strong", "b", weight=5.0)
    G.add_edge("a", "x", weight=9.0)
    G.add_edge("x", "y", weight=9.0)
    G.add_edge("y", "b", weight=9.0)
    found = [i.details["nodes"] for i in k_shortest_paths(G, "a", "b", k=3)]
    assert found == [["a", "strong", "b"], ["a", "weak", "b"], ["a", "x", "y", "b"]]


def test_the_convenors_example_reads_aloud() -> None:
    nodes, rels = small_network()
    H = full_graph(store_graph(nodes, rels))
    result = k_shortest_paths(H, "ada", "cas", k=5)
    by_nodes = {tuple(i.details["nodes"]): i for i in result.items}
    assert next(iter(by_nodes)) == ("ada", "cas")  # they know each other: one hop
    item = by_nodes[("ada", "bob", "forum", "cas")]
    assert item.explanation == (
        "Ada Lovelace knows Bob Kerslake, who convenes NHS Citizen Advisory Group, "
        "of which Casey Townsend is a member."
    )
    assert item.details["intermediaries"] == ["bob", "forum"]
    assert item.details["types"] == [["KNOWS"], ["CONVENES"], ["MEMBER_OF"]]
    assert item.evidence.relationships == (
        ("ada", "KNOWS", "bob"),
        ("bob", "CONVENES", "forum"),
        ("cas", "MEMBER_OF", "forum"),
    )
    # and from the other end, the relationships read the other way round
    back = k_shortest_paths(H, "cas", "ada", k=5)
    reverse = next(i for i in back.items if i.details["nodes"] == ["cas", "forum", "bob", "ada"])
    assert reverse.explanation == (
        "Casey Townsend is a member of NHS Citizen Advisory Group, which Bob Kerslake "
        "convenes, who knows Ada Lovelace."
    )


def test_through_given_kinds_only() -> None:
    nodes, rels = small_network()
    H = full_graph(store_graph(nodes, rels))
    result = k_shortest_paths(H, "bob", "cas", k=10, via_kinds=[NodeKind.FORUM])
    assert [i.details["nodes"] for i in result.items] == [["bob", "forum", "cas"]]
    people_only = k_shortest_paths(H, "bob", "cas", k=10, via_kinds=["Person"])
    assert [i.details["nodes"] for i in people_only.items] == [["bob", "ada", "cas"]]
    for item in k_shortest_paths(H, "trust", "cas", k=10, via_kinds=["Person", "Forum"]):
        kinds = {H.nodes[n]["kind"] for n in item.details["intermediaries"]}
        assert kinds <= {NodeKind.PERSON, NodeKind.FORUM}


def test_through_given_relationship_types_only() -> None:
    nodes, rels = small_network()
    H = full_graph(store_graph(nodes, rels))
    result = k_shortest_paths(H, "bob", "cas", k=10, via_types=[RelType.KNOWS])
    assert [i.details["nodes"] for i in result.items] == [["bob", "ada", "cas"]]
    assert result.items[0].details["types"] == [["KNOWS"], ["KNOWS"]]
    assert k_shortest_paths(H, "bob", "cas", via_types=["INTERESTED_IN"]).items == ()


def test_people_projection_paths_say_what_is_shared() -> None:
    nodes, rels = small_network()
    P = people_graph(store_graph(nodes, rels))
    result = k_shortest_paths(P, "bob", "cas", k=3)
    assert result.projection == "people"
    first = result.items[0]
    assert first.details["nodes"] == ["bob", "cas"]
    assert first.explanation == (
        "Bob Kerslake shares NHS Citizen Advisory Group with Casey Townsend."
    )
    assert set(first.evidence.relationships) == {
        ("bob", "CONVENES", "forum"),
        ("cas", "MEMBER_OF", "forum"),
    }


def test_evidence_carries_the_sources_of_each_hop() -> None:
    nodes = [node("a"), node("b"), node("c")]
    rels = [
        rel("a", RelType.KNOWS, "b", sources=[row_source(row=3)]),
        rel("b", RelType.KNOWS, "c", sources=[row_source(row=4)]),
    ]
    result = k_shortest_paths(full_graph(store_graph(nodes, rels)), "a", "c")
    assert result.items[0].evidence.sources == ("row:people.csv#3", "row:people.csv#4")
    assert result.items[0].evidence.nodes == ("a", "b", "c")


def test_json_lists_the_nodes_in_order() -> None:
    G = people_knowing(nx.path_graph(4))
    data = json.loads(json.dumps(k_shortest_paths(full_graph(G), 3, 0).to_list()))
    assert data[0]["nodes"] == [3, 2, 1, 0]
    assert data[0]["id"] == "3 > 2 > 1 > 0"
    assert data[0]["evidence"]["relationships"][0] == {
        "source": "2",
        "type": "KNOWS",
        "target": "3",
    }
    assert {"id", "name", "scores", "evidence", "explanation"} <= set(data[0])


def test_bad_ends_are_refused() -> None:
    G = nx.path_graph(3)
    with pytest.raises(nx.NodeNotFound):
        k_shortest_paths(G, 0, 99)
    with pytest.raises(ValueError):
        k_shortest_paths(G, 1, 1)
    with pytest.raises(ValueError):
        k_shortest_paths(G, 0, 2, k=0)


def test_describe_path_of_one_node() -> None:
    G = nx.Graph()
    G.add_node("a", name="Ada")
    assert describe_path(G, ["a"]) == "Ada is the person asked about."


def test_a_big_people_network_answers_within_the_hop_limit() -> None:
    # 2,000 people in 20 communities, mostly knowing their own: every answer is a valid
    # path no longer than the limit, and the shortest one matches networkx.
    rng = random.Random(7)
    G = nx.Graph()
    for _ in range(8_000):
        a = rng.randrange(2_000)
        b = rng.randrange(a // 100 * 100, a // 100 * 100 + 100) if rng.random() < 0.8 else (
            rng.randrange(2_000)
        )
        if a != b:
            G.add_edge(a, b)
    for _ in range(10):
        a, b = rng.sample(list(G), 2)
        found = [i.details["nodes"] for i in k_shortest_paths(G, a, b, k=5, max_hops=4)]
        _check_paths(G, found, a, b)
        assert all(len(p) - 1 <= 4 for p in found)
        assert [len(p) - 1 for p in found] == _reference(G, a, b, 5, 4)
