"""Time in the graph: which relationships hold on a given day, and the network as it stood then.

A relationship is *active* on a day when it began on or before that day (or has no ``since``)
and had not ended by it (no ``until``, or ``until`` after the day). A node is *in the network*
on a day when it has an active relationship then, or has no dated relationship at all
(undated facts are taken as always true).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx


def day_of(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def active(data: Mapping[str, Any], day: date) -> bool:
    """True when a relationship with these attributes holds on ``day``."""
    since, until = day_of(data.get("since")), day_of(data.get("until"))
    return (since is None or since <= day) and (until is None or until > day)


def as_of(G: nx.MultiDiGraph, day: date, *, departed: bool = True) -> nx.MultiDiGraph:
    """The network as it stood on ``day``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The store's graph (edges with optional ``since`` and ``until``).
    day : datetime.date
    departed : bool
        Keep nodes whose ties had all ended by ``day`` (they had joined, and are still known,
        just not tied to anyone then). The indicators leave them out; lookups keep them, so a
        person whose ties ended can still be asked about.

    Returns
    -------
    networkx.MultiDiGraph
        A copy holding the relationships active on ``day`` and the nodes in the network then:
        nodes with an active tie, with no dated tie at all, and (with ``departed``) those
        whose ties had all begun and ended by then. Nodes whose ties all begin later are out.

    Examples
    --------
    >>> import networkx as nx
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ada", "bob", key="KNOWS", since="2015-01-01", until="2020-01-01")
    >>> _ = G.add_edge("ada", "cas", key="KNOWS", since="2019-06-01")
    >>> sorted(as_of(G, date(2016, 1, 1)).nodes), sorted(as_of(G, date(2021, 1, 1)).nodes)
    (['ada', 'bob'], ['ada', 'bob', 'cas'])
    >>> sorted(as_of(G, date(2021, 1, 1), departed=False).nodes)
    ['ada', 'cas']
    """
    H = nx.MultiDiGraph(**G.graph)
    dated: set[str] = set()
    present: set[str] = set()
    joined: set[str] = set()
    for u, v, key, data in G.edges(keys=True, data=True):
        since = day_of(data.get("since"))
        if since is not None or data.get("until") is not None:
            dated.update((u, v))
        if since is None or since <= day:
            joined.update((u, v))
        if active(data, day):
            present.update((u, v))
            H.add_edge(u, v, key=key, **data)
    for node, data in G.nodes(data=True):
        if node in present or node not in dated or (departed and node in joined):
            H.add_node(node, **data)
    return H
