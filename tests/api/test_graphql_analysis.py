"""The analysis queries through HTTP: answers, evidence, typed errors, the cache, ``asOf``, and
above all that an analysis never shows (or counts) a person the caller may not see."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner
from factories import node, rel, row_source
from graphql_api import Api, Keys, make_api

from api.access import Role
from api.cli import main
from graph.analysis import paths as paths_module
from graph.analysis.cache import DEFAULT_CACHE
from graph.store import GraphStore
from graph.vocabulary import NodeKind, RelType

SECRET = ("secret-person", "Sam Hidden")
INNER = ("inner-person", "Ivy Internal")


@pytest.fixture
def bridged(store: GraphStore) -> GraphStore:
    """Public Ada and Zoe are joined only through restricted Sam; Ada and public Ben only
    through internal Ivy. Ada and Sam are in a forum; Sam is national, Ada local."""
    store.upsert_nodes([
        node("ada", name="Ada Lovelace", visibility="public", scale="local"),
        node("zoe", name="Zoe Wanamaker", visibility="public", scale="national"),
        node("ben", name="Ben Okri", visibility="public", scale="local"),
        node(SECRET[0], name=SECRET[1], visibility="restricted", scale="national"),
        node(INNER[0], name=INNER[1], visibility="internal", scale="national"),
        node("forum", NodeKind.FORUM, "Carers Forum"),
    ])
    store.upsert_relationships([
        rel("ada", RelType.KNOWS, SECRET[0], sources=(row_source("ties.csv", 2),)),
        rel(SECRET[0], RelType.KNOWS, "zoe", sources=(row_source("ties.csv", 3),)),
        rel("ada", RelType.KNOWS, INNER[0], sources=(row_source("ties.csv", 4),)),
        rel(INNER[0], RelType.KNOWS, "ben", sources=(row_source("ties.csv", 5),)),
        rel("ada", RelType.MEMBER_OF, "forum"),
        rel(SECRET[0], RelType.MEMBER_OF, "forum"),
    ])
    return store


@pytest.fixture
def api(bridged: GraphStore, keys: Keys) -> Iterator[Api]:
    client, api = make_api(bridged, keys)
    with client:
        yield api


CONNECTIONS = """query($from: ID!, $to: ID!, $first: Int! = 5, $maxHops: Int! = 4,
  $viaKinds: [NodeKind!], $viaTypes: [RelType!], $projection: Projection! = FULL, $asOf: Date) {
  connections(from: $from, to: $to, first: $first, maxHops: $maxHops, viaKinds: $viaKinds,
              viaTypes: $viaTypes, projection: $projection, asOf: $asOf) {
    __typename
    ... on Connections { analysis projection graphVersion asOf explanation parameters
      from { id name } to { id }
      evidence { nodes relationships { source type target } sources }
      paths { id name length strength explanation nodes { id name kind }
        intermediaries { id name }
        hops { source { id } target { id } types relationships { source type target } }
        evidence { nodes relationships { source type target } sources } } }
    ... on NotFound { message missing }
    ... on InvalidInput { message problems { field value message } }
  } }"""

EVERYTHING = """{
  a: connections(from: "ada", to: "zoe") { ...C }
  b: connections(from: "ada", to: "ben") { ...C }
  c: connections(from: "ada", to: "forum", projection: FULL) { ...C }
  sharedContext(a: "ada", b: "zoe") { __typename ... on SharedContext { explanation knows
    scores mutualContacts(first: 10) { id name } forums(first: 10) { id }
    organisations(first: 10) { id } communities(first: 10) { id } interests(first: 10) { id }
    places(first: 10) { id } evidence { ...E } } }
  brokers(first: 10) { __typename ... on Brokers { explanation summary evidence { ...E }
    brokers { node { id name } explanation evidence { ...E } scores } } }
  people: brokers(first: 10, groupBy: SCALE, projection: PEOPLE) {
    ... on Brokers { summary brokers { node { id } explanation } } }
  communities(first: 10) { __typename ... on Communities { explanation summary total
    evidence { ...E } communities { label size scores explanation evidence { ...E }
      members(first: 10) { id name } labels { name node { id } } } } }
  sweetSpots(first: 10) { ...S }
  gaps: sweetSpots(first: 10, gaps: true) { ...S }
  introductions(for: "ada", first: 10) { __typename ... on Introductions { explanation
    summary parameters suggestions { ...I } } }
  introductionWorklist(first: 10, requireVia: false) { __typename
    ... on IntroductionWorklist { explanation parameters suggestions { ...I } } }
}
fragment E on Evidence { nodes relationships { source type target } sources }
fragment C on ConnectionsResult { __typename ... on Connections { explanation evidence { ...E }
  paths { explanation nodes { id name } intermediaries { id name } evidence { ...E } } } }
