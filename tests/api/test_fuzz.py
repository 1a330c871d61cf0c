"""The HTTP API fuzzed with schemathesis, from its own descriptions of itself.

GraphQL: every query and every mutation of the live schema (read by introspection), generated
by schemathesis and sent to the ASGI app in process, by each kind of caller: an anonymous
viewer on loopback, and a viewer's, a member's and a steward's key. Whatever the request:

- the answer is never a 5xx, and is GraphQL-over-HTTP JSON, an object with ``data`` or
  ``errors``, that keeps the schema's promises (schemathesis's response conformance);
- no error is an internal one (a bug, however well it is masked);
- nothing internal leaks: no traceback, no driver or query language, no path on this machine;
- nothing beyond the caller's clearance comes back: no id or name of a node it may not see,
  but for an error echoing what the request itself said;
- a mutation by anyone but a steward changes nothing in the store.

The operational endpoints and the pages, from ``/openapi.json``, with valid and with invalid
parameters: no 5xx, answers whose content type, headers and bodies keep to the description,
a 4xx that says what was wrong, and no page showing a name beyond the caller's clearance. The
pages' forms, left out of the description, get random values too.

Every run is the same run: Hypothesis is derandomized and keeps no example database, and the
examples per operation are bounded so that the file takes well under a minute on two cores.
Half of the generated strings are the network's ids and names, so lookups find real nodes,
the hidden ones included.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import unquote

import graphql
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from graphql_api import Api, Keys, make_api, settings_for
from hypothesis import example, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, Case, GenerationMode, Response
from schemathesis.checks import (
    CheckFunction,
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.graphql import nodes

from api.access import Role
from api.app import create_app
from graph.analysis.history import quarter_ends
from graph.store import GraphStore
from graph.vocabulary import Visibility
from viz.assets import STATIC_FILES

Operation: TypeAlias = APIOperation[Any, Any, Any, Any]
AnyCase: TypeAlias = Case[Any]

REPO = Path(__file__).resolve().parents[2]

CLEARANCE = {
    "anonymous": Visibility.PUBLIC,
    "viewer": Visibility.PUBLIC,
    "member": Visibility.INTERNAL,
    "steward": Visibility.RESTRICTED,
}
"""Each caller, and what it may see. ``anonymous`` sends no key: the app is bound to loopback,
so it is served as a viewer. Only a steward may change the graph."""

GRAPHQL_EXAMPLES = 10
"""Generated examples per GraphQL operation (19 queries, 9 mutations) and caller."""
OPENAPI_EXAMPLES = 20
"""Generated examples per OpenAPI operation, caller and mode."""
FORM_EXAMPLES = 40

LEAKS = ("Traceback", 'File "', "sqlite3", "Cypher", "neo4j.")
"""Text no answer may carry: tracebacks, and the stores' drivers and query languages."""
INTERNAL = "INTERNAL_SERVER_ERROR"
GRAPHQL_MEDIA_TYPES = ("application/json", "application/graphql-response+json")
ECHO_KEYS = frozenset({"message", "field", "value", "where", "missing"})
"""Where an answer may repeat what the request said: errors, problems, ids not found."""

# -- running schemathesis -------------------------------------------------------------------


def fuzz_settings(max_examples: int) -> settings:
    # No health check is suppressed: none fails (a case takes ~20 ms to generate at most).
    return settings(max_examples=max_examples, deadline=None, derandomize=True, database=None)


