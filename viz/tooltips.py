"""What a node or a tie says when the pointer rests on it: escaped HTML fragments.

Every value that comes from the data (names, descriptions, source origins) is escaped with
:func:`html.escape`, so a name like ``<script>`` is shown as text and never runs. The page
turns each fragment into elements itself (vis-network shows a string tooltip as plain text),
and the fragments contain only the tags written here.

Sources are named by origin (the file, document or caller) and locator, never by excerpt:
a passage may mention people the viewer may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from html import escape
from pathlib import PurePath
from typing import Any

import networkx as nx

from graph.model import Node
from graph.vocabulary import RelType
from viz.styling import node_kind, node_scale

MAX_DESCRIPTION = 280
MAX_SOURCES = 5
MAX_ALIASES = 4

DetailsLookup = Callable[[Sequence[str]], Mapping[str, Node]]
"""Given node ids, the stored nodes among them that the viewer may see (for descriptions,
aliases and sources, which the graph read for analyses does not carry)."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _origin(origin: str) -> str:
    """A file origin by its name only: where the loader's files live is nobody's business."""
    if "://" in origin:
        return origin  # a web address is public by nature
    if "/" in origin or "\\" in origin:
        return PurePath(origin.replace("\\", "/")).name or origin
    return origin


def _locator(kind: str, locator: str) -> str:
    return locator if locator.split(" ", 1)[0].lower() == kind else f"{kind} {locator}"


def source_lines(node: Node, limit: int = MAX_SOURCES) -> list[str]:
    """Each distinct source as ``origin`` or ``origin (row 3)``, at most ``limit``; files are
    named without their folders."""
    seen: dict[str, None] = {}
    for source in node.sources:
        where = f" ({_locator(source.kind.value, source.locator)})" if source.locator else ""
        seen.setdefault(f"{_origin(source.origin)}{where}", None)
    lines = list(seen)
    if len(lines) > limit:
        lines = [*lines[:limit], f"and {len(lines) - limit} more"]
    return lines


def node_tooltip(
    G: nx.Graph,
    node_id: Hashable,
    *,
    stored: Node | None = None,
    community: str | None = None,
    scores: Mapping[str, float] | None = None,
    note: str | None = None,
) -> str:
    """The tooltip of ``node_id``: name, kind, scale, place, description, sources, scores.

    ``G`` is the graph the viewer may see: a place is named only when it is a node of ``G``.
    ``stored`` is the node as the store holds it (for description, aliases and sources).
    """
    data = G.nodes[node_id]
    name = str(data.get("name") or node_id)
    kind = node_kind(data)
    scale = node_scale(data)
    parts = [f'<div class="cv-tip"><strong>{escape(name)}</strong>']
    facts = [kind.value if kind else "node"]
    if scale is not None:
        facts.append(f"{scale.value} scale")
    place = data.get("place")
    if place is not None and place in G:
        facts.append(f"in {G.nodes[place].get('name') or place}")
    parts.append(f'<div class="cv-tip-facts">{escape(" · ".join(facts))}</div>')
    if community:
        parts.append(f'<div class="cv-tip-facts">Community: {escape(community)}</div>')
    if note:
        parts.append(f'<div class="cv-tip-note">{escape(note)}</div>')
    if stored is not None:
        if stored.aliases:
            aliases = ", ".join(stored.aliases[:MAX_ALIASES])
            parts.append(f'<div class="cv-tip-facts">Also: {escape(aliases)}</div>')
        if stored.description:
            text = escape(_clip(stored.description, MAX_DESCRIPTION))
            parts.append(f'<p class="cv-tip-text">{text}</p>')
        lines = source_lines(stored)
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f'<div class="cv-tip-sources">Sources:<ul>{items}</ul></div>')
    if scores:
        shown = ", ".join(f"{k.replace('_', ' ')} {_number(v)}" for k, v in scores.items())
        parts.append(f'<div class="cv-tip-scores">{escape(shown)}</div>')
    parts.append(f'<div class="cv-tip-id">id: {escape(str(node_id))}</div></div>')
    return "".join(parts)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _name(G: nx.Graph, node: Hashable) -> str:
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def tie_tooltip(G: nx.Graph, u: Hashable, v: Hashable, keys: Iterable[Sequence[Any]]) -> str:
    """The tooltip of a tie: each relationship behind it, as ``Ada KNOWS Bob``."""
    lines = []
    for s, t, d in keys:
        word = str(t.value if isinstance(t, RelType) else t).replace("_", " ").lower()
        lines.append(f"{_name(G, s)} {word} {_name(G, d)}")
    if not lines:
        lines.append(f"{_name(G, u)} — {_name(G, v)}")
    body = "".join(f"<div>{escape(line)}</div>" for line in dict.fromkeys(lines))
    return f'<div class="cv-tip">{body}</div>'


def text_tooltip(heading: str, lines: Iterable[str] = ()) -> str:
    """A tooltip from plain text: a bold heading and lines (a suggestion, a community)."""
    body = "".join(f"<div>{escape(line)}</div>" for line in lines)
    return f'<div class="cv-tip"><strong>{escape(heading)}</strong>{body}</div>'
