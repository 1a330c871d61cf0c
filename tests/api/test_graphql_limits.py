"""Depth, size, alias and cost limits refuse an operation before anything runs."""

from __future__ import annotations

from unittest import mock

import pytest
from graphql import get_introspection_query
from graphql_api import Api

from graph.store import GraphStore

GRAPHQL_RESPONSE = "application/graphql-response+json"


def _refused(api: Api, query: str, variables: dict[str, object] | None = None) -> str:
    """The message of an operation refused as a request error (400, no data)."""
    response = api.post(query, variables, headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 400, response.text
    answer = response.json()
    assert "data" not in answer
    message: str = answer["errors"][0]["message"]
    return message


def _nested(levels: int) -> str:
    inner = "id"
    for _ in range(levels):
        inner = f"neighbours(first: 1) {{ {inner} }}"
    return f'{{ node(id: "ada") {{ {inner} }} }}'


def test_depth_limit(api: Api, network: GraphStore) -> None:
    assert "data" in api.post(_nested(10)).json()
    with mock.patch.object(network, "neighbour_nodes", wraps=network.neighbour_nodes) as spy:
        message = _refused(api, _nested(12))
    assert "exceeds maximum operation depth of 12" in message
    spy.assert_not_called()


def test_token_limit(api: Api) -> None:
    fields = " ".join(["id"] * 6000)
    assert "token" in _refused(api, f'{{ node(id: "ada") {{ {fields} }} }}').lower()


def test_alias_limit(api: Api) -> None:
    aliases = " ".join(f'a{i}: node(id: "ada") {{ id }}' for i in range(31))
    assert "aliases" in _refused(api, f"{{ {aliases} }}")
    within = " ".join(f'a{i}: node(id: "ada") {{ id }}' for i in range(30))
    assert api.data(f"{{ {within} }}")["a29"] == {"id": "ada"}


def test_cost_limit_counts_pages_of_nested_lists(api: Api) -> None:
    costly = "{ nodes(first: 1000) { edges { node { neighbours(first: 100) { id } } } } }"
    message = _refused(api, costly)
    assert "more than the limit of 50000" in message
    assert "first" in message
    affordable = "{ nodes(first: 100) { edges { node { neighbours(first: 100) { id } } } } }"
    assert api.data(affordable)["nodes"]["edges"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($n: Int!) { nodes(first: $n) { nodes { neighbours(first: $n) { id } } } }",
         {"n": 500}),
        ("query($n: Int! = 500) { nodes(first: $n) { nodes { neighbours(first: $n) { id } } } }",
         None),
        ("""query { nodes(first: 500) { nodes { ...Far } } }
            fragment Far on Node { neighbours(first: 500) { id } }""", None),
        ("""query { nodes(first: 500) { nodes { ... on Person { neighbours(first: 500) {
            id } } } } }""", None),
        ("""query { nodes(first: 500) { nodes { ...A } } }
            fragment A on Node { ...B ...B }
            fragment B on Node { neighbours(first: 300) { id } }""", None),
    ],
)
def test_cost_limit_sees_variables_defaults_and_fragments(
    api: Api, query: str, variables: dict[str, object] | None
) -> None:
    assert "more than the limit" in _refused(api, query, variables)


def test_introspection_is_within_the_limits(api: Api) -> None:
    data = api.data(get_introspection_query(descriptions=True))
    names = {t["name"] for t in data["__schema"]["types"]}
    assert {"Node", "Person", "Relationship", "NodeConnection", "UserError"} <= names


def test_one_document_is_checked_against_each_requests_variables(api: Api) -> None:
    """Validation is remembered per document, but the cost is judged afresh each time."""
    query = "query($n: Int!) { nodes(first: $n) { nodes { neighbours(first: $n) { id } } } }"
    assert api.data(query, {"n": 10})["nodes"]["nodes"]
    assert "more than the limit" in _refused(api, query, {"n": 500})
    assert api.data(query, {"n": 10})["nodes"]["nodes"]


def test_an_invalid_document_stays_refused_when_sent_again(api: Api) -> None:
    for _ in range(3):
        assert "Cannot query field 'nope'" in _refused(api, '{ node(id: "ada") { nope } }')
    for _ in range(2):
        assert "exceeds maximum operation depth" in _refused(api, _nested(12))
