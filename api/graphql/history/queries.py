"""``changes(since, until)`` and ``indicators(from, to)``: is the network changing, and are we
making a difference? The same figures as ``convene changes`` and ``convene indicators``, on
the network as the caller may see it: people beyond their clearance are not in the graph
read, and only introductions between two people they may see are counted.

Both read the same cached graph as the analyses and cache their answers per graph version,
clearance and parameters (recording an introduction changes the fingerprint in the key).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Annotated, Any

import networkx as nx
import strawberry

from api.graphql import fields
from api.graphql.analysis.reading import read_history
from api.graphql.analysis.types import Problems, RelationshipKey, node_list, relationship_key
from api.graphql.errors import InvalidInput, input_problem, invalid_input
from api.graphql.nodes.types import Info, NodeType, page_size
from graph.analysis.cache import Snapshot, cached
from graph.analysis.history import Changes as ChangesRecord
from graph.analysis.history import (
    PeriodFigures,
    changes,
    check_period,
    communities_of,
    indicators,
    quarter_ends,
)
from graph.errors import InvalidData
from graph.model import parse_date
from graph.records import Introduction

DEFAULT_TIES = 100


@strawberry.type(description="What changed in the network between two days.")
class Changes:
    since: date
    until: date
    graph_version: int
    introductions_made: int
    introductions_converted: int = strawberry.field(
        description="Introductions made in the period that became direct ties."
    )
    explanation: str
    record: strawberry.Private[ChangesRecord]

    @fields.field(description="How many nodes joined the network (first tie in the period).")
    def nodes_added_count(self) -> int:
        return len(self.record.nodes_added)

    @fields.field(description="Nodes that joined the network in the period.")
    async def nodes_added(self, info: Info, first: int = DEFAULT_TIES) -> list[NodeType]:
        return await node_list(info, self.record.nodes_added, first)

    @fields.field(description="Relationships that began in the period.")
    def ties_added(self, first: int = DEFAULT_TIES) -> list[RelationshipKey]:
        return [relationship_key(k) for k in self.record.ties_added[: page_size(first)]]

    @strawberry.field
    def ties_added_count(self) -> int:
        return len(self.record.ties_added)

    @fields.field(description="Relationships that ended in the period (ended, never deleted).")
    def ties_ended(self, first: int = DEFAULT_TIES) -> list[RelationshipKey]:
        return [relationship_key(k) for k in self.record.ties_ended[: page_size(first)]]

    @strawberry.field
    def ties_ended_count(self) -> int:
        return len(self.record.ties_ended)

    @fields.field(description="New ties joining two communities.")
    def new_community_bridges(self, first: int = DEFAULT_TIES) -> list[RelationshipKey]:
        return [
            relationship_key(k) for k in self.record.new_community_bridges[: page_size(first)]
        ]

    @fields.field(description="New ties joining local and national actors.")
    def new_local_national_ties(self, first: int = DEFAULT_TIES) -> list[RelationshipKey]:
        return [
            relationship_key(k) for k in self.record.new_local_national_ties[: page_size(first)]
        ]


ChangesResult = Annotated[Changes | InvalidInput, strawberry.union("ChangesResult")]


@strawberry.type(description="The weaving indicators at the end of one quarter.")
class Period:
    period: str = strawberry.field(description="e.g. 2024Q1.")
    day: date = strawberry.field(description="The quarter's last day.")
    people: int
    nodes: int
    ties: int
    density: float
    largest_group_share: float = strawberry.field(
        description="Share of people in the largest connected group."
    )
    local_national_ties: int
    cross_community_ties: int
    broker_concentration: float = strawberry.field(
        description="Share of all people's betweenness held by the top five."
    )
    introductions_made: int
    introductions_converted: int
    conversion_rate: float | None


@strawberry.type(description="Network-weaving indicators per quarter.")
class Indicators:
    graph_version: int
    explanation: str
    periods: list[Period]


IndicatorsResult = Annotated[Indicators | InvalidInput, strawberry.union("IndicatorsResult")]


def _period(figures: PeriodFigures) -> Period:
    return Period(**{name: getattr(figures, name) for name in PeriodFigures.__dataclass_fields__})


def visible_introductions(made: list[Introduction], graph: nx.MultiDiGraph) -> list[Introduction]:
    """Introductions between two people the caller may see (the graph was read for them)."""
    return [i for i in made if i.a in graph and i.b in graph]


def _year_before(day: date) -> date:
    """A year before ``day``, or the first day there is."""
    return day - timedelta(days=365) if day - date.min >= timedelta(days=365) else date.min


def _digest(made: list[Introduction]) -> str:
    text = "\n".join(sorted(f"{i.a}\t{i.b}\t{i.made_on}" for i in made))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def earliest(graph: nx.MultiDiGraph) -> date | None:
    """The earliest day a visible tie began (where ``indicators`` starts by default)."""
    days = [parse_date("since", d["since"]) for _, _, d in graph.edges(data=True)
            if d.get("since")]
    return min((d for d in days if d), default=None)


def _groups(snapshot: Snapshot, seed: int) -> dict[str, int]:
    return cached(snapshot, "history_communities", {"seed": seed},
                  lambda: communities_of(snapshot.graph, seed=seed))


async def _read(info: Info) -> tuple[Snapshot, list[Introduction]]:
    context = info.context
    snapshot = await context.call(read_history, context.store, context.clearance)
    made = await context.call(context.store.introductions)
    return snapshot, visible_introductions(made, snapshot.graph)


@strawberry.type
class HistoryQueries:
    @fields.field(
        description="Nodes and ties added and ended from `since` to `until` (today by "
        "default), new bridges between communities and between local and national work, and "
        "introductions made and how many became ties."
    )
    async def changes(
        self, info: Info, since: date, until: date | None = None, seed: int = 0
    ) -> ChangesResult:
        end = until or date.today()
        problems = Problems()
        if end < since:
            problems.add("until", end.isoformat(), f"is before since ({since})")
        if invalid := problems.result():
            return invalid
        snapshot, made = await _read(info)
        parameters: dict[str, Any] = {
            "since": since.isoformat(), "until": end.isoformat(), "seed": seed,
            "introductions": _digest(made),
        }

        def compute() -> ChangesRecord:
            return changes(snapshot.graph, since, until=end, introductions=made,
                           communities=_groups(snapshot, seed))

        found: ChangesRecord = await info.context.call(
            cached, snapshot, "changes", parameters, compute
        )
        return Changes(
            since=found.since,
            until=found.until,
            graph_version=snapshot.version,
            introductions_made=found.introductions_made,
            introductions_converted=found.introductions_converted,
            explanation=found.explanation,
            record=found,
        )

    @fields.field(
        description="Network-weaving indicators at the end of each quarter from `from` (by "
        "default the earliest dated tie) to `to` (today): size, density, the share of people "
        "in the largest group, local-national ties, ties across communities, brokers' "
        "concentration and introductions' conversion rate."
    )
    async def indicators(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        seed: int = 0,
    ) -> IndicatorsResult:
        snapshot, made = await _read(info)
        end = to or date.today()
        start = from_ or earliest(snapshot.graph) or _year_before(end)
        try:
            check_period(start, end)
        except InvalidData as exc:
            return invalid_input(input_problem(p) for p in exc.problems)
        periods = quarter_ends(start, end)
        parameters: dict[str, Any] = {
            "from": start.isoformat(), "to": end.isoformat(), "seed": seed,
            "introductions": _digest(made),
        }

        def compute() -> list[PeriodFigures]:
            return indicators(snapshot.graph, periods, introductions=made,
                              communities=_groups(snapshot, seed), seed=seed)

        rows: list[PeriodFigures] = await info.context.call(
            cached, snapshot, "indicators", parameters, compute
        )
        if rows:
            first, last = rows[0], rows[-1]
            explanation = (
                f"{len(rows)} quarter(s) from {first.period} to {last.period}: the network "
                f"went from {first.people} to {last.people} people and from {first.ties} to "
                f"{last.ties} ties; {last.local_national_ties} ties join local and national "
                f"actors and {last.cross_community_ties} cross communities at the end."
            )
        else:
            explanation = "No quarters in that range."
        return Indicators(
            graph_version=snapshot.version,
            explanation=explanation,
            periods=[_period(r) for r in rows],
        )
