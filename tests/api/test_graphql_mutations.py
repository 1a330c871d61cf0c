"""The stewards' mutations through HTTP, and the typed results of each way they can fail."""

from __future__ import annotations

from typing import Any

import pytest
from graphql_api import Api

from api.access import Role
from graph.model import RelKey
from graph.store import GraphStore
from graph.vocabulary import RelType

UPSERT_NODES = """mutation($nodes: [NodeInput!]!) { upsertNodes(nodes: $nodes) {
  __typename
  ... on UpsertNodesSuccess { written version nodes { id name kind aliases scale visibility
      properties place { id } sources { kind origin } } }
  ... on InvalidInput { message problems { field value message where } }
  ... on PermissionDenied { message role requiredRole }
} }"""

UPSERT_RELS = """mutation($rels: [RelationshipInput!]!) {
upsertRelationships(relationships: $rels) {
  __typename
  ... on UpsertRelationshipsSuccess { written version relationships {
      type sourceId targetId role since until weight properties sources { kind origin } } }
  ... on InvalidInput { message problems { field value message where } }
  ... on PermissionDenied { message role requiredRole }
} }"""

DELETE_NODES = """mutation($ids: [ID!]!) { deleteNodes(ids: $ids) {
  __typename
  ... on DeleteNodesSuccess { deleted relationshipsDeleted version }
  ... on NotFound { message missing }
  ... on PermissionDenied { role requiredRole }
  ... on UserError { message }
} }"""

DELETE_RELS = """mutation($keys: [RelationshipKeyInput!]!) { deleteRelationships(keys: $keys) {
  __typename
  ... on DeleteRelationshipsSuccess { deleted version }
  ... on NotFound { message missing }
  ... on PermissionDenied { role requiredRole }
  ... on UserError { message }
} }"""


def _result(api: Api, query: str, variables: dict[str, Any], role: Role = Role.STEWARD
            ) -> dict[str, Any]:
    data = api.data(query, variables, role=role)
    [result] = data.values()
    assert isinstance(result, dict)
    return result


def test_upsert_nodes_inserts_and_merges(api: Api, network: GraphStore) -> None:
    before = network.version()
    result = _result(api, UPSERT_NODES, {"nodes": [
        {"id": "leeds", "kind": "PLACE", "name": "Leeds", "scale": "LOCAL"},
        {"id": "dee", "kind": "PERSON", "name": "Dee Jones", "place": "leeds",
         "aliases": ["DJ"], "properties": {"role_title": "Link worker"}},
        {"id": "trust", "kind": "ORGANISATION", "name": "North Essex Partnership",
         "aliases": ["NEPFT"]},
    ]})
    assert result["__typename"] == "UpsertNodesSuccess"
    assert result["written"] == 3 and result["version"] > before
    leeds, dee, trust = result["nodes"]
    assert leeds == {
        "id": "leeds", "name": "Leeds", "kind": "PLACE", "aliases": [], "scale": "LOCAL",
        "visibility": "PUBLIC", "properties": {}, "place": None,
        "sources": [{"kind": "API", "origin": "key:steward-key"}],
    }
    assert dee["visibility"] == "INTERNAL"  # people are internal unless marked otherwise
    assert dee["place"] == {"id": "leeds"}
    assert dee["properties"] == {"role_title": "Link worker"}
    # merged: aliases unioned, scale and place kept
    assert trust["aliases"] == ["NEP", "North Essex Partnership University Foundation Trust",
                                "NEPFT"]
    assert trust["scale"] == "LOCAL" and trust["place"] == {"id": "dorset"}
    assert network.get_nodes(["dee"])[0].name == "Dee Jones"


