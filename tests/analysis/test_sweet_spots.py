"""Sweet spots and their gaps on hand-built networks where the answer is obvious."""

from __future__ import annotations

import doctest
import random
from pathlib import Path

import networkx as nx
import pytest
from factories import node, rel, small_network

import graph.analysis.sweet_spots as sweet_spots_module
from graph.analysis.projections import full_graph
from graph.analysis.sweet_spots import (
    JOINING_KINDS,
    engagements,
    sweet_spot_gaps,
    sweet_spots,
)
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType, Scale


def test_the_examples_in_the_docstrings_run() -> None:
    failures, tried = doctest.testmod(sweet_spots_module)
    assert tried > 10 and failures == 0


class Net:
    """A store-shaped graph built one line at a time."""

    def __init__(self) -> None:
        self.G = nx.MultiDiGraph()

    def add(self, i: str, kind: NodeKind = NodeKind.PERSON, **attrs: object) -> Net:
        self.G.add_node(i, kind=kind, name=attrs.pop("name", i.title()), **attrs)
        return self

    def tie(self, s: str, t: RelType, d: str, **attrs: object) -> Net:
        self.G.add_edge(s, d, key=t, type=t, **attrs)
        return self


def two_forums() -> Net:
    """Forum "joined": a local and a national member who know each other. Forum "apart": a
    local and a national member who do not."""
    net = Net()
    for forum in ("joined", "apart"):
        net.add(forum, NodeKind.FORUM)
        net.add(f"{forum}-local", scale=Scale.LOCAL)
        net.add(f"{forum}-national", scale=Scale.NATIONAL)
        net.tie(f"{forum}-local", RelType.MEMBER_OF, forum)
        net.tie(f"{forum}-national", RelType.MEMBER_OF, forum)
    net.tie("joined-local", RelType.KNOWS, "joined-national", sources=("row:people.csv#3",))
    return net


def test_a_joined_meeting_ranks_above_an_unjoined_one_which_is_a_gap() -> None:
    G = two_forums().G
    spots = sweet_spots(G)
    assert [item.id for item in spots] == ["joined", "apart"]
    assert spots.items[0].scores["score"] == 1.0 and spots.items[1].scores["score"] == 0.0
    gaps = sweet_spot_gaps(G)
    assert [item.id for item in gaps] == ["apart"]
    apart = gaps.items[0]
    assert apart.details["introductions"] == [
        {"local": "apart-local", "national": "apart-national"}
    ]
    assert apart.scores["gap"] == 1.0
    assert "none of them is tied to the other side except through it" in apart.explanation
    assert "Introducing Apart-Local to Apart-National" in apart.explanation


def test_a_sweet_spot_names_its_actors_and_the_ties_that_join_them() -> None:
    item = sweet_spots(two_forums().G).items[0].to_dict()
    assert item["local"] == ["joined-local"] and item["national"] == ["joined-national"]
    assert item["joins"] == [{"local": "joined-local", "national": "joined-national", "via": None}]
    rels = {(r["source"], r["type"], r["target"]) for r in item["evidence"]["relationships"]}
    assert ("joined-local", "KNOWS", "joined-national") in rels
    assert ("joined-local", "MEMBER_OF", "joined") in rels
    assert item["evidence"]["sources"] == ["row:people.csv#3"]
    assert "Joined-Local knows Joined-National" in item["explanation"]


def test_a_mutual_contact_joins_them_but_the_item_itself_does_not() -> None:
    net = Net().add("f", NodeKind.FORUM).add("lo", scale=Scale.LOCAL)
    net.add("na", scale=Scale.NATIONAL).add("third")
    net.tie("lo", RelType.MEMBER_OF, "f").tie("na", RelType.MEMBER_OF, "f")
    net.tie("third", RelType.MEMBER_OF, "f")  # a two-step path, but through the forum
    assert engagements(net.G)[0].joins == ()
    net.tie("lo", RelType.KNOWS, "third").tie("na", RelType.KNOWS, "third")
    (found,) = engagements(net.G)
    assert [(j.local, j.national, j.via) for j in found.joins] == [("lo", "na", "third")]
    assert "are joined through Third" in sweet_spots(net.G).items[0].explanation


def test_a_shared_interest_or_place_joins_nobody() -> None:
    net = Net().add("f", NodeKind.FORUM).add("lo", scale=Scale.LOCAL)
    net.add("na", scale=Scale.NATIONAL).add("theme", NodeKind.INTEREST)
    net.add("town", NodeKind.PLACE)
    net.tie("lo", RelType.MEMBER_OF, "f").tie("na", RelType.MEMBER_OF, "f")
    net.tie("lo", RelType.INTERESTED_IN, "theme").tie("na", RelType.INTERESTED_IN, "theme")
    net.tie("lo", RelType.LOCATED_IN, "town").tie("na", RelType.LOCATED_IN, "town")
    forum = next(e for e in engagements(net.G) if e.item == "f")
    assert forum.joins == ()
    # Around the interest, though, the forum they share does join them.
    theme = next(e for e in engagements(net.G) if e.item == "theme")
    assert [j.via for j in theme.joins] == ["f"]
    assert [item.id for item in sweet_spot_gaps(net.G)] == ["f"]


