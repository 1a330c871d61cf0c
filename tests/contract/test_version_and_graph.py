"""Contract: the version counter and the read into networkx for the analyses."""

from __future__ import annotations

import pytest
from factories import node, rel, row_source, small_network

from graph.errors import InvalidData
from graph.model import RelKey
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import NodeKind, RelType, Scale, Visibility


def test_every_write_raises_the_version_and_reads_do_not(store: GraphStore) -> None:
    seen = [store.version()]
    nodes, rels = small_network()
    store.upsert_nodes(nodes)
    seen.append(store.version())
    store.upsert_relationships(rels)
    seen.append(store.version())
    store.get_nodes(["ada"])
    store.neighbours(["ada"])
    store.counts()
    store.to_networkx()
    assert store.version() == seen[-1]
    store.delete_relationships([RelKey.of("ada", RelType.KNOWS, "bob")])
    seen.append(store.version())
    store.delete_nodes(["ada"])
    seen.append(store.version())
    store.clear()
    seen.append(store.version())
    store.upsert_nodes([node("x")])
    seen.append(store.version())
    assert seen == sorted(set(seen)), seen


def test_a_refused_batch_leaves_the_version_alone(store: GraphStore) -> None:
    store.upsert_nodes([node("a")])
    version = store.version()
    with pytest.raises(InvalidData):
        store.upsert_relationships([rel("a", "KNOWS", "ghost")])
    assert store.version() == version


def test_summaries_report_the_version_after_the_write(store: GraphStore) -> None:
    summary = store.upsert_nodes([node("a"), node("b")], batch_size=1)
    assert summary.version == store.version()
    assert store.delete_nodes(["a"]).version == store.version()



def test_the_whole_graph_reads_into_networkx_with_attributes(loaded: GraphStore) -> None:
    graph = loaded.to_networkx()
    assert graph.number_of_nodes() == 8
    assert graph.number_of_edges() == 10
    assert graph.nodes["ada"] == {"kind": NodeKind.PERSON, "name": "Ada Lovelace",
                                  "visibility": Visibility.PUBLIC, "scale": Scale.LOCAL}
    assert graph.edges["ada", "trust", RelType.WORKS_FOR] == {"type": RelType.WORKS_FOR,
                                                              "role": "Nurse"}
    assert graph.edges["ada", "bob", RelType.KNOWS]["since"] == "2014-06-26"
    assert graph.edges["nhse", "trust", RelType.PARTNERS_WITH]["weight"] == 2.0


def test_filtered_reads_keep_only_what_is_asked(loaded: GraphStore) -> None:
    people = loaded.to_networkx(GraphFilter(kinds=frozenset({NodeKind.PERSON})))
    assert sorted(people.nodes) == ["ada", "bob", "cas"]
    assert sorted((u, v) for u, v, _ in people.edges) == [("ada", "bob"), ("ada", "cas")]
    knows = loaded.to_networkx(GraphFilter(types=frozenset({RelType.KNOWS})))
    assert knows.number_of_nodes() == 8 and knows.number_of_edges() == 2
    local = loaded.to_networkx(GraphFilter(scales=frozenset({Scale.LOCAL})))
    assert sorted(local.nodes) == ["ada", "dorset", "trust"]
    around = loaded.to_networkx(GraphFilter(ids=frozenset({"ada", "trust", "mh"})))
    assert sorted((u, v) for u, v, _ in around.edges) == [("ada", "mh"), ("ada", "trust")]


def test_the_read_for_a_reader_drops_hidden_people_and_their_ties(loaded: GraphStore) -> None:
    graph = loaded.to_networkx(GraphFilter(clearance=Visibility.INTERNAL))
    assert "cas" not in graph
    assert not any("cas" in (u, v) for u, v, _ in graph.edges)
    public = loaded.to_networkx(GraphFilter(clearance=Visibility.PUBLIC))
    assert {n for n, k in public.nodes(data="kind") if k is NodeKind.PERSON} == {"ada"}


def test_sources_come_with_the_graph_only_when_asked(loaded: GraphStore) -> None:
    loaded.upsert_relationships([rel("ada", "KNOWS", "bob",
                                     sources=(row_source("edges.csv", 7),))])
    lean = loaded.to_networkx()
    assert "sources" not in lean.edges["ada", "bob", RelType.KNOWS]
    full = loaded.to_networkx(GraphFilter(with_sources=True))
    assert full.edges["ada", "bob", RelType.KNOWS]["sources"] == ("row:edges.csv#7",)
