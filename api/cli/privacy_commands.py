"""Rights over personal data: ``forget``, ``subject-access`` and ``review``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.model import Node
from graph.records import Action, AuditEntry
from graph.store.base import GraphStore
from graph.subject_access import expired_consent, subject_access
from graph.vocabulary import Visibility


@main.command()
@click.argument("person_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--reason", default="", help="Why (e.g. the erasure request's reference).")
@json_option
@pass_state
def forget(state: CliState, person_id: str, yes: bool, reason: str, as_json: bool) -> None:
    """Erase person ID everywhere: node, properties, relationships, and their name and handles
    in stored passages. A tombstone (digests only) stops later loads bringing them back."""
    with state.store() as store:
        found = store.get_nodes([person_id])
        if not yes and found:
            click.confirm(
                f"Erase {found[0].name} ({person_id}) and everything about them? "
                "This cannot be undone.",
                abort=True,
            )
        summary = store.erase_person(person_id)
        # The audit entry must not itself keep the person's name or id.
        store.record_audit(
            AuditEntry(
                action=Action.ERASE,
                actor=local_actor(),
                summary="erased a person under the right to erasure",
                reason=reason,
                detail=summary.to_dict(),
            )
        )
    if as_json:
        print_json(summary.to_dict())
        return
    click.echo(
        f"erased {person_id}: the node and {summary.properties} properties, "
        f"{summary.relationships} relationships, their name in {summary.passages} stored "
        f"passages and {summary.introductions} introduction records; a tombstone holds back "
        f"later loads (graph version {summary.version})"
    )


@main.command("subject-access")
@click.argument("person_id", metavar="ID")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON export to this file instead of printing it.",
)
@pass_state
def subject_access_command(state: CliState, person_id: str, out: Path | None) -> None:
    """Export everything held about person ID, with its sources, as JSON."""
    with state.store() as store:
        export = subject_access(store, person_id)
    if out is None:
        print_json(export)
        return
    out.write_text(json.dumps(export, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"wrote everything held about {person_id} to {out}")


@main.command()
@click.option(
    "--restrict", is_flag=True,
    help="Also make each listed person restricted, so only stewards see them.",
)
@json_option
@pass_state
def review(state: CliState, restrict: bool, as_json: bool) -> None:
    """List people whose consent has expired; with --restrict, hide them from non-stewards."""
    with state.store() as store:
        expired = expired_consent(store)
        if restrict:
            _restrict(store, [p for p in expired if p.level is not Visibility.RESTRICTED])
    if as_json:
        print_json([_row(p) for p in expired])
        return
    table = Table(title=f"people whose consent has expired ({len(expired)})")
    for column in ("id", "name", "lawful basis", "consent expired", "visibility"):
        table.add_column(column)
    for person in expired:
        row = _row(person)
        level = "restricted" if restrict else row["visibility"]
        table.add_row(row["id"], row["name"], row["lawful_basis"] or "", row["consent_expires"],
                      level)
    Console().print(table)


def _row(person: Node) -> dict[str, str | None]:
    return {
        "id": person.id,
        "name": person.name,
        "lawful_basis": str(person.properties.get("lawful_basis") or "") or None,
        "consent_expires": str(person.properties.get("consent_expires")),
        "visibility": person.level.value,
    }


def _restrict(store: GraphStore, people: list[Node]) -> None:
    if not people:
        return
    store.upsert_nodes(
        [replace(p, visibility=Visibility.RESTRICTED, sources=(), properties={}) for p in people]
    )
    store.record_audit(
        AuditEntry(
            action=Action.UPSERT,
            actor=local_actor(),
            summary=f"restricted {len(people)} people whose consent expired",
            targets=tuple(p.id for p in people),
            reason="consent expired",
        )
    )
