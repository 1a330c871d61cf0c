"""Who connects to whom: the k shortest paths between two nodes, with who and what is between.

:func:`k_shortest_paths` runs Yen's algorithm [1]_ (as :func:`networkx.shortest_simple_paths`
does) on a projection, with two changes that keep it fast on a big network:

- every shortest-path search is a bidirectional breadth-first search bounded by the hop limit,
  so a search never looks further than ``max_hops`` in total;
- Lawler's refinement [2]_: a path found by deviating from an earlier path at position ``d``
  only spurs from positions ``d`` onwards, because the searches before ``d`` would repeat
  earlier ones exactly.

Paths come in order of hops (fewest first): they are ``k`` shortest paths. When more than
``k`` paths tie for the last places, Yen's algorithm picks among them as its searches meet
them; the paths it returns with equal hops are ordered by the strength of their ties (the sum
of tie weights, strongest first), then by node ids. The search can be
restricted to intermediaries of some kinds (``via_kinds``) and to ties of some relationship
types (``via_types``); the two end nodes may be of any kind.

Each path reads aloud: "Ada Lovelace knows Bob Kerslake, who convenes NHS Citizen Advisory
Group, of which Casey Townsend is a member."

References
----------
.. [1] J. Y. Yen, "Finding the K Shortest Loopless Paths in a Network", Management Science
   17(11), 712-716 (1971).
.. [2] E. L. Lawler, "A procedure for computing the K best solutions to discrete optimization
   problems and its application to the shortest path problem", Management Science 18(7),
   401-405 (1972).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Container, Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import pairwise
from typing import Any, Protocol

import networkx as nx

from graph.analysis.projections import Key, Projection, tie_keys, tie_sources
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.vocabulary import NodeKind, RelType

__all__ = ["describe_path", "k_shortest_paths", "shortest_path_lengths"]

_PREFERENCE = (
    RelType.KNOWS,
    RelType.CONVENES,
    RelType.WORKS_FOR,
    RelType.MEMBER_OF,
    RelType.PLACED_AT,
    RelType.SERVES,
    RelType.PARTNERS_WITH,
    RelType.PART_OF,
    RelType.INTERESTED_IN,
    RelType.LOCATED_IN,
)
"""Which relationship names a hop when two nodes are related in several ways."""

_FORWARD = {
    RelType.KNOWS: "knows {o}",
    RelType.WORKS_FOR: "works for {o}",
    RelType.MEMBER_OF: "is a member of {o}",
    RelType.CONVENES: "convenes {o}",
    RelType.PARTNERS_WITH: "partners with {o}",
    RelType.PART_OF: "is part of {o}",
    RelType.INTERESTED_IN: "is interested in {o}",
    RelType.SERVES: "serves {o}",
    RelType.LOCATED_IN: "is based in {o}",
    RelType.PLACED_AT: "had a placement at {o}",
}
"""The subject is the relationship's source: "Bob convenes the forum"."""

_BACKWARD = {
    RelType.WORKS_FOR: "employs {o}",
    RelType.MEMBER_OF: "has {o} as a member",
    RelType.CONVENES: "is convened by {o}",
    RelType.PART_OF: "includes {o}",
    RelType.INTERESTED_IN: "is an interest of {o}",
    RelType.SERVES: "is served by {o}",
    RelType.LOCATED_IN: "is where {o} is based",
    RelType.PLACED_AT: "hosted a placement of {o}",
}
"""The subject is the relationship's target: "the forum is convened by Bob"."""

_BACKWARD_RELATIVE = {
    RelType.WORKS_FOR: "for which {o} works",
    RelType.MEMBER_OF: "of which {o} is a member",
    RelType.CONVENES: "which {o} convenes",
    RelType.PART_OF: "of which {o} is part",
    RelType.INTERESTED_IN: "which interests {o}",
    RelType.SERVES: "which {o} serves",
    RelType.LOCATED_IN: "where {o} is based",
    RelType.PLACED_AT: "where {o} had a placement",
}
"""A relative clause on the previous node: "..., of which Casey is a member"."""


def _name(G: nx.Graph, node: Hashable) -> str:
    name = G._node[node].get("name")
    return str(name) if name else str(node)


def _pronoun(G: nx.Graph, node: Hashable) -> str:
    return "who" if G._node[node].get("kind") is NodeKind.PERSON else "which"


