"""``convene brokers``: who lies between others, and which groups they join."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import click
from rich.console import Console

from api.cli.analysis_options import (
    AnalysisGraph,
    json_option,
    load_graph,
    max_context_option,
    print_result,
    projection_option,
)
from api.cli.app import CliState, main, pass_state
from graph.analysis.brokerage import broker_grouping
from graph.analysis.brokers import brokers as rank_brokers
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult
from graph.vocabulary import NodeKind

GROUPINGS = ("community", "scale", "organisation", "none")
DEFAULT_SEED = 42


@main.command()
@click.option(
    "--kind",
    type=click.Choice([k.value for k in NodeKind]),
    default=None,
    help="Rank only nodes of this kind (paths through every kind still count).",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--group-by",
    type=click.Choice(GROUPINGS),
    default="community",
    show_default=True,
    help="What a broker joins: communities (Louvain), scales (local, national...), "
    "organisations (where people work), or none.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=None,
    metavar="K",
    help="Estimate betweenness from K pivot sources (0: exact). Default: exact on small "
    "graphs, enough pivots for about half a minute on large ones; the error bound is shown.",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the sampling."
)
@projection_option(Projection.FULL)
@max_context_option
@json_option
@pass_state
def brokers(
    state: CliState,
    kind: str | None,
    top: int,
    group_by: str,
    sample: int | None,
    seed: int,
    projection: Projection,
    max_context_size: int,
    as_json: bool,
) -> None:
    """Rank the brokers: the nodes on most shortest paths between others (betweenness),
    with Burt's constraint and effective size and, against the chosen grouping, the groups
    each joins and their Gould-Fernandez brokerage roles."""
    graph = load_graph(state, projection, max_context_size=max_context_size)
    parameters = {
        "kind": kind,
        "top": top,
        "group_by": group_by,
        "sample": sample,
        "seed": seed,
    }

    def compute() -> AnalysisResult:
        groups, names = grouping(graph, group_by, seed)
        return rank_brokers(
            graph.graph,
            kind=kind,
            top=top,
            sample=sample,
            seed=seed,
            groups=groups,
            group_names=names,
        )

    result = graph.run("brokers", parameters, compute)
    print_result(
        result,
        as_json=as_json,
        title=f"Brokers ({state.store_uri})",
        columns=[
            ("name", lambda item: item.name),
            ("betweenness", lambda item: item.scores["betweenness"]),
            ("constraint", lambda item: item.scores["constraint"]),
            ("eff. size", lambda item: item.scores["effective_size"]),
            ("why", lambda item: item.explanation),
        ],
        empty="no nodes to rank",
    )
    if not as_json and result.items:
        Console(stderr=True).print(_sampling_note(result.summary), highlight=False)


def grouping(
    graph: AnalysisGraph, group_by: str, seed: int
) -> tuple[dict[Hashable, Hashable] | None, dict[Hashable, str]]:
    """The grouping ``--group-by`` names, as node to group and group to a readable name."""
    return broker_grouping(graph.graph, graph.raw, group_by, seed=seed)


def _sampling_note(summary: Any) -> str:
    if summary.get("betweenness") == "exact":
        return f"betweenness exact over {summary['nodes']:,} nodes"
    return (
        f"betweenness sampled from {summary['pivots']:,} of {summary['nodes']:,} sources "
        f"(seeded): within ±{summary['error_bound']:.3f} of exact for every node with "
        f"{summary['confidence']:.0%} confidence (Hoeffding-Serfling bound)"
    )
