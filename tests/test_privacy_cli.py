"""Rights over personal data from the command line: forget, subject-access, review; and loads
that would bring an erased person back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_support import invoke, store_file
from factories import node, rel, small_network

from graph.store.sqlite import SQLiteStore
from graph.vocabulary import RelType


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_file(tmp_path / "g.db", *small_network())


run = invoke


def test_forget_asks_first_erases_and_audits_without_naming_the_person(db: Path) -> None:
    refused = run(db, "forget", "ada", stdin="n\n")
    assert refused.exit_code != 0 and "Erase Ada Lovelace (ada)" in refused.output
    result = run(db, "forget", "ada", "--yes", "--reason", "request 42", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["relationships"] == 5
    with SQLiteStore(db) as store:
        assert store.get_nodes(["ada"]) == []
        [entry] = [e for e in store.audit_log() if e.action.value == "erase"]
    assert entry.reason == "request 42"
    assert "ada" not in json.dumps(entry.to_dict()).casefold().replace("erase", "")


def test_a_later_load_holds_back_an_erased_person_and_says_so(db: Path, tmp_path: Path) -> None:
    run(db, "forget", "ada", "--yes")
    bundle = tmp_path / "again"
    bundle.mkdir()
    (bundle / "nodes.csv").write_text(
        "id,kind,name\nada,Person,Ada Lovelace\nada2,Person,ADA LOVELACE\nzed,Person,Zed\n")
    (bundle / "edges.csv").write_text("source,type,target\nzed,KNOWS,ada\nzed,KNOWS,bob\n")
    result = run(db, "load", str(bundle))
    assert result.exit_code == 0, result.output
    assert "held back 3 row(s)" in result.output
    assert "nodes.csv line 2" in result.output and "edges.csv line 2" in result.output
    with SQLiteStore(db) as store:
        assert store.get_nodes(["ada", "ada2"]) == []
        assert [n.node.id for n in store.neighbours(["zed"])] == ["bob"]


def test_subject_access_exports_everything_held_with_sources(db: Path, tmp_path: Path) -> None:
    run(db, "introduced", "ada", "cas", "--by", "bob")
    out = tmp_path / "ada.json"
    result = run(db, "subject-access", "ada", "--out", str(out))
    assert result.exit_code == 0, result.output
    export = json.loads(out.read_text())
    assert export["person"]["name"] == "Ada Lovelace"
    others = {r["other"]["id"] for r in export["relationships"]}
    assert others == {"bob", "cas", "trust", "forum", "mh"}
    assert [(i["a"], i["b"]) for i in export["introductions"]] == [("ada", "cas")]
    assert [e["action"] for e in export["audit"]] == ["introduce"]
    missing = run(db, "subject-access", "trust")
    assert missing.exit_code == 2 and "no person has this id" in missing.output


def test_review_lists_expired_consent_and_restricts_on_request(db: Path) -> None:
    past = (date.today() - timedelta(days=1)).isoformat()
    future = (date.today() + timedelta(days=30)).isoformat()
    with SQLiteStore(db) as store:
        store.upsert_nodes([
            node("old", name="Old Consent", visibility="internal",
                 properties={"consent_expires": past, "lawful_basis": "consent"}),
            node("new", name="New Consent", properties={"consent_expires": future}),
        ])
        store.upsert_relationships([rel("old", RelType.KNOWS, "ada")])
    listed = json.loads(run(db, "review", "--json").stdout)
    assert [p["id"] for p in listed] == ["old"]
    assert listed[0]["lawful_basis"] == "consent"
    assert run(db, "review", "--restrict").exit_code == 0
    with SQLiteStore(db) as store:
        [old] = store.get_nodes(["old"])
        assert old.visibility is not None and old.visibility.value == "restricted"
        assert old.properties["consent_expires"] == past
        assert store.get_nodes(["old"], clearance=old.level.INTERNAL) == []
