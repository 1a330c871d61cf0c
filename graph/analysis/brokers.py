"""Brokers: who lies between others, and whose contacts would not meet without them.

Three classic measures of brokerage, and a ranking that puts them side by side:

- **betweenness** (:func:`betweenness`): the share of shortest paths between other nodes that
  pass through a node [1]_. Exact with Brandes's algorithm [2]_ on small graphs; on large ones
  estimated from ``sample`` pivot sources drawn at random (Brandes and Pich [3]_), with an
  error bound that holds for every node at once (:func:`betweenness_error_bound`).
- **constraint** (:func:`constraint`): Burt's measure of how much a node's contacts are tied
  to each other [4]_; low constraint means many structural holes to broker across.
- **effective size** (:func:`effective_size`): Burt's count of non-redundant contacts [4]_,
  in Borgatti's simplification for unweighted ties [5]_.

:func:`brokers` ranks nodes by betweenness and explains each in plain English; given a
grouping (communities, scales or organisations) it also says how many groups each broker
joins, which of them have no other tie between them, and the Gould-Fernandez brokerage roles
it plays (:mod:`graph.analysis.brokerage`).

Every measure here treats ties as present or absent (paths are counted in hops) unless a
``weight`` is named; the compiled engine (:mod:`graph.analysis.engine`, igraph) does the
work, and networkx's own functions are the reference the tests compare against.

References
----------
.. [1] L. C. Freeman, "A set of measures of centrality based on betweenness", Sociometry
   40(1), 35-41 (1977).
.. [2] U. Brandes, "A faster algorithm for betweenness centrality", Journal of Mathematical
   Sociology 25(2), 163-177 (2001).
.. [3] U. Brandes and C. Pich, "Centrality estimation in large networks", International
   Journal of Bifurcation and Chaos 17(7), 2303-2318 (2007).
.. [4] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
   University Press (1992).
.. [5] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
   Connections 20(1), 35-38 (1997).
.. [6] R. J. Serfling, "Probability inequalities for the sum in sampling without
   replacement", Annals of Statistics 2(1), 39-48 (1974).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from graph.analysis.brokerage import ROLES, brokerage_roles
from graph.analysis.engine import to_igraph
from graph.analysis.projections import Projection, tie_keys, tie_sources
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.vocabulary import NodeKind

__all__ = [
    "DEFAULT_CONFIDENCE",
    "MIN_SAMPLE",
    "WORK_BUDGET",
    "auto_sample",
    "betweenness",
    "betweenness_error_bound",
    "brokers",
    "constraint",
    "effective_size",
]

WORK_BUDGET = 4e8
"""Tie traversals :func:`auto_sample` allows for betweenness: each pivot source costs one
breadth-first search and one accumulation over every tie, so about ``2 m`` traversals; 4e8
is roughly half a minute of igraph on one core."""
MIN_SAMPLE = 256
"""The fewest pivots :func:`auto_sample` draws, however large the graph."""
DEFAULT_CONFIDENCE = 0.95
"""The probability with which :func:`betweenness_error_bound` holds for every node."""



# -- betweenness -------------------------------------------------------------------------------


def auto_sample(G: nx.Graph, *, budget: float = WORK_BUDGET) -> int | None:
    """How many pivot sources to sample for betweenness on ``G``; ``None`` means exact.

    As many pivots as fit ``budget`` tie traversals (about ``2 m`` each), but never fewer
    than :data:`MIN_SAMPLE`; when that covers every node, exact betweenness costs no more and
    ``None`` is returned. The answer depends only on the size of ``G``, never on timing, so
    the same graph and seed always give the same estimate.

    Parameters
    ----------
    G : networkx.Graph
        The graph betweenness will run on.
    budget : float
        Tie traversals allowed.

    Returns
    -------
    int or None
        The number of pivots, or ``None`` for exact betweenness.

    Examples
    --------
    >>> import networkx as nx
    >>> auto_sample(nx.karate_club_graph()) is None
    True
    >>> auto_sample(nx.empty_graph(100_000)) is None  # no ties: every search is free
    True
    >>> auto_sample(nx.barabasi_albert_graph(50_000, 10, seed=1))
    400
    """
    n = G.number_of_nodes()
    m = G.number_of_edges()
    per_pivot = max(2 * m, 1)
    k = max(MIN_SAMPLE, int(budget // per_pivot))
    return None if k >= n else k


def betweenness(
    G: nx.Graph,
    sample: int | None = None,
    *,
    seed: int | random.Random | None = None,
    normalized: bool = True,
) -> dict[Hashable, float]:
    """Shortest-path betweenness of every node, exact or estimated from pivot sources.

    The betweenness of ``v`` is the sum over pairs ``s, t`` (neither of them ``v``) of the
    share of shortest ``s``-``t`` paths through ``v`` [1]_. Paths are counted in hops; edge
    weights are ignored. With ``sample`` = ``k`` below the number of nodes, ``k`` pivot
    sources are drawn uniformly without replacement, their single-source dependencies summed
    (Brandes's accumulation [2]_, by igraph) and scaled by ``n / k``: an unbiased estimate of
    the exact value [3]_, within :func:`betweenness_error_bound` of it for every node at once
    with the stated confidence.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A simple graph; on a directed one, paths follow the ties' directions.
    sample : int, optional
        Pivot sources to sample. ``None``, ``0`` or a number at least the number of nodes
        gives exact betweenness.
    seed : int or random.Random, optional
        Seed of the pivot draw (the same seed and graph give the same estimate).
    normalized : bool, default True
        Divide by the number of pairs that exclude ``v``, ``(n - 1)(n - 2)``, halved on an
        undirected graph (networkx's normalisation), so values lie in [0, 1].

    Returns
    -------
    dict
        Node to betweenness.

    Raises
    ------
    ValueError
        When ``sample`` is negative.

    Examples
    --------
    Padgett's Florentine families: the Medici lie on more than half of the shortest paths
    between other families [4]_.

    >>> import networkx as nx
    >>> G = nx.florentine_families_graph()
    >>> b = betweenness(G)
    >>> max(b, key=b.get), round(b["Medici"], 3)
    ('Medici', 0.522)
    >>> estimate = betweenness(G, sample=8, seed=1)
    >>> abs(estimate["Medici"] - b["Medici"]) <= betweenness_error_bound(len(G), 8)
    True

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40(1), 35-41 (1977).
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality", Journal of
       Mathematical Sociology 25(2), 163-177 (2001).
    .. [3] U. Brandes and C. Pich, "Centrality estimation in large networks", International
       Journal of Bifurcation and Chaos 17(7), 2303-2318 (2007).
    .. [4] R. L. Breiger and P. E. Pattison, "Cumulated social roles: the duality of persons
       and their algebras", Social Networks 8(3), 215-256 (1986).
    """
    if sample is not None and sample < 0:
        raise ValueError(f"sample must be a positive number of pivots, not {sample}")
    n = G.number_of_nodes()
    if n == 0:
        return {}
    view = to_igraph(G)
    directed = G.is_directed()
    if sample is None or sample == 0 or sample >= n:
        raw = view.graph.betweenness(directed=directed)
        scale = 1.0
    else:
        pivots = sorted(_draw(n, sample, seed))
        raw = view.graph.betweenness(directed=directed, sources=pivots)
        scale = n / sample
    if normalized:
        scale *= _normaliser(n, directed)
    return {node: value * scale for node, value in zip(view.ids, raw, strict=True)}


def _draw(n: int, sample: int, seed: int | random.Random | None) -> list[int]:
    """The pivot vertices, in the order drawn (the same for the same ``n``, ``k`` and seed)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    return rng.sample(range(n), sample)


def _normaliser(n: int, directed: bool) -> float:
    pairs = (n - 1) * (n - 2)
    return 0.0 if pairs == 0 else (1.0 if directed else 2.0) / pairs


def betweenness_error_bound(
    n: int, sample: int | None, *, confidence: float = DEFAULT_CONFIDENCE
) -> float:
    """How far sampled normalized betweenness can be from the exact value, for every node.

    With probability at least ``confidence``, every node's estimate from
    :func:`betweenness` with ``sample`` = ``k`` pivots lies within the returned distance of its
    exact normalized betweenness. The derivation follows Brandes and Pich [1]_: the normalized
    betweenness of ``v`` is ``n / (n - 1)`` times the mean, over all sources ``s``, of
    ``δ_s(v) / (n - 2)``, a value in [0, 1]; the estimate is the same mean over ``k`` sources
    drawn without replacement. Hoeffding's inequality with Serfling's finite-population
    correction [2]_ bounds one node's error by ``ε`` with probability
    ``1 - 2 exp(-2 k ε² / (1 - (k - 1) / n))``, and a union bound over the ``n`` nodes gives

    ``ε = n / (n - 1) * sqrt(ln(2 n / (1 - confidence)) * (1 - (k - 1) / n) / (2 k))``.

    The bound is a worst case over every node and every graph; on real networks the error is
    usually far smaller (see the tests), but it is the one that is guaranteed.

    Parameters
    ----------
    n : int
        Nodes in the graph.
    sample : int or None
        Pivot sources; ``None``, ``0`` or at least ``n`` means exact (bound 0).
    confidence : float, default 0.95
        Probability with which the bound holds for all nodes at once, in (0, 1).

    Returns
    -------
    float
        The bound, in units of normalized betweenness.

    Examples
    --------
    >>> round(betweenness_error_bound(100_000, 400), 3)
    0.138
    >>> betweenness_error_bound(100_000, 1_600) < betweenness_error_bound(100_000, 400)
    True
    >>> betweenness_error_bound(50, None)
    0.0

    References
    ----------
    .. [1] U. Brandes and C. Pich, "Centrality estimation in large networks", International
       Journal of Bifurcation and Chaos 17(7), 2303-2318 (2007).
    .. [2] R. J. Serfling, "Probability inequalities for the sum in sampling without
       replacement", Annals of Statistics 2(1), 39-48 (1974).
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    if sample is None or sample == 0 or sample >= n or n < 3:
        return 0.0
    if sample < 0:
        raise ValueError(f"sample must be a positive number of pivots, not {sample}")
    correction = 1.0 - (sample - 1) / n
    eps = math.sqrt(math.log(2 * n / (1.0 - confidence)) * correction / (2 * sample))
    return n / (n - 1) * eps


# -- structural holes --------------------------------------------------------------------------


def constraint(G: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's constraint of every node: how much its contacts are tied to each other.

    ``c(i) = Σ_j (p_ij + Σ_q p_iq p_qj)²`` over ``i``'s contacts ``j`` (``q`` neither ``i``
    nor ``j``), where ``p_ij`` is the share of ``i``'s ties (by ``weight``, in both
    directions) that go to ``j`` [1]_. A node whose contacts all know each other is
    constrained (up to about 1.1); one whose contacts are strangers to each other has low
    constraint and room to broker. Computed by igraph; equal to
    :func:`networkx.constraint`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A simple graph.
    weight : str, optional
        Edge attribute holding tie strength; ties count 1 each when ``None``.

    Returns
    -------
    dict
        Node to constraint; ``nan`` for a node with no ties (as in networkx).

    Examples
    --------
    >>> import networkx as nx
    >>> c = constraint(nx.florentine_families_graph())
    >>> min(c, key=c.get), round(c["Medici"], 3)
    ('Medici', 0.21)

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press (1992), p. 54-55.
    """
    if G.number_of_nodes() == 0:
        return {}
    view = to_igraph(G, weight=weight)
    values = view.graph.constraint(weights=view.weights())
    degree = view.graph.degree()
    return {
        node: (math.nan if d == 0 else float(c))
        for node, c, d in zip(view.ids, values, degree, strict=True)
    }


def effective_size(G: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's effective size of every node: its contacts, less their redundancy.

    Burt's effective size counts each contact ``j`` as one, less the extent to which ``i``'s
    other contacts are tied to ``j`` [1]_. On an undirected graph without weights this is
    Borgatti's ``n - 2 t / n``, for ``n`` contacts with ``t`` ties among them [2]_, computed
    from igraph's local clustering; on a directed or weighted graph the general formula is
    computed by :func:`networkx.effective_size`, the reference implementation (slower).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A simple graph.
    weight : str, optional
        Edge attribute holding tie strength; ties count 1 each when ``None``.

    Returns
    -------
    dict
        Node to effective size; ``nan`` for a node with no ties (as in networkx).

    Examples
    --------
    >>> import networkx as nx
    >>> round(effective_size(nx.florentine_families_graph())["Medici"], 3)
    5.667
    >>> effective_size(nx.complete_graph(4))[0]  # every contact is redundant but one
    1.0

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press (1992).
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
       Connections 20(1), 35-38 (1997).
    """
    if G.is_directed() or weight is not None:
        out: dict[Hashable, float] = nx.effective_size(G, weight=weight)
        return out
    if G.number_of_nodes() == 0:
        return {}
    view = to_igraph(G)
    clustering = view.graph.transitivity_local_undirected(mode="zero")
    degree = view.graph.degree()
    # t = C d (d - 1) / 2 ties among d contacts, so n - 2t/n = d - C (d - 1).
    return {
        node: (math.nan if d == 0 else d - c * (d - 1))
        for node, c, d in zip(view.ids, clustering, degree, strict=True)
    }


# -- the ranking -------------------------------------------------------------------------------


def brokers(
    G: nx.Graph,
    *,
    kind: NodeKind | str | None = None,
    top: int | None = 20,
    sample: int | None = None,
    seed: int | None = None,
    groups: Mapping[Hashable, Hashable] | None = None,
    group_names: Mapping[Hashable, str] | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> AnalysisResult:
    """The nodes that broker most, ranked by betweenness, each explained.

    Each item's scores are its normalized betweenness, its rank, Burt's constraint and
    effective size, its degree and, with ``groups``, the number of groups its ties reach
    (``groups_joined``), the pairs of those groups it alone ties together
    (``sole_bridge_pairs``) and its Gould-Fernandez role counts
    (:func:`graph.analysis.brokerage.brokerage_roles`; on an undirected graph each tie is
    taken both ways). Ties are broken by lower constraint, then id.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:mod:`graph.analysis.projections`) or any simple graph. Node attributes
        ``name`` and ``kind`` are used when present; on a projection, evidence names the
        relationships and sources behind each tie.
    kind : NodeKind or str, optional
        Rank only nodes of this kind (betweenness still counts paths through everyone).
    top : int or None, default 20
        How many to return; ``None`` for every node.
    sample : int, optional
        Pivot sources for betweenness; ``None`` chooses with :func:`auto_sample` (exact on
        small graphs), ``0`` forces exact.
    seed : int, optional
        Seed of the pivot draw.
    groups : mapping, optional
        Node to group (a community, a scale, an organisation); nodes left out belong to none.
    group_names : mapping, optional
        Group to a readable name for explanations (default: ``str`` of the group).
    confidence : float, default 0.95
        Confidence of the stated sampling error bound.

    Returns
    -------
    AnalysisResult
        ``analysis`` is ``"brokers"``; ``summary`` says whether betweenness was exact or
        sampled, the pivots, the worst-case error bound for every node
        (:func:`betweenness_error_bound`) and its confidence.

    Examples
    --------
    >>> import networkx as nx
    >>> result = brokers(nx.florentine_families_graph(), top=3)
    >>> [item.id for item in result]
    ['Medici', 'Guadagni', 'Albizzi']
    >>> print(result.items[0].explanation)  # doctest: +NORMALIZE_WHITESPACE
    Medici lies on 52.2% of the shortest paths between other nodes (rank 1 of 15). Of 6
    contacts, 5.7 are non-redundant (effective size; constraint 0.21, lower means more holes
    to broker across).

    References
    ----------
    .. [1] U. Brandes and C. Pich, "Centrality estimation in large networks", International
       Journal of Bifurcation and Chaos 17(7), 2303-2318 (2007).
    .. [2] R. S. Burt, *Structural Holes*, Harvard University Press (1992).
    .. [3] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
       brokerage in transaction networks", Sociological Methodology 19, 89-126 (1989).
    """
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    n = G.number_of_nodes()
    pivots = auto_sample(G) if sample is None else (None if sample == 0 or sample >= n else sample)
    between = betweenness(G, pivots, seed=seed)
    bound = betweenness_error_bound(n, pivots, confidence=confidence)
    cons = constraint(G)
    esize = effective_size(G)

    ranked = sorted(G, key=lambda v: (-between[v], _nan_last(cons[v]), str(v)))
    rank_of = {v: i for i, v in enumerate(ranked, start=1)}
    wanted = None if kind is None else NodeKind(kind)
    chosen = [v for v in ranked if wanted is None or G.nodes[v].get("kind") is wanted]
    if top is not None:
        chosen = chosen[:top]

    roles: dict[Hashable, dict[str, int]] = {}
    between_groups: Counter[tuple[Hashable, Hashable]] = Counter()
    if groups is not None:
        roles = brokerage_roles(G, groups, nodes=chosen)
        between_groups = _ties_between_groups(G, groups)
    noun = _noun(G)
    items = []
    for v in chosen:
        scores: dict[str, float] = {
            "betweenness": between[v],
            "rank": float(rank_of[v]),
            "constraint": cons[v],
            "effective_size": esize[v],
            "degree": float(G.degree(v)),
        }
        reach: _Reach | None = None
        if groups is not None:
            reach = _reach(G, v, groups, between_groups)
            scores["groups_joined"] = float(len(reach.groups))
            scores["sole_bridge_pairs"] = float(len(reach.sole_pairs))
            scores.update({role: float(count) for role, count in roles[v].items()})
        items.append(
            ResultItem(
                id=str(v),
                name=_name(G, v),
                scores=scores,
                evidence=_evidence(G, v, reach),
                explanation=_explain(
                    G,
                    v,
                    scores=scores,
                    n=n,
                    noun=noun,
                    reach=reach,
                    roles=roles.get(v),
                    group_names=group_names or {},
                    pivots=pivots,
                ),
                details={"kind": G.nodes[v].get("kind")},
            )
        )
    projection = G.graph.get("projection")
    summary: dict[str, Any] = {
        "nodes": n,
        "ties": G.number_of_edges(),
        "betweenness": "exact" if pivots is None else "sampled",
        "pivots": n if pivots is None else pivots,
        "error_bound": bound,
        "confidence": confidence,
    }
    if groups is not None:
        summary["groups"] = len(set(groups.values()))
    return AnalysisResult(
        "brokers",
        str(projection) if projection is not None else "graph",
        {"kind": wanted, "top": top, "sample": pivots, "seed": seed, "grouped": groups is not None},
        tuple(items),
        summary,
    )


def _nan_last(value: float) -> float:
    return math.inf if math.isnan(value) else value


def _name(G: nx.Graph, v: Hashable) -> str:
    name = G.nodes[v].get("name")
    return str(name) if name else str(v)


def _noun(G: nx.Graph) -> str:
    projection = G.graph.get("projection")
    return "people" if projection == Projection.PEOPLE else "nodes"


def _ties_between_groups(
    G: nx.Graph, groups: Mapping[Hashable, Hashable]
) -> Counter[tuple[Hashable, Hashable]]:
    """Ties between each pair of different groups, keyed by the pair in sorted (str) order."""
    counts: Counter[tuple[Hashable, Hashable]] = Counter()
    if G.number_of_nodes() == 0:
        return counts
    view = to_igraph(G)  # already made for betweenness; its edge list is quick to walk
    of = [groups.get(v) for v in view.ids]
    for a, b in view.graph.get_edgelist():
        ga, gb = of[a], of[b]
        if ga is None or gb is None or ga == gb:
            continue
        counts[_pair(ga, gb)] += 1
    return counts


def _pair(a: Hashable, b: Hashable) -> tuple[Hashable, Hashable]:
    return (a, b) if str(a) <= str(b) else (b, a)


class _Reach:
    """The groups one node's ties reach, and the pairs of them it alone ties together."""

    __slots__ = ("groups", "own", "sole_pairs", "via")

    def __init__(
        self,
        own: Hashable | None,
        groups: list[Hashable],
        sole_pairs: list[tuple[Hashable, Hashable]],
        via: dict[Hashable, Hashable],
    ) -> None:
        self.own = own
        self.groups = groups
        """Its own group first, then the others its contacts are in, most contacts first."""
        self.sole_pairs = sole_pairs
        """Pairs of those groups with no tie between them except the broker's own."""
        self.via = via
        """For each group, the contact in it with most ties (the representative shown)."""


def _reach(
    G: nx.Graph,
    v: Hashable,
    groups: Mapping[Hashable, Hashable],
    between: Counter[tuple[Hashable, Hashable]],
) -> _Reach:
    own = groups.get(v)
    contacts: Counter[Hashable] = Counter()
    via: dict[Hashable, Hashable] = {}
    for u in G[v]:
        g = groups.get(u)
        if g is None:
            continue
        contacts[g] += 1
        best = via.get(g)
        if best is None or (G.degree(u), str(best)) > (G.degree(best), str(u)):
            via[g] = u
    reached = [g for g, _ in sorted(contacts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    if own is not None:
        reached = [own, *(g for g in reached if g != own)]
    sole: list[tuple[Hashable, Hashable]] = []
    for i, a in enumerate(reached):
        for b in reached[i + 1 :]:
            # Ties between a and b that do not touch v: v's own ties count only for its group.
            mine = contacts[b] if a == own else contacts[a] if b == own else 0
            if between[_pair(a, b)] - mine == 0:
                sole.append((a, b))
    return _Reach(own, reached, sole, via)


def _evidence(G: nx.Graph, v: Hashable, reach: _Reach | None, limit: int = 10) -> Evidence:
    """The broker, and its ties to one contact in each group it joins (or its top contacts)."""
    if reach is not None and reach.via:
        contacts = [reach.via[g] for g in reach.groups if g in reach.via][:limit]
    else:
        contacts = sorted(G[v], key=lambda u: (-G.degree(u), str(u)))[:limit]
    keys: list[tuple[str, str, str]] = []
    sources: list[str] = []
    for u in contacts:
        keys.extend(tie_keys(G, v, u))  # type: ignore[arg-type]
        sources.extend(tie_sources(G, v, u))
    return Evidence(
        nodes=(str(v), *(str(u) for u in contacts)),
        relationships=tuple((str(s), str(t), str(d)) for s, t, d in keys),
        sources=tuple(sources),
    )


def _explain(
    G: nx.Graph,
    v: Hashable,
    *,
    scores: Mapping[str, float],
    n: int,
    noun: str,
    reach: _Reach | None,
    roles: Mapping[str, int] | None,
    group_names: Mapping[Hashable, str],
    pivots: int | None,
) -> str:
    name = _name(G, v)
    share = scores["betweenness"]
    about = "" if pivots is None else f" (estimated from {pivots:,} of the {n:,} sources)"
    parts = [
        f"{name} lies on {_percent(share)} of the shortest paths between other {noun}"
        f"{about} (rank {int(scores['rank'])} of {n:,})."
    ]

    def label(g: Hashable) -> str:
        return group_names.get(g, str(g))

    if reach is not None and len(reach.groups) > 1:
        shown = ", ".join(label(g) for g in reach.groups[:4])
        more = f" and {len(reach.groups) - 4} more" if len(reach.groups) > 4 else ""
        text = f"{name} connects {len(reach.groups)} groups ({shown}{more})"
        if reach.sole_pairs:
            a, b = reach.sole_pairs[0]
            pairs = len(reach.sole_pairs)
            text += (
                f" and is the only tie between {pairs} pair{'s' if pairs != 1 else ''} of them"
                f" (such as {label(a)} and {label(b)})"
            )
        parts.append(text + ".")
    degree = int(scores["degree"])
    esize = scores["effective_size"]
    if degree > 1 and not math.isnan(esize):
        parts.append(
            f"Of {degree} contacts, {esize:.1f} are non-redundant (effective size; "
            f"constraint {scores['constraint']:.2f}, lower means more holes to broker across)."
        )
    elif degree == 1:
        parts.append(f"{name} has a single contact, so brokers nothing directly.")
    elif degree == 0:
        parts.append(f"{name} has no ties.")
    if roles and sum(roles.values()) > 0:
        played = [f"{roles[r]} as {r}" for r in ROLES if roles[r] > 0]
        parts.append("Brokerage roles (open two-paths): " + ", ".join(played) + ".")
    return " ".join(parts)


def _percent(share: float) -> str:
    value = 100.0 * share
    return f"{value:.1f}%" if value >= 0.1 or value == 0 else f"{value:.2g}%"
