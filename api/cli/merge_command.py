"""``convene merge``: fold duplicate nodes into one, after a person has confirmed they match."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.names import find_duplicates
from graph.records import Action, AuditEntry
from graph.vocabulary import NodeKind


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


@main.command()
@click.option(
    "--threshold", type=click.FloatRange(50, 100), default=85.0, show_default=True,
    help="How alike two names must be (0-100, rapidfuzz token sort ratio) to be listed.",
)
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in NodeKind]),
              help="Only nodes of this kind (repeatable).")
@json_option
@pass_state
def duplicates(state: CliState, threshold: float, kinds: tuple[str, ...], as_json: bool) -> None:
    """List nodes that are, or may be, the same entity, for a person to confirm with
    `convene merge KEEP OTHER`. Nothing is merged here.

    Certain: the same name or alias once normalised ("NHS England", "@NHSEngland", "NHSE").
    Likely: names alike by at least --threshold. Compared within blocks of similar names,
    never all pairs.
    """
    wanted = {NodeKind(k) for k in kinds}
    with state.store() as store:
        nodes = [n for batch in store.iter_nodes() for n in batch
                 if not wanted or n.kind in wanted]
    search = find_duplicates(nodes, threshold=threshold)
    if as_json:
        print_json([c.to_dict() for c in search.candidates])
        return
    table = Table(title=f"{len(search.candidates)} possible duplicates "
                        f"({search.comparisons:,} name pairs compared)")
    for column in ("certainty", "score", "kind", "a", "b", "why", "to merge"):
        table.add_column(column)
    for c in search.candidates:
        table.add_row(
            c.certainty.value, f"{c.score:.0f}", c.kind.value,
            f"{c.names[0]} ({c.a})", f"{c.names[1]} ({c.b})", c.reason,
            f"convene merge {c.a} {c.b}",
        )
    Console().print(table)