def fuzz(
    operation: Operation,
    mode: GenerationMode,
    examples: int,
    check: Callable[[AnyCase], None],
    explicit: Sequence[AnyCase] = (),
) -> None:
    """Run ``check`` on the ``explicit`` cases, then on up to ``examples`` cases schemathesis
    generates for ``operation``."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @fuzz_settings(examples)
    def run(case: AnyCase) -> None:
        check(case)

    for case in explicit:
        run = example(case=case)(run)
    try:
        run()
    except BaseException as exc:
        exc.add_note(f"while fuzzing {operation.label} ({mode.value})")
        raise


def operations_of(schema: BaseSchema) -> list[Operation]:
    """Every operation of ``schema``; each must be one schemathesis can generate cases for."""
    found = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        found.append(result.ok())
    return found


def fuzz_config(store: GraphStore) -> SchemathesisConfig:
    """Half of all generated strings are drawn from the network's ids and names."""
    return SchemathesisConfig.from_dict(
        {
            "dictionaries": {"network": {"values": [*words(store), *STATIC_FILES]}},
            "generation": {
                "dictionaries": {"string": {"dictionary": "network", "probability": 0.5}}
            },
        }
    )


def words(store: GraphStore) -> list[str]:
    """Every node's id and name, and each word of its name."""
    found: set[str] = set()
    for batch in store.iter_nodes():
        for each in batch:
            found |= {each.id, each.name, *each.name.split()}
    return sorted(found)


# -- the callers, and what must never reach them --------------------------------------------


@pytest.fixture
def app(network: GraphStore, keys: Keys) -> FastAPI:
    """The API over the test network, on loopback: anonymous callers are viewers."""
    return create_app(settings_for(keys, bind_host="127.0.0.1"), store=network)


def headers_of(caller: str, keys: Keys) -> dict[str, str]:
    if caller == "anonymous":
        return {}
    return {"Authorization": f"Bearer {keys.of(Role(caller))}"}


class Unseen:
    """The ids and names of the nodes a clearance may not see, read from the store."""

    def __init__(self, store: GraphStore, clearance: Visibility) -> None:
        self.ids: set[str] = set()
        self.names: set[str] = set()
        for batch in store.iter_nodes():
            for found in batch:
                if not clearance.allows(found.level):
                    self.ids.add(found.id)
                    self.names.add(found.name)

    def in_answer(self, answer: Any, sent: str) -> list[str]:
        """What ``answer`` (decoded JSON) shows of these nodes, but for an error or a problem
        echoing what ``sent`` (the request) named itself."""
        shown = []
        for key, text in _strings(answer, ""):
            echo = key in ECHO_KEYS
            if text in self.ids and not (echo and f'"{text}"' in sent):
                shown.append(f"{key}={text!r}")
            shown += [
                f"{key} has {name!r}"
                for name in self.names
                if name in text and not (echo and name in sent)
            ]
        return shown

    def in_page(self, text: str, sent: str) -> list[str]:
        """The names of these nodes in a page, but for any its URL ``sent`` named."""
        return [name for name in self.names if name in html.unescape(text) and name not in sent]


