"""Contract: finding nodes, neighbours, counts and iteration."""

from __future__ import annotations

import pytest
from factories import node, rel, small_network

from graph.errors import InvalidData
from graph.model import Node
from graph.store.base import GraphStore, NodeQuery
from graph.vocabulary import NodeKind, RelType, Scale, Visibility


def _all_pages(store: GraphStore, **query: object) -> list[list[str]]:
    pages, after = [], None
    while True:
        page = store.find_nodes(NodeQuery(after=after, **query))  # type: ignore[arg-type]
        pages.append([n.id for n in page.items])
        if not page.has_next:
            return pages
        after = page.end_cursor


def test_pages_follow_case_folded_name_then_id_with_nothing_lost(store: GraphStore) -> None:
    names = ["beth", "Alan", "alan", "Alan", "carol", "Dev", "ed", "alan"]
    store.upsert_nodes([node(f"p{i}", name=name) for i, name in enumerate(names)])
    pages = _all_pages(store, first=3)
    assert [len(p) for p in pages] == [3, 3, 2]
    flat = [i for page in pages for i in page]
    assert flat == ["p1", "p2", "p3", "p7", "p0", "p4", "p5", "p6"]


def test_an_exact_final_page_says_there_is_no_next(store: GraphStore) -> None:
    store.upsert_nodes([node(f"p{i}") for i in range(4)])
    first = store.find_nodes(NodeQuery(first=2))
    second = store.find_nodes(NodeQuery(first=2, after=first.end_cursor))
    assert first.has_next and not second.has_next
    assert len(second.items) == 2


def test_find_by_kind_scale_and_text(loaded: GraphStore) -> None:
    orgs = loaded.find_nodes(NodeQuery(kinds=frozenset({NodeKind.ORGANISATION})))
    assert [n.id for n in orgs.items] == ["nhse", "trust"]
    national = loaded.find_nodes(NodeQuery(scales=frozenset({Scale.NATIONAL})))
    assert [n.id for n in national.items] == ["bob", "forum", "nhse"]
    by_alias = loaded.find_nodes(NodeQuery(text="nhse"))
    assert [n.id for n in by_alias.items] == ["nhse"]
    by_name = loaded.find_nodes(NodeQuery(text="LOVEL"))
    assert [n.id for n in by_name.items] == ["ada"]


def test_text_search_treats_wildcards_literally(store: GraphStore) -> None:
    store.upsert_nodes([node("a", name="100% coproduction"), node("b", name="1000 voices"),
                        node("c", name="snake_case"), node("d", name="snakeXcase")])
    assert [n.id for n in store.find_nodes(NodeQuery(text="0%")).items] == ["a"]
    assert [n.id for n in store.find_nodes(NodeQuery(text="e_c")).items] == ["c"]


def test_find_hides_what_the_reader_may_not_see(loaded: GraphStore) -> None:
    people = frozenset({NodeKind.PERSON})
    seen = loaded.find_nodes(NodeQuery(kinds=people, clearance=Visibility.PUBLIC))
    assert [n.id for n in seen.items] == ["ada"]
    seen = loaded.find_nodes(NodeQuery(kinds=people, clearance=Visibility.INTERNAL))
    assert [n.id for n in seen.items] == ["ada", "bob"]


def test_a_bad_cursor_or_page_size_is_refused(store: GraphStore) -> None:
    with pytest.raises(InvalidData) as caught:
        store.find_nodes(NodeQuery(after="not-a-cursor"))
    assert caught.value.problems[0].field == "after"
    with pytest.raises(InvalidData) as caught:
        store.find_nodes(NodeQuery(first=0))
    assert caught.value.problems[0].field == "first"


def test_neighbours_in_both_directions_in_a_stable_order(loaded: GraphStore) -> None:
    found = [(n.relationship.type, n.node.id, n.outgoing) for n in loaded.neighbours(["bob"])]
    assert found == [
        (RelType.CONVENES, "forum", True),
        (RelType.KNOWS, "ada", False),
        (RelType.WORKS_FOR, "nhse", True),
    ]


