"""Injection sweep through the GraphQL HTTP API, with the store-level sweep's hostile strings.

Every string argument and input field that reaches a query gets every hostile string: ids,
names, aliases, property keys and values, roles, relationship types and node kinds, search
text, cursors, dates, record fields (reasons, notes) and uploaded files (name and content).

Every answer must be a well-formed GraphQL answer: HTTP 200, no internal error, nothing that
names the machinery (a traceback, SQLite, Cypher, Neo4j, a file path). Data comes back byte
for byte; words only the vocabulary may supply are refused naming the argument or field
(GraphQL's own enum and scalar checks, or ``InvalidInput``/``BAD_USER_INPUT``); what is not
there is ``NotFound`` or null; and the rest of the store is left exactly as it was.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import httpx
from contract.test_injection import HOSTILE, Contents, contents, valid_id
from graphql_api import Api

from api.access import Role
from graph.model import Node
from graph.store import GraphStore
from graph.vocabulary import NodeKind

LEAKS = re.compile(
    r"traceback|sqlite|cypher|neo4j|site-packages|\.py\b|/(?:tmp|work|root|home|srv|usr|opt)/",
    re.IGNORECASE,
)
"""What no answer may contain: the machinery's names, a traceback, a file path."""


def test_no_hostile_string_looks_like_a_leak_itself() -> None:
    assert not [label for label, value in HOSTILE.items() if LEAKS.search(value)]


def checked(response: httpx.Response) -> dict[str, Any]:
    """The answer, once it has passed what every answer to hostile input must."""
    assert response.status_code == 200, response.text[:500]
    leak = LEAKS.search(response.text)
    assert leak is None, response.text[max(leak.start() - 200, 0) : leak.end() + 200]
    answer: dict[str, Any] = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in answer.get("errors", [])]
    assert "INTERNAL_SERVER_ERROR" not in codes, answer["errors"]
    return answer


