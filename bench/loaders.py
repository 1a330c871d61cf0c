"""The loader benchmark: write a seeded synthetic network as a CSV bundle and as GraphML, then
time ``load_paths`` loading each into a fresh embedded store.

Figures are reported, never asserted. The targets are the issue's, set for 100,000 nodes and
1,000,000 relationships on a 2-core machine: the CSV bundle under 90 s, GraphML under 180 s,
each from the file to a committed store.

What is measured, and how:

- the files are the network of :func:`bench.store.generate_network` as
  :func:`loaders.export.export_graph` writes it. By default the nodes and relationships are
  written without sources, as a bundle or a GraphML file from a person or another tool comes;
  with ``sources=True`` (``--with-sources``) every row carries a ``sources`` value that the
  load restores beside its own, as when an export is loaded back. Writing the files is timed
  but not counted;
- each load runs in a fresh child process, so neither the generator's objects nor the other
  load distort its memory, into a new store in the same temporary folder;
- ``total`` is the wall time of ``load_paths`` itself. Inside it, ``parse`` is
  ``parse_paths`` (reading and building every node and relationship), ``validate`` the checks
  against the input and the store before writing (held-back erased people, kinds and
  endpoints, ties no longer asserted), and ``write`` the rest: the upserts and the run records;
- peak RSS is the child's ``VmHWM`` after the load, where there is ``/proc``; otherwise
  ``ru_maxrss`` (see :func:`bench.store.max_rss_bytes`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bench.store import (
    ISSUE_NODES,
    ISSUE_RELS,
    Figure,
    Network,
    Report,
    Say,
    format_target,
    format_value,
    generate_network,
    max_rss_bytes,
)
from graph.model import Node, Relationship
from graph.store.base import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
    from rich.console import Console

_T = TypeVar("_T", Node, Relationship)

TARGET_S = {"csv": 90.0, "graphml": 180.0}
"""The issue's targets for a whole load, by format."""
LABELS = {"csv": "CSV bundle", "graphml": "GraphML"}
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class NetworkSource:
    """A generated network, read the way an export reads a store; without the sources its
    records carry unless ``sources``."""

    def __init__(self, network: Network, *, sources: bool = True) -> None:
        self.network = network
        self.sources = sources

    def version(self) -> int:
        return 0

    def iter_nodes(self, *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[Node]]:
        nodes = self.network.nodes
        for start in range(0, len(nodes), batch_size):
            yield self._shown(nodes[start : start + batch_size])

    def iter_relationships(
        self, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Relationship]]:
        rels = self.network.relationships
        for start in range(0, len(rels), batch_size):
            yield self._shown(rels[start : start + batch_size])

    def _shown(self, batch: list[_T]) -> list[_T]:
        if self.sources:
            return batch
        return [dataclasses.replace(item, sources=()) for item in batch]


# -- the load in a child process ---------------------------------------------------------------


@contextmanager
def _timed(module: Any, name: str, spent: dict[str, float], phase: str) -> Iterator[None]:
    """Count the time ``module.name`` takes towards ``phase`` while the block runs."""
    original: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[phase] = spent.get(phase, 0.0) + time.perf_counter() - start

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def load_child(fmt: str, path: str, db: str) -> dict[str, Any]:
    """Load ``path`` into a new store at ``db`` and say how long each phase took and how much
    memory the process needed. Runs in its own process (see :func:`measure_load`)."""
    from bench.store import _status_kib
    from graph.store.sqlite import SQLiteStore
    from loaders import load as load_module

    spent: dict[str, float] = {}
    store = SQLiteStore(db)
    try:
        with (
            _timed(load_module, "parse_paths", spent, "parse"),
            _timed(load_module, "hold_back_erased", spent, "validate"),
            _timed(load_module, "validate_against", spent, "validate"),
            _timed(load_module, "no_longer_asserted", spent, "validate"),
        ):
            start = time.perf_counter()
            report = load_module.load_paths(store, [path], format=fmt)
            total = time.perf_counter() - start
        counts = store.counts()
    finally:
        store.close()
    hwm = _status_kib("VmHWM")
    return {
        "total_s": total,
        "parse_s": spent.get("parse", 0.0),
        "validate_s": spent.get("validate", 0.0),
        "write_s": total - spent.get("parse", 0.0) - spent.get("validate", 0.0),
        "rows": report.rows,
        "peak_rss": hwm if hwm is not None else max_rss_bytes(),
        "peak_rss_method": "VmHWM (/proc/self/status)" if hwm is not None else "ru_maxrss",
        "stored_nodes": sum(counts.nodes.values()),
        "stored_relationships": sum(counts.relationships.values()),
    }


