"""``convene export``: write the graph, or part of it, as GraphML, GEXF, JSON or a CSV bundle."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import click

from api.cli.app import CliState, json_option, local_actor, main, pass_state, print_json
from api.cli.communities_command import community_result
from api.cli.progress import row_progress
from graph.records import Action, AuditEntry
from graph.vocabulary import NodeKind, Scale, Visibility
from loaders.export import ExportFormat, Selection, export_graph


@main.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice([f.value for f in ExportFormat]),
    help="graphml or gexf (Gephi, yEd, Cytoscape), json, or csv (a folder holding nodes.csv "
    "and edges.csv). Every format loads back with `convene load`.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in NodeKind]),
    help="Only nodes of this kind (repeat for several).",
)
@click.option(
    "--scale",
    "scales",
    multiple=True,
    type=click.Choice([s.value for s in Scale]),
    help="Only nodes at this scale (repeat for several).",
)
@click.option(
    "--visibility",
    type=click.Choice([v.value for v in Visibility]),
    default=Visibility.RESTRICTED.value,
    show_default=True,
    help="Only what a reader cleared to this level may see: public, internal, or restricted "
    "(everything: your own view). Give public for anything you share.",
)
@click.option(
    "--ids-file",
    type=click.File("r", encoding="utf-8"),
    help="Only the nodes whose ids FILE lists, one a line ('-' reads them from stdin).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace OUT if it exists (a file; for csv, a folder holding only nodes.csv and "
    "edges.csv).",
)
@click.option(
    "--community", type=click.IntRange(min=1), default=None, metavar="N",
    help="Only the members of community N as `convene communities` numbers them (1 is the "
    "largest), with the nodes they are tied to left out.",
)
@json_option
@pass_state
def export_command(
    state: CliState,
    out: Path,
    fmt: str,
    kinds: tuple[str, ...],
    scales: tuple[str, ...],
    visibility: str,
    ids_file: IO[str] | None,
    force: bool,
    community: int | None,
    as_json: bool,
) -> None:
    """Export the graph to OUT, with every node's and relationship's sources.

    Filters combine: a node is exported when it passes all of them, and a relationship when
    both its ends are. The file is written under a temporary name and renamed when whole, so
    a failed export never leaves a half file; OUT is readable by you only, as it may hold
    personal data.
    """
    ids = None
    if ids_file is not None:
        ids = frozenset(line.strip() for line in ids_file if line.strip())
        if not ids:
            raise click.BadParameter("lists no ids", param_hint="--ids-file")
    if community is not None:
        found = community_result(state).items
        if community > len(found):
            raise click.BadParameter(
                f"there are {len(found)} communities", param_hint="--community"
            )
        members = frozenset(found[community - 1].details["members"])
        ids = members if ids is None else ids & members
    selection = Selection(
        kinds=frozenset(NodeKind(k) for k in kinds) or None,
        scales=frozenset(Scale(s) for s in scales) or None,
        clearance=Visibility(visibility),
        ids=ids,
    )
    with state.store() as store, row_progress("reading") as bar:
        summary = export_graph(
            store,
            out,
            fmt,
            selection=selection,
            force=force,
            progress=bar.phase if bar else None,
        )
        store.record_audit(
            AuditEntry(
                action=Action.EXPORT,
                actor=local_actor(),
                summary=f"exported {summary.nodes} nodes and {summary.relationships} "
                f"relationships to {summary.path}",
                detail={"format": summary.format.value, "visibility": visibility,
                        "version": summary.version},
            )
        )
    if as_json:
        print_json(summary.to_dict())
        return
    click.echo(
        f"exported {summary.nodes} nodes and {summary.relationships} relationships to "
        f"{summary.path} ({summary.format.value}, graph version {summary.version})"
    )
    if summary.missing_ids:
        click.echo(
            f"{summary.missing_ids} of the {len(ids or ())} ids listed were not exported: "
            "not in the store, or left out by the other filters"
        )
