"""GraphQL over HTTP: methods, media types, status codes; and the HTTP service around it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import structlog
from graphql_api import Api, Keys, make_api
from starlette.websockets import WebSocketDisconnect

from api.access import Role
from graph.store import GraphStore

GRAPHQL_RESPONSE = "application/graphql-response+json"


def _auth(keys: Keys, role: Role = Role.STEWARD) -> dict[str, str]:
    return {"Authorization": f"Bearer {keys.of(role)}"}


def test_get_runs_queries(api: Api, keys: Keys) -> None:
    response = api.client.get(
        "/graphql",
        params={"query": "query($id: ID!) { node(id: $id) { name } }",
                "variables": json.dumps({"id": "ada"})},
        headers=_auth(keys),
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"data": {"node": {"name": "Ada Lovelace"}}}


def test_get_refuses_mutations_with_405(api: Api, keys: Keys, network: GraphStore) -> None:
    version = network.version()
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = api.client.get(
            "/graphql",
            params={"query": 'mutation { deleteNodes(ids: ["ada"]) { __typename } }'},
            headers={**_auth(keys), "Accept": accept},
        )
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.headers["content-type"].startswith(accept)
        assert "mutations" in response.json()["errors"][0]["message"]
    assert network.version() == version


def test_other_methods_and_websockets_are_refused(api: Api, keys: Keys) -> None:
    response = api.client.put("/graphql", json={"query": "{ me { role } }"}, headers=_auth(keys))
    assert response.status_code == 405
    with (
        pytest.raises(WebSocketDisconnect),
        api.client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]),
    ):
        pass


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"application/json;q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.2, application/json", "application/json"),
        (f"{GRAPHQL_RESPONSE}, application/json", GRAPHQL_RESPONSE),
        (f"text/html, {GRAPHQL_RESPONSE};q=0", None),
        ("text/plain", None),
    ],
)
def test_content_negotiation(
    api: Api, keys: Keys, accept: str | None, media_type: str | None
) -> None:
    headers = _auth(keys)
    if accept is not None:
        headers["Accept"] = accept
    response = api.post("{ me { role } }", role=None, headers=headers)
    if media_type is None:
        assert response.status_code == 406
        assert "Accept" in response.json()["errors"][0]["message"]
        return
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert response.json() == {"data": {"me": {"role": "STEWARD"}}}


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("{ me { role }", "Syntax Error"),
        ("{ me { nope } }", "Cannot query field 'nope'"),
        ("query($id: ID!) { node(id: $id) { id } }", "Variable '$id'"),
    ],
)
def test_request_errors_have_no_data_and_status_by_media_type(
    api: Api, keys: Keys, query: str, fragment: str
) -> None:
    legacy = api.post(query, headers={"Accept": "application/json"})
    assert legacy.status_code == 200
    assert "data" not in legacy.json()
    assert fragment in legacy.json()["errors"][0]["message"]
    modern = api.post(query, headers={"Accept": GRAPHQL_RESPONSE})
    assert modern.status_code == 400
    assert modern.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert "data" not in modern.json()
    assert fragment in modern.json()["errors"][0]["message"]


def test_field_errors_keep_data_and_200(api: Api) -> None:
    response = api.post(
        '{ me { role } node(id: "ada") { neighbours(first: 0) { id } } }',
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["data"] == {"me": {"role": "STEWARD"}, "node": None}
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b'{"query": "{ me', "application/json", "Unable to parse request body as JSON"),
        (b'{"variables": {}}', "application/json", "No GraphQL query found"),
        (b'{"query": 5}', "application/json", "must be a string"),
        (b'{"query": "{ me { role } }", "variables": [1]}', "application/json", "variables"),
        (b'[{"query": "{ me { role } }"}]', "application/json", "Batching is not enabled"),
        (b"{ me { role } }", "text/plain", "Unsupported content type"),
    ],
)
def test_malformed_requests_are_400(
    api: Api, keys: Keys, body: bytes, content_type: str, message: str
) -> None:
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = api.client.post(
            "/graphql",
            content=body,
            headers={**_auth(keys), "Content-Type": content_type, "Accept": accept},
        )
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(accept)
        answer = response.json()
        assert "data" not in answer
        assert message in answer["errors"][0]["message"]


def test_graphiql_is_served_to_browsers_without_a_key(api: Api) -> None:
    response = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
    assert response.headers["content-type"].startswith("text/html")


def test_graphiql_can_be_turned_off(network: GraphStore, keys: Keys) -> None:
    client, _ = make_api(network, keys, graphiql=False)
    with client:
        response = client.get("/graphql", headers={"Accept": "text/html"})
        assert response.status_code == 404


def test_request_ids_are_returned_and_kept_when_sane(api: Api) -> None:
    made = api.post("{ me { role } }").headers["x-request-id"]
    assert len(made) == 32
    kept = api.post("{ me { role } }", headers={"X-Request-ID": "trace-42"})
    assert kept.headers["x-request-id"] == "trace-42"
    odd = api.post("{ me { role } }", headers={"X-Request-ID": "bad id\twith spaces"})
    assert odd.headers["x-request-id"] != "bad id\twith spaces"


def test_each_request_is_logged_once_with_its_facts(api: Api) -> None:
    with structlog.testing.capture_logs() as logs:
        response = api.client.get("/healthz?secret=in-the-query")
    [line] = [e for e in logs if e["event"] == "request"]
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "in-the-query" not in repr(logs)
    assert response.headers["x-request-id"]


def test_openapi_describes_the_operational_endpoints_only(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/readyz", "/stats"} <= set(paths)
    assert "/graphql" not in paths


def test_cors_is_closed_by_default(api: Api) -> None:
    preflight = api.client.options("/graphql", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
    })
    assert "access-control-allow-origin" not in preflight.headers
    plain = api.client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers


def test_cors_allows_configured_origins(network: GraphStore, keys: Keys) -> None:
    client, _ = make_api(network, keys, cors_origins=["https://pages.example"])
    with client:
        allowed = client.options("/graphql", headers={
            "Origin": "https://pages.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        })
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://pages.example"
        other = client.options("/graphql", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        })
        assert "access-control-allow-origin" not in other.headers


@pytest.fixture
def small_body_api(network: GraphStore, keys: Keys) -> Iterator[Api]:
    client, api = make_api(network, keys, max_body_bytes=2048)
    with client:
        yield api


def test_bodies_over_the_limit_are_413(small_body_api: Api, keys: Keys) -> None:
    api = small_body_api
    padding = " " * 3000
    declared = api.post("{ me { role } }" + padding)
    assert declared.status_code == 413
    assert "larger than 2048 bytes" in declared.json()["errors"][0]["message"]

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ me { role } }'
        for _ in range(10):
            yield b" " * 500
        yield b'"}'

    streamed = api.client.post(
        "/graphql", content=chunks(),
        headers={**_auth(keys), "Content-Type": "application/json"},
    )
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413
    assert api.post("{ me { role } }" + " " * 1000).status_code == 200
