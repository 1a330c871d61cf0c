"""``introductions(for)`` and ``introductionWorklist``: which introductions to broker next, and
who could make them. The same analyses and defaults as ``convene introductions``.

Introductions already recorded are never suggested again. Only those between two people the
caller may see are taken into account (and counted in the parameters), so nothing about a
person beyond the caller's clearance shapes the answer or shows in it.
"""

from __future__ import annotations

import hashlib
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
    analyse_nodes,
    answer_fields,
    clean_id,
    evidence_of,
    merged_evidence,
    node_list,
    nodes_by_id,
    scores_json,
)
from api.graphql.errors import InvalidInput, NotFound
from api.graphql.nodes.types import Info, NodeType, node_type
from graph.analysis.cache import AnalysisGraph
from graph.analysis.introductions import introduction_worklist, suggest_introductions
from graph.analysis.projections import Projection
from graph.analysis.results import AnalysisResult, ResultItem
from graph.model import Node
from graph.vocabulary import NodeKind

MAX_SUGGESTIONS = 200
MAX_PER_PERSON = 50
"""The command line's limits (``convene introductions --k``, ``--per-person``)."""


@strawberry.enum(description="How mutual contacts are weighted.")
class IntroductionMethod(StrEnum):
    ADAMIC_ADAR = "adamic_adar"
    """Each mutual contact counts 1 / log(how many people they know)."""
    RESOURCE_ALLOCATION = "resource_allocation"
    """Each mutual contact counts 1 / (how many people they know)."""


@strawberry.type(description="One reason to make an introduction.")
class IntroductionReason:
    reason: str = strawberry.field(
        description="mutual_contacts, shared_contexts, shared_interests, "
        "joins_local_and_national or joins_communities."
    )
    text: str
    ids: list[strawberry.ID] = strawberry.field(description="The nodes the reason names.")


@strawberry.type(description="Two people worth introducing, why, and who could do it.")
class SuggestedIntroduction:
    person: NodeType = strawberry.field(description="Who the suggestion is for.")
    suggested: NodeType = strawberry.field(description="Whom to introduce them to.")
    score: float
    reasons: list[IntroductionReason]
    scores: JSON
    explanation: str
    evidence: Evidence
    ids: strawberry.Private[dict[str, list[str]]]

    @fields.field(description="Mutual contacts who could make the introduction, best first.")
    async def via(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids["via"], first)

    @fields.field(
        description="Forums, organisations, communities and interests they share, smallest "
        "first."
    )
    async def shared(self, info: Info, first: int = DEFAULT_LIST) -> list[NodeType]:
        return await node_list(info, self.ids["shared"], first)


@strawberry.type(description="Introductions worth brokering for one person, best first.")
class Introductions(AnalysisAnswer):
    person: NodeType
    opted_out: bool = strawberry.field(
        description="True when the person has opted out of introductions (then none)."
    )
    suggestions: list[SuggestedIntroduction]


IntroductionsResult = Annotated[
    Introductions | NotFound | InvalidInput, strawberry.union("IntroductionsResult")
]


@strawberry.type(description="The best introductions across the network, each pair once.")
class IntroductionWorklist(AnalysisAnswer):
    suggestions: list[SuggestedIntroduction]


IntroductionWorklistResult = Annotated[
    IntroductionWorklist | InvalidInput, strawberry.union("IntroductionWorklistResult")
]


# -- helpers -------------------------------------------------------------------------------------


def introduced_pairs(
    store_introductions: list[Any], visible: AnalysisGraph
) -> frozenset[frozenset[Hashable]]:
    """The pairs already introduced, both of whom are in the graph read for the caller."""
    graph = visible.raw
    return frozenset(
        frozenset((i.a, i.b)) for i in store_introductions if i.a in graph and i.b in graph
    )


def digest(pairs: frozenset[frozenset[Hashable]]) -> str:
    """A short fingerprint of the introductions made (part of the cache key: recording one
    does not change the graph version, but does change the answer)."""
    text = "\n".join(sorted("\t".join(sorted(map(str, p))) for p in pairs))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _suggestion(item: ResultItem, nodes: dict[str, Node]) -> SuggestedIntroduction | None:
    person, suggested = str(item.details["person"]), str(item.details["suggested"])
    if person not in nodes or suggested not in nodes:
        return None
    return SuggestedIntroduction(
        person=node_type(nodes[person]),
        suggested=node_type(nodes[suggested]),
        score=float(item.scores["score"]),
        reasons=[
            IntroductionReason(
                reason=str(r["reason"]), text=str(r["text"]),
                ids=[strawberry.ID(str(i)) for i in r["ids"]],
            )
            for r in item.details["reasons"]
        ],
        scores=scores_json(item.scores),
        explanation=item.explanation,
        evidence=evidence_of(item.evidence),
        ids={
            "via": [str(v) for v in item.details["via"]],
            "shared": [str(s) for s in item.details["shared"]],
        },
    )


