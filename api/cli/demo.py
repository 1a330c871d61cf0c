"""``convene demo``: the main job, run by ``make demo``."""

from __future__ import annotations

import click

from api.cli.app import CliState, main, pass_state


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
@pass_state
def demo(state: CliState, host: str, port: int) -> None:
    """Prepare the demo store and show what it holds.

    The demo network (the loaders), the GraphQL API and the pages are not built yet; until
    they are, this creates the embedded store with its schema and prints its figures.
    """
    with state.store() as store:
        counts = store.counts()
        version = store.version()
    nodes = sum(counts.nodes.values())
    rels = sum(counts.relationships.values())
    click.echo(f"store ready: {state.store_uri}")
    click.echo(f"  {nodes} nodes, {rels} relationships, version {version}")
    click.echo(f"  (serving on {host}:{port} arrives with the API; try `convene --help`)")
