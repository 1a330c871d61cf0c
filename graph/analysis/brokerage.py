"""Gould-Fernandez brokerage roles: whom a broker connects, by group.

A broker ``v`` mediates an *open two-path* ``a → v → c``: ``a`` has a tie to ``v``, ``v``
has a tie to ``c``, and ``a`` has no tie to ``c`` of its own. Given a grouping of the nodes
(communities, scales, organisations), Gould and Fernandez [1]_ name five roles by which of the
three share a group:

============== ====================== ==========================================================
role           groups (a, v, c)       what the broker does
============== ====================== ==========================================================
coordinator    A, A, A                links two members of its own group
itinerant      A, B, A                links two members of another group (a consultant)
gatekeeper     A, B, B                lets an outsider in to its own group
representative A, A, B                carries its own group's business to an outsider
liaison        A, B, C                links two groups, neither of them its own
============== ====================== ==========================================================

On a directed graph ties are taken in their direction and a two-path is open when there is no
tie ``a → c``. On an undirected graph (every projection) each tie is taken both ways, so each
open pair ``{a, c}`` is counted twice, once in each direction; as a consequence an undirected
broker's gatekeeper and representative counts are always equal (``a → v → c`` is one when
``c ← v ← a`` is the other).

References
----------
.. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
   brokerage in transaction networks", Sociological Methodology 19, 89-126 (1989).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx

from graph.analysis.communities import communities as find_communities
from graph.analysis.projections import relationships
from graph.vocabulary import NodeKind, RelType

__all__ = ["ROLES", "brokerage_roles", "organisation_groups"]

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
"""The five roles, in Gould and Fernandez's order."""


def brokerage_roles(
    G: nx.Graph,
    groups: Mapping[Hashable, Hashable],
    nodes: Iterable[Hashable] | None = None,
) -> dict[Hashable, dict[str, int]]:
    """Count the open two-paths each node brokers, by Gould-Fernandez role.

    For each broker ``v`` and each ordered pair ``(a, c)`` of other, distinct nodes with
    ties ``a → v`` and ``v → c`` but no tie ``a → c``, the pair is counted under the role its
    groups give (see the module notes). Nodes absent from ``groups`` belong to no group: a
    two-path through or to them is not counted, and a broker without a group plays no role.

    The counts are made from each broker's neighbourhood: the pairs are tallied per group
    from the group sizes among its contacts, and the closed pairs (contacts tied to each
    other) subtracted, so the cost for ``v`` is about the sum of its contacts' degrees, not
    the square of its own.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A simple graph. Undirected ties are taken both ways.
    groups : mapping
        Node to group.
    nodes : iterable, optional
        The brokers to count for (default: every node).

    Returns
    -------
    dict
        Node to a dict of role name (:data:`ROLES`) to the number of open two-paths it
        brokers in that role.

    Examples
    --------
    Ada passes what Bea (her colleague) tells her on to Carl, in another organisation, who
    does not hear from Bea directly: Ada is her organisation's representative.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("bea", "ada"), ("ada", "carl")])
    >>> roles = brokerage_roles(G, {"ada": "trust", "bea": "trust", "carl": "council"})
    >>> roles["ada"]["representative"], sum(roles["ada"].values())
    (1, 1)
    >>> G.add_edge("bea", "carl")  # Bea now tells Carl herself: nothing left to broker
    >>> brokerage_roles(G, {"ada": "trust", "bea": "trust", "carl": "council"})["ada"]
    {'coordinator': 0, 'itinerant': 0, 'gatekeeper': 0, 'representative': 0, 'liaison': 0}

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
       brokerage in transaction networks", Sociological Methodology 19, 89-126 (1989).
    """
    directed = G.is_directed()
    pred = G.pred if directed else G.adj
    succ = G.succ if directed else G.adj
    wanted = G.nodes if nodes is None else nodes
    return {v: _roles(v, pred, succ, groups) for v in wanted}


