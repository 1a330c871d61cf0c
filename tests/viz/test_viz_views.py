"""What each page contains: nodes, ties, colours, roles, notices, and nothing the viewer may
not see."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import networkx as nx
import pytest
from viz_helpers import edges, fill, nodes, pairs, payload
from viz_network import EVIL_NAME, RESTRICTED

from graph.analysis.communities import communities
from graph.analysis.introductions import suggest_introductions
from graph.analysis.paths import k_shortest_paths
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.analysis.sweet_spots import sweet_spot_gaps, sweet_spots
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility
from viz import palette
from viz.scene import PageOptions
from viz.service import Pages
from viz.styling import ColorBy, SizeBy
from viz.views import (
    UnknownItem,
    UnknownNode,
    brokers_page,
    community_page,
    focus_page,
    focus_scene,
    introductions_page,
    network_page,
    network_scene,
    paths_page,
    sweet_spots_page,
)

ReadAt = Callable[[Visibility], nx.Graph]
ALL_VIEWS = ("network", "grouped", "focus", "paths", "community", "brokers", "sweet", "intros")


def draw(store: SQLiteStore, clearance: Visibility, view: str) -> str:
    from viz.page import render

    pages = Pages(store, clearance, PageOptions())
    scene = {
        "network": pages.network,
        "grouped": lambda: pages.network(grouped=True),
        "focus": lambda: pages.focus("dee", hops=3),
        "paths": lambda: pages.paths("dee", "nhse", k=5, max_hops=4),
        "community": lambda: pages.community(1),
        "brokers": lambda: pages.brokers(top=20),
        "sweet": lambda: pages.sweet_spots(gaps=True),
        "intros": lambda: pages.introductions("fay"),
    }[view]()
    return render(scene)


# -- visibility ------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ALL_VIEWS)
@pytest.mark.parametrize("clearance", [Visibility.PUBLIC, Visibility.INTERNAL])
def test_a_restricted_person_is_absent_below_their_clearance(
    viz_store: SQLiteStore, clearance: Visibility, view: str
) -> None:
    html = draw(viz_store, clearance, view)
    assert RESTRICTED not in html
    assert "cas" not in nodes(html)
    assert "secret.csv" not in html and "private note" not in html
    assert all("cas" not in pair for pair in pairs(html))


@pytest.mark.parametrize("view", ["network", "focus", "paths", "intros"])
def test_the_restricted_person_does_appear_for_a_restricted_reader(
    viz_store: SQLiteStore, view: str
) -> None:
    html = draw(viz_store, Visibility.RESTRICTED, view)
    assert "cas" in nodes(html)
    assert RESTRICTED in html


def test_a_path_through_a_restricted_person_is_not_drawn_below_clearance(
    viz_store: SQLiteStore, read_at: ReadAt
) -> None:
    full = read_at(Visibility.RESTRICTED)
    html = paths_page(full, k_shortest_paths(full, "dee", "eve", k=3))
    assert {"dee", "cas", "eve"} <= set(nodes(html))
    assert frozenset(("dee", "cas")) in pairs(html)

    seen = read_at(Visibility.INTERNAL)
    html = paths_page(seen, k_shortest_paths(seen, "dee", "eve", k=3, max_hops=4))
    drawn = nodes(html)
    assert "cas" not in drawn
    assert {"dee", "forum", "bob", "nhse", "eve"} <= set(drawn)  # the long way round


def test_a_result_naming_someone_hidden_is_left_out_whole(read_at: ReadAt) -> None:
    """A result computed at full clearance, drawn for a public viewer: Casey is a mutual
    contact of Fay and Gus there; the suggestion resting on Casey is not shown."""
    full = read_at(Visibility.RESTRICTED)
    result = suggest_introductions(full, "fay", k=5)
    gus = next(item for item in result.items if item.id == "gus")
    assert "cas" in gus.details["via"]

    html = introductions_page(read_at(Visibility.PUBLIC), result)
    assert "cas" not in nodes(html)
    assert RESTRICTED not in html
    assert "gus" not in nodes(html)  # its reasons name Casey: left out whole


def test_unknown_and_invisible_nodes_are_refused_alike(read_at: ReadAt) -> None:
    public = read_at(Visibility.PUBLIC)
    with pytest.raises(UnknownNode) as hidden:
        focus_scene(public, "cas")
    with pytest.raises(UnknownNode) as missing:
        focus_scene(public, "nobody")
    assert str(hidden.value.problems[0]).replace("cas", "X") == str(
        missing.value.problems[0]
    ).replace("nobody", "X")


# -- the whole network -------------------------------------------------------------------------


def test_the_whole_network_draws_every_node_and_tie_coloured_by_kind(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    html = network_page(H)
    drawn = nodes(html)
    assert set(drawn) == set(H)
    assert pairs(html) == {frozenset(e) for e in H.edges()}
    assert drawn["ada"]["color"] == palette.KIND_COLOURS["Person"]
    assert drawn["trust"]["color"] == palette.KIND_COLOURS["Organisation"]
    assert drawn["forum"]["color"] == palette.KIND_COLOURS["Forum"]
    assert drawn["mh"]["shape"] == "star" and drawn["trust"]["shape"] == "square"
    assert payload(html)["physics"] is True
    assert "Person" in html and "(9)" in html  # the legend counts the people


def test_a_capped_network_says_what_is_hidden(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    scene = network_scene(H, PageOptions(max_nodes=5))
    assert len(scene.nodes) == 5
    most = sorted(H, key=lambda v: -H.degree(v))[0]
    assert most in scene.node_ids
    assert len(scene.notices) == 1
    notice = scene.notices[0]
    assert "Showing the 5 most connected of 14 nodes" in notice
    assert "Not drawn: 9" in notice and "people" in notice
    assert 'class="cv-notice" role="status">Showing the 5 most connected' in network_page(
        H, PageOptions(max_nodes=5)
    )


def test_the_grouped_network_has_one_hexagon_per_community(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    found = communities(H, seed=0)
    html = network_page(H, PageOptions(community_url="/viz/community/{n}"), grouped=True)
    drawn = nodes(html)
    assert len(drawn) == len(found.items)
    assert {n["shape"] for n in drawn.values()} == {"hexagon"}
    assert drawn["community:1"]["link"] == "/viz/community/1"
    sizes = [n["size"] for n in drawn.values()]
    assert max(sizes) > min(sizes) or len(sizes) == 1


def test_colour_by_scale_and_community(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    by_scale = nodes(network_page(H, PageOptions(color_by=ColorBy.SCALE)))
    assert by_scale["ada"]["color"] == palette.SCALE_COLOURS["local"]
    assert by_scale["bob"]["color"] == palette.SCALE_COLOURS["national"]
    assert by_scale["mh"]["color"] == palette.NO_SCALE_COLOUR
    html = network_page(H, PageOptions(color_by=ColorBy.COMMUNITY))
    by_community = nodes(html)
    labels = communities(H, seed=0)
    for number, item in enumerate(labels.items, start=1):
        for member in item.details["members"]:
            assert by_community[member]["community"] == number
            assert by_community[member]["color"] == palette.COMMUNITY_COLOURS[number - 1]
    assert "Colour: community" in html and "Shape: kind" in html


def test_size_by_degree_and_betweenness(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    by_degree = nodes(network_page(H, PageOptions(size_by=SizeBy.DEGREE)))
    assert by_degree["ada"]["size"] > by_degree["hal"]["size"]
    by_between = nodes(network_page(H, PageOptions(size_by=SizeBy.BETWEENNESS)))
    assert by_between["mh"]["size"] == 10.0  # a leaf lies between no one
    assert by_between["forum"]["size"] > by_between["mh"]["size"]


# -- one node's own network -------------------------------------------------------------------


def test_a_focus_page_grows_with_hops_and_marks_its_node(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    one = nodes(focus_page(H, "ada", 1))
    assert set(one) == {"ada", *H["ada"]}
    assert one["ada"]["role"] == "focus" and one["ada"]["borderWidth"] == 5
    two = nodes(focus_page(H, "ada", 2))
    assert set(two) > set(one)
    assert payload(focus_page(H, "ada", 1))["focusNode"] == "ada"


def test_a_capped_focus_keeps_the_nearest(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    scene = focus_scene(H, "ada", 3, PageOptions(max_nodes=3))
    assert scene.node_ids[0] == "ada"
    assert set(scene.node_ids) <= {"ada", *H["ada"]}
    assert "Showing 3 of the" in scene.notices[0]


# -- analyses ---------------------------------------------------------------------------------


def test_paths_are_drawn_bold_with_the_ends_marked(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    result = k_shortest_paths(H, "ada", "eve", k=2)
    html = paths_page(H, result)
    drawn = nodes(html)
    assert drawn["ada"]["role"] == "end" and drawn["eve"]["role"] == "end"
    first = result.items[0].details["nodes"]
    bold = {frozenset((e["from"], e["to"])) for e in edges(html) if e["kind"] == "evidence"}
    assert {frozenset(p) for p in pairwise(first)} <= bold
    assert all(
        e["color"] == palette.EVIDENCE_EDGE_COLOUR for e in edges(html) if e["kind"] == "evidence"
    )
    assert result.items[0].explanation.split(",")[0] in html


def test_no_path_is_a_notice(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    html = paths_page(H, k_shortest_paths(H, "mh", "dorset", k=2, max_hops=1))
    assert "No path of at most 1 ties joins Mental health and Dorset." in html
    assert {"mh", "dorset"} <= set(nodes(html))


def test_a_community_page_draws_its_members(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    result = communities(H, seed=0)
    html = community_page(H, result, 1)
    members = set(result.items[0].details["members"])
    assert members <= set(nodes(html))
    assert f"Community 1: {result.items[0].name}" in html.replace("&amp;", "&")
    with pytest.raises(UnknownItem):
        community_page(H, result, len(result.items) + 1)


def test_brokers_are_sized_by_their_score(read_at: ReadAt) -> None:
    from graph.analysis.brokers import brokers

    H = read_at(Visibility.RESTRICTED)
    result = brokers(H, top=3)
    html = brokers_page(H, result)
    drawn = nodes(html)
    top, third = result.items[0].id, result.items[2].id
    assert drawn[top]["role"] == "item"
    assert drawn[top]["size"] == 40.0  # the largest score gets the largest size
    assert drawn[top]["size"] >= drawn[third]["size"]
    assert "Size: the analysis&#39;s score." in html


def test_sweet_spots_join_local_and_national_with_gaps_dashed(read_at: ReadAt) -> None:
    H = read_at(Visibility.RESTRICTED)
    spots, gaps = sweet_spots(H), sweet_spot_gaps(H)
    assert spots.items, "the fixture has a sweet spot"
    html = sweet_spots_page(H, spots, gaps=gaps)
    drawn = nodes(html)
    item = spots.items[0]
    assert drawn[item.id]["role"] == "item"
    for local in item.details["local"]:
        assert fill(drawn[local]) == palette.SCALE_COLOURS["local"]
    for national in item.details["national"]:
        assert fill(drawn[national]) == palette.SCALE_COLOURS["national"]
    assert gaps.items[0].details["introductions"] == [{"local": "trust", "national": "eve"}]
    dashed = {frozenset((e["from"], e["to"])) for e in edges(html) if e["dashes"]}
    assert dashed == {frozenset(("trust", "eve"))}
    assert "Gap: NHS England" in html


def test_an_introduction_is_a_dashed_tie_through_the_mutual_contact(read_at: ReadAt) -> None:
    H = read_at(Visibility.PUBLIC)
    result = suggest_introductions(H, "fay", k=5)
    html = introductions_page(H, result)
    drawn = nodes(html)
    assert drawn["fay"]["role"] == "person"
    assert drawn["gus"]["role"] == "suggested"
    assert drawn["hal"]["role"] == "mutual"
    dashed = [e for e in edges(html) if e["dashes"]]
    assert {frozenset((e["from"], e["to"])) for e in dashed} >= {frozenset(("fay", "gus"))}
    assert all(e["color"] == palette.SUGGESTED_EDGE_COLOUR for e in dashed)
    solid = [e for e in edges(html) if not e["dashes"]]
    assert frozenset(("fay", "gus")) not in {frozenset((e["from"], e["to"])) for e in solid}
    assert "suggested introduction" in html


def test_an_opted_out_person_gets_a_notice() -> None:
    G = nx.Graph()
    G.add_node("p", kind="Person", name="Pat")
    result = AnalysisResult("introductions", "full", {"person": "p"}, (), {"opted_out": True})
    assert "Pat has opted out of introductions" in introductions_page(G, result)


def test_results_built_by_hand_render_their_evidence() -> None:
    from graph.vocabulary import NodeKind, RelType

    G = nx.MultiDiGraph()
    for n, kind in (("a", NodeKind.PERSON), ("b", NodeKind.PERSON), ("o", NodeKind.FORUM)):
        G.add_node(n, kind=kind, name=n.upper())
    G.add_edge("a", "o", key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    G.add_edge("b", "o", key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    item = ResultItem(
        "o",
        "O",
        {"score": 2.0},
        Evidence(nodes=("o", "a", "b"), relationships=(("a", "MEMBER_OF", "o"),)),
        "O joins A and B.",
        {"local": ["a"], "national": ["b"]},
    )
    html = sweet_spots_page(G, AnalysisResult("sweet_spots", "full", {}, (item,)))
    assert set(nodes(html)) == {"a", "b", "o"}
    assert nodes(html)["a"]["role"] == "local" and nodes(html)["b"]["role"] == "national"
    assert [e["kind"] for e in edges(html) if {e["from"], e["to"]} == {"a", "o"}] == ["evidence"]
    assert "O joins A and B." in html


# -- escaping and details ------------------------------------------------------------------------


def test_names_and_descriptions_cannot_inject_markup(viz_store: SQLiteStore) -> None:
    html = draw(viz_store, Visibility.PUBLIC, "network")
    assert EVIL_NAME not in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # the search list
    evil = nodes(html)["evil"]
    assert evil["label"].startswith('<script>alert("x")')  # drawn on canvas as text
    assert "&lt;script&gt;" in evil["title"]  # tooltip: escaped markup
    assert "&lt;/script&gt;&lt;script&gt;" in evil["title"]


def test_tooltips_carry_details_sources_and_visible_places(viz_store: SQLiteStore) -> None:
    html = draw(viz_store, Visibility.PUBLIC, "network")
    ada = nodes(html)["ada"]["title"]
    assert "Ada Lovelace" in ada and "Person · local scale · in Dorset" in ada
    assert "Nurse lead &lt;b&gt;and&lt;/b&gt; coproduction champion" in ada
    assert "people.csv (row 2)" in ada


def test_a_tooltip_never_names_a_place_the_viewer_cannot_see() -> None:
    G = nx.MultiDiGraph()
    G.add_node("ada", kind="Person", name="Ada", place="secret-place")
    html = network_page(G)
    assert "secret-place" not in nodes(html)["ada"]["title"]