def test_a_shared_organisation_joins_them() -> None:
    net = Net().add("mh", NodeKind.INTEREST).add("lo", scale=Scale.LOCAL)
    net.add("na", scale=Scale.NATIONAL).add("charity", NodeKind.ORGANISATION)
    net.tie("lo", RelType.INTERESTED_IN, "mh").tie("na", RelType.INTERESTED_IN, "mh")
    net.tie("lo", RelType.WORKS_FOR, "charity").tie("na", RelType.MEMBER_OF, "charity")
    (mh,) = (e for e in engagements(net.G) if e.item == "mh")
    assert mh.joins[0].via == "charity"


def test_scale_comes_from_the_place_and_the_places_it_is_part_of() -> None:
    net = Net().add("f", NodeKind.FORUM)
    net.add("england", NodeKind.PLACE, scale=Scale.NATIONAL)
    net.add("dorset", NodeKind.PLACE, scale=Scale.LOCAL).add("poole", NodeKind.PLACE)
    net.tie("poole", RelType.PART_OF, "dorset").tie("dorset", RelType.PART_OF, "england")
    net.add("ada", place="poole").add("bob").add("nhse", NodeKind.ORGANISATION)
    net.tie("bob", RelType.LOCATED_IN, "england").tie("nhse", RelType.LOCATED_IN, "england")
    for who in ("ada", "bob", "nhse"):
        net.tie(who, RelType.MEMBER_OF, "f")
    (forum,) = (e for e in engagements(net.G) if e.item == "f")
    assert forum.local == ("ada",) and forum.national == ("bob", "nhse")


def test_international_is_on_the_national_side_and_regional_on_neither() -> None:
    net = Net().add("f", NodeKind.FORUM).add("lo", scale=Scale.LOCAL)
    net.add("who", NodeKind.ORGANISATION, scale=Scale.INTERNATIONAL)
    net.add("reg", scale=Scale.REGIONAL).add("unknown")
    for actor in ("lo", "who", "reg", "unknown"):
        net.tie(actor, RelType.MEMBER_OF, "f")
    (forum,) = engagements(net.G)
    assert (forum.local, forum.national, forum.regional) == (("lo",), ("who",), ("reg",))
    item = sweet_spots(net.G).items[0]
    assert item.scores["regional"] == 1.0 and item.scores["national"] == 1.0


def test_one_side_only_is_neither_a_sweet_spot_nor_a_gap() -> None:
    net = Net().add("f", NodeKind.FORUM).add("a", scale=Scale.LOCAL).add("b", scale=Scale.LOCAL)
    net.tie("a", RelType.MEMBER_OF, "f").tie("b", RelType.MEMBER_OF, "f")
    assert len(sweet_spots(net.G)) == 0 and len(sweet_spot_gaps(net.G)) == 0


def partly_joined(joined: int) -> Net:
    """A forum with three local and three national members; ``joined`` pairs know each other."""
    net = Net().add("f", NodeKind.FORUM)
    for i in range(3):
        net.add(f"l{i}", scale=Scale.LOCAL).add(f"n{i}", scale=Scale.NATIONAL)
        net.tie(f"l{i}", RelType.MEMBER_OF, "f").tie(f"n{i}", RelType.MEMBER_OF, "f")
    for i in range(joined):
        net.tie(f"l{i}", RelType.KNOWS, f"n{i}")
    return net


@pytest.mark.parametrize("joined", [0, 1, 2, 3])
def test_scores_grow_with_the_share_joined(joined: int) -> None:
    engaged = engagements(partly_joined(joined).G)[0]
    assert engaged.coverage == pytest.approx(joined / 3)
    assert engaged.score == pytest.approx(joined / 3 * 2.0)  # log2(1 + 3) = 2
    assert engaged.gap == pytest.approx((3 - joined) / 3 * 2.0)


def test_a_partly_joined_meeting_suggests_the_unjoined_pairs() -> None:
    gap = sweet_spot_gaps(partly_joined(1).G).items[0]
    assert gap.details["unjoined_local"] == ["l1", "l2"]
    assert gap.details["unjoined_national"] == ["n1", "n2"]
    pairs = {(p["local"], p["national"]) for p in gap.details["introductions"]}
    assert len(pairs) == 2 and all(lo != "l0" and na != "n0" for lo, na in pairs)
    assert "2 of the 3 local and 2 of the 3 national have no tie" in gap.explanation
    spot = sweet_spots(partly_joined(1).G).items[0]
    assert "1 of the 3 local and 1 of the 3 national actors are also tied" in spot.explanation