async def _suggestions(info: Info, result: AnalysisResult) -> list[SuggestedIntroduction]:
    nodes = await nodes_by_id(
        info,
        [str(x) for i in result.items for x in (i.details["person"], i.details["suggested"])],
    )
    built = (_suggestion(item, nodes) for item in result.items)
    return [s for s in built if s is not None]


def _introduced(info: Info, analysed: AnalysisGraph) -> frozenset[frozenset[Hashable]]:
    """The pairs already introduced that matter here (blocking: runs off the event loop)."""
    return introduced_pairs(info.context.store.introductions(), analysed)


# -- queries -------------------------------------------------------------------------------------


@strawberry.type
class IntroductionQueries:
    @fields.field(
        description="Introductions worth brokering for `for`: people not yet tied, ranked by "
        "mutual contacts, shared forums, interests and communities, with extra weight for "
        "joining local and national work or two communities. Each names the mutual contacts "
        "who could make it and the reasons. People who opted out are never suggested; pairs "
        "already introduced are not suggested again."
    )
    async def introductions(
        self,
        info: Info,
        for_: Annotated[strawberry.ID, strawberry.argument(name="for")],
        *,
        first: int = 10,
        method: IntroductionMethod = IntroductionMethod.ADAMIC_ADAR,
        require_via: bool = False,
        projection: Projection = Projection.FULL,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> IntroductionsResult:
        problems = Problems()
        problems.between("first", first, 1, MAX_SUGGESTIONS)
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid
        person = clean_id(for_)

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            introduced = _introduced(info, analysed)
            parameters = {
                "method": method.value, "introduced": digest(introduced),
                "max_context_size": max_context_size, "person": person, "k": first,
                "require_via": require_via,
            }
            return parameters, lambda: suggest_introductions(
                analysed.graph, person, k=first, method=method.value,
                already_introduced=introduced, require_via=require_via,
                max_context_size=max_context_size,
            )

        done = await analyse_nodes(
            info, "introductions", prepare, projection=projection,
            max_context_size=max_context_size, as_of=as_of, ids={"for": person},
            kind=NodeKind.PERSON,
        )
        if not isinstance(done, tuple):
            return done
        analysed, result = done
        found = await nodes_by_id(info, [person])
        if person not in found:
            return NotFound(message="the node was removed while the answer was built",
                            missing=[person])
        name = found[person].name
        opted_out = bool(result.summary.get("opted_out"))
        if opted_out:
            explanation = f"{name} has opted out of introductions."
        elif result.items:
            explanation = (
                f"{len(result.items)} introduction(s) worth brokering for {name}. First: "
                f"{result.items[0].explanation}"
            )
        else:
            explanation = f"No one to suggest introducing to {name}."
        return Introductions(
            person=node_type(found[person]),
            opted_out=opted_out,
            suggestions=await _suggestions(info, result),
            **answer_fields(
                result, analysed, explanation=explanation,
                evidence=merged_evidence(result.items),
            ),
        )

    @fields.field(
        description="A network-wide worklist: for each person the `perPerson` best "
        "suggestions, each pair once, the best `first` overall; by default only those a "
        "mutual contact could make (`requireVia`)."
    )
    async def introduction_worklist(
        self,
        info: Info,
        *,
        first: int = 50,
        per_person: int = 3,
        method: IntroductionMethod = IntroductionMethod.ADAMIC_ADAR,
        require_via: bool = True,
        projection: Projection = Projection.FULL,
        max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
        as_of: date | None = None,
    ) -> IntroductionWorklistResult:
        problems = Problems()
        problems.between("first", first, 1, 1_000)
        problems.between("perPerson", per_person, 1, MAX_PER_PERSON)
        problems.context_size(max_context_size)
        if invalid := problems.result():
            return invalid

        def prepare(analysed: AnalysisGraph) -> tuple[dict[str, Any], Callable[[], AnalysisResult]]:
            introduced = _introduced(info, analysed)
            parameters = {
                "method": method.value, "introduced": digest(introduced),
                "max_context_size": max_context_size, "per_person": per_person,
                "limit": first, "require_via": require_via,
            }
            return parameters, lambda: introduction_worklist(
                analysed.graph, per_person=per_person, limit=first, method=method.value,
                already_introduced=introduced, require_via=require_via,
                max_context_size=max_context_size,
            )

        analysed, result = await analyse(
            info, "introduction_worklist", prepare, projection=projection,
            max_context_size=max_context_size, as_of=as_of,
        )
        suggestions = await _suggestions(info, result)
        if suggestions:
            explanation = (
                f"{len(suggestions)} introduction(s) worth brokering across the network. "
                f"First: {result.items[0].explanation}"
            )
        else:
            explanation = "No introductions to suggest."
        return IntroductionWorklist(
            suggestions=suggestions,
            **answer_fields(
                result, analysed, explanation=explanation,
                evidence=merged_evidence(result.items),
            ),
        )
