"""Projections: the undirected graphs the analyses run on, made from the store's graph.

The store gives a :class:`networkx.MultiDiGraph` keyed by relationship type (see
:meth:`graph.store.base.GraphStore.to_networkx`). Most network measures want one simple
undirected tie per pair, so every analysis runs on one of two projections and says which:

``full`` (:func:`full_graph`)
    Every node of every kind; every relationship becomes an undirected tie. Parallel
    relationships between the same two nodes (Bob ``CONVENES`` and is a ``MEMBER_OF`` a forum)
    collapse into one tie that keeps the set of ``types``, the summed ``weight`` and the
    relationship ``keys`` (evidence).

``people`` (:func:`people_graph`)
    People only. Two people are tied when they ``KNOWS`` each other or share a context: a
    forum, organisation or community that both belong to through ``MEMBER_OF``, ``WORKS_FOR``,
    ``CONVENES``, ``SERVES`` or ``PLACED_AT``. The tie's ``weight`` counts what they share
    (one for knowing each other, one per shared context); ``newman`` weights each shared
    context by ``1 / (size - 1)`` instead, Newman's collaboration weighting, so a shared
    5-person working group counts for more than a shared 500-person network.

Big contexts
------------
A context with ``n`` members would add ``n (n - 1) / 2`` ties: a forum of 5,000 members alone
is 12.5 million pairs. :func:`people_graph` therefore never enumerates the pairs of a context
with more than ``max_context_size`` members (100 by default, at most 4,950 pairs each).
Such a context adds no ties; it is listed in ``P.graph["capped_contexts"]`` with its size,
and its members still carry it in their node attribute ``contexts``, so shared-context
analyses (:mod:`graph.analysis.context`, :mod:`graph.analysis.introductions`) still see that
two people share it. Under Newman's weighting such a tie would weigh less than ``1/100``
anyway. The cost of the projection is the sum of ``n (n - 1) / 2`` over the contexts below
the cap: with the default, a network of 100,000 people in forums and teams of ten to a hundred
projects in seconds, and a 5,000-member forum costs one pass over its members.

References
----------
.. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
   networks, and centrality", Phys. Rev. E 64, 016132 (2001).
.. [2] R. L. Breiger, "The duality of persons and groups", Social Forces 53(2), 181-190
   (1974).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from enum import StrEnum
from itertools import combinations
from typing import Any

import networkx as nx

from graph.memory import paused_gc
from graph.vocabulary import SYMMETRIC, NodeKind, RelType, Scale

Key = tuple[Hashable, RelType, Hashable]
"""A relationship key ``(source, type, target)``, in the relationship's own direction."""

DEFAULT_MAX_CONTEXT_SIZE = 100
"""Contexts with more members than this add no pairwise ties to the people projection."""

CONTEXT_KINDS: frozenset[NodeKind] = frozenset(
    {NodeKind.FORUM, NodeKind.ORGANISATION, NodeKind.COMMUNITY}
)
"""Kinds of node that two people can share as a context."""

CONTEXT_TYPES: frozenset[RelType] = frozenset(
    {
        RelType.MEMBER_OF,
        RelType.WORKS_FOR,
        RelType.CONVENES,
        RelType.SERVES,
        RelType.PLACED_AT,
    }
)
"""Relationship types that put a person in a context."""


class Projection(StrEnum):
    """Which projection an analysis ran on."""

    FULL = "full"
    PEOPLE = "people"


# -- reading relationships ---------------------------------------------------------------------


def relationships(G: nx.Graph) -> Iterator[tuple[str, str, RelType, Mapping[str, Any]]]:
    """Every relationship in ``G`` as ``(source, target, type, attributes)``.

    ``G`` is the store's graph (any networkx graph whose edges carry ``type``) or a
    :func:`full_graph` projection, whose ties are expanded back into their relationships.
    """
    if G.graph.get("projection") == Projection.FULL:
        for _u, _v, data in G.edges(data=True):
            for s, t, d in data["keys"]:
                yield s, d, t, data
        return
    if G.is_directed():  # straight through the adjacency: twice as fast as G.edges()
        multi = G.is_multigraph()
        for u, nbrs in G._adj.items():
            for v, held in nbrs.items():
                if multi:
                    for data in held.values():
                        yield u, v, data["type"], data
                else:
                    yield u, v, held["type"], held
        return
    for u, v, data in G.edges(data=True):
        yield u, v, data["type"], data




