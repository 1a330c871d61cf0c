"""Brokers: betweenness (exact and sampled), Burt's constraint and effective size, the ranking."""

from __future__ import annotations

import doctest
import math
import random

import networkx as nx
import pytest

import graph.analysis.brokers as brokers_module
from graph.analysis.brokers import (
    MIN_SAMPLE,
    auto_sample,
    betweenness,
    betweenness_error_bound,
    brokers,
    constraint,
    effective_size,
)
from graph.analysis.communities import louvain, membership
from graph.analysis.projections import full_graph
from graph.vocabulary import NodeKind, RelType, Scale

# Padgett's Florentine marriage network as networkx ships it (15 families, Pucci left out):
# normalized betweenness as published with the data (e.g. UCINET's and networkx's examples).
FLORENTINE_BETWEENNESS = {
    "Medici": 0.5220,
    "Guadagni": 0.2546,
    "Albizzi": 0.2125,
    "Salviati": 0.1429,
    "Ridolfi": 0.1136,
    "Bischeri": 0.1044,
    "Strozzi": 0.1026,
    "Barbadori": 0.0934,
    "Tornabuoni": 0.0916,
    "Castellani": 0.0549,
    "Peruzzi": 0.0220,
    "Acciaiuoli": 0.0,
    "Ginori": 0.0,
    "Lamberteschi": 0.0,
    "Pazzi": 0.0,
}


