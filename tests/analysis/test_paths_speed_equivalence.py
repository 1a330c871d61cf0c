"""k shortest paths after the search was made faster: the same paths, ties broken the same way.

The search tests whole frontiers against the other end at once and filters each node's ties
once per query; these tests check the answers against networkx wherever the answer is
unambiguous, pin the paths Yen's algorithm picks where it is not, and check that a blocked
tie is refused from both ends and that an unreadable tie matters only when it is reached.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from graph.analysis.paths import k_shortest_paths
from graph.vocabulary import NodeKind, RelType


def _found(G: nx.Graph, a: object, b: object, **options: object) -> list[list[object]]:
    return [item.details["nodes"] for item in k_shortest_paths(G, a, b, **options).items]


def _networkx(G: nx.Graph, a: object, b: object, k: int, max_hops: int) -> list[list[object]]:
    """networkx's k shortest simple paths within the hop limit, and the one after them."""
    if not nx.has_path(G, a, b):
        return []
    out: list[list[object]] = []
    for path in nx.shortest_simple_paths(G, a, b):
        if len(path) - 1 > max_hops or len(out) == k + 1:
            break
        out.append(path)
    return out


def _check_against_networkx(
    G: nx.Graph, found: list[list[object]], reference: list[list[object]], k: int
) -> bool:
    """Hop counts always match; the paths themselves wherever no path ties for the last place.

    Returns whether the paths were compared.
    """
    expected, after = reference[:k], reference[k:]
    assert [len(p) - 1 for p in found] == [len(p) - 1 for p in expected]
    assert all(nx.is_simple_path(G, p) for p in found)
    assert len({tuple(p) for p in found}) == len(found)
    if after and expected and len(after[0]) == len(expected[-1]):
        return False  # more than k paths tie: Yen's choice among them is pinned below
    assert {tuple(p) for p in found} == {tuple(p) for p in expected}
    return True


def _graphs() -> list[tuple[str, nx.Graph]]:
    graphs = [(f"gnm-{s}", nx.gnm_random_graph(35, 90 + 15 * s, seed=s)) for s in range(4)]
    graphs.append(("hubs", nx.barabasi_albert_graph(60, 2, seed=4)))
    graphs.append(("caveman", nx.relaxed_caveman_graph(6, 5, 0.3, seed=5)))
    return graphs


@pytest.mark.parametrize(("name", "G"), _graphs(), ids=[n for n, _ in _graphs()])
def test_the_paths_are_networkx_k_shortest_wherever_unambiguous(name: str, G: nx.Graph) -> None:
    rng = random.Random(name)
    compared = 0
    for _ in range(25):
        a, b = rng.sample(list(G), 2)
        k, max_hops = rng.choice((1, 3, 5, 10)), rng.choice((2, 3, 4, 5))
        found = _found(G, a, b, k=k, max_hops=max_hops)
        compared += _check_against_networkx(G, found, _networkx(G, a, b, k, max_hops), k)
    assert compared > 0  # the test compares paths, not only their lengths


def _decorated(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 160, seed=seed)
    kinds = [NodeKind.PERSON, NodeKind.PERSON, NodeKind.FORUM, NodeKind.ORGANISATION]
    for _, data in G.nodes(data=True):
        data["kind"] = rng.choice(kinds)
    types = [RelType.KNOWS, RelType.MEMBER_OF, RelType.WORKS_FOR]
    for _, _, data in G.edges(data=True):
        data["types"] = frozenset(rng.sample(types, rng.choice((1, 2))))
    return G


@pytest.mark.parametrize("seed", range(4))
def test_filtered_paths_are_networkx_k_shortest_on_what_the_filters_admit(seed: int) -> None:
    G = _decorated(seed)
    rng = random.Random(seed)
    kinds = frozenset({NodeKind.PERSON, NodeKind.FORUM})
    types = frozenset({RelType.KNOWS, RelType.WORKS_FOR})
    compared = 0
    for _ in range(25):
        a, b = rng.sample(list(G), 2)
        k, max_hops = rng.choice((1, 3, 5, 10)), rng.choice((2, 3, 4, 5))
        admitted = nx.subgraph_view(
            G,
            filter_node=lambda n, a=a, b=b: n in (a, b) or G.nodes[n]["kind"] in kinds,
            filter_edge=lambda u, v: not types.isdisjoint(G[u][v]["types"]),
        )
        found = _found(G, a, b, k=k, max_hops=max_hops, via_kinds=kinds, via_types=types)
        for path in found:
            assert {G.nodes[n]["kind"] for n in path[1:-1]} <= kinds
            assert all(not types.isdisjoint(G[u][v]["types"]) for u, v in itertools.pairwise(path))
        reference = _networkx(admitted, a, b, k, max_hops)
        compared += _check_against_networkx(G, found, reference, k)
    assert compared > 0


