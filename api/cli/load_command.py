"""``convene load``: read CSV bundles, workbooks, JSON, GraphML and GEXF into the graph, all or
nothing."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from api.cli.progress import row_progress
from graph.model import parse_date
from loaders.load import Format, LoadReport, load_paths


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
    and edges), .json, .graphml and .gexf files.

    Every input is checked before anything is written: if any row is wrong, every problem is
    listed, nothing is written, and the exit status is 2. Loading the same input again leaves
    the graph as it was.
    """
    with state.store() as store, row_progress("writing") as bar:
        report = load_paths(
            store,
            paths,
            format=fmt,
            dry_run=dry_run,
            progress=bar.advance if bar else None,
            actor=local_actor(),
            on=parse_date("--on", on),
        )
    if as_json:
        print_json(report.to_dict())
        return
    _print_report(report, state.store_uri)


def _print_report(report: LoadReport, store_uri: str) -> None:
    if report.dry_run and report.facts:
        click.echo(f"facts found in documents ({len(report.facts)}), for review:")
        for line in report.facts:
            click.echo(f"  {line}")
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