def measure_load(fmt: str, path: Path, db: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bench.loaders", "--load-child", fmt, str(path), str(db)],
        capture_output=True,
        text=True,
        check=False,
        cwd=_PROJECT_ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {fmt} load child failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- the benchmark -----------------------------------------------------------------------------


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def run(
    node_count: int = ISSUE_NODES,
    rel_count: int = ISSUE_RELS,
    seed: int = 42,
    *,
    workdir: str | None = None,
    formats: Sequence[str] = ("csv", "graphml"),
    sources: bool = False,
    say: Say = lambda _: None,
) -> Report:
    """Write the files, load each in a child process, and return the figures."""
    from loaders.export import export_graph

    report = Report(
        config={
            "nodes": node_count,
            "relationships": rel_count,
            "seed": seed,
            "issue_size": node_count == ISSUE_NODES and rel_count == ISSUE_RELS,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "formats": list(formats),
            "sources": sources,
        }
    )
    say(f"generating {node_count:,} nodes and {rel_count:,} relationships (seed {seed})")
    network = generate_network(node_count, rel_count, seed)
    source = NetworkSource(network, sources=sources)
    with tempfile.TemporaryDirectory(prefix="convene-bench-loaders-", dir=workdir) as tmp:
        folder = Path(tmp)
        files = {"csv": folder / "bundle", "graphml": folder / "network.graphml"}
        for fmt in formats:
            say(f"writing the {LABELS[fmt]} (not counted)")
            start = time.perf_counter()
            export_graph(source, files[fmt], fmt)
            report.add(
                Figure(
                    f"{fmt}_export_s",
                    f"{LABELS[fmt]}: write the file (not counted)",
                    time.perf_counter() - start,
                    "s",
                )
            )
            report.details[f"{fmt}_file_bytes"] = _size(files[fmt])
        del network, source
        for fmt in formats:
            say(f"loading the {LABELS[fmt]} into a fresh store, in a child process")
            result = measure_load(fmt, files[fmt], folder / f"{fmt}.db")
            rows = result["rows"]
            for phase in ("parse", "validate", "write"):
                report.add(
                    Figure(
                        f"{fmt}_{phase}_s",
                        f"{LABELS[fmt]}: {phase}",
                        result[f"{phase}_s"],
                        "s",
                        rate=rows / result[f"{phase}_s"] if result[f"{phase}_s"] else None,
                    )
                )
            report.add(
                Figure(
                    f"{fmt}_total_s",
                    f"{LABELS[fmt]}: load_paths total",
                    result["total_s"],
                    "s",
                    target=TARGET_S[fmt],
                    rate=rows / result["total_s"],
                )
            )
            report.add(
                Figure(f"{fmt}_peak_rss", f"{LABELS[fmt]}: peak RSS", result["peak_rss"], "bytes")
            )
            report.details[fmt] = result
    return report


# -- output ------------------------------------------------------------------------------------


def render(report: Report, console: Console) -> None:
    """Print the figures as a table, each beside its target, then how they were taken."""
    from rich.markup import escape
    from rich.table import Table

    config = report.config
    table = Table(
        title=(
            f"Loaders into the embedded store: {config['nodes']:,} nodes, "
            f"{config['relationships']:,} relationships, seed {config['seed']}"
        ),
        title_justify="left",
    )
    table.add_column("Measure")
    table.add_column("Figure", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Result", justify="center")
    for figure in report.figures:
        shown = format_value(figure.value, figure.unit)
        if figure.rate is not None:
            shown += f"  ({figure.rate:,.0f} rows/s)"
        target = "—" if figure.target is None else f"< {format_target(figure.target, figure.unit)}"
        result = {"PASS": "[green]PASS[/]", "MISS": "[bold red]MISS[/]"}.get(
            figure.result or "", "—"
        )
        table.add_row(escape(figure.label), shown, target, result)
    console.print(table)
    summary = report.to_dict()
    scope = (
        "the issue's size"
        if config["issue_size"]
        else f"NOT the issue's size ({ISSUE_NODES:,} / {ISSUE_RELS:,}): indicative only"
    )
    lines = [f"Targets met: {summary['targets_met']} of {summary['targets']} ({scope})."]
    for fmt in config["formats"]:
        detail = report.details.get(fmt, {})
        lines.append(
            f"{LABELS[fmt]}: {report.details.get(f'{fmt}_file_bytes', 0) / 1024**2:,.1f} MiB, "
            f"{detail.get('rows', 0):,} rows; stored {detail.get('stored_nodes', 0):,} nodes "
            f"and {detail.get('stored_relationships', 0):,} relationships; peak RSS by "
            f"{detail.get('peak_rss_method', '?')}."
        )
    carried = (
        "every row carries a sources value the load restores"
        if config.get("sources")
        else "rows carry no sources column (--with-sources to add one)"
    )
    lines.append(
        f"SQLite {config['sqlite']}, Python {config['python']}, {config['cpus']} CPUs; {carried}."
    )
    for line in lines:
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _child_main(argv: Sequence[str]) -> int:
    if len(argv) != 4 or argv[0] != "--load-child":
        print("usage: python -m bench.loaders --load-child FORMAT PATH DB", file=sys.stderr)
        return 2
    print(json.dumps(load_child(argv[1], argv[2], argv[3])))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
