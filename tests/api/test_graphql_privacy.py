"""Rights over personal data and the audit log through HTTP, for stewards only."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from factories import node, rel
from graphql_api import Api
from test_graphql_records import entries_after, fresh, last_seq, load_result, upload

from api.access import Role
from graph.records import Action, Introduction
from graph.store import GraphStore
from graph.vocabulary import RelType, Visibility

FORGET = """mutation($id: ID!, $reason: String! = "") { forgetPerson(id: $id, reason: $reason) {
  __typename
  ... on ForgetPersonSuccess { relationships passages properties introductions version }
  ... on NotFound { message missing }
  ... on InvalidInput { problems { field value message } }
  ... on PermissionDenied { role requiredRole }
} }"""

STEWARD_ONLY = [
    "{ auditLog { __typename ... on PermissionDenied { message role requiredRole } } }",
    '{ subjectAccess(id: "ada") { __typename ... on PermissionDenied { message role '
    "requiredRole } } }",
    "{ consentReview { __typename ... on PermissionDenied { message role requiredRole } } }",
    'mutation { forgetPerson(id: "ada") { __typename ... on PermissionDenied { message role '
    "requiredRole } } }",
    "mutation { restrictExpiredConsent { __typename ... on PermissionDenied { message role "
    "requiredRole } } }",
]


def _one(data: dict[str, Any]) -> dict[str, Any]:
    [result] = data.values()
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER])
@pytest.mark.parametrize("query", STEWARD_ONLY)
def test_privacy_and_audit_are_for_stewards_only(
    api: Api, network: GraphStore, role: Role, query: str
) -> None:
    version = network.version()
    result = _one(api.data(query, role=role))
    assert result["__typename"] == "PermissionDenied"
    assert (result["role"], result["requiredRole"]) == (role.name, "STEWARD")
    assert result["message"].startswith(f"a {role.value} may not ")
    assert network.version() == version
    assert network.get_nodes(["ada"])


def test_the_audit_log_pages_oldest_first(api: Api, network: GraphStore) -> None:
    seq = last_seq(network)
    for name in ("one", "two", "three"):
        api.data(f'mutation {{ upsertNodes(nodes: [{{id: "{name}", kind: INTEREST, '
                 f'name: "{name}"}}]) {{ __typename }} }}')
    query = """query($after: Int!) { auditLog(first: 2, after: $after) { ... on AuditLog {
      entries { seq at actor action summary targets reason detail } endCursor hasNextPage } } }"""
    first = api.data(query, {"after": seq})["auditLog"]
    assert [e["targets"] for e in first["entries"]] == [["one"], ["two"]]
    assert first["hasNextPage"] is True
    assert {e["actor"] for e in first["entries"]} == {"key:steward-key"}
    assert {e["action"] for e in first["entries"]} == {"UPSERT"}
    assert first["entries"][0]["summary"] == "upserted 1 node(s)"
    rest = api.data(query, {"after": first["endCursor"]})["auditLog"]
    assert [e["targets"] for e in rest["entries"]] == [["three"]]
    assert rest["hasNextPage"] is False
    assert rest["entries"][0]["seq"] > first["entries"][1]["seq"] == first["endCursor"]


def test_subject_access_exports_everything_held(api: Api, network: GraphStore) -> None:
    sue = fresh("sue")
    network.upsert_nodes([node(sue, name="Sue Subject", properties={"lawful_basis": "consent"})])
    network.upsert_relationships([rel(sue, RelType.KNOWS, "bob"),
                                  rel(sue, RelType.MEMBER_OF, "forum")])
    api.data(f'mutation {{ recordIntroduction(a: "{sue}", b: "cas", by: "bob") '
             "{ __typename } }")
    query = """query($id: ID!) { subjectAccess(id: $id) { __typename
      ... on SubjectAccess { person { id name } export }
      ... on NotFound { missing } ... on InvalidInput { problems { field message } } } }"""
    result = api.data(query, {"id": sue})["subjectAccess"]
    assert result["person"] == {"id": sue, "name": "Sue Subject"}
    export = result["export"]
    assert export["person"]["name"] == "Sue Subject" and export["lawful_basis"] == "consent"
    assert {r["other"]["id"] for r in export["relationships"]} == {"bob", "forum"}
    assert [(i["a"], i["b"], i["by"]) for i in export["introductions"]] == [
        (*sorted(("cas", sue)), "bob")]
    assert [e["action"] for e in export["audit"]] == ["introduce"]
    assert export["audit"][0]["actor"] == "key:steward-key"
    # a restricted person is in a steward's export
    assert api.data(query, {"id": "cas"})["subjectAccess"]["person"]["id"] == "cas"
    assert api.data(query, {"id": "ghost"})["subjectAccess"] == {
        "__typename": "NotFound", "missing": ["ghost"]}
    assert api.data(query, {"id": "trust"})["subjectAccess"]["problems"] == [
        {"field": "id", "message": "is a Organisation, not a Person"}]


def test_consent_review_lists_and_restriction_hides_expired_people(
    api: Api, network: GraphStore
) -> None:
    past = (date.today() - timedelta(days=1)).isoformat()
    future = (date.today() + timedelta(days=30)).isoformat()
    network.upsert_nodes([
        node("old", name="Old Consent", visibility="internal",
             properties={"consent_expires": past, "lawful_basis": "consent"}),
        node("new", name="New Consent", properties={"consent_expires": future}),
    ])
    network.upsert_relationships([rel("old", RelType.KNOWS, "ada")])
    seq = last_seq(network)
    review = api.data("""{ consentReview { ... on ConsentReview { total people {
        person { id visibility } lawfulBasis consentExpires } } } }""")["consentReview"]
    assert review == {"total": 1, "people": [{
        "person": {"id": "old", "visibility": "INTERNAL"}, "lawfulBasis": "consent",
        "consentExpires": past}]}
    assert api.data('{ node(id: "old") { id } }', role=Role.MEMBER)["node"] == {"id": "old"}
    done = api.data("""mutation { restrictExpiredConsent { __typename
        ... on RestrictExpiredConsentSuccess { restricted version } } }""")
    assert done["restrictExpiredConsent"]["restricted"] == ["old"]
    assert api.data('{ node(id: "old") { id } }', role=Role.MEMBER)["node"] is None
    [old] = network.get_nodes(["old"])
    assert old.level is Visibility.RESTRICTED and old.properties["consent_expires"] == past
    [entry] = entries_after(network, seq, Action.UPSERT)
    assert entry.reason == "consent expired"
    assert entry.targets == ("old",) and entry.actor == "key:steward-key"
    again = api.data("mutation { restrictExpiredConsent { ... on "
                     "RestrictExpiredConsentSuccess { restricted } } }")
    assert again["restrictExpiredConsent"]["restricted"] == []


def test_forget_person_erases_and_audits_without_naming_them(
    api: Api, network: GraphStore
) -> None:
    gone = fresh("gone")
    network.upsert_nodes([node(gone, name=f"Gwen {gone}", properties={"email": "g@x.org"})])
    network.upsert_relationships([rel(gone, RelType.KNOWS, "ada"),
                                  rel(gone, RelType.MEMBER_OF, "forum")])
    network.record_introduction(Introduction(gone, "bob", by="ada", made_on=date(2024, 1, 2)))
    seq = last_seq(network)
    result = _one(api.data(FORGET, {"id": gone, "reason": "request 42"}))
    assert result["__typename"] == "ForgetPersonSuccess"
    assert (result["relationships"], result["properties"]) == (2, 1)
    assert result["introductions"] == 1
    assert all(gone not in (i.a, i.b, i.by) for i in network.introductions())
    assert result["version"] == network.version()
    assert network.get_nodes([gone]) == []
    assert [n.node.id for n in network.neighbours(["ada"], types=frozenset({RelType.KNOWS}))
            ] == ["bob", "cas"]
    [entry] = entries_after(network, seq)
    assert entry.action is Action.ERASE
    assert (entry.actor, entry.reason, entry.targets) == ("key:steward-key", "request 42", ())
    assert gone not in json.dumps(entry.to_dict())
    assert _one(api.data(FORGET, {"id": gone})) == {
        "__typename": "NotFound", "message": "no node has this id; nothing was erased",
        "missing": [gone]}
    org = _one(api.data(FORGET, {"id": "trust"}))
    assert org["problems"] == [{"field": "id", "value": "trust",
                                "message": "is a Organisation, not a Person"}]
    assert entries_after(network, seq) == [entry]


def test_a_reload_after_forgetting_holds_the_person_back(api: Api, network: GraphStore) -> None:
    fay, gil = fresh("fay"), fresh("gil")
    graph = {
        "nodes": [
            {"id": fay, "kind": "Person", "name": f"Fay {fay}", "visibility": "public"},
            {"id": gil, "kind": "Person", "name": "Gil Kept", "visibility": "public"},
        ],
        "edges": [{"source": fay, "type": "KNOWS", "target": gil}],
    }
    content = json.dumps(graph).encode()
    assert load_result(upload(api, "people.json", content))["heldBack"] == []
    assert _one(api.data(FORGET, {"id": fay}))["__typename"] == "ForgetPersonSuccess"
    again = load_result(upload(api, "people.json", content))
    assert again["__typename"] == "LoadFileSuccess"
    assert again["heldBack"] == ["people.json nodes[0]", "people.json edges[0]"]
    assert network.get_nodes([fay]) == []
    assert [n.id for n in network.get_nodes([gil])] == [gil]
    # The same person under another id is recognised by name.
    renamed = {"nodes": [{**graph["nodes"][0], "id": fresh("fay")}], "edges": []}
    by_name = load_result(upload(api, "other.json", json.dumps(renamed).encode()))
    assert by_name["heldBack"] == ["other.json nodes[0]"]
    assert by_name["nodes"] == {}