def effective_scales(G: nx.Graph) -> dict[str, Scale]:
    """The scale each node works at: its own ``scale``, else the scale of its place.

    A node's place is its ``place`` attribute or the target of its ``LOCATED_IN``
    relationship; when the place has no scale, the places it is ``PART_OF`` are tried in turn,
    nearest first. Nodes with no scale to find are left out.

    Parameters
    ----------
    G : networkx graph
        The store's graph or a :func:`full_graph` projection.

    Returns
    -------
    dict
        Node id to :class:`~graph.vocabulary.Scale`.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType, Scale
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("england", kind=NodeKind.PLACE, name="England", scale=Scale.NATIONAL)
    >>> G.add_node("dorset", kind=NodeKind.PLACE, name="Dorset")
    >>> G.add_node("ada", kind=NodeKind.PERSON, name="Ada", place="dorset")
    >>> _ = G.add_edge("dorset", "england", key=RelType.PART_OF, type=RelType.PART_OF)
    >>> effective_scales(G)["ada"]
    <Scale.NATIONAL: 'national'>
    """
    own: dict[str, Scale] = {}
    place_of: dict[str, str] = {}
    parents: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        if data.get("scale") is not None:
            own[node] = data["scale"]
        if data.get("place"):
            place_of[node] = data["place"]
    for s, d, t, _ in relationships(G):
        if t is RelType.LOCATED_IN:
            place_of.setdefault(s, d)
        elif t is RelType.PART_OF:
            parents[s].append(d)

    resolved: dict[str, Scale | None] = {}

    def place_scale(place: str) -> Scale | None:
        if place in resolved:
            return resolved[place]
        seen = {place}
        frontier = [place]
        found: Scale | None = None
        while frontier and found is None:
            nxt: list[str] = []
            for p in frontier:
                if p in own:
                    found = own[p]
                    break
                for q in parents.get(p, ()):
                    if q not in seen:
                        seen.add(q)
                        nxt.append(q)
            frontier = nxt
        resolved[place] = found
        return found

    out = dict(own)
    for node, place in place_of.items():
        if node not in out:
            scale = place_scale(place)
            if scale is not None:
                out[node] = scale
    return out


# -- the full projection -----------------------------------------------------------------------


def full_graph(G: nx.Graph) -> nx.Graph:
    """Every node and every relationship of ``G`` as one undirected tie per pair.

    Parameters
    ----------
    G : networkx graph
        The store's graph: a :class:`~networkx.MultiDiGraph` keyed by relationship type, with
        node attributes ``kind``, ``name`` (and optional ``scale``, ``place``, properties) and
        edge attributes ``type`` and optional ``weight`` and ``sources``.

    Returns
    -------
    networkx.Graph
        Same nodes and node attributes, plus ``effective_scale`` where one is known (see
        :func:`effective_scales`). Each tie carries ``types`` (a frozenset of
        :class:`~graph.vocabulary.RelType`), ``weight`` (the sum of its relationships'
        weights, 1 for each without one), ``keys`` (the relationship keys
        ``(source, type, target)`` in their own direction) and, when ``G`` has them,
        ``sources`` (source ids). ``graph["projection"]`` is ``"full"``.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("bob", kind=NodeKind.PERSON, name="Bob")
    >>> G.add_node("f", kind=NodeKind.FORUM, name="Forum")
    >>> _ = G.add_edge("bob", "f", key=RelType.CONVENES, type=RelType.CONVENES)
    >>> _ = G.add_edge("bob", "f", key=RelType.MEMBER_OF, type=RelType.MEMBER_OF, weight=2.0)
    >>> H = full_graph(G)
    >>> sorted(map(str, H["f"]["bob"]["types"])), H["f"]["bob"]["weight"]
    (['CONVENES', 'MEMBER_OF'], 3.0)

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis: Methods and Applications*,
       Cambridge University Press (1994), ch. 4 (relations, multiplexity).
    """
    with paused_gc():
        return _full_graph(G)