def _primary(keys: Sequence[Key]) -> Key | None:
    ranked = sorted(keys, key=lambda k: _PREFERENCE.index(RelType(k[1])))
    return ranked[0] if ranked else None


def _hop_clause(G: nx.Graph, u: Hashable, v: Hashable, keys: Sequence[Key], first: bool) -> str:
    """How ``u`` relates to ``v``: a main clause for the first hop, a relative one after."""
    obj = _name(G, v)
    key = _primary(keys)
    if key is None:  # a people-projection tie through shared contexts
        contexts = G._adj[u][v].get("contexts", ())
        names = [str(G.graph.get("contexts", {}).get(c, {}).get("name", c)) for c in contexts]
        shared = _and(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        verb = f"shares {shared} with {obj}" if shared else f"is tied to {obj}"
        return verb if first else f"{_pronoun(G, u)} {verb}"
    rel_type = RelType(key[1])
    if key[0] == u or rel_type not in _BACKWARD:
        verb = _FORWARD[rel_type].format(o=obj)
        return verb if first else f"{_pronoun(G, u)} {verb}"
    if first:
        return _BACKWARD[rel_type].format(o=obj)
    return _BACKWARD_RELATIVE[rel_type].format(o=obj)


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe_path(
    G: nx.Graph, nodes: Sequence[Hashable], keys: Sequence[Sequence[Key]] | None = None
) -> str:
    """Read a path aloud, one clause per hop.

    Parameters
    ----------
    G : networkx.Graph
        The projection the path is in.
    nodes : sequence
        The path's nodes in order.
    keys : sequence of sequences of keys, optional
        For each hop, the relationship keys to describe it by (default: all of the tie's).

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.analysis.projections import full_graph
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ada", kind=NodeKind.PERSON, name="Ada")
    >>> G.add_node("bob", kind=NodeKind.PERSON, name="Bob")
    >>> G.add_node("cas", kind=NodeKind.PERSON, name="Casey")
    >>> G.add_node("f", kind=NodeKind.FORUM, name="the Advisory Group")
    >>> for s, t, d in [("ada", "KNOWS", "bob"), ("bob", "CONVENES", "f"),
    ...                 ("cas", "MEMBER_OF", "f")]:
    ...     _ = G.add_edge(s, d, key=RelType(t), type=RelType(t))
    >>> describe_path(full_graph(G), ["ada", "bob", "f", "cas"])
    'Ada knows Bob, who convenes the Advisory Group, of which Casey is a member.'
    """
    if len(nodes) < 2:
        return f"{_name(G, nodes[0])} is the person asked about." if nodes else ""
    clauses = []
    for i, (u, v) in enumerate(pairwise(nodes)):
        hop_keys = keys[i] if keys is not None else tie_keys(G, u, v)
        direct = [k for k in hop_keys if {k[0], k[2]} == {u, v}]
        clauses.append(_hop_clause(G, u, v, direct, first=i == 0))
    return f"{_name(G, nodes[0])} " + ", ".join(clauses) + "."


# -- the search ----------------------------------------------------------------------------------


class _Neighbourhood(Protocol):
    """A node's admitted neighbours, in adjacency order, each once; ``keys()`` iterates them."""

    def keys(self) -> Iterable[Hashable]: ...

    def __iter__(self) -> Iterator[Hashable]: ...


Neighbours = Callable[[Hashable], _Neighbourhood]

BlockedTies = Mapping[Hashable, AbstractSet[Hashable]]
"""For each node, the neighbours it may not step to: each blocked tie is listed from both ends."""


class _Lazily:
    """The neighbours of a node with a tie the filter cannot read, filtered afresh on each walk.

    The filter's error then comes out only when a walk reaches that tie: a search that meets
    the other end first never sees it.
    """

    def __init__(self, admitted: Callable[[Hashable], Iterator[Hashable]], u: Hashable) -> None:
        self._admitted, self._u = admitted, u

    def keys(self) -> _Lazily:
        return self

    def __iter__(self) -> Iterator[Hashable]:
        return self._admitted(self._u)


def _neighbour_function(
    G: nx.Graph,
    target: Hashable,
    via_kinds: frozenset[NodeKind] | None,
    via_types: frozenset[RelType] | None,
) -> Neighbours:
    adj = G._adj
    if via_kinds is None and via_types is None:
        return adj.__getitem__  # type: ignore[no-any-return]
    node_data = G._node

    def admitted(u: Hashable) -> Iterator[Hashable]:
        for v, tie in adj[u].items():
            if via_types is not None and via_types.isdisjoint(tie.get("types", ())):
                continue
            if via_kinds is not None and v != target and node_data[v].get("kind") not in via_kinds:
                continue
            yield v

    # Yen's searches expand the same nodes around both ends again and again: filter each
    # node's ties once per query, not once per search.
    known: dict[Hashable, dict[Hashable, None]] = {}

    def neighbours(u: Hashable) -> _Neighbourhood:
        found = known.get(u)
        if found is None:
            ties = adj[u]
            try:  # admitted(u) in one pass, without a generator's overhead per tie
                if via_types is None and via_kinds is not None:
                    chosen = [
                        v
                        for v in ties
                        if not (v != target and node_data[v].get("kind") not in via_kinds)
                    ]
                elif via_kinds is None and via_types is not None:
                    chosen = [
                        v
                        for v, tie in ties.items()
                        if not via_types.isdisjoint(tie.get("types", ()))
                    ]
                else:
                    chosen = list(admitted(u))
            except Exception:  # an unreadable tie: raise only where a search walks that far
                return _Lazily(admitted, u)
            found = known[u] = dict.fromkeys(chosen)
        return found

    return neighbours


def _first_met(
    nbrs: Iterable[Hashable],
    other: Container[Hashable],
    blocked_nodes: AbstractSet[Hashable],
    cut: AbstractSet[Hashable] | None,
) -> Hashable | None:
    """The first of ``nbrs`` reached from the other end that is not blocked, if any."""
    for v in nbrs:
        if v in other and v not in blocked_nodes and (cut is None or v not in cut):
            return v
    return None


def _bounded_bidirectional(
    neighbours: Neighbours,
    source: Hashable,
    target: Hashable,
    *,
    budget: int,
    blocked_nodes: AbstractSet[Hashable],
    blocked_ties: BlockedTies,
) -> list[Hashable] | None:
    """A shortest path of at most ``budget`` hops avoiding the blocked nodes and ties.

    Each level grows the smaller frontier node by node, each node's neighbours in adjacency
    order, and stops at the first neighbour reached from the other end. That order decides
    which of several equally short paths is returned, and so which paths Yen's algorithm
    keeps when more than ``k`` tie: the shortcuts below all keep it.
    """
    if source == target:
        return [source]
    if budget < 1:
        return None
    pred: dict[Hashable, Hashable | None] = {source: None}
    succ: dict[Hashable, Hashable | None] = {target: None}
    forward, backward = [source], [target]
    depth = 0
    meet: Hashable | None = None
    while forward and backward and depth < budget and meet is None:
        grow_forward = len(forward) <= len(backward)
        this, seen, other = (forward, pred, succ) if grow_forward else (backward, succ, pred)
        depth += 1
        last_level = depth == budget
        apart = other.keys().isdisjoint
        nxt: list[Hashable] = []
        for u in this:
            nbrs = neighbours(u)
            cut = blocked_ties.get(u) if blocked_ties else None
            # Blocked nodes are never reached, so a node with no neighbour reached from the
            # other end cannot meet it, whatever is blocked: one test in C rules out all but
            # the meeting node and the rare node whose reached neighbours are all blocked.
            if not apart(nbrs.keys()):
                meet = _first_met(nbrs, other, blocked_nodes, cut)
                if meet is not None:
                    # Not yet reached from this end: the two ends' reaches are disjoint until
                    # they meet. The other nodes of the level no longer matter.
                    seen[meet] = u
                    break
            if last_level:  # never grown, so the test was all the work
                continue
            # Copy the neighbours in C and strike out the few already seen or blocked: a
            # hub's thousands of neighbours are never looked at one by one in Python.
            fresh = dict.fromkeys(nbrs, u)
            for v in seen.keys() & nbrs.keys():
                del fresh[v]
            for v in blocked_nodes:
                fresh.pop(v, None)
            if cut is not None:
                for v in cut:
                    fresh.pop(v, None)
            seen.update(fresh)
            nxt += fresh
        if grow_forward:
            forward = nxt
        else:
            backward = nxt
    if meet is None:
        return None
    path: list[Hashable] = []
    node: Hashable | None = meet
    while node is not None:
        path.append(node)
        node = pred[node]
    path.reverse()
    node = succ[meet]
    while node is not None:
        path.append(node)
        node = succ[node]
    return path


def _strength(G: nx.Graph, path: Sequence[Hashable]) -> float:
    adj = G._adj
    return float(sum(adj[u][v].get("weight", 1.0) for u, v in pairwise(path)))


def _rank(G: nx.Graph, path: Sequence[Hashable]) -> tuple[int, float, tuple[str, ...]]:
    return (len(path) - 1, -_strength(G, path), tuple(map(str, path)))


def _yen(
    G: nx.Graph,
    source: Hashable,
    target: Hashable,
    *,
    k: int,
    max_hops: int,
    neighbours: Neighbours,
) -> list[list[Hashable]]:
    first = _bounded_bidirectional(
        neighbours, source, target, budget=max_hops, blocked_nodes=frozenset(), blocked_ties={}
    )
    if first is None:
        return []
    accepted: list[list[Hashable]] = [first]
    deviations = [0]
    seen = {tuple(first)}
    candidates: list[tuple[int, float, tuple[str, ...], int, list[Hashable]]] = []
    while len(accepted) < k:
        last, dev = accepted[-1], deviations[-1]
        for j in range(dev, len(last) - 1):
            root = last[: j + 1]
            blocked_ties: dict[Hashable, set[Hashable]] = {}
            for p in accepted:
                if len(p) > j + 1 and p[: j + 1] == root:
                    blocked_ties.setdefault(p[j], set()).add(p[j + 1])
                    blocked_ties.setdefault(p[j + 1], set()).add(p[j])
            spur = _bounded_bidirectional(
                neighbours,
                last[j],
                target,
                budget=max_hops - j,
                blocked_nodes=set(root[:-1]),
                blocked_ties=blocked_ties,
            )
            if spur is None:
                continue
            path = root[:-1] + spur
            key = tuple(path)
            if key in seen:
                continue
            seen.add(key)
            heapq.heappush(candidates, (*_rank(G, path), j, path))
        if not candidates:
            break
        *_, j, path = heapq.heappop(candidates)
        accepted.append(path)
        deviations.append(j)
    return accepted


def k_shortest_paths(
    G: nx.Graph,
    a: Hashable,
    b: Hashable,
    *,
    k: int = 5,
    max_hops: int = 4,
    via_kinds: Iterable[NodeKind | str] | None = None,
    via_types: Iterable[RelType | str] | None = None,
) -> AnalysisResult:
    """The ``k`` shortest paths from ``a`` to ``b`` of at most ``max_hops`` ties.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:func:`~graph.analysis.projections.full_graph` or
        :func:`~graph.analysis.projections.people_graph`); any undirected graph works, with
        ``name`` and ``kind`` on nodes and ``types`` and ``weight`` on ties where known.
    a, b : node
        The two ends.
    k : int, default 5
        How many paths at most.
    max_hops : int, default 4
        The longest path considered, in ties.
    via_kinds : iterable of NodeKind, optional
        Only intermediaries of these kinds (the ends may be of any kind).
    via_types : iterable of RelType, optional
        Only ties that include a relationship of one of these types; the evidence of each hop
        lists only those relationships.

    Returns
    -------
    AnalysisResult
        Analysis ``"paths"``; one item per path, fewest hops first. Each item's ``id`` is the
        node ids joined by ``" > "``; ``details`` hold ``nodes`` (ids in order),
        ``intermediaries``, ``types`` (the relationship types of each hop) and ``hops``
        (each hop's ``source``, ``target``, ``types`` and ``relationships``); scores are
        ``hops`` and ``strength`` (the sum of tie weights). The evidence holds the nodes,
        the relationship keys and their sources.

    Raises
    ------
    networkx.NodeNotFound
        When ``a`` or ``b`` is not in ``G``.
    ValueError
        When ``a == b``, ``k < 1`` or ``max_hops < 1``.

    Examples
    --------
    Zachary's karate club [3]_: the instructor (0) and the administrator (33) have no tie,
    but four shared friends; the strongest two-hop paths come first.

    >>> import networkx as nx
    >>> result = k_shortest_paths(nx.karate_club_graph(), 0, 33, k=4)
    >>> [item.details["nodes"] for item in result.items]
    [[0, 13, 33], [0, 31, 33], [0, 8, 33], [0, 19, 33]]
    >>> result.items[0].scores["hops"]
    2

    See Also
    --------
    networkx.shortest_simple_paths : the unbounded reference implementation.

    References
    ----------
    .. [1] J. Y. Yen, "Finding the K Shortest Loopless Paths in a Network", Management
       Science 17(11), 712-716 (1971).
    .. [2] E. L. Lawler, "A procedure for computing the K best solutions to discrete
       optimization problems and its application to the shortest path problem", Management
       Science 18(7), 401-405 (1972).
    .. [3] W. W. Zachary, "An information flow model for conflict and fission in small
       groups", Journal of Anthropological Research 33(4), 452-473 (1977).
    """
    for end in (a, b):
        if end not in G:
            raise nx.NodeNotFound(f"node {end!r} is not in the graph")
    if a == b:
        raise ValueError("a path needs two different nodes")
    if k < 1 or max_hops < 1:
        raise ValueError("k and max_hops must be at least 1")
    kinds = None if via_kinds is None else frozenset(NodeKind(x) for x in via_kinds)
    types = None if via_types is None else frozenset(RelType(x) for x in via_types)
    neighbours = _neighbour_function(G, b, kinds, types)
    found = _yen(G, a, b, k=k, max_hops=max_hops, neighbours=neighbours)
    paths = sorted(found, key=lambda p: _rank(G, p))
    items = tuple(_path_item(G, path, types) for path in paths)
    parameters = {
        "a": a,
        "b": b,
        "k": k,
        "max_hops": max_hops,
        "via_kinds": sorted(kinds) if kinds is not None else None,
        "via_types": sorted(types) if types is not None else None,
    }
    projection = G.graph.get("projection", Projection.FULL)
    return AnalysisResult("paths", projection, parameters, items)


def _path_item(
    G: nx.Graph, path: Sequence[Hashable], types: frozenset[RelType] | None
) -> ResultItem:
    hop_keys: list[list[Key]] = []
    hops: list[dict[str, Any]] = []
    sources: list[str] = []
    for u, v in pairwise(path):
        keys = [k for k in tie_keys(G, u, v) if types is None or RelType(k[1]) in types]
        tie_types = G._adj[u][v].get("types", ())
        shown = sorted(str(t) for t in tie_types if types is None or t in types)
        hop_keys.append(keys)
        hops.append(
            {
                "source": u,
                "target": v,
                "types": shown,
                "relationships": [
                    {"source": str(s), "type": str(t), "target": str(d)} for s, t, d in keys
                ],
            }
        )
        sources.extend(tie_sources(G, u, v))
    names = [_name(G, n) for n in path]
    ids = [str(n) for n in path]
    return ResultItem(
        id=" > ".join(ids),
        name=" → ".join(names),
        scores={"hops": len(path) - 1, "strength": _strength(G, path)},
        evidence=Evidence(
            nodes=tuple(ids),
            relationships=tuple(
                (str(s), str(t), str(d)) for keys in hop_keys for s, t, d in keys
            ),
            sources=tuple(sources),
        ),
        explanation=describe_path(G, path, hop_keys),
        details={
            "nodes": list(path),
            "intermediaries": list(path[1:-1]),
            "types": [hop["types"] for hop in hops],
            "hops": hops,
        },
    )


def shortest_path_lengths(
    G: nx.Graph, source: Hashable, *, cutoff: int | None = None
) -> dict[Hashable, int]:
    """Hops from ``source`` to every node it reaches within ``cutoff`` (breadth-first).

    A thin, documented alias of :func:`networkx.single_source_shortest_path_length` so
    analyses share one way of asking.

    Examples
    --------
    >>> import networkx as nx
    >>> shortest_path_lengths(nx.path_graph(4), 0, cutoff=2)
    {0: 0, 1: 1, 2: 2}
    """
    lengths: dict[Hashable, int] = nx.single_source_shortest_path_length(G, source, cutoff=cutoff)
    return lengths
