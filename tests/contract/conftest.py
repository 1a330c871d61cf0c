"""Fixtures for the contract suite."""

from __future__ import annotations

import pytest
from factories import small_network

from graph.store.base import GraphStore


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """A store of each kind holding :func:`factories.small_network`."""
    nodes, rels = small_network()
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store
