"""``convene introduced``: record an introduction a convenor has made."""

from __future__ import annotations

from datetime import date

import click

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.errors import InvalidData, Problem
from graph.model import parse_date
from graph.records import Action, AuditEntry, Introduction
from graph.store.base import GraphStore
from graph.vocabulary import NodeKind


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", "by", metavar="ID", help="The person who made the introduction.")
@click.option(
    "--on", "made_on", metavar="DATE", default=None,
    help="When it was made, YYYY-MM-DD (default: today).",
)
@click.option("--note", default="", help="A line on why or how.")
@json_option
@pass_state
def introduced(
    state: CliState, a: str, b: str, by: str | None, made_on: str | None, note: str,
    as_json: bool,
) -> None:
    """Record that people A and B were introduced (by --by). The pair is not suggested as an
    introduction again, and the introduction appears in the network's history."""
    with state.store() as store:
        _check_people(store, {"a": a, "b": b, "by": by})
        record = Introduction(
            a=a, b=b, by=by, made_on=parse_date("on", made_on) or date.today(), note=note,
            actor=local_actor(),
        )
        store.record_introduction(record)
        store.record_audit(
            AuditEntry(
                action=Action.INTRODUCE,
                actor=record.actor,
                summary=f"recorded the introduction of {record.a} and {record.b}",
                targets=tuple(i for i in (record.a, record.b, record.by) if i),
                reason=note,
                detail=record.to_dict(),
            )
        )
    if as_json:
        print_json(record.to_dict())
        return
    via = f" by {record.by}" if record.by else ""
    click.echo(f"recorded: {record.a} and {record.b} introduced{via} on {record.made_on}")


def _check_people(store: GraphStore, ids: dict[str, str | None]) -> None:
    wanted = {name: value for name, value in ids.items() if value is not None}
    kinds = store.node_kinds(wanted.values())
    problems = []
    for name, value in wanted.items():
        kind = kinds.get(value)
        if kind is None:
            problems.append(Problem(name, value, "no node has this id"))
        elif kind is not NodeKind.PERSON:
            problems.append(Problem(name, value, f"is a {kind.value}, not a Person"))
    if problems:
        raise InvalidData(problems)
