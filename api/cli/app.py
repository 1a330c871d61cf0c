"""The ``convene`` command: one entry point, one way to choose the store and to print JSON."""

from __future__ import annotations

import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import click

from api.logging import configure_logging
from api.settings import get_settings
from api.stores import open_configured_store
from graph.errors import ConveneError, InvalidData
from graph.model import parse_date
from graph.store import GraphStore

F = TypeVar("F", bound=Callable[..., Any])


def local_actor() -> str:
    """Who is running this command, for the records of what changed: ``local:<user>``."""
    try:
        return f"local:{getpass.getuser()}"
    except (KeyError, OSError):
        return "local"


@dataclass
class CliState:
    store_uri: str
    as_of: date | None = None
    """``--as-of``: analyses and pages show the network as it stood on this day."""

    @contextlib.contextmanager
    def store(self, uri: str | None = None) -> Iterator[GraphStore]:
        """Open ``uri`` (the chosen store by default) with the configured credentials."""
        store = open_configured_store(uri or self.store_uri)
        try:
            yield store
        finally:
            store.close()


class ConveneGroup(click.Group):
    """Turns Convene's own errors into one clear message and a non-zero exit, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidData as exc:
            click.echo(f"error: {len(exc.problems)} problem(s), nothing was written:", err=True)
            for problem in exc.problems:
                click.echo(f"  - {problem}", err=True)
            ctx.exit(2)
        except ConveneError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of a table."
)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


pass_state = click.make_pass_decorator(CliState)


@click.group(cls=ConveneGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    metavar="URI",
    envvar="CONVENE_STORE",
    help="Where the graph lives: sqlite:///file.db (default: the embedded store in your "
    "data folder) or neo4j://host:7687. Also CONVENE_STORE.",
)
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR.")
@click.option(
    "--as-of", "as_of", metavar="DATE", default=None,
    help="Analyse and draw the network as it stood on this day (YYYY-MM-DD): ties that had "
    "not begun or had ended by then are left out.",
)
@click.version_option(package_name="convene")
@click.pass_context
def main(
    ctx: click.Context, store: str | None, log_level: str | None, as_of: str | None
) -> None:
    """Convene: map the people, organisations, forums, communities and shared interests of
    health and social care, and find who bridges them."""
    settings = get_settings()
    configure_logging(log_level or settings.log_level, settings.log_format)
    try:
        day = parse_date("--as-of", as_of)
    except InvalidData as exc:
        raise click.BadParameter(exc.problems[0].message, param_hint="--as-of") from None
    ctx.obj = CliState(store_uri=store or settings.store, as_of=day)
