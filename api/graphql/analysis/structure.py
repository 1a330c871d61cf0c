"""``brokers``, ``communities`` and ``sweetSpots``: the network's structure, as the caller may
see it. The same analyses, defaults and groupings as ``convene brokers``, ``convene
communities`` and ``convene sweet-spots``."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from enum import StrEnum
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
    analyse,
    answer_fields,
    evidence_of,
    finite,
    merged_evidence,
    node_list,
    nodes_by_id,
    plain,
    scores_json,
)
from api.graphql.errors import InvalidInput
from api.graphql.nodes.types import Info, NodeType, node_type, page_size
from graph.analysis.brokerage import broker_grouping
from graph.analysis.brokers import brokers as rank_brokers
from graph.analysis.cache import AnalysisGraph
from graph.analysis.communities import communities as find_communities
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.analysis.sweet_spots import sweet_spot_gaps
from graph.analysis.sweet_spots import sweet_spots as rank_sweet_spots
from graph.model import Node
from graph.store.base import MAX_PAGE_SIZE
from graph.vocabulary import NodeKind

DEFAULT_SEED = 42
"""The command line's seed for brokers and communities."""


@strawberry.enum(description="What a broker joins.")
class BrokerGrouping(StrEnum):
    COMMUNITY = "community"
    SCALE = "scale"
    ORGANISATION = "organisation"
    NONE = "none"


@strawberry.enum(description="How communities are found.")
class CommunityMethod(StrEnum):
    LOUVAIN = "louvain"
    LEIDEN = "leiden"
    """Leiden guarantees each community is connected."""


# -- brokers -------------------------------------------------------------------------------------


@strawberry.type(description="A node that lies between others, and why it matters.")
class Broker:
    node: NodeType
    rank: int = strawberry.field(description="Its rank by betweenness among every node.")
    betweenness: float = strawberry.field(description="Normalised, 0 to 1.")
    constraint: float | None = strawberry.field(
        description="Burt's constraint (lower: more holes to broker across); null when it "
        "has no ties."
    )
    effective_size: float | None = strawberry.field(
        description="Burt's count of non-redundant contacts."
    )
    degree: int
    groups_joined: int | None = strawberry.field(description="Groups its ties reach.")
    sole_bridge_pairs: int | None = strawberry.field(
        description="Pairs of groups it alone ties together."
    )
    scores: JSON = strawberry.field(description="Every score, Gould-Fernandez roles included.")
    explanation: str
    evidence: Evidence


@strawberry.type(description="The nodes that broker most, by betweenness.")
class Brokers(AnalysisAnswer):
    brokers: list[Broker]


BrokersResult = Annotated[Brokers | InvalidInput, strawberry.union("BrokersResult")]


def grouping(
    analysed: AnalysisGraph, group_by: BrokerGrouping, seed: int
) -> tuple[dict[Hashable, Hashable] | None, dict[Hashable, str]]:
    """What a broker joins, as ``convene brokers --group-by`` groups it: node to group, and
    group to a readable name."""
    return broker_grouping(analysed.graph, analysed.raw, group_by.value, seed=seed)


def _optional_int(scores: dict[str, float], key: str) -> int | None:
    value = scores.get(key)
    return int(value) if value is not None else None


def _broker(item: ResultItem, node: NodeType) -> Broker:
    scores = dict(item.scores)
    return Broker(
        node=node,
        rank=int(scores["rank"]),
        betweenness=float(scores["betweenness"]),
        constraint=finite(scores.get("constraint")),
        effective_size=finite(scores.get("effective_size")),
        degree=int(scores["degree"]),
        groups_joined=_optional_int(scores, "groups_joined"),
        sole_bridge_pairs=_optional_int(scores, "sole_bridge_pairs"),
        scores=scores_json(scores),
        explanation=item.explanation,
        evidence=evidence_of(item.evidence),
    )


