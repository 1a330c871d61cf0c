"""History: the network as it stood on a date, what changed since, and weaving indicators.

Relationships carry ``since`` and ``until`` (ISO dates). A relationship is *active* on a day
when it began on or before that day (or has no ``since``) and had not ended by it (no
``until``, or ``until`` after the day). A node is *in the network* on a day when it has an
active relationship then, or has no dated relationship at all (undated facts are taken as
always true). Introductions made (:class:`graph.records.Introduction`) count as *converted*
once the two people have a direct tie that began on or after the introduction.

The indicators follow the network-weaving measures of Krebs and Holley [1]_: size, density,
the share of people in the largest connected group, ties that join local and national actors,
ties across communities, how much brokerage depends on the few most central convenors [2]_,
and how many brokered introductions became ties.

References
----------
.. [1] V. Krebs and J. Holley, "Building Smart Communities through Network Weaving" (2006).
.. [2] L. C. Freeman, "Centrality in social networks: conceptual clarification", Social
   Networks 1(3), 215-239 (1979).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.projections import effective_scales, full_graph
from graph.errors import InvalidData
from graph.records import Introduction
from graph.timeline import active, as_of, day_of
from graph.vocabulary import NodeKind, Scale

LOCAL_SIDE = frozenset({Scale.LOCAL})
NATIONAL_SIDE = frozenset({Scale.NATIONAL, Scale.INTERNATIONAL})
TOP_BROKERS = 5
EXACT_BETWEENNESS_LIMIT = 2_000
"""Above this many nodes, betweenness is estimated from a seeded sample of sources."""
BETWEENNESS_SAMPLE = 256


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed in the network between ``since`` and ``until``."""

    since: date
    until: date
    nodes_added: list[str]
    ties_added: list[tuple[str, str, str]]
    ties_ended: list[tuple[str, str, str]]
    new_community_bridges: list[tuple[str, str, str]]
    new_local_national_ties: list[tuple[str, str, str]]
    introductions_made: int
    introductions_converted: int
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"], out["until"] = self.since.isoformat(), self.until.isoformat()
        for name in ("ties_added", "ties_ended", "new_community_bridges",
                     "new_local_national_ties"):
            out[name] = [{"source": s, "type": t, "target": d} for s, t, d in out[name]]
        return out


def _sides(scales: Mapping[str, Scale], u: str, v: str) -> bool:
    a, b = scales.get(u), scales.get(v)
    return (a in LOCAL_SIDE and b in NATIONAL_SIDE) or (a in NATIONAL_SIDE and b in LOCAL_SIDE)


def communities_of(G: nx.MultiDiGraph, *, seed: int = 0) -> dict[str, int]:
    """A fixed grouping to count ties across: Louvain communities of the whole graph [3]_.

    History compares every period against the same grouping, so that a tie counts as a bridge
    because of who it joins, not because the communities moved.

    References
    ----------
    .. [3] V. D. Blondel et al., "Fast unfolding of communities in large networks", J. Stat.
       Mech. P10008 (2008).
    """
    H = full_graph(G)
    groups = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return {node: i for i, group in enumerate(groups) for node in group}


def _converted(intro: Introduction, G: nx.MultiDiGraph, by: date) -> bool:
    for u, v in ((intro.a, intro.b), (intro.b, intro.a)):
        if not G.has_node(u) or not G.has_node(v):
            continue
        for data in G.get_edge_data(u, v, default={}).values():
            since = day_of(data.get("since"))
            if active(data, by) and (since is None or since >= intro.made_on):
                return True
    return False


