"""Loading files into the graph: parse every input, validate everything, then write.

Nothing is written unless every input is clean. Each node and relationship carries a row
source whose id comes from the file and row, so loading the same input again replaces those
sources rather than adding copies: the graph's content is unchanged, and only each source's
``run`` and ``loaded_at`` record the latest load.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.errors import ConveneError, InvalidData, Problem
from graph.memory import paused_gc
from graph.names import NameIndex
from graph.records import Action, AuditEntry, LoadRun, RunOutcome, utc_now
from graph.store.base import GraphStore
from loaders.csv_bundle import read_bundle
from loaders.documents import SUFFIXES as DOCUMENT_SUFFIXES
from loaders.documents import describe, read_document
from loaders.ended import no_longer_asserted
from loaders.erased import hold_back_erased
from loaders.graphml import read_gexf, read_graphml
from loaders.json_graph import read_json
from loaders.plan import LoadPlan, validate_against
from loaders.workbook import read_workbook

LoadProgress = Callable[[int, int], None]
"""Called after each written batch with the items it wrote and the total to write."""


class Format(StrEnum):
    """The input formats :func:`load_paths` reads."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    DOCUMENT = "document"
    """Posts, threads and notes (``.txt``, ``.md``, ``.html``): see :mod:`loaders.documents`."""


_READERS: dict[Format, Callable[[Path, str, str], LoadPlan]] = {
    Format.CSV: read_bundle,
    Format.XLSX: read_workbook,
    Format.JSON: read_json,
    Format.GRAPHML: read_graphml,
    Format.GEXF: read_gexf,
}
_SUFFIXES = {
    ".xlsx": Format.XLSX,
    ".json": Format.JSON,
    ".graphml": Format.GRAPHML,
    ".gexf": Format.GEXF,
    **dict.fromkeys(DOCUMENT_SUFFIXES, Format.DOCUMENT),
}


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load wrote, or with ``dry_run`` what it would have written."""

    run: str
    inputs: list[str]
    nodes: dict[str, int]
    """Distinct node ids by kind."""
    relationships: dict[str, int]
    """Distinct relationships by type."""
    dry_run: bool
    version: int
    """The graph version after the load (before it, for a dry run)."""
    rows: int = field(default=0)
    """Rows read, counting an id or relationship given twice twice."""
    held_back: list[str] = field(default_factory=list)
    """Rows not written because they are about a person who was erased (file and row)."""
    facts: list[str] = field(default_factory=list)
    """One line per fact extracted from documents, with its passage, for review."""
    ended: dict[str, int] = field(default_factory=dict)
    """Relationships, by type, that an earlier load of these inputs asserted and this one no
    longer does: ended (given an ``until``), not deleted."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "inputs": self.inputs,
            "dry_run": self.dry_run,
            "version": self.version,
            "rows": self.rows,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "held_back": self.held_back,
            "ended": self.ended,
            "facts": self.facts,
        }


def detect_format(path: Path, given: str) -> Format | Problem:
    """The format a path is in: a folder is a CSV bundle, otherwise the file's suffix."""
    if path.is_dir():
        return Format.CSV
    found = _SUFFIXES.get(path.suffix.lower())
    if found is not None:
        return found
    return Problem(
        "format",
        given,
        "cannot tell the format: give a folder (CSV bundle), an .xlsx, .json, .graphml or "
        ".gexf file, a document (.txt, .md, .html), or choose one with --format",
        given,
    )


def parse_paths(
    paths: Sequence[str | Path],
    run: str,
    format: Format | None = None,
    *,
    store: GraphStore | None = None,
    facts: list[str] | None = None,
) -> LoadPlan:
    """Parse every input into one plan, with every problem the rows themselves show.

    Documents resolve the names they mention against ``store`` and against the nodes of the
    inputs before them (so a curated bundle and the posts it was built from load as one
    network); ``facts`` collects a line per fact extracted from documents, for review.
    """
    plan = LoadPlan()
    index: NameIndex | None = None
    for raw in paths:
        given = str(raw)
        path = Path(raw)
        if not path.exists():
            plan.inputs.append(given)
            plan.problems.append(Problem("path", given, "does not exist", given))
            continue
        chosen = format or detect_format(path, given)
        if isinstance(chosen, Problem):
            plan.inputs.append(given)
            plan.problems.append(chosen)
            continue
        if (chosen is Format.CSV) != path.is_dir():
            plan.inputs.append(given)
            expected = "a folder" if chosen is Format.CSV else "a file"
            plan.problems.append(
                Problem("path", given, f"{chosen.value} input must be {expected}", given)
            )
            continue
        if chosen is Format.DOCUMENT:
            if index is None:
                index = NameIndex.from_store(store) if store is not None else NameIndex()
                for node in plan.nodes:
                    index.add(node)
            read = read_document(path, given, run, index=index)
            for node in read.nodes:
                index.add(node)
            if facts is not None:
                facts.extend(describe(read))
            plan.extend(read)
            continue
        plan.extend(_READERS[chosen](path, given, run))
    return plan


