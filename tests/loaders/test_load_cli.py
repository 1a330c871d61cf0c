"""``convene load`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from loader_inputs import people, snapshot, write_input

from api.cli import main
from graph.store.sqlite import SQLiteStore

EDGES = [{"source": "p0", "type": "KNOWS", "target": "p1"}]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", f"sqlite:///{db}", "load", *args])


def test_load_prints_counts(tmp_path: Path) -> None:
    bundle = write_input("csv", tmp_path, people(3), EDGES)
    result = run(tmp_path / "g.db", str(bundle))
    assert result.exit_code == 0, result.output
    assert "loaded 3 nodes and 1 relationships" in result.output
    assert "Person" in result.output
    with SQLiteStore(tmp_path / "g.db") as store:
        assert store.counts().to_dict() == {"nodes": {"Person": 3}, "relationships": {"KNOWS": 1}}


def test_load_json_output_and_dry_run(tmp_path: Path) -> None:
    path = write_input("json", tmp_path, people(2), EDGES)
    result = run(tmp_path / "g.db", str(path), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] is True
    assert report["nodes"] == {"Person": 2}
    assert report["relationships"] == {"KNOWS": 1}
    with SQLiteStore(tmp_path / "g.db") as store:
        assert store.counts().to_dict() == {"nodes": {}, "relationships": {}}


def test_format_option(tmp_path: Path) -> None:
    path = tmp_path / "graph.data"
    path.write_text(json.dumps({"nodes": people(1)}), encoding="utf-8")
    assert run(tmp_path / "g.db", str(path)).exit_code == 2
    result = run(tmp_path / "g.db", str(path), "--format", "json")
    assert result.exit_code == 0, result.output


def test_a_bad_bundle_exits_2_listing_every_problem(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    assert run(db, str(write_input("csv", tmp_path / "good", people(3), EDGES))).exit_code == 0
    with SQLiteStore(db) as store:
        before = snapshot(store)

    nodes = [*people(3), {"id": "x", "kind": "Persn", "name": "X"}]
    edges = [*EDGES, {"source": "p0", "type": "KNOWS", "target": "ghost", "since": "2024"}]
    bundle = write_input("csv", tmp_path / "bad", nodes, edges)
    result = run(db, str(bundle))

    assert result.exit_code == 2
    assert "2 problem(s), nothing was written" in result.output
    assert f"{bundle}/nodes.csv line 5, column kind: kind='Persn'" in result.output
    assert f"{bundle}/edges.csv line 3, column target: target='ghost'" in result.output
    with SQLiteStore(db) as store:
        assert snapshot(store) == before
