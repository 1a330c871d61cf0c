"""Copying a whole graph from one store to another (SQLite to Neo4j, Neo4j to SQLite, ...).

Nodes go first, with their sources, then relationships, in batches; every record is upserted,
so copying again changes nothing but the target's version, and a copy cut short can simply be
run again.
"""

from __future__ import annotations

from graph.store.base import GraphStore, Progress

COPY_BATCH_SIZE = 10_000
"""Rows per read and per write transaction: big enough for Neo4j's throughput."""


def copy_graph(
    source: GraphStore,
    target: GraphStore,
    progress: Progress | None = None,
    *,
    batch_size: int = COPY_BATCH_SIZE,
) -> tuple[int, int]:
    """Copy every node and relationship of ``source`` into ``target``.

    Parameters
    ----------
    source, target
        Open stores; ``target`` keeps whatever it already holds, merged with the copy.
    progress
        Called with the number of rows after each batch the target commits.
    batch_size
        Rows per batch, read and written.

    Returns
    -------
    tuple[int, int]
        The numbers of nodes and relationships copied.
    """
    nodes = rels = 0
    for node_batch in source.iter_nodes(batch_size=batch_size):
        summary = target.upsert_nodes(node_batch, batch_size=batch_size, progress=progress)
        nodes += summary.written
    for rel_batch in source.iter_relationships(batch_size=batch_size):
        summary = target.upsert_relationships(rel_batch, batch_size=batch_size, progress=progress)
        rels += summary.written
    return nodes, rels
