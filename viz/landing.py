"""The landing page (``/`` when the pages are mounted): the views, the GraphQL explorer, and
the key figures of the network as the viewer may see it."""

from __future__ import annotations

from graph.store.base import Counts
from graph.vocabulary import NodeKind, RelType, Visibility
from viz.assets import Assets, read_static
from viz.page import environment

VIEWS: tuple[tuple[str, str, str], ...] = (
    ("/viz/network", "The whole network", "Everyone and everything you may see, coloured by kind."),
    (
        "/viz/network?grouped=true",
        "The network by community",
        "One node per community; click one to open it.",
    ),
    ("/viz/brokers", "Brokers", "Who joins people who would not otherwise meet."),
    ("/viz/sweet-spots", "Sweet spots", "Where local and national work meet."),
    ("/viz/history", "History", "Is the network changing? Weaving indicators per quarter."),
    (
        "/viz/sweet-spots?gaps=true",
        "Sweet spots and gaps",
        "Also where both are present but not yet joined, with the introductions to make.",
    ),
)
"""The views that need nothing more than a click."""

GRAPHQL_URL = "/graphql"


def landing_page(
    counts: Counts,
    version: int,
    *,
    clearance: Visibility,
    assets: Assets | None = None,
    graphql_url: str = GRAPHQL_URL,
) -> str:
    """The landing page's HTML. ``counts`` must be read at ``clearance``."""
    chosen = assets or Assets.served()
    style = (
        {"text": read_static("convene.css")}
        if chosen.inline
        else {"href": f"{chosen.base_url}/convene.css"}
    )
    nodes = [(k.value, counts.nodes.get(k, 0)) for k in NodeKind if counts.nodes.get(k)]
    ties = [
        (t.value, counts.relationships.get(t, 0)) for t in RelType if counts.relationships.get(t)
    ]
    return (
        environment()
        .get_template("landing.html")
        .render(
            style=style,
            views=VIEWS,
            nodes=nodes,
            ties=ties,
            node_total=sum(n for _, n in nodes),
            tie_total=sum(n for _, n in ties),
            version=version,
            clearance=clearance.value,
            graphql_url=graphql_url,
        )
    )
