"""Fixtures for the API tests: a small network in every reachable store, keys per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import node, rel, small_network
from graphql_api import Api, Keys, make_api

from graph.store import GraphStore
from graph.vocabulary import NodeKind, RelType


@pytest.fixture
def keys() -> Keys:
    return Keys.fresh()


@pytest.fixture
def network(store: GraphStore) -> GraphStore:
    """The factories' small network, plus places: one public, one restricted.

    Visible to a viewer: ada (public person) and every non-person except ``hidden``; a member
    also sees bob (internal); only a steward sees cas (restricted) and ``hidden``.
    """
    nodes, rels = small_network()
    nodes += [
        node("trust", NodeKind.ORGANISATION, "North Essex Partnership", place="dorset"),
        node("hidden", NodeKind.PLACE, "Safe House", visibility="restricted"),
        node("refuge", NodeKind.ORGANISATION, "Refuge Service", place="hidden"),
    ]
    rels += [rel("refuge", RelType.LOCATED_IN, "hidden")]
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


@pytest.fixture
def api(network: GraphStore, keys: Keys) -> Iterator[Api]:
    """The API over the network, bound off loopback: every caller needs a key."""
    client, api = make_api(network, keys)
    with client:
        yield api
