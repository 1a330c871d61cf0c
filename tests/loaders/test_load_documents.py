"""Documents through ``convene load``: facts for review, names resolved against the store and
the inputs before them, repeatable loads, and the demo network."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from factories import node

from api.cli import main
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, SourceKind, Visibility
from loaders import load_paths
from loaders.demo import demo_inputs

POST = """#EngagingDorset to work better together

Written by Casey Townsend

Communications and Engagement Coordinator at Dorset CCG
"""


def test_dry_run_prints_each_fact_with_its_passage_and_writes_nothing(tmp_path: Path) -> None:
    doc = tmp_path / "post.txt"
    doc.write_text(POST)
    db = tmp_path / "g.db"
    result = CliRunner().invoke(main, ["--store", f"sqlite:///{db}", "load", str(doc),
                                       "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "facts found in documents" in result.output
    assert "person:casey-townsend WORKS_FOR org:dorset-ccg" in result.output
    assert "Coordinator at Dorset CCG" in result.output
    with SQLiteStore(db) as store:
        assert store.counts().nodes == {}


def test_a_mention_resolves_to_the_stored_node_by_alias(tmp_path: Path) -> None:
    doc = tmp_path / "post.txt"
    doc.write_text(POST)
    with SQLiteStore(tmp_path / "g.db") as store:
        store.upsert_nodes([node("org:dorset", NodeKind.ORGANISATION, "NHS Dorset",
                                 aliases=("Dorset CCG",))])
        load_paths(store, [doc])
        employers = [n.node.id for n in store.neighbours(["person:casey-townsend"])]
        assert employers == ["org:dorset"]
        assert store.get_nodes(["org:dorset-ccg"]) == []
        [tie] = [n.relationship for n in store.neighbours(["person:casey-townsend"])]
        [source] = tie.sources
        assert source.kind is SourceKind.PASSAGE and source.origin == str(doc)
        assert "Dorset CCG" in (source.excerpt or "")


def _graph(store: SQLiteStore) -> list[str]:
    """Every node and relationship, without the run and time of the load that wrote it."""
    items = [n.to_dict() for b in store.iter_nodes() for n in b]
    items += [r.to_dict() for b in store.iter_relationships() for r in b]
    for item in items:
        for source in item["sources"]:
            source.pop("run"), source.pop("loaded_at")
    return sorted(json.dumps(i, sort_keys=True, default=str) for i in items)


def test_the_demo_network_loads_twice_to_the_same_graph(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "demo.db") as store:
        load_paths(store, demo_inputs())
        first = _graph(store)
        load_paths(store, demo_inputs())
        assert _graph(store) == first
        counts = store.counts().to_dict()
    assert counts["nodes"]["Person"] >= 150
    assert len(counts["relationships"]) == 10, "every relationship type appears"


def test_make_demo_loads_the_network_and_its_introductions(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'demo.db'}"
    for _ in range(2):
        result = CliRunner().invoke(main, ["--store", uri, "demo", "--no-serve"])
        assert result.exit_code == 0, result.output
    with SQLiteStore(tmp_path / "demo.db") as store:
        made = store.introductions()
        assert len(made) == len({i.pair for i in made}) >= 25
        public = store.counts(clearance=Visibility.PUBLIC).nodes[NodeKind.PERSON]
    assert public > 100, "an anonymous viewer of the demo sees a real network"
