"""Sweet spots: where local and national work meet, and where they meet without knowing it.

For every interest, forum and organisation, the people and organisations engaged with it
(tied to it by any relationship) are split by the scale they work at (their own ``scale``,
else their place's, see :func:`graph.analysis.projections.effective_scales`): the local side
and the national side (national and international). Two actors on opposite sides are
*joined* when they are tied to each other other than through the item itself: directly (Ada
``KNOWS`` Bob; a trust ``PARTNERS_WITH`` NHS England) or through one intermediary that is not
the item: a mutual contact, a shared organisation, forum or community. Shared interests and
places do not join anyone: having a theme or a county in common is not a tie.

:func:`engagements` finds the actors and the joins; :func:`sweet_spots` ranks the items where
both sides are present by how well they are joined, and :func:`sweet_spot_gaps` ranks the
items where both sides are present but not joined: the introductions that matter most.

Scores. For an item with ``L`` local and ``N`` national actors, *coverage* is the share of
those ``L + N`` actors with at least one join to the other side, and *presence* is
``log2(1 + min(L, N))``: 1 when one actor of each side is there, growing slowly with the
smaller side. The sweet-spot score is ``coverage * presence``; the gap score is
``(1 - coverage) * presence``. Both are 0 unless both sides are present.

Which actors are joined is worked out from the full projection in one pass over the ties
of the item's actors (counting, for each possible intermediary, its contacts on each side),
so an item costs the sum of its actors' degrees: a forum of thousands costs in proportion to
its members' ties, never to the number of local-national pairs. Only a few example joins per
item are kept as evidence.

References
----------
.. [1] R. S. Burt, "Structural holes and good ideas", American Journal of Sociology 110(2),
   349-399 (2004): value arises where otherwise separate groups are joined.
.. [2] M. S. Granovetter, "The strength of weak ties", American Journal of Sociology 78(6),
   1360-1380 (1973): two-step ties as bridges.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analysis.projections import Projection, full_graph
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.vocabulary import NodeKind, RelType, Scale

__all__ = [
    "ACTOR_KINDS",
    "ITEM_KINDS",
    "JOINING_KINDS",
    "Engagement",
    "Join",
    "engagements",
    "sweet_spot_gaps",
    "sweet_spots",
]

ITEM_KINDS: frozenset[NodeKind] = frozenset(
    {NodeKind.INTEREST, NodeKind.FORUM, NodeKind.ORGANISATION}
)
"""What local and national actors can meet around."""
ACTOR_KINDS: frozenset[NodeKind] = frozenset({NodeKind.PERSON, NodeKind.ORGANISATION})
"""Who counts as an actor engaged with an item."""
JOINING_KINDS: frozenset[NodeKind] = frozenset(
    {NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.FORUM, NodeKind.COMMUNITY}
)
"""What can stand between two actors and join them (interests and places cannot)."""
LOCAL: frozenset[Scale] = frozenset({Scale.LOCAL})
NATIONAL: frozenset[Scale] = frozenset({Scale.NATIONAL, Scale.INTERNATIONAL})
_CANDIDATES = 50
"""Actors of each side considered for a gap's suggested introductions."""
_VIA_ORDER = {
    NodeKind.PERSON: 0,
    NodeKind.ORGANISATION: 1,
    NodeKind.FORUM: 2,
    NodeKind.COMMUNITY: 3,
}


@dataclass(frozen=True, slots=True)
class Join:
    """How a local and a national actor are tied other than through the item."""

    local: str
    national: str
    via: str | None
    """The intermediary, or ``None`` when they are tied directly."""


