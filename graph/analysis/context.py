"""What two nodes share: mutual contacts, forums, organisations, communities, interests, places.

:func:`shared_context` answers "what do Ada and Casey have in common?" on either projection.
On the full projection the shared contexts are the common neighbours of each kind; on the
people projection they come from each person's ``contexts`` and ``interests`` (which include
the contexts too big to project into ties). Mutual contacts are the people both *know*
(``KNOWS``), ranked by how strong the weaker of the two ties is, then by how few other
contacts they have (Adamic and Adar's intuition [1]_: a contact with few contacts is the more
telling one), then by name.

:class:`NetworkView` is the small adapter the introductions analysis shares, so both read
either projection the same way.

References
----------
.. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks 25(3),
   211-230 (2003).
.. [2] R. L. Breiger, "The duality of persons and groups", Social Forces 53(2), 181-190
   (1974).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

import networkx as nx

from graph.analysis.projections import (
    DEFAULT_MAX_CONTEXT_SIZE,
    Key,
    Projection,
    tie_keys,
    tie_sources,
)
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.vocabulary import NodeKind, RelType, Scale

__all__ = ["SHARED_KINDS", "NetworkView", "shared_context", "view_of"]

SHARED_KINDS: dict[NodeKind, str] = {
    NodeKind.FORUM: "forums",
    NodeKind.ORGANISATION: "organisations",
    NodeKind.COMMUNITY: "communities",
    NodeKind.INTEREST: "interests",
    NodeKind.PLACE: "places",
}
"""Kinds of shared context, and the key each is listed under."""

_KNOWS = RelType.KNOWS


class NetworkView:
    """Read a projection in the terms introductions and shared context need.

    The same questions (whom does a person know, what contexts are they in, who else is in a
    context) answered from the full projection (common neighbours by kind) or the people
    projection (node ``contexts`` and ``interests``, graph ``memberships``).
    """

    def __init__(self, G: nx.Graph) -> None:
        self.G = G
        self.adj = G._adj
        self.nodes = G._node  # the attribute dicts, without a view's overhead per lookup
        self.kinds: dict[Hashable, NodeKind | None] = {
            n: d.get("kind") for n, d in G._node.items()
        }
        self.people = G.graph.get("projection") == Projection.PEOPLE
        self.max_context_size: int = G.graph.get("max_context_size", DEFAULT_MAX_CONTEXT_SIZE)
        self._interest_members: dict[Hashable, list[Hashable]] | None = None
        self._sizes: dict[Hashable, int] = {}
        self._knows: dict[Hashable, list[Hashable]] = {}
        self._communities: dict[Hashable, frozenset[Hashable]] = {}
        self._open: dict[Hashable, bool] = {}
        self._lock = threading.Lock()

    # -- people ------------------------------------------------------------------------------

    def is_person(self, node: Hashable) -> bool:
        return self.kinds.get(node) is NodeKind.PERSON

    def knows(self, person: Hashable) -> list[Hashable]:
        """The people ``person`` knows (``KNOWS``), in adjacency order (remembered: a
        worklist asks about the same people many times)."""
        known = self._knows.get(person)
        if known is not None:
            return known
        adj = self.adj[person]
        if self.people:
            known = [v for v, tie in adj.items() if tie["knows"]]
        else:
            kinds = self.kinds
            known = [
                v
                for v, tie in adj.items()
                if _KNOWS in tie.get("types", ()) and kinds[v] is NodeKind.PERSON
            ]
        self._knows[person] = known
        return known

    def communities(self, person: Hashable) -> frozenset[Hashable]:
        """The communities ``person`` belongs to (remembered)."""
        found = self._communities.get(person)
        if found is None:
            found = frozenset(
                c for c in self.contexts(person) if self.context_kind(c) is NodeKind.COMMUNITY
            )
            self._communities[person] = found
        return found

    def knows_tie(self, u: Hashable, v: Hashable) -> bool:
        tie = self.adj[u].get(v)
        if tie is None:
            return False
        return bool(tie["knows"]) if self.people else _KNOWS in tie.get("types", ())

    def tie_weight(self, u: Hashable, v: Hashable) -> float:
        tie = self.adj[u].get(v)
        return float(tie.get("weight", 1.0)) if tie is not None else 0.0

    def name(self, node: Hashable) -> str:
        if self.people and node not in self.G:
            info = self.G.graph.get("contexts", {}).get(node, {})
            return str(info.get("name", node))
        name = self.nodes[node].get("name")
        return str(name) if name else str(node)

    def scale(self, node: Hashable) -> Scale | None:
        data = self.nodes[node]
        scale: Scale | None = data.get("effective_scale", data.get("scale"))
        return scale

    def is_open(self, person: Hashable) -> bool:
        """False when the person opted out of introductions (``open_to_introductions``
        false, or "false", "no", "0")."""
        found = self._open.get(person)
        if found is None:
            value = self.nodes[person].get("open_to_introductions", True)
            if isinstance(value, str):
                found = value.strip().lower() not in {"false", "no", "0", "n", "f"}
            else:
                found = value is not False and value != 0
            self._open[person] = found
        return found

    # -- contexts ----------------------------------------------------------------------------

    def context_kind(self, ctx: Hashable) -> NodeKind | None:
        if self.people:
            kind: NodeKind | None = self.G.graph["contexts"].get(ctx, {}).get("kind")
            return kind
        return self.kinds[ctx] if ctx in self.G else None

    def contexts(self, person: Hashable) -> list[Hashable]:
        """Forums, organisations, communities, interests and places of ``person``."""
        if self.people:
            data = self.nodes[person]
            return [*data.get("contexts", ()), *data.get("interests", ())]
        kinds = self.kinds
        return [v for v in self.adj[person] if kinds[v] in SHARED_KINDS]

    def members(self, ctx: Hashable) -> list[Hashable]:
        """The people in a context (or interested in an interest)."""
        if self.people:
            if self.context_kind(ctx) is NodeKind.INTEREST:
                return self._interests().get(ctx, [])
            return list(self.G.graph["memberships"].get(ctx, {}))
        kinds = self.kinds
        return [v for v in self.adj[ctx] if kinds[v] is NodeKind.PERSON]

    def size(self, ctx: Hashable) -> int:
        """How many people are in a context (remembered: projections do not change)."""
        if self.people:
            return int(self.G.graph["contexts"].get(ctx, {}).get("size", 0))
        size = self._sizes.get(ctx)
        if size is None:
            kinds = self.kinds
            size = self._sizes[ctx] = sum(1 for v in self.adj[ctx] if kinds[v] is NodeKind.PERSON)
        return size

    def membership_keys(self, person: Hashable, ctx: Hashable) -> list[Key]:
        """How ``person`` belongs to ``ctx``: relationship keys in their own direction."""
        if not self.people:
            return list(tie_keys(self.G, person, ctx))
        if self.context_kind(ctx) is NodeKind.INTEREST:
            return [(str(person), RelType.INTERESTED_IN, str(ctx))]
        types = self.G.graph["memberships"].get(ctx, {}).get(person, ())
        return [(str(person), t, str(ctx)) for t in sorted(types)]

    def membership_sources(self, person: Hashable, ctx: Hashable) -> tuple[str, ...]:
        if not self.people:
            return tie_sources(self.G, person, ctx)
        member_sources = self.G.graph.get("member_sources", {})
        return tuple(
            s for key in self.membership_keys(person, ctx) for s in member_sources.get(key, ())
        )

    def knows_keys(self, u: Hashable, v: Hashable) -> list[Key]:
        return [k for k in tie_keys(self.G, u, v) if k[1] == _KNOWS]

    def knows_sources(self, u: Hashable, v: Hashable) -> tuple[str, ...]:
        return tuple(self.adj[u][v].get("sources", ())) if self.people else tie_sources(
            self.G, u, v
        )

    def _interests(self) -> dict[Hashable, list[Hashable]]:
        with self._lock:
            if self._interest_members is None:
                index: dict[Hashable, list[Hashable]] = defaultdict(list)
                for person, ids in self.G.nodes(data="interests"):
                    for interest in ids or ():
                        index[interest].append(person)
                self._interest_members = dict(index)
            return self._interest_members


_VIEWS: weakref.WeakKeyDictionary[nx.Graph, NetworkView] = weakref.WeakKeyDictionary()
_VIEWS_LOCK = threading.Lock()


def view_of(G: nx.Graph) -> NetworkView:
    """The :class:`NetworkView` of ``G``, made once per graph object."""
    with _VIEWS_LOCK:
        view = _VIEWS.get(G)
        if view is None:
            view = _VIEWS[G] = NetworkView(G)
        return view


def rank_mutual_contacts(
    view: NetworkView, a: Hashable, b: Hashable, contacts: Iterable[Hashable]
) -> list[Hashable]:
    """Mutual contacts best first: strongest weaker tie, then fewest contacts, then name."""

    def key(w: Hashable) -> tuple[float, float, str]:
        weaker = min(view.tie_weight(a, w), view.tie_weight(w, b))
        degree = len(view.knows(w))
        return (-weaker, -1.0 / math.log(max(degree, 2)), view.name(w).casefold())

    return sorted(contacts, key=key)


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _listed(names: Sequence[str], limit: int = 4) -> str:
    shown = list(names[:limit])
    if len(names) > limit:
        shown.append(f"{len(names) - limit} more")
    return _and(shown)


def shared_context(G: nx.Graph, a: Hashable, b: Hashable) -> AnalysisResult:
    """What ``a`` and ``b`` share: mutual contacts, forums, organisations, communities,
    interests and places, with the relationships that show it.

    Parameters
    ----------
    G : networkx.Graph
        A projection: :func:`~graph.analysis.projections.full_graph` (any two nodes) or
        :func:`~graph.analysis.projections.people_graph` (two people).
    a, b : node
        The two nodes.

    Returns
    -------
    AnalysisResult
        Analysis ``"shared_context"`` with one item, ``id`` ``"a & b"``. Its ``details``
        hold ``a``, ``b``, ``knows`` (whether they know each other), ``mutual_contacts``
        (ids, best first) and ``forums``, ``organisations``, ``communities``, ``interests``
        and ``places`` (ids, smallest context first: a small shared forum says more than a
        big one). Scores count each, plus ``adamic_adar``, the sum of ``1 / log(size)`` over
        everything shared. The evidence holds the relationships from each side to each
        shared node.

    Raises
    ------
    networkx.NodeNotFound
        When ``a`` or ``b`` is not in ``G``.

    Examples
    --------
    Davis's Southern Women [2]_ as members of the events they attended: Evelyn and Theresa
    attended seven events together.

    >>> import networkx as nx
    >>> from graph.analysis.projections import full_graph
    >>> from graph.vocabulary import NodeKind, RelType
    >>> D = nx.davis_southern_women_graph()
    >>> G = nx.MultiDiGraph()
    >>> for n, side in D.nodes(data="bipartite"):
    ...     G.add_node(n, kind=NodeKind.PERSON if side == 0 else NodeKind.FORUM, name=n)
    >>> for w, e in D.edges():
    ...     w, e = (w, e) if D.nodes[w]["bipartite"] == 0 else (e, w)
    ...     _ = G.add_edge(w, e, key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    >>> item = shared_context(full_graph(G), "Evelyn Jefferson", "Theresa Anderson").items[0]
    >>> item.scores["forums"]
    7
    >>> item.explanation.split(";")[0]
    'Evelyn Jefferson and Theresa Anderson are both in E2, E4, E3, E5 and 3 more.'

    References
    ----------
    .. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks
       25(3), 211-230 (2003).
    .. [2] A. Davis, B. B. Gardner and M. R. Gardner, *Deep South*, University of Chicago
       Press (1941).
    """
    for end in (a, b):
        if end not in G:
            raise nx.NodeNotFound(f"node {end!r} is not in the graph")
    view = view_of(G)
    knows = view.knows_tie(a, b)
    mutual: list[Hashable] = []
    if view.is_person(a) and view.is_person(b):
        mutual = rank_mutual_contacts(
            view, a, b, (w for w in view.knows(a) if w != b and view.knows_tie(w, b))
        )
    shared = _shared_contexts(view, a, b)
    keys: list[Key] = []
    sources: list[str] = []
    if knows:
        keys.extend(view.knows_keys(a, b))
        sources.extend(view.knows_sources(a, b))
    for w in mutual:
        for u, v in ((a, w), (w, b)):
            keys.extend(view.knows_keys(u, v))
            sources.extend(view.knows_sources(u, v))
    aa = sum(1.0 / math.log(max(len(view.knows(w)), 2)) for w in mutual)
    for ids in shared.values():
        for ctx in ids:
            for end in (a, b):
                keys.extend(view.membership_keys(end, ctx))
                sources.extend(view.membership_sources(end, ctx))
            aa += 1.0 / math.log(max(view.size(ctx), 2))
    name_a, name_b = view.name(a), view.name(b)
    scores: dict[str, float] = {"mutual_contacts": len(mutual)}
    scores.update((label, len(ids)) for label, ids in shared.items())
    scores["adamic_adar"] = aa
    item = ResultItem(
        id=f"{a} & {b}",
        name=f"{name_a} & {name_b}",
        scores=scores,
        evidence=Evidence(
            nodes=(
                str(a),
                str(b),
                *map(str, mutual),
                *(str(c) for ids in shared.values() for c in ids),
            ),
            relationships=tuple((str(s), str(t), str(d)) for s, t, d in keys),
            sources=tuple(sources),
        ),
        explanation=_explain(
            view, name_a=name_a, name_b=name_b, knows=knows, mutual=mutual, shared=shared
        ),
        details={"a": a, "b": b, "knows": knows, "mutual_contacts": mutual, **shared},
    )
    projection = G.graph.get("projection", Projection.FULL)
    return AnalysisResult("shared_context", projection, {"a": a, "b": b}, (item,))


def _shared_contexts(view: NetworkView, a: Hashable, b: Hashable) -> dict[str, list[Hashable]]:
    theirs = set(view.contexts(b))
    common = [c for c in dict.fromkeys(view.contexts(a)) if c in theirs and c not in (a, b)]
    common.sort(key=lambda c: (view.size(c), view.name(c).casefold()))
    out: dict[str, list[Hashable]] = {label: [] for label in SHARED_KINDS.values()}
    for ctx in common:
        kind = view.context_kind(ctx)
        if kind in SHARED_KINDS:
            out[SHARED_KINDS[kind]].append(ctx)
    return out


def _explain(
    view: NetworkView,
    *,
    name_a: str,
    name_b: str,
    knows: bool,
    mutual: Sequence[Hashable],
    shared: dict[str, list[Hashable]],
) -> str:
    both = f"{name_a} and {name_b}"
    parts: list[str] = []
    if knows:
        parts.append(f"{both} know each other")
    if mutual:
        parts.append(f"both know {_listed([view.name(w) for w in mutual])}")
    in_context = [c for label in ("forums", "organisations", "communities") for c in shared[label]]
    if in_context:
        parts.append(f"are both in {_listed([view.name(c) for c in in_context])}")
    if shared["interests"]:
        parts.append(
            f"are both interested in {_listed([view.name(c) for c in shared['interests']])}"
        )
    if shared["places"]:
        parts.append(f"are both tied to {_listed([view.name(c) for c in shared['places']])}")
    if not parts:
        return (
            f"{both} share no contacts, forums, organisations, communities, interests or places."
        )
    first = parts[0] if parts[0].startswith(both) else f"{both} {parts[0]}"
    return "; ".join([first, *parts[1:]]) + "."