def test_gaps_rank_the_unjoined_first() -> None:
    net = partly_joined(2)
    net.add("g", NodeKind.FORUM).add("x", scale=Scale.LOCAL).add("y", scale=Scale.NATIONAL)
    net.tie("x", RelType.MEMBER_OF, "g").tie("y", RelType.MEMBER_OF, "g")
    assert [item.id for item in sweet_spot_gaps(net.G)] == ["g", "f"]
    assert [item.id for item in sweet_spots(net.G)] == ["f", "g"]


def test_top_limits_and_the_full_projection_is_accepted() -> None:
    G = two_forums().G
    assert [item.id for item in sweet_spots(full_graph(G), top=1)] == ["joined"]
    assert sweet_spots(G).projection == "full"


def test_on_a_graph_read_from_the_store(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes.append(node("mind", NodeKind.ORGANISATION, "Mind", scale="national"))
    rels.append(rel("cas", RelType.WORKS_FOR, "mind"))
    with SQLiteStore(tmp_path / "g.db") as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        G = store.to_networkx()
    spots = {item.id: item for item in sweet_spots(G)}
    # Ada (local) and Bob (national) both in the forum, and they know each other.
    forum = spots["forum"]
    assert forum.details["local"] == ["ada"] and forum.details["national"] == ["bob"]
    assert forum.details["joins"] == [{"local": "ada", "national": "bob", "via": None}]
    # The trust (local) partners with NHS England (national), so the partnership joins them.
    assert spots["nhse"].details["local"] == ["trust"]


def random_network(seed: int) -> nx.MultiDiGraph:
    """People and organisations at random scales, in forums, with interests and contacts."""
    rng = random.Random(seed)
    net = Net()
    scales = [Scale.LOCAL, Scale.LOCAL, Scale.NATIONAL, Scale.NATIONAL, Scale.REGIONAL, None]
    people = [f"p{i}" for i in range(60)]
    orgs = [f"o{i}" for i in range(6)]
    forums = [f"f{i}" for i in range(5)]
    interests = [f"i{i}" for i in range(4)]
    for p in people:
        net.add(p, scale=rng.choice(scales))
    for o in orgs:
        net.add(o, NodeKind.ORGANISATION, scale=rng.choice(scales))
    for f in forums:
        net.add(f, NodeKind.FORUM)
    for i in interests:
        net.add(i, NodeKind.INTEREST)
    for p in people:
        net.tie(p, RelType.WORKS_FOR, rng.choice(orgs))
        for f in rng.sample(forums, rng.randrange(3)):
            net.tie(p, RelType.MEMBER_OF, f)
        for i in rng.sample(interests, rng.randrange(3)):
            net.tie(p, RelType.INTERESTED_IN, i)
        for q in rng.sample(people, 2):
            if q != p:
                net.tie(p, RelType.KNOWS, q)
    for o in orgs:
        net.tie(o, RelType.MEMBER_OF, rng.choice(forums))
    return net.G


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_joined_actors_are_those_a_pairwise_search_finds(seed: int) -> None:
    H = full_graph(random_network(seed))
    kinds = dict(H.nodes(data="kind"))

    def pair_joined(item: str, lo: str, na: str) -> bool:
        if H.has_edge(lo, na):
            return True
        return any(
            m != item and kinds[m] in JOINING_KINDS and H.has_edge(m, na) for m in H[lo]
        )

    joined = unjoined = 0
    for e in engagements(H):
        want_l = {lo for lo in e.local if any(pair_joined(e.item, lo, na) for na in e.national)}
        want_n = {na for na in e.national if any(pair_joined(e.item, lo, na) for lo in e.local)}
        assert e.joined_local == want_l and e.joined_national == want_n, e.item
        for j in e.joins:
            assert pair_joined(e.item, j.local, j.national)
            if j.via is None:
                assert H.has_edge(j.local, j.national)
            else:
                assert j.via != e.item and H.has_edge(j.local, j.via)
                assert H.has_edge(j.via, j.national)
        shown = {j.local for j in e.joins} | {j.national for j in e.joins}
        assert (e.joined_local | e.joined_national) <= shown or len(e.joins) == 10
        if e.local and e.national:
            joined += len(e.joined_local) + len(e.joined_national)
            unjoined += len(e.local) + len(e.national) - len(e.joined_local | e.joined_national)
    assert joined > 20 and unjoined > 5  # both answers occur, so the comparison means something
