"""Analyses of the network: pure functions over a networkx graph read from the store.

One module per concept, graph first, seeded where random. Each analysis runs on a projection
(:mod:`graph.analysis.projections`: ``full`` or ``people``), says which in its result, and
answers with an :class:`~graph.analysis.results.AnalysisResult` whose items carry scores,
evidence and a plain-English explanation. :mod:`graph.analysis.cache` keeps answers per graph
version; :mod:`graph.analysis.engine` runs igraph behind networkx where networkx is too slow.
"""

from graph.analysis.projections import (
    Projection,
    effective_scales,
    full_graph,
    people_graph,
    project,
    tie_keys,
    tie_sources,
)
from graph.analysis.results import AnalysisResult, Evidence, ResultItem

__all__ = [
    "AnalysisResult",
    "Evidence",
    "Projection",
    "ResultItem",
    "effective_scales",
    "full_graph",
    "people_graph",
    "project",
    "tie_keys",
    "tie_sources",
]
