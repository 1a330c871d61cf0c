"""Fixtures: the pages' test network (:mod:`viz_network`) in an embedded store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pytest
from viz_network import network

from graph.analysis.projections import full_graph
from graph.store.base import GraphFilter
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility


@pytest.fixture
def viz_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "viz.db") as store:
        nodes, rels = network()
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
        yield store


@pytest.fixture
def viz_db(tmp_path: Path) -> Path:
    path = tmp_path / "viz-cli.db"
    with SQLiteStore(path) as store:
        nodes, rels = network()
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
    return path


@pytest.fixture
def read_at(viz_store: SQLiteStore) -> Callable[[Visibility], nx.Graph]:
    """The full projection of what a clearance may see."""

    def read(clearance: Visibility) -> nx.Graph:
        graph_filter = GraphFilter(clearance=clearance, with_sources=True)
        return full_graph(viz_store.to_networkx(graph_filter))

    return read
