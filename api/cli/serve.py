"""``convene serve``: the HTTP API on uvicorn."""

from __future__ import annotations

import click

from api.cli.app import CliState, main, pass_state


def run_server(store_uri: str, host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app
    from api.settings import get_settings
    from graph.analysis.cache import DEFAULT_CACHE

    # The bind address decides whether anonymous callers may read (loopback only).
    settings = get_settings().model_copy(update={"store": store_uri, "bind_host": host})
    # A long-running server keeps big graphs: full collections walking them stall requests.
    DEFAULT_CACHE.freeze = True
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@pass_state
def serve(state: CliState, host: str, port: int) -> None:
    """Serve the API (health, readiness and figures; GraphQL and pages as they arrive)."""
    run_server(state.store_uri, host, port)