def result(api: Api, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The one top-level field of a query that must run without errors."""
    answer = checked(api.post(query, variables))
    assert "errors" not in answer, answer["errors"]
    [value] = answer["data"].values()
    return value


def request_errors(api: Api, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    """The messages of a request refused before anything ran (no ``data`` at all)."""
    answer = checked(api.post(query, variables))
    assert answer.get("data") is None, answer
    return [e["message"] for e in answer["errors"]]


def problem_fields(outcome: dict[str, Any]) -> list[str]:
    assert outcome["__typename"] == "InvalidInput", outcome
    return [p["field"] for p in outcome["problems"]]


def inline(document: str, value: str) -> str:
    """``document`` with ``value`` written into it at ``$LITERAL``, as a GraphQL string
    literal (JSON's escapes are GraphQL's)."""
    return document.replace("$LITERAL", json.dumps(value, ensure_ascii=False))


def last_seq(store: GraphStore) -> int:
    seq = 0
    while page := store.audit_log(limit=1000, after=seq):
        seq = page[-1].seq or seq
    return seq


# -- operations ------------------------------------------------------------------------------

NODE_FIELDS = "id name aliases description url properties place { id }"
UPSERT_NODES = f"""mutation($nodes: [NodeInput!]!) {{ upsertNodes(nodes: $nodes) {{
  __typename ... on UpsertNodesSuccess {{ nodes {{ {NODE_FIELDS} }} }}
  ... on InvalidInput {{ problems {{ field value message where }} }} }} }}"""
NODE = f"""query($id: ID!) {{ node(id: $id) {{ {NODE_FIELDS}
  relationships {{ type sourceId targetId role properties }} }} }}"""
UPSERT_RELATIONSHIPS = """mutation($rels: [RelationshipInput!]!) {
  upsertRelationships(relationships: $rels) {
    __typename ... on UpsertRelationshipsSuccess { relationships { sourceId targetId role
                                                                   properties } }
    ... on InvalidInput { problems { field value message where } } } }"""
DELETE_NODES = """mutation($ids: [ID!]!) { deleteNodes(ids: $ids) {
  __typename ... on DeleteNodesSuccess { deleted relationshipsDeleted }
  ... on NotFound { missing } } }"""
DELETE_RELATIONSHIPS = """mutation($keys: [RelationshipKeyInput!]!) {
  deleteRelationships(keys: $keys) { __typename ... on NotFound { missing } } }"""
MERGE = """mutation($keep: ID!, $others: [ID!]!, $reason: String! = "") {
  mergeNodes(keep: $keep, others: $others, reason: $reason) {
    __typename ... on MergeNodesSuccess { kept { id aliases } merged }
    ... on NotFound { missing } ... on InvalidInput { problems { field value } } } }"""
INTRODUCE = """mutation($a: ID!, $b: ID!, $by: ID, $note: String! = "") {
  recordIntroduction(a: $a, b: $b, by: $by, note: $note) {
    __typename ... on RecordIntroductionSuccess { introduction { a { id } b { id } note } }
    ... on NotFound { missing } ... on InvalidInput { problems { field value } } } }"""
FORGET = """mutation($id: ID!, $reason: String! = "") { forgetPerson(id: $id, reason: $reason) {
  __typename ... on NotFound { missing } ... on InvalidInput { problems { field value } } } }"""
RESTRICT = """mutation($reason: String!) { restrictExpiredConsent(reason: $reason) {
  __typename ... on RestrictExpiredConsentSuccess { restricted } } }"""
AUDIT = """query($after: Int!) { auditLog(first: 1000, after: $after) {
  ... on AuditLog { entries { action actor reason targets } } } }"""
INTRODUCTIONS_MADE = "{ introductionsMade(first: 1000) { a { id } b { id } note } }"
FIND = """query($text: String, $first: Int! = 1000, $after: String) {
  nodes(text: $text, first: $first, after: $after) {
    nodes { id } pageInfo { hasNextPage endCursor } } }"""
LOAD_FILE = """mutation($file: Upload!, $format: UploadFormat, $dryRun: Boolean! = false) {
  loadFile(file: $file, format: $format, dryRun: $dryRun) {
    __typename ... on LoadFileSuccess { file nodes }
    ... on InvalidInput { problems { field value message where } } } }"""


# -- (a) data round-trips byte for byte ------------------------------------------------------


def test_hostile_node_and_relationship_data_round_trips(api: Api, network: GraphStore) -> None:
    before = contents(network)
    for label, value in HOSTILE.items():
        node_id = value if valid_id(value) else f"hostile-{label}"
        url = f"https://example.org/?q={value[:200]}&end"
        properties = {"note": value, "tags": [value, None, 1]}
        item = {
            "id": node_id,
            "kind": "PERSON",
            "name": value,
            "aliases": [value],
            "description": value,
            "url": url,
            "visibility": "PUBLIC",
            "place": "dorset",
            "properties": properties,
        }
        expected = {
            "id": node_id,
            "name": value,
            "aliases": [value],
            "description": value,
            "url": url,
            "properties": properties,
            "place": {"id": "dorset"},
        }
        upserted = result(api, UPSERT_NODES, {"nodes": [item]})
        assert upserted == {"__typename": "UpsertNodesSuccess", "nodes": [expected]}, label

        tie = {
            "source": node_id,
            "type": "KNOWS",
            "target": "ada",
            "role": value,
            "properties": {"note": value},
        }
        linked = result(api, UPSERT_RELATIONSHIPS, {"rels": [tie]})
        assert linked["__typename"] == "UpsertRelationshipsSuccess", (label, linked)
        [stored_tie] = linked["relationships"]
        assert (stored_tie["role"], stored_tie["properties"]) == (value, {"note": value}), label

        read = result(api, NODE, {"id": node_id})
        assert read == {
            **expected,
            "relationships": [
                {
                    "type": "KNOWS",
                    "sourceId": min(node_id, "ada"),
                    "targetId": max(node_id, "ada"),
                    "role": value,
                    "properties": {"note": value},
                }
            ],
        }, label
        found = result(api, FIND, {"text": value})
        assert node_id in [n["id"] for n in found["nodes"]], label

        deleted = result(api, DELETE_NODES, {"ids": [node_id]})
        assert deleted == {
            "__typename": "DeleteNodesSuccess",
            "deleted": [node_id],
            "relationshipsDeleted": 1,
        }, label
    assert contents(network) == before


def test_hostile_reasons_notes_and_names_in_records_round_trip(
    api: Api, network: GraphStore
) -> None:
    before = contents(network)
    seq = last_seq(network)
    for i, (label, value) in enumerate(HOSTILE.items()):
        keep, other = f"rec-{i}-a", f"rec-{i}-b"
        other_name = f"{value[:200]} (dup)"
        people = [
            {"id": keep, "kind": "PERSON", "name": value},
            {"id": other, "kind": "PERSON", "name": other_name},
        ]
        assert result(api, UPSERT_NODES, {"nodes": people})["__typename"] == "UpsertNodesSuccess"

        merged = result(api, MERGE, {"keep": keep, "others": [other], "reason": value})
        assert merged == {
            "__typename": "MergeNodesSuccess",
            "kept": {"id": keep, "aliases": [other_name]},
            "merged": [other],
        }, label

        made = result(api, INTRODUCE, {"a": keep, "b": "ada", "by": "bob", "note": value})
        assert made["__typename"] == "RecordIntroductionSuccess", (label, made)
        assert made["introduction"]["note"] == value, label
        listed = result(api, INTRODUCTIONS_MADE)
        assert {"a": {"id": "ada"}, "b": {"id": keep}, "note": value} in listed, label

        assert result(api, FORGET, {"id": keep, "reason": value}) == {
            "__typename": "ForgetPersonSuccess"
        }, label
        restricted = result(api, RESTRICT, {"reason": value})
        assert restricted["__typename"] == "RestrictExpiredConsentSuccess", label

        entries = result(api, AUDIT, {"after": seq})["entries"]
        seq += len(entries)
        reasons = {e["action"]: e["reason"] for e in entries}
        assert reasons == {"UPSERT": "", "MERGE": value, "INTRODUCE": value, "ERASE": value}, (
            label,
            reasons,
        )
        assert {e["actor"] for e in entries} == {"key:steward-key"}, label
    assert contents(network) == before


def test_uploaded_files_with_hostile_names_and_content(api: Api, network: GraphStore) -> None:
    before = contents(network)
    graph = {
        "nodes": [
            {
                "id": value if valid_id(value) else f"up-{label}",
                "kind": "Person",
                "name": value,
                "description": value,
            }
            for label, value in HOSTILE.items()
        ],
        "edges": [],
    }
    loaded = checked(upload(api, f"../../{HOSTILE['sql-drop']}.json", json.dumps(graph)))
    outcome = loaded["data"]["loadFile"]
    assert outcome["__typename"] == "LoadFileSuccess", outcome
    assert "/" not in outcome["file"] and outcome["nodes"] == {"Person": len(HOSTILE)}
    uploaded = {n["id"]: n for n in graph["nodes"]}
    stored = network.get_nodes(list(uploaded))
    assert {
        n.id: {"id": n.id, "kind": n.kind.value, "name": n.name, "description": n.description}
        for n in stored
    } == uploaded
    after = contents(network)
    assert {k: v for k, v in after.nodes.items() if k not in uploaded} == before.nodes
    assert after.relationships == before.relationships

    for label, value in HOSTILE.items():
        bad = {
            "nodes": [
                {"id": "k1", "kind": value, "name": "K"},
                {"id": "k2", "kind": "Person", "name": "K"},
            ],
            "edges": [{"source": "k1", "type": value, "target": "k2"}],
        }
        refused = checked(upload(api, "bad.json", json.dumps(bad)))
        fields = problem_fields(refused["data"]["loadFile"])
        assert {"kind", "type"} <= set(fields), (label, fields)
        assert contents(network) == after, label
        # A hostile file name is only a name: made safe, never a path, never in a message.
        named = checked(upload(api, f"{value[:60]}.json", json.dumps(graph), dryRun=True))
        outcome = named["data"]["loadFile"]
        if outcome["__typename"] == "LoadFileSuccess":
            assert re.fullmatch(r"[A-Za-z0-9._ -]+", outcome["file"]), (label, outcome)
        else:  # the name kept no suffix to tell the format by
            assert problem_fields(outcome) == ["format"], (label, outcome)
        assert contents(network) == after, label
        errors = request_errors_of(upload(api, "g.json", json.dumps(bad), format=value))
        assert any("'UploadFormat'" in m for m in errors), (label, errors)


def upload(api: Api, name: str, content: str, **variables: Any) -> httpx.Response:
    """A GraphQL multipart request carrying one file as ``$file``."""
    operations = {"query": LOAD_FILE, "variables": {"file": None, **variables}}
    response: httpx.Response = api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content.encode(), "application/octet-stream")},
        headers={"Authorization": f"Bearer {api.keys.of(Role.STEWARD)}"},
    )
    return response


def request_errors_of(response: httpx.Response) -> list[str]:
    answer = checked(response)
    assert answer.get("data") is None, answer
    return [e["message"] for e in answer["errors"]]


# -- (b) vocabulary and ids refuse hostile words, naming the field ---------------------------

ENUM_ARGUMENTS: list[tuple[str, str, bool]] = [
    # (enum, operation taking it as $v, whether $v is a list)
    ("NodeKind", "query($v: [NodeKind!]) { nodes(kind: $v) { nodes { id } } }", True),
    ("Scale", "query($v: [Scale!]) { nodes(scale: $v) { nodes { id } } }", True),
    ("RelType", 'query($v: [RelType!]) { node(id: "ada") { neighbours(types: $v) { id } } }', True),
    (
        "NodeKind",
        'query($v: [NodeKind!]) { node(id: "ada") { neighbours(kinds: $v) { id } } }',
        True,
    ),
    (
        "RelType",
        'query($v: [RelType!]) { node(id: "ada") { relationships(types: $v) { role } } }',
        True,
    ),
    (
        "RelType",
        'query($v: [RelType!]) { neighbourhood(id: "ada", types: $v) { truncated } }',
        True,
    ),
    (
        "NodeKind",
        'query($v: [NodeKind!]) { neighbourhood(id: "ada", kinds: $v) { truncated } }',
        True,
    ),
    ("NodeKind", "query($v: NodeKind) { brokers(kind: $v) { __typename } }", False),
    ("BrokerGrouping", "query($v: BrokerGrouping!) { brokers(groupBy: $v) { __typename } }", False),
    (
        "CommunityMethod",
        "query($v: CommunityMethod!) { communities(method: $v) { __typename } }",
        False,
    ),
    (
        "Projection",
        'query($v: Projection!) { connections(from: "ada", to: "bob", '
        "projection: $v) { __typename } }",
        False,
    ),
    (
        "RelType",
        'query($v: [RelType!]) { connections(from: "ada", to: "bob", viaTypes: $v) '
        "{ __typename } }",
        True,
    ),
    (
        "NodeKind",
        'query($v: [NodeKind!]) { connections(from: "ada", to: "bob", viaKinds: $v) '
        "{ __typename } }",
        True,
    ),
    (
        "IntroductionMethod",
        'query($v: IntroductionMethod!) { introductions(for: "ada", method: $v) { __typename } }',
        False,
    ),
    (
        "NodeKind",
        'mutation($v: NodeKind!) { upsertNodes(nodes: [{id: "x", kind: $v, name: "X"}]) '
        "{ __typename } }",
        False,
    ),
    (
        "Scale",
        'mutation($v: Scale) { upsertNodes(nodes: [{id: "x", kind: PERSON, name: "X", '
        "scale: $v}]) { __typename } }",
        False,
    ),
    (
        "Visibility",
        'mutation($v: Visibility) { upsertNodes(nodes: [{id: "x", kind: PERSON, '
        'name: "X", visibility: $v}]) { __typename } }',
        False,
    ),
    (
        "RelType",
        'mutation($v: RelType!) { upsertRelationships(relationships: [{source: "ada", '
        'type: $v, target: "bob"}]) { __typename } }',
        False,
    ),
    (
        "RelType",
        'mutation($v: RelType!) { deleteRelationships(keys: [{source: "ada", type: $v, '
        'target: "bob"}]) { __typename } }',
        False,
    ),
]


def test_enum_arguments_refuse_hostile_words_naming_the_enum(api: Api, network: GraphStore) -> None:
    before, seq = contents(network), last_seq(network)
    for label, value in HOSTILE.items():
        for enum, operation, is_list in ENUM_ARGUMENTS:
            errors = request_errors(api, operation, {"v": [value] if is_list else value})
            assert any("$v" in m and f"'{enum}'" in m for m in errors), (label, enum, errors)
        # The same words written into the document itself.
        for operation in (
            "{ nodes(kind: [$LITERAL]) { nodes { id } } }",
            '{ node(id: "ada") { neighbours(types: [$LITERAL]) { id } } }',
            'mutation { upsertNodes(nodes: [{id: "x", kind: $LITERAL, name: "X"}]) '
            "{ __typename } }",
        ):
            errors = request_errors(api, inline(operation, value))
            assert any("enum" in m for m in errors), (label, errors)
    assert contents(network) == before
    assert network.audit_log(after=seq) == []


DATE_ARGUMENTS = [
    "query($v: Date) { brokers(asOf: $v) { __typename } }",
    "query($v: Date) { communities(asOf: $v) { __typename } }",
    "query($v: Date) { sweetSpots(asOf: $v) { __typename } }",
    'query($v: Date) { connections(from: "ada", to: "bob", asOf: $v) { __typename } }',
    'query($v: Date) { sharedContext(a: "ada", b: "bob", asOf: $v) { __typename } }',
    'query($v: Date) { introductions(for: "ada", asOf: $v) { __typename } }',
    "query($v: Date) { introductionWorklist(asOf: $v) { __typename } }",
    "query($v: Date!) { changes(since: $v) { __typename } }",
    'query($v: Date) { changes(since: "2020-01-01", until: $v) { __typename } }',
    "query($v: Date) { indicators(from: $v) { __typename } }",
    "query($v: Date) { indicators(to: $v) { __typename } }",
    'mutation($v: Date) { recordIntroduction(a: "ada", b: "bob", madeOn: $v) { __typename } }',
]


def test_date_arguments_refuse_hostile_text(api: Api, network: GraphStore) -> None:
    before, introductions = contents(network), network.introductions()
    for label, value in HOSTILE.items():
        for operation in DATE_ARGUMENTS:
            errors = request_errors(api, operation, {"v": value})
            assert any("$v" in m and "Date" in m for m in errors), (label, operation, errors)
        errors = request_errors(api, inline("{ brokers(asOf: $LITERAL) { __typename } }", value))
        assert any("Date" in m for m in errors), (label, errors)
    assert contents(network) == before
    assert network.introductions() == introductions


def test_hostile_values_in_id_and_format_fields_are_typed_refusals(
    api: Api, network: GraphStore
) -> None:
    before, seq = contents(network), last_seq(network)
    for label, value in HOSTILE.items():
        person = {"id": "x", "kind": "PERSON", "name": "X"}
        attempts: list[tuple[str, dict[str, Any]]] = [
            ("place", {**person, "place": value}),
            ("url", {**person, "url": value}),
        ]
        if not valid_id(value):
            attempts.append(("id", {**person, "id": value}))
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", value):
            attempts.append(("properties", {**person, "properties": {value: 1}}))
        attempts.append(("properties", {**person, "properties": value}))
        for field, item in attempts:
            outcome = result(api, UPSERT_NODES, {"nodes": [item]})
            assert field in problem_fields(outcome), (label, field, outcome)
            assert {p["where"] for p in outcome["problems"]} == {"nodes[0]"}, (label, outcome)

        tie = {"source": "ada", "type": "WORKS_FOR", "target": "nhse"}
        for field, rel in [
            ("source", {**tie, "source": value}),
            ("target", {**tie, "target": value}),
            ("since", {**tie, "since": value}),
            ("until", {**tie, "until": value}),
        ]:
            outcome = result(api, UPSERT_RELATIONSHIPS, {"rels": [rel]})
            assert field in problem_fields(outcome), (label, field, outcome)

        # Ids that name nothing are NotFound, echoed back exactly as sent.
        missing = result(api, DELETE_NODES, {"ids": [value]})
        assert missing == {"__typename": "NotFound", "missing": [value]}, label
        key = {"source": value, "type": "KNOWS", "target": "ada"}
        assert result(api, DELETE_RELATIONSHIPS, {"keys": [key]})["__typename"] == "NotFound"
        for outcome in (
            result(api, MERGE, {"keep": value, "others": ["ada"], "reason": value}),
            result(api, MERGE, {"keep": "ada", "others": [value], "reason": value}),
            result(api, INTRODUCE, {"a": value, "b": "ada", "note": value}),
            result(api, INTRODUCE, {"a": "ada", "b": "bob", "by": value, "note": value}),
            result(api, FORGET, {"id": value, "reason": value}),
        ):
            assert outcome == {"__typename": "NotFound", "missing": [value]}, (label, outcome)
    assert contents(network) == before
    assert network.audit_log(after=seq) == []


# -- (c) hostile ids in queries find nothing -------------------------------------------------

LOOKUPS = [
    "query($v: ID!) { node(id: $v) { id } }",
    "query($v: ID!) { neighbourhood(id: $v) { truncated } }",
    'query($v: ID!) { connections(from: $v, to: "ada") { __typename } }',
    'query($v: ID!) { connections(from: "ada", to: $v) { __typename } }',
    'query($v: ID!) { sharedContext(a: $v, b: "ada") { __typename } }',
    "query($v: ID!) { introductions(for: $v) { __typename } }",
    "query($v: ID!) { subjectAccess(id: $v) { __typename } }",
]


def test_hostile_ids_in_queries_find_nothing(api: Api, network: GraphStore) -> None:
    before = contents(network)
    for label, value in HOSTILE.items():
        for operation in LOOKUPS:
            outcome = result(api, operation, {"v": value})
            assert outcome is None or outcome["__typename"] == "NotFound", (label, outcome)
        assert result(api, inline("{ node(id: $LITERAL) { id } }", value)) is None, label
    assert contents(network) == before


# -- (d) text search is literal --------------------------------------------------------------


def _seed(store: GraphStore) -> Contents:
    store.upsert_nodes(
        [
            Node(
                id=f"h{i:02d}",
                kind=NodeKind.ORGANISATION,
                name=value,
                aliases=(f"aka {value[:200]}",),
            )
            for i, value in enumerate(HOSTILE.values())
        ]
    )
    return contents(store)


def _literal(seeded: Contents, text: str) -> set[str]:
    folded = text.casefold()
    return {
        n.id
        for n in seeded.nodes.values()
        if any(folded in t.casefold() for t in (n.name, *n.aliases))
    }


def test_search_text_through_graphql_is_a_literal_substring(api: Api, network: GraphStore) -> None:
    seeded = _seed(network)
    for label, value in HOSTILE.items():
        found = [n["id"] for n in result(api, FIND, {"text": value})["nodes"]]
        assert sorted(found) == sorted(_literal(seeded, value)), label
    for wildcard in ("%", "_", "*", ".*", "?", "[", "%%"):
        found = [n["id"] for n in result(api, FIND, {"text": wildcard})["nodes"]]
        assert sorted(found) == sorted(_literal(seeded, wildcard)), wildcard
        assert "ada" not in found and len(found) < len(seeded.nodes), wildcard
    assert contents(network) == seeded


def test_pages_of_hostile_names_follow_their_cursors(api: Api, network: GraphStore) -> None:
    seeded = _seed(network)
    ids: list[str] = []
    after: str | None = None
    while True:
        page = result(api, FIND, {"first": 3, "after": after})
        ids += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(ids) == sorted(seeded.nodes)


# -- cursors ---------------------------------------------------------------------------------


def test_forged_cursors_are_bad_user_input_naming_after(api: Api, network: GraphStore) -> None:
    before = contents(network)
    for label, value in HOSTILE.items():
        answer = checked(api.post(FIND, {"after": value}))
        assert answer["data"] is None, label
        [error] = answer["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (label, error)
        assert error["extensions"]["problems"] == [
            {"field": "after", "value": value, "message": "is not a cursor this store issued"}
        ], label
        # A cursor in the right shape is only a position, whatever text it carries.
        for payload in ([value, value], [value.casefold(), ""]):
            forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
            page = result(api, FIND, {"after": forged})
            assert {n["id"] for n in page["nodes"]} <= set(before.nodes), label
    assert contents(network) == before


def test_a_deeply_nested_cursor_is_bad_user_input(api: Api) -> None:
    forged = base64.urlsafe_b64encode(b"[" * 50_000).decode()
    answer = checked(api.post(FIND, {"after": forged}))
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
