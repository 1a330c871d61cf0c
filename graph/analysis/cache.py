"""Analyses cached by graph version: a second call on an unchanged graph returns at once.

Every committed write raises the store's version (:meth:`GraphStore.version`), so an answer
computed for version ``v`` stays right for as long as the store is at ``v``. Two bounded,
in-process LRU caches hold:

- **graphs**: the store's graph as read for a :class:`~graph.store.base.GraphFilter`, and
  its projections, keyed by ``(store uri, version, filter)`` (plus the projection and its
  options);
- **results**: an analysis's answer, keyed by ``(store uri, version, analysis name,
  parameters, clearance)``.

The version is read *before* the graph, so a write landing during the read can only make a
cached graph newer than its label, never older: the next call sees the higher version and
reads again.

Examples
--------
>>> cache = AnalysisCache(max_results=2)
>>> calls = []
>>> key = cache_key("sqlite:///x.db", 7, "brokers", {"k": 10}, "restricted")
>>> cache.get_or_compute(key, lambda: calls.append(1) or "answer")
'answer'
>>> cache.get_or_compute(key, lambda: calls.append(1) or "again")
'answer'
>>> len(calls)
1
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from graph.analysis.projections import Projection, project
from graph.memory import keep_out_of_collection, return_to_collection
from graph.store.base import GraphFilter
from graph.vocabulary import Visibility

if TYPE_CHECKING:
    import networkx as nx

    from graph.store.base import GraphStore

T = TypeVar("T")

DEFAULT_MAX_GRAPHS = 4
"""Graphs kept: a big network's projection can take a gigabyte, so only a few."""
DEFAULT_MAX_RESULTS = 256


def freeze(value: Any) -> Hashable:
    """A hashable, order-independent form of a parameter value (for cache keys).

    Examples
    --------
    >>> freeze({"b": [1, 2], "a": {"x"}}) == freeze({"a": {"x"}, "b": (1, 2)})
    True
    """
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((freeze(v) for v in value), key=repr)))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, Hashable):
        return value
    raise TypeError(f"cannot use {type(value).__name__} as a cache parameter")


def cache_key(
    store_uri: str,
    version: int,
    analysis: str,
    parameters: Mapping[str, Any],
    clearance: Visibility | str,
) -> tuple[Hashable, ...]:
    """The key of one analysis answer."""
    return (store_uri, version, analysis, freeze(parameters), str(clearance))


class _LRU:
    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("a cache holds at least one entry")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        if key in self._data:
            self._data.move_to_end(key)
            return True, self._data[key]
        return False, None

    def put(self, key: Hashable, value: Any) -> int:
        """Keep ``value``; the number of entries dropped to make room."""
        self._data[key] = value
        self._data.move_to_end(key)
        dropped = 0
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)
            dropped += 1
        return dropped

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        self._data.clear()


@dataclass(frozen=True, slots=True)
class CacheStats:
    hits: int
    misses: int
    graphs: int
    results: int


