"""The embedded store under a killed loader and a loader and reader sharing the file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store.base import NodeQuery
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType

LOADER = Path(__file__).with_name("load_forever.py")
BATCH = 500


def _start_loader(db: Path, start: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(LOADER), str(db), str(BATCH), str(start)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def _wait_for_commits(loader: subprocess.Popen[str], count: int) -> int:
    """Read the loader's reports until ``count`` batches are committed; return nodes so far."""
    assert loader.stdout is not None
    total = 0
    for _ in range(count):
        line = loader.stdout.readline()
        assert line.startswith("committed"), (line, loader.stderr and loader.stderr.read())
        total = int(line.split()[1])
    return total


@pytest.mark.parametrize("delay", [0.0, 0.013, 0.037])
def test_a_loader_killed_mid_batch_loses_no_committed_batch_and_leaves_no_half(
    tmp_path: Path, delay: float
) -> None:
    db = tmp_path / "g.db"
    loader = _start_loader(db)
    committed = _wait_for_commits(loader, 3)
    time.sleep(delay)  # land the kill at different points inside the next batch
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=10)

    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with SQLiteStore(db) as store:
        people = store.counts().nodes.get(NodeKind.PERSON, 0)
        knows = store.counts().relationships.get(RelType.KNOWS, 0)
        assert people >= committed
        assert people % BATCH == 0, "a node batch was half written"
        assert knows % (BATCH - 1) == 0, "a relationship batch was half written"
        assert knows // (BATCH - 1) in {people // BATCH, people // BATCH - 1}
        [last] = store.get_nodes([f"p{people - 1}"])
        assert last.properties["row"] == people - 1
        # A rerun completes the work without duplicating what is already there.
        rerun = _start_loader(db, start=people // BATCH - 1)
        _wait_for_commits(rerun, 2)
        rerun.kill()
        rerun.wait(timeout=10)
        assert store.counts().nodes[NodeKind.PERSON] == people + BATCH


def test_a_reader_sharing_the_file_with_a_loader_sees_only_whole_batches(
    tmp_path: Path,
) -> None:
    db = tmp_path / "g.db"
    SQLiteStore(db).close()
    loader = _start_loader(db)
    try:
        _wait_for_commits(loader, 1)
        with SQLiteStore(db) as reader:
            versions, sizes = [], []
            deadline = time.monotonic() + 3.0
            while time.monotonic() < deadline:
                versions.append(reader.version())
                graph = reader.to_networkx()
                sizes.append(graph.number_of_nodes())
                assert graph.number_of_nodes() % BATCH == 0
                for _, _, data in graph.edges(data=True):
                    assert data["type"] is RelType.KNOWS
                page = reader.find_nodes(NodeQuery(text="person 1", first=5))
                assert page.items
        assert versions == sorted(versions)
        assert sizes[-1] > sizes[0], "the loader made no progress while being read"
    finally:
        loader.kill()
        loader.wait(timeout=10)


def test_two_writers_on_one_file_both_complete(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    SQLiteStore(db).close()
    first, second = _start_loader(db, start=0), _start_loader(db, start=1000)
    try:
        _wait_for_commits(first, 4)
        _wait_for_commits(second, 4)
    finally:
        for proc in (first, second):
            proc.kill()
            proc.wait(timeout=10)
    with SQLiteStore(db) as store:
        assert store.counts().nodes[NodeKind.PERSON] >= 8 * BATCH


def test_a_full_disk_is_one_clear_error_and_the_batch_is_not_written(tmp_path: Path) -> None:
    from factories import node

    from graph.store.sqlite import StoreError

    with SQLiteStore(tmp_path / "g.db") as store:
        store.upsert_nodes([node("kept")])
        version = store.version()
        # Cap the file at its current size: SQLite then answers SQLITE_FULL, as on a full disk.
        conn = store._conn()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = [node(f"p{i}", description="x" * 2000) for i in range(500)]
        with pytest.raises(StoreError, match=r"disk holding .*g\.db is full"):
            store.upsert_nodes(big)
        assert store.version() == version
        assert [n.id for n in store.get_nodes(["kept", "p0", "p499"])] == ["kept"]


def test_a_read_only_database_is_named_in_the_error(tmp_path: Path) -> None:
    from graph.errors import StoreUnavailable
    from graph.store.sqlite import _translate

    db = tmp_path / "g.db"
    SQLiteStore(db).close()
    read_only = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        read_only.execute("INSERT INTO meta (key, value) VALUES ('x', 1)")
    error = _translate(caught.value, db)
    assert isinstance(error, StoreUnavailable)
    assert str(db) in str(error) and "read-only" in str(error)