def test_upsert_nodes_reports_every_problem_and_writes_nothing(
    api: Api, network: GraphStore
) -> None:
    version = network.version()
    result = _result(api, UPSERT_NODES, {"nodes": [
        {"id": "ok", "kind": "PERSON", "name": "Fine"},
        {"id": "x", "kind": "PERSON", "name": "   "},
        {"id": "y", "kind": "PERSON", "name": "Y", "url": "ftp://nope"},
        {"id": "z", "kind": "PERSON", "name": "Z", "place": "trust"},
        {"id": "w", "kind": "PERSON", "name": "W", "place": "atlantis"},
        {"id": "v", "kind": "PERSON", "name": "V", "properties": {"bad key": 1}},
        {"id": "u", "kind": "PERSON", "name": "U", "properties": [1, 2]},
    ]})
    assert result["__typename"] == "InvalidInput"
    problems = {(p["where"], p["field"]): p for p in result["problems"]}
    assert set(problems) == {
        ("nodes[1]", "name"), ("nodes[2]", "url"), ("nodes[3]", "place"),
        ("nodes[4]", "place"), ("nodes[5]", "properties"), ("nodes[6]", "properties"),
    }
    assert problems[("nodes[2]", "url")]["value"] == "ftp://nope"
    assert problems[("nodes[3]", "place")]["message"] == "is a Organisation, not a Place"
    assert problems[("nodes[4]", "place")]["message"] == "no node has this id"
    assert "nothing was written" in result["message"]
    assert network.version() == version
    assert network.get_nodes(["ok"]) == []


def test_upsert_nodes_refuses_a_change_of_kind(api: Api, network: GraphStore) -> None:
    result = _result(api, UPSERT_NODES, {"nodes": [
        {"id": "ada", "kind": "ORGANISATION", "name": "Ada Ltd"},
    ]})
    assert result["__typename"] == "InvalidInput"
    [problem] = result["problems"]
    assert problem["field"] == "kind" and "already a Person" in problem["message"]
    assert network.get_nodes(["ada"])[0].name == "Ada Lovelace"


def test_upsert_nodes_refuses_empty_and_oversized_calls(api: Api) -> None:
    empty = _result(api, UPSERT_NODES, {"nodes": []})
    assert empty["__typename"] == "InvalidInput"
    assert empty["problems"][0]["field"] == "nodes"
    many = [{"id": f"n{i}", "kind": "INTEREST", "name": f"N{i}"} for i in range(1001)]
    big = _result(api, UPSERT_NODES, {"nodes": many})
    assert big["__typename"] == "InvalidInput"
    assert big["problems"][0]["message"] == "at most 1000 per call"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER])
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (UPSERT_NODES, {"nodes": [{"id": "q", "kind": "PERSON", "name": "Q"}]}),
        (UPSERT_RELS, {"rels": [{"source": "ada", "type": "KNOWS", "target": "bob"}]}),
        (DELETE_NODES, {"ids": ["ada"]}),
        (DELETE_RELS, {"keys": [{"source": "ada", "type": "KNOWS", "target": "bob"}]}),
    ],
)
def test_only_stewards_change_the_graph(
    api: Api, network: GraphStore, role: Role, query: str, variables: dict[str, Any]
) -> None:
    version = network.version()
    result = _result(api, query, variables, role)
    assert result["__typename"] == "PermissionDenied"
    assert f"a {role.value} may not change the graph" in result["message"]
    assert result["role"] == role.name and result["requiredRole"] == "STEWARD"
    assert network.version() == version


def test_upsert_relationships_inserts_and_merges(api: Api, network: GraphStore) -> None:
    result = _result(api, UPSERT_RELS, {"rels": [
        {"source": "bob", "type": "KNOWS", "target": "ada", "role": "mentor"},
        {"source": "bob", "type": "MEMBER_OF", "target": "forum", "since": "2019",
         "until": "2021-03", "weight": 0.5, "properties": {"seat": "chair"}},
    ]})
    assert result["__typename"] == "UpsertRelationshipsSuccess"
    assert result["written"] == 2
    knows, member = result["relationships"]
    assert (knows["sourceId"], knows["targetId"], knows["role"]) == ("ada", "bob", "mentor")
    assert knows["since"] == "2014-06-26"  # kept from the load
    assert member["since"] == "2019-01-01" and member["until"] == "2021-03-01"
    assert member["weight"] == 0.5 and member["properties"] == {"seat": "chair"}
    assert member["sources"] == [{"kind": "API", "origin": "key:steward-key"}]
    stored = network.get_relationships([RelKey.of("bob", RelType.MEMBER_OF, "forum")])
    assert stored[0].weight == 0.5