def load_paths(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    format: Format | str | None = None,
    dry_run: bool = False,
    progress: LoadProgress | None = None,
    actor: str = "local",
    on: date | None = None,
) -> LoadReport:
    """Load CSV bundles, workbooks, JSON, GraphML and GEXF files into ``store``, all or nothing.

    Parameters
    ----------
    store
        Where to write.
    paths
        Folders (CSV bundles), ``.xlsx``, ``.json``, ``.graphml`` and ``.gexf`` files.
    format
        Read every path as this format instead of guessing from the path.
    dry_run
        Parse and validate against the store, but write nothing.
    progress
        Told of each batch written; see :data:`LoadProgress`.
    actor
        Who is loading, for the run's record (``local:<user>``, ``key:<name>``).
    on
        The day the inputs describe (default today): relationships an earlier load of the same
        inputs asserted and these no longer do are ended on this day (see
        :mod:`loaders.ended`), never deleted.

    Returns
    -------
    LoadReport
        Counts by kind and type of what was (or would be) written.

    Raises
    ------
    InvalidData
        With every problem in every input; nothing was written.

    Every load that gets as far as the store is recorded as a run (see
    :meth:`~graph.store.base.GraphStore.load_runs`): rejected, completed, or failed part-way
    with the store's error. A dry run is not recorded.
    """
    run = LoadRun(
        id=uuid.uuid4().hex, inputs=tuple(str(p) for p in paths), started=utc_now(), actor=actor
    )
    try:
        chosen = Format(format) if format else None
    except ValueError:
        choices = ", ".join(f.value for f in Format)
        raise InvalidData.one("format", format, f"must be one of {choices}") from None
    facts: list[str] = []
    with paused_gc():
        plan = parse_paths(paths, run.id, chosen, store=store, facts=facts)
    held_back = hold_back_erased(plan, store)
    problems = plan.problems + validate_against(plan, store)
    if problems:
        if not dry_run:
            message = f"{len(problems)} problem(s), first: {problems[0]}"
            store.record_run(_ended(run, RunOutcome.REJECTED, message=message))
        raise InvalidData(problems)
    counts = {
        "nodes": _count({n.id: n.kind.value for n in plan.nodes}.values()),
        "relationships": _count({r.key: r.type.value for r in plan.relationships}.values()),
    }
    ended = no_longer_asserted(store, plan, on or utc_now().date())
    counts["ended"] = _count(r.type.value for r in ended)
    if not dry_run:
        store.record_run(run)
        try:
            _write(store, plan, progress)
            if ended:
                store.upsert_relationships(ended)
        except ConveneError as exc:
            store.record_run(_ended(run, RunOutcome.FAILED, message=str(exc)))
            raise
        store.record_run(_ended(run, RunOutcome.COMPLETED, counts=counts))
        nodes, rels = sum(counts["nodes"].values()), sum(counts["relationships"].values())
        store.record_audit(
            AuditEntry(
                action=Action.LOAD,
                actor=actor,
                summary=f"loaded {nodes} nodes and {rels} relationships from "
                + ", ".join(run.inputs),
                detail={"run": run.id, **counts},
            )
        )
    return LoadReport(
        run=run.id,
        inputs=plan.inputs,
        nodes=counts["nodes"],
        relationships=counts["relationships"],
        dry_run=dry_run,
        version=store.version(),
        rows=len(plan.nodes) + len(plan.relationships),
        held_back=held_back,
        ended=counts["ended"],
        facts=facts,
    )


def _ended(
    run: LoadRun,
    outcome: RunOutcome,
    *,
    message: str = "",
    counts: dict[str, dict[str, int]] | None = None,
) -> LoadRun:
    return replace(
        run, outcome=outcome, finished=utc_now(), message=message, counts=counts or {}
    )


def _write(store: GraphStore, plan: LoadPlan, progress: LoadProgress | None) -> None:
    total = len(plan.nodes) + len(plan.relationships)

    def tell(written: int) -> None:
        if progress is not None:
            progress(written, total)

    # Nodes first: the store refuses a relationship whose endpoints are not yet stored.
    store.upsert_nodes(plan.nodes, progress=tell)
    store.upsert_relationships(plan.relationships, progress=tell)


def _count(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
