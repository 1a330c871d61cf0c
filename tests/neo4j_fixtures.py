"""Where a Neo4j server comes from in tests.

1. ``CONVENE_TEST_NEO4J_URI`` (with ``CONVENE_TEST_NEO4J_USER``/``_PASSWORD``) names a server;
2. otherwise, with a Docker engine, testcontainers starts ``neo4j:5.26-community``;
3. otherwise every Neo4j test is skipped, saying so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

NEO4J_IMAGE = "neo4j:5.26-community"
"""The image docker-compose.yml runs, so tests meet the server users get."""


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    database: str = "neo4j"


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    uri = os.environ.get("CONVENE_TEST_NEO4J_URI")
    if uri:
        yield Neo4jServer(
            uri=uri,
            user=os.environ.get("CONVENE_TEST_NEO4J_USER", "neo4j"),
            password=os.environ.get("CONVENE_TEST_NEO4J_PASSWORD", ""),
            database=os.environ.get("CONVENE_TEST_NEO4J_DATABASE", "neo4j"),
        )
        return
    if not _docker_available():
        pytest.skip(
            "no Neo4j reachable: set CONVENE_TEST_NEO4J_URI (and CONVENE_TEST_NEO4J_USER, "
            "CONVENE_TEST_NEO4J_PASSWORD) or run where a Docker engine is available"
        )
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE) as container:
        yield Neo4jServer(
            uri=container.get_connection_url(),
            user="neo4j",
            password=container.password,
        )


@pytest.fixture
def neo4j_store_factory(neo4j_server: Neo4jServer) -> Callable[[], object]:
    """Makes a Neo4jStore on a cleared database (each test starts clean)."""
    from graph.store.neo4j import Neo4jStore

    def make() -> Neo4jStore:
        store = Neo4jStore(
            neo4j_server.uri,
            user=neo4j_server.user,
            password=neo4j_server.password,
            database=neo4j_server.database,
        )
        store.create_schema()
        store.clear()
        return store

    return make