fragment S on SweetSpotsResult { __typename ... on SweetSpots { explanation evidence { ...E }
  spots { node { id } explanation evidence { ...E } local(first: 10) { id name }
    national(first: 10) { id name } unjoinedLocal(first: 10) { id }
    unjoinedNational(first: 10) { id }
    joins(first: 10) { local { id } national { id } via { id name } }
    introductions(first: 10) { local { id } national { id } } } } }
fragment I on SuggestedIntroduction { person { id } suggested { id name } explanation
  via(first: 10) { id name } shared(first: 10) { id name } reasons { reason text ids }
  evidence { ...E } }
"""


def _connections(api: Api, role: Role = Role.STEWARD, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(CONNECTIONS, variables, role=role)["connections"]
    return result


# -- visibility ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER])
def test_the_only_path_through_a_restricted_person_is_no_path(api: Api, role: Role) -> None:
    found = _connections(api, role, **{"from": "ada", "to": "zoe"})
    assert found["__typename"] == "Connections"
    assert found["paths"] == []
    assert found["explanation"] == "No path of at most 4 ties joins Ada Lovelace and Zoe Wanamaker."
    assert found["evidence"] == {"nodes": [], "relationships": [], "sources": []}


def test_a_steward_sees_the_path_through_the_restricted_person(api: Api) -> None:
    found = _connections(api, **{"from": "ada", "to": "zoe"})
    assert [p["id"] for p in found["paths"]] == [f"ada > {SECRET[0]} > zoe",
                                                 f"ada > forum > {SECRET[0]} > zoe"]
    path = found["paths"][0]
    assert [n["id"] for n in path["nodes"]] == ["ada", SECRET[0], "zoe"]
    assert path["intermediaries"] == [{"id": SECRET[0], "name": SECRET[1]}]
    assert path["nodes"][1]["kind"] == "PERSON"
    assert path["length"] == 2 and path["strength"] == 2.0
    assert path["explanation"] == f"Ada Lovelace knows {SECRET[1]}, who knows Zoe Wanamaker."
    assert [h["types"] for h in path["hops"]] == [["KNOWS"], ["KNOWS"]]
    assert path["hops"][0]["source"] == {"id": "ada"}
    assert path["hops"][1]["relationships"] == [
        {"source": SECRET[0], "type": "KNOWS", "target": "zoe"}]
    assert path["evidence"]["sources"] == ["row:ties.csv#2", "row:ties.csv#3"]
    assert found["evidence"]["nodes"] == ["ada", SECRET[0], "zoe", "forum"]
    assert found["evidence"]["sources"] == ["row:ties.csv#2", "row:ties.csv#3"]
    assert found["explanation"] == (
        "2 paths join Ada Lovelace and Zoe Wanamaker; the shortest has 2 tie(s): "
        + path["explanation"])
    assert (found["analysis"], found["projection"]) == ("paths", "FULL")
    assert found["asOf"] == date.today().isoformat()  # today's network unless asked
    assert found["parameters"]["k"] == 5 and found["parameters"]["max_hops"] == 4


def test_a_member_sees_internal_intermediaries_a_viewer_does_not(api: Api) -> None:
    assert _connections(api, Role.VIEWER, **{"from": "ada", "to": "ben"})["paths"] == []
    [path] = _connections(api, Role.MEMBER, **{"from": "ada", "to": "ben"})["paths"]
    assert path["intermediaries"] == [{"id": INNER[0], "name": INNER[1]}]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER])
def test_no_analysis_shows_or_counts_a_person_beyond_the_callers_clearance(
    api: Api, role: Role
) -> None:
    response = api.post(EVERYTHING, role=role)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "errors" not in answer, answer["errors"]
    hidden = [*SECRET] if role is Role.MEMBER else [*SECRET, *INNER]
    for text in hidden:
        assert text not in response.text
    data = answer["data"]
    context = data["sharedContext"]
    assert context["mutualContacts"] == [] and context["knows"] is False
    assert context["scores"]["mutual_contacts"] == 0
    assert context["explanation"] == ("Ada Lovelace and Zoe Wanamaker share no contacts, forums, "
                                      "organisations, communities, interests or places.")
    visible_nodes = 5 if role is Role.MEMBER else 4  # ada, zoe, ben, forum (+ ivy)
    assert data["brokers"]["summary"]["nodes"] == visible_nodes
    assert len(data["brokers"]["brokers"]) == visible_nodes
    assert data["people"]["summary"]["nodes"] == visible_nodes - 1
    members = [m["id"] for c in data["communities"]["communities"] for m in c["members"]]
    assert sorted(members) == sorted(["ada", "zoe", "ben"]
                                     + ([INNER[0]] if role is Role.MEMBER else []))
    assert sum(c["size"] for c in data["communities"]["communities"]) == len(members)
    assert data["communities"]["summary"]["nodes"] == len(members)
    # The forum's only national member is hidden: it is no sweet spot, and has no gap.
    assert data["sweetSpots"]["spots"] == [] and data["gaps"]["spots"] == []
    suggested = {s["suggested"]["id"] for s in data["introductions"]["suggestions"]}
    assert "zoe" not in suggested  # only Sam could introduce them
    assert suggested == ({"ben"} if role is Role.MEMBER else set())


def test_a_steward_sees_everything_the_others_do_not(api: Api) -> None:
    data = api.data(EVERYTHING)
    context = data["sharedContext"]
    assert context["mutualContacts"] == [{"id": SECRET[0], "name": SECRET[1]}]
    assert context["explanation"] == f"Ada Lovelace and Zoe Wanamaker both know {SECRET[1]}."
    assert {"source": "ada", "type": "KNOWS", "target": SECRET[0]} in (
        context["evidence"]["relationships"])
    assert data["brokers"]["summary"]["nodes"] == 6
    assert data["brokers"]["brokers"][0]["node"]["id"] in {"ada", SECRET[0]}
    [spot] = data["sweetSpots"]["spots"]
    assert spot["node"] == {"id": "forum"}
    assert spot["local"] == [{"id": "ada", "name": "Ada Lovelace"}]
    assert spot["national"] == [{"id": SECRET[0], "name": SECRET[1]}]
    assert spot["joins"] == [{"local": {"id": "ada"}, "national": {"id": SECRET[0]},
                              "via": None}]
    suggestions = {s["suggested"]["id"]: s for s in data["introductions"]["suggestions"]}
    assert suggestions["zoe"]["via"] == [{"id": SECRET[0], "name": SECRET[1]}]
    assert suggestions["zoe"]["reasons"][0]["reason"] == "mutual_contacts"
    assert suggestions["zoe"]["explanation"].endswith(f"{SECRET[1]} could make the introduction.")
    pairs = {(s["person"]["id"], s["suggested"]["id"])
             for s in data["introductionWorklist"]["suggestions"]}
    assert {frozenset(p) for p in pairs} >= {frozenset({"ada", "zoe"}),
                                             frozenset({"ada", "ben"})}


def test_an_id_the_caller_may_not_see_answers_as_one_that_does_not_exist(api: Api) -> None:
    hidden = _connections(api, Role.VIEWER, **{"from": "ada", "to": SECRET[0]})
    missing = _connections(api, Role.VIEWER, **{"from": "ada", "to": "nobody"})
    assert hidden["__typename"] == missing["__typename"] == "NotFound"
    assert hidden["missing"] == [SECRET[0]] and missing["missing"] == ["nobody"]
    assert hidden["message"].replace(SECRET[0], "X") == missing["message"].replace("nobody", "X")
    for query in (
        f'{{ sharedContext(a: "{SECRET[0]}", b: "ada") {{ __typename }} }}',
        f'{{ introductions(for: "{SECRET[0]}") {{ __typename }} }}',
    ):
        [result] = api.data(query, role=Role.MEMBER).values()
        assert result == {"__typename": "NotFound"}
    assert _connections(api, **{"from": "ada", "to": SECRET[0]})["__typename"] == "Connections"


# -- arguments and typed errors -----------------------------------------------------------------


def test_invalid_arguments_are_listed_together(api: Api) -> None:
    bad = _connections(api, **{"from": "ada", "to": "zoe", "first": 0, "maxHops": 9})
    assert bad["__typename"] == "InvalidInput"
    assert {(p["field"], p["value"], p["message"]) for p in bad["problems"]} == {
        ("first", "0", "must be between 1 and 50"),
        ("maxHops", "9", "must be between 1 and 8"),
    }
    same = _connections(api, **{"from": "ada", "to": " ada "})
    assert same["problems"] == [{"field": "to", "value": "ada",
                                 "message": "is the same node as from"}]
    people = _connections(api, **{"from": "ada", "to": "forum", "projection": "PEOPLE"})
    assert people["problems"][0]["message"] == (
        "is a Forum; the people projection has only people")
    intro = api.data('{ introductions(for: "forum") { ... on InvalidInput { problems {'
                     " field message } } } }")["introductions"]
    assert intro["problems"] == [{"field": "for", "message": "is a Forum, not a Person"}]
    for query in ('{ brokers(first: 0, sample: -1) { ... on InvalidInput {'
                  " problems { field } } } }",
                  '{ communities(resolution: 0, maxContextSize: 1) { ... on InvalidInput {'
                  " problems { field } } } }",
                  '{ introductionWorklist(perPerson: 51) { ... on InvalidInput {'
                  " problems { field } } } }",
                  '{ sweetSpots(first: 1001) { ... on InvalidInput { problems { field } } } }'):
        [result] = api.data(query).values()
        assert result["problems"], query
    missing = api.data('{ sharedContext(a: "ada", b: "x1") { ... on NotFound { missing } } }')
    assert missing["sharedContext"] == {"missing": ["x1"]}


def test_via_kinds_and_types_restrict_the_paths(api: Api) -> None:
    ends = {"from": "ada", "to": "zoe"}
    assert _connections(api, **ends, viaTypes=["MEMBER_OF"])["paths"] == []
    assert _connections(api, **ends, viaKinds=["FORUM"])["paths"] == []
    [path] = _connections(api, **ends, viaTypes=["KNOWS"], viaKinds=["PERSON"])["paths"]
    assert path["intermediaries"] == [{"id": SECRET[0], "name": SECRET[1]}]
    assert _connections(api, **ends, maxHops=1)["paths"] == []
    forum = _connections(api, **{"from": "zoe", "to": "forum"})
    assert [p["id"] for p in forum["paths"]] == [f"zoe > {SECRET[0]} > forum",
                                                 f"zoe > {SECRET[0]} > ada > forum"]


def test_brokers_groupings_and_communities_options(api: Api) -> None:
    data = api.data("""{
      none: brokers(groupBy: NONE, kind: PERSON, first: 2) { ... on Brokers { projection
        brokers { node { id kind } rank betweenness constraint effectiveSize degree
                  groupsJoined soleBridgePairs } } }
      orgs: brokers(groupBy: ORGANISATION, sample: 0) { ... on Brokers { summary } }
      leiden: communities(method: LEIDEN, resolution: 0.5, seed: 7, first: 1) {
        ... on Communities { projection modularity total parameters
          communities { id size internalShare modularity members(first: 1) { id } } } }
    }""")
    brokers = data["none"]["brokers"]
    assert len(brokers) == 2 and all(b["node"]["kind"] == "PERSON" for b in brokers)
    assert brokers[0]["groupsJoined"] is None and brokers[0]["rank"] >= 1
    assert brokers[0]["betweenness"] >= brokers[1]["betweenness"]
    assert data["orgs"]["summary"]["betweenness"] == "exact"
    leiden = data["leiden"]
    assert leiden["projection"] == "PEOPLE"
    assert leiden["parameters"] == {"method": "leiden", "resolution": 0.5, "seed": 7,
                                    "weight": "weight"}
    assert len(leiden["communities"]) == 1 and leiden["total"] >= 1
    assert len(leiden["communities"][0]["members"]) == 1


# -- the cache and asOf --------------------------------------------------------------------------


def test_a_second_identical_query_is_served_from_the_cache(api: Api, bridged: GraphStore) -> None:
    ends = {"from": "ada", "to": "zoe"}
    target = "api.graphql.analysis.paths.k_shortest_paths"
    with mock.patch(target, wraps=paths_module.k_shortest_paths) as run:
        first = _connections(api, **ends)
        again = _connections(api, **ends)
        assert run.call_count == 1
        assert again == first
        # Another clearance is another answer, never the steward's.
        assert _connections(api, Role.VIEWER, **ends)["paths"] == []
        assert run.call_count == 2
        bridged.upsert_relationships([rel("ada", RelType.KNOWS, "zoe")])
        changed = _connections(api, **ends)
        assert run.call_count == 3
    assert changed["graphVersion"] > first["graphVersion"]
    assert changed["paths"][0]["id"] == "ada > zoe"


def test_as_of_runs_on_the_network_as_it_stood(store: GraphStore, keys: Keys) -> None:
    store.upsert_nodes([node(p, visibility="public") for p in ("p1", "p2", "p3", "p4")])
    store.upsert_relationships([
        rel("p1", RelType.KNOWS, "p2", since="2024-01-01"),
        rel("p2", RelType.KNOWS, "p3", since="2024-06-01", until="2025-01-01"),
        rel("p2", RelType.KNOWS, "p4", since="2099-01-01"),
    ])
    client, api = make_api(store, keys)
    with client:
        ends = {"from": "p1", "to": "p3"}
        before = _connections(api, Role.VIEWER, **ends, asOf="2024-03-01")
        assert before["__typename"] == "InvalidInput"
        assert before["problems"] == [{"field": "to", "value": "p3",
                                       "message": "was not in the network on 2024-03-01"}]
        during = _connections(api, Role.VIEWER, **ends, asOf="2024-07-01")
        assert during["asOf"] == "2024-07-01"
        assert [p["id"] for p in during["paths"]] == ["p1 > p2 > p3"]
        # Once the tie has ended p3 is still known, but no longer joined to anyone: today too.
        after = _connections(api, Role.VIEWER, **ends, asOf="2025-02-01")
        assert after["__typename"] == "Connections" and after["paths"] == []
        assert _connections(api, Role.VIEWER, **ends)["paths"] == []
        future = _connections(api, Role.VIEWER, **{"from": "p1", "to": "p4"})
        assert future["problems"] == [{"field": "to", "value": "p4", "message":
                                       f"was not in the network on {date.today()}"}]
        brokers = api.data('{ brokers(asOf: "2024-03-01") { ... on Brokers { asOf summary } } }',
                           role=Role.VIEWER)["brokers"]
        assert brokers == {"asOf": "2024-03-01", "summary": {
            "nodes": 2, "ties": 1, "betweenness": "exact", "pivots": 2, "error_bound": 0.0,
            "confidence": 0.95, "groups": 1}}


def test_sweet_spot_gaps_name_the_introductions_that_would_join_the_sides(
    store: GraphStore, keys: Keys
) -> None:
    store.upsert_nodes([
        node("lo", name="Lou Local", scale="local", visibility="public"),
        node("na", name="Nat National", scale="national", visibility="public"),
        node("hid", name="Hidden National", scale="national", visibility="restricted"),
        node("carers", NodeKind.FORUM, "Carers Network"),
    ])
    store.upsert_relationships([rel(p, RelType.MEMBER_OF, "carers") for p in ("lo", "na", "hid")])
    query = """{ sweetSpots(gaps: true) { ... on SweetSpots { gaps explanation spots {
      node { id } gap coverage localCount nationalCount unjoinedLocal { id }
      unjoinedNational { id } introductions { local { id } national { id } } } } } }"""
    client, api = make_api(store, keys)
    with client:
        viewer = api.data(query, role=Role.VIEWER)["sweetSpots"]
        steward = api.data(query)["sweetSpots"]
    [gap] = viewer["spots"]
    assert gap["node"] == {"id": "carers"} and viewer["gaps"] is True
    assert (gap["localCount"], gap["nationalCount"], gap["coverage"]) == (1, 1, 0.0)
    assert gap["gap"] == 1.0
    assert gap["unjoinedLocal"] == [{"id": "lo"}] and gap["unjoinedNational"] == [{"id": "na"}]
    assert gap["introductions"] == [{"local": {"id": "lo"}, "national": {"id": "na"}}]
    assert viewer["explanation"].startswith("Gaps between local and national work: 1.")
    assert "hid" not in json.dumps(viewer) and "Hidden" not in json.dumps(viewer)
    [both] = steward["spots"]
    assert both["nationalCount"] == 2
    assert {n["id"] for n in both["unjoinedNational"]} == {"na", "hid"}


def test_answers_are_json_with_no_non_finite_numbers(api: Api) -> None:
    response = api.post('{ brokers(first: 10) { ... on Brokers { brokers { constraint '
                        "effectiveSize scores } } } }")
    assert response.status_code == 200
    text = response.text
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text)["data"]["brokers"]["brokers"]


def test_a_steward_gets_the_answers_the_command_line_gives(
    api: Api, bridged: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not bridged.uri.startswith("sqlite:"):
        pytest.skip("the command line is run against the embedded store here")
    # The command line configures logging for the process; leave the tests' logging alone.
    monkeypatch.setattr("api.cli.app.configure_logging", lambda *_args: None)

    def cli(*args: str) -> list[dict[str, Any]]:
        DEFAULT_CACHE.clear()  # each side computes its own answer
        result = CliRunner().invoke(main, ["--store", bridged.uri, *args, "--json"])
        assert result.exit_code == 0, result.output
        found: list[dict[str, Any]] = json.loads(result.stdout)
        return found

    expected = cli("connect", "ada", "zoe")
    DEFAULT_CACHE.clear()
    paths = _connections(api, **{"from": "ada", "to": "zoe"})["paths"]
    assert [(p["id"], p["explanation"]) for p in paths] == [
        (p["id"], p["explanation"]) for p in expected]
    assert [p["evidence"]["sources"] for p in paths] == [
        p["evidence"]["sources"] for p in expected]
    data = api.data("""{
      brokers(first: 3) { ... on Brokers { brokers { node { id } explanation } } }
      communities { ... on Communities { communities { label explanation members { id } } } }
      introductions(for: "ada") { ... on Introductions { suggestions { suggested { id }
        explanation } } } }""")
    brokers = cli("brokers", "--top", "3")
    assert [(b["node"]["id"], b["explanation"]) for b in data["brokers"]["brokers"]] == [
        (b["id"], b["explanation"]) for b in brokers]
    communities = cli("communities")
    assert [(c["label"], [m["id"] for m in c["members"]])
            for c in data["communities"]["communities"]] == [
        (c["name"], c["members"]) for c in communities]
    introductions = cli("introductions", "ada")
    assert [(s["suggested"]["id"], s["explanation"])
            for s in data["introductions"]["suggestions"]] == [
        (s["id"], s["explanation"]) for s in introductions]
