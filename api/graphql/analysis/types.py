"""What every analysis answers with, and the checks every analysis query makes first.

Each answer implements :class:`AnalysisAnswer`: which analysis, which projection it ran on,
the graph version (and ``asOf`` day) it was computed for, a plain-English ``explanation``,
the ``evidence`` (node ids, relationship keys, source ids), and the parameters and summary
figures. Its items carry their own explanation and evidence, and reach the nodes they are
about as :class:`~api.graphql.nodes.types.NodeType` objects, read at the caller's clearance.

Arguments are checked before anything is read: an argument out of range is an
:class:`~api.graphql.errors.InvalidInput` result naming every problem, and an id that is no
node the caller may see is :class:`~api.graphql.errors.NotFound` (a restricted person's id
answers exactly as an id that does not exist).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.scalars import JSON

from api.graphql.analysis.reading import read_graph
from api.graphql.errors import InputProblem, InvalidInput, NotFound, invalid_input, shown_value
from api.graphql.nodes.types import Info, NodeType, node_type, page_size
from graph.analysis.cache import AnalysisGraph
from graph.analysis.projections import DEFAULT_MAX_CONTEXT_SIZE, Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.analysis.results import Evidence as EvidenceRecord
from graph.model import Node
from graph.vocabulary import NodeKind, RelType

strawberry.enum(
    Projection,
    description="The graph an analysis runs on: FULL (every kind of node, relationships as "
    "ties) or PEOPLE (people tied by knowing each other or sharing forums, organisations, "
    "communities).",
)

T = TypeVar("T")

DEFAULT_LIST = 50
"""Nodes listed per item (members, mutual contacts...) unless ``first`` says otherwise."""


# -- evidence ----------------------------------------------------------------------------------


@strawberry.type(description="What identifies a relationship: source, type, target.")
class RelationshipKey:
    source: strawberry.ID
    type: RelType
    target: strawberry.ID


def relationship_key(key: Sequence[Any]) -> RelationshipKey:
    source, rel_type, target = key
    return RelationshipKey(
        source=strawberry.ID(str(source)), type=RelType(str(rel_type)),
        target=strawberry.ID(str(target)),
    )


@strawberry.type(description="What an answer rests on: nodes, relationships and sources.")
class Evidence:
    nodes: list[strawberry.ID] = strawberry.field(description="Node ids, in the answer's order.")
    relationships: list[RelationshipKey]
    sources: list[str] = strawberry.field(description="Ids of the sources asserting them.")


def evidence_of(record: EvidenceRecord) -> Evidence:
    return Evidence(
        nodes=[strawberry.ID(n) for n in record.nodes],
        relationships=[relationship_key(k) for k in record.relationships],
        sources=list(record.sources),
    )


def merged_evidence(items: Iterable[ResultItem]) -> Evidence:
    """The evidence of every one of ``items``, in order, without duplicates."""
    return evidence_of(EvidenceRecord().merge(*(item.evidence for item in items)))


# -- the answer every analysis gives ------------------------------------------------------------


@strawberry.interface(
    name="Analysis",
    description="An analysis's answer: how it was reached, why, and on what evidence.",
)
class AnalysisAnswer:
    analysis: str = strawberry.field(description="Which analysis answered.")
    projection: Projection = strawberry.field(description="The graph it ran on.")
    graph_version: int = strawberry.field(description="The graph version it was computed on.")
    as_of: date = strawberry.field(
        description="The day the network was taken as it stood on: `asOf`, or today."
    )
    explanation: str = strawberry.field(description="The answer in plain English.")
    evidence: Evidence
    parameters: JSON = strawberry.field(description="The parameters that shaped the answer.")
    summary: JSON = strawberry.field(description="Figures about the whole answer.")


def answer_fields(
    result: AnalysisResult, analysed: AnalysisGraph, *, explanation: str, evidence: Evidence
) -> dict[str, Any]:
    """The :class:`AnalysisAnswer` fields of an answer made from ``result``."""
    try:
        projection = Projection(result.projection)
    except ValueError:  # an analysis of an unprojected graph says "graph"
        projection = analysed.projection
    return {
        "analysis": result.analysis,
        "projection": projection,
        "graph_version": analysed.version,
        "as_of": analysed.day,
        "explanation": explanation,
        "evidence": evidence,
        "parameters": JSON(plain(result.parameters)),
        "summary": JSON(plain(result.summary)),
    }


def plain(value: Any) -> Any:
    """A JSON-ready copy: enums to their values, sets to sorted lists, dates to ISO text, and
    numbers that are not finite (an isolated node's constraint) to null."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str | bool | int) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def finite(value: float | None) -> float | None:
    """``value``, or ``None`` when it is missing or not a finite number."""
    return value if value is not None and math.isfinite(value) else None


def scores_json(scores: Mapping[str, float]) -> JSON:
    return JSON(plain(dict(scores)))


# -- argument checks -----------------------------------------------------------------------------


class Problems:
    """The problems found with a query's arguments, all of them before answering."""

    def __init__(self) -> None:
        self.found: list[InputProblem] = []

    def add(self, field: str, value: Any, message: str) -> None:
        self.found.append(
            InputProblem(field=field, value=shown_value(value), message=message, where=None)
        )

    def between(self, field: str, value: int, low: int, high: int) -> None:
        if not low <= value <= high:
            self.add(field, value, f"must be between {low} and {high}")

    def context_size(self, value: int) -> None:
        if value < 2:
            self.add("maxContextSize", value, "must be at least 2")

    def result(self) -> InvalidInput | None:
        return invalid_input(self.found) if self.found else None


def not_found(missing: Sequence[str]) -> NotFound:
    return NotFound(
        message=f"{len(missing)} id(s) name no node: {', '.join(missing)}", missing=list(missing)
    )


def article(word: str) -> str:
    """The word with its indefinite article: "an Organisation", "a Forum"."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


async def check_ids(
    info: Info,
    analysed: AnalysisGraph,
    ids: Mapping[str, str],
    *,
    kind: NodeKind | None = None,
    distinct: bool = False,
) -> NotFound | InvalidInput | None:
    """Each id (by argument name) must be a node of the projection, of ``kind`` if given.

    An id the caller may not see is in neither the graph read for them nor the nodes they
    may load, so it is reported as missing, exactly like an id that does not exist. A node
    they may see that was not in the network on the day (its ties all began later) is an
    invalid argument for that day.
    """
    absent = [value for value in ids.values() if value not in analysed.raw]
    known = await nodes_by_id(info, absent)
    missing: list[str] = []
    problems = Problems()
    for argument, value in ids.items():
        if value not in analysed.raw:
            if value in known:
                problems.add(argument, value, f"was not in the network on {analysed.day}")
            elif value not in missing:
                missing.append(value)
            continue
        found = analysed.raw.nodes[value].get("kind")
        what = found.value if isinstance(found, NodeKind) else "node"
        if value not in analysed.graph:
            problems.add(
                argument, value, f"is {article(what)}; the people projection has only people"
            )
        elif kind is not None and found is not kind:
            problems.add(argument, value, f"is {article(what)}, not {article(kind.value)}")
    if missing:
        return not_found(missing)
    if distinct and len(set(ids.values())) < len(ids):
        names = list(ids)
        problems.add(names[-1], ids[names[-1]], f"is the same node as {names[0]}")
    return problems.result()


def ready(
    analysed: AnalysisGraph,
    ids: Mapping[str, str],
    *,
    kind: NodeKind | None = None,
    distinct: bool = False,
) -> bool:
    """True when :func:`check_ids` would find nothing wrong (no store call needed)."""
    for value in ids.values():
        if value not in analysed.graph:
            return False
        if kind is not None and analysed.raw.nodes[value].get("kind") is not kind:
            return False
    return not (distinct and len(set(ids.values())) < len(ids))


Prepare = Callable[[AnalysisGraph], tuple[Mapping[str, Any], Callable[[], T]]]
"""Given the graph, an analysis's cache parameters and how to compute it (run off the loop)."""


async def _analysed(
    info: Info,
    analysis: str,
    prepare: Prepare[T],
    *,
    projection: Projection,
    max_context_size: int,
    as_of: date | None,
    ids: Mapping[str, str],
    kind: NodeKind | None,
    distinct: bool,
) -> tuple[AnalysisGraph, T | None]:
    """Read, check, and run through the cache, in one trip to a worker thread; ``None`` in
    place of the answer when the ids given are not all usable."""
    context = info.context

    def work() -> tuple[AnalysisGraph, T | None]:
        analysed = read_graph(
            context.store, context.clearance, projection,
            max_context_size=max_context_size, day=as_of,
        )
        if not ready(analysed, ids, kind=kind, distinct=distinct):
            return analysed, None
        parameters, compute = prepare(analysed)
        return analysed, analysed.run(analysis, parameters, compute)

    return await context.call(work)


async def analyse(
    info: Info,
    analysis: str,
    prepare: Prepare[T],
    *,
    projection: Projection,
    max_context_size: int,
    as_of: date | None,
) -> tuple[AnalysisGraph, T]:
    """Read the graph at the caller's clearance and run the analysis through the cache."""
    analysed, result = await _analysed(
        info, analysis, prepare, projection=projection, max_context_size=max_context_size,
        as_of=as_of, ids={}, kind=None, distinct=False,
    )
    assert result is not None, "no ids to check, so nothing can stop the analysis"
    return analysed, result


async def analyse_nodes(
    info: Info,
    analysis: str,
    prepare: Prepare[T],
    *,
    projection: Projection,
    max_context_size: int,
    as_of: date | None,
    ids: Mapping[str, str],
    kind: NodeKind | None = None,
    distinct: bool = False,
) -> tuple[AnalysisGraph, T] | NotFound | InvalidInput:
    """:func:`analyse` about the nodes ``ids`` (by argument name), or why it cannot be: see
    :func:`check_ids`."""
    analysed, result = await _analysed(
        info, analysis, prepare, projection=projection, max_context_size=max_context_size,
        as_of=as_of, ids=ids, kind=kind, distinct=distinct,
    )
    if result is None:
        failed = await check_ids(info, analysed, ids, kind=kind, distinct=distinct)
        assert failed is not None, "ready() and check_ids() disagree"
        return failed
    return analysed, result


def clean_id(value: strawberry.ID | str) -> str:
    return str(value).strip()


# -- nodes in answers ----------------------------------------------------------------------------


async def nodes_by_id(info: Info, ids: Iterable[Hashable]) -> dict[str, Node]:
    """The nodes with these ids the caller may see, by id (batched with every other load)."""
    wanted = list(dict.fromkeys(str(i) for i in ids))
    if not wanted:
        return {}
    found = await info.context.load_nodes(wanted)
    return {i: n for i, n in zip(wanted, found, strict=True) if n is not None}


async def node_list(info: Info, ids: Sequence[Hashable], first: int) -> list[NodeType]:
    """The first ``first`` of these nodes, in order, as GraphQL nodes."""
    limit = page_size(first)
    shown = [str(i) for i in ids[:limit]]
    found = await nodes_by_id(info, shown)
    return [node_type(found[i]) for i in shown if i in found]


async def one_node(info: Info, node_id: Hashable | None) -> NodeType | None:
    if node_id is None:
        return None
    found = await info.context.nodes.load(str(node_id))
    return node_type(found) if found is not None else None


__all__ = [
    "DEFAULT_LIST",
    "DEFAULT_MAX_CONTEXT_SIZE",
    "AnalysisAnswer",
    "Evidence",
    "Prepare",
    "Problems",
    "RelationshipKey",
    "analyse",
    "analyse_nodes",
    "answer_fields",
    "check_ids",
    "clean_id",
    "evidence_of",
    "finite",
    "merged_evidence",
    "node_list",
    "nodes_by_id",
    "one_node",
    "plain",
    "scores_json",
]
