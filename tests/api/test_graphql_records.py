"""Records and editing through HTTP: load runs, introductions made, merges, uploads, and the
audit entry every successful write leaves."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from factories import node
from graphql_api import Api, make_api

from api.access import Role
from graph.records import Action, AuditEntry
from graph.store import GraphStore

LOAD_FILE = """mutation($file: Upload!, $format: UploadFormat, $dryRun: Boolean! = false,
                         $on: Date) {
  loadFile(file: $file, format: $format, dryRun: $dryRun, on: $on) {
    __typename
    ... on LoadFileSuccess { run file format dryRun nodes relationships ended rows heldBack
                             version }
    ... on InvalidInput { message problems { field value message where } }
    ... on PermissionDenied { role requiredRole }
  } }"""

MERGE = """mutation($keep: ID!, $others: [ID!]!, $reason: String! = "") {
  mergeNodes(keep: $keep, others: $others, reason: $reason) {
    __typename
    ... on MergeNodesSuccess { kept { id name aliases } merged relationshipsMoved
                               relationshipsDropped version }
    ... on NotFound { message missing }
    ... on InvalidInput { problems { field value message } }
    ... on PermissionDenied { role }
  } }"""

INTRODUCE = """mutation($a: ID!, $b: ID!, $by: ID, $on: Date, $note: String! = "") {
  recordIntroduction(a: $a, b: $b, by: $by, madeOn: $on, note: $note) {
    __typename
    ... on RecordIntroductionSuccess { introduction { a { id } b { id } by { id } madeOn note
                                                      actor recordedAt } }
    ... on NotFound { missing }
    ... on InvalidInput { problems { field value message } }
    ... on PermissionDenied { role }
  } }"""

GRAPH = {
    "nodes": [
        {"id": "ula", "kind": "Person", "name": "Ula Upload", "visibility": "public"},
        {"id": "vic", "kind": "Person", "name": "Vic Upload", "visibility": "public"},
        {"id": "hub", "kind": "Forum", "name": "Upload Hub"},
    ],
    "edges": [
        {"source": "ula", "type": "KNOWS", "target": "vic"},
        {"source": "ula", "type": "MEMBER_OF", "target": "hub"},
    ],
}


def upload(
    api: Api, name: str, content: bytes, *, role: Role = Role.STEWARD, **variables: Any
) -> httpx.Response:
    """A GraphQL multipart request carrying one file as ``$file``."""
    operations = {"query": LOAD_FILE, "variables": {"file": None, **variables}}
    return api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content, "application/octet-stream")},
        headers={"Authorization": f"Bearer {api.keys.of(role)}"},
    )


def load_result(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "errors" not in answer, answer["errors"]
    result: dict[str, Any] = answer["data"]["loadFile"]
    return result


def _result(api: Api, query: str, variables: dict[str, Any], role: Role = Role.STEWARD
            ) -> dict[str, Any]:
    [result] = api.data(query, variables, role=role).values()
    assert isinstance(result, dict)
    return result


def last_seq(store: GraphStore) -> int:
    """The newest audit entry's seq (records outlive a cleared graph on a shared Neo4j, so
    tests look only at entries after this)."""
    seq = 0
    while page := store.audit_log(limit=1000, after=seq):
        seq = page[-1].seq or seq
    return seq


def entries_after(store: GraphStore, seq: int, action: Action | None = None) -> list[AuditEntry]:
    return [e for e in store.audit_log(limit=1000, after=seq) if action in (None, e.action)]


def fresh(prefix: str) -> str:
    """An id no earlier run has used (tombstones and introductions outlive a cleared graph)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- uploads -------------------------------------------------------------------------------------


def test_an_uploaded_json_graph_is_loaded_recorded_and_audited(
    api: Api, network: GraphStore
) -> None:
    before, seq = network.version(), last_seq(network)
    result = load_result(upload(api, "people.json", json.dumps(GRAPH).encode()))
    assert result["__typename"] == "LoadFileSuccess"
    assert (result["file"], result["format"], result["dryRun"]) == ("people.json", "JSON", False)
    assert result["nodes"] == {"Forum": 1, "Person": 2}
    assert result["relationships"] == {"KNOWS": 1, "MEMBER_OF": 1}
    assert result["rows"] == 5 and result["heldBack"] == [] and result["version"] > before
    assert [n.name for n in network.get_nodes(["ula", "vic", "hub"])] == [
        "Ula Upload", "Vic Upload", "Upload Hub"]
    [run] = network.load_runs(limit=1)
    assert run.id == result["run"] and run.actor == "key:steward-key"
    assert run.outcome.value == "completed" and run.inputs[0].endswith("people.json")
    [entry] = entries_after(network, seq, Action.LOAD)
    assert entry.actor == "key:steward-key" and entry.detail["run"] == result["run"]
    runs = api.data("{ loadRuns(first: 5) { ... on LoadRunList { runs { id outcome actor counts "
                    "inputs started finished message } } } }")["loadRuns"]["runs"]
    assert runs[0]["id"] == result["run"] and runs[0]["outcome"] == "COMPLETED"
    assert runs[0]["counts"]["nodes"] == {"Forum": 1, "Person": 2}
    assert runs[0]["actor"] == "key:steward-key" and runs[0]["finished"]


