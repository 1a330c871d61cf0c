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
