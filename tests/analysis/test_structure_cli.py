"""``convene brokers``, ``convene communities`` and ``convene sweet-spots`` on a real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from factories import node, rel

from api.cli import main
from graph.model import Node, Relationship
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType


def network() -> tuple[list[Node], list[Relationship]]:
    """Two circles of people who know each other, one local in Essex, one national; Olivia
    knows someone in each. An interest in coproduction brings a local and a national person
    together who do not know each other."""
    nodes = [
        node("essex", NodeKind.PLACE, "Essex", scale="local"),
        node("england", NodeKind.PLACE, "England", scale="national"),
        node("trust", NodeKind.ORGANISATION, "Essex Partnership Trust", place="essex"),
        node("nhse", NodeKind.ORGANISATION, "NHS England", place="england"),
        node("copro", NodeKind.INTEREST, "Coproduction"),
        node("mh", NodeKind.INTEREST, "Mental health"),
        node("housing", NodeKind.INTEREST, "Housing"),
        node("olivia", name="Olivia Carleton", scale="regional"),
    ]
    rels = []
    for circle, org, interest, place in (
        ("l", "trust", "mh", "essex"),
        ("n", "nhse", "housing", "england"),
    ):
        people = [f"{circle}{i}" for i in range(5)]
        for i, p in enumerate(people):
            nodes.append(node(p, name=f"{circle.upper()}{i} Person", place=place))
            rels.append(rel(p, RelType.WORKS_FOR, org))
            rels.append(rel(p, RelType.INTERESTED_IN, interest))
            rels.extend(rel(p, RelType.KNOWS, q) for q in people[i + 1 :])
    rels += [
        rel("olivia", RelType.KNOWS, "l0"),
        rel("olivia", RelType.KNOWS, "n0"),
        rel("l4", RelType.INTERESTED_IN, "copro"),
        rel("n4", RelType.INTERESTED_IN, "copro"),
    ]
    return nodes, rels


@pytest.fixture(scope="module")
def store_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("structure") / "g.db"
    nodes, rels = network()
    with SQLiteStore(path) as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
    return f"sqlite:///{path}"


def run(store_uri: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", store_uri, *args])


def run_json(store_uri: str, *args: str) -> list[dict[str, Any]]:
    result = run(store_uri, *args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    for item in data:
        assert {"id", "name", "scores", "evidence", "explanation"} <= set(item)
        assert item["explanation"]
    return data


def test_brokers_rank_the_bridge_first(store_uri: str) -> None:
    data = run_json(store_uri, "brokers", "--projection", "people", "--top", "3")
    assert [item["id"] for item in data][:3] == ["olivia", "l0", "n0"]
    olivia = data[0]
    assert olivia["name"] == "Olivia Carleton"
    assert {"betweenness", "constraint", "effective_size", "liaison"} <= set(olivia["scores"])
    assert "Olivia Carleton lies on" in olivia["explanation"]
    assert {r["type"] for r in olivia["evidence"]["relationships"]} == {"KNOWS"}


def test_brokers_filter_by_kind(store_uri: str) -> None:
    data = run_json(store_uri, "brokers", "--kind", "Organisation")
    assert {item["id"] for item in data} == {"trust", "nhse"}
    assert all(item["kind"] == "Organisation" for item in data)


@pytest.mark.parametrize("group_by", ["community", "scale", "organisation"])
def test_brokers_group_by_each_grouping(store_uri: str, group_by: str) -> None:
    data = run_json(
        store_uri, "brokers", "--projection", "people", "--group-by", group_by, "--top", "1"
    )
    olivia = data[0]
    assert olivia["id"] == "olivia"
    if group_by == "scale":  # Olivia is regional: she joins the local and national circles
        assert olivia["scores"]["liaison"] == 2
        assert "regional actors" in olivia["explanation"]
    if group_by == "organisation":  # Olivia works nowhere: no group, no role
        assert sum(olivia["scores"][r] for r in ("liaison", "gatekeeper", "coordinator")) == 0
    if group_by == "community":
        assert olivia["scores"]["groups_joined"] >= 2


def test_brokers_without_grouping_and_with_a_sample(store_uri: str) -> None:
    data = run_json(store_uri, "brokers", "--group-by", "none", "--sample", "5", "--seed", "3")
    assert "liaison" not in data[0]["scores"]
    assert "(estimated from 5 of the" in data[0]["explanation"]
    table = run(store_uri, "brokers", "--sample", "5")
    assert table.exit_code == 0 and "sampled from 5 of" in table.stderr
    assert run(store_uri, "brokers", "--sample", "-1").exit_code == 2


def test_communities_list_their_members(store_uri: str) -> None:
    data = run_json(store_uri, "communities", "--seed", "1")
    assert len(data) == 2
    members = [set(item["members"]) for item in data]
    assert {"l0", "l1", "l2", "l3", "l4"} in [m - {"olivia"} for m in members]
    local = next(item for item in data if "l1" in item["members"])
    assert "Mental health" in local["name"] and "Essex" in local["name"]
    assert "5 of" in local["explanation"]


def test_communities_leiden_full_projection_and_top(store_uri: str) -> None:
    data = run_json(
        store_uri, "communities", "--method", "leiden", "--projection", "full", "--top", "1"
    )
    assert len(data) == 1 and data[0]["members"]
    table = run(store_uri, "communities", "--resolution", "0.5")
    assert table.exit_code == 0 and "modularity" in table.stderr
    assert run(store_uri, "communities", "--resolution", "0").exit_code == 2


def test_sweet_spots_and_gaps(store_uri: str) -> None:
    spots = run_json(store_uri, "sweet-spots")
    by_id = {item["id"]: item for item in spots}
    # L4 (local) and N4 (national) share an interest in coproduction but no tie of their own.
    assert by_id["copro"]["scores"]["score"] == 0.0
    assert by_id["copro"]["local"] == ["l4"] and by_id["copro"]["national"] == ["n4"]
    gaps = run_json(store_uri, "sweet-spots", "--gaps")
    assert [item["id"] for item in gaps] == ["copro"]
    assert gaps[0]["introductions"] == [{"local": "l4", "national": "n4"}]
    table = run(store_uri, "sweet-spots", "--gaps")
    assert table.exit_code == 0 and "Coproduction" in table.stdout


def test_analyses_answer_the_same_twice(store_uri: str) -> None:
    first = run_json(store_uri, "brokers", "--top", "5")
    assert run_json(store_uri, "brokers", "--top", "5") == first