def _strings(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """Each string in ``value`` with the key it is under (a list's items: the list's)."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        yield key, value


def leaks(text: str, *places: Path) -> list[str]:
    found = [leak for leak in LEAKS if leak in text]
    return found + [str(place) for place in places if str(place) in text]


def store_state(store: GraphStore) -> tuple[object, ...]:
    """What a mutation changes: the counts, the write version, and the records."""
    return (
        store.counts().to_dict(),
        store.version(),
        len(store.introductions()),
        len(store.load_runs()),
    )


# -- GraphQL --------------------------------------------------------------------------------


def _json_values(depth: int = 2) -> st.SearchStrategy[graphql.ValueNode]:
    """JSON as GraphQL literals: scalars, and lists and objects of them ``depth`` deep."""
    scalars: st.SearchStrategy[graphql.ValueNode] = st.one_of(
        st.text().map(nodes.String),
        st.integers().map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        st.booleans().map(nodes.Boolean),
        st.just(nodes.Null),
    )
    if depth == 0:
        return scalars
    inner = _json_values(depth - 1)
    field = st.builds(
        lambda name, value: graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
        inner,
    )
    return st.one_of(
        scalars,
        st.lists(inner, max_size=4).map(nodes.List),
        st.lists(field, max_size=4, unique_by=lambda f: f.name.value).map(nodes.Object),
    )


# Schemathesis takes scalar strategies for the whole process; only this file generates GraphQL.
# It has none for JSON or Upload, and its dates almost never reach the calendar's ends.
EDGE_DAYS = [date.min, date(1, 12, 31), date(9999, 10, 1), date.max]
schemathesis.graphql.scalar(
    "Date", st.one_of(st.dates(), st.sampled_from(EDGE_DAYS)).map(date.isoformat).map(nodes.String)
)
schemathesis.graphql.scalar("JSON", _json_values())
# Files come only as multipart parts; a literal in the document must still be refused cleanly.
schemathesis.graphql.scalar("Upload", st.one_of(st.just(nodes.Null), st.text().map(nodes.String)))

EFFECTIVE = {
    label: f"mutation {{ {call} {{ __typename }} }}"
    for label, call in {
        "Mutation.upsertNodes": 'upsertNodes(nodes: [{id: "zed", kind: PERSON, name: "Zed"}])',
        "Mutation.upsertRelationships": (
            "upsertRelationships(relationships: "
            '[{source: "bob", type: INTERESTED_IN, target: "mh"}])'
        ),
        "Mutation.deleteRelationships": (
            'deleteRelationships(keys: [{source: "ada", type: INTERESTED_IN, target: "mh"}])'
        ),
        "Mutation.recordIntroduction": 'recordIntroduction(a: "bob", b: "cas")',
        "Mutation.mergeNodes": 'mergeNodes(keep: "trust", others: ["nhse"])',
        "Mutation.deleteNodes": 'deleteNodes(ids: ["mh"])',
        "Mutation.forgetPerson": 'forgetPerson(id: "ada")',
    }.items()
}
"""A mutation of each kind that takes effect when a steward sends it (in this order, each
still does), sent first by every other caller. Generated mutations seldom would: one bad field
or unknown id, and nothing is written. (``loadFile`` needs a file, which a document cannot
carry, and ``restrictExpiredConsent`` a consent that has run out.)"""


def check_graphql_answer(case: AnyCase, response: Response, unseen: Unseen, *places: Path) -> None:
    assert response.status_code < 500, response.text
    media_type = response.headers.get("content-type", [""])[0].partition(";")[0]
    assert media_type in GRAPHQL_MEDIA_TYPES, media_type
    answer = response.json()
    assert isinstance(answer, dict) and ("data" in answer or "errors" in answer), answer
    case.validate_response(response, checks=[response_schema_conformance])
    codes = [(error.get("extensions") or {}).get("code") for error in answer.get("errors") or []]
    assert INTERNAL not in codes, response.text
    assert not leaks(response.text, *places), response.text
    shown = unseen.in_answer(answer, str(case.body))
    assert not shown, (shown, response.text)


@pytest.mark.parametrize("root", ["Query", "Mutation"])
@pytest.mark.parametrize("caller", list(CLEARANCE))
def test_graphql_fuzz(
    app: FastAPI, network: GraphStore, keys: Keys, caller: str, root: str, tmp_path: Path
) -> None:
    unseen = Unseen(network, CLEARANCE[caller])
    headers = headers_of(caller, keys)
    schema = schemathesis.graphql.from_asgi("/graphql", app, config=fuzz_config(network))
    operations = [op for op in operations_of(schema) if op.label.startswith(f"{root}.")]
    refused = root == "Mutation" and caller != "steward"
    tried: Counter[str] = Counter()

    def check(case: AnyCase) -> None:
        before = store_state(network) if refused else None
        response = case.call(headers=headers)
        tried[case.operation.label] += 1
        check_graphql_answer(case, response, unseen, REPO, tmp_path)
        if refused:
            assert store_state(network) == before, (case.body, response.text)

    for operation in operations:
        document = EFFECTIVE.get(operation.label) if refused else None
        explicit = [operation.Case(body=document)] if document else []
        fuzz(operation, GenerationMode.POSITIVE, GRAPHQL_EXAMPLES, check, explicit)
    assert operations and set(tried) == {op.label for op in operations}


def test_the_effective_mutations_change_the_store(network: GraphStore, keys: Keys) -> None:
    """Each of :data:`EFFECTIVE`, sent by a steward, does change the store."""
    client, api = make_api(network, keys)
    with client:
        for label, document in EFFECTIVE.items():
            before = store_state(network)
            answer = api.data(document)
            assert next(iter(answer.values()))["__typename"].endswith("Success"), (label, answer)
            assert store_state(network) != before, label


# -- the OpenAPI description: operations and pages ------------------------------------------

OPENAPI_CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
"""Schemathesis's checks of an answer against the description."""


def openapi_checks(operation: Operation, mode: GenerationMode) -> list[CheckFunction]:
    checks = list(OPENAPI_CHECKS)
    if mode is GenerationMode.NEGATIVE:
        checks.append(negative_data_rejection)
    return checks


def check_clear_refusal(content_type: str, text: str) -> None:
    """A 4xx says what was wrong: FastAPI's ``detail``, or an error page listing problems."""
    media_type = content_type.partition(";")[0]
    if media_type == "application/json":
        detail = json.loads(text)["detail"]
        assert detail and all(item["msg"] and item["loc"] for item in detail), detail
    elif media_type == "text/html":
        assert re.search(r"<h1>[^<]+</h1>", text), text
        assert re.search(r"<li>\s*\S[^<]*</li>", text), text
    else:
        assert media_type == "text/plain" and text.strip(), text


@pytest.mark.parametrize(
    ("caller", "mode"),
    [
        ("anonymous", GenerationMode.POSITIVE),
        ("member", GenerationMode.POSITIVE),
        ("steward", GenerationMode.POSITIVE),
        ("anonymous", GenerationMode.NEGATIVE),
    ],
)
def test_openapi_fuzz(
    app: FastAPI,
    network: GraphStore,
    keys: Keys,
    caller: str,
    mode: GenerationMode,
    tmp_path: Path,
) -> None:
    unseen = Unseen(network, CLEARANCE[caller])
    headers = headers_of(caller, keys)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=fuzz_config(network))
    operations = operations_of(schema)
    if mode is GenerationMode.NEGATIVE:
        # Only query parameters can be made wrong: a path parameter that is any string (a node's
        # id, a file's name) takes whatever is put in the URL, so it has no negative example.
        operations = [op for op in operations if len(op.query)]
    tried: Counter[str] = Counter()

    def check(case: AnyCase) -> None:
        response = case.call(headers=headers)
        tried[case.operation.label] += 1
        checks = openapi_checks(case.operation, mode)
        case.validate_response(response, checks=checks, headers=headers)
        assert not leaks(response.text, REPO, tmp_path), response.text
        sent = unquote(case.formatted_path) + json.dumps(case.query, ensure_ascii=False)
        assert not unseen.in_page(response.text, sent), (sent, response.text)
        if 400 <= response.status_code < 500:
            check_clear_refusal(response.headers.get("content-type", [""])[0], response.text)

    for operation in operations:
        fuzz(operation, mode, OPENAPI_EXAMPLES, check)
    assert operations and set(tried) == {op.label for op in operations}


