"""``convene demo``: the main job, run by ``make demo``."""

from __future__ import annotations

import click

from api.cli.app import CliState, main, pass_state
from api.cli.serve import run_server


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
@pass_state
def demo(state: CliState, host: str, port: int) -> None:
    """Prepare the demo store and serve it.

    The curated demo network arrives with the loaders; until then this serves whatever the
    store holds, and says so.
    """
    with state.store() as store:
        counts = store.counts()
        version = store.version()
    nodes = sum(counts.nodes.values())
    rels = sum(counts.relationships.values())
    click.echo(f"store: {state.store_uri}: {nodes} nodes, {rels} relationships (v{version})")
    click.echo(f"serving on http://{host}:{port}  (/healthz, /readyz, /stats, /docs)")
    run_server(state.store_uri, host, port)