def test_neighbours_filtered_by_type_and_kind(loaded: GraphStore) -> None:
    by_type = loaded.neighbours(["ada"], types=frozenset({RelType.KNOWS}))
    assert [n.node.id for n in by_type] == ["bob", "cas"]
    by_kind = loaded.neighbours(["ada"], kinds=frozenset({NodeKind.ORGANISATION,
                                                          NodeKind.INTEREST}))
    assert [n.node.id for n in by_kind] == ["mh", "trust"]


def test_neighbours_of_several_nodes_are_grouped_by_origin(loaded: GraphStore) -> None:
    found = loaded.neighbours(["trust", "mh", "nobody"])
    assert [(n.origin, n.node.id) for n in found] == [
        ("trust", "dorset"), ("trust", "nhse"), ("trust", "ada"), ("mh", "ada"),
    ]


def test_neighbours_hide_people_the_reader_may_not_see(loaded: GraphStore) -> None:
    ids = [n.node.id for n in loaded.neighbours(["forum"], clearance=Visibility.INTERNAL)]
    assert ids == ["bob", "ada"]  # CONVENES before MEMBER_OF; cas (restricted) is gone
    assert loaded.neighbours(["cas"], clearance=Visibility.INTERNAL) == []
    public = [n.node.id for n in loaded.neighbours(["ada"], clearance=Visibility.PUBLIC)]
    assert public == ["mh", "forum", "trust"]


def test_counts_by_kind_and_type_respect_clearance(loaded: GraphStore) -> None:
    counts = loaded.counts()
    assert counts.nodes == {NodeKind.PERSON: 3, NodeKind.ORGANISATION: 2, NodeKind.FORUM: 1,
                            NodeKind.INTEREST: 1, NodeKind.PLACE: 1}
    assert sum(counts.relationships.values()) == 10
    internal = loaded.counts(clearance=Visibility.INTERNAL)
    assert internal.nodes[NodeKind.PERSON] == 2
    assert internal.relationships[RelType.KNOWS] == 1
    assert internal.relationships[RelType.MEMBER_OF] == 1
    public = loaded.counts(clearance=Visibility.PUBLIC)
    assert public.nodes[NodeKind.PERSON] == 1
    assert RelType.KNOWS not in public.relationships


def test_iteration_yields_everything_once_with_sources(loaded: GraphStore) -> None:
    nodes = [n for batch in loaded.iter_nodes(batch_size=3) for n in batch]
    assert sorted(n.id for n in nodes) == sorted(n.id for n in small_network()[0])
    rels = [r for batch in loaded.iter_relationships(batch_size=4) for r in batch]
    assert sorted(r.key for r in rels) == sorted(r.key for r in small_network()[1])
    assert max(len(b) for b in loaded.iter_relationships(batch_size=4)) == 4


def test_delete_nodes_takes_their_relationships(loaded: GraphStore) -> None:
    summary = loaded.delete_nodes(["ada", "nobody"])
    assert (summary.nodes, summary.relationships) == (1, 5)
    assert loaded.get_nodes(["ada"]) == []
    assert loaded.neighbours(["trust"])[0].node.id == "dorset"
    assert sum(loaded.counts().relationships.values()) == 5
    loaded.upsert_nodes([node("ada")])
    assert loaded.neighbours(["ada"]) == []


def test_clear_empties_the_store(loaded: GraphStore) -> None:
    loaded.clear()
    assert loaded.counts().nodes == {}
    assert loaded.counts().relationships == {}
    loaded.upsert_nodes([node("a")])
    loaded.upsert_relationships([])
    assert loaded.counts().nodes == {NodeKind.PERSON: 1}


def test_upserting_a_relationship_again_after_its_node_was_deleted(loaded: GraphStore) -> None:
    loaded.delete_nodes(["mh"])
    loaded.upsert_nodes([node("mh", NodeKind.INTEREST, "Mental health")])
    loaded.upsert_relationships([rel("bob", "INTERESTED_IN", "mh")])
    assert [n.node.id for n in loaded.neighbours(["mh"])] == ["bob"]