FORMS = {
    "/viz/focus": ("id", "hops"),
    "/viz/community": ("n",),
    "/viz/introductions": ("person",),
}
"""The pages' forms, and their fields: left out of the description, each redirects to a page."""


@pytest.mark.parametrize("path", sorted(FORMS))
def test_page_forms_fuzz(app: FastAPI, network: GraphStore, path: str) -> None:
    values = st.one_of(st.text(), st.integers().map(str), st.sampled_from(words(network)))
    fields = st.fixed_dictionaries({}, optional=dict.fromkeys(FORMS[path], values))

    with TestClient(app) as client:

        @given(query=fields)
        @fuzz_settings(FORM_EXAMPLES)
        def run(query: dict[str, str]) -> None:
            response = client.get(path, params=query)
            assert response.status_code < 500, (query, response.text)
            assert not leaks(response.text, REPO), response.text
            if response.status_code >= 400:
                check_clear_refusal(response.headers.get("content-type", ""), response.text)

        run()


# -- what the fuzzing found -----------------------------------------------------------------

INDICATORS = """query($from: Date, $to: Date) { indicators(from: $from, to: $to) {
    __typename ... on Indicators { periods { period } }
    ... on InvalidInput { problems { field value message } } } }"""


def test_indicators_at_the_ends_of_the_calendar(api: Api) -> None:
    """Once internal errors: 9999's last quarter was reckoned to end after the last day there
    is, and a year before 0001-01-01 (the start when no visible tie has a date) is no day."""
    for variables in ({"from": "9999-01-01", "to": "9999-12-31"},
                      {"from": "9999-10-01", "to": "9999-10-01"}):
        answer = api.data(INDICATORS, variables)["indicators"]
        assert answer["periods"][-1] == {"period": "9999Q4"}
    answer = api.data(INDICATORS, {"to": "0001-01-01"}, role=Role.VIEWER)["indicators"]
    assert answer["periods"] == [{"period": "1Q1"}]
    answer = api.data(INDICATORS, {"from": "0001-01-01", "to": "9999-09-30"})["indicators"]
    count = len(quarter_ends(date.min, date(9999, 9, 30)))
    assert answer["problems"][0]["message"] == f"asks for {count} quarters; at most 200 at once"


