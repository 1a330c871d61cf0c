"""Building big acyclic structures without the cyclic garbage collector getting in the way."""

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
