"""Introductions: ranked against networkx's link-prediction indices, and on hand-built
networks where the right suggestion is obvious."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from factories import node, rel, row_source
from store_shaped import people_knowing, store_graph

from graph.analysis.introductions import (
    Weights,
    introduction_worklist,
    suggest_introductions,
)
from graph.analysis.projections import full_graph, people_graph
from graph.model import Node, Relationship
from graph.vocabulary import NodeKind, RelType

K, M = RelType.KNOWS, RelType.MEMBER_OF
PROJECTIONS = ["full", "people"]


def project(nodes: list[Node], rels: list[Relationship], projection: str) -> nx.Graph:
    G = store_graph(nodes, rels, properties={"open_to_introductions"})
    return full_graph(G) if projection == "full" else people_graph(G)


@pytest.mark.parametrize(
    ("method", "index"),
    [("adamic_adar", nx.adamic_adar_index), ("resource_allocation", nx.resource_allocation_index)],
)
def test_karate_club_scores_are_networkx_link_prediction_indices(
    method: str, index: object
) -> None:
    K_ = nx.karate_club_graph()
    H = full_graph(people_knowing(K_))
    for person in (0, 5, 33):
        result = suggest_introductions(H, person, k=34, method=method)
        ours = {item.details["suggested"]: item.scores["score"] for item in result.items}
        pairs = [(person, v) for v in K_ if v != person and not K_.has_edge(person, v)]
        expected = {v: s for _, v, s in index(K_, pairs) if s > 0}  # type: ignore[operator]
        assert ours.keys() == expected.keys()
        for v, score in expected.items():
            assert ours[v] == pytest.approx(score)
        scores = [item.scores["score"] for item in result.items]
        assert scores == sorted(scores, reverse=True)


def _triangle_gap() -> tuple[list[Node], list[Relationship]]:
    """Ann and Cat both know Bob and Dan; Eve knows only Dan."""
    nodes = [node(i, name=i.title()) for i in ("ann", "bob", "cat", "dan", "eve")]
    rels = [rel("ann", K, "bob"), rel("cat", K, "bob"), rel("ann", K, "dan"),
            rel("cat", K, "dan"), rel("eve", K, "dan")]
    return nodes, rels


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_the_obvious_introduction_comes_first_with_who_can_make_it(projection: str) -> None:
    nodes, rels = _triangle_gap()
    rels[0] = rel("ann", K, "bob", weight=3.0, sources=[row_source(row=9)])
    rels[1] = rel("cat", K, "bob", weight=2.0)
    G = project(nodes, rels, projection)
    result = suggest_introductions(G, "ann")
    first = result.items[0]
    assert first.id == "cat"
    assert first.details["via"] == ["bob", "dan"]  # bob's ties to both are stronger
    assert first.details["reasons"][0]["reason"] == "mutual_contacts"
    assert first.explanation == (
        "Introduce Ann to Cat: both know Bob and Dan. Bob could make the introduction."
    )
    assert ("ann", "KNOWS", "bob") in first.evidence.relationships
    assert "row:people.csv#9" in first.evidence.sources
    assert [i.id for i in result.items] == ["cat", "eve"]
    assert result.projection == projection


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_opted_out_people_are_never_suggested_asked_about_or_named(projection: str) -> None:
    nodes, rels = _triangle_gap()
    nodes[2] = node("cat", name="Cat", properties={"open_to_introductions": False})
    G = project(nodes, rels, projection)
    for person in ("ann", "bob", "dan", "eve"):
        assert "cat" not in [i.id for i in suggest_introductions(G, person, k=10).items]
    asked = suggest_introductions(G, "cat")
    assert asked.items == () and asked.summary["opted_out"] is True
    worklist = introduction_worklist(G, require_via=False, limit=None)
    assert all("cat" not in (i.id, i.details["person"]) for i in worklist.items)
    assert all("cat" not in i.details["via"] for i in worklist.items)

    # An opted-out mutual contact is neither named nor counted.
    nodes, rels = _triangle_gap()
    nodes[1] = node("bob", name="Bob", properties={"open_to_introductions": "false"})
    G = project(nodes, rels, projection)
    first = suggest_introductions(G, "ann").items[0]
    assert first.id == "cat" and first.details["via"] == ["dan"]
    assert first.scores["mutual_contacts"] == pytest.approx(1 / math.log(3))


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_pairs_already_introduced_are_not_suggested_again(projection: str) -> None:
    nodes, rels = _triangle_gap()
    G = project(nodes, rels, projection)
    result = suggest_introductions(G, "ann", already_introduced={frozenset({"cat", "ann"})})
    assert [i.id for i in result.items] == ["eve"]


def _bridging_network() -> tuple[list[Node], list[Relationship]]:
    """Lou (local) knows Mo; Mo knows Nat (national, through her place) and Loc (local).
    Nat and Loc are otherwise alike."""
    nodes = [
        node("england", NodeKind.PLACE, "England", scale="national"),
        node("lou", name="Lou", scale="local"),
        node("mo", name="Mo"),
        node("nat", name="Nat", place="england"),
        node("loc", name="Loc", scale="local"),
    ]
    rels = [rel("lou", K, "mo"), rel("mo", K, "nat"), rel("mo", K, "loc")]
    return nodes, rels


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_joining_local_and_national_work_counts_extra(projection: str) -> None:
    nodes, rels = _bridging_network()
    result = suggest_introductions(project(nodes, rels, projection), "lou")
    assert [i.id for i in result.items] == ["nat", "loc"]
    nat, loc = result.items
    assert nat.scores["score"] == pytest.approx(loc.scores["score"] * 1.5)
    assert nat.details["reasons"][-1]["reason"] == "joins_local_and_national"
    assert "joins local and national work" in nat.explanation
    assert nat.scores["bridge"] == 1 and loc.scores["bridge"] == 0
    no_bonus = suggest_introductions(
        project(nodes, rels, projection), "lou", weights=Weights(scale_bridge=0.0)
    )
    assert [i.scores["score"] for i in no_bonus.items] == pytest.approx(
        [loc.scores["score"]] * 2
    )


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_joining_two_communities_counts_extra(projection: str) -> None:
    nodes = [node(i, name=i.title()) for i in ("ann", "mid", "cal", "dot")]
    nodes += [node("deaf", NodeKind.COMMUNITY, "Deaf community"),
              node("carers", NodeKind.COMMUNITY, "Carers")]
    rels = [rel("ann", K, "mid"), rel("mid", K, "cal"), rel("mid", K, "dot"),
            rel("ann", M, "deaf"), rel("cal", M, "carers"), rel("dot", M, "deaf"),
            rel("mid", M, "deaf"), rel("mid", M, "carers")]
    result = suggest_introductions(project(nodes, rels, projection), "ann")
    cal = next(i for i in result.items if i.id == "cal")
    dot = next(i for i in result.items if i.id == "dot")
    assert any(r["reason"] == "joins_communities" for r in cal.details["reasons"])
    assert cal.scores["score"] == pytest.approx(cal.scores["mutual_contacts"] * 1.25)
    # dot shares ann's community instead: a shared context, no bridge
    assert dot.details["shared"] == ["deaf"]
    assert dot.scores["contexts"] > 0 and dot.scores["bridge"] == 0


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_a_shared_forum_without_a_mutual_contact_is_a_reason(projection: str) -> None:
    nodes = [node("ann", name="Ann"), node("ben", name="Ben"),
             node("wg", NodeKind.FORUM, "Working group"), node("mh", NodeKind.INTEREST, "MH")]
    rels = [rel("ann", M, "wg"), rel("ben", M, "wg"),
            rel("ann", RelType.INTERESTED_IN, "mh"), rel("ben", RelType.INTERESTED_IN, "mh")]
    G = project(nodes, rels, projection)
    result = suggest_introductions(G, "ann")
    assert [i.id for i in result.items] == ["ben"]
    ben = result.items[0]
    assert ben.details["via"] == []
    assert ben.details["shared"] == ["wg", "mh"] or ben.details["shared"] == ["mh", "wg"]
    assert [r["reason"] for r in ben.details["reasons"]] == ["shared_contexts", "shared_interests"]
    assert "No mutual contact is recorded" in ben.explanation
    assert ("ben", "MEMBER_OF", "wg") in ben.evidence.relationships
    assert suggest_introductions(G, "ann", require_via=True).items == ()


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_big_contexts_add_to_the_score_but_nominate_no_one(projection: str) -> None:
    nodes = [node("net", NodeKind.FORUM, "National network")]
    nodes += [node(f"p{i}") for i in range(300)] + [node("hub")]
    rels = [rel(f"p{i}", M, "net") for i in range(300)]
    rels += [rel("p0", K, "hub"), rel("hub", K, "p1"), rel("hub", K, "p299")]
    G = project(nodes, rels, projection)
    result = suggest_introductions(G, "p0", k=50, max_context_size=100)
    assert [i.id for i in result.items] == ["p1", "p299"]  # only through the hub
    assert all(i.details["shared"] == ["net"] for i in result.items)
    assert result.items[0].scores["contexts"] == pytest.approx(1 / math.log(300))
    everyone = suggest_introductions(G, "p0", k=500, max_context_size=1_000)
    assert len(everyone.items) == 299


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_the_worklist_lists_each_pair_once_best_first(projection: str) -> None:
    nodes, rels = _triangle_gap()
    G = project(nodes, rels, projection)
    result = introduction_worklist(G, per_person=2)
    pairs = [frozenset((i.id, i.details["person"])) for i in result.items]
    assert len(pairs) == len(set(pairs))
    # bob and dan share ann and cat, who know two people each: the strongest pair
    assert pairs[0] == frozenset({"bob", "dan"})
    assert set(pairs) == {
        frozenset({"ann", "cat"}), frozenset({"ann", "eve"}), frozenset({"cat", "eve"}),
        frozenset({"bob", "dan"}),
    }
    scores = [i.scores["score"] for i in result.items]
    assert scores == sorted(scores, reverse=True)
    assert len(introduction_worklist(G, per_person=2, limit=2).items) == 2
    only_eve = introduction_worklist(G, people=["eve"])
    assert {i.details["person"] for i in only_eve.items} == {"eve"}


def test_bad_arguments_are_refused() -> None:
    nodes, rels = _triangle_gap()
    nodes.append(node("f", NodeKind.FORUM, "F"))
    G = project(nodes, rels, "full")
    with pytest.raises(nx.NodeNotFound):
        suggest_introductions(G, "nobody")
    with pytest.raises(ValueError, match="not a person"):
        suggest_introductions(G, "f")
    with pytest.raises(ValueError, match="method"):
        suggest_introductions(G, "ann", method="jaccard")


def test_json_names_the_suggested_person_via_and_reasons() -> None:
    nodes, rels = _triangle_gap()
    data = suggest_introductions(project(nodes, rels, "full"), "ann").to_list()
    assert data[0]["id"] == "cat"
    assert data[0]["via"] == ["bob", "dan"]
    assert data[0]["reasons"][0]["ids"] == ["bob", "dan"]
    assert {"id", "name", "scores", "evidence", "explanation"} <= set(data[0])
