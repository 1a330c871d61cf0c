"""A :class:`~viz.scene.Scene` rendered to one HTML page with pyvis and Convene's template.

pyvis builds the vis-network node and edge records (:class:`pyvis.network.Network`); the
page itself comes from ``viz/templates/page.html`` rather than pyvis's own template, which
fetches Bootstrap and vis-network from CDNs. The records travel in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no value
in the data can close the block or start markup; ``viz/static/convene.js`` reads it and
draws the network. A served page therefore has no inline script at all (see the
Content-Security-Policy in :mod:`viz.routes`).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jinja2
from pyvis.network import Network  # type: ignore[import-untyped]

from graph.vocabulary import NodeKind
from viz import palette
from viz.layout import vis_options
from viz.scene import ROLE_BORDERS, Scene

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment of Convene's pages: autoescaping on, undefined names refused."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class _Network(Network):  # type: ignore[misc]
    """pyvis's network with a set of node ids for its edge checks.

    pyvis checks both ends of every new edge against its list of node ids, which is
    quadratic on a page of thousands of nodes and ties; a set makes each check constant.
    """

    def __init__(self) -> None:
        super().__init__(directed=True, cdn_resources="in_line")
        self._ids: set[Any] = set()

    def add_node(self, n_id: Any, label: Any = None, shape: str = "dot", **options: Any) -> None:
        if n_id not in self._ids:
            self._ids.add(n_id)
            super().add_node(n_id, label=label, shape=shape, **options)

    def get_nodes(self) -> set[Any]:
        return self._ids


def network_records(scene: Scene) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network node and edge records of ``scene``, built with pyvis."""
    net = _Network()
    for node in scene.nodes:
        options: dict[str, Any] = {
            "title": node.title,
            "color": node.colour,
            "size": node.size,
            "kind": node.kind,
            "scale": node.scale,
            "community": node.community,
            "role": node.role,
        }
        if node.role in ROLE_BORDERS:
            options["borderWidth"] = ROLE_BORDERS[node.role]
            options["color"] = {
                "background": node.colour,
                "border": "#1A1A1A",
                "highlight": {"background": node.colour, "border": "#1A1A1A"},
            }
            options["font"] = {"size": 18, "bold": True}
        if node.x is not None and node.y is not None:
            options["x"] = node.x
            options["y"] = node.y
        if node.link is not None:
            options["link"] = node.link
        net.add_node(node.id, label=node.label, shape=node.shape, **options)
    known = net.get_nodes()
    for edge in scene.edges:
        if edge.source not in known or edge.target not in known:
            continue
        # directed=True only skips pyvis's quadratic duplicate check: ties come deduplicated
        options = {"color": edge.colour} if edge.colour != palette.EDGE_COLOUR else {}
        # Plain ties take their colour from the network's options, so the page can fade
        # them all at once when a node is selected.
        net.add_edge(
            edge.source,
            edge.target,
            title=edge.title,
            width=edge.width,
            dashes=edge.dashes,
            kind=edge.kind,
            arrows="",
            **options,
        )
    nodes: list[dict[str, Any]] = net.nodes
    edges: list[dict[str, Any]] = net.edges
    return nodes, edges


def payload(scene: Scene) -> dict[str, Any]:
    """Everything the page script needs, as JSON-ready data."""
    nodes, edges = network_records(scene)
    options = vis_options(
        physics=scene.physics,
        seed=scene.options.seed,
        edges=len(edges),
        spring_length=scene.spring_length,
    )
    present = {n.kind for n in scene.nodes if n.kind}
    kinds = [k.value for k in NodeKind if k.value in present]
    scales = sorted({n.scale or "none" for n in scene.nodes if n.kind})
    return {
        "view": scene.view,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": scene.physics,
        "focusUrl": scene.options.focus_url,
        "focusNode": scene.focus_node,
        "kinds": kinds,
        "scales": scales,
        "edgeColour": palette.EDGE_COLOUR,
    }


SCALE_ORDER = ("local", "regional", "national", "international", "none")


def render(scene: Scene) -> str:
    """The whole HTML page of ``scene``."""
    data = payload(scene)
    template = environment().get_template("page.html")
    kinds = data["kinds"]
    scales = [s for s in SCALE_ORDER if s in data["scales"]]
    return template.render(
        scene=scene,
        data_json=script_json(data),
        styles=scene.options.assets.styles(),
        scripts=scene.options.assets.scripts(),
        kinds=kinds,
        scales=scales,
        names=sorted({n.label for n in scene.nodes}, key=str.casefold),
        node_count=len(scene.nodes),
        edge_count=len(data["edges"]),
        served=scene.options.focus_url is not None,
        bordered=any(n.role in ROLE_BORDERS for n in scene.nodes),
    )