def _roles(
    v: Hashable,
    pred: Mapping[Hashable, Mapping[Hashable, Any]],
    succ: Mapping[Hashable, Mapping[Hashable, Any]],
    groups: Mapping[Hashable, Hashable],
) -> dict[str, int]:
    counts = dict.fromkeys(ROLES, 0)
    own = groups.get(v)
    if own is None:
        return counts
    ins = {a: g for a in pred[v] if a != v and (g := groups.get(a)) is not None}
    outs = {c: g for c in succ[v] if c != v and (g := groups.get(c)) is not None}
    if not ins or not outs:
        return counts
    p = Counter(ins.values())
    s = Counter(outs.values())
    # Contacts both before and after v: the pair (x, x) is no pair at all.
    same: Counter[Hashable] = Counter(g for x, g in ins.items() if x in outs)
    p_total, s_total = len(ins), len(outs)
    p_own, s_own = p[own], s[own]
    matched = sum(p[g] * s[g] for g in p if g != own and g in s)
    same_other = sum(n for g, n in same.items() if g != own)
    counts["coordinator"] = p_own * s_own - same[own]
    counts["representative"] = p_own * (s_total - s_own)
    counts["gatekeeper"] = (p_total - p_own) * s_own
    counts["itinerant"] = matched - same_other
    counts["liaison"] = (p_total - p_own) * (s_total - s_own) - matched
    # Take away the closed pairs: a → c already tied.
    for a, ga in ins.items():
        ties = succ[a]
        if len(ties) < len(outs):
            closed = ((c, outs[c]) for c in ties if c in outs and c != a)
        else:
            closed = ((c, gc) for c, gc in outs.items() if c != a and c in ties)
        for _c, gc in closed:
            counts[_role(ga, own, gc)] -= 1
    return counts


def _role(ga: Hashable, gv: Hashable, gc: Hashable) -> str:
    if ga == gv:
        return "coordinator" if gc == gv else "representative"
    if gc == gv:
        return "gatekeeper"
    return "itinerant" if ga == gc else "liaison"


def organisation_groups(G: nx.Graph) -> dict[str, str]:
    """Group each person by the organisation they work for, and each organisation by itself.

    A person who ``WORKS_FOR`` several organisations is grouped with a current one (no
    ``until`` date) before a past one, then the most recent ``since``, then the smallest id.
    People who work for no organisation, and nodes of other kinds, are left out.

    Parameters
    ----------
    G : networkx graph
        The store's graph, or a full projection (:func:`graph.analysis.projections.full_graph`,
        whose ties do not keep dates, so only ids decide there).

    Returns
    -------
    dict
        Node id to organisation id.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ada", kind=NodeKind.PERSON, name="Ada")
    >>> for org in ("old", "new"):
    ...     G.add_node(org, kind=NodeKind.ORGANISATION, name=org)
    >>> _ = G.add_edge("ada", "old", key=RelType.WORKS_FOR, type=RelType.WORKS_FOR,
    ...                since="2010", until="2019-01-01")
    >>> _ = G.add_edge("ada", "new", key=RelType.WORKS_FOR, type=RelType.WORKS_FOR,
    ...                since="2019-02-01")
    >>> organisation_groups(G)
    {'old': 'old', 'new': 'new', 'ada': 'new'}

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation", Sociological
       Methodology 19, 89-126 (1989): brokerage counted against formal affiliations.
    """
    out: dict[str, str] = {
        n: n for n, kind in G.nodes(data="kind") if kind is NodeKind.ORGANISATION
    }
    best: dict[str, tuple[bool, str]] = {}
    for s, d, t, data in relationships(G):
        if t is not RelType.WORKS_FOR:
            continue
        # Larger is better: current first, then the latest start; the smaller id breaks ties.
        key = (data.get("until") is None, str(data.get("since") or ""))
        if s not in best or key > best[s] or (key == best[s] and d < out[s]):
            best[s] = key
            out[s] = d
    return out


def broker_grouping(
    G: nx.Graph, raw: nx.Graph, group_by: str, *, seed: int | None = None
) -> tuple[dict[Hashable, Hashable] | None, dict[Hashable, str]]:
    """The grouping brokers are counted against, and a readable name for each group.

    Parameters
    ----------
    G : networkx.Graph
        The projection the brokers are ranked on.
    raw : networkx.Graph
        The store's graph (for organisations and community labels).
    group_by : {"none", "community", "scale", "organisation"}
        Communities (seeded Louvain, as ``convene communities`` finds them), effective scale,
        or the organisation each person works for.
    seed : int, optional

    Returns
    -------
    (dict or None, dict)
        Node to group (``None`` for no grouping), and group to name.
    """
    if group_by == "none":
        return None, {}
    if group_by == "scale":
        scales: dict[Hashable, Hashable] = {
            n: s for n, s in G.nodes(data="effective_scale") if s is not None
        }
        return scales, {s: f"{s} actors" for s in set(scales.values())}
    if group_by == "organisation":
        orgs: dict[Hashable, Hashable] = {
            n: o for n, o in organisation_groups(raw).items() if n in G
        }
        return orgs, {o: str(raw.nodes[o].get("name") or o) for o in set(orgs.values())}
    found = find_communities(G, full=raw, seed=seed, labels=1)
    groups: dict[Hashable, Hashable] = {}
    names: dict[Hashable, str] = {}
    for item in found:
        for member in item.details["members"]:
            groups[member] = item.id
        labelled = item.details["features"]
        names[item.id] = f"{item.id} ({item.name})" if labelled else item.id
    return groups, names