def test_uploading_the_same_file_again_updates_in_place(api: Api, network: GraphStore) -> None:
    load_result(upload(api, "people.json", json.dumps(GRAPH).encode()))
    counts = network.counts()
    smaller = {**GRAPH, "edges": GRAPH["edges"][:1]}
    result = load_result(upload(api, "people.json", json.dumps(smaller).encode(),
                                on="2025-06-30"))
    assert result["ended"] == {"MEMBER_OF": 1}  # ended, not deleted
    assert network.counts() == counts
    [ended] = [n.relationship for n in network.neighbours(["ula"]) if n.node.id == "hub"]
    assert ended.until is not None and ended.until.isoformat() == "2025-06-30"


def test_a_dry_run_writes_nothing(api: Api, network: GraphStore) -> None:
    version = network.version()
    result = load_result(upload(api, "g.json", json.dumps(GRAPH).encode(), dryRun=True))
    assert result["dryRun"] is True and result["nodes"] == {"Forum": 1, "Person": 2}
    assert network.version() == version and network.get_nodes(["ula"]) == []


def test_a_bad_file_gets_every_problem_named_by_its_uploaded_name(
    api: Api, network: GraphStore
) -> None:
    version = network.version()
    bad = {
        "nodes": [
            {"id": "x1", "kind": "Wizard", "name": "Merlin"},
            {"id": "x2", "kind": "Person", "name": ""},
        ],
        "edges": [{"source": "x1", "type": "KNOWS", "target": "nobody"}],
    }
    result = load_result(upload(api, "bad.json", json.dumps(bad).encode()))
    assert result["__typename"] == "InvalidInput"
    fields = {p["field"] for p in result["problems"]}
    assert {"kind", "name"} <= fields
    assert len(result["problems"]) >= 3
    wheres = " ".join(p["where"] or "" for p in result["problems"])
    assert "bad.json" in wheres and "convene-uploads" not in json.dumps(result)
    assert network.version() == version
    [run] = network.load_runs(limit=1)
    assert run.outcome.value == "rejected"
    not_json = load_result(upload(api, "broken.json", b"{not json"))
    assert not_json["problems"][0]["message"] == "is not valid JSON"
    assert not_json["problems"][0]["where"].startswith("broken.json line 1")


def test_uploads_refused_cleanly(api: Api, network: GraphStore) -> None:
    unknown = load_result(upload(api, "notes.txt", b"hello"))
    assert unknown["__typename"] == "InvalidInput"
    assert unknown["problems"][0]["field"] == "format"
    empty = load_result(upload(api, "empty.json", b""))
    assert empty["problems"][0]["message"] == "is empty"
    for role in (Role.VIEWER, Role.MEMBER):
        denied = load_result(upload(api, "g.json", json.dumps(GRAPH).encode(), role=role))
        assert denied == {"__typename": "PermissionDenied", "role": role.name,
                          "requiredRole": "STEWARD"}
    assert network.get_nodes(["ula"]) == []
    not_a_file = api.post(LOAD_FILE, {"file": "just a string"})
    assert not_a_file.json()["data"]["loadFile"]["problems"][0]["field"] == "file"


def test_an_upload_over_the_body_limit_is_refused_with_413(
    network: GraphStore, keys: Any
) -> None:
    client, api = make_api(network, keys, max_body_bytes=4096)
    with client:
        response = upload(api, "big.json", b" " * 10_000 + json.dumps(GRAPH).encode())
    assert response.status_code == 413
    assert network.get_nodes(["ula"]) == []


def test_a_chosen_format_overrides_the_name(api: Api, network: GraphStore) -> None:
    result = load_result(upload(api, "export.data", json.dumps(GRAPH).encode(), format="JSON"))
    assert result["__typename"] == "LoadFileSuccess" and result["file"] == "export.data"


