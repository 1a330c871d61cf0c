"""Gould-Fernandez brokerage roles on triads where each role is obvious, and at scale."""

from __future__ import annotations

import doctest
import random
from collections.abc import Hashable, Mapping

import networkx as nx
import pytest

import graph.analysis.brokerage as brokerage_module
from graph.analysis.brokerage import ROLES, brokerage_roles, organisation_groups
from graph.analysis.projections import full_graph
from graph.vocabulary import NodeKind, RelType


def test_the_examples_in_the_docstrings_run() -> None:
    failures, tried = doctest.testmod(brokerage_module)
    assert tried > 5 and failures == 0


# a -> v -> c, with the groups of (a, v, c): each triad has exactly one obvious role for v.
TRIADS = {
    "coordinator": ("A", "A", "A"),
    "itinerant": ("A", "B", "A"),
    "gatekeeper": ("A", "B", "B"),
    "representative": ("A", "A", "B"),
    "liaison": ("A", "B", "C"),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_directed_triad_gives_its_one_role(role: str) -> None:
    ga, gv, gc = TRIADS[role]
    G = nx.DiGraph([("a", "v"), ("v", "c")])
    roles = brokerage_roles(G, {"a": ga, "v": gv, "c": gc})
    assert roles["v"] == {r: int(r == role) for r in ROLES}
    assert sum(roles["a"].values()) == sum(roles["c"].values()) == 0


@pytest.mark.parametrize("role", ROLES)
def test_a_direct_tie_closes_the_two_path(role: str) -> None:
    ga, gv, gc = TRIADS[role]
    G = nx.DiGraph([("a", "v"), ("v", "c"), ("a", "c")])
    assert sum(brokerage_roles(G, {"a": ga, "v": gv, "c": gc})["v"].values()) == 0


def test_only_a_tie_from_a_to_c_closes_a_directed_two_path() -> None:
    G = nx.DiGraph([("a", "v"), ("v", "c"), ("c", "a")])  # c tells a, but a does not tell c
    assert brokerage_roles(G, {"a": 1, "v": 1, "c": 1})["v"]["coordinator"] == 1


def test_undirected_ties_are_taken_both_ways() -> None:
    G = nx.Graph([("a", "v"), ("v", "c")])
    roles = brokerage_roles(G, {"a": "A", "v": "A", "c": "B"})["v"]
    # a -> v -> c is representative, c -> v -> a is gatekeeper: always equal when undirected.
    assert roles["representative"] == roles["gatekeeper"] == 1
    assert sum(roles.values()) == 2
    liaison = brokerage_roles(G, {"a": "A", "v": "B", "c": "C"})["v"]
    assert liaison["liaison"] == 2


def test_a_mutual_tie_is_not_a_pair_with_itself() -> None:
    G = nx.DiGraph([("a", "v"), ("v", "a")])
    assert sum(brokerage_roles(G, {"a": 1, "v": 1})["v"].values()) == 0


def test_nodes_without_a_group_are_not_counted() -> None:
    G = nx.DiGraph([("a", "v"), ("v", "c"), ("x", "v"), ("v", "y")])
    roles = brokerage_roles(G, {"a": 1, "v": 2, "c": 3})
    assert roles["v"]["liaison"] == 1 and sum(roles["v"].values()) == 1
    assert sum(brokerage_roles(G, {"a": 1, "c": 3})["v"].values()) == 0


def test_only_the_nodes_asked_for_are_counted() -> None:
    G = nx.path_graph(5)
    assert set(brokerage_roles(G, dict.fromkeys(G, 0), nodes=[1, 3])) == {1, 3}


def naive(G: nx.Graph, groups: Mapping[Hashable, Hashable]) -> dict[Hashable, dict[str, int]]:
    """Every ordered pair of contacts, one at a time: the definition, slowly."""
    directed = G.is_directed()
    out = {}
    for v in G:
        counts = dict.fromkeys(ROLES, 0)
        before = G.predecessors(v) if directed else G.neighbors(v)
        after = list(G.successors(v) if directed else G.neighbors(v))
        for a in before:
            for c in after:
                if len({a, v, c}) < 3 or G.has_edge(a, c):
                    continue
                if a not in groups or v not in groups or c not in groups:
                    continue
                ga, gv, gc = groups[a], groups[v], groups[c]
                if ga == gv == gc:
                    counts["coordinator"] += 1
                elif ga == gc:
                    counts["itinerant"] += 1
                elif gv == gc:
                    counts["gatekeeper"] += 1
                elif ga == gv:
                    counts["representative"] += 1
                else:
                    counts["liaison"] += 1
        out[v] = counts
    return out


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counting_by_group_equals_enumerating_every_pair(directed: bool, seed: int) -> None:
    G = nx.gnp_random_graph(60, 0.12, seed=seed, directed=directed)
    rng = random.Random(seed)
    groups = {v: rng.choice("ABCD") for v in G if rng.random() < 0.9}
    assert brokerage_roles(G, groups) == naive(G, groups)


def test_organisation_groups_prefer_the_current_job() -> None:
    G = nx.MultiDiGraph()
    for org in ("old", "new", "other"):
        G.add_node(org, kind=NodeKind.ORGANISATION, name=org)
    for person in ("ada", "bob", "cas"):
        G.add_node(person, kind=NodeKind.PERSON, name=person)
    G.add_node("mh", kind=NodeKind.INTEREST, name="Mental health")

    def works(p: str, org: str, **dates: str) -> None:
        G.add_edge(p, org, key=RelType.WORKS_FOR, type=RelType.WORKS_FOR, **dates)

    works("ada", "new", since="2015")
    works("ada", "old", since="2020", until="2021")  # more recent, but over
    works("bob", "other")
    works("bob", "new")  # no dates: the smaller id wins
    groups = organisation_groups(G)
    assert groups == {"old": "old", "new": "new", "other": "other", "ada": "new", "bob": "new"}
    assert "cas" not in groups and "mh" not in groups
    assert organisation_groups(full_graph(G))["bob"] == "new"
