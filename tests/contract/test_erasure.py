"""Contract: erasing a person everywhere, and the tombstone that remembers them."""

from __future__ import annotations

from datetime import date

import pytest
from factories import node, rel

from graph.errors import InvalidData
from graph.model import Source
from graph.privacy import ERASED, id_key, name_key
from graph.records import Introduction
from graph.store.base import GraphStore
from graph.vocabulary import NodeKind, RelType, SourceKind


def passage(excerpt: str, n: int) -> Source:
    return Source(kind=SourceKind.PASSAGE, origin="post.txt", locator=f"passage {n}",
                  excerpt=excerpt)


def test_erasing_a_person_removes_them_and_their_name_from_every_passage(
    store: GraphStore,
) -> None:
    store.upsert_nodes([
        node("jane", name="Jane Rintoul", aliases=("@JaneR",), properties={"email": "j@x.org"},
             sources=(passage("Posted by Jane Rintoul", 1),)),
        node("bob", name="Bob", sources=(passage("Bob met jane rintoul and @JaneR at DH", 2),)),
        node("dh", NodeKind.ORGANISATION, "Department of Health",
             sources=(passage("Jane Rintoulson works at DH", 3),)),
    ])
    store.upsert_relationships([
        rel("jane", RelType.WORKS_FOR, "dh"),
        rel("jane", RelType.KNOWS, "bob"),
        rel("bob", RelType.WORKS_FOR, "dh", sources=(passage("Jane Rintoul said Bob works", 4),)),
    ])
    summary = store.erase_person("jane")

    assert (summary.relationships, summary.properties) == (2, 1)
    assert summary.passages == 2
    assert store.get_nodes(["jane"]) == []
    assert [n.node.id for n in store.neighbours(["dh"])] == ["bob"]
    [bob] = store.get_nodes(["bob"])
    assert bob.sources[0].excerpt == f"Bob met {ERASED} and {ERASED} at DH"
    [dh] = store.get_nodes(["dh"])
    assert dh.sources[0].excerpt == "Jane Rintoulson works at DH", "only whole names are erased"
    [works] = [n.relationship for n in store.neighbours(["bob"]) if n.node.id == "dh"]
    assert works.sources[0].excerpt == f"{ERASED} said Bob works"

    assert store.tombstoned([id_key("jane"), name_key("jane  rintoul"), id_key("bob")]) == {
        id_key("jane"), name_key("Jane Rintoul")}


@pytest.mark.parametrize("target", ["nobody", "dh"])
def test_only_an_existing_person_can_be_erased(store: GraphStore, target: str) -> None:
    store.upsert_nodes([node("dh", NodeKind.ORGANISATION, "DH")])
    version = store.version()
    with pytest.raises(InvalidData):
        store.erase_person(target)
    assert store.version() == version
    assert store.tombstoned([id_key(target)]) == set()


def test_erasing_a_person_removes_their_introductions_and_their_name_as_introducer(
    store: GraphStore,
) -> None:
    store.upsert_nodes([node(i, name=n) for i, n in [
        ("jane", "Jane Rintoul"), ("bob", "Bob Stone"), ("cas", "Cas Amaro"), ("dee", "Dee Khan"),
    ]])
    made = date(2024, 5, 1)
    store.record_introduction(Introduction("jane", "bob", by="cas", made_on=made))
    store.record_introduction(Introduction("bob", "dee", by="jane", made_on=made,
                                           note="Jane Rintoul knew both from the forum"))
    store.record_introduction(Introduction("cas", "dee", made_on=made, note="ask jane rintoul"))
    store.record_introduction(Introduction("bob", "cas", by="dee", made_on=made, note="met"))

    summary = store.erase_person("jane")

    assert summary.introductions == 3
    kept = {(i.a, i.b): i for i in store.introductions()}
    assert set(kept) == {("bob", "dee"), ("cas", "dee"), ("bob", "cas")}
    assert (kept["bob", "dee"].by, kept["bob", "dee"].note) == (
        None, f"{ERASED} knew both from the forum")
    assert kept["cas", "dee"].note == f"ask {ERASED}"
    assert (kept["bob", "cas"].by, kept["bob", "cas"].note) == ("dee", "met")
    assert all("jane" not in (i.a, i.b, i.by) for i in store.introductions())