def test_upsert_relationships_reports_problems(api: Api, network: GraphStore) -> None:
    version = network.version()
    bad_values = _result(api, UPSERT_RELS, {"rels": [
        {"source": "ada", "type": "KNOWS", "target": "ada"},
        {"source": "ada", "type": "KNOWS", "target": "bob", "since": "last year"},
        {"source": "ada", "type": "KNOWS", "target": "bob", "weight": -1},
    ]})
    assert bad_values["__typename"] == "InvalidInput"
    assert [(p["where"], p["field"]) for p in bad_values["problems"]] == [
        ("relationships[0]", "target"), ("relationships[1]", "since"),
        ("relationships[2]", "weight"),
    ]
    bad_ends = _result(api, UPSERT_RELS, {"rels": [
        {"source": "ada", "type": "WORKS_FOR", "target": "nobody"},
        {"source": "mh", "type": "WORKS_FOR", "target": "trust"},
    ]})
    assert bad_ends["__typename"] == "InvalidInput"
    fields = {(p["field"], p["value"]) for p in bad_ends["problems"]}
    assert fields == {("target", "nobody"), ("type", "WORKS_FOR")}
    assert network.version() == version


def test_delete_nodes_and_their_relationships(api: Api, network: GraphStore) -> None:
    result = _result(api, DELETE_NODES, {"ids": ["cas", "mh"]})
    assert result["__typename"] == "DeleteNodesSuccess"
    assert result["deleted"] == ["cas", "mh"]
    assert result["relationshipsDeleted"] == 3
    assert network.get_nodes(["cas", "mh"]) == []
    assert api.data('{ node(id: "cas") { id } }') == {"node": None}


def test_delete_nodes_with_an_unknown_id_deletes_nothing(api: Api, network: GraphStore) -> None:
    version = network.version()
    result = _result(api, DELETE_NODES, {"ids": ["ada", "ghost"]})
    assert result["__typename"] == "NotFound"
    assert result["missing"] == ["ghost"]
    assert network.version() == version
    assert network.get_nodes(["ada"])


def test_delete_relationships_by_key_in_either_order_for_symmetric_types(
    api: Api, network: GraphStore
) -> None:
    result = _result(api, DELETE_RELS, {"keys": [
        {"source": "bob", "type": "KNOWS", "target": "ada"},
        {"source": "ada", "type": "WORKS_FOR", "target": "trust"},
    ]})
    assert result["__typename"] == "DeleteRelationshipsSuccess"
    assert result["deleted"] == 2
    assert network.get_relationships([RelKey.of("ada", RelType.KNOWS, "bob")]) == []
    assert network.get_relationships([RelKey.of("ada", RelType.KNOWS, "cas")])


def test_delete_relationships_with_an_unknown_key_deletes_nothing(
    api: Api, network: GraphStore
) -> None:
    version = network.version()
    result = _result(api, DELETE_RELS, {"keys": [
        {"source": "ada", "type": "KNOWS", "target": "bob"},
        {"source": "ada", "type": "CONVENES", "target": "forum"},
    ]})
    assert result["__typename"] == "NotFound"
    assert result["missing"] == ["ada-CONVENES->forum"]
    assert network.version() == version


def test_invalid_enum_in_a_mutation_is_a_request_error(api: Api) -> None:
    response = api.post(UPSERT_NODES, {"nodes": [{"id": "a", "kind": "ROBOT", "name": "R"}]})
    assert response.status_code == 200
    answer = response.json()
    assert "data" not in answer
    assert "ROBOT" in answer["errors"][0]["message"]
