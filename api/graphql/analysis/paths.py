"""``connections(from, to, ...)`` and ``sharedContext(a, b)``: who connects to whom, and what
two nodes share. The same analyses, parameters and checks as ``convene connect``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql.analysis.types import (
    DEFAULT_LIST,
    DEFAULT_MAX_CONTEXT_SIZE,
    AnalysisAnswer,
    Evidence,
    Problems,
    RelationshipKey,
    analyse_nodes,
    answer_fields,
    clean_id,
    evidence_of,
    merged_evidence,
    node_list,
    nodes_by_id,
    relationship_key,
    scores_json,
)
from api.graphql.errors import InvalidInput, NotFound
from api.graphql.nodes.types import Info, NodeType, node_type
from graph.analysis.cache import AnalysisGraph
from graph.analysis.context import shared_context
from graph.analysis.paths import k_shortest_paths
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.model import Node
from graph.vocabulary import NodeKind, RelType

MAX_PATHS = 50
MAX_HOPS = 8
"""The command line's limits (``convene connect --k``, ``--max-hops``)."""


# -- types ---------------------------------------------------------------------------------------


@strawberry.type(description="One tie along a path, and the relationships behind it.")
class Hop:
    source: NodeType
    target: NodeType
    types: list[RelType] = strawberry.field(description="The relationship types of the tie.")
    relationships: list[RelationshipKey]


@strawberry.type(description="A path between two nodes, with who and what is between them.")
class Path:
    id: str = strawberry.field(description="The node ids joined by ` > `.")
    name: str = strawberry.field(description="The node names joined by arrows.")
    nodes: list[NodeType] = strawberry.field(description="Every node on the path, in order.")
    intermediaries: list[NodeType] = strawberry.field(
        description="The nodes between the two ends."
    )
    hops: list[Hop]
    length: int = strawberry.field(description="The number of ties.")
    strength: float = strawberry.field(description="The sum of the ties' weights.")
    explanation: str
    evidence: Evidence


@strawberry.type(description="The shortest paths between two nodes, fewest ties first.")
class Connections(AnalysisAnswer):
    source: NodeType = strawberry.field(name="from")
    target: NodeType = strawberry.field(name="to")
    paths: list[Path]


ConnectionsResult = Annotated[
    Connections | NotFound | InvalidInput, strawberry.union("ConnectionsResult")
]