@dataclass(frozen=True, slots=True)
class Engagement:
    """The local and national actors around one item, and the joins between them."""

    item: str
    local: tuple[str, ...]
    national: tuple[str, ...]
    regional: tuple[str, ...]
    joins: tuple[Join, ...]
    """Examples of joins, at most one per actor, the local side's first (see
    :func:`engagements`)."""
    joined_local: frozenset[str] = field(default_factory=frozenset)
    joined_national: frozenset[str] = field(default_factory=frozenset)

    @property
    def both_sides(self) -> bool:
        return bool(self.local) and bool(self.national)

    @property
    def coverage(self) -> float:
        """Share of the local and national actors with a join to the other side."""
        actors = len(self.local) + len(self.national)
        if not actors:
            return 0.0
        return (len(self.joined_local) + len(self.joined_national)) / actors

    @property
    def presence(self) -> float:
        """``log2(1 + min(L, N))``: 0 unless both sides are present."""
        return math.log2(1 + min(len(self.local), len(self.national)))

    @property
    def score(self) -> float:
        return self.coverage * self.presence

    @property
    def gap(self) -> float:
        return (1.0 - self.coverage) * self.presence


def engagements(
    G: nx.Graph,
    *,
    kinds: Iterable[NodeKind] = ITEM_KINDS,
    local: Iterable[Scale] = LOCAL,
    national: Iterable[Scale] = NATIONAL,
    examples: int = 10,
) -> list[Engagement]:
    """The local and national actors engaged with each item, and how they are joined.

    Parameters
    ----------
    G : networkx graph
        The store's graph, or its full projection (:func:`graph.analysis.projections.full_graph`).
    kinds : iterable of NodeKind
        The kinds of item (default: interests, forums, organisations).
    local, national : iterable of Scale
        The scales of each side (default: local; national and international).
    examples : int, default 10
        Joins to keep as examples per item: for each joined local actor in turn, its best
        join (a direct tie first, else through a person, an organisation, a forum, a
        community, the one with fewest ties first), then likewise for national actors not
        yet shown. Which actors are joined is always worked out in full.

    Returns
    -------
    list of Engagement
        One per item with at least one actor of known scale, in the graph's node order.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType, Scale
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f", kind=NodeKind.FORUM, name="Forum")
    >>> G.add_node("ada", kind=NodeKind.PERSON, name="Ada", scale=Scale.LOCAL)
    >>> G.add_node("bob", kind=NodeKind.PERSON, name="Bob", scale=Scale.NATIONAL)
    >>> for p in ("ada", "bob"):
    ...     _ = G.add_edge(p, "f", key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    >>> [(e.item, e.local, e.national, e.joins) for e in engagements(G)]
    [('f', ('ada',), ('bob',), ())]
    >>> _ = G.add_edge("ada", "bob", key=RelType.KNOWS, type=RelType.KNOWS)
    >>> engagements(G)[0].joins
    (Join(local='ada', national='bob', via=None),)
    """
    H = _full(G)
    wanted = frozenset(kinds)
    local_scales, national_scales = frozenset(local), frozenset(national)
    kind_of = H.nodes.data("kind")
    scale_of = H.nodes.data("effective_scale")
    adj = H.adj
    out = []
    for item, kind in kind_of:
        if kind not in wanted:
            continue
        side_l: list[str] = []
        side_n: list[str] = []
        side_r: list[str] = []
        for actor in adj[item]:
            if kind_of[actor] not in ACTOR_KINDS:
                continue
            scale = scale_of[actor]
            if scale in local_scales:
                side_l.append(actor)
            elif scale in national_scales:
                side_n.append(actor)
            elif scale is not None:
                side_r.append(actor)
        if not (side_l or side_n or side_r):
            continue
        side_l.sort()
        side_n.sort()
        side_r.sort()
        joined_l: frozenset[str] = frozenset()
        joined_n: frozenset[str] = frozenset()
        joins: list[Join] = []
        if side_l and side_n:
            joined_l, joined_n, joins = _joins(H, item, side_l, side_n, examples)
        out.append(
            Engagement(
                item=item,
                local=tuple(side_l),
                national=tuple(side_n),
                regional=tuple(side_r),
                joins=tuple(joins),
                joined_local=joined_l,
                joined_national=joined_n,
            )
        )
    return out


def _full(G: nx.Graph) -> nx.Graph:
    return G if G.graph.get("projection") == Projection.FULL else full_graph(G)


