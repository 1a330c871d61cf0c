"""``convene connect`` and ``convene introductions`` on a real embedded store."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from cli_support import invoke, store_file
from factories import node, rel, row_source, small_network

from graph.vocabulary import RelType


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "g.db"
    nodes, rels = small_network()
    nodes.append(node("dee", name="Dee Okafor", scale="national",
                      properties={"open_to_introductions": True}))
    nodes.append(node("eli", name="Eli Shaw", properties={"open_to_introductions": False}))
    rels += [rel("bob", RelType.KNOWS, "dee"), rel("bob", RelType.KNOWS, "eli")]
    rels = [replace(r, sources=(row_source("edges.csv", row),)) for row, r in enumerate(rels, 2)]
    return store_file(path, nodes, rels)


run = invoke


def test_connect_json_lists_paths_fewest_hops_first(db: Path) -> None:
    result = run(db, "connect", "ada", "cas", "--json")
    assert result.exit_code == 0, result.output
    paths = json.loads(result.output)
    assert paths[0]["nodes"] == ["ada", "cas"]
    assert [p["scores"]["hops"] for p in paths] == sorted(p["scores"]["hops"] for p in paths)
    by_nodes = {tuple(p["nodes"]): p for p in paths}
    convened = by_nodes[("ada", "bob", "forum", "cas")]
    assert convened["explanation"] == (
        "Ada Lovelace knows Bob Kerslake, who convenes NHS Citizen Advisory Group, "
        "of which Casey Townsend is a member."
    )
    # the rows that asserted each hop: ada KNOWS bob, bob CONVENES, cas MEMBER_OF
    assert convened["evidence"]["sources"] == [
        "row:edges.csv#4", "row:edges.csv#5", "row:edges.csv#8"
    ]
    for path in paths:
        assert {"id", "name", "scores", "evidence", "explanation", "nodes"} <= set(path)


def test_connect_filters_by_kind_and_type_and_limits(db: Path) -> None:
    via_forum = json.loads(run(db, "connect", "bob", "cas", "--via-kind", "Forum", "--json").output)
    assert [p["nodes"] for p in via_forum] == [["bob", "forum", "cas"]]
    knows = json.loads(run(db, "connect", "bob", "cas", "--via-type", "KNOWS", "--json").output)
    assert [p["nodes"] for p in knows] == [["bob", "ada", "cas"]]
    one = json.loads(run(db, "connect", "ada", "cas", "--k", "1", "--json").output)
    assert len(one) == 1
    none = run(db, "connect", "dorset", "mh", "--max-hops", "1")
    assert none.exit_code == 0 and "no path of at most 1 hops" in none.output


def test_connect_prints_a_table_and_the_shared_context(db: Path) -> None:
    result = run(db, "connect", "bob", "cas")
    assert result.exit_code == 0, result.output
    assert "Paths from Bob Kerslake to Casey Townsend" in result.output
    assert "Shared context" in result.output
    assert "Ada Lovelace (ada)" in result.output  # the mutual contact, by name and id
    context = json.loads(run(db, "connect", "bob", "cas", "--context", "--json").output)
    assert context[0]["mutual_contacts"] == ["ada"]
    assert context[0]["forums"] == ["forum"]


def test_connect_on_the_people_projection(db: Path) -> None:
    paths = json.loads(
        run(db, "connect", "bob", "cas", "--projection", "people", "--json").output
    )
    assert paths[0]["nodes"] == ["bob", "cas"]
    assert "shares NHS Citizen Advisory Group" in paths[0]["explanation"]
    refused = run(db, "connect", "bob", "trust", "--projection", "people")
    assert refused.exit_code == 1
    assert "is an Organisation; the people projection has only people" in refused.output


def test_unknown_ids_are_one_clear_line(db: Path) -> None:
    result = run(db, "connect", "ada", "nobody")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == ["error: B='nobody': no node has this id"]
    same = run(db, "connect", "ada", "ada")
    assert same.exit_code == 1 and "same node" in same.output
    intro = run(db, "introductions", "nobody")
    assert intro.exit_code == 1
    assert intro.output.strip() == (
        "error: PERSON='nobody': no node has this id (or it is not visible)"
    )
    forum = run(db, "introductions", "forum")
    assert forum.exit_code == 1 and "is a Forum, not a Person" in forum.output


def test_introductions_for_one_person(db: Path) -> None:
    result = run(db, "introductions", "cas", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    ids = [i["id"] for i in items]
    assert ids[0] == "bob"  # they share ada and the forum
    assert items[0]["via"] == ["ada"]
    assert {r["reason"] for r in items[0]["reasons"]} == {"mutual_contacts", "shared_contexts"}
    assert "eli" not in ids  # opted out
    table = run(db, "introductions", "ada")
    assert table.exit_code == 0 and "Introductions for Ada Lovelace" in table.output
    assert "Dee Okafor" in table.output and "Eli Shaw" not in table.output


def test_an_opted_out_person_is_told_so(db: Path) -> None:
    result = run(db, "introductions", "eli")
    assert result.exit_code == 0
    assert "Eli Shaw has opted out of introductions" in result.output
    assert json.loads(run(db, "introductions", "eli", "--json").output) == []


def test_a_recorded_introduction_is_not_suggested_again(db: Path) -> None:
    before = [i["id"] for i in json.loads(run(db, "introductions", "ada", "--json").output)]
    assert "dee" in before
    recorded = run(db, "introduced", "ada", "dee", "--by", "bob")
    assert recorded.exit_code == 0, recorded.output
    after = [i["id"] for i in json.loads(run(db, "introductions", "ada", "--json").output)]
    assert "dee" not in after and set(after) == set(before) - {"dee"}


def test_the_network_wide_worklist(db: Path) -> None:
    result = run(db, "introductions", "--all", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    pairs = [frozenset((i["id"], i["person"])) for i in items]
    assert len(pairs) == len(set(pairs)) and pairs
    assert all(i["via"] for i in items)  # --all needs someone to make each introduction
    assert all("eli" not in p for p in pairs)
    scores = [i["scores"]["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    assert len(json.loads(run(db, "introductions", "--all", "--limit", "1", "--json").output)) == 1
    table = run(db, "introductions", "--all")
    assert "Introductions worth brokering" in table.output
    both = run(db, "introductions", "ada", "--all")
    assert both.exit_code == 2 and "give one person's id, or --all" in both.output
