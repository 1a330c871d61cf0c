"""The GraphML and GEXF exports, written as text a line per node or edge.

Every attribute is declared before the graph with the type of all its values (see the
package's notes on types), so Gephi, yEd, Cytoscape and networkx read each column as what it
is. Fields a node or relationship leaves empty are left out rather than written empty.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from graph.errors import InvalidData
from graph.model import Node, Relationship, Source
from loaders.export.core import JSON, STRING, Scan, column_name, encode_json, open_text, xml_safe
from loaders.graphml import GEXF_NS, GRAPHML_NS
from loaders.records import SOURCES

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_XSD = "http://gexf.net/1.3/gexf.xsd"

_NODE_TEXT = ("kind", "aliases", "scale", "place", "description", "url", "visibility")
_EDGE_TEXT = ("type", "role", "since", "until")


def _attribute(text: str) -> str:
    """``text`` escaped for a double-quoted attribute; line breaks and tabs as references,
    since a parser would otherwise turn them into spaces."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _content(text: str) -> str:
    """``text`` escaped as element content; a carriage return as a reference, since a parser
    would otherwise drop it."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


@dataclass(frozen=True, slots=True)
class _Declared:
    """One attribute as the file declares it: its id, the name a tool shows, its type."""

    id: str
    name: str
    type: str
    property: str | None = None
    """The property it holds, or ``None`` for a field."""
    encoding: str = STRING
    """How the property's values are written: as themselves, or as JSON text."""


def _declarations(
    prefix: str, fields: Sequence[tuple[str, str]], props: Sequence[tuple[str, str]]
) -> list[_Declared]:
    out = [_Declared(f"{prefix}{name}", name, kind) for name, kind in fields]
    for key, kind in props:
        name = column_name(key, kind)
        declared_type = STRING if kind == JSON else kind
        out.append(_Declared(f"{prefix}{name}", name, declared_type, key, kind))
    out.append(_Declared(f"{prefix}{SOURCES}", SOURCES, STRING))
    return out


@dataclass(frozen=True, slots=True)
class _Attributes:
    """An element's declarations: its fields by name, then its properties in order."""

    fields: dict[str, _Declared]
    properties: list[_Declared]

    @classmethod
    def of(cls, decls: list[_Declared]) -> _Attributes:
        return cls(
            {d.name: d for d in decls if d.property is None},
            [d for d in decls if d.property is not None],
        )

    def values(
        self,
        fields: Iterable[tuple[str, str]],
        properties: Mapping[str, Any],
        sources: Sequence[Source],
        what: str,
    ) -> list[tuple[_Declared, str]]:
        """Every value an element carries, with its declaration."""
        out = [(self.fields[name], _checked(name, text, what)) for name, text in fields]
        for decl in self.properties:
            key = decl.property
            if key is not None and key in properties:
                out.append((decl, _property_text(properties[key], decl.encoding)))
        if sources:
            out.append((self.fields[SOURCES], _json_text([s.to_dict() for s in sources])))
        return out


def _checked(name: str, text: str, what: str) -> str:
    """``text``, or a refusal naming the character XML cannot hold."""
    if xml_safe(text):
        return text
    bad = next(c for c in text if not xml_safe(c))
    raise InvalidData.one(
        name,
        text,
        f"holds the character U+{ord(bad):04X}, which XML cannot; export as json or csv instead",
        what,
    )


def _json_text(value: Any) -> str:
    text = encode_json(value)
    # JSON escapes control characters; the few others XML cannot hold (U+FFFE, U+FFFF) are
    # escaped too when every non-ASCII character is.
    return text if xml_safe(text) else json.dumps(value)


def _property_text(value: Any, encoding: str) -> str:
    if encoding == JSON:
        return _json_text(value)
    if encoding == "boolean":
        return "true" if value else "false"
    if encoding in ("long", "double"):
        return repr(value)
    return str(value)


def _node_fields(node: Node) -> Iterator[tuple[str, str]]:
    yield "kind", node.kind.value
    if node.aliases:
        yield "aliases", ";".join(node.aliases)
    if node.scale:
        yield "scale", node.scale.value
    if node.place:
        yield "place", node.place
    if node.description:
        yield "description", node.description
    if node.url:
        yield "url", node.url
    yield "visibility", node.level.value


def _rel_fields(rel: Relationship) -> Iterator[tuple[str, str]]:
    yield "type", rel.type.value
    if rel.role:
        yield "role", rel.role
    if rel.since:
        yield "since", rel.since.isoformat()
    if rel.until:
        yield "until", rel.until.isoformat()


# -- GraphML -----------------------------------------------------------------------------------

_GRAPHML_NODE_FIELDS = [(n, STRING) for n in ("name", *_NODE_TEXT)]
_GRAPHML_EDGE_FIELDS = [*((n, STRING) for n in _EDGE_TEXT), ("weight", "double")]


def write_graphml(scan: Scan, path: Path) -> None:
    """GraphML 1.0: ``<key>`` declarations with ``attr.type``, then one ``<node>`` or
    ``<edge>`` a line, directed edges (a ``KNOWS`` tie's ends are in sorted order)."""
    node_decls = _declarations("node.", _GRAPHML_NODE_FIELDS, scan.node_types.columns())
    edge_decls = _declarations("edge.", _GRAPHML_EDGE_FIELDS, scan.rel_types.columns())
    with open_text(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_XSD}">\n'
        )
        for domain, decls in (("node", node_decls), ("edge", edge_decls)):
            for d in decls:
                out.write(
                    f'  <key id="{_attribute(d.id)}" for="{domain}" '
                    f'attr.name="{_attribute(d.name)}" attr.type="{d.type}"/>\n'
                )
        out.write('  <graph id="convene" edgedefault="directed">\n')
        _graphml_nodes(scan, out, node_decls)
        _graphml_edges(scan, out, edge_decls)
        out.write("  </graph>\n</graphml>\n")


