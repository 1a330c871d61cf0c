"""``convene connect A B``: who connects to whom, and what the two share."""

from __future__ import annotations

from collections.abc import Hashable

import click
import networkx as nx
from rich.console import Console
from rich.markup import escape

from api.cli.analysis_options import (
    AnalysisGraph,
    UnknownNode,
    article,
    json_option,
    load_graph,
    max_context_option,
    print_result,
    projection_option,
)
from api.cli.app import CliState, main, pass_state, print_json
from graph.analysis.context import shared_context
from graph.analysis.paths import k_shortest_paths
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.errors import Problem
from graph.vocabulary import NodeKind, RelType

MAX_K = 50
MAX_HOPS = 8


def check_ends(loaded: AnalysisGraph, ends: dict[str, str]) -> None:
    """Raise naming each end that is not in the projection, and why."""
    problems: list[Problem] = []
    for name, value in ends.items():
        if value in loaded.graph:
            continue
        if value in loaded.raw:
            kind = loaded.raw.nodes[value].get("kind")
            what = kind.value if kind is not None else "node"
            problems.append(
                Problem(name, value, f"is {article(what)}; the people projection has only people")
            )
        else:
            problems.append(Problem(name, value, "no node has this id"))
    if len(set(ends.values())) < len(ends):
        problems.append(Problem("B", ends.get("B"), "is the same node as A"))
    if problems:
        raise UnknownNode(problems)


@main.command()
@click.argument("a")
@click.argument("b")
@click.option(
    "--k", type=click.IntRange(1, MAX_K), default=5, show_default=True,
    help="How many paths at most.",
)
@click.option(
    "--max-hops", type=click.IntRange(1, MAX_HOPS), default=4, show_default=True,
    help="The longest path considered, in ties.",
)
@click.option(
    "--via-kind", "via_kinds", multiple=True, type=click.Choice([k.value for k in NodeKind]),
    help="Only through intermediaries of this kind (repeatable).",
)
@click.option(
    "--via-type", "via_types", multiple=True, type=click.Choice([t.value for t in RelType]),
    help="Only through relationships of this type (repeatable).",
)
@click.option(
    "--context", "context_only", is_flag=True,
    help="Print only what A and B share (with --json: a one-item list).",
)
@projection_option()
@max_context_option
@json_option
@pass_state
def connect(
    state: CliState, a: str, b: str, k: int, max_hops: int, via_kinds: tuple[str, ...],
    via_types: tuple[str, ...], context_only: bool, projection: Projection,
    max_context_size: int, as_json: bool,
) -> None:
    """Who connects A to B: the shortest paths (each with its intermediaries and the
    relationships on every hop) and what the two share (mutual contacts, forums,
    organisations, communities, interests). With --json, the paths as a JSON list, fewest
    hops first, each with its `nodes` in order."""
    loaded = load_graph(state, projection, max_context_size=max_context_size)
    check_ends(loaded, {"A": a, "B": b})
    G = loaded.graph
    context = loaded.run("shared_context", {"a": a, "b": b}, lambda: shared_context(G, a, b))
    if context_only:
        if as_json:
            print_json(context.to_list())
        else:
            _print_context(G, context.items[0])
        return
    kinds = sorted(set(via_kinds)) or None
    types = sorted(set(via_types)) or None
    params = {"a": a, "b": b, "k": k, "max_hops": max_hops, "via_kinds": kinds,
              "via_types": types}
    paths: AnalysisResult = loaded.run(
        "paths", params,
        lambda: k_shortest_paths(
            G, a, b, k=k, max_hops=max_hops,
            via_kinds=[NodeKind(x) for x in kinds] if kinds else None,
            via_types=[RelType(x) for x in types] if types else None,
        ),
    )
    if as_json:
        print_json(paths.to_list())
        return
    name_a, name_b = (str(G.nodes[n].get("name", n)) for n in (a, b))
    print_result(
        paths,
        as_json=False,
        title=f"Paths from {name_a} to {name_b}",
        columns=[
            ("hops", lambda i: str(i.scores["hops"])),
            ("path", lambda i: i.name),
            ("relationships", _hop_types),
            ("how", lambda i: i.explanation),
        ],
        empty=f"no path of at most {max_hops} hops"
        + (" through the kinds and types asked for" if kinds or types else ""),
    )
    _print_context(G, context.items[0])


def _hop_types(item: ResultItem) -> str:
    return " · ".join("/".join(types) for types in item.details["types"])


def _print_context(G: nx.Graph, item: ResultItem) -> None:
    console = Console()
    console.print(f"[bold]Shared context[/bold]: {escape(item.explanation)}")
    contexts = G.graph.get("contexts", {})

    def label_of(node: Hashable) -> str:
        if node in G:
            name = G.nodes[node].get("name", node)
        else:  # a context on the people projection
            name = contexts.get(node, {}).get("name", node)
        return f"{name} ({node})"

    labels = ("mutual_contacts", "forums", "organisations", "communities", "interests", "places")
    for label in labels:
        ids: list[Hashable] = item.details.get(label, [])
        if ids:
            shown = ", ".join(label_of(i) for i in ids[:10])
            more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
            console.print(f"  {label.replace('_', ' ')} ({len(ids)}): {escape(shown)}{more}")
