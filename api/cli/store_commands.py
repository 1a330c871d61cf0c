"""Commands about the store itself: what is in it, emptying it."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from graph.records import Action, AuditEntry


@main.command()
@json_option
@pass_state
def stats(state: CliState, as_json: bool) -> None:
    """Count nodes by kind and relationships by type, with the graph version."""
    with state.store() as store:
        counts = store.counts()
        version = store.version()
    if as_json:
        print_json({**counts.to_dict(), "version": version})
        return
    table = Table(title=f"{state.store_uri} (version {version})")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, n in sorted(counts.nodes.items()):
        table.add_row(kind.value, str(n))
    for rel_type, n in sorted(counts.relationships.items()):
        table.add_row(rel_type.value, str(n))
    table.add_row("nodes", str(sum(counts.nodes.values())), style="bold")
    table.add_row("relationships", str(sum(counts.relationships.values())), style="bold")
    Console().print(table)


@main.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def clear(state: CliState, yes: bool) -> None:
    """Remove every node and relationship from the store."""
    if not yes:
        click.confirm(f"Remove everything from {state.store_uri}?", abort=True)
    with state.store() as store:
        version = store.clear()
        store.record_audit(
            AuditEntry(action=Action.CLEAR, actor=local_actor(), summary="cleared the graph")
        )
    click.echo(f"cleared {state.store_uri} (version {version})")


@main.command()
@click.option("--limit", default=20, show_default=True, help="How many runs to list.")
@json_option
@pass_state
def runs(state: CliState, limit: int, as_json: bool) -> None:
    """List the most recent load runs: when, what they read, what they wrote, how they ended."""
    with state.store() as store:
        recorded = store.load_runs(limit=limit)
    if as_json:
        print_json([r.to_dict() for r in recorded])
        return
    table = Table(title=f"load runs in {state.store_uri}")
    for column in ("run", "started", "outcome", "inputs", "nodes", "relationships", "by"):
        table.add_column(column)
    for run in recorded:
        table.add_row(
            run.id[:12],
            run.started.isoformat(sep=" "),
            run.outcome.value + (f": {run.message}" if run.message else ""),
            "\n".join(run.inputs),
            str(sum(run.counts.get("nodes", {}).values())),
            str(sum(run.counts.get("relationships", {}).values())),
            run.actor,
        )
    Console().print(table)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_state
def backup(state: CliState, file: Path, as_json: bool) -> None:
    """Write a consistent snapshot of the embedded store to FILE, while the server runs."""
    with state.store() as store:
        snapshot = store.backup(file)
    if as_json:
        print_json(snapshot.to_dict())
        return
    click.echo(
        f"backed up {state.store_uri} to {snapshot.path}: {snapshot.nodes} nodes, "
        f"{snapshot.relationships} relationships (graph version {snapshot.version})"
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_state
def restore(state: CliState, file: Path, yes: bool, as_json: bool) -> None:
    """Replace everything in the store with the backup FILE (from `convene backup`)."""
    if not yes:
        click.confirm(f"Replace everything in {state.store_uri} with {file}?", abort=True)
    with state.store() as store:
        snapshot = store.restore(file)
        store.record_audit(
            AuditEntry(
                action=Action.RESTORE,
                actor=local_actor(),
                summary=f"restored the store from {file}",
                detail=snapshot.to_dict(),
            )
        )
    if as_json:
        print_json(snapshot.to_dict())
        return
    click.echo(
        f"restored {state.store_uri} from {file}: {snapshot.nodes} nodes, "
        f"{snapshot.relationships} relationships (graph version now {snapshot.version})"
    )


@main.command()
@click.option("--limit", default=50, show_default=True, help="How many entries to list.")
@click.option("--after", default=0, show_default=True, help="Only entries after this number.")
@json_option
@pass_state
def audit(state: CliState, limit: int, after: int, as_json: bool) -> None:
    """Show the audit log: every change, who made it, when, and why. It is never edited."""
    with state.store() as store:
        entries = store.audit_log(limit=limit, after=after)
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    table = Table(title=f"audit log of {state.store_uri}")
    for column in ("#", "when", "who", "action", "what", "why"):
        table.add_column(column)
    for entry in entries:
        table.add_row(
            str(entry.seq), entry.at.isoformat(sep=" "), entry.actor, entry.action.value,
            entry.summary, entry.reason,
        )
    Console().print(table)
