"""``python -m bench.neo4j_bench``: load a synthetic network into Neo4j and time it.

The server comes from ``CONVENE_TEST_NEO4J_URI`` (with ``CONVENE_TEST_NEO4J_USER``,
``CONVENE_TEST_NEO4J_PASSWORD`` and ``CONVENE_TEST_NEO4J_DATABASE``), the same variables the
test suite reads; without it the benchmark says so and exits 0. **The database is cleared**
before the load, as the tests do: point it at a test server only.

Measured, against the issue's targets (100,000 nodes and 1,000,000 relationships):

- loading: wall time of ``upsert_nodes`` then ``upsert_relationships`` on pre-built lists,
  in batches of ``--batch-size`` rows per transaction; reported as rows/s (target 20,000);
- 1-hop lookups: ``neighbours([id])`` for ``--lookups`` ids drawn uniformly, one call each,
  after a short warm-up; p50 and p95 in ms (target: under 10 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.store import generate_network, percentile

URI_VARIABLE = "CONVENE_TEST_NEO4J_URI"
TARGET_ROWS_PER_S = 20_000.0
TARGET_NEIGHBOURS_MS = 10.0
DEFAULT_NODES = 100_000
DEFAULT_RELS = 1_000_000
DEFAULT_BATCH = 10_000
WARM_UP = 50


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.neo4j_bench",
        description=(
            f"Load a synthetic network into the Neo4j server named by {URI_VARIABLE} (which is "
            "CLEARED first) and report load rows/s and 1-hop neighbour lookup p50/p95."
        ),
    )
    parser.add_argument("--nodes", type=int, default=DEFAULT_NODES, metavar="N")
    parser.add_argument("--rels", type=int, default=DEFAULT_RELS, metavar="M")
    parser.add_argument("--seed", type=int, default=42, metavar="S")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH,
        metavar="B",
        help=f"rows per write transaction (default {DEFAULT_BATCH:,})",
    )
    parser.add_argument(
        "--lookups",
        type=int,
        default=1_000,
        metavar="L",
        help="1-hop lookups to time (default 1,000)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if min(args.nodes, args.rels, args.batch_size, args.lookups) < 1:
        parser.error("--nodes, --rels, --batch-size and --lookups must be positive")
    return args


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ticker(what: str, total: int) -> Callable[[int], None]:
    done = 0
    started = time.perf_counter()

    def tick(rows: int) -> None:
        nonlocal done
        done += rows
        rate = done / max(time.perf_counter() - started, 1e-9)
        _say(f"  {what}: {done:,} / {total:,} ({rate:,.0f} rows/s)")

    return tick


def run(args: argparse.Namespace, uri: str) -> dict[str, Any]:
    """Load, time, and return the figures."""
    from graph.store.neo4j import Neo4jStore

    _say(f"generating {args.nodes:,} nodes and {args.rels:,} relationships (seed {args.seed})")
    network = generate_network(args.nodes, args.rels, args.seed)
    store = Neo4jStore(
        uri,
        user=os.environ.get("CONVENE_TEST_NEO4J_USER", "neo4j"),
        password=os.environ.get("CONVENE_TEST_NEO4J_PASSWORD"),
        database=os.environ.get("CONVENE_TEST_NEO4J_DATABASE"),
    )
    try:
        store.create_schema()
        _say(f"clearing {store.uri}")
        store.clear()

        _say("loading nodes")
        start = time.perf_counter()
        store.upsert_nodes(
            network.nodes, batch_size=args.batch_size, progress=_ticker("nodes", args.nodes)
        )
        nodes_s = time.perf_counter() - start
        _say("loading relationships")
        start = time.perf_counter()
        store.upsert_relationships(
            network.relationships,
            batch_size=args.batch_size,
            progress=_ticker("relationships", args.rels),
        )
        rels_s = time.perf_counter() - start

        rng = random.Random(args.seed)
        for node_id in rng.choices(network.ids, k=WARM_UP):
            store.neighbours([node_id])
        timings = []
        for node_id in rng.choices(network.ids, k=args.lookups):
            start = time.perf_counter()
            store.neighbours([node_id])
            timings.append((time.perf_counter() - start) * 1000)
    finally:
        store.close()

    rows = args.nodes + args.rels
    rows_per_s = rows / (nodes_s + rels_s)
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    return {
        "server": store.uri,
        "nodes": args.nodes,
        "relationships": args.rels,
        "batch_size": args.batch_size,
        "nodes_s": round(nodes_s, 3),
        "relationships_s": round(rels_s, 3),
        "nodes_per_s": round(args.nodes / nodes_s),
        "relationships_per_s": round(args.rels / rels_s),
        "rows_per_s": round(rows_per_s),
        "rows_per_s_target": TARGET_ROWS_PER_S,
        "rows_per_s_met": rows_per_s >= TARGET_ROWS_PER_S,
        "neighbours_p50_ms": round(p50, 3),
        "neighbours_p95_ms": round(p95, 3),
        "neighbours_target_ms": TARGET_NEIGHBOURS_MS,
        "neighbours_met": p95 < TARGET_NEIGHBOURS_MS,
    }


def render(figures: dict[str, Any]) -> str:
    def verdict(met: bool) -> str:
        return "PASS" if met else "MISS"

    return "\n".join(
        [
            f"Neo4j benchmark on {figures['server']} "
            f"({figures['nodes']:,} nodes, {figures['relationships']:,} relationships, "
            f"batches of {figures['batch_size']:,})",
            f"  nodes          {figures['nodes_s']:>9.1f} s  {figures['nodes_per_s']:>10,} rows/s",
            f"  relationships  {figures['relationships_s']:>9.1f} s  "
            f"{figures['relationships_per_s']:>10,} rows/s",
            f"  load overall   {figures['rows_per_s']:>22,} rows/s  "
            f"target >= {figures['rows_per_s_target']:,.0f}  {verdict(figures['rows_per_s_met'])}",
            f"  1-hop p50      {figures['neighbours_p50_ms']:>9.2f} ms",
            f"  1-hop p95      {figures['neighbours_p95_ms']:>9.2f} ms"
            f"             target < {figures['neighbours_target_ms']:.0f} ms  "
            f"{verdict(figures['neighbours_met'])}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    uri = os.environ.get(URI_VARIABLE)
    if not uri:
        print(
            f"skipped: set {URI_VARIABLE} (and CONVENE_TEST_NEO4J_USER, "
            "CONVENE_TEST_NEO4J_PASSWORD) to a Neo4j test server to run this benchmark; "
            "its database is cleared first"
        )
        return 0
    from graph.errors import ConveneError

    try:
        figures = run(args, uri)
    except (ConveneError, ValueError) as exc:
        print(f"bench.neo4j_bench: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(figures, indent=2) if args.json else render(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
