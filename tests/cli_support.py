"""Running ``convene`` against a store file, for the command-line tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from click.testing import CliRunner, Result

from api.cli import main
from graph.model import Node, Relationship
from graph.store.sqlite import SQLiteStore


def store_file(path: Path, nodes: Iterable[Node], rels: Iterable[Relationship]) -> Path:
    """An embedded store at ``path`` holding these nodes and relationships."""
    with SQLiteStore(path) as store:
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
    return path


def invoke(db: Path, *args: str, stdin: str | None = None) -> Result:
    """``convene --store sqlite:///DB ARGS…``, with ``stdin`` as its input."""
    return CliRunner().invoke(main, ["--store", f"sqlite:///{db}", *args], input=stdin)