def _full_graph(G: nx.Graph) -> nx.Graph:
    H = nx.Graph(projection=Projection.FULL)
    H.add_nodes_from(G.nodes(data=True))
    for node, scale in effective_scales(G).items():
        H.nodes[node]["effective_scale"] = scale
    type_sets: dict[frozenset[RelType], frozenset[RelType]] = {}
    adj = H._adj  # building through the adjacency directly: 3x faster on a million ties
    for u, v, t, data in relationships(G):
        tie = adj[u].get(v)
        key = (u, t, v)
        weight = data.get("weight")
        w = 1.0 if weight is None else float(weight)
        sources = data.get("sources")
        if tie is None:
            types = frozenset((t,))
            tie = {"types": type_sets.setdefault(types, types), "weight": w, "keys": (key,)}
            if sources:
                tie["sources"] = tuple(sources)
            adj[u][v] = tie
            adj[v][u] = tie
            continue
        types = tie["types"] | {t}
        tie["types"] = type_sets.setdefault(types, types)
        tie["weight"] += w
        tie["keys"] = (*tie["keys"], key)
        if sources:
            tie["sources"] = tuple(dict.fromkeys((*tie.get("sources", ()), *sources)))
    return H


# -- the people projection ---------------------------------------------------------------------


def people_graph(
    G: nx.Graph,
    *,
    max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
    context_types: Iterable[RelType] = CONTEXT_TYPES,
    context_kinds: Iterable[NodeKind] = CONTEXT_KINDS,
) -> nx.Graph:
    """People tied by knowing each other or by sharing forums, organisations, communities.

    Parameters
    ----------
    G : networkx graph
        The store's graph (edges carry ``type`` and optional ``weight`` and ``sources``).
    max_context_size : int, default 100
        A context with more members than this adds no ties (see the module notes on big
        contexts); it is listed in ``graph["capped_contexts"]`` and stays in each member's
        ``contexts``.
    context_types : iterable of RelType
        Relationships that put a person in a context.
    context_kinds : iterable of NodeKind
        Kinds of node that count as a shared context.

    Returns
    -------
    networkx.Graph
        One node per person, with the person's attributes plus ``effective_scale`` (when
        known), ``contexts`` (ids of every context the person belongs to, capped ones
        included) and ``interests`` (ids of their ``INTERESTED_IN`` targets). Each tie
        carries:

        - ``types``: frozenset of the relationship types behind it (``KNOWS`` when they know
          each other, plus how each is in the shared contexts);
        - ``knows``: True when they know each other;
        - ``contexts``: the shared context ids (below the cap);
        - ``weight``: the relationship weight of ``KNOWS`` (1 when unset) plus 1 per shared
          context;
        - ``newman``: the ``KNOWS`` weight plus ``1 / (size - 1)`` per shared context;
        - ``keys``: the ``KNOWS`` relationship key, when they know each other, and
          ``sources`` its source ids when ``G`` has them.

        ``graph`` holds ``projection`` (``"people"``), ``contexts`` (id to ``kind``,
        ``name``, ``size``, ``scale`` for every context and interest a person belongs to),
        ``memberships`` (context id to a dict of member id to the frozenset of types),
        ``member_sources`` (membership and interest key to source ids) and
        ``capped_contexts`` (id to size). Use :func:`tie_keys` and :func:`tie_sources` for a
        tie's complete evidence.

    Examples
    --------
    Davis's Southern Women: 18 women and the 14 events they attended ([2]_). Projected onto
    the women, Evelyn and Theresa attended seven events together.

    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> D = nx.davis_southern_women_graph()
    >>> G = nx.MultiDiGraph()
    >>> for n, side in D.nodes(data="bipartite"):
    ...     G.add_node(n, kind=NodeKind.PERSON if side == 0 else NodeKind.FORUM, name=n)
    >>> for w, e in D.edges():
    ...     w, e = (w, e) if D.nodes[w]["bipartite"] == 0 else (e, w)
    ...     _ = G.add_edge(w, e, key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    >>> P = people_graph(G)
    >>> P["Evelyn Jefferson"]["Theresa Anderson"]["weight"]
    7.0
    >>> P.number_of_nodes(), P.number_of_edges()
    (18, 139)

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
       networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    .. [2] A. Davis, B. B. Gardner and M. R. Gardner, *Deep South*, University of Chicago
       Press (1941).
    """
    if max_context_size < 2:
        raise ValueError("max_context_size must be at least 2")
    with paused_gc():
        return _people_graph(G, max_context_size, context_types, context_kinds)


