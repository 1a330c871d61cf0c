"""Build graphs shaped exactly like ``GraphStore.to_networkx`` gives them, without a store.

The analyses take the store's graph; these helpers make the same shape from model objects or
from networkx's classic networks, so each test says only what matters to it.
``test_projections.py`` checks the shape against a real store's read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.model import Node, Relationship
from graph.vocabulary import NodeKind, RelType


def store_graph(
    nodes: Iterable[Node], rels: Iterable[Relationship], *, properties: Iterable[str] = ()
) -> nx.MultiDiGraph:
    """What ``to_networkx(GraphFilter(with_sources=True, properties=...))`` returns."""
    wanted = set(properties)
    G = nx.MultiDiGraph()
    for n in nodes:
        attrs: dict[str, Any] = {"kind": n.kind, "name": n.name, "visibility": n.level}
        if n.scale:
            attrs["scale"] = n.scale
        if n.place:
            attrs["place"] = n.place
        if n.sources:
            attrs["sources"] = tuple(s.id for s in n.sources)
        attrs.update((k, v) for k, v in n.properties.items() if k in wanted)
        G.add_node(n.id, **attrs)
    for r in rels:
        data: dict[str, Any] = {"type": r.type}
        if r.role is not None:
            data["role"] = r.role
        if r.since is not None:
            data["since"] = r.since.isoformat()
        if r.until is not None:
            data["until"] = r.until.isoformat()
        if r.weight is not None:
            data["weight"] = r.weight
        if r.sources:
            data["sources"] = tuple(s.id for s in r.sources)
        G.add_edge(r.source, r.target, key=r.type, **data)
    return G


def people_knowing(graph: nx.Graph, *, name: str = "P{}") -> nx.MultiDiGraph:
    """A classic network as people who know each other (``KNOWS`` per edge)."""
    G = nx.MultiDiGraph()
    for n in graph:
        G.add_node(n, kind=NodeKind.PERSON, name=name.format(n))
    for u, v, w in graph.edges(data="weight"):
        data: dict[str, Any] = {"type": RelType.KNOWS}
        if w is not None:
            data["weight"] = float(w)
        G.add_edge(u, v, key=RelType.KNOWS, **data)
    return G


def davis_as_members() -> nx.MultiDiGraph:
    """Davis's Southern Women: each woman a person ``MEMBER_OF`` each event (a forum) she
    attended."""
    D = nx.davis_southern_women_graph()
    G = nx.MultiDiGraph()
    for n, side in D.nodes(data="bipartite"):
        G.add_node(n, kind=NodeKind.PERSON if side == 0 else NodeKind.FORUM, name=n)
    for u, v in D.edges():
        woman, event = (u, v) if D.nodes[u]["bipartite"] == 0 else (v, u)
        G.add_edge(woman, event, key=RelType.MEMBER_OF, type=RelType.MEMBER_OF)
    return G
