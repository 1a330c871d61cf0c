"""``python -m bench [store|loaders|paths|structure|viz|api|all]``: run benchmarks, print figures.

``store`` (the default when no subcommand is given) times the embedded store; ``loaders``
times loading a CSV bundle and a GraphML file; ``paths`` the shortest paths and introductions
and ``structure`` the brokers and communities, each beside plain networkx; ``viz`` how soon a
2,000-node page is usable; ``api`` the GraphQL queries under 16 concurrent clients beside a
plain JSON endpoint; ``all`` runs each in turn. Each takes ``--help`` and ``--quick``.
Progress goes to stderr; the tables (or, with ``--json``, the JSON) go to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bench import store
from graph.store.base import DEFAULT_BATCH_SIZE

QUICK_NODES = 10_000
QUICK_RELS = 100_000
COMMANDS = ("store", "loaders", "paths", "structure", "viz", "api", "all")
_EPILOG = (
    "Subcommands: store (this one, the default), loaders, paths, structure, viz, api and all; "
    "see python -m bench loaders --help."
)


def _size_arguments(parser: argparse.ArgumentParser) -> None:
    """``--nodes``, ``--rels``, ``--seed`` and ``--quick``: the generated network's size."""
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


def _sized(args: argparse.Namespace) -> argparse.Namespace:
    """Fill in the issue's size, or the quick one, where no size was given."""
    if args.nodes is None:
        args.nodes = QUICK_NODES if args.quick else store.ISSUE_NODES
    if args.rels is None:
        args.rels = QUICK_RELS if args.quick else store.ISSUE_RELS
    return args


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench [store]",
        description=(
            "Benchmark the embedded SQLite store: upserts, the networkx read and its peak "
            "memory, 1-hop neighbour lookups and text search, each beside the issue's target."
        ),
        epilog=_EPILOG,
    )
    _size_arguments(parser)
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
    args = _sized(parser.parse_args(argv))
    if args.nodes < 1 or args.rels < 1 or args.batch_size < 1:
        parser.error("--nodes, --rels and --batch-size must be positive")
    return args


def parse_loader_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    from bench import loaders

    parser = argparse.ArgumentParser(
        prog="python -m bench loaders",
        description=(
            "Benchmark the loaders: write a synthetic network as a CSV bundle and as GraphML, "
            "then time load_paths (parse, validate, write) into a fresh embedded store for "
            "each, with peak memory, beside the issue's targets."
        ),
    )
    _size_arguments(parser)
    parser.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=sorted(loaders.TARGET_S),
        help="load only this format (repeat for several; default: all)",
    )
    parser.add_argument(
        "--with-sources",
        action="store_true",
        help="give every row a sources value, as an export does (default: none, as a bundle "
        "or a GraphML file from elsewhere comes)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--dir",
        default=None,
        metavar="DIR",
        help="where to create the temporary files and stores (default: the system temp folder)",
    )
    args = _sized(parser.parse_args(argv))
    if args.nodes < 1 or args.rels < 1:
        parser.error("--nodes and --rels must be positive")
    args.formats = args.formats or list(loaders.TARGET_S)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        command, args = args[0], args[1:]
    else:
        command = "store"
    if command == "all":
        return max(_run(name, args) for name in COMMANDS[:-1])
    return _run(command, args)


def _run(command: str, args: list[str]) -> int:
    if command == "loaders":
        return _loaders(args)
    if command == "paths":
        from bench import analysis_paths

        return analysis_paths.main(args)
    if command == "structure":
        from bench import analysis_structure

        return analysis_structure.main(args)
    if command == "viz":
        from bench import viz

        return viz.main(args)
    if command == "api":
        from bench import api

        return api.main(args)
    return _store(args)


def _loaders(argv: Sequence[str]) -> int:
    from bench import loaders

    args = parse_loader_args(argv)
    return _report(
        lambda say: loaders.run(
            args.nodes, args.rels, args.seed, workdir=args.dir, formats=args.formats,
            sources=args.with_sources, say=say,
        ),
        loaders.render,
        as_json=args.json,
    )


def _store(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    return _report(
        lambda say: store.run(
            args.nodes, args.rels, args.seed, batch_size=args.batch_size, workdir=args.dir,
            say=say,
        ),
        store.render,
        as_json=args.json,
    )


def _report(
    run: Callable[[Callable[[str], None]], Any],
    render: Callable[[Any, Any], None],
    *,
    as_json: bool,
) -> int:
    """Run a benchmark with progress on stderr, then print its figures (a table or JSON)."""
    from rich.console import Console

    err = Console(stderr=True)

    def say(message: str) -> None:
        err.log(message, highlight=False, markup=False)

    try:
        report = run(say)
    except ValueError as exc:
        err.print(f"bench: {exc}", markup=False, highlight=False)
        return 2
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        render(report, Console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
