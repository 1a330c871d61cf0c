"""``convene sweet-spots``: where local and national work meet, and where it could."""

from __future__ import annotations

import click

from api.cli.analysis_options import json_option, load_graph, print_result
from api.cli.app import CliState, main, pass_state
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult
from graph.analysis.sweet_spots import sweet_spot_gaps, sweet_spots


@main.command("sweet-spots")
@click.option(
    "--gaps",
    is_flag=True,
    help="List the gaps instead: local and national actors engaged with the same thing but "
    "not tied to each other, with the introductions that would join them.",
)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the best N.")
@json_option
@pass_state
def sweet_spots_command(state: CliState, gaps: bool, top: int | None, as_json: bool) -> None:
    """Rank the interests, forums and organisations where local and national actors meet,
    by how well they are joined to each other outside it (or, with --gaps, where they are
    not)."""
    graph = load_graph(state, Projection.FULL)

    def compute() -> AnalysisResult:
        if gaps:
            return sweet_spot_gaps(graph.graph, top=top)
        return sweet_spots(graph.graph, top=top)

    result = graph.run("sweet_spot_gaps" if gaps else "sweet_spots", {"top": top}, compute)
    score = "gap" if gaps else "score"
    print_result(
        result,
        as_json=as_json,
        title=("Gaps between local and national work" if gaps else "Sweet spots")
        + f" ({state.store_uri})",
        columns=[
            ("name", lambda item: item.name),
            ("local", lambda item: int(item.scores["local"])),
            ("national", lambda item: int(item.scores["national"])),
            (score, lambda item: item.scores[score]),
            ("why", lambda item: item.explanation),
        ],
        empty="no interest, forum or organisation has both local and national actors"
        if not gaps
        else "no gaps: wherever local and national actors meet, they are joined",
    )
