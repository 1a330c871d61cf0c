"""Copying a graph between stores: everything arrives, with sources, and copying is idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import node, rel, row_source, small_network

from api.cli import main
from graph.model import Source
from graph.store.base import GraphStore
from graph.store.copy import copy_graph
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, SourceKind


def richer_network() -> tuple[list[Any], list[Any]]:
    """The small network plus sources, properties, aliases and enough rows for several batches."""
    nodes, rels = small_network()
    passage = Source(kind=SourceKind.PASSAGE, origin="seeds/004.txt", locator="3",
                     excerpt="inspired by Olivia", run="r9")
    nodes += [
        node("olivia", name="Olivia Butterworth", aliases=("Liv",), sources=(passage,),
             properties={"tags": ["a", 1, None], "ok": True, "ratio": 0.5, "none": None}),
        *(node(f"p{i}", sources=(row_source(row=i),)) for i in range(25)),
    ]
    rels += [
        rel("olivia", "MEMBER_OF", "forum", role="chair", since="2016", weight=1.5,
            properties={"x": [1, "two"]}, sources=(passage, row_source("edges.csv", 3))),
        *(rel(f"p{i}", "KNOWS", f"p{i + 1}", sources=(row_source("edges.csv", i),))
          for i in range(24)),
    ]
    return nodes, rels


def snapshot(store: GraphStore) -> tuple[dict[str, Any], dict[Any, Any]]:
    """Every node and relationship as plain data, keyed so order does not matter."""
    nodes = {n.id: n.to_dict() for batch in store.iter_nodes(batch_size=7) for n in batch}
    rels = {r.key: r.to_dict() for batch in store.iter_relationships(batch_size=7)
            for r in batch}
    return nodes, rels


@pytest.fixture
def source(tmp_path: Path) -> Any:
    nodes, rels = richer_network()
    with SQLiteStore(tmp_path / "from.db") as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        yield store


def test_copy_brings_every_node_and_relationship_with_sources(
    source: SQLiteStore, tmp_path: Path
) -> None:
    with SQLiteStore(tmp_path / "to.db") as target:
        seen: list[int] = []
        copied = copy_graph(source, target, seen.append, batch_size=10)
        nodes, rels = richer_network()
        assert copied == (len(nodes), len(rels))
        assert sum(seen) == len(nodes) + len(rels)
        assert max(seen) == 10
        assert snapshot(target) == snapshot(source)
        olivia = target.get_nodes(["olivia"])[0]
        assert olivia.sources[0].excerpt == "inspired by Olivia"
        assert dict(olivia.properties) == {"tags": ["a", 1, None], "ok": True, "ratio": 0.5,
                                           "none": None}
        assert target.counts() == source.counts()


def test_copying_again_changes_nothing_but_the_version(
    source: SQLiteStore, tmp_path: Path
) -> None:
    with SQLiteStore(tmp_path / "to.db") as target:
        copy_graph(source, target, batch_size=10)
        first, version = snapshot(target), target.version()
        assert copy_graph(source, target, batch_size=10) == copy_graph(source, target)
        assert snapshot(target) == first
        assert target.version() > version


def test_copy_merges_into_what_the_target_already_holds(
    source: SQLiteStore, tmp_path: Path
) -> None:
    with SQLiteStore(tmp_path / "to.db") as target:
        target.upsert_nodes([node("zed", NodeKind.PLACE, "Zed"),
                             node("ada", name="Ada", sources=(row_source("old.csv", 1),))])
        copy_graph(source, target)
        assert target.get_nodes(["zed"])[0].name == "Zed"
        [ada] = target.get_nodes(["ada"])
        assert ada.name == "Ada Lovelace"
        assert {s.origin for s in ada.sources} == {"old.csv"}


def test_copy_of_an_empty_store_copies_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as empty, SQLiteStore(tmp_path / "b.db") as target:
        assert copy_graph(empty, target) == (0, 0)
        assert target.counts().nodes == {}


def test_the_copy_command_copies_between_uris_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    nodes, rels = richer_network()
    with SQLiteStore(Path("a")) as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        expected = snapshot(store)
    runner = CliRunner()
    args = ["copy", "--from", "sqlite:///a", "--to", "sqlite:///b"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"copied {len(nodes)} nodes and {len(rels)} relationships" in result.output
    # Not a terminal: no progress bar, nothing on stderr.
    assert "rows/s" not in result.output
    with SQLiteStore(Path("b")) as copied:
        assert snapshot(copied) == expected
        version = copied.version()
    again = runner.invoke(main, args)
    assert again.exit_code == 0, again.output
    with SQLiteStore(Path("b")) as copied:
        assert snapshot(copied) == expected
        assert copied.version() > version


def test_the_copy_command_refuses_to_copy_a_store_onto_itself() -> None:
    result = CliRunner().invoke(main, ["copy", "--from", "sqlite:///a", "--to", "sqlite:///a"])
    assert result.exit_code == 2
    assert "same store" in result.output


def test_the_progress_bar_shows_rows_per_second_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.cli import copy_command

    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    with copy_command._progress(10) as quiet:
        assert quiet is None
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    with copy_command._progress(10) as advance:
        assert advance is not None
        advance(4)
    column = copy_command.RowsPerSecond()
    task = type("T", (), {"speed": 12345.6})()
    assert str(column.render(task)) == "12,346 rows/s"  # type: ignore[arg-type]
