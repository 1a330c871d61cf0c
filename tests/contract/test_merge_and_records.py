"""Contract: merging duplicate nodes, load-run and introduction records, node properties in the
networkx read. Runs against every reachable store."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from factories import node, rel, row_source

from graph.errors import InvalidData
from graph.records import Action, AuditEntry, Introduction, LoadRun, RunOutcome
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import NodeKind, RelType, Visibility


def _duplicates(store: GraphStore) -> None:
    store.upsert_nodes([
        node("nhse", NodeKind.ORGANISATION, "NHS England", aliases=("NHSE",),
             sources=(row_source("orgs.csv", 2),)),
        node("nhs-england", NodeKind.ORGANISATION, "NHS england", aliases=("@NHSEngland",),
             url="https://www.england.nhs.uk", properties={"founded": 2013},
             sources=(row_source("doc.txt", 7),)),
        node("ada", name="Ada", visibility="public"),
        node("bob", name="Bob"),
        node("dorset", NodeKind.PLACE, "Dorset"),
        node("team", NodeKind.ORGANISATION, "Participation team", place="nhs-england"),
    ])
    store.upsert_relationships([
        rel("ada", RelType.WORKS_FOR, "nhse", role="Lead", sources=(row_source("e.csv", 2),)),
        rel("ada", RelType.WORKS_FOR, "nhs-england", since="2014-01-01",
            sources=(row_source("doc.txt", 8),)),
        rel("bob", RelType.WORKS_FOR, "nhs-england"),
        rel("nhse", RelType.PARTNERS_WITH, "nhs-england"),
        rel("nhs-england", RelType.LOCATED_IN, "dorset"),
        rel("team", RelType.PART_OF, "nhs-england"),
    ])


def test_merge_moves_relationships_sources_and_names_to_the_kept_node(store: GraphStore) -> None:
    _duplicates(store)
    before = store.version()
    summary = store.merge_nodes("nhse", ["nhs-england"])

    assert summary.kept == "nhse" and summary.merged == ("nhs-england",)
    assert summary.relationships_dropped == 1  # the tie between the two duplicates
    assert summary.version > before
    assert store.get_nodes(["nhs-england"]) == []
    [kept] = store.get_nodes(["nhse"])
    assert kept.name == "NHS England"
    assert set(kept.aliases) == {"NHSE", "NHS england", "@NHSEngland"}
    assert kept.url == "https://www.england.nhs.uk"
    assert kept.properties == {"founded": 2013}
    assert {s.origin for s in kept.sources} == {"orgs.csv", "doc.txt"}

    ties = {(n.relationship.type, n.node.id): n.relationship for n in store.neighbours(["nhse"])}
    assert set(ties) == {
        (RelType.WORKS_FOR, "ada"), (RelType.WORKS_FOR, "bob"),
        (RelType.LOCATED_IN, "dorset"), (RelType.PART_OF, "team"),
    }
    ada = ties[(RelType.WORKS_FOR, "ada")]
    assert ada.role == "Lead" and ada.since == date(2014, 1, 1)
    assert {s.origin for s in ada.sources} == {"e.csv", "doc.txt"}
    [team] = store.get_nodes(["team"])
    assert team.place == "nhse"
    assert store.counts().relationships[RelType.WORKS_FOR] == 2


def test_merge_keeps_the_strictest_visibility(store: GraphStore) -> None:
    store.upsert_nodes([node("a", visibility="public"), node("b", visibility="restricted")])
    store.merge_nodes("a", ["b"])
    [kept] = store.get_nodes(["a"])
    assert kept.level is Visibility.RESTRICTED
    assert store.get_nodes(["a"], clearance=Visibility.INTERNAL) == []


@pytest.mark.parametrize(
    ("keep", "others", "field"),
    [("nhse", ["missing"], "id"), ("nhse", ["ada"], "others"), ("nhse", ["nhse"], "others"),
     ("nhse", [], "others")],
)
def test_a_refused_merge_changes_nothing(
    store: GraphStore, keep: str, others: list[str], field: str
) -> None:
    _duplicates(store)
    before = (store.version(), store.counts())
    with pytest.raises(InvalidData) as caught:
        store.merge_nodes(keep, others)
    assert caught.value.problems[0].field == field
    assert (store.version(), store.counts()) == before


def test_load_runs_are_recorded_newest_first_without_changing_the_graph(
    store: GraphStore,
) -> None:
    version = store.version()
    first = LoadRun(id="r1", inputs=("a.csv",), started=datetime(2026, 1, 1, tzinfo=UTC))
    second = LoadRun(id="r2", inputs=("b.json",), started=datetime(2026, 2, 1, tzinfo=UTC))
    store.record_run(first)
    store.record_run(second)
    done = LoadRun(
        id="r1", inputs=("a.csv",), started=first.started, outcome=RunOutcome.COMPLETED,
        finished=datetime(2026, 1, 1, 0, 5, tzinfo=UTC),
        counts={"nodes": {"Person": 3}, "relationships": {"KNOWS": 2}}, actor="local:ada",
    )
    store.record_run(done)
    assert store.load_runs() == [second, done]
    assert store.load_runs(limit=1) == [second]
    assert store.version() == version
    store.clear()
    assert len(store.load_runs()) == 2, "clearing the graph keeps the history of loads"


def test_introductions_are_recorded_once_per_pair(store: GraphStore) -> None:
    first = Introduction(a="bob", b="ada", by="cas", made_on=date(2025, 3, 1))
    store.record_introduction(first)
    store.record_introduction(Introduction(a="ada", b="dee", made_on=date(2025, 4, 1)))
    again = Introduction(a="ada", b="bob", by="cas", made_on=date(2025, 3, 2), note="coffee")
    store.record_introduction(again)
    recorded = store.introductions()
    assert [(i.a, i.b) for i in recorded] == [("ada", "bob"), ("ada", "dee")]
    assert recorded[0].note == "coffee" and recorded[0].made_on == date(2025, 3, 2)


def test_networkx_read_copies_only_the_properties_asked_for(store: GraphStore) -> None:
    store.upsert_nodes([
        node("ada", properties={"open_to_introductions": False, "email": "a@example.org"}),
        node("bob"),
    ])
    graph = store.to_networkx(GraphFilter(properties=frozenset({"open_to_introductions"})))
    assert graph.nodes["ada"]["open_to_introductions"] is False
    assert "email" not in graph.nodes["ada"]
    assert "open_to_introductions" not in graph.nodes["bob"]
    assert "open_to_introductions" not in store.to_networkx().nodes["ada"]


def test_the_audit_log_appends_in_order_and_pages(store: GraphStore) -> None:
    version = store.version()
    first = store.record_audit(AuditEntry(action=Action.LOAD, actor="local:ada", summary="one"))
    second = store.record_audit(
        AuditEntry(action=Action.MERGE, actor="key:ci", summary="two", targets=("a", "b"),
                   reason="same person", detail={"moved": 3})
    )
    assert second.seq is not None and first.seq is not None and second.seq > first.seq
    assert store.audit_log() == [first, second]
    assert store.audit_log(after=first.seq) == [second]
    assert store.audit_log(limit=1) == [first]
    assert store.version() == version


def test_networkx_read_as_of_a_day_keeps_only_what_held_then(store: GraphStore) -> None:
    store.upsert_nodes([node("ada"), node("bob"), node("cas"), node("dee")])
    store.upsert_relationships([
        rel("ada", RelType.KNOWS, "bob", since="2015-01-01", until="2020-01-01"),
        rel("ada", RelType.KNOWS, "cas", since="2019-06-01"),
    ])
    then = store.to_networkx(GraphFilter(as_of=date(2016, 1, 1)))
    now = store.to_networkx(GraphFilter(as_of=date(2021, 1, 1)))
    assert sorted(then.edges()) == [("ada", "bob")]
    assert sorted(now.edges()) == [("ada", "cas")]
    assert "dee" in then and "cas" not in then, "undated nodes are always there"
    assert "bob" in now, "ties ended, but bob is still known"
