"""``convene serve``: the HTTP API on uvicorn, in one process or several."""

from __future__ import annotations

import logging
import os

import click

from api.cli.app import CliState, main, pass_state


def run_server(store_uri: str, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from api.settings import get_settings

    # Each worker process builds its app from the environment (api.app.serving_app), so the
    # store and the bind address, which decides whether anonymous callers may read (loopback
    # only), travel there; the log settings go too, as the worker configures its own logging.
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())  # --log-level's
    os.environ.update({
        "CONVENE_STORE": store_uri,
        "CONVENE_BIND_HOST": host,
        "CONVENE_LOG_LEVEL": level,
        "CONVENE_LOG_FORMAT": get_settings().log_format,
    })
    get_settings.cache_clear()
    uvicorn.run(
        "api.app:serving_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    envvar="CONVENE_WORKERS",
    help="Server processes sharing the port (or CONVENE_WORKERS). Each keeps its own cache "
    "of analysed graphs (a 100,000-person network takes about 2 GB in each).",
)
@pass_state
def serve(state: CliState, host: str, port: int, workers: int) -> None:
    """Serve the API: GraphQL at /graphql, the pages under /viz, health at /healthz and
    /readyz."""
    run_server(state.store_uri, host, port, workers)
