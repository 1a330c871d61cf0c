"""Load runs, merges and introductions from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_support import invoke, store_file
from factories import node, rel, small_network

from graph.records import RunOutcome
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_file(tmp_path / "g.db", *small_network())


run = invoke


def _bundle(folder: Path, nodes: str, edges: str) -> Path:
    folder.mkdir()
    (folder / "nodes.csv").write_text(nodes, encoding="utf-8")
    (folder / "edges.csv").write_text(edges, encoding="utf-8")
    return folder


def test_each_load_is_a_recorded_run_with_its_inputs_counts_and_outcome(
    db: Path, tmp_path: Path
) -> None:
    good = _bundle(tmp_path / "good", "id,kind,name\nzed,Person,Zed\n", "source,type,target\n"
                   "zed,KNOWS,ada\n")
    bad = _bundle(tmp_path / "bad", "id,kind,name\nyan,Wizard,Yan\n", "source,type,target\n")
    assert run(db, "load", str(good)).exit_code == 0
    assert run(db, "load", str(bad)).exit_code == 2
    assert run(db, "load", str(good), "--dry-run").exit_code == 0

    result = run(db, "runs", "--json")
    assert result.exit_code == 0, result.output
    rejected, completed = json.loads(result.stdout)
    assert completed["outcome"] == RunOutcome.COMPLETED.value
    assert completed["inputs"] == [str(good)]
    assert completed["counts"] == {
        "nodes": {"Person": 1}, "relationships": {"KNOWS": 1}, "ended": {}}
    assert completed["actor"].startswith("local")
    assert completed["finished"] >= completed["started"]
    assert rejected["outcome"] == RunOutcome.REJECTED.value
    assert "Wizard" in rejected["message"]
    assert "completed" in run(db, "runs").output

    with SQLiteStore(db) as store:
        [zed] = store.get_nodes(["zed"])
    assert {s.run for s in zed.sources} == {completed["id"]}


def test_merge_asks_first_then_moves_everything_to_the_kept_node(db: Path) -> None:
    with SQLiteStore(db) as store:
        store.upsert_nodes([node("nhs-england", NodeKind.ORGANISATION, "NHS england")])
        store.upsert_relationships([rel("ada", RelType.WORKS_FOR, "nhs-england")])

    refused = run(db, "merge", "nhse", "nhs-england", stdin="n\n")
    assert refused.exit_code != 0
    assert "Merge NHS england (nhs-england) into NHS England (nhse)?" in refused.output

    result = run(db, "merge", "nhse", "nhs-england", "--yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["merged"] == ["nhs-england"]
    with SQLiteStore(db) as store:
        assert store.get_nodes(["nhs-england"]) == []
        employers = {n.node.id for n in store.neighbours(["ada"], types=frozenset({
            RelType.WORKS_FOR}))}
    assert employers == {"trust", "nhse"}


def test_merging_an_unknown_or_different_kind_of_node_is_refused(db: Path) -> None:
    unknown = run(db, "merge", "nhse", "nobody", "--yes")
    assert unknown.exit_code == 2
    assert "nobody" in unknown.output and "no node has this id" in unknown.output
    wrong_kind = run(db, "merge", "nhse", "ada", "--yes")
    assert wrong_kind.exit_code == 2 and "not of kind Organisation" in wrong_kind.output


def test_an_introduction_is_recorded_once_per_pair(db: Path) -> None:
    result = run(db, "introduced", "bob", "ada", "--by", "cas", "--on", "2025-05-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["a"] == "ada"
    assert run(db, "introduced", "ada", "bob", "--note", "met at the forum").exit_code == 0
    with SQLiteStore(db) as store:
        [made] = store.introductions()
    assert (made.a, made.b, made.note) == ("ada", "bob", "met at the forum")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ada", "nobody"), "no node has this id"),
        (("ada", "nhse"), "is a Organisation, not a Person"),
        (("ada", "ada"), "cannot introduce someone to themselves"),
        (("ada", "bob", "--by", "bob"), "the introducer must be a third person"),
        (("ada", "bob", "--on", "last tuesday"), "must be a date"),
    ],
)
def test_a_wrong_introduction_is_refused_with_the_reason(
    db: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(db, "introduced", *args)
    assert result.exit_code == 2
    assert message in result.output
    with SQLiteStore(db) as store:
        assert store.introductions() == []


def test_every_change_is_in_the_audit_log_which_cannot_be_edited(
    db: Path, tmp_path: Path
) -> None:
    good = _bundle(tmp_path / "good", "id,kind,name\nzed,Person,Zed\n", "source,type,target\n")
    run(db, "load", str(good))
    run(db, "merge", "ada", "bob", "--yes", "--reason", "one person, two records")
    run(db, "introduced", "ada", "zed")
    run(db, "clear", "--yes")
    result = run(db, "audit", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [e["action"] for e in entries] == ["load", "merge", "introduce", "clear"]
    assert all(e["actor"].startswith("local") for e in entries)
    assert entries[1]["reason"] == "one person, two records"
    assert entries[1]["targets"] == ["ada", "bob"]
    assert "introduce" in run(db, "audit").output

    raw = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="never changed"):
        raw.execute("UPDATE audit SET record = '{}'")
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        raw.execute("DELETE FROM audit")
    raw.close()


def test_duplicates_lists_certain_and_likely_pairs_without_merging(db: Path) -> None:
    with SQLiteStore(db) as store:
        store.upsert_nodes([
            node("nhs-england", NodeKind.ORGANISATION, "@NHSEngland"),
            node("ada-l", name="Ada Lovelace."),
            node("jane", name="Jane Rintoul"),
            node("jane2", name="Jane Rintool"),
        ])
    result = run(db, "duplicates", "--json")
    assert result.exit_code == 0, result.output
    pairs = {(c["a"], c["b"]): c["certainty"] for c in json.loads(result.stdout)}
    assert pairs[("nhs-england", "nhse")] == "certain"
    assert pairs[("ada", "ada-l")] == "certain"
    assert pairs[("jane", "jane2")] == "likely"
    assert ("ada", "bob") not in pairs
    only_orgs = json.loads(run(db, "duplicates", "--kind", "Organisation", "--json").stdout)
    assert {c["kind"] for c in only_orgs} == {"Organisation"}
    with SQLiteStore(db) as store:
        assert len(store.get_nodes(["nhs-england", "nhse", "jane", "jane2"])) == 4