def _people_graph(
    G: nx.Graph,
    max_context_size: int,
    context_types: Iterable[RelType],
    context_kinds: Iterable[NodeKind],
) -> nx.Graph:
    ctx_types = frozenset(context_types)
    ctx_kinds = frozenset(context_kinds)
    kinds = {n: d.get("kind") for n, d in G._node.items()}  # a dict: 5x faster than a view
    P = nx.Graph(projection=Projection.PEOPLE)
    P.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("kind") is NodeKind.PERSON)
    scales = effective_scales(G)
    for node in P:
        if node in scales:
            P.nodes[node]["effective_scale"] = scales[node]

    adj = P._adj
    members: dict[str, dict[str, frozenset[RelType]]] = defaultdict(dict)
    member_sources: dict[Key, tuple[str, ...]] = {}
    interests: dict[str, list[str]] = defaultdict(list)
    interest_sizes: dict[str, int] = defaultdict(int)
    for s, d, t, data in relationships(G):
        if kinds[s] is not NodeKind.PERSON:
            continue
        if t is RelType.KNOWS:
            if kinds[d] is not NodeKind.PERSON:
                continue
            weight = data.get("weight")
            w = 1.0 if weight is None else float(weight)
            tie = adj[s].get(d)
            if tie is None:
                tie = {
                    "types": _KNOWS_TYPES,
                    "knows": True,
                    "contexts": [],
                    "weight": 0.0,
                    "newman": 0.0,
                    "keys": (),
                }
                adj[s][d] = tie
                adj[d][s] = tie
            tie["knows"] = True
            tie["types"] = _KNOWS_TYPES
            tie["weight"] += w
            tie["newman"] += w
            tie["keys"] = (*tie["keys"], (s, t, d))
            if data.get("sources"):
                tie["sources"] = tuple(data["sources"])
        elif t in ctx_types and kinds[d] in ctx_kinds:
            had = members[d].get(s)
            members[d][s] = frozenset((t,)) if had is None else had | {t}
            if data.get("sources"):
                member_sources[(s, t, d)] = tuple(data["sources"])
        elif t is RelType.INTERESTED_IN:
            interests[s].append(d)
            interest_sizes[d] += 1
            if data.get("sources"):
                member_sources[(s, t, d)] = tuple(data["sources"])

    contexts: dict[str, dict[str, Any]] = {}
    capped: dict[str, int] = {}
    person_contexts: dict[str, list[str]] = defaultdict(list)
    for ctx, who in members.items():
        size = len(who)
        contexts[ctx] = _context_info(G, ctx, size, scales)
        for person in who:
            person_contexts[person].append(ctx)
        if size < 2:
            continue
        if size > max_context_size:
            capped[ctx] = size
            continue
        share = 1.0 / (size - 1)
        # The hot loop: one dict lookup and three updates per pair; types come after.
        for a, b in combinations(sorted(who), 2):
            row = adj[a]
            tie = row.get(b)
            if tie is None:
                tie = {
                    "types": None,
                    "knows": False,
                    "contexts": [ctx],
                    "weight": 1.0,
                    "newman": share,
                    "keys": (),
                }
                row[b] = tie
                adj[b][a] = tie
            else:
                tie["contexts"].append(ctx)
                tie["weight"] += 1.0
                tie["newman"] += share
    type_sets: dict[frozenset[RelType], frozenset[RelType]] = {_KNOWS_TYPES: _KNOWS_TYPES}
    for a, row in adj.items():
        for b, tie in row.items():
            shared = tie["contexts"]
            if not isinstance(shared, list):
                continue  # done from the other end
            if not shared:
                tie["contexts"] = ()
                continue
            types = set(_KNOWS_TYPES) if tie["knows"] else set()
            for ctx in shared:
                who = members[ctx]
                types.update(who[a])
                types.update(who[b])
            frozen = frozenset(types)
            tie["types"] = type_sets.setdefault(frozen, frozen)
            tie["contexts"] = tuple(shared)
    for person, ids in interests.items():
        for interest in ids:
            if interest not in contexts:
                contexts[interest] = _context_info(G, interest, interest_sizes[interest], scales)
        P.nodes[person]["interests"] = tuple(dict.fromkeys(ids))
    for person, ids in person_contexts.items():
        P.nodes[person]["contexts"] = tuple(ids)
    P.graph["contexts"] = contexts
    P.graph["memberships"] = dict(members)
    P.graph["member_sources"] = member_sources
    P.graph["capped_contexts"] = capped
    P.graph["max_context_size"] = max_context_size
    return P


