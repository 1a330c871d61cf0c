"""``convene introductions``: which introductions to broker next, and who could make them."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable

import click

from api.cli.analysis_options import (
    json_option,
    load_graph,
    max_context_option,
    print_result,
    projection_option,
    require_nodes,
)
from api.cli.app import CliState, main, pass_state
from graph.analysis.introductions import (
    METHODS,
    introduction_worklist,
    suggest_introductions,
)
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult
from graph.vocabulary import NodeKind


def _introduced(state: CliState) -> frozenset[frozenset[Hashable]]:
    with state.store() as store:
        return frozenset(frozenset((i.a, i.b)) for i in store.introductions())


def _digest(pairs: frozenset[frozenset[Hashable]]) -> str:
    """A short fingerprint of the introductions made (part of the cache key: recording one
    does not change the graph version, but does change the answer)."""
    text = "\n".join(sorted("\t".join(sorted(map(str, p))) for p in pairs))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@main.command()
@click.argument("person", required=False)
@click.option("--all", "everyone", is_flag=True, help="A worklist across the whole network.")
@click.option(
    "--k", type=click.IntRange(1, 200), default=10, show_default=True,
    help="Suggestions for PERSON.",
)
@click.option(
    "--per-person", type=click.IntRange(1, 50), default=3, show_default=True,
    help="With --all: suggestions considered per person.",
)
@click.option(
    "--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
    help="With --all: introductions in the worklist.",
)
@click.option(
    "--method", type=click.Choice(METHODS), default="adamic_adar", show_default=True,
    help="How mutual contacts are weighted: Adamic-Adar (1/log k) or resource allocation (1/k).",
)
@click.option(
    "--require-via/--no-require-via", default=None,
    help="Only introductions a mutual contact could make (default: on with --all, off for "
    "one person).",
)
@projection_option()
@max_context_option
@json_option
@pass_state
def introductions(
    state: CliState, person: str | None, everyone: bool, k: int, per_person: int, limit: int,
    method: str, require_via: bool | None, projection: Projection, max_context_size: int,
    as_json: bool,
) -> None:
    """Introductions worth brokering for PERSON (or, with --all, across the network): people
    not yet tied, ranked by mutual contacts, shared forums, interests and communities, with
    extra weight for joining local and national work or two communities. Each names the
    mutual contacts who could make it (best first) and the reasons. People who opted out
    (open_to_introductions false) are never suggested; pairs recorded with `convene
    introduced` are not suggested again."""
    if everyone == (person is not None):
        raise click.UsageError("give one person's id, or --all (not both)")
    loaded = load_graph(state, projection, max_context_size=max_context_size)
    G = loaded.graph
    introduced = _introduced(state)
    common = {
        "method": method,
        "introduced": _digest(introduced),
        "max_context_size": max_context_size,
    }
    result: AnalysisResult
    if person is not None:
        require_nodes(G, {"PERSON": person}, kind=NodeKind.PERSON)
        via_needed = bool(require_via)
        result = loaded.run(
            "introductions",
            {**common, "person": person, "k": k, "require_via": via_needed},
            lambda: suggest_introductions(
                G, person, k=k, method=method, already_introduced=introduced,
                require_via=via_needed, max_context_size=max_context_size,
            ),
        )
        name = str(G.nodes[person].get("name", person))
        if result.summary.get("opted_out"):
            empty = f"{name} has opted out of introductions"
        else:
            empty = "no one to suggest"
        title = f"Introductions for {name}"
    else:
        via_needed = True if require_via is None else require_via
        result = loaded.run(
            "introduction_worklist",
            {**common, "per_person": per_person, "limit": limit, "require_via": via_needed},
            lambda: introduction_worklist(
                G, per_person=per_person, limit=limit, method=method,
                already_introduced=introduced, require_via=via_needed,
                max_context_size=max_context_size,
            ),
        )
        empty, title = "no introductions to suggest", "Introductions worth brokering"
    if as_json:
        print_result(result, as_json=True, title=title, columns=[])
        return

    def names(ids: list[Hashable]) -> str:
        shown = [str(G.nodes[i].get("name", i)) for i in ids[:3]]
        return ", ".join(shown) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")

    columns = [
        ("introduce", lambda i: f"{i.name} ({i.id})"),
        ("score", lambda i: i.scores["score"]),
        ("via", lambda i: names(i.details["via"])),
        ("why", lambda i: "; ".join(r["text"] for r in i.details["reasons"])),
    ]
    if person is None:
        columns.insert(0, ("to", lambda i: names([i.details["person"]])))
    print_result(result, as_json=False, title=title, columns=columns, empty=empty)
