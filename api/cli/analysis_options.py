"""What every analysis command shares: its options, reading the graph, printing the answer.

An analysis command reads the store's graph at the local owner's clearance (everything)
through the process cache, projects it as asked (``--projection full|people``), runs the
analysis once per graph version and parameters, and prints either a table or, with
``--json``, the items as a JSON list, best first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import click
import networkx as nx
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli.app import CliState, json_option, print_json
from graph.analysis.cache import DEFAULT_CACHE, AnalysisCache, AnalysisGraph
from graph.analysis.projections import DEFAULT_MAX_CONTEXT_SIZE, Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.errors import ConveneError, Problem
from graph.store.base import ALL, GraphFilter
from graph.vocabulary import NodeKind

__all__ = [
    "ANALYSIS_FILTER",
    "AnalysisGraph",
    "Column",
    "UnknownNode",
    "article",
    "json_option",
    "load_graph",
    "max_context_option",
    "print_result",
    "projection_option",
    "require_nodes",
]

F = TypeVar("F", bound=Callable[..., Any])

ANALYSIS_FILTER = GraphFilter(
    clearance=ALL, with_sources=True, properties=frozenset({"open_to_introductions"})
)
"""What the command line reads: everything the local owner may see, with sources and the
properties analyses consult. One filter for every command, so they share one cached read."""


def projection_option(default: Projection = Projection.FULL) -> Callable[[F], F]:
    """``--projection full|people``, as a :class:`Projection`."""
    return click.option(
        "--projection",
        type=click.Choice([p.value for p in Projection]),
        default=default.value,
        show_default=True,
        callback=lambda _ctx, _param, value: Projection(value),
        help="The graph to analyse: full (every kind of node, relationships as ties) or "
        "people (people tied by knowing each other or sharing forums, organisations, "
        "communities).",
    )


max_context_option = click.option(
    "--max-context-size",
    type=click.IntRange(min=2),
    default=DEFAULT_MAX_CONTEXT_SIZE,
    show_default=True,
    help="Contexts (forums, organisations, communities, interests) with more members than "
    "this tie no pairs in the people projection and nominate no introductions; their members "
    "still share them.",
)


def load_graph(
    state: CliState,
    projection: Projection | str = Projection.FULL,
    *,
    graph_filter: GraphFilter = ANALYSIS_FILTER,
    max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
    cache: AnalysisCache = DEFAULT_CACHE,
) -> AnalysisGraph:
    """Read the chosen store's graph (cached per version) and project it."""
    chosen = Projection(projection)
    # Ties that have ended (or not yet begun) are history, not today's network.
    graph_filter = replace(graph_filter, as_of=state.as_of or date.today())
    options: dict[str, Any] = {}
    if chosen is Projection.PEOPLE:
        options["max_context_size"] = max_context_size
    with state.store() as store:
        snapshot, graph = cache.projection(store, chosen, graph_filter, **options)
    return AnalysisGraph(snapshot, graph, chosen, options, cache)


class UnknownNode(ConveneError, LookupError):
    """An id given on the command line is not a node the analysis can use."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in problems))


def require_nodes(
    G: nx.Graph, ids: Mapping[str, str | None], *, kind: NodeKind | None = None
) -> None:
    """Raise :class:`UnknownNode` (one line: ``error: B='x': no node has this id``) naming
    each argument whose id is not a node of ``G`` (or not of ``kind``). ``ids`` maps the
    argument's name to the id given."""
    problems: list[Problem] = []
    for name, value in ids.items():
        if value is None:
            continue
        if value not in G:
            problems.append(Problem(name, value, "no node has this id (or it is not visible)"))
            continue
        found = G.nodes[value].get("kind")
        if kind is not None and found is not kind:
            what = found.value if found is not None else "node"
            problems.append(Problem(name, value, f"is {article(what)}, not {article(kind.value)}"))
    if problems:
        raise UnknownNode(problems)


def article(word: str) -> str:
    """The word with its indefinite article: "an Organisation", "a Forum"."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


Column = tuple[str, Callable[[ResultItem], Any]]
"""A table column: its heading and how to get its cell from an item."""


def print_result(
    result: AnalysisResult,
    *,
    as_json: bool,
    title: str,
    columns: Sequence[Column],
    empty: str = "nothing found",
) -> None:
    """Print ``result``: a JSON list, best first, or a table with a rank column."""
    if as_json:
        print_json(result.to_list())
        return
    console = Console()
    if not result.items:
        console.print(f"{title}: {empty}")
        return
    table = Table(title=title, caption=f"projection: {result.projection}", show_lines=False)
    table.add_column("#", justify="right")
    for heading, _ in columns:
        table.add_column(heading, overflow="fold")
    for rank, item in enumerate(result.items, start=1):
        table.add_row(str(rank), *(_cell(get(item)) for _, get in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        text = f"{value:.3g}"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, Iterable):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return escape(text)  # names are data, not rich markup
