"""Opening the configured store, for the CLI and the API alike, and reading it from a server."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from api.settings import get_settings
from graph.store import GraphStore, open_store

P = ParamSpec("P")
T = TypeVar("T")


def open_configured_store(uri: str | None = None) -> GraphStore:
    """Open ``uri`` (``CONVENE_STORE`` by default) with the configured Neo4j credentials."""
    settings = get_settings()
    password = settings.neo4j_password
    return open_store(
        uri or settings.store,
        user=settings.neo4j_user,
        password=password.get_secret_value() if password else None,
        database=settings.neo4j_database,
    )


async def bounded_read(
    store: GraphStore, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run ``fn``, a bounded read of ``store`` (a page, a batch of ids), from async code.

    An in-process store (:attr:`~graph.store.GraphStore.in_process`) answers it here, on the
    event loop: the read takes well under a millisecond, and handing it to a worker thread
    costs more than that under load (the thread's return trip through the GIL) while buying
    no parallelism, since Python runs one thread at a time. Other stores are read on a worker
    thread, so the loop never waits on a network. Anything unbounded (an analysis, a
    whole-graph read, a text search, a write) belongs on a worker thread whatever the store.
    """
    if store.in_process:
        return fn(*args, **kwargs)
    return await run_in_threadpool(fn, *args, **kwargs)
