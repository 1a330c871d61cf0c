"""Loading each format into a fresh store: round trips, repeat loads, corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loader_inputs import FORMATS, snapshot, without_run, write_input
from openpyxl import Workbook

from graph.errors import InvalidData
from graph.model import RelKey
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import RelType, Scale, SourceKind, Visibility
from loaders import load_paths

NODES = [
    {
        "id": "ada",
        "kind": "Person",
        "name": "Ada Lovelace",
        "aliases": "Ada;Countess of Lovelace",
        "scale": "national",
        "visibility": "public",
        "team": "analysis",
    },
    {
        "id": "trust",
        "kind": "Organisation",
        "name": "North Essex Trust",
        "url": "https://ne.example",
    },
    {"id": "mh", "kind": "Interest", "name": "Mental health", "description": "Minds"},
]
EDGES = [
    {
        "source": "ada",
        "type": "WORKS_FOR",
        "target": "trust",
        "role": "Analyst",
        "since": "2020-03",
        "weight": "2.5",
        "note": "seconded",
    },
    {"source": "trust", "type": "INTERESTED_IN", "target": "mh"},
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_round_trips(fmt: str, tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_input(fmt, tmp_path, NODES, EDGES)
    report = load_paths(sqlite_store, [path])

    assert report.nodes == {"Interest": 1, "Organisation": 1, "Person": 1}
    assert report.relationships == {"INTERESTED_IN": 1, "WORKS_FOR": 1}
    [ada] = sqlite_store.get_nodes(["ada"])
    assert ada.aliases == ("Ada", "Countess of Lovelace")
    assert ada.scale is Scale.NATIONAL
    assert ada.level is Visibility.PUBLIC
    assert ada.properties == {"team": "analysis"}
    [source] = ada.sources
    assert source.kind is SourceKind.ROW
    assert source.run == report.run
    assert source.origin.startswith(str(path))
    [works] = sqlite_store.get_relationships([RelKey.of("ada", RelType.WORKS_FOR, "trust")])
    assert works.role == "Analyst"
    assert works.since is not None and works.since.isoformat() == "2020-03-01"
    assert works.weight == 2.5
    assert works.properties == {"note": "seconded"}
    [trust] = sqlite_store.get_nodes(["trust"])
    assert trust.properties == {}, "an empty cell is absent, not an empty property"


@pytest.mark.parametrize("fmt", FORMATS)
def test_loading_twice_changes_nothing(fmt: str, tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_input(fmt, tmp_path, NODES, EDGES)
    first = load_paths(sqlite_store, [path])
    after_first = snapshot(sqlite_store)
    second = load_paths(sqlite_store, [path])
    after_second = snapshot(sqlite_store)

    assert second.run != first.run
    assert without_run(after_second["nodes"]) == without_run(after_first["nodes"])
    assert without_run(after_second["relationships"]) == without_run(after_first["relationships"])
    assert after_second["counts"] == after_first["counts"]
    for node in after_second["nodes"]:
        assert len(node["sources"]) == 1, "a repeated row replaces its source"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrected_file_updates_in_place(
    fmt: str, tmp_path: Path, sqlite_store: SQLiteStore
) -> None:
    load_paths(sqlite_store, [write_input(fmt, tmp_path, NODES, EDGES)])
    fixed = [{**NODES[0], "name": "Augusta Ada King"}, *NODES[1:]]
    load_paths(sqlite_store, [write_input(fmt, tmp_path, fixed, EDGES)])

    [ada] = sqlite_store.get_nodes(["ada"])
    assert ada.name == "Augusta Ada King"
    assert len(ada.sources) == 1
    assert sqlite_store.counts().to_dict()["nodes"] == {
        "Interest": 1,
        "Organisation": 1,
        "Person": 1,
    }


def test_a_dry_run_reports_and_writes_nothing(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    before = snapshot(sqlite_store)
    report = load_paths(sqlite_store, [write_input("csv", tmp_path, NODES, EDGES)], dry_run=True)
    assert report.dry_run
    assert report.nodes == {"Interest": 1, "Organisation": 1, "Person": 1}
    assert snapshot(sqlite_store) == before


def test_edges_may_join_nodes_already_stored(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    load_paths(sqlite_store, [write_input("json", tmp_path, NODES, [], name="first")])
    load_paths(sqlite_store, [write_input("json", tmp_path, [], EDGES, name="second")])
    assert sqlite_store.counts().to_dict()["relationships"] == {"INTERESTED_IN": 1, "WORKS_FOR": 1}


def test_several_inputs_load_together(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    nodes = write_input("csv", tmp_path, NODES, [], name="nodes_only")
    edges = write_input("xlsx", tmp_path, [], EDGES, name="edges_only")
    report = load_paths(sqlite_store, [nodes, edges])
    assert report.inputs == [str(nodes), str(edges)]
    assert sum(report.relationships.values()) == 2


def test_csv_tolerates_a_byte_order_mark(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    bundle = tmp_path / "bom"
    bundle.mkdir()
    (bundle / "nodes.csv").write_bytes("id,kind,name\nada,Person,Ada\n".encode("utf-8-sig"))
    load_paths(sqlite_store, [bundle])
    assert [n.name for n in sqlite_store.get_nodes(["ada"])] == ["Ada"]


def test_json_takes_a_properties_object_and_restores_export_sources(
    tmp_path: Path, sqlite_store: SQLiteStore
) -> None:
    path = tmp_path / "g.json"
    node = {"id": "ada", "kind": "Person", "name": "Ada", "aliases": ["A"],
            "properties": {"team": "x", "years": 3},
            "sources": [{"kind": "file", "origin": "graph.gexf"}]}
    path.write_text(json.dumps({"nodes": [node]}), encoding="utf-8")
    load_paths(sqlite_store, [path])
    [ada] = sqlite_store.get_nodes(["ada"])
    assert ada.properties == {"team": "x", "years": 3}
    assert [(s.kind.value, s.origin, s.locator) for s in ada.sources] == [
        ("file", "graph.gexf", None), ("row", str(path), "nodes[0]")]
    node["sources"] = [{"kind": "file"}]
    path.write_text(json.dumps({"nodes": [node]}), encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_paths(sqlite_store, [path])
    [problem] = caught.value.problems
    assert (problem.field, problem.where) == ("sources[0].origin", f"{path} nodes[0].sources")


def test_a_workbook_number_id_is_text(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = tmp_path / "numbers.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "nodes"
    sheet.append(["id", "kind", "name", "staff"])
    sheet.append([42, "Organisation", "Trust 42", 1200])
    book.save(path)
    load_paths(sqlite_store, [path])
    [trust] = sqlite_store.get_nodes(["42"])
    assert trust.properties == {"staff": 1200}
    assert trust.sources[0].locator == "nodes!2"


def test_the_format_can_be_chosen(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = tmp_path / "graph.txt"
    path.write_text(json.dumps({"nodes": NODES}), encoding="utf-8")
    report = load_paths(sqlite_store, [path], format="json")
    assert sum(report.nodes.values()) == 3
