"""Stores: where the graph lives. :func:`open_store` picks one from a URI."""

from graph.store.base import (
    ALL,
    Counts,
    DeleteSummary,
    GraphFilter,
    GraphStore,
    Neighbour,
    NodeQuery,
    Page,
    WriteSummary,
)
from graph.store.uri import default_store_uri, open_store

__all__ = [
    "ALL",
    "Counts",
    "DeleteSummary",
    "GraphFilter",
    "GraphStore",
    "Neighbour",
    "NodeQuery",
    "Page",
    "WriteSummary",
    "default_store_uri",
    "open_store",
]