def _explain_brokers(result: AnalysisResult) -> str:
    summary = result.summary
    if not result.items:
        return "There are no nodes to rank."
    if summary.get("betweenness") == "exact":
        how = f"exact over {summary['nodes']:,} nodes"
    else:
        how = (
            f"sampled from {summary['pivots']:,} of {summary['nodes']:,} sources (seeded), "
            f"within ±{summary['error_bound']:.3f} of exact with "
            f"{summary['confidence']:.0%} confidence"
        )
    return (
        f"The {len(result.items)} nodes on most shortest paths between others (betweenness "
        f"{how}). First: {result.items[0].explanation}"
    )


# -- communities --------------------------------------------------------------------------------


@strawberry.type(description="Something over-represented among a community's members.")
class CommunityLabel:
    node: NodeType | None = strawberry.field(description="The interest, forum or place.")
    name: str
    kind: NodeKind
    members: int = strawberry.field(description="Members who have it.")
    share: float = strawberry.field(description="Of the community's members.")
    lift: float | None = strawberry.field(description="Its share here over its share overall.")
    z: float | None = strawberry.field(description="How sure the over-representation is.")


@strawberry.type(
    name="NetworkCommunity",
    description="A group more tied among itself than to the rest (found by `communities`).",
)
class Community:
    id: str
    label: str = strawberry.field(description="Its most over-represented interest, forum, place.")
    size: int
    internal_share: float = strawberry.field(
        description="The share of its members' ties that stay inside it."
    )
    modularity: float = strawberry.field(description="Its part of the partition's modularity.")
    labels: list[CommunityLabel]
    scores: JSON
    explanation: str
    evidence: Evidence
    member_ids: strawberry.Private[list[str]]

    @fields.field(description="Its members, by id.")
    async def members(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.member_ids, first)


@strawberry.type(description="The communities of the network, largest first.")
class Communities(AnalysisAnswer):
    modularity: float = strawberry.field(description="The whole partition's modularity.")
    total: int = strawberry.field(description="How many communities were found.")
    communities: list[Community] = strawberry.field(description="The largest `first`.")


CommunitiesResult = Annotated[
    Communities | InvalidInput, strawberry.union("CommunitiesResult")
]


def _community(item: ResultItem, found: dict[str, Node]) -> Community:
    features: list[dict[str, Any]] = list(item.details["features"])
    labels = [
        CommunityLabel(
            node=node_type(found[f["id"]]) if f["id"] in found else None,
            name=str(f["name"]),
            kind=NodeKind(f["kind"]),
            members=int(f["members"]),
            share=float(f["share"]),
            lift=finite(float(f["lift"])),
            z=finite(f.get("z")),
        )
        for f in features
    ]
    return Community(
        id=item.id,
        label=item.name,
        size=int(item.scores["size"]),
        internal_share=float(item.scores["internal_share"]),
        modularity=float(item.scores["modularity"]),
        labels=labels,
        scores=scores_json(item.scores),
        explanation=item.explanation,
        evidence=evidence_of(item.evidence),
        member_ids=[str(m) for m in item.details["members"]],
    )


# -- sweet spots ---------------------------------------------------------------------------------


@strawberry.type(description="A local and a national actor, and who joins them if anyone.")
class LocalNationalPair:
    local: NodeType | None
    national: NodeType | None
    via: NodeType | None = strawberry.field(
        description="The intermediary that joins them; null when they are tied directly or "
        "(for a suggested introduction) not at all."
    )


