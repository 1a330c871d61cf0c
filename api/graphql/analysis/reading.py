"""Reading the graph for an analysis, at the caller's clearance, through the process cache.

An analysis never sees what the caller may not: the store's graph is read with
``GraphFilter(clearance=...)``, so a restricted person is not in it at all for a viewer or a
member, and no path, mutual contact, community or count can include them. The read and its
projections are cached per store version and filter (:mod:`graph.analysis.cache`), and each
answer per version, clearance, day and parameters, so a second identical query on an
unchanged graph is answered from the cache.

As on the command line (``convene --as-of``), an analysis runs on the network as it stood on
a day (:func:`graph.timeline.as_of`): ``asOf`` when given, otherwise today, so ties that have
ended (or not yet begun) are history, not today's network. The history queries read the whole
graph, every dated tie included (:func:`read_history`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.analysis.cache import DEFAULT_CACHE, AnalysisCache, AnalysisGraph, Snapshot
from graph.analysis.projections import Projection
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import Visibility

ANALYSIS_PROPERTIES = frozenset({"open_to_introductions"})
"""Free properties the analyses consult (introductions honour opting out)."""


def analysis_filter(clearance: Visibility, day: date | None = None) -> GraphFilter:
    """What an API analysis reads: everything the caller may see, with sources (evidence) and
    the properties the analyses consult, as of ``day`` (``None``: every tie, for history).
    One filter per clearance and day, so every analysis of that day shares one cached read."""
    return GraphFilter(
        clearance=clearance, with_sources=True, properties=ANALYSIS_PROPERTIES, as_of=day
    )


def read_graph(
    store: GraphStore,
    clearance: Visibility,
    projection: Projection,
    *,
    max_context_size: int,
    day: date | None = None,
    cache: AnalysisCache = DEFAULT_CACHE,
) -> AnalysisGraph:
    """The graph at ``clearance`` as of ``day`` (today by default), projected. Blocking: call
    it off the event loop."""
    on = day or date.today()
    options: dict[str, Any] = {}
    if projection is Projection.PEOPLE:
        options["max_context_size"] = max_context_size
    snapshot, projected = cache.projection(
        store, projection, analysis_filter(clearance, on), **options
    )
    return AnalysisGraph(snapshot, projected, projection, options, cache)


def read_history(
    store: GraphStore, clearance: Visibility, *, cache: AnalysisCache = DEFAULT_CACHE
) -> Snapshot:
    """The store's whole graph at ``clearance``, every dated tie included (for history)."""
    return cache.graph(store, analysis_filter(clearance))
