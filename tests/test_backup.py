"""Backups of the embedded store: consistent while written to, restored exactly."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import node, small_network

from api.cli import main
from graph.records import Introduction
from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore, StoreError

BATCH = 500


def _graph(store: GraphStore) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    nodes = sorted((n.to_dict() for batch in store.iter_nodes() for n in batch),
                   key=lambda n: str(n["id"]))
    rels = sorted((r.to_dict() for batch in store.iter_relationships() for r in batch),
                  key=lambda r: (str(r["source"]), str(r["type"]), str(r["target"])))
    return nodes, rels


def test_backup_then_restore_gives_back_exactly_the_graph_and_records(tmp_path: Path) -> None:
    nodes, rels = small_network()
    with SQLiteStore(tmp_path / "live.db") as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        store.record_introduction(Introduction(a="ada", b="bob", by="cas", made_on="2025-01-02"))
        saved = _graph(store)
        snapshot = store.backup(tmp_path / "backup.db")
        assert (snapshot.nodes, snapshot.relationships) == (len(nodes), len(rels))

        store.clear()
        store.upsert_nodes([node("stray")])
        version_before = store.version()
        restored = store.restore(tmp_path / "backup.db")

        assert _graph(store) == saved
        assert [(i.a, i.b) for i in store.introductions()] == [("ada", "bob")]
        assert restored.version > version_before, "no cached result may outlive a restore"


def test_a_backup_taken_while_a_loader_writes_holds_whole_batches_only(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "live.db") as store:
        done = threading.Event()

        def load() -> None:
            with SQLiteStore(tmp_path / "live.db") as writer:
                for start in range(0, 20 * BATCH, BATCH):
                    writer.upsert_nodes([node(f"p{i}") for i in range(start, start + BATCH)])
            done.set()

        thread = threading.Thread(target=load)
        thread.start()
        snapshots = []
        while not done.is_set() or not snapshots:
            snapshots.append(store.backup(tmp_path / f"b{len(snapshots)}.db"))
        thread.join()
    assert all(s.nodes % BATCH == 0 for s in snapshots), [s.nodes for s in snapshots]
    for snap in snapshots:
        with SQLiteStore(snap.path) as copy:
            assert sum(copy.counts().nodes.values()) == snap.nodes


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "live.db") as store:
        store.upsert_nodes([node("ada")])
        store.backup(tmp_path / "b.db")
        with pytest.raises(StoreError, match="already exists"):
            store.backup(tmp_path / "b.db")
        (tmp_path / "notes.txt").write_text("not a database")
        with pytest.raises(StoreError, match="not a Convene backup"):
            store.restore(tmp_path / "notes.txt")
        with pytest.raises(StoreError, match="does not exist"):
            store.restore(tmp_path / "missing.db")
        assert [n.id for n in store.get_nodes(["ada"])] == ["ada"]


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'live.db'}"
    with SQLiteStore(tmp_path / "live.db") as store:
        store.upsert_nodes([node("ada"), node("bob")])
    runner = CliRunner()
    made = runner.invoke(main, ["--store", uri, "backup", str(tmp_path / "b.db")])
    assert made.exit_code == 0, made.output
    assert "2 nodes" in made.output
    runner.invoke(main, ["--store", uri, "clear", "--yes"])
    refused = runner.invoke(main, ["--store", uri, "restore", str(tmp_path / "b.db")], input="n\n")
    assert refused.exit_code != 0
    done = runner.invoke(main, ["--store", uri, "restore", str(tmp_path / "b.db"), "--yes"])
    assert done.exit_code == 0, done.output
    with SQLiteStore(tmp_path / "live.db") as store:
        assert sum(store.counts().nodes.values()) == 2
    again = runner.invoke(main, ["--store", uri, "backup", str(tmp_path / "b.db")])
    assert again.exit_code == 1 and "already exists" in again.output