def _joins(
    H: nx.Graph, item: str, local: Sequence[str], national: Sequence[str], examples: int
) -> tuple[frozenset[str], frozenset[str], list[Join]]:
    """Which actors of each side are joined to the other side, and example joins.

    An actor ``a`` is joined when one of its contacts is on the other side (a direct tie) or
    is an intermediary (not the item, of a joining kind) with a contact on the other side.
    Counting, for each intermediary, its contacts on each side takes one pass over the
    actors' ties, so an item costs the sum of its actors' degrees, however many pairs.
    """
    adj = H.adj
    kind_of = H.nodes.data("kind")
    on_l, on_n = set(local), set(national)

    def reach(side: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for a in side:
            for m in adj[a]:
                if m != item and kind_of[m] in JOINING_KINDS:
                    counts[m] = counts.get(m, 0) + 1
        return counts

    to_n, to_l = reach(national), reach(local)

    def joined(a: str, other: set[str], to_other: dict[str, int]) -> bool:
        return any(m in other or m in to_other for m in adj[a])

    joined_l = frozenset(a for a in local if joined(a, on_n, to_n))
    joined_n = frozenset(a for a in national if joined(a, on_l, to_l))

    joins: list[Join] = []
    shown: set[str] = set()
    for a in local:
        if len(joins) >= examples:
            break
        if a in joined_l and a not in shown:
            b, via = _best_join(H, item, a, on_n, to_n)
            joins.append(Join(a, b, via))
            shown.update((a, b))
    for b in national:
        if len(joins) >= examples:
            break
        if b in joined_n and b not in shown:
            a, via = _best_join(H, item, b, on_l, to_l)
            joins.append(Join(a, b, via))
            shown.update((a, b))
    return joined_l, joined_n, joins


def _best_join(
    H: nx.Graph, item: str, a: str, other: set[str], to_other: dict[str, int]
) -> tuple[str, str | None]:
    """The partner on the other side and the intermediary (None: direct) of ``a``'s best join."""
    adj = H.adj
    direct = [m for m in adj[a] if m in other]
    if direct:
        return min(direct), None
    kind_of = H.nodes.data("kind")
    degree = H.degree
    via = min(
        (m for m in adj[a] if m in to_other),
        key=lambda m: (_VIA_ORDER[kind_of[m]], degree[m], m),
    )
    theirs = adj[via]
    if len(theirs) < len(other):
        partners = [b for b in theirs if b in other and b != item]
    else:
        partners = [b for b in other if b in theirs]
    return min(partners), via


# -- the rankings ------------------------------------------------------------------------------


def sweet_spots(
    G: nx.Graph,
    *,
    top: int | None = None,
    kinds: Iterable[NodeKind] = ITEM_KINDS,
    local: Iterable[Scale] = LOCAL,
    national: Iterable[Scale] = NATIONAL,
) -> AnalysisResult:
    """Items where local and national actors meet, best joined first.

    Every interest, forum and organisation with at least one local and one national actor,
    ranked by ``coverage * log2(1 + min(L, N))`` (see the module notes), then by joined
    actors, then by actors. Each item lists its actors on both sides and the ties that join
    them as evidence, with an explanation.

    Parameters
    ----------
    G : networkx graph
        The store's graph, or its full projection.
    top : int, optional
        How many to return (default: all).
    kinds, local, national
        As for :func:`engagements`.

    Returns
    -------
    AnalysisResult
        ``analysis`` is ``"sweet_spots"``, on the ``full`` projection.

    Examples
    --------
    Two forums, each with a local and a national member; only in the first do they know
    each other, so it ranks first.

    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType, Scale
    >>> G = nx.MultiDiGraph()
    >>> for f in ("joined", "apart"):
    ...     G.add_node(f, kind=NodeKind.FORUM, name=f.title())
    ...     for who, scale in ((f + "-local", Scale.LOCAL), (f + "-national", Scale.NATIONAL)):
    ...         G.add_node(who, kind=NodeKind.PERSON, name=who, scale=scale)
    ...         _ = G.add_edge(who, f, key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    >>> _ = G.add_edge("joined-local", "joined-national", key=RelType.KNOWS, type=RelType.KNOWS)
    >>> [(item.id, item.scores["score"]) for item in sweet_spots(G)]
    [('joined', 1.0), ('apart', 0.0)]

    References
    ----------
    .. [1] R. S. Burt, "Structural holes and good ideas", American Journal of Sociology
       110(2), 349-399 (2004).
    """
    H = _full(G)
    found = [e for e in engagements(H, kinds=kinds, local=local, national=national) if e.both_sides]
    found.sort(
        key=lambda e: (
            -e.score,
            -(len(e.joined_local) + len(e.joined_national)),
            -(len(e.local) + len(e.national)),
            e.item,
        )
    )
    if top is not None:
        found = found[:top]
    items = tuple(_sweet_item(H, e) for e in found)
    return AnalysisResult(
        "sweet_spots",
        Projection.FULL,
        {"top": top, "kinds": sorted(k.value for k in kinds)},
        items,
        {"items": len(items), "joined": sum(1 for e in found if e.joins)},
    )


def sweet_spot_gaps(
    G: nx.Graph,
    *,
    top: int | None = None,
    introductions: int = 3,
    kinds: Iterable[NodeKind] = ITEM_KINDS,
    local: Iterable[Scale] = LOCAL,
    national: Iterable[Scale] = NATIONAL,
) -> AnalysisResult:
    """Items where local and national actors are both present but not joined.

    Ranked by ``(1 - coverage) * log2(1 + min(L, N))``: items whose two sides share no tie
    at all come before those only partly joined, bigger meetings before smaller ones. Each
    names the unjoined actors and up to ``introductions`` local-national pairs to introduce
    (``details["introductions"]``): unjoined actors on both sides first, people before
    organisations, the better connected first.

    Parameters
    ----------
    G : networkx graph
        The store's graph, or its full projection.
    top : int, optional
        How many to return (default: all).
    introductions : int, default 3
        Pairs to suggest per item.
    kinds, local, national
        As for :func:`engagements`.

    Returns
    -------
    AnalysisResult
        ``analysis`` is ``"sweet_spot_gaps"``, on the ``full`` projection.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType, Scale
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("mh", kind=NodeKind.INTEREST, name="Mental health")
    >>> G.add_node("ada", kind=NodeKind.PERSON, name="Ada", scale=Scale.LOCAL)
    >>> G.add_node("bob", kind=NodeKind.PERSON, name="Bob", scale=Scale.NATIONAL)
    >>> for p in ("ada", "bob"):
    ...     _ = G.add_edge(p, "mh", key=RelType.INTERESTED_IN, type=RelType.INTERESTED_IN)
    >>> gap = sweet_spot_gaps(G).items[0]
    >>> gap.id, gap.details["introductions"]
    ('mh', [{'local': 'ada', 'national': 'bob'}])

    References
    ----------
    .. [1] R. S. Burt, "Structural holes and good ideas", American Journal of Sociology
       110(2), 349-399 (2004).
    """
    H = _full(G)
    found = [
        e
        for e in engagements(H, kinds=kinds, local=local, national=national)
        if e.both_sides and e.gap > 0
    ]
    found.sort(
        key=lambda e: (
            -e.gap,
            -(len(e.local) - len(e.joined_local) + len(e.national) - len(e.joined_national)),
            e.item,
        )
    )
    if top is not None:
        found = found[:top]
    items = tuple(_gap_item(H, e, introductions) for e in found)
    return AnalysisResult(
        "sweet_spot_gaps",
        Projection.FULL,
        {"top": top, "introductions": introductions, "kinds": sorted(k.value for k in kinds)},
        items,
        {"items": len(items)},
    )


# -- shaping the answers -----------------------------------------------------------------------


def _name(H: nx.Graph, node: Hashable) -> str:
    return str(H.nodes[node].get("name") or node)


def _names(H: nx.Graph, nodes: Sequence[str], limit: int = 3) -> str:
    shown = [_name(H, n) for n in nodes[:limit]]
    if len(nodes) > limit:
        shown.append(f"{len(nodes) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _tie(H: nx.Graph, u: str, v: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    data = H.get_edge_data(u, v) or {}
    keys = [(str(s), str(t), str(d)) for s, t, d in data.get("keys", ())]
    return keys, list(data.get("sources", ()))


def _scores(e: Engagement) -> dict[str, float]:
    return {
        "score": e.score,
        "gap": e.gap,
        "coverage": e.coverage,
        "local": float(len(e.local)),
        "national": float(len(e.national)),
        "regional": float(len(e.regional)),
        "joined_local": float(len(e.joined_local)),
        "joined_national": float(len(e.joined_national)),
    }


def _evidence(
    H: nx.Graph, e: Engagement, joins: Sequence[Join], actors: int = 20
) -> Evidence:
    keys: list[tuple[str, str, str]] = []
    sources: list[str] = []
    shown = [*e.local[:actors], *e.national[:actors]]
    for actor in shown:
        k, s = _tie(H, actor, e.item)
        keys.extend(k)
        sources.extend(s)
    via_nodes = []
    for j in joins:
        hops = [(j.local, j.national)] if j.via is None else [(j.local, j.via), (j.via, j.national)]
        if j.via is not None:
            via_nodes.append(j.via)
        for u, v in hops:
            k, s = _tie(H, u, v)
            keys.extend(k)
            sources.extend(s)
    return Evidence(
        nodes=(e.item, *shown, *via_nodes), relationships=tuple(keys), sources=tuple(sources)
    )


_VERB = {
    RelType.KNOWS: "knows",
    RelType.WORKS_FOR: "works for",
    RelType.MEMBER_OF: "is a member of",
    RelType.CONVENES: "convenes",
    RelType.PARTNERS_WITH: "partners with",
    RelType.PART_OF: "is part of",
    RelType.SERVES: "serves",
    RelType.PLACED_AT: "was placed at",
}


def _describe_tie(H: nx.Graph, u: str, v: str) -> str:
    keys = H[u][v].get("keys", ())
    s, t, d = keys[0] if keys else (u, None, v)
    verb = _VERB.get(RelType(t), "is tied to") if t is not None else "is tied to"
    return f"{_name(H, s)} {verb} {_name(H, d)}"


def _describe_join(H: nx.Graph, j: Join) -> str:
    if j.via is None:
        return _describe_tie(H, j.local, j.national)
    return (
        f"{_name(H, j.local)} and {_name(H, j.national)} are joined through "
        f"{_name(H, j.via)} ({_describe_tie(H, j.local, j.via)}; "
        f"{_describe_tie(H, j.via, j.national)})"
    )


def _sweet_item(H: nx.Graph, e: Engagement, shown: int = 10) -> ResultItem:
    joins = _ordered_joins(e)[:shown]
    name = _name(H, e.item)
    text = (
        f"{name} brings together {_count(len(e.local), 'local actor')} "
        f"({_names(H, e.local)}) and {_count(len(e.national), 'national actor')} "
        f"({_names(H, e.national)})."
    )
    if e.joins:
        if len(e.joined_local) == len(e.local) and len(e.joined_national) == len(e.national):
            pair = len(e.local) + len(e.national) == 2
            who = "The two are also tied to each other" if pair else (
                "All of them are also tied to the other side"
            )
        else:
            who = (
                f"{len(e.joined_local)} of the {len(e.local)} local and "
                f"{len(e.joined_national)} of the {len(e.national)} national actors are also "
                "tied to the other side"
            )
        text += (
            f" {who} outside it: "
            + "; ".join(_describe_join(H, j) for j in joins[:3])
            + "."
        )
    else:
        text += " None of them is tied to the other side except through it: see the gaps."
    return ResultItem(
        id=e.item,
        name=name,
        scores=_scores(e),
        evidence=_evidence(H, e, joins),
        explanation=text,
        details={
            "kind": H.nodes[e.item].get("kind"),
            "local": list(e.local),
            "national": list(e.national),
            "joins": [{"local": j.local, "national": j.national, "via": j.via} for j in joins],
        },
    )


def _ordered_joins(e: Engagement) -> list[Join]:
    # Direct ties first; then cover as many different actors as possible early on.
    seen: set[str] = set()
    out: list[Join] = []
    rest: list[Join] = []
    for j in sorted(e.joins, key=lambda j: (j.via is not None, j.local, j.national)):
        if j.local in seen or j.national in seen:
            rest.append(j)
        else:
            seen.update((j.local, j.national))
            out.append(j)
    return out + rest


def _gap_item(H: nx.Graph, e: Engagement, introductions: int) -> ResultItem:
    lonely_l = [a for a in e.local if a not in e.joined_local]
    lonely_n = [a for a in e.national if a not in e.joined_national]
    pairs = _introductions(H, e, introductions)
    name = _name(H, e.item)
    text = (
        f"{name} has {_count(len(e.local), 'local actor')} ({_names(H, e.local)}) and "
        f"{_count(len(e.national), 'national actor')} ({_names(H, e.national)})"
    )
    if not e.joins:
        text += ", but none of them is tied to the other side except through it."
    else:
        unjoined = []
        if lonely_l:
            unjoined.append(f"{len(lonely_l)} of the {len(e.local)} local")
        if lonely_n:
            unjoined.append(f"{len(lonely_n)} of the {len(e.national)} national")
        text += f"; {' and '.join(unjoined)} have no tie to the other side outside it."
    if pairs:
        said = [f"{_name(H, lo)} to {_name(H, na)}" for lo, na in pairs]
        text += f" Introducing {'; '.join(said)} would join local and national work on {name}."
    scores = _scores(e)
    scores["unjoined_local"] = float(len(lonely_l))
    scores["unjoined_national"] = float(len(lonely_n))
    evidence = _evidence(H, e, [])
    return ResultItem(
        id=e.item,
        name=name,
        scores=scores,
        evidence=evidence,
        explanation=text,
        details={
            "kind": H.nodes[e.item].get("kind"),
            "local": list(e.local),
            "national": list(e.national),
            "unjoined_local": lonely_l,
            "unjoined_national": lonely_n,
            "introductions": [{"local": lo, "national": na} for lo, na in pairs],
        },
    )


def _introductions(H: nx.Graph, e: Engagement, limit: int) -> list[tuple[str, str]]:
    kind_of = H.nodes.data("kind")
    degree = H.degree

    def rank(pair: tuple[str, str]) -> tuple[Any, ...]:
        lo, na = pair
        lonely = (lo not in e.joined_local) + (na not in e.joined_national)
        people = (kind_of[lo] is NodeKind.PERSON) + (kind_of[na] is NodeKind.PERSON)
        return (-lonely, -people, -(degree[lo] + degree[na]), lo, na)

    def side(actors: Sequence[str], joined_side: frozenset[str]) -> list[str]:
        # The unjoined first, the better connected first; enough to fill the suggestions.
        ordered = sorted(
            actors,
            key=lambda a: (a in joined_side, kind_of[a] is not NodeKind.PERSON, -degree[a], a),
        )
        return ordered[: _CANDIDATES]

    candidates = [
        (lo, na)
        for lo in side(e.local, e.joined_local)
        for na in side(e.national, e.joined_national)
        # An actor with no join to the other side is joined to none of it.
        if lo not in e.joined_local or na not in e.joined_national
    ]
    chosen: list[tuple[str, str]] = []
    used: set[str] = set()
    for pair in sorted(candidates, key=rank):
        if len(chosen) == limit:
            break
        if pair[0] in used or pair[1] in used:
            continue
        chosen.append(pair)
        used.update(pair)
    return chosen
