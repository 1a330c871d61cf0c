"""The JSON and CSV bundle exports: the load formats, with sources."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from graph.model import Node, Relationship, Source
from loaders.export.core import STRING, Scan, column_name, encode_json, open_text
from loaders.records import SOURCES

NODE_COLUMNS = (
    "id",
    "kind",
    "name",
    "aliases",
    "scale",
    "place",
    "description",
    "url",
    "visibility",
)
EDGE_COLUMNS = ("source", "type", "target", "role", "since", "until", "weight")


def sources_json(sources: Sequence[Source]) -> str:
    """Sources as one JSON text, the way the text formats carry them; empty when none."""
    return encode_json([s.to_dict() for s in sources]) if sources else ""


def write_json(scan: Scan, path: Path) -> None:
    """``{"nodes": [...], "edges": [...]}``, one node or relationship a line, each as its
    ``to_dict()`` (the JSON load format, with ``properties`` and ``sources``)."""
    with open_text(path) as out:
        out.write('{"nodes": [')
        separator = "\n"
        for nodes in scan.nodes():
            for node in nodes:
                out.write(separator)
                out.write(encode_json(node.to_dict()))
                separator = ",\n"
        out.write('\n],\n"edges": [')
        separator = "\n"
        for rels in scan.relationships():
            for rel in rels:
                out.write(separator)
                out.write(encode_json(rel.to_dict()))
                separator = ",\n"
        out.write("\n]}\n")


def write_csv(scan: Scan, folder: Path) -> None:
    """``nodes.csv`` and ``edges.csv`` in ``folder``: the load format's columns, then one
    column a property, then ``sources``."""
    node_props = scan.node_types.columns()
    rel_props = scan.rel_types.columns()
    with open_text(folder / "nodes.csv") as out:
        writer = csv.writer(out)
        writer.writerow(_header(NODE_COLUMNS, node_props))
        for nodes in scan.nodes():
            writer.writerows(_node_row(n, node_props) for n in nodes)
    with open_text(folder / "edges.csv") as out:
        writer = csv.writer(out)
        writer.writerow(_header(EDGE_COLUMNS, rel_props))
        for rels in scan.relationships():
            writer.writerows(_rel_row(r, rel_props) for r in rels)


def _header(fields: Sequence[str], props: Sequence[tuple[str, str]]) -> list[str]:
    return [*fields, *(column_name(key, kind) for key, kind in props), SOURCES]


def _cells(properties: Mapping[str, Any], columns: Sequence[tuple[str, str]]) -> list[str]:
    cells = []
    for key, kind in columns:
        if key not in properties:
            cells.append("")
        elif kind == STRING:
            cells.append(properties[key])
        else:
            cells.append(encode_json(properties[key]))
    return cells


def _node_row(node: Node, props: Sequence[tuple[str, str]]) -> list[str]:
    return [
        node.id,
        node.kind.value,
        node.name,
        ";".join(node.aliases),
        node.scale.value if node.scale else "",
        node.place or "",
        node.description or "",
        node.url or "",
        node.level.value,
        *_cells(node.properties, props),
        sources_json(node.sources),
    ]


def _rel_row(rel: Relationship, props: Sequence[tuple[str, str]]) -> list[str]:
    return [
        rel.source,
        rel.type.value,
        rel.target,
        rel.role or "",
        rel.since.isoformat() if rel.since else "",
        rel.until.isoformat() if rel.until else "",
        "" if rel.weight is None else repr(rel.weight),
        *_cells(rel.properties, props),
        sources_json(rel.sources),
    ]