@strawberry.type(
    description="What two nodes share: mutual contacts, forums, organisations, communities, "
    "interests and places, each smallest first."
)
class SharedContext(AnalysisAnswer):
    a: NodeType
    b: NodeType
    knows: bool = strawberry.field(description="Whether the two know each other.")
    scores: JSON = strawberry.field(description="How many of each they share, and Adamic-Adar.")
    ids: strawberry.Private[dict[str, list[str]]]

    async def _list(self, info: Info, label: str, first: int) -> list[NodeType]:
        return await node_list(info, self.ids.get(label, []), first)

    @fields.field(description="People both know, best first.")
    async def mutual_contacts(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "mutual_contacts", first)

    @strawberry.field
    async def forums(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "forums", first)

    @strawberry.field
    async def organisations(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "organisations", first)

    @strawberry.field
    async def communities(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "communities", first)

    @strawberry.field
    async def interests(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "interests", first)

    @strawberry.field
    async def places(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await self._list(info, "places", first)


SharedContextResult = Annotated[
    SharedContext | NotFound | InvalidInput, strawberry.union("SharedContextResult")
]


# -- building answers ---------------------------------------------------------------------------


def _path(item: ResultItem, nodes: dict[str, Node]) -> Path | None:
    ids = [str(n) for n in item.details["nodes"]]
    if any(i not in nodes for i in ids):
        return None  # changed while the answer was built: never show a path with a gap
    hops = [
        Hop(
            source=node_type(nodes[str(hop["source"])]),
            target=node_type(nodes[str(hop["target"])]),
            types=[RelType(t) for t in hop["types"]],
            relationships=[
                relationship_key((r["source"], r["type"], r["target"]))
                for r in hop["relationships"]
            ],
        )
        for hop in item.details["hops"]
    ]
    return Path(
        id=item.id,
        name=item.name,
        nodes=[node_type(nodes[i]) for i in ids],
        intermediaries=[node_type(nodes[i]) for i in ids[1:-1]],
        hops=hops,
        length=int(item.scores["hops"]),
        strength=float(item.scores["strength"]),
        explanation=item.explanation,
        evidence=evidence_of(item.evidence),
    )


def _explain_paths(result: AnalysisResult, name_a: str, name_b: str, max_hops: int) -> str:
    if not result.items:
        return f"No path of at most {max_hops} ties joins {name_a} and {name_b}."
    first = result.items[0]
    count = len(result.items)
    many = f"{count} paths join" if count > 1 else "One path joins"
    return (
        f"{many} {name_a} and {name_b}; the shortest has {int(first.scores['hops'])} "
        f"tie(s): {first.explanation}"
    )


def _name(analysed: AnalysisGraph, node_id: str) -> str:
    return str(analysed.raw.nodes[node_id].get("name") or node_id)


# -- queries -------------------------------------------------------------------------------------


@strawberry.type
class PathQueries:
    @fields.field(
        description="Who connects `from` to `to`: up to `first` shortest paths of at most "
        "`maxHops` ties, fewest first, each with its intermediaries and the relationships on "
        "every hop, only through nodes the caller may see. `viaKinds` restricts the "
        "intermediaries' kinds, `viaTypes` the ties' relationship types; `asOf` takes the "
        "network as it stood on that day."
    )
    async def connections(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        *,
        max_hops: int = 4,
        first: int = 5,
        via_kinds: list[NodeKind] | None = None,
        via_types: list[RelType] | None = None,
        projection: Projection = Projection.FULL,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> ConnectionsResult:
        problems = Problems()
        problems.between("maxHops", max_hops, 1, MAX_HOPS)
        problems.between("first", first, 1, MAX_PATHS)
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid
        a, b = clean_id(from_), clean_id(to)
        kinds = sorted({k.value for k in via_kinds}) if via_kinds else None
        types = sorted({t.value for t in via_types}) if via_types else None
        params: dict[str, Any] = {
            "a": a, "b": b, "k": first, "max_hops": max_hops, "via_kinds": kinds,
            "via_types": types,
        }

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            return params, lambda: k_shortest_paths(
                analysed.graph, a, b, k=first, max_hops=max_hops,
                via_kinds=[NodeKind(x) for x in kinds] if kinds else None,
                via_types=[RelType(x) for x in types] if types else None,
            )

        done = await analyse_nodes(
            info, "paths", prepare, projection=projection, max_context_size=max_context_size,
            as_of=as_of, ids={"from": a, "to": b}, distinct=True,
        )
        if not isinstance(done, tuple):
            return done
        analysed, result = done
        wanted = [a, b, *(str(n) for item in result.items for n in item.details["nodes"])]
        nodes = await nodes_by_id(info, wanted)
        if a not in nodes or b not in nodes:
            return NotFound(
                message="the node was removed while the answer was built",
                missing=[i for i in (a, b) if i not in nodes],
            )
        paths = [p for p in (_path(item, nodes) for item in result.items) if p is not None]
        return Connections(
            source=node_type(nodes[a]),
            target=node_type(nodes[b]),
            paths=paths,
            **answer_fields(
                result, analysed,
                explanation=_explain_paths(result, _name(analysed, a), _name(analysed, b),
                                           max_hops),
                evidence=merged_evidence(result.items),
            ),
        )

    @fields.field(
        description="What `a` and `b` share: mutual contacts, forums, organisations, "
        "communities, interests and places, with the relationships that show it (as "
        "`convene connect --context`)."
    )
    async def shared_context(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        *,
        projection: Projection = Projection.FULL,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> SharedContextResult:
        problems = Problems()
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid
        first, second = clean_id(a), clean_id(b)

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            return {"a": first, "b": second}, lambda: shared_context(
                analysed.graph, first, second
            )

        done = await analyse_nodes(
            info, "shared_context", prepare, projection=projection,
            max_context_size=max_context_size, as_of=as_of, ids={"a": first, "b": second},
            distinct=True,
        )
        if not isinstance(done, tuple):
            return done
        analysed, result = done
        [item] = result.items
        nodes = await nodes_by_id(info, [first, second])
        if first not in nodes or second not in nodes:
            return NotFound(
                message="the node was removed while the answer was built",
                missing=[i for i in (first, second) if i not in nodes],
            )
        labels = ("mutual_contacts", "forums", "organisations", "communities", "interests",
                  "places")
        return SharedContext(
            a=node_type(nodes[first]),
            b=node_type(nodes[second]),
            knows=bool(item.details["knows"]),
            scores=scores_json(item.scores),
            ids={label: [str(i) for i in item.details.get(label, [])] for label in labels},
            **answer_fields(
                result, analysed, explanation=item.explanation,
                evidence=evidence_of(item.evidence),
            ),
        )
