"""``convene communities``: groups more tied among themselves, and what sets each apart."""

from __future__ import annotations

import click
from rich.console import Console

from api.cli.analysis_options import (
    json_option,
    load_graph,
    max_context_option,
    print_result,
    projection_option,
)
from api.cli.app import CliState, main, pass_state
from graph.analysis.communities import Method
from graph.analysis.communities import communities as find_communities
from graph.analysis.projections import DEFAULT_MAX_CONTEXT_SIZE, Projection
from graph.analysis.results import AnalysisResult

DEFAULT_SEED = 42


@main.command()
@click.option(
    "--method",
    type=click.Choice([m.value for m in Method]),
    default=Method.LOUVAIN.value,
    show_default=True,
    help="Louvain, or Leiden (which guarantees each community is connected).",
)
@click.option(
    "--resolution",
    type=click.FloatRange(min=0.0, min_open=True),
    default=1.0,
    show_default=True,
    help="Above 1 finds smaller communities, below 1 larger ones.",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the search."
)
@click.option(
    "--top", type=click.IntRange(min=1), default=None, help="Only the N largest communities."
)
@projection_option(Projection.PEOPLE)
@max_context_option
@json_option
@pass_state
def communities(
    state: CliState,
    method: str,
    resolution: float,
    seed: int,
    top: int | None,
    projection: Projection,
    max_context_size: int,
    as_json: bool,
) -> None:
    """Find communities (Louvain or Leiden, seeded), each labelled by its most
    over-represented interests, forums and places, largest first, with modularity."""
    result = community_result(
        state, method=method, resolution=resolution, seed=seed, projection=projection,
        max_context_size=max_context_size,
    )
    shown = result
    if top is not None:
        shown = AnalysisResult(
            result.analysis,
            result.projection,
            {**result.parameters, "top": top},
            result.items[:top],
            result.summary,
            result.graph_version,
        )
    print_result(
        shown,
        as_json=as_json,
        title=f"Communities ({state.store_uri})",
        columns=[
            ("community", lambda item: item.name),
            ("size", lambda item: int(item.scores["size"])),
            ("inside", lambda item: f"{item.scores['internal_share']:.0%}"),
            ("why", lambda item: item.explanation),
        ],
        empty="no nodes to partition",
    )
    if not as_json and result.items:
        Console(stderr=True).print(
            f"{len(result.items)} communities, modularity {result.summary['modularity']:.3f}",
            highlight=False,
        )


def community_result(
    state: CliState,
    *,
    method: str = Method.LOUVAIN.value,
    resolution: float = 1.0,
    seed: int = DEFAULT_SEED,
    projection: Projection = Projection.PEOPLE,
    max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
) -> AnalysisResult:
    """The communities `convene communities` shows with these options (cached per version),
    so other commands (`convene export --community N`) number them the same way."""
    graph = load_graph(state, projection, max_context_size=max_context_size)
    parameters = {"method": method, "resolution": resolution, "seed": seed}

    def compute() -> AnalysisResult:
        return find_communities(
            graph.graph, full=graph.raw, method=method, resolution=resolution, seed=seed
        )

    return graph.run("communities", parameters, compute)
