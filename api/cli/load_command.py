"""``convene load``: read CSV bundles, workbooks and JSON into the graph, all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.model import parse_date
from loaders.load import Format, LoadProgress, LoadReport, load_paths


class _RowsPerSecond(ProgressColumn):
    """Rows written per second; rich's own speed column counts bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


@contextmanager
def _progress_bar() -> Iterator[LoadProgress | None]:
    """A progress bar on stderr when it is a terminal; nothing when piped or in scripts."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn("writing"), BarColumn(), MofNCompleteColumn(), _RowsPerSecond())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("writing", total=None)

        def advance(written: int, total: int) -> None:
            bar.update(task, total=total, advance=written)

        yield advance


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    help="Read every PATH as this format (default: a folder is a CSV bundle, otherwise the "
    "file's suffix).",
)
@click.option("--dry-run", is_flag=True, help="Check everything and report, but write nothing.")
@click.option(
    "--on", "on", metavar="DATE", default=None,
    help="The day the inputs describe (default today): ties an earlier load of the same files "
    "asserted and these no longer do are ended on this day, not deleted.",
)
@json_option
@pass_state
def load(
    state: CliState, paths: tuple[str, ...], fmt: str | None, dry_run: bool, on: str | None,
    as_json: bool,
) -> None:
    """Load CSV bundles (folders with nodes.csv and edges.csv), .xlsx workbooks (sheets nodes
    and edges) and .json files.

    Every input is checked before anything is written: if any row is wrong, every problem is
    listed, nothing is written, and the exit status is 2. Loading the same input again leaves
    the graph as it was.
    """
    with state.store() as store, _progress_bar() as progress:
        report = load_paths(
            store, paths, format=fmt, dry_run=dry_run, progress=progress, actor=local_actor(),
            on=parse_date("--on", on),
        )
    if as_json:
        print_json(report.to_dict())
        return
    _print_report(report, state.store_uri)


def _print_report(report: LoadReport, store_uri: str) -> None:
    verb = "would load" if report.dry_run else "loaded"
    nodes, rels = sum(report.nodes.values()), sum(report.relationships.values())
    click.echo(f"{verb} {nodes} nodes and {rels} relationships into {store_uri}")
    table = Table()
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, n in report.nodes.items():
        table.add_row(kind, str(n))
    for rel_type, n in report.relationships.items():
        table.add_row(rel_type, str(n))
    Console().print(table)
    if report.ended:
        click.echo(
            f"ended {sum(report.ended.values())} relationship(s) these inputs no longer assert "
            "(kept, with an end date)"
        )
    if report.held_back:
        click.echo(
            f"held back {len(report.held_back)} row(s) about people erased under the right to "
            "erasure: " + ", ".join(report.held_back[:10])
            + (" …" if len(report.held_back) > 10 else "")
        )
    suffix = " (dry run: nothing written)" if report.dry_run else ""
    click.echo(f"run {report.run}, graph version {report.version}{suffix}")
