"""``convene merge``: fold duplicate nodes into one, after a person has confirmed they match."""

from __future__ import annotations

import click

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.records import Action, AuditEntry


@main.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--reason", default="", help="Why they are the same, for the audit log.")
@json_option
@pass_state
def merge(
    state: CliState, keep: str, others: tuple[str, ...], yes: bool, reason: str, as_json: bool
) -> None:
    """Merge the nodes OTHERS into KEEP: their relationships and sources move to KEEP, their
    names become its aliases, and they are deleted. All in one transaction.

    Use after `convene duplicates` has listed likely duplicates and you have checked them.
    """
    with state.store() as store:
        found = {n.id: n for n in store.get_nodes([keep, *others])}
        if not yes and len(found) == len({keep, *others}):
            names = ", ".join(f"{found[o].name} ({o})" for o in others)
            click.confirm(f"Merge {names} into {found[keep].name} ({keep})?", abort=True)
        summary = store.merge_nodes(keep, others)
        store.record_audit(
            AuditEntry(
                action=Action.MERGE,
                actor=local_actor(),
                summary=f"merged {', '.join(summary.merged)} into {summary.kept}",
                targets=(summary.kept, *summary.merged),
                reason=reason,
                detail=summary.to_dict(),
            )
        )
    if as_json:
        print_json(summary.to_dict())
        return
    click.echo(
        f"merged {', '.join(summary.merged)} into {summary.kept}: "
        f"{summary.relationships_moved} relationships moved, "
        f"{summary.relationships_dropped} between the merged nodes dropped "
        f"(graph version {summary.version})"
    )
