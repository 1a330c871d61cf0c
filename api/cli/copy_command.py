"""``convene copy --from URI --to URI``: move a graph between stores (SQLite, Neo4j)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from api.cli.app import CliState, main, pass_state
from graph.store.copy import COPY_BATCH_SIZE, copy_graph


class RowsPerSecond(ProgressColumn):
    """The copy's speed in rows per second."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s", style="progress.data.speed")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing when output goes to a file."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        TextColumn("copying"),
        BarColumn(),
        MofNCompleteColumn(),
        RowsPerSecond(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("copy", total=total or None)
        yield lambda rows: bar.advance(task, rows)


@main.command()
@click.option(
    "--from",
    "source_uri",
    required=True,
    metavar="URI",
    help="The store to copy from (sqlite:///file.db or neo4j://host:7687).",
)
@click.option(
    "--to",
    "target_uri",
    required=True,
    metavar="URI",
    help="The store to copy into; what it already holds is kept and merged.",
)
@click.option(
    "--batch-size",
    default=COPY_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows per transaction.",
)
@pass_state
def copy(state: CliState, source_uri: str, target_uri: str, batch_size: int) -> None:
    """Copy every node and relationship, with their sources, from one store to another.

    Copying again changes nothing (each record is merged by its key), so an interrupted
    copy can simply be run again. Both stores use the configured Neo4j credentials
    (CONVENE_NEO4J_USER, CONVENE_NEO4J_PASSWORD, CONVENE_NEO4J_DATABASE).
    """
    if source_uri == target_uri:
        raise click.UsageError("--from and --to name the same store")
    with state.store(source_uri) as source, state.store(target_uri) as target:
        counts = source.counts()
        total = sum(counts.nodes.values()) + sum(counts.relationships.values())
        with _progress(total) as progress:
            nodes, rels = copy_graph(source, target, progress, batch_size=batch_size)
        version = target.version()
        # The stores' own URIs: never a password, whatever was typed.
        click.echo(
            f"copied {nodes} nodes and {rels} relationships from {source.uri} to {target.uri} "
            f"(version {version})"
        )
