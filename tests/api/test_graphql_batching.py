"""Nested fields are batched: one store call per level of the response, not one per item."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from unittest import mock

import pytest
from factories import node, rel
from graphql_api import Api, Keys, make_api

from graph.store import GraphStore
from graph.vocabulary import NodeKind, RelType

PEOPLE = 12


@pytest.fixture
def staffed(store: GraphStore, keys: Keys) -> Iterator[Api]:
    """Twelve people, each at their own organisation in their own place, each living in a
    place of their own; the organisations partner in a ring."""
    nodes, rels = [], []
    for i in range(PEOPLE):
        nodes += [
            node(f"p{i}", NodeKind.PERSON, f"Person {i:02}", visibility="public",
                 place=f"home{i}"),
            node(f"o{i}", NodeKind.ORGANISATION, f"Org {i:02}", place=f"town{i}"),
            node(f"home{i}", NodeKind.PLACE, f"Home {i:02}"),
            node(f"town{i}", NodeKind.PLACE, f"Town {i:02}"),
        ]
        rels += [
            rel(f"p{i}", RelType.WORKS_FOR, f"o{i}"),
            rel(f"o{i}", RelType.PARTNERS_WITH, f"o{(i + 1) % PEOPLE}"),
        ]
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    client, api = make_api(store, keys)
    with client:
        yield api


QUERY = """{ nodes(kind: PERSON, first: 50) { nodes {
  name place { name }
  relationships { type target { name place { name } } }
  neighbours(kinds: ORGANISATION) {
    name place { name }
    neighbours(kinds: ORGANISATION, first: 5) { name }
  }
} } }"""


def test_one_store_call_per_level(staffed: Api, store: GraphStore) -> None:
    methods = ["find_nodes", "get_nodes", "neighbours", "neighbour_nodes", "get_relationships",
               "counts"]
    with ExitStack() as stack:
        spies = {
            name: stack.enter_context(
                mock.patch.object(store, name, wraps=getattr(store, name))
            )
            for name in methods
        }
        data = staffed.data(QUERY)
    people = data["nodes"]["nodes"]
    assert len(people) == PEOPLE
    first = people[0]
    assert first["place"] == {"name": "Home 00"}
    assert first["relationships"] == [
        {"type": "WORKS_FOR", "target": {"name": "Org 00", "place": {"name": "Town 00"}}}
    ]
    [org] = first["neighbours"]
    assert org["place"] == {"name": "Town 00"}
    assert sorted(n["name"] for n in org["neighbours"]) == ["Org 01", "Org 11"]

    calls = {name: spy.call_count for name, spy in spies.items()}
    # nodes: 1 page. neighbours: the people's relationships. neighbour_nodes (only nodes
    # wanted): the people's organisations (level one), the organisations' neighbours (level
    # two). get_nodes: the people's homes, then the organisations' towns; relationship ends
    # and neighbours are already known.
    assert calls == {
        "find_nodes": 1, "get_nodes": 2, "neighbours": 1, "neighbour_nodes": 2,
        "get_relationships": 0, "counts": 0,
    }
