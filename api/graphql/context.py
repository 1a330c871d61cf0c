"""What every resolver gets: the store, the caller, the request id, and per-request DataLoaders.

The loaders batch every lookup made while one level of a response is resolved into one store
call: the places of fifty nodes are one ``get_nodes``, their neighbours one ``neighbours``
(per distinct filter), or one ``neighbour_nodes`` when only the nodes are wanted. They live
for one request, so nothing cached outlives it, and they read at the caller's clearance, so
nothing they return is beyond the caller's role.

Analysis resolvers use the same context: :attr:`GraphQLContext.clearance` for the
:class:`~graph.store.base.GraphFilter` they read with, :meth:`GraphQLContext.call` to run the
store or an analysis off the event loop, and :meth:`GraphQLContext.load_nodes` to turn the
ids in a result into nodes (``None`` for any the caller may not see).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple, ParamSpec, TypeVar

import structlog
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.dataloader import DataLoader

from api.access import Principal, request_principal
from api.graphql.errors import store_unavailable
from api.middleware import request_id_of
from api.settings import Settings
from api.stores import bounded_read
from graph.errors import StoreUnavailable
from graph.model import Node
from graph.store import GraphStore
from graph.store.base import Neighbour
from graph.vocabulary import NodeKind, RelType, Visibility

log = structlog.get_logger("convene.graphql")

P = ParamSpec("P")
T = TypeVar("T")


class NeighbourKey(NamedTuple):
    """One node's neighbours through ``types`` to ``kinds`` (``None``: any), and for the
    neighbouring nodes alone, at most ``first`` of them (``None``: all)."""

    id: str
    types: frozenset[RelType] | None
    kinds: frozenset[NodeKind] | None
    first: int | None = None


def by_filter(keys: list[NeighbourKey]) -> dict[NeighbourKey, list[str]]:
    """The ids of ``keys`` grouped by the rest of each key (given with an empty id): one store
    read for each group."""
    groups: dict[NeighbourKey, list[str]] = {}
    for key in keys:
        groups.setdefault(NeighbourKey("", key.types, key.kinds, key.first), []).append(key.id)
    return groups


class StoreReads:
    """How one request reads the store: at the caller's clearance, with outages answered as
    ``STORE_UNAVAILABLE``.

    The DataLoaders' batch functions hold this, never the context: a loader whose batch
    function were a method of the context that holds the loader would make a reference cycle,
    and everything the request read (every node, relationship and source, hundreds of objects)
    would then stay in memory until the garbage collector's next pass instead of going when
    the answer is sent. Under load those passes cost a quarter of a request's time.
    """

    def __init__(self, store: GraphStore, principal: Principal | None, request_id: str) -> None:
        self.store = store
        self.principal = principal
        self.request_id = request_id
        self.known: dict[str, Node] = {}
        """Nodes this request has read (at the caller's clearance), by id: the node loader
        answers from here before reading the store. Cheaper than priming the loader, which
        makes a future for every node a neighbour read brings, though few are asked for
        again."""

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise RuntimeError("no authenticated caller for this request")
        return self.principal

    @property
    def clearance(self) -> Visibility:
        return self.caller.clearance

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._answering():
            return await run_in_threadpool(fn, *args, **kwargs)

    async def read(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._answering():
            return await bounded_read(self.store, fn, *args, **kwargs)

    @contextmanager
    def _answering(self) -> Iterator[None]:
        try:
            yield
        except StoreUnavailable as exc:
            log.warning("store unavailable", request_id=self.request_id, reason=str(exc))
            raise store_unavailable() from None


class NodeBatches:
    """The node loader's batch function: the nodes with these ids the caller may see."""

    def __init__(self, reads: StoreReads) -> None:
        self.reads = reads

    async def __call__(self, ids: list[str]) -> list[Node | None]:
        reads = self.reads
        known = reads.known
        missing = [node_id for node_id in ids if node_id not in known]
        if missing:
            found = await reads.read(reads.store.get_nodes, missing, clearance=reads.clearance)
            known.update((node.id, node) for node in found)
        return [known.get(node_id) for node_id in ids]


class NeighbourBatches:
    """The neighbour loader's batch function; the nodes it reads become known."""

    def __init__(self, reads: StoreReads) -> None:
        self.reads = reads

    async def __call__(self, keys: list[NeighbourKey]) -> list[list[Neighbour]]:
        reads = self.reads
        found: dict[NeighbourKey, list[Neighbour]] = {}
        for shape, ids in by_filter(keys).items():
            result = await reads.read(
                reads.store.neighbours, ids, types=shape.types, kinds=shape.kinds,
                clearance=reads.clearance,
            )
            for neighbour in result:
                found.setdefault(shape._replace(id=neighbour.origin), []).append(neighbour)
            reads.known.update((n.node.id, n.node) for n in result)
        return [found.get(key, []) for key in keys]


class NeighbourNodeBatches:
    """The neighbour-node loader's batch function: each key's neighbours once each, without
    the relationships (:meth:`~graph.store.base.GraphStore.neighbour_nodes`); the nodes it
    reads become known."""

    def __init__(self, reads: StoreReads) -> None:
        self.reads = reads

    async def __call__(self, keys: list[NeighbourKey]) -> list[list[Node]]:
        reads = self.reads
        found: dict[NeighbourKey, list[Node]] = {}
        for shape, ids in by_filter(keys).items():
            result = await reads.read(
                reads.store.neighbour_nodes, ids, types=shape.types, kinds=shape.kinds,
                first=shape.first, clearance=reads.clearance,
            )
            for origin, nodes in result.items():
                found[shape._replace(id=origin)] = nodes
                reads.known.update((node.id, node) for node in nodes)
        return [found.get(key, []) for key in keys]


class GraphQLContext:
    """The context of one GraphQL request."""

    def __init__(
        self,
        *,
        store: GraphStore,
        principal: Principal | None,
        request_id: str,
        settings: Settings,
    ) -> None:
        self.store = store
        self._reads = StoreReads(store, principal, request_id)
        self.request_id = request_id
        self.settings = settings
        self.nodes: DataLoader[str, Node | None] = DataLoader(load_fn=NodeBatches(self._reads))
        self.neighbours: DataLoader[NeighbourKey, list[Neighbour]] = DataLoader(
            load_fn=NeighbourBatches(self._reads)
        )
        self.neighbour_nodes: DataLoader[NeighbourKey, list[Node]] = DataLoader(
            load_fn=NeighbourNodeBatches(self._reads)
        )

    @property
    def principal(self) -> Principal:
        """The caller. Only the GraphiQL page is served without one, and it runs nothing."""
        return self._reads.caller

    @property
    def clearance(self) -> Visibility:
        """The most sensitive level the caller may see: pass it to every read."""
        return self._reads.clearance

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking store (or analysis) call on a worker thread.

        A store that stops answering becomes a ``STORE_UNAVAILABLE`` error for the caller;
        what exactly failed goes to the log only.
        """
        return await self._reads.call(fn, *args, **kwargs)

    async def load_nodes(self, ids: list[str]) -> list[Node | None]:
        """The nodes with these ids the caller may see (``None`` for the others), batched."""
        return await self.nodes.load_many(ids)

    def remember(self, nodes: list[Node]) -> None:
        """Nodes already read: the node loader answers with them, so no resolver reads them
        again."""
        self._reads.known.update((node.id, node) for node in nodes)


def is_ide_request(request: Request) -> bool:
    """A browser asking for the GraphiQL page: a GET with no query that accepts HTML."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and ("text/html" in accept or "*/*" in accept)
    )


def context_getter(settings: Settings) -> Callable[[Request], Awaitable[GraphQLContext]]:
    """What authenticates the caller and builds the context of each GraphQL request.

    Raises :class:`~api.access.Unauthenticated` (answered with 401) for a missing or wrong
    key. The GraphiQL page itself is served to anyone, so a caller can enter a key in it.
    """

    async def get_context(request: Request) -> GraphQLContext:
        principal = None if is_ide_request(request) else request_principal(request)
        return GraphQLContext(
            store=request.app.state.store,
            principal=principal,
            request_id=request_id_of(request.scope),
            settings=settings,
        )

    return get_context