def changes(
    G: nx.MultiDiGraph,
    since: date,
    *,
    until: date | None = None,
    introductions: Sequence[Introduction] = (),
    communities: Mapping[str, int] | None = None,
) -> Changes:
    """What was added and ended from ``since`` to ``until`` (today by default).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The store's graph, with dated relationships.
    since, until : datetime.date
    introductions : sequence of Introduction
        Introductions recorded in the store.
    communities : mapping, optional
        Node to community; :func:`communities_of` by default.

    Returns
    -------
    Changes

    Examples
    --------
    >>> import networkx as nx
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ada", "bob", key="KNOWS", type="KNOWS", since="2024-02-01")
    >>> _ = G.add_edge("ada", "cas", key="KNOWS", type="KNOWS", until="2024-03-01")
    >>> c = changes(G, date(2024, 1, 1), until=date(2024, 12, 31))
    >>> c.ties_added, c.ties_ended
    ([('ada', 'KNOWS', 'bob')], [('ada', 'KNOWS', 'cas')])
    """
    end = until or date.today()
    groups = communities if communities is not None else communities_of(G)
    scales = effective_scales(G)
    first_seen: dict[str, date | None] = {}
    added, ended, bridges, joins = [], [], [], []
    for u, v, key, data in G.edges(keys=True, data=True):
        start, stop = day_of(data.get("since")), day_of(data.get("until"))
        triple = (u, str(data.get("type", key)), v)
        for node in (u, v):
            earliest = first_seen.get(node, date.max)
            first_seen[node] = min(earliest, start) if start and earliest else None
        if start is not None and since <= start <= end:
            added.append(triple)
            if groups.get(u) is not None and groups.get(v) is not None \
                    and groups[u] != groups[v]:
                bridges.append(triple)
            if _sides(scales, u, v):
                joins.append(triple)
        if stop is not None and since <= stop <= end:
            ended.append(triple)
    new_nodes = sorted(n for n, first in first_seen.items() if first and since <= first <= end)
    made = [i for i in introductions if since <= i.made_on <= end]
    converted = sum(_converted(i, G, end) for i in made)
    explanation = (
        f"Between {since} and {end}, {len(new_nodes)} nodes joined the network, "
        f"{len(added)} ties began and {len(ended)} ended. {len(bridges)} of the new ties "
        f"bridge two communities and {len(joins)} join local and national actors. "
        f"{len(made)} introductions were made, and {converted} of them became ties."
    )
    return Changes(since, end, new_nodes, added, ended, bridges, joins, len(made), converted,
                   explanation)


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The weaving indicators at the end of one period."""

    period: str
    day: date
    people: int
    nodes: int
    ties: int
    density: float
    largest_group_share: float
    """Share of people in the largest connected group."""
    local_national_ties: int
    cross_community_ties: int
    broker_concentration: float
    """Share of all people's betweenness held by the top five."""
    introductions_made: int
    introductions_converted: int
    conversion_rate: float | None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["day"] = self.day.isoformat()
        return out


MAX_QUARTERS = 200
"""The most quarters one request for indicators may ask for."""