# -- merges and introductions --------------------------------------------------------------------


def test_merge_nodes_folds_duplicates_and_audits(api: Api, network: GraphStore) -> None:
    seq = last_seq(network)
    api.data('mutation { upsertNodes(nodes: [{id: "ada2", kind: PERSON, name: "A. Lovelace"}])'
             " { __typename } }")
    api.data('mutation { upsertRelationships(relationships: [{source: "ada2", type: KNOWS, '
             'target: "bob"}, {source: "ada2", type: MEMBER_OF, target: "forum"}]) '
             "{ __typename } }")
    result = _result(api, MERGE, {"keep": "ada", "others": ["ada2"], "reason": "same nurse"})
    assert result["__typename"] == "MergeNodesSuccess"
    assert result["kept"]["id"] == "ada" and "A. Lovelace" in result["kept"]["aliases"]
    assert result["merged"] == ["ada2"]
    assert network.get_nodes(["ada2"]) == []
    [entry] = entries_after(network, seq, Action.MERGE)
    assert (entry.actor, entry.reason, entry.targets) == ("key:steward-key", "same nurse",
                                                          ("ada", "ada2"))


def test_merge_nodes_failures_are_typed(api: Api, network: GraphStore) -> None:
    seq = last_seq(network)
    missing = _result(api, MERGE, {"keep": "ada", "others": ["ghost"]})
    assert missing == {"__typename": "NotFound", "missing": ["ghost"],
                       "message": "1 id(s) do not exist; nothing was changed"}
    kinds = _result(api, MERGE, {"keep": "ada", "others": ["trust"]})
    assert kinds["__typename"] == "InvalidInput"
    itself = _result(api, MERGE, {"keep": "ada", "others": ["ada"]})
    assert itself["problems"][0]["message"] == "cannot merge a node into itself"
    none = _result(api, MERGE, {"keep": "ada", "others": []})
    assert none["problems"][0]["field"] == "others"
    denied = _result(api, MERGE, {"keep": "ada", "others": ["bob"]}, Role.MEMBER)
    assert denied == {"__typename": "PermissionDenied", "role": "MEMBER"}
    assert len(network.get_nodes(["ada", "bob", "trust"])) == 3
    assert entries_after(network, seq) == []


def test_recording_an_introduction_stops_it_being_suggested(
    api: Api, network: GraphStore
) -> None:
    seq = last_seq(network)
    dee = fresh("dee")
    query = ('{ introductions(for: "ada") { ... on Introductions { suggestions {'
             " suggested { id } } } } }")
    assert {"suggested": {"id": dee}} not in api.data(query)["introductions"]["suggestions"]
    api.data(f'mutation {{ upsertNodes(nodes: [{{id: "{dee}", kind: PERSON, name: "Dee"}}]) '
             "{ __typename } }")
    api.data('mutation { upsertRelationships(relationships: [{source: "bob", type: KNOWS, '
             f'target: "{dee}"}}]) {{ __typename }} }}')
    assert {"suggested": {"id": dee}} in api.data(query)["introductions"]["suggestions"]
    result = _result(api, INTRODUCE, {"a": dee, "b": "ada", "by": "bob", "on": "2025-03-01",
                                      "note": "both work on carers"})
    intro = result["introduction"]
    assert (intro["a"], intro["b"], intro["by"]) == ({"id": "ada"}, {"id": dee}, {"id": "bob"})
    assert (intro["madeOn"], intro["note"], intro["actor"]) == (
        "2025-03-01", "both work on carers", "key:steward-key")
    assert {"suggested": {"id": dee}} not in api.data(query)["introductions"]["suggestions"]
    [made] = [i for i in network.introductions() if i.pair == {"ada", dee}]
    assert made.by == "bob"
    [entry] = entries_after(network, seq, Action.INTRODUCE)
    assert entry.actor == "key:steward-key" and entry.targets == ("ada", dee, "bob")


def test_record_introduction_failures_are_typed(api: Api, network: GraphStore) -> None:
    made = network.introductions()
    assert _result(api, INTRODUCE, {"a": "ada", "b": "ghost"}) == {
        "__typename": "NotFound", "missing": ["ghost"]}
    org = _result(api, INTRODUCE, {"a": "ada", "b": "trust"})
    assert org["problems"] == [{"field": "b", "value": "trust",
                                "message": "is a Organisation, not a Person"}]
    same = _result(api, INTRODUCE, {"a": "ada", "b": "ada"})
    assert same["problems"][0]["message"] == "cannot introduce someone to themselves"
    third = _result(api, INTRODUCE, {"a": "ada", "b": "bob", "by": "bob"})
    assert third["problems"][0]["message"] == "the introducer must be a third person"
    assert _result(api, INTRODUCE, {"a": "ada", "b": "bob"}, Role.VIEWER) == {
        "__typename": "PermissionDenied", "role": "VIEWER"}
    assert network.introductions() == made


