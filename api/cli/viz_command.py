"""``convene viz``: draw the network, or any analysis of it, to a self-contained HTML file
(and a PNG with headless Chromium).

The file carries vis-network and Convene's script and styles inline, so it opens anywhere
with no server and no network. In a file, clicking a node selects it and shows its details
(there is no server to draw another page); the details name the command that draws that
node's own network.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from api.cli.app import CliState, main, pass_state
from graph.errors import InvalidData, Problem
from graph.store.base import ALL
from graph.vocabulary import NodeKind, Visibility
from viz.assets import Assets
from viz.page import render
from viz.scene import DEFAULT_MAX_NODES, PageOptions, Scene
from viz.service import Pages
from viz.styling import ColorBy, SizeBy

VIEW_OPTIONS = ("focus", "paths", "community", "brokers", "sweet_spots", "introductions")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_view(chosen: dict[str, object], extras: dict[str, tuple[str, bool]]) -> None:
    views = [name for name in VIEW_OPTIONS if chosen.get(name)]
    problems: list[Problem] = []
    if len(views) > 1:
        named = ", ".join("--" + v.replace("_", "-") for v in views)
        problems.append(Problem("view", named, "choose one view at a time"))
    for option, (view, given) in extras.items():
        if given and not chosen.get(view):
            problems.append(
                Problem(option, "given", f"only applies with --{view.replace('_', '-')}")
            )
    if problems:
        raise InvalidData(problems)


@main.command("viz")
@click.option("--focus", metavar="ID", help="One node's own network (an id or exact name).")
@click.option(
    "--hops",
    type=click.IntRange(1, 4),
    default=None,
    help="With --focus: how many ties out (default 1).",
)
@click.option(
    "--paths", nargs=2, metavar="A B", default=None, help="The shortest paths between two nodes."
)
@click.option(
    "--k",
    "k",
    type=click.IntRange(1, 20),
    default=None,
    help="With --paths: how many paths (default 5); with --introductions: how "
    "many suggestions (default 10).",
)
@click.option(
    "--max-hops",
    type=click.IntRange(1, 8),
    default=None,
    help="With --paths: the longest path in ties (default 4).",
)
@click.option(
    "--community",
    type=click.IntRange(min=1),
    metavar="N",
    help="Community N (1 is the largest; seeded, as on the served pages).",
)
@click.option("--brokers", is_flag=True, help="The brokers, sized by their score.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in NodeKind]),
    default=None,
    help="With --brokers: rank only nodes of this kind.",
)
@click.option(
    "--sweet-spots",
    is_flag=True,
    help="Where local and national actors meet, and the ties that join them.",
)
@click.option(
    "--gaps",
    is_flag=True,
    help="With --sweet-spots: also where both are present but not joined, with "
    "the introductions to make (dashed).",
)
@click.option(
    "--top",
    type=click.IntRange(1, 200),
    default=None,
    help="With --brokers or --sweet-spots: how many (default 20).",
)
@click.option(
    "--introductions",
    metavar="ID",
    help="One person's suggested introductions: dashed would-be ties, mutual contacts.",
)
@click.option("--grouped", is_flag=True, help="The whole network as one node per community.")
@click.option(
    "--max-nodes",
    type=click.IntRange(1, 20_000),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="The most nodes drawn one by one; beyond, a notice says what is hidden.",
)
@click.option(
    "--color-by",
    type=click.Choice([c.value for c in ColorBy]),
    default=None,
    help="Colour nodes by kind, scale or community (default: the view's own).",
)
@click.option(
    "--size-by",
    type=click.Choice([s.value for s in SizeBy]),
    default=None,
    help="Size nodes by degree, betweenness or the analysis's score.",
)
@click.option(
    "--clearance",
    type=click.Choice([v.value for v in Visibility]),
    default=ALL.value,
    show_default=True,
    help="Draw only what this clearance may see (public for a file to share).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (self-contained: opens with no server).",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also a PNG picture, drawn by headless Chromium (1400x900).",
)
@pass_state
def viz_command(
    state: CliState,
    focus: str | None,
    hops: int | None,
    paths: tuple[str, str] | None,
    k: int | None,
    max_hops: int | None,
    community: int | None,
    brokers: bool,
    kind: str | None,
    sweet_spots: bool,
    gaps: bool,
    top: int | None,
    introductions: str | None,
    grouped: bool,
    max_nodes: int,
    color_by: str | None,
    size_by: str | None,
    clearance: str,
    out: Path | None,
    png: Path | None,
) -> None:
    """Draw the whole network, one node's own network, paths, a community, the brokers, the
    sweet spots or one person's introductions, to --out FILE.html and/or --png FILE.png.

    \b
      convene viz --out network.html
      convene viz --focus ada --hops 2 --out ada.html --png ada.png
      convene viz --paths ada nhse --out paths.html
      convene viz --introductions ada --clearance public --out ada-intros.html
    """
    if out is None and png is None:
        raise InvalidData([Problem("--out", None, "give --out FILE.html and/or --png FILE.png")])
    chosen: dict[str, object] = {
        "focus": focus,
        "paths": paths,
        "community": community,
        "brokers": brokers,
        "sweet_spots": sweet_spots,
        "introductions": introductions,
    }
    _check_view(
        chosen,
        {
            "--hops": ("focus", hops is not None),
            "--max-hops": ("paths", max_hops is not None),
            "--kind": ("brokers", kind is not None),
            "--gaps": ("sweet_spots", gaps),
        },
    )
    if k is not None and not (paths or introductions):
        raise InvalidData([Problem("--k", k, "only applies with --paths or --introductions")])
    if top is not None and not (brokers or sweet_spots):
        raise InvalidData([Problem("--top", top, "only applies with --brokers or --sweet-spots")])
    if grouped and any(chosen.values()):
        raise InvalidData([Problem("--grouped", "given", "only applies to the whole network")])

    options = PageOptions(
        color_by=ColorBy(color_by) if color_by else None,
        size_by=SizeBy(size_by) if size_by else None,
        assets=Assets(inline=True),
        max_nodes=max_nodes,
    )
    with state.store() as store:
        pages = Pages(store, Visibility(clearance), options, as_of=state.as_of)
        scene: Scene
        if focus:
            scene = pages.focus(focus, hops or 1)
        elif paths:
            scene = pages.paths(paths[0], paths[1], k=k or 5, max_hops=max_hops or 4)
        elif community:
            scene = pages.community(community)
        elif brokers:
            scene = pages.brokers(kind=NodeKind(kind) if kind else None, top=top or 20)
        elif sweet_spots:
            scene = pages.sweet_spots(top=top or 20, gaps=gaps)
        elif introductions:
            scene = pages.introductions(introductions, k=k or 10)
        else:
            scene = pages.network(grouped=grouped)
        html = render(scene)

    summary = f"{len(scene.nodes):,} nodes, {len(scene.edges):,} ties"
    if out is not None:
        write_atomically(out, html)
        click.echo(f"wrote {out} ({scene.title}: {summary})")
    for notice in scene.notices:
        click.echo(f"note: {notice}")
    if png is not None:
        from viz.chromium import screenshot

        with tempfile.TemporaryDirectory(prefix="convene-viz-") as folder:
            page = out if out is not None else Path(folder) / "page.html"
            if out is None:
                page.write_text(html, encoding="utf-8")
            screenshot(page, png)
        click.echo(f"wrote {png}")