@strawberry.type(
    description="An interest, forum or organisation where local and national actors meet."
)
class SweetSpot:
    node: NodeType
    score: float = strawberry.field(description="coverage * log2(1 + min(local, national)).")
    gap: float = strawberry.field(description="(1 - coverage) * log2(1 + min(local, national)).")
    coverage: float = strawberry.field(
        description="The share of its actors tied to the other side outside it."
    )
    local_count: int
    national_count: int
    scores: JSON
    explanation: str
    evidence: Evidence
    ids: strawberry.Private[dict[str, Any]]

    @fields.field(description="Local actors engaged with it.")
    async def local(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids.get("local", []), first)

    @fields.field(description="National and international actors engaged with it.")
    async def national(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids.get("national", []), first)

    @fields.field(description="Local actors with no tie to the other side outside it (gaps).")
    async def unjoined_local(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids.get("unjoined_local", []), first)

    @fields.field(description="National actors with no tie to the other side outside it (gaps).")
    async def unjoined_national(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids.get("unjoined_national", []), first)

    @fields.field(description="How local and national actors are joined outside it.")
    async def joins(self, info: Info, first: int = DEFAULT_LIST) -> list[LocalNationalPair]:
        return await _pairs(info, self.ids.get("joins", []), first)

    @fields.field(description="Introductions that would join the two sides on it (gaps).")
    async def introductions(
        self, info: Info, first: int = DEFAULT_LIST
    ) -> list[LocalNationalPair]:
        return await _pairs(info, self.ids.get("introductions", []), first)


async def _pairs(info: Info, pairs: list[dict[str, Any]], first: int) -> list[LocalNationalPair]:
    shown = pairs[: page_size(first)]
    found = await nodes_by_id(info, [v for p in shown for v in p.values() if v is not None])

    def node(value: str | None) -> NodeType | None:
        return node_type(found[value]) if value is not None and value in found else None

    return [
        LocalNationalPair(
            local=node(p.get("local")), national=node(p.get("national")), via=node(p.get("via"))
        )
        for p in shown
    ]


@strawberry.type(description="Where local and national work meet (or, with gaps, where not).")
class SweetSpots(AnalysisAnswer):
    gaps: bool
    spots: list[SweetSpot]


SweetSpotsResult = Annotated[SweetSpots | InvalidInput, strawberry.union("SweetSpotsResult")]


def _spot(item: ResultItem, node: NodeType) -> SweetSpot:
    details = item.details
    return SweetSpot(
        node=node,
        score=float(item.scores["score"]),
        gap=float(item.scores["gap"]),
        coverage=float(item.scores["coverage"]),
        local_count=int(item.scores["local"]),
        national_count=int(item.scores["national"]),
        scores=scores_json(item.scores),
        explanation=item.explanation,
        evidence=evidence_of(item.evidence),
        ids=plain({
            key: details.get(key, [])
            for key in ("local", "national", "unjoined_local", "unjoined_national", "joins",
                        "introductions")
        }),
    )


# -- queries -------------------------------------------------------------------------------------