def quarter_count(start: date, end: date) -> int:
    """How many quarters ``quarter_ends(start, end)`` names, without naming them.

    Examples
    --------
    >>> quarter_count(date(2024, 2, 1), date(2025, 1, 1))
    5
    """
    return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts (naming ``to``) or spans more than
    :data:`MAX_QUARTERS` quarters (naming ``from``)."""
    if end < start:
        raise InvalidData.one("to", end.isoformat(), f"is before from ({start})")
    if (count := quarter_count(start, end)) > MAX_QUARTERS:
        raise InvalidData.one(
            "from", start.isoformat(), f"asks for {count} quarters; at most {MAX_QUARTERS} at once"
        )


def quarter_ends(start: date, end: date) -> list[tuple[str, date]]:
    """``("2024Q1", date(2024, 3, 31))`` for each quarter from ``start``'s to ``end``'s.

    Examples
    --------
    >>> quarter_ends(date(2024, 2, 1), date(2024, 7, 1))
    [('2024Q1', datetime.date(2024, 3, 31)), ('2024Q2', datetime.date(2024, 6, 30)), ('2024Q3', datetime.date(2024, 9, 30))]
    """  # noqa: E501
    out = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        month = quarter * 3
        last = date(year, month, calendar.monthrange(year, month)[1])
        out.append((f"{year}Q{quarter}", last))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def _broker_concentration(H: nx.Graph, people: set[str], seed: int) -> float:
    if H.number_of_nodes() < 3 or not people:
        return 0.0
    k = None if H.number_of_nodes() <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_SAMPLE
    scores = nx.betweenness_centrality(H, k=k, seed=seed, normalized=False)
    ranked = sorted((scores[p] for p in people if p in scores), reverse=True)
    total = sum(ranked)
    return sum(ranked[:TOP_BROKERS]) / total if total else 0.0


def indicators(
    G: nx.MultiDiGraph,
    periods: Iterable[tuple[str, date]],
    *,
    introductions: Sequence[Introduction] = (),
    communities: Mapping[str, int] | None = None,
    seed: int = 0,
) -> list[PeriodFigures]:
    """The weaving indicators at the end of each period (see :func:`quarter_ends`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The store's graph, with dated relationships.
    periods : iterable of (label, day)
    introductions : sequence of Introduction
    communities : mapping, optional
        A fixed grouping; :func:`communities_of` the whole graph by default.
    seed : int
        For sampled betweenness on graphs above :data:`EXACT_BETWEENNESS_LIMIT` nodes.

    Returns
    -------
    list of PeriodFigures

    Examples
    --------
    >>> import networkx as nx
    >>> from datetime import date
    >>> from graph.vocabulary import NodeKind
    >>> G = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     G.add_node(n, kind=NodeKind.PERSON, name=n)
    >>> _ = G.add_edge("a", "b", key="KNOWS", type="KNOWS", since="2024-01-10")
    >>> _ = G.add_edge("b", "c", key="KNOWS", type="KNOWS", since="2024-05-10")
    >>> [(f.period, f.people, f.ties) for f in indicators(G, quarter_ends(date(2024, 1, 1),
    ...                                                                   date(2024, 6, 1)))]
    [('2024Q1', 2, 1), ('2024Q2', 3, 2)]
    """
    groups = communities if communities is not None else communities_of(G, seed=seed)
    out = []
    for label, day in periods:
        snap = as_of(G, day, departed=False)
        H = full_graph(snap)
        scales = {n: d["effective_scale"] for n, d in H.nodes(data=True)
                  if "effective_scale" in d}
        people = {n for n, d in H.nodes(data=True) if d.get("kind") is NodeKind.PERSON}
        largest: set[str] = max(nx.connected_components(H), key=len, default=set())
        made = [i for i in introductions if i.made_on <= day]
        converted = sum(_converted(i, snap, day) for i in made)
        out.append(PeriodFigures(
            period=label,
            day=day,
            people=len(people),
            nodes=H.number_of_nodes(),
            ties=H.number_of_edges(),
            density=round(nx.density(H), 6),
            largest_group_share=round(len(people & largest) / len(people), 4) if people else 0.0,
            local_national_ties=sum(_sides(scales, u, v) for u, v in H.edges),
            cross_community_ties=sum(
                groups.get(u) is not None and groups.get(v) is not None and groups[u] != groups[v]
                for u, v in H.edges
            ),
            broker_concentration=round(_broker_concentration(H, people, seed), 4),
            introductions_made=len(made),
            introductions_converted=converted,
            conversion_rate=round(converted / len(made), 4) if made else None,
        ))
    return out


def earliest_tie(G: nx.MultiDiGraph) -> date | None:
    """The day the earliest dated relationship began (where a history starts)."""
    days = [day_of(d.get("since")) for _, _, d in G.edges(data=True)]
    return min((d for d in days if d is not None), default=None)


__all__ = [
    "Changes",
    "PeriodFigures",
    "active",
    "as_of",
    "changes",
    "communities_of",
    "earliest_tie",
    "indicators",
    "quarter_ends",
]