def test_a_blocked_tie_is_refused_from_the_far_end_too() -> None:
    # After 0-1-9, the search for the next path blocks the tie 0-1. The end at 9 reaches 1
    # and then sees 0, already reached from the start: stepping there would use the blocked
    # tie, and Yen's algorithm would lose the only other path.
    G = nx.Graph([(0, 1), (1, 9), (0, 2), (0, 3), (1, 4), (4, 2), (3, 5)])
    assert _found(G, 0, 9, k=5, max_hops=4) == [[0, 1, 9], [0, 2, 4, 1, 9]]
    assert _found(G, 0, 9, k=5, max_hops=3) == [[0, 1, 9]]


def _caveman() -> nx.Graph:
    return nx.relabel_nodes(nx.relaxed_caveman_graph(6, 5, 0.3, seed=2), lambda n: f"p{n:02d}")


TIES_BROKEN_BEFORE = [
    # From 0 to 33, 14 three-hop paths compete for 6 places.
    (
        "karate",
        0,
        33,
        10,
        3,
        "0.13.33 0.31.33 0.8.33 0.19.33 0.2.8.33 0.1.13.33 0.2.13.33 0.2.27.33 0.3.13.33 0.2.9.33",
    ),
    (
        "karate",
        16,
        26,
        8,
        5,
        "16.5.0.13.33.26 16.5.0.31.33.26 16.5.0.8.33.26 16.6.0.13.33.26 "
        "16.6.0.31.33.26 16.6.0.8.33.26 16.5.0.19.33.26 16.6.0.19.33.26",
    ),
    ("karate", 0, 14, 5, 4, "0.2.32.14 0.31.32.14 0.13.33.14 0.31.33.14 0.8.32.14"),
    ("karate", 4, 25, 6, 4, "4.0.31.25 4.10.0.31.25 4.6.0.31.25 4.0.31.24.25"),
    # From p00 to p29, 15 five-hop paths compete for the last place.
    (
        "caveman",
        "p00",
        "p29",
        6,
        5,
        "p00.p01.p25.p29 p00.p01.p25.p26.p29 p00.p01.p25.p28.p29 "
        "p00.p03.p01.p25.p29 p00.p04.p01.p25.p29 p00.p01.p25.p26.p28.p29",
    ),
    (
        "caveman",
        "p05",
        "p29",
        6,
        5,
        "p05.p11.p00.p01.p25.p29 p05.p11.p10.p27.p25.p29 "
        "p05.p11.p10.p27.p26.p29 p05.p11.p10.p27.p28.p29 p05.p12.p10.p27.p25.p29 "
        "p05.p12.p10.p27.p26.p29",
    ),
]
"""Where more than k paths tie, the paths Yen's algorithm kept before the search was made
faster: which of the tied paths it meets depends on the order the searches visit nodes in,
each node's neighbours in adjacency order, the smaller frontier grown first."""


@pytest.mark.parametrize(("graph", "a", "b", "k", "max_hops", "expected"), TIES_BROKEN_BEFORE)
def test_ties_are_broken_as_before(
    graph: str, a: object, b: object, k: int, max_hops: int, expected: str
) -> None:
    G = nx.karate_club_graph() if graph == "karate" else _caveman()
    found = _found(G, a, b, k=k, max_hops=max_hops)
    assert [".".join(map(str, path)) for path in found] == expected.split()


def test_an_unreadable_tie_matters_only_once_a_search_reaches_it() -> None:
    # The tie a-x has no readable types. The first search meets b before looking at it; only
    # the search for a second path, with a-b blocked, has to read it.
    G = nx.Graph()
    G.add_edge("a", "b", types=frozenset({RelType.KNOWS}))
    G.add_edge("a", "x", types=None)
    G.add_edge("x", "b", types=frozenset({RelType.KNOWS}))
    assert _found(G, "a", "b", k=1, via_types=["KNOWS"]) == [["a", "b"]]
    with pytest.raises(TypeError):
        k_shortest_paths(G, "a", "b", k=2, via_types=["KNOWS"])
