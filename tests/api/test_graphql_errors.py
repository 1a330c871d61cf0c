"""Unexpected failures are masked and logged; a store that stops answering is a clear 503."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import structlog
from factories import small_network
from graphql_api import Api, Keys, make_api

from graph.store import GraphStore
from graph.store.sqlite import SQLiteStore

SECRET = "MATCH (n:Person) WHERE n.secret = 'x' RETURN n  -- at /srv/convene/graph/store.py:42"


def test_internal_errors_are_masked_with_the_request_id_and_logged(
    api: Api, network: GraphStore
) -> None:
    with (
        mock.patch.object(network, "neighbour_nodes", side_effect=RuntimeError(SECRET)),
        structlog.testing.capture_logs() as logs,
    ):
        response = api.post('{ me { role } node(id: "ada") { name neighbours { id } } }')
    request_id = response.headers["x-request-id"]
    assert response.status_code == 200
    answer = response.json()
    assert answer["data"] == {"me": {"role": "STEWARD"}, "node": None}
    [error] = answer["errors"]
    assert error["message"] == f"internal error (request id {request_id})"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert error["path"] == ["node", "neighbours"]
    assert "MATCH" not in response.text and "Traceback" not in response.text
    assert "store.py" not in response.text and "RuntimeError" not in response.text
    [logged] = [e for e in logs if e["event"] == "graphql internal error"]
    assert logged["request_id"] == request_id
    assert logged["log_level"] == "error"
    assert logged["error"] == "RuntimeError"
    assert logged["exc_info"][1].args == (SECRET,)


def test_internal_errors_in_mutations_are_masked(api: Api, network: GraphStore) -> None:
    with mock.patch.object(network, "upsert_nodes", side_effect=KeyError("nodes_pkey")):
        response = api.post('mutation { upsertNodes(nodes: [{id: "q", kind: PERSON, '
                            'name: "Q"}]) { __typename } }')
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"][0]["message"].startswith("internal error (request id ")
    assert "nodes_pkey" not in response.text


def test_an_unhandled_error_outside_graphql_is_a_bare_500(api: Api, network: GraphStore) -> None:
    with (
        mock.patch.object(network, "counts", side_effect=RuntimeError(SECRET)),
        structlog.testing.capture_logs() as logs,
    ):
        response = api.client.get("/stats")
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json()["errors"][0]["message"] == f"internal error (request id {request_id})"
    assert "MATCH" not in response.text
    assert any(e["event"] == "unhandled error" and e.get("exc_info") for e in logs)
    [line] = [e for e in logs if e["event"] == "request"]
    assert line["status"] == 500


def test_a_store_that_stops_answering_is_503(tmp_path: Path, keys: Keys) -> None:
    store = SQLiteStore(tmp_path / "g.db")
    nodes, _ = small_network()
    store.upsert_nodes(nodes)
    client, api = make_api(store, keys)
    with client:
        assert api.data('{ node(id: "ada") { name } }') == {"node": {"name": "Ada Lovelace"}}
        store.close()
        for accept in ("application/json", "application/graphql-response+json"):
            response = api.post('{ node(id: "ada") { name } }', headers={"Accept": accept})
            assert response.status_code == 503
            assert response.headers["retry-after"] == "5"
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
            assert error["message"] == "the store is not answering; try again shortly"
            assert str(tmp_path) not in response.text