def _graphml_data(values: list[tuple[_Declared, str]]) -> str:
    return "".join(f'<data key="{_attribute(d.id)}">{_content(text)}</data>' for d, text in values)


def _graphml_nodes(scan: Scan, out: IO[str], decls: list[_Declared]) -> None:
    attributes = _Attributes.of(decls)
    for nodes in scan.nodes():
        for node in nodes:
            what = f"node {node.id!r}"
            fields = [("name", node.name), *_node_fields(node)]
            values = attributes.values(fields, node.properties, node.sources, what)
            node_id = _attribute(_checked("id", node.id, what))
            out.write(f'    <node id="{node_id}">{_graphml_data(values)}</node>\n')


def _graphml_edges(scan: Scan, out: IO[str], decls: list[_Declared]) -> None:
    attributes = _Attributes.of(decls)
    for rels in scan.relationships():
        for rel in rels:
            what = f"relationship {rel.source!r}-{rel.type.value}->{rel.target!r}"
            fields = list(_rel_fields(rel))
            if rel.weight is not None:
                fields.append(("weight", repr(rel.weight)))
            values = attributes.values(fields, rel.properties, rel.sources, what)
            out.write(
                f'    <edge source="{_attribute(rel.source)}" target="{_attribute(rel.target)}">'
                f"{_graphml_data(values)}</edge>\n"
            )


# -- GEXF --------------------------------------------------------------------------------------

_GEXF_NODE_FIELDS = [(n, STRING) for n in _NODE_TEXT]
_GEXF_EDGE_FIELDS = [(n, STRING) for n in _EDGE_TEXT]


def write_gexf(scan: Scan, path: Path) -> None:
    """GEXF 1.3: node and edge attributes declared with their types, then one ``<node>`` or
    ``<edge>`` a line. A node's name is its ``label``; an edge's type is also its ``label``
    (what Gephi shows), and its weight, when it has one, its ``weight``."""
    node_decls = _numbered(_declarations("", _GEXF_NODE_FIELDS, scan.node_types.columns()))
    edge_decls = _numbered(_declarations("", _GEXF_EDGE_FIELDS, scan.rel_types.columns()))
    today = datetime.now(UTC).date().isoformat()
    with open_text(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{GEXF_NS} {GEXF_XSD}" version="1.3">\n'
        )
        out.write(
            f'  <meta lastmodifieddate="{today}"><creator>Convene</creator>'
            "<description>A Convene network export</description></meta>\n"
        )
        out.write('  <graph defaultedgetype="directed" mode="static">\n')
        for domain, decls in (("node", node_decls), ("edge", edge_decls)):
            out.write(f'    <attributes class="{domain}" mode="static">\n')
            for d in decls:
                out.write(
                    f'      <attribute id="{d.id}" title="{_attribute(d.name)}" type="{d.type}"/>\n'
                )
            out.write("    </attributes>\n")
        out.write("    <nodes>\n")
        _gexf_nodes(scan, out, node_decls)
        out.write("    </nodes>\n    <edges>\n")
        _gexf_edges(scan, out, edge_decls)
        out.write("    </edges>\n  </graph>\n</gexf>\n")


def _numbered(decls: list[_Declared]) -> list[_Declared]:
    # GEXF attribute ids are conventionally numbers, as Gephi and networkx write them.
    return [dataclasses.replace(d, id=str(i)) for i, d in enumerate(decls)]


def _attvalues(values: list[tuple[_Declared, str]]) -> str:
    inner = "".join(f'<attvalue for="{d.id}" value="{_attribute(text)}"/>' for d, text in values)
    return f"<attvalues>{inner}</attvalues>"


def _gexf_nodes(scan: Scan, out: IO[str], decls: list[_Declared]) -> None:
    attributes = _Attributes.of(decls)
    for nodes in scan.nodes():
        for node in nodes:
            what = f"node {node.id!r}"
            values = attributes.values(_node_fields(node), node.properties, node.sources, what)
            node_id = _attribute(_checked("id", node.id, what))
            label = _attribute(_checked("name", node.name, what))
            out.write(f'      <node id="{node_id}" label="{label}">{_attvalues(values)}</node>\n')


def _gexf_edges(scan: Scan, out: IO[str], decls: list[_Declared]) -> None:
    attributes = _Attributes.of(decls)
    number = 0
    for rels in scan.relationships():
        for rel in rels:
            what = f"relationship {rel.source!r}-{rel.type.value}->{rel.target!r}"
            values = attributes.values(_rel_fields(rel), rel.properties, rel.sources, what)
            weight = "" if rel.weight is None else f' weight="{rel.weight!r}"'
            out.write(
                f'      <edge id="{number}" source="{_attribute(rel.source)}" '
                f'target="{_attribute(rel.target)}" label="{rel.type.value}"{weight}>'
                f"{_attvalues(values)}</edge>\n"
            )
            number += 1
