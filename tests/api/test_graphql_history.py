"""History through HTTP: a network built by two dated uploads, then ``changes``,
``indicators`` and ``asOf`` at each caller's clearance."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from graphql_api import Api, Keys, make_api
from test_graphql_records import load_result, upload

from api.access import Role
from graph.store import GraphStore

PEOPLE = [
    {"id": "ada", "kind": "Person", "name": "Ada", "scale": "local", "visibility": "public"},
    {"id": "bob", "kind": "Person", "name": "Bob", "scale": "local", "visibility": "public"},
    {"id": "eve", "kind": "Person", "name": "Eve", "scale": "local", "visibility": "public"},
    {"id": "cas", "kind": "Person", "name": "Cas", "scale": "national", "visibility": "public"},
    {"id": "dee", "kind": "Person", "name": "Dee", "scale": "national", "visibility": "public"},
    {"id": "rae", "kind": "Person", "name": "Rae Restricted", "scale": "national",
     "visibility": "restricted"},
]


def _knows(a: str, b: str, since: str) -> dict[str, str]:
    return {"source": a, "type": "KNOWS", "target": b, "since": since}


# The second upload (describing 2024-06-30) no longer has ada-bob, and adds three ties.
Q1 = [_knows("ada", "bob", "2024-01-15"), _knows("bob", "eve", "2024-02-01"),
      _knows("rae", "ada", "2024-02-10")]
Q2 = [_knows("bob", "eve", "2024-02-01"), _knows("rae", "ada", "2024-02-10"),
      _knows("cas", "dee", "2024-04-10"), _knows("bob", "cas", "2024-05-01"),
      _knows("eve", "dee", "2024-06-01")]

CHANGES = """query($since: Date!, $until: Date) { changes(since: $since, until: $until) {
  __typename
  ... on Changes { since until graphVersion introductionsMade introductionsConverted explanation
    nodesAddedCount nodesAdded { id } tiesAddedCount tiesEndedCount
    tiesAdded { source type target } tiesEnded { source type target }
    newCommunityBridges { source target } newLocalNationalTies { source target } }
  ... on InvalidInput { problems { field value message } }
} }"""

INDICATORS = """query($from: Date, $to: Date) { indicators(from: $from, to: $to) {
  __typename
  ... on Indicators { graphVersion explanation periods { period day people nodes ties density
    largestGroupShare localNationalTies crossCommunityTies brokerConcentration
    introductionsMade introductionsConverted conversionRate } }
  ... on InvalidInput { problems { field value message } }
} }"""


@pytest.fixture
def api(store: GraphStore, keys: Keys) -> Iterator[Api]:
    client, api = make_api(store, keys)
    with client:
        for edges, day in ((Q1, "2024-03-31"), (Q2, "2024-06-30")):
            content = json.dumps({"nodes": PEOPLE, "edges": edges}).encode()
            assert load_result(upload(api, "network.json", content, on=day))["__typename"] == (
                "LoadFileSuccess")
        for a, b, by, on in (("bob", "cas", "eve", "2024-04-20"),
                             ("ada", "dee", "bob", "2024-05-01"),
                             ("rae", "cas", "ada", "2024-04-15")):
            api.data('mutation($a: ID!, $b: ID!, $by: ID, $on: Date) { recordIntroduction('
                     "a: $a, b: $b, by: $by, madeOn: $on) { __typename } }",
                     {"a": a, "b": b, "by": by, "on": on})
        yield api


def _changes(api: Api, role: Role, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(CHANGES, variables, role=role)["changes"]
    return result


def _pairs(keys: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted(tuple(sorted((k["source"], k["target"]))) for k in keys)  # type: ignore[misc]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STEWARD])
def test_changes_since_a_date(api: Api, role: Role) -> None:
    found = _changes(api, role, since="2024-04-01", until="2024-06-30")
    assert (found["since"], found["until"]) == ("2024-04-01", "2024-06-30")
    assert sorted(n["id"] for n in found["nodesAdded"]) == ["cas", "dee"]
    assert found["nodesAddedCount"] == 2
    assert _pairs(found["tiesAdded"]) == [("bob", "cas"), ("cas", "dee"), ("dee", "eve")]
    assert found["tiesAddedCount"] == 3
    assert _pairs(found["tiesEnded"]) == [("ada", "bob")] and found["tiesEndedCount"] == 1
    assert _pairs(found["newLocalNationalTies"]) == [("bob", "cas"), ("dee", "eve")]
    assert set(_pairs(found["newCommunityBridges"])) <= set(_pairs(found["tiesAdded"]))
    # The introduction naming restricted Rae counts for a steward only.
    made = 3 if role is Role.STEWARD else 2
    assert (found["introductionsMade"], found["introductionsConverted"]) == (made, 1)
    assert f"{made} introductions were made, and 1 of them became ties" in found["explanation"]
    assert "rae" not in json.dumps(found) or role is Role.STEWARD


def test_quarterly_indicators_at_each_clearance(api: Api) -> None:
    variables = {"from": "2024-01-01", "to": "2024-06-30"}
    viewer = api.data(INDICATORS, variables, role=Role.VIEWER)["indicators"]
    steward = api.data(INDICATORS, variables)["indicators"]
    v1, v2 = viewer["periods"]
    s1, s2 = steward["periods"]
    assert [p["period"] for p in viewer["periods"]] == ["2024Q1", "2024Q2"]
    assert (v1["day"], v2["day"]) == ("2024-03-31", "2024-06-30")
    # Q1: ada-bob, bob-eve (and, for a steward, rae-ada).
    assert (v1["people"], v1["ties"], s1["people"], s1["ties"]) == (3, 2, 4, 3)
    assert v1["density"] == pytest.approx(2 / 3)
    assert v1["largestGroupShare"] == 1.0 and v1["brokerConcentration"] == 1.0
    assert v1["introductionsMade"] == 0 and v1["conversionRate"] is None
    # Q2: ada-bob ended on 2024-06-30; for a viewer Ada has no tie left then.
    assert (v2["people"], v2["ties"]) == (4, 4)
    assert (s2["people"], s2["ties"]) == (6, 5)
    assert (v2["localNationalTies"], s2["localNationalTies"]) == (2, 3)
    assert (v2["introductionsMade"], v2["introductionsConverted"], v2["conversionRate"]) == (
        2, 1, 0.5)
    assert (s2["introductionsMade"], s2["conversionRate"]) == (3, pytest.approx(1 / 3, 1e-3))
    assert viewer["explanation"].startswith("2 quarter(s) from 2024Q1 to 2024Q2")
    assert "Rae" not in json.dumps(viewer)
    defaulted = api.data(INDICATORS, {"to": "2024-06-30"}, role=Role.VIEWER)["indicators"]
    assert [p["period"] for p in defaulted["periods"]] == ["2024Q1", "2024Q2"]  # first tie


def test_history_arguments_are_checked(api: Api) -> None:
    backwards = _changes(api, Role.VIEWER, since="2024-06-01", until="2024-01-01")
    assert backwards["problems"] == [{"field": "until", "value": "2024-01-01",
                                      "message": "is before since (2024-06-01)"}]
    too_long = api.data(INDICATORS, {"from": "1900-01-01", "to": "2024-01-01"})["indicators"]
    assert too_long["problems"][0]["field"] == "from"
    assert "at most 200" in too_long["problems"][0]["message"]
    reversed_range = api.data(INDICATORS, {"from": "2024-06-01", "to": "2024-01-01"})
    assert reversed_range["indicators"]["problems"][0]["field"] == "to"
    bad_date = api.post(CHANGES, {"since": "soon"})
    assert bad_date.status_code == 200 and bad_date.json()["errors"]


def test_as_of_on_the_analyses_follows_the_history(api: Api) -> None:
    query = """query($day: Date) {
      connections(from: "ada", to: "eve", asOf: $day) { __typename
        ... on Connections { asOf paths { id } }
        ... on InvalidInput { problems { message } } }
      communities(asOf: $day) { ... on Communities { asOf communities { members { id } } } }
    }"""
    march = api.data(query, {"day": "2024-03-31"}, role=Role.VIEWER)
    assert [p["id"] for p in march["connections"]["paths"]] == ["ada > bob > eve"]
    assert march["communities"]["asOf"] == "2024-03-31"
    members = {m["id"] for c in march["communities"]["communities"] for m in c["members"]}
    assert members == {"ada", "bob", "eve"}
    july = api.data(query, {"day": "2024-07-01"}, role=Role.VIEWER)
    assert july["connections"]["paths"] == []  # ada-bob had ended; only rae knew ada then
    rae = """{ connections(from: "ada", to: "rae", asOf: "2024-07-01") { __typename
      ... on Connections { paths { id } } } }"""
    assert api.data(rae)["connections"]["paths"] == [{"id": "ada > rae"}]
    assert api.data(rae, role=Role.VIEWER)["connections"] == {"__typename": "NotFound"}