def _deduplicated(store: GraphStore, ids: list[str], **filters: object) -> dict[str, list[str]]:
    """What ``neighbour_nodes`` must give: ``neighbours``' nodes, each once per origin."""
    found: dict[str, list[str]] = {}
    for each in store.neighbours(ids, **filters):  # type: ignore[arg-type]
        reached = found.setdefault(each.origin, [])
        if each.node.id not in reached:
            reached.append(each.node.id)
    return found


def _ids(found: dict[str, list[Node]]) -> dict[str, list[str]]:
    return {origin: [n.id for n in nodes] for origin, nodes in found.items()}


def test_neighbour_nodes_reach_each_node_once_by_its_first_relationship(
    store: GraphStore,
) -> None:
    store.upsert_nodes([node("ada"), node("abe"), node("bob"),
                        node("trust", NodeKind.ORGANISATION, "Trust"),
                        node("nhse", NodeKind.ORGANISATION, "NHS England")])
    store.upsert_relationships([
        rel("ada", RelType.WORKS_FOR, "trust"), rel("ada", RelType.PLACED_AT, "trust"),
        rel("ada", RelType.MEMBER_OF, "trust"), rel("ada", RelType.KNOWS, "bob"),
        rel("nhse", RelType.PARTNERS_WITH, "trust"), rel("nhse", RelType.MEMBER_OF, "trust"),
        rel("abe", RelType.PLACED_AT, "trust"),
    ])
    found = store.neighbour_nodes(["trust", "ada", "nobody"])
    # Three ties reach the trust from ada, and it is listed once, where MEMBER_OF (the first
    # of them by type) puts it; abe comes after nhse, as PLACED_AT after MEMBER_OF.
    assert _ids(found) == {"trust": ["ada", "nhse", "abe"], "ada": ["bob", "trust"]}
    assert list(found) == ["trust", "ada"]
    assert found["ada"][1] == store.get_nodes(["trust"])[0]  # whole nodes, sources and all
    cut = store.neighbour_nodes(["trust", "ada"], first=2)
    assert _ids(cut) == {"trust": ["ada", "nhse"], "ada": ["bob", "trust"]}
    assert cut["trust"][1] == store.get_nodes(["nhse"])[0]
    for wrong in (0, -1, True, 2.5):
        with pytest.raises(InvalidData) as caught:
            store.neighbour_nodes(["trust"], first=wrong)  # type: ignore[arg-type]
        assert caught.value.problems[0].field == "first", wrong


def test_neighbour_nodes_agree_with_neighbours(loaded: GraphStore) -> None:
    everyone = ["ada", "bob", "cas", "trust", "nhse", "forum", "mh", "dorset", "nobody"]
    for clearance in Visibility:
        for ids in (everyone, ["forum", "ada"], ["nobody"], []):
            assert _ids(loaded.neighbour_nodes(ids, clearance=clearance)) == _deduplicated(
                loaded, ids, clearance=clearance), (clearance, ids)
            cut = {o: n[:2] for o, n in _deduplicated(loaded, ids, clearance=clearance).items()}
            assert _ids(loaded.neighbour_nodes(ids, clearance=clearance, first=2)) == cut
    people = frozenset({NodeKind.PERSON})
    ties = frozenset({RelType.KNOWS, RelType.MEMBER_OF})
    assert _ids(loaded.neighbour_nodes(everyone, types=ties, kinds=people)) == _deduplicated(
        loaded, everyone, types=ties, kinds=people)
    assert _ids(loaded.neighbour_nodes(["ada"], types=ties)) == {"ada": ["bob", "cas", "forum"]}


def test_neighbour_nodes_hide_people_the_reader_may_not_see(loaded: GraphStore) -> None:
    assert _ids(loaded.neighbour_nodes(["forum", "cas"], clearance=Visibility.INTERNAL)) == {
        "forum": ["bob", "ada"]}
    assert _ids(loaded.neighbour_nodes(["ada"], clearance=Visibility.PUBLIC)) == {
        "ada": ["mh", "forum", "trust"]}


def test_neighbour_nodes_refuse_words_outside_the_vocabulary(loaded: GraphStore) -> None:
    with pytest.raises(InvalidData) as caught:
        loaded.neighbour_nodes(["ada"], types=frozenset({"KNOWS) DETACH DELETE (x"}))  # type: ignore[arg-type]
    assert caught.value.problems[0].field == "types"