def ranks(values: list[float]) -> list[float]:
    """Ranks with ties averaged (for Spearman's rho)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = math.sqrt(sum((x - ma) ** 2 for x in ra))
    vb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return cov / (va * vb)


def test_the_examples_in_the_docstrings_run() -> None:
    failures, tried = doctest.testmod(brokers_module, optionflags=doctest.ELLIPSIS)
    assert tried > 5 and failures == 0


# -- betweenness -------------------------------------------------------------------------------


def test_florentine_families_have_the_published_betweenness() -> None:
    b = betweenness(nx.florentine_families_graph())
    assert max(b, key=b.__getitem__) == "Medici"
    for family, value in FLORENTINE_BETWEENNESS.items():
        assert b[family] == pytest.approx(value, abs=5e-5), family


@pytest.mark.parametrize(
    "G",
    [
        nx.karate_club_graph(),
        nx.les_miserables_graph(),
        nx.gnp_random_graph(60, 0.05, seed=3),  # disconnected, with isolates
        nx.gnp_random_graph(40, 0.08, seed=4, directed=True),
    ],
    ids=["karate", "les-miserables", "disconnected", "directed"],
)
def test_exact_betweenness_equals_networkx(G: nx.Graph) -> None:
    ours = betweenness(G)
    reference = nx.betweenness_centrality(G)
    assert ours.keys() == reference.keys()
    for node, value in reference.items():
        assert ours[node] == pytest.approx(value, abs=1e-12)
    raw = betweenness(G, normalized=False)
    for node, value in nx.betweenness_centrality(G, normalized=False).items():
        assert raw[node] == pytest.approx(value, abs=1e-9)


def test_sampled_betweenness_is_the_pivot_estimate_networkx_would_compute() -> None:
    G = nx.les_miserables_graph()
    n, k, seed = len(G), 15, 7
    pivots = [list(G)[i] for i in random.Random(seed).sample(range(n), k)]
    # Sum of the pivots' dependencies, by networkx (undirected: halved), scaled by n / k.
    subset = nx.betweenness_centrality_subset(G, sources=pivots, targets=list(G))
    expected = {v: 2 * subset[v] * n / k / ((n - 1) * (n - 2)) for v in G}
    ours = betweenness(G, k, seed=seed)
    for v in G:
        assert ours[v] == pytest.approx(expected[v], abs=1e-12)


def test_sampling_is_seeded() -> None:
    G = nx.powerlaw_cluster_graph(300, 2, 0.2, seed=1)
    assert betweenness(G, 30, seed=5) == betweenness(G, 30, seed=5)
    assert betweenness(G, 30, seed=5) != betweenness(G, 30, seed=6)


def test_sampled_betweenness_ranks_like_exact_and_stays_within_its_bound() -> None:
    G = nx.powerlaw_cluster_graph(2_000, 3, 0.3, seed=11)
    exact = betweenness(G)
    nodes = list(G)
    k = 200
    bound = betweenness_error_bound(len(G), k)
    assert 0 < bound < 0.2
    for seed in (1, 2, 3):
        estimate = betweenness(G, k, seed=seed)
        rho = spearman([exact[v] for v in nodes], [estimate[v] for v in nodes])
        assert rho > 0.9
        worst = max(abs(estimate[v] - exact[v]) for v in nodes)
        assert worst <= bound
        top_exact = sorted(nodes, key=exact.__getitem__, reverse=True)[:10]
        top_estimate = sorted(nodes, key=estimate.__getitem__, reverse=True)[:10]
        assert len(set(top_exact) & set(top_estimate)) >= 8


def test_more_pivots_give_a_closer_estimate() -> None:
    G = nx.powerlaw_cluster_graph(800, 3, 0.3, seed=2)
    exact = betweenness(G)

    def mean_error(k: int) -> float:
        errors = []
        for seed in range(5):
            estimate = betweenness(G, k, seed=seed)
            errors.append(sum(abs(estimate[v] - exact[v]) for v in G) / len(G))
        return sum(errors) / len(errors)

    assert mean_error(400) < mean_error(40)


def test_the_error_bound_follows_its_formula() -> None:
    n, k = 10_000, 500
    expected = (
        n
        / (n - 1)
        * math.sqrt(math.log(2 * n / 0.05) * (1 - (k - 1) / n) / (2 * k))
    )
    assert betweenness_error_bound(n, k) == pytest.approx(expected)
    assert betweenness_error_bound(n, k, confidence=0.99) > betweenness_error_bound(n, k)
    assert betweenness_error_bound(n, 4 * k) < betweenness_error_bound(n, k) / 2
    assert betweenness_error_bound(n, None) == betweenness_error_bound(n, n) == 0.0
    with pytest.raises(ValueError):
        betweenness_error_bound(n, k, confidence=1.0)


def test_negative_samples_are_refused() -> None:
    with pytest.raises(ValueError, match="sample"):
        betweenness(nx.path_graph(5), -1)


def test_auto_sample_is_exact_when_small_and_budgeted_when_large() -> None:
    assert auto_sample(nx.karate_club_graph()) is None
    G = nx.barabasi_albert_graph(20_000, 5, seed=1)  # about 100,000 ties
    k = auto_sample(G)
    assert k is not None and MIN_SAMPLE <= k < len(G)
    assert auto_sample(G, budget=1.0) == MIN_SAMPLE
    assert auto_sample(G, budget=1e12) is None


# -- structural holes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("G", "weight"),
    [
        (nx.florentine_families_graph(), None),
        (nx.karate_club_graph(), None),
        (nx.karate_club_graph(), "weight"),
        (nx.les_miserables_graph(), "weight"),
        (nx.gnp_random_graph(30, 0.1, seed=5, directed=True), None),
    ],
    ids=["florentine", "karate", "karate-weighted", "les-miserables-weighted", "directed"],
)
def test_constraint_and_effective_size_match_networkx(G: nx.Graph, weight: str | None) -> None:
    ours_c, ref_c = constraint(G, weight=weight), nx.constraint(G, weight=weight)
    ours_e, ref_e = effective_size(G, weight=weight), nx.effective_size(G, weight=weight)
    for v in G:
        if math.isnan(ref_c[v]):
            assert math.isnan(ours_c[v])
        else:
            assert ours_c[v] == pytest.approx(ref_c[v], abs=1e-9)
        if math.isnan(ref_e[v]):
            assert math.isnan(ours_e[v])
        else:
            assert ours_e[v] == pytest.approx(ref_e[v], abs=1e-9)


def test_isolated_nodes_have_no_constraint_or_effective_size() -> None:
    G = nx.Graph([("a", "b")])
    G.add_node("alone")
    assert math.isnan(constraint(G)["alone"]) and math.isnan(effective_size(G)["alone"])


def test_a_star_centre_is_unconstrained_and_its_leaves_fully_constrained() -> None:
    G = nx.star_graph(5)
    c, e = constraint(G), effective_size(G)
    assert c[0] == pytest.approx(0.2) and c[1] == pytest.approx(1.0)
    assert e[0] == 5.0 and e[1] == 1.0


# -- the ranking -------------------------------------------------------------------------------


def test_karate_club_brokers_are_the_instructor_and_the_president() -> None:
    result = brokers(nx.karate_club_graph(), top=2)
    assert [item.id for item in result] == ["0", "33"]
    assert result.summary["betweenness"] == "exact"


def test_florentine_ranking_and_scores() -> None:
    result = brokers(nx.florentine_families_graph(), top=None)
    assert [item.id for item in result][:3] == ["Medici", "Guadagni", "Albizzi"]
    medici = result.items[0]
    assert medici.scores["betweenness"] == pytest.approx(0.5220, abs=5e-5)
    assert medici.scores["constraint"] == pytest.approx(nx.constraint(
        nx.florentine_families_graph())["Medici"])
    assert medici.scores["rank"] == 1.0
    assert "Medici lies on 52.2% of the shortest paths" in medici.explanation
    assert len(result) == 15


def network() -> nx.MultiDiGraph:
    """Two local teams and a national team; Olivia is the only tie between all three."""
    G = nx.MultiDiGraph()
    teams = {"north": Scale.LOCAL, "south": Scale.LOCAL, "centre": Scale.NATIONAL}
    for team, scale in teams.items():
        G.add_node(team, kind=NodeKind.ORGANISATION, name=f"{team.title()} Trust", scale=scale)
        people = [f"{team}{i}" for i in range(4)]
        for p in people:
            G.add_node(p, kind=NodeKind.PERSON, name=p.title(), scale=scale)
            G.add_edge(p, team, key=RelType.WORKS_FOR, type=RelType.WORKS_FOR)
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                G.add_edge(a, b, key=RelType.KNOWS, type=RelType.KNOWS, sources=("row:x#1",))
    G.add_node("olivia", kind=NodeKind.PERSON, name="Olivia", scale=Scale.REGIONAL)
    for contact in ("north0", "south0", "centre0"):
        G.add_edge("olivia", contact, key=RelType.KNOWS, type=RelType.KNOWS, sources=("row:y#2",))
    return G


def test_the_only_bridge_between_groups_is_explained_with_evidence() -> None:
    H = full_graph(network())
    groups = membership(louvain(H, seed=1))
    assert len(set(groups.values())) == 3
    result = brokers(H, groups=groups, top=1, group_names={g: f"team {g}" for g in range(3)})
    olivia = result.items[0]
    assert olivia.id == "olivia" and olivia.name == "Olivia"
    assert olivia.scores["groups_joined"] == 3
    assert olivia.scores["sole_bridge_pairs"] == 3
    # Olivia lands in one of the three teams' communities: between the other two she is a
    # liaison, to and from them her team's representative and gatekeeper (each way counted).
    assert olivia.scores["liaison"] == 2
    assert olivia.scores["representative"] == olivia.scores["gatekeeper"] == 2
    assert olivia.scores["coordinator"] == olivia.scores["itinerant"] == 0
    assert "Olivia connects 3 groups" in olivia.explanation
    assert "the only tie between 3 pairs of them" in olivia.explanation
    assert {r["type"] for r in olivia.to_dict()["evidence"]["relationships"]} == {"KNOWS"}
    assert set(olivia.evidence.nodes) == {"olivia", "north0", "south0", "centre0"}
    assert olivia.evidence.sources == ("row:y#2",)


def test_brokers_filter_by_kind_but_rank_over_everyone() -> None:
    H = full_graph(network())
    everyone = brokers(H, top=None)
    trusts = brokers(H, kind=NodeKind.ORGANISATION, top=None)
    assert {item.id for item in trusts} == {"north", "south", "centre"}
    ranks_everyone = {item.id: item.scores["rank"] for item in everyone}
    assert all(item.scores["rank"] == ranks_everyone[item.id] for item in trusts)
    assert brokers(H, kind="Person", top=1).items[0].id == "olivia"


def test_a_forced_sample_reports_its_error_bound() -> None:
    G = nx.powerlaw_cluster_graph(500, 2, 0.1, seed=3)
    result = brokers(G, sample=50, seed=1, top=5)
    assert result.summary["betweenness"] == "sampled"
    assert result.summary["pivots"] == 50
    assert result.summary["error_bound"] == pytest.approx(betweenness_error_bound(500, 50))
    assert "(estimated from 50 of the 500 sources)" in result.items[0].explanation
    exact = brokers(G, sample=0, top=5)
    assert exact.summary["betweenness"] == "exact" and exact.summary["error_bound"] == 0.0
    assert "estimated" not in exact.items[0].explanation


def test_top_must_be_positive() -> None:
    with pytest.raises(ValueError):
        brokers(nx.path_graph(3), top=0)