_KNOWS_TYPES = frozenset((RelType.KNOWS,))


def _context_info(G: nx.Graph, ctx: str, size: int, scales: Mapping[str, Scale]) -> dict[str, Any]:
    data = G.nodes[ctx]
    return {"kind": data.get("kind"), "name": data.get("name", ctx), "size": size,
            "scale": scales.get(ctx)}


# -- evidence of a tie, on either projection ---------------------------------------------------


def tie_keys(H: nx.Graph, u: Hashable, v: Hashable) -> tuple[Key, ...]:
    """The relationship keys behind the tie ``u``-``v`` of a projection.

    On the full projection, the relationships between the two nodes. On the people
    projection, their ``KNOWS`` relationship and, for each shared context, how each of them
    belongs to it (``(person, MEMBER_OF, forum)``).

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.MultiDiGraph()
    >>> for p in ("ada", "bob"):
    ...     G.add_node(p, kind=NodeKind.PERSON, name=p.title())
    ...     _ = G.add_edge(p, "f", key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    >>> G.nodes["f"].update(kind=NodeKind.FORUM, name="Forum")
    >>> [tuple(map(str, k)) for k in tie_keys(people_graph(G), "ada", "bob")]
    [('ada', 'MEMBER_OF', 'f'), ('bob', 'MEMBER_OF', 'f')]
    """
    tie = H[u][v]
    keys: tuple[Key, ...] = tuple(tie.get("keys", ()))
    if H.graph.get("projection") != Projection.PEOPLE:
        return keys
    memberships = H.graph["memberships"]
    extra: list[Key] = []
    for ctx in tie.get("contexts", ()):
        who = memberships[ctx]
        for person in (u, v):
            extra.extend((person, t, ctx) for t in sorted(who[person]))
    return keys + tuple(extra)


def tie_sources(H: nx.Graph, u: Hashable, v: Hashable) -> tuple[str, ...]:
    """Source ids behind the tie ``u``-``v`` (empty unless the graph was read with sources)."""
    tie = H[u][v]
    out = list(tie.get("sources", ()))
    if H.graph.get("projection") == Projection.PEOPLE:
        member_sources = H.graph.get("member_sources", {})
        for key in tie_keys(H, u, v):
            out.extend(member_sources.get(key, ()))
    return tuple(dict.fromkeys(out))


def is_symmetric(rel_type: RelType) -> bool:
    """True for relationship types with no direction (``KNOWS``, ``PARTNERS_WITH``)."""
    return rel_type in SYMMETRIC


def project(G: nx.Graph, projection: Projection | str, **options: Any) -> nx.Graph:
    """The ``projection`` of the store's graph ``G``; ``options`` go to :func:`people_graph`.

    Examples
    --------
    >>> import networkx as nx
    >>> project(nx.MultiDiGraph(), "full").graph["projection"]
    <Projection.FULL: 'full'>
    """
    chosen = Projection(projection)
    if chosen is Projection.FULL:
        return full_graph(G)
    return people_graph(G, **options)
