"""``convene changes`` and ``convene indicators``: is the network changing, and are we making a
difference?"""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from api.cli.app import CliState, json_option, main, pass_state, print_json
from graph.analysis.history import (
    changes,
    communities_of,
    earliest_tie,
    indicators,
    quarter_ends,
)
from graph.model import parse_date
from graph.store.base import ALL, GraphFilter
from viz.history_page import history_page

HISTORY_FILTER = GraphFilter(clearance=ALL)


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return parse_date(f"--{param.name}", value) if value else None


@main.command("changes")
@click.option("--since", required=True, callback=_date, metavar="DATE",
              help="From this day (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", callback=_date, metavar="DATE", help="Up to this day (default today).")
@click.option("--seed", default=0, show_default=True, help="Seed for the community grouping.")
@json_option
@pass_state
def changes_command(
    state: CliState, since: date, until: date | None, seed: int, as_json: bool
) -> None:
    """Nodes and ties added and ended since DATE, new bridges between communities and between
    local and national work, and introductions made and how many became ties."""
    with state.store() as store:
        graph = store.to_networkx(HISTORY_FILTER)
        made = store.introductions()
    found = changes(graph, since, until=until, introductions=made,
                    communities=communities_of(graph, seed=seed))
    if as_json:
        print_json(found.to_dict())
        return
    click.echo(found.explanation)
    table = Table()
    table.add_column("change")
    table.add_column("count", justify="right")
    for label, value in (
        ("nodes added", len(found.nodes_added)),
        ("ties added", len(found.ties_added)),
        ("ties ended", len(found.ties_ended)),
        ("new bridges between communities", len(found.new_community_bridges)),
        ("new ties joining local and national", len(found.new_local_national_ties)),
        ("introductions made", found.introductions_made),
        ("introductions that became ties", found.introductions_converted),
    ):
        table.add_row(label, str(value))
    Console().print(table)


@main.command("indicators")
@click.option("--from", "start", callback=_date, metavar="DATE",
              help="First quarter (default: the earliest dated tie).")
@click.option("--to", "end", callback=_date, metavar="DATE", help="Last quarter (default today).")
@click.option("--seed", default=0, show_default=True, help="Seed for communities and sampling.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (for spreadsheets).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the timelines as charts to this HTML page.")
@json_option
@pass_state
def indicators_command(
    state: CliState, start: date | None, end: date | None, seed: int, as_csv: bool,
    html_out: Path | None, as_json: bool,
) -> None:
    """Network-weaving indicators per quarter: size, density, the share of people in the
    largest group, local-national ties, ties across communities, brokers' concentration and
    introductions' conversion rate."""
    with state.store() as store:
        graph = store.to_networkx(HISTORY_FILTER)
        made = store.introductions()
    first = start or earliest_tie(graph) or date.today() - timedelta(days=365)
    rows = indicators(graph, quarter_ends(first, end or date.today()), introductions=made,
                      seed=seed)
    if html_out is not None:
        html_out.write_text(history_page(rows, home=None), encoding="utf-8")
    data = [r.to_dict() for r in rows]
    if as_json:
        print_json(data)
        return
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(data[0]) if data else ["period"])
        writer.writeheader()
        writer.writerows(data)
        return
    table = Table(title="network-weaving indicators by quarter")
    columns = ("period", "people", "ties", "density", "largest_group_share",
               "local_national_ties", "cross_community_ties", "broker_concentration",
               "conversion_rate")
    for column in columns:
        table.add_column(column.replace("_", " "), justify="right")
    for row in data:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    Console().print(table)