# -- what the fuzzing found in the pages -------------------------------------


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def test_history_page_at_the_end_of_the_calendar(client: TestClient) -> None:
    response = client.get("/viz/history", params={"from": "9999-10-01", "to": "9999-12-31"})
    assert response.status_code == 200, response.text
    assert "9999Q4" in response.text


def test_history_page_refuses_a_period_ending_before_it_starts(client: TestClient) -> None:
    response = client.get("/viz/history", params={"from": "2024-01-01", "to": "2023-06-30"})
    assert response.status_code == 400
    assert "is before from (2024-01-01)" in response.text


def test_history_page_refuses_more_quarters_than_graphql(client: TestClient) -> None:
    response = client.get("/viz/history", params={"from": "1900-01-01"})
    assert response.status_code == 400
    assert "at most 200 at once" in response.text


def test_openapi_describes_the_pages_answers(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/viz/focus/{node_id}", "/viz/paths", "/viz/community/{number}"):
        assert {"400", "404"} <= set(paths[path]["get"]["responses"]), path
    static = paths["/viz/static/{name}"]["get"]["responses"]
    assert "application/json" not in static["200"]["content"]
    assert "404" in static


# -- the checks themselves ------------------------------------------------------------------


def test_the_checks_can_fail(network: GraphStore) -> None:
    """The fuzz's own checks catch what they look for, so a green fuzz is not a vacuous one."""
    unseen = Unseen(network, Visibility.PUBLIC)
    assert unseen.ids == {"bob", "cas", "hidden"}
    named = '{ nodes(text: "Casey Townsend") { nodes { id name } } }'
    assert unseen.in_answer({"node": {"id": "cas"}}, '{ node(id: "cas") { id } }')
    assert unseen.in_answer({"nodes": {"nodes": [{"name": "Casey Townsend"}]}}, named)
    assert unseen.in_answer({"place": {"neighbours": ["hidden"]}}, "{ place { neighbours } }")
    assert not unseen.in_answer({"missing": ["cas"]}, '{ node(id: "cas") { missing } }')
    assert not unseen.in_answer({"message": "text=Casey Townsend: no"}, named)
    assert unseen.in_page("<p>Safe House</p>", "/viz/network")
    assert not unseen.in_page("<li>focus=Safe House: not found</li>", "/viz/focus/Safe House")
    assert leaks(f'File "{REPO}/api/app.py"', REPO) == ['File "', str(REPO)]
