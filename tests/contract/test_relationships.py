"""Contract: upserting, reading and deleting relationships."""

from __future__ import annotations

from datetime import date

import pytest
from factories import node, rel, row_source, small_network

from graph.errors import InvalidData
from graph.model import RelKey
from graph.store.base import GraphStore
from graph.vocabulary import NodeKind, RelType, Visibility


def test_relationship_reads_back_with_every_field(loaded: GraphStore) -> None:
    written = rel("ada", "PLACED_AT", "nhse", role="visitor", since="2013-09", until="2013-10-01",
                  weight=0.5, properties={"days": 3}, sources=(row_source("edges.csv", 4),))
    loaded.upsert_relationships([written])
    [read] = loaded.get_relationships([RelKey("ada", RelType.PLACED_AT, "nhse")])
    assert read.to_dict() == written.to_dict()
    assert read.since == date(2013, 9, 1)


def test_symmetric_relationships_are_one_whichever_way_round(loaded: GraphStore) -> None:
    before = loaded.counts().relationships[RelType.KNOWS]
    loaded.upsert_relationships([rel("bob", "KNOWS", "ada", role="colleague")])
    assert loaded.counts().relationships[RelType.KNOWS] == before
    [tie] = loaded.get_relationships([RelKey.of("bob", RelType.KNOWS, "ada")])
    assert (tie.source, tie.target, tie.role) == ("ada", "bob", "colleague")
    assert tie.since == date(2014, 6, 26)


def test_directed_relationships_are_not_merged_with_their_reverse(store: GraphStore) -> None:
    store.upsert_nodes([node("a", NodeKind.ORGANISATION, "A"),
                        node("b", NodeKind.ORGANISATION, "B")])
    store.upsert_relationships([rel("a", "PART_OF", "b"), rel("b", "PART_OF", "a")])
    assert store.counts().relationships == {RelType.PART_OF: 2}


def test_upserting_relationships_twice_changes_nothing(loaded: GraphStore) -> None:
    _, rels = small_network()
    keys = [r.key for r in rels]
    first = [r.to_dict() for r in loaded.get_relationships(keys)]
    counts = loaded.counts()
    loaded.upsert_relationships(rels)
    assert [r.to_dict() for r in loaded.get_relationships(keys)] == first
    assert loaded.counts() == counts


def test_relationship_merge_keeps_omitted_fields_and_accumulates_sources(
    loaded: GraphStore,
) -> None:
    loaded.upsert_relationships([rel("ada", "WORKS_FOR", "trust", since="2010",
                                     properties={"fte": 1.0}, sources=(row_source(row=1),))])
    loaded.upsert_relationships([rel("ada", "WORKS_FOR", "trust", role="Matron",
                                     properties={"band": 8}, sources=(row_source(row=2),))])
    [tie] = loaded.get_relationships([RelKey("ada", RelType.WORKS_FOR, "trust")])
    assert tie.role == "Matron"
    assert tie.since == date(2010, 1, 1)
    assert dict(tie.properties) == {"fte": 1.0, "band": 8}
    assert sorted(s.locator or "" for s in tie.sources) == ["1", "2"]


def test_a_relationship_to_a_missing_node_is_refused_naming_it(loaded: GraphStore) -> None:
    version = loaded.version()
    with pytest.raises(InvalidData) as caught:
        loaded.upsert_relationships([
            rel("ada", "KNOWS", "ghost"),
            rel("nobody", "WORKS_FOR", "nhse"),
            rel("bob", "INTERESTED_IN", "mh"),
        ])
    found = {(p.field, p.value) for p in caught.value.problems}
    assert found == {("target", "ghost"), ("source", "nobody")}
    assert loaded.get_relationships([RelKey("bob", RelType.INTERESTED_IN, "mh")]) == []
    assert loaded.version() == version


def test_a_type_that_cannot_join_those_kinds_is_refused(loaded: GraphStore) -> None:
    with pytest.raises(InvalidData) as caught:
        loaded.upsert_relationships([rel("ada", "WORKS_FOR", "bob"),
                                     rel("mh", "LOCATED_IN", "dorset")])
    problems = caught.value.problems
    assert [(p.field, p.value) for p in problems] == [("type", "WORKS_FOR"),
                                                      ("type", "LOCATED_IN")]
    assert "Person->Person" in problems[0].message
    assert "Person->Organisation" in problems[0].message


def test_get_relationships_hides_ties_to_people_the_reader_may_not_see(
    loaded: GraphStore,
) -> None:
    key = RelKey.of("cas", RelType.KNOWS, "ada")
    assert len(loaded.get_relationships([key])) == 1
    assert loaded.get_relationships([key], clearance=Visibility.INTERNAL) == []


def test_delete_relationships_removes_only_those_keys(loaded: GraphStore) -> None:
    before = loaded.counts().relationships
    summary = loaded.delete_relationships([
        RelKey.of("bob", RelType.KNOWS, "ada"),
        RelKey("ada", RelType.CONVENES, "forum"),  # never existed
    ])
    assert summary.written == 1
    after = loaded.counts().relationships
    assert after[RelType.KNOWS] == before[RelType.KNOWS] - 1
    assert after[RelType.WORKS_FOR] == before[RelType.WORKS_FOR]
