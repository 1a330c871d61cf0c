"""Contract: upserting and reading nodes. Runs against every reachable store."""

from __future__ import annotations

import pytest
from factories import node, row_source

from graph.errors import InvalidData
from graph.model import Source
from graph.store.base import GraphStore
from graph.vocabulary import NodeKind, Scale, SourceKind, Visibility


def test_upserted_node_reads_back_with_every_field(store: GraphStore) -> None:
    written = node(
        "ada", name="Ada Lovelace", aliases=("Ada", "A. Lovelace"), scale="local",
        place="dorset", description="Connector", url="https://example.org/ada",
        visibility="public", properties={"email_ok": True, "tags": ["a", "b"], "age": 36},
        sources=(row_source(),),
    )
    summary = store.upsert_nodes([written])
    assert summary.written == 1
    [read] = store.get_nodes(["ada"])
    assert read.to_dict() == written.to_dict()
    assert read.kind is NodeKind.PERSON
    assert read.scale is Scale.LOCAL


def test_upserting_the_same_nodes_twice_changes_nothing(store: GraphStore) -> None:
    nodes = [node(f"p{i}", sources=(row_source(row=i),)) for i in range(10)]
    store.upsert_nodes(nodes)
    first = [n.to_dict() for n in store.get_nodes([n.id for n in nodes])]
    store.upsert_nodes(nodes)
    again = [n.to_dict() for n in store.get_nodes([n.id for n in nodes])]
    assert again == first
    assert store.counts().nodes == {NodeKind.PERSON: 10}


def test_merge_replaces_given_fields_and_keeps_omitted_ones(store: GraphStore) -> None:
    store.upsert_nodes([node("ada", name="Ada", scale="local", description="first",
                             aliases=("A",), properties={"x": 1, "y": 2},
                             sources=(row_source(row=2),))])
    store.upsert_nodes([node("ada", name="Ada Lovelace", aliases=("AL", "A"),
                             properties={"y": 3, "z": "new"}, sources=(row_source(row=9),))])
    [ada] = store.get_nodes(["ada"])
    assert ada.name == "Ada Lovelace"
    assert ada.scale is Scale.LOCAL
    assert ada.description == "first"
    assert ada.aliases == ("A", "AL")
    assert dict(ada.properties) == {"x": 1, "y": 3, "z": "new"}
    assert sorted(s.locator or "" for s in ada.sources) == ["2", "9"]


def test_the_same_source_asserted_again_is_one_source(store: GraphStore) -> None:
    store.upsert_nodes([node("ada", sources=(row_source(run="run-1"),))])
    store.upsert_nodes([node("ada", sources=(row_source(run="run-2"),))])
    [ada] = store.get_nodes(["ada"])
    assert [s.run for s in ada.sources] == ["run-2"]


def test_sources_keep_kind_origin_locator_excerpt_and_time(store: GraphStore) -> None:
    passage = Source(kind=SourceKind.PASSAGE, origin="seeds/004.txt", locator="3",
                     excerpt="inspired by Olivia Butterworth", run="r9")
    store.upsert_nodes([node("olivia", sources=(passage,))])
    [olivia] = store.get_nodes(["olivia"])
    assert olivia.sources == (passage,)


def test_new_people_default_to_internal_and_others_to_public(store: GraphStore) -> None:
    store.upsert_nodes([node("ada"), node("mh", NodeKind.INTEREST, "Mental health")])
    levels = {n.id: n.visibility for n in store.get_nodes(["ada", "mh"])}
    assert levels == {"ada": Visibility.INTERNAL, "mh": Visibility.PUBLIC}


def test_a_later_load_that_omits_visibility_never_exposes_a_restricted_person(
    store: GraphStore,
) -> None:
    store.upsert_nodes([node("cas", visibility="restricted")])
    store.upsert_nodes([node("cas", name="Casey")])
    [cas] = store.get_nodes(["cas"])
    assert cas.visibility is Visibility.RESTRICTED
    assert store.get_nodes(["cas"], clearance=Visibility.INTERNAL) == []


def test_visibility_given_explicitly_replaces_the_stored_level(store: GraphStore) -> None:
    store.upsert_nodes([node("cas", visibility="restricted")])
    store.upsert_nodes([node("cas", visibility="public")])
    assert store.get_nodes(["cas"], clearance=Visibility.PUBLIC)[0].id == "cas"


def test_a_node_cannot_change_kind_and_its_batch_is_not_written(store: GraphStore) -> None:
    store.upsert_nodes([node("nhse", NodeKind.ORGANISATION, "NHS England")])
    version = store.version()
    with pytest.raises(InvalidData) as caught:
        store.upsert_nodes([node("ada"), node("nhse", NodeKind.PERSON, "NHS England")])
    [problem] = caught.value.problems
    assert (problem.field, problem.value) == ("kind", "Person")
    assert "Organisation" in problem.message
    assert store.get_nodes(["ada"]) == []
    assert store.version() == version


def test_conflicting_kinds_within_one_batch_are_refused(store: GraphStore) -> None:
    with pytest.raises(InvalidData):
        store.upsert_nodes([node("x"), node("x", NodeKind.FORUM, "X")])
    assert store.counts().nodes == {}


def test_earlier_batches_stay_when_a_later_batch_is_refused(store: GraphStore) -> None:
    store.upsert_nodes([node("nhse", NodeKind.ORGANISATION, "NHS England")])
    batches = [node("a"), node("b"), node("c"), node("nhse")]
    with pytest.raises(InvalidData):
        store.upsert_nodes(batches, batch_size=2)
    assert [n.id for n in store.get_nodes(["a", "b", "c"])] == ["a", "b"]


def test_get_nodes_keeps_the_order_asked_and_skips_unknown_ids(store: GraphStore) -> None:
    store.upsert_nodes([node("a"), node("b"), node("c")])
    assert [n.id for n in store.get_nodes(["c", "zzz", "a", "b"])] == ["c", "a", "b"]
    assert store.get_nodes([]) == []


def test_get_nodes_hides_what_the_reader_may_not_see(store: GraphStore) -> None:
    store.upsert_nodes([
        node("pub", visibility="public"),
        node("int", visibility="internal"),
        node("res", visibility="restricted"),
    ])
    ids = ["pub", "int", "res"]
    assert [n.id for n in store.get_nodes(ids, clearance=Visibility.PUBLIC)] == ["pub"]
    assert [n.id for n in store.get_nodes(ids, clearance=Visibility.INTERNAL)] == ["pub", "int"]
    assert [n.id for n in store.get_nodes(ids)] == ids


def test_node_kinds_reports_only_existing_ids(store: GraphStore) -> None:
    store.upsert_nodes([node("a"), node("f", NodeKind.FORUM, "F")])
    assert store.node_kinds(["a", "f", "nope"]) == {"a": NodeKind.PERSON, "f": NodeKind.FORUM}


def test_ids_are_data_not_query_text(store: GraphStore) -> None:
    hostile = ["x'); DROP TABLE nodes; --", "a\") DETACH DELETE n //", "%", "_", "' OR '1'='1"]
    store.upsert_nodes([node(h, name=h) for h in hostile] + [node("ada")])
    assert [n.id for n in store.get_nodes(hostile)] == hostile
    assert store.counts().nodes == {NodeKind.PERSON: len(hostile) + 1}


def test_upsert_accepts_a_generator_and_reports_progress(store: GraphStore) -> None:
    seen: list[int] = []
    summary = store.upsert_nodes((node(f"p{i}") for i in range(7)), batch_size=3,
                                 progress=seen.append)
    assert seen == [3, 3, 1]
    assert summary.written == 7
    assert summary.version == store.version()
