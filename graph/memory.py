"""Building and keeping big acyclic structures without the cyclic garbage collector getting in
the way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic collector while millions of acyclic records are built.

    Each burst of allocation sets off a scan of a heap that only grows, and rows, plans,
    projections and graphs read from a store hold no cycles, so the scans find nothing: they
    took a tenth of a load's parse and two thirds of a projection's time. Whatever cycles do
    form are collected once the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep_out_of_collection() -> None:
    """Move every object alive now out of the collector's reach, for as long as they live.

    A cached graph of a million ties is tens of millions of objects; every full collection
    walks them all (seconds, holding the interpreter lock, so every request waits), and a
    server allocating per request sets one off every so often. Frozen objects are still freed
    when their last reference goes; only those in reference cycles wait for
    :func:`return_to_collection`.
    """
    gc.freeze()


def return_to_collection() -> None:
    """Undo :func:`keep_out_of_collection` and collect, so that what became garbage while
    frozen (a dropped cached graph's cycles) is reclaimed now: one full collection, paid when a
    cached graph is dropped rather than every few seconds."""
    gc.unfreeze()
    gc.collect()


SERVING_YOUNG_THRESHOLD = 10_000
"""Net allocations between collections of the youngest generation in a server (Python's
default is 700)."""


def collect_young_less_often(threshold: int = SERVING_YOUNG_THRESHOLD) -> None:
    """Let ``threshold`` net allocations pass between collections of the youngest generation.

    A server answering several requests at once has each one's objects alive while the others
    allocate theirs, so the default 700 sets off a collection every request or so (674 per
    3,000 GraphQL node queries at 8 at a time, 0.3 ms of each request) though answering leaves
    no cyclic garbage. The older generations keep their thresholds, counted in young
    collections, so cycles are still found; later and in bigger batches.
    """
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(threshold, middle, oldest)
