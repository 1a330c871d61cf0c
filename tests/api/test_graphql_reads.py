"""Where a GraphQL request reads the store: bounded reads of the embedded store on the thread
answering the request, everything that waits on a network or may run long on a worker thread.

A bounded read of the embedded store costs well under a millisecond; handing it to a worker
thread costs more than that under load. A store across a network must never hold up the
event loop, and neither may a text search over the whole store.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import node, rel
from graphql_api import Api, Keys, make_api

from api.stores import bounded_read
from graph.errors import StoreUnavailable
from graph.store import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType

WORKER = "AnyIO worker thread"
"""The name anyio gives the threads that ``run_in_threadpool`` runs calls on."""

NODE_QUERY = """{ node(id: "ada") { name neighbours { name } relationships { type } } }"""


class NetworkedStore(SQLiteStore):
    """The embedded store declaring itself across a network, as Neo4j is."""

    in_process = False


class ThreadLog:
    """Which thread each spied store method ran on."""

    def __init__(self) -> None:
        self.threads: dict[str, set[str]] = {}

    def spy(self, store: GraphStore, name: str) -> None:
        real: Callable[..., Any] = getattr(store, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self.threads.setdefault(name, set()).add(threading.current_thread().name)
            return real(*args, **kwargs)

        setattr(store, name, recorded)


def _filled(store: GraphStore) -> GraphStore:
    store.upsert_nodes([
        node("ada", NodeKind.PERSON, "Ada Lovelace"),
        node("bob", NodeKind.PERSON, "Bob Kerslake"),
        node("nhs", NodeKind.ORGANISATION, "NHS England"),
    ])
    store.upsert_relationships([
        rel("ada", RelType.KNOWS, "bob"),
        rel("ada", RelType.WORKS_FOR, "nhs"),
    ])
    return store


@pytest.fixture
def log() -> ThreadLog:
    return ThreadLog()


def _api(store: GraphStore, log: ThreadLog, keys: Keys) -> Iterator[Api]:
    for name in ("get_nodes", "neighbours", "find_nodes"):
        log.spy(store, name)
    client, api = make_api(store, keys)
    with client:
        yield api
    store.close()


@pytest.fixture
def embedded(tmp_path: Path, log: ThreadLog) -> Iterator[Api]:
    yield from _api(_filled(SQLiteStore(tmp_path / "g.db")), log, Keys.fresh())


@pytest.fixture
def networked(tmp_path: Path, log: ThreadLog) -> Iterator[Api]:
    yield from _api(_filled(NetworkedStore(tmp_path / "g.db")), log, Keys.fresh())


def test_embedded_store_batches_are_read_where_the_request_runs(
    embedded: Api, log: ThreadLog
) -> None:
    data = embedded.data(NODE_QUERY)
    assert data["node"]["name"] == "Ada Lovelace"
    assert {n["name"] for n in data["node"]["neighbours"]} == {"Bob Kerslake", "NHS England"}
    assert set(log.threads) == {"get_nodes", "neighbours"}
    for name, threads in log.threads.items():
        assert not any(t.startswith(WORKER) for t in threads), (name, threads)


def test_a_networked_store_is_read_on_worker_threads(networked: Api, log: ThreadLog) -> None:
    data = networked.data(NODE_QUERY)
    assert {r["type"] for r in data["node"]["relationships"]} == {"KNOWS", "WORKS_FOR"}
    assert set(log.threads) == {"get_nodes", "neighbours"}
    for name, threads in log.threads.items():
        assert all(t.startswith(WORKER) for t in threads), (name, threads)


def test_text_search_runs_on_a_worker_thread_even_for_the_embedded_store(
    embedded: Api, log: ThreadLog
) -> None:
    data = embedded.data('{ nodes(text: "lovelace") { nodes { id } } }')
    assert [n["id"] for n in data["nodes"]["nodes"]] == ["ada"]
    assert all(t.startswith(WORKER) for t in log.threads["find_nodes"])


def test_an_embedded_read_that_fails_is_a_store_unavailable_answer(
    embedded: Api, log: ThreadLog
) -> None:
    def outage(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("the store file is gone")

    store = embedded.client.app.state.store  # type: ignore[attr-defined]
    store.get_nodes = outage
    response = embedded.post(NODE_QUERY)
    assert response.status_code == 503
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert "gone" not in response.text


def test_bounded_read_follows_the_store(tmp_path: Path) -> None:
    def thread() -> str:
        return threading.current_thread().name

    async def where(store: GraphStore) -> tuple[str, str]:
        return threading.current_thread().name, await bounded_read(store, thread)

    with SQLiteStore(tmp_path / "a.db") as embedded, NetworkedStore(tmp_path / "b.db") as far:
        caller, reader = asyncio.run(where(embedded))
        assert reader == caller
        caller, reader = asyncio.run(where(far))
        assert reader != caller
        assert reader.startswith(WORKER)
