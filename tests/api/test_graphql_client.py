"""A standard GraphQL client (gql) against a real server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from graphql_api import Keys, settings_for

from api.app import create_app
from graph.store import GraphStore


@pytest.fixture
def server_url(network: GraphStore, keys: Keys) -> Iterator[str]:
    """The API served by uvicorn on a free loopback port, in a thread, for this test."""
    app = create_app(settings_for(keys, bind_host="127.0.0.1"), store=network)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start in 20 s"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        assert not thread.is_alive()


def _client(url: str, key: str | None = None) -> Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client(
        transport=RequestsHTTPTransport(url=url, headers=headers, timeout=20, retries=0),
        fetch_schema_from_transport=True,
    )


def test_gql_queries_validates_against_the_schema_and_mutates(
    server_url: str, keys: Keys, network: GraphStore
) -> None:
    with _client(server_url, keys.steward) as session:
        assert session.client.schema is not None  # introspected through the limits
        found = session.execute(GraphQLRequest(
            """query Find($text: String!) {
                 nodes(text: $text, first: 5) { edges { cursor node { id name
                   ... on Organisation { place { name } } } } pageInfo { hasNextPage } } }""",
            variable_values={"text": "north essex"},
        ))
        [edge] = found["nodes"]["edges"]
        assert edge["node"] == {"id": "trust", "name": "North Essex Partnership",
                                "place": {"name": "Dorset"}}
        changed = session.execute(GraphQLRequest(
            """mutation Add($nodes: [NodeInput!]!) { upsertNodes(nodes: $nodes) {
                 __typename ... on UpsertNodesSuccess { written } } }""",
            variable_values={"nodes": [{"id": "wye", "kind": "PLACE", "name": "Wye"}]},
        ))
        assert changed["upsertNodes"] == {"__typename": "UpsertNodesSuccess", "written": 1}
    assert network.get_nodes(["wye"])[0].name == "Wye"


def test_gql_anonymous_viewer_on_loopback_and_errors(server_url: str) -> None:
    with _client(server_url) as session:
        me = session.execute(GraphQLRequest("{ me { role } }"))
        assert me == {"me": {"role": "VIEWER"}}
        people = session.execute(GraphQLRequest("{ nodes(kind: PERSON) { nodes { id } } }"))
        assert people["nodes"]["nodes"] == [{"id": "ada"}]
        with pytest.raises(TransportQueryError, match=r"between 1 and 1000"):
            session.execute(GraphQLRequest("{ nodes(first: 5000) { nodes { id } } }"))


def test_gql_wrong_key_is_refused(server_url: str) -> None:
    with (
        pytest.raises(TransportQueryError, match="the API key is not valid"),
        _client(server_url, "cvn_wrong") as session,
    ):
        session.execute(GraphQLRequest("{ me { role } }"))
