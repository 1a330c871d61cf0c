"""``python -m bench``: run the embedded-store benchmark and print its figures.

Progress goes to stderr; the table (or, with ``--json``, the JSON) goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from bench import store
from graph.store.base import DEFAULT_BATCH_SIZE

QUICK_NODES = 10_000
QUICK_RELS = 100_000


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Benchmark the embedded SQLite store: upserts, the networkx read and its peak "
            "memory, 1-hop neighbour lookups and text search, each beside the issue's target."
        ),
    )
    parser.add_argument(
        "--nodes",
        type=int,
        default=None,
        metavar="N",
        help=f"nodes to generate (default {store.ISSUE_NODES:,}; {QUICK_NODES:,} with --quick)",
    )
    parser.add_argument(
        "--rels",
        type=int,
        default=None,
        metavar="M",
        help=(
            f"relationships to generate (default {store.ISSUE_RELS:,}; {QUICK_RELS:,} with --quick)"
        ),
    )
    parser.add_argument("--seed", type=int, default=42, metavar="S", help="random seed (42)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a small run: {QUICK_NODES:,} nodes, {QUICK_RELS:,} relationships",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="B",
        help=f"rows per upsert transaction (the store's default, {DEFAULT_BATCH_SIZE:,})",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--dir",
        default=None,
        metavar="DIR",
        help="where to create the temporary store (default: the system temp folder)",
    )
    args = parser.parse_args(argv)
    if args.nodes is None:
        args.nodes = QUICK_NODES if args.quick else store.ISSUE_NODES
    if args.rels is None:
        args.rels = QUICK_RELS if args.quick else store.ISSUE_RELS
    if args.nodes < 1 or args.rels < 1 or args.batch_size < 1:
        parser.error("--nodes, --rels and --batch-size must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console

    args = parse_args(argv)
    err = Console(stderr=True)

    def say(message: str) -> None:
        err.log(message, highlight=False, markup=False)

    try:
        report = store.run(
            args.nodes,
            args.rels,
            args.seed,
            batch_size=args.batch_size,
            workdir=args.dir,
            say=say,
        )
    except ValueError as exc:
        err.print(f"bench: {exc}", markup=False, highlight=False)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        store.render(report, Console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