def test_introductions_made_show_only_people_the_caller_may_see(
    api: Api, network: GraphStore
) -> None:
    pub, pub2, inner, hidden = (fresh(p) for p in ("pub", "pub2", "inner", "hidden"))
    network.upsert_nodes([
        node(pub, visibility="public"), node(pub2, visibility="public"),
        node(inner, visibility="internal"), node(hidden, visibility="restricted"),
    ])
    _result(api, INTRODUCE, {"a": pub, "b": pub2, "on": "2025-01-01"})
    _result(api, INTRODUCE, {"a": pub, "b": inner, "on": "2025-01-02"})
    _result(api, INTRODUCE, {"a": pub, "b": pub2, "by": hidden, "on": "2025-01-03"})
    _result(api, INTRODUCE, {"a": inner, "b": pub2, "by": hidden, "on": "2025-01-04"})
    query = "{ introductionsMade(first: 1000) { a { id } b { id } by { id } madeOn } }"

    def seen(role: Role) -> list[tuple[str, ...]]:
        ours = {pub, pub2, inner, hidden}
        return [
            (*(i[k]["id"] for k in ("a", "b", "by") if i[k]), i["madeOn"])
            for i in api.data(query, role=role)["introductionsMade"]
            if {i["a"]["id"], i["b"]["id"]} <= ours
        ]

    # Recording a pair again updates its record: pub and pub2 were last introduced by hidden.
    both = tuple(sorted((pub, pub2)))
    with_inner = tuple(sorted((pub, inner)))
    inner_pub2 = tuple(sorted((inner, pub2)))
    assert seen(Role.STEWARD) == [(*inner_pub2, hidden, "2025-01-04"),
                                  (*both, hidden, "2025-01-03"),
                                  (*with_inner, "2025-01-02")]
    assert seen(Role.MEMBER) == [(*with_inner, "2025-01-02")]
    assert seen(Role.VIEWER) == []


def test_load_runs_are_for_stewards(api: Api) -> None:
    for role in (Role.VIEWER, Role.MEMBER):
        denied = api.data("{ loadRuns { __typename ... on PermissionDenied { message role } } }",
                          role=role)["loadRuns"]
        assert denied == {"__typename": "PermissionDenied", "role": role.name,
                          "message": f"a {role.value} may not read the load runs; a steward "
                          "key is needed"}


# -- every write is audited ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutation", "action", "targets"),
    [
        ('upsertNodes(nodes: [{id: "eve", kind: PERSON, name: "Eve"}])', Action.UPSERT,
         ("eve",)),
        ('upsertRelationships(relationships: [{source: "bob", type: KNOWS, target: "cas"}])',
         Action.UPSERT, ("bob", "cas")),
        ('deleteNodes(ids: ["mh"])', Action.DELETE, ("mh",)),
        ('deleteRelationships(keys: [{source: "ada", type: KNOWS, target: "bob"}])',
         Action.DELETE, ("ada", "bob")),
    ],
)
def test_node_mutations_append_an_audit_entry_naming_the_caller(
    api: Api, network: GraphStore, mutation: str, action: Action, targets: tuple[str, ...]
) -> None:
    seq = last_seq(network)
    data = api.data(f"mutation {{ {mutation} {{ __typename }} }}")
    [result] = data.values()
    assert result["__typename"].endswith("Success")
    [entry] = entries_after(network, seq)
    assert entry.action is action and entry.actor == "key:steward-key"
    assert entry.targets == targets and entry.detail["version"] == network.version()
    assert entry.detail["request"]


def test_failed_and_refused_writes_leave_no_audit_entry(api: Api, network: GraphStore) -> None:
    seq = last_seq(network)
    api.data('mutation { deleteNodes(ids: ["ghost"]) { __typename } }')
    api.data('mutation { upsertNodes(nodes: [{id: "x", kind: PERSON, name: " "}]) '
             "{ __typename } }")
    api.data('mutation { deleteNodes(ids: ["ada"]) { __typename } }', role=Role.MEMBER)
    assert entries_after(network, seq) == []