@strawberry.type
class StructureQueries:
    @fields.field(
        description="The `first` nodes (of `kind`, if given) on most shortest paths between "
        "others (betweenness; exact on small graphs, estimated from `sample` pivot sources on "
        "large ones, with the error bound in the summary), with Burt's constraint and "
        "effective size and, against `groupBy`, the groups each joins and its brokerage roles."
    )
    async def brokers(
        self,
        info: Info,
        *,
        kind: NodeKind | None = None,
        first: int = 20,
        group_by: BrokerGrouping = BrokerGrouping.COMMUNITY,
        sample: int | None = None,
        seed: int = DEFAULT_SEED,
        projection: Projection = Projection.FULL,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> BrokersResult:
        problems = Problems()
        problems.between("first", first, 1, MAX_PAGE_SIZE)
        if sample is not None and sample < 0:
            problems.add("sample", sample, "must be 0 (exact) or a positive number of pivots")
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid
        parameters = {
            "kind": kind.value if kind else None, "top": first, "group_by": group_by.value,
            "sample": sample, "seed": seed,
        }

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            def compute() -> AnalysisResult:
                groups, names = grouping(analysed, group_by, seed)
                return rank_brokers(
                    analysed.graph, kind=kind, top=first, sample=sample, seed=seed,
                    groups=groups, group_names=names,
                )

            return parameters, compute

        analysed, result = await analyse(
            info, "brokers", prepare, projection=projection,
            max_context_size=max_context_size, as_of=as_of,
        )
        nodes = await nodes_by_id(info, [item.id for item in result.items])
        return Brokers(
            brokers=[_broker(i, node_type(nodes[i.id])) for i in result.items if i.id in nodes],
            **answer_fields(
                result, analysed, explanation=_explain_brokers(result),
                evidence=merged_evidence(result.items),
            ),
        )

    @fields.field(
        description="Communities (Louvain or Leiden, seeded), largest first, each labelled by "
        "its most over-represented interests, forums and places, with the modularity. Only "
        "the caller's visible network is partitioned."
    )
    async def communities(
        self,
        info: Info,
        *,
        method: CommunityMethod = CommunityMethod.LOUVAIN,
        resolution: float = 1.0,
        seed: int = DEFAULT_SEED,
        first: int = DEFAULT_LIST,
        projection: Projection = Projection.PEOPLE,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> CommunitiesResult:
        problems = Problems()
        problems.between("first", first, 1, MAX_PAGE_SIZE)
        if not resolution > 0:
            problems.add("resolution", resolution, "must be above 0")
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid
        parameters = {"method": method.value, "resolution": resolution, "seed": seed}

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            return parameters, lambda: find_communities(
                analysed.graph, full=analysed.raw, method=method.value, resolution=resolution,
                seed=seed,
            )

        analysed, result = await analyse(
            info, "communities", prepare, projection=projection,
            max_context_size=max_context_size, as_of=as_of,
        )
        listed = result.items[:first]
        found = await nodes_by_id(
            info, [f["id"] for item in listed for f in item.details["features"]]
        )
        shown = [_community(item, found) for item in listed]
        modularity = float(result.summary.get("modularity", 0.0))
        if result.items:
            explanation = (
                f"{len(result.items)} communities (modularity {modularity:.3f}) among "
                f"{result.summary.get('nodes', 0):,} nodes; the largest: "
                f"{result.items[0].explanation}"
            )
        else:
            explanation = "There are no nodes to partition."
        return Communities(
            modularity=modularity,
            total=len(result.items),
            communities=shown,
            **answer_fields(
                result, analysed, explanation=explanation,
                evidence=merged_evidence(result.items[:first]),
            ),
        )

    @fields.field(
        description="The interests, forums and organisations where local and national actors "
        "meet, by how well they are joined outside it; with `gaps`, where both are present "
        "but not joined, with the introductions that would join them."
    )
    async def sweet_spots(
        self,
        info: Info,
        *,
        first: int = 20,
        gaps: bool = False,
        as_of: date | None = None,
    ) -> SweetSpotsResult:
        problems = Problems()
        problems.between("first", first, 1, MAX_PAGE_SIZE)
        if invalid := problems.result():
            return invalid
        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            graph = analysed.graph
            return {"top": first}, lambda: (
                sweet_spot_gaps(graph, top=first) if gaps else rank_sweet_spots(graph, top=first)
            )

        analysed, result = await analyse(
            info, "sweet_spot_gaps" if gaps else "sweet_spots", prepare,
            projection=Projection.FULL, max_context_size=DEFAULT_MAX_CONTEXT_SIZE, as_of=as_of,
        )
        nodes = await nodes_by_id(info, [item.id for item in result.items])
        if result.items:
            what = "Gaps between local and national work" if gaps else "Sweet spots"
            explanation = f"{what}: {len(result.items)}. First: {result.items[0].explanation}"
        elif gaps:
            explanation = "No gaps: wherever local and national actors meet, they are joined."
        else:
            explanation = (
                "No interest, forum or organisation has both local and national actors."
            )
        return SweetSpots(
            gaps=gaps,
            spots=[_spot(i, node_type(nodes[i.id])) for i in result.items if i.id in nodes],
            **answer_fields(
                result, analysed, explanation=explanation, evidence=merged_evidence(result.items)
            ),
        )
