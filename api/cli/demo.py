"""``convene demo``: the main job, run by ``make demo``: load the demo network, then serve it."""

from __future__ import annotations

import click

from api.cli.app import CliState, local_actor, main, pass_state
from api.cli.serve import run_server
from loaders.demo import demo_inputs, demo_introductions
from loaders.load import load_paths


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on.")
@click.option("--no-serve", is_flag=True, help="Load the demo network, then stop.")
@pass_state
def demo(state: CliState, host: str, port: int, no_serve: bool) -> None:
    """Load the demo network (the seed documents and the curated network built from them)
    into the store, then serve it. Loading again leaves the graph as it was."""
    with state.store() as store:
        report = load_paths(store, demo_inputs(), actor=local_actor())
        recorded = {i.pair for i in store.introductions()}
        for introduction in demo_introductions():
            if introduction.pair not in recorded:
                store.record_introduction(introduction)
        counts = store.counts()
    nodes = sum(counts.nodes.values())
    rels = sum(counts.relationships.values())
    click.echo(
        f"demo network loaded into {state.store_uri}: {nodes} nodes, {rels} relationships "
        f"(run {report.run}, graph version {report.version})"
    )
    if no_serve:
        return
    click.echo(f"serving on http://{host}:{port}  (/, /graphql, /viz, /docs)")
    run_server(state.store_uri, host, port)