class AnalysisCache:
    """Bounded in-process caches of graphs and analysis answers, safe across threads.

    Two threads asking for the same missing entry may both compute it; the answers are equal
    and one of them is kept.

    With ``freeze=True`` (a long-running server) each graph kept is moved out of the cyclic
    collector's reach (:func:`~graph.memory.keep_out_of_collection`): without it, every full
    collection walks the whole cached network and stalls all requests for seconds.
    """

    def __init__(
        self,
        *,
        max_graphs: int = DEFAULT_MAX_GRAPHS,
        max_results: int = DEFAULT_MAX_RESULTS,
        freeze: bool = False,
    ) -> None:
        self._graphs = _LRU(max_graphs)
        self._results = _LRU(max_results)
        self._lock = threading.Lock()
        self.freeze = freeze
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer cached under ``key``, computing and keeping it when missing."""
        return self._through(self._results, key, compute)

    def _through(self, lru: _LRU, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            found, value = lru.get(key)
            if found:
                self.hits += 1
                return value  # type: ignore[no-any-return]
            self.misses += 1
        value = compute()
        with self._lock:
            dropped = lru.put(key, value)
            if self.freeze and lru is self._graphs:
                if dropped:
                    return_to_collection()  # so the dropped graph's cycles can be reclaimed
                keep_out_of_collection()
        return value

    def graph(self, store: GraphStore, graph_filter: GraphFilter | None = None) -> Snapshot:
        """The store's graph for ``graph_filter`` at its current version."""
        want = graph_filter or GraphFilter()
        version = store.version()
        key = ("graph", store.uri, version, want)
        graph = self._through(self._graphs, key, lambda: store.to_networkx(want))
        return Snapshot(store.uri, version, want, graph)

    def projection(
        self,
        store: GraphStore,
        projection: Projection | str,
        graph_filter: GraphFilter | None = None,
        **options: Any,
    ) -> tuple[Snapshot, nx.Graph]:
        """The store's graph and its ``projection`` (``options`` go to the projection)."""
        chosen = Projection(projection)
        snapshot = self.graph(store, graph_filter)
        key = ("projection", snapshot.key, chosen, freeze(options))
        projected = self._through(
            self._graphs, key, lambda: project(snapshot.graph, chosen, **options)
        )
        return snapshot, projected

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self.hits, self.misses, len(self._graphs), len(self._results))

    def clear(self) -> None:
        with self._lock:
            self._graphs.clear()
            self._results.clear()
            self.hits = self.misses = 0
            if self.freeze:
                return_to_collection()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The store's graph as read at one version, for one filter."""

    store_uri: str
    version: int
    graph_filter: GraphFilter
    graph: nx.MultiDiGraph

    @property
    def key(self) -> tuple[Hashable, ...]:
        return (self.store_uri, self.version, self.graph_filter)

    @property
    def clearance(self) -> Visibility:
        return self.graph_filter.clearance

    def result_key(self, analysis: str, parameters: Mapping[str, Any]) -> tuple[Hashable, ...]:
        """The cache key of an analysis of this snapshot (the filter is part of it)."""
        return (
            *cache_key(self.store_uri, self.version, analysis, parameters, self.clearance),
            self.graph_filter,
        )


DEFAULT_CACHE = AnalysisCache()
"""The process's cache, shared by the command line and the API."""


def cached(
    snapshot: Snapshot,
    analysis: str,
    parameters: Mapping[str, Any],
    compute: Callable[[], T],
    *,
    cache: AnalysisCache | None = None,
) -> T:
    """Run ``compute`` for ``analysis`` on ``snapshot`` once per version and parameters."""
    chosen = DEFAULT_CACHE if cache is None else cache
    return chosen.get_or_compute(snapshot.result_key(analysis, parameters), compute)


@dataclass(frozen=True, slots=True)
class AnalysisGraph:
    """The graph an analysis runs on: the store's read (as of a day) and its projection.

    The command line and the API both read through :meth:`AnalysisCache.projection` and run
    analyses through :meth:`run`, so an answer computed for one is reused by the other.
    """

    snapshot: Snapshot
    graph: nx.Graph
    """The projection."""
    projection: Projection
    options: Mapping[str, Any]
    """The projection's options (``max_context_size`` for people)."""
    cache: AnalysisCache

    @property
    def raw(self) -> nx.MultiDiGraph:
        """The store's graph as read (directed, one edge per relationship)."""
        return self.snapshot.graph

    @property
    def version(self) -> int:
        return self.snapshot.version

    @property
    def day(self) -> date:
        """The day the network is taken as it stood on."""
        day = self.snapshot.graph_filter.as_of
        if day is None:
            raise ValueError("this graph was read with every tie, not as of a day")
        return day

    def run(self, analysis: str, parameters: Mapping[str, Any], compute: Callable[[], T]) -> T:
        """``compute()`` once per graph version, filter (clearance and day), projection and
        ``parameters``."""
        params = {**parameters, "projection": self.projection.value, **self.options}
        return cached(self.snapshot, analysis, params, compute, cache=self.cache)
