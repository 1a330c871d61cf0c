"""GraphML and GEXF graphs: the files Gephi, yEd, Cytoscape and networkx read and write.

A node's ``id`` is its Convene id and its attribute ``kind`` its kind; an edge's ``source`` and
``target`` are its ends and its attribute ``type`` its type. Attributes named like a Convene
field (``name``, ``aliases`` separated by ``;``, ``scale``, ``place``, ``description``, ``url``,
``visibility``; ``role``, ``since``, ``until``, ``weight``) fill that field, ``sources`` restores
an export's sources, and every other attribute becomes a property.

Properties keep the type their declaration gives: GraphML ``attr.type`` ``boolean``, ``int``,
``long``, ``float`` or ``double`` (GEXF ``type`` ``boolean``, ``integer``, ``long``, ``float``,
``double``) become true/false, whole numbers or numbers, anything else text. An attribute named
``<name>:json`` holds the property ``<name>`` as JSON text (see
:data:`loaders.records.JSON_SUFFIX`), which is how an export writes lists and mixed types.

GEXF has its own places for some fields: a node's ``label`` is its name unless a ``name``
attribute is given, and an edge's ``weight`` is its weight unless a ``weight`` attribute is
given; an edge without a ``type`` attribute takes its type from its ``kind``, else its
``label``. Layout (GEXF ``viz``, yEd graphics: keys without ``attr.name``), time spells and
graph-level attributes are not part of the network and are skipped.

Both files are streamed with lxml's ``iterparse``, so a large graph is never held whole, and
every problem names the file, the line of the element or attribute, and the attribute:
``graph.graphml line 12, attribute kind``. A file that is not well-formed XML is one problem
naming the line where parsing stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from graph.errors import Problem
from graph.model import NODE_FIELDS, REL_FIELDS
from loaders.plan import LoadPlan
from loaders.records import (
    JSON_SUFFIX,
    SOURCES,
    RowRef,
    is_blank,
    node_from_row,
    property_columns,
    relationship_from_row,
)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"

_INT_TYPES = frozenset({"int", "integer", "long", "short", "byte", "biginteger"})
_FLOAT_TYPES = frozenset({"float", "double", "bigdecimal"})
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_RAW = frozenset({SOURCES})
"""Attributes handed to the records module as written: it decodes them itself."""


def read_graphml(path: Path, given: str, run: str) -> LoadPlan:
    """Parse a GraphML file into a plan, collecting a problem for every bad element.

    Parameters
    ----------
    path
        The ``.graphml`` file.
    given
        The file as the user named it, for sources and messages.
    run
        The load run id, recorded on every source.
    """
    return _Reader(path, given, run, _GraphML()).read()


def read_gexf(path: Path, given: str, run: str) -> LoadPlan:
    """Parse a GEXF file (1.1, 1.2 or 1.3) into a plan, collecting a problem for every bad
    element.

    Parameters are as for :func:`read_graphml`.
    """
    return _Reader(path, given, run, _Gexf()).read()


@dataclass(slots=True)
class _Declared:
    """The attributes a file declares for nodes and for edges, by id, and the ids of those
    deliberately skipped (layout)."""

    node: dict[str, _Attr] = field(default_factory=dict)
    edge: dict[str, _Attr] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    node_defaults: list[_Attr] = field(default_factory=list)
    edge_defaults: list[_Attr] = field(default_factory=list)

    def of(self, domain: str) -> dict[str, _Attr]:
        return self.node if domain == "node" else self.edge

    def add(self, domain: str, key: str, attr: _Attr) -> None:
        self.of(domain)[key] = attr
        if attr.default is not None:
            (self.node_defaults if domain == "node" else self.edge_defaults).append(attr)

    def defaults(self, domain: str) -> list[_Attr]:
        return self.node_defaults if domain == "node" else self.edge_defaults


@dataclass(frozen=True, slots=True)
class _Attr:
    """A declared attribute: GraphML ``<key>``, GEXF ``<attribute>``."""

    name: str
    type: str
    line: int
    default: str | None = None
    raw: bool = field(init=False)
    """True when the attribute's text is handed on as it is (see :func:`_decoded`)."""

    def __post_init__(self) -> None:
        raw = (
            self.name in _FIELDS
            or self.name in _RAW
            or self.name.endswith(JSON_SUFFIX)
            or self.type not in _TYPED
        )
        object.__setattr__(self, "raw", raw)


class _Cell:
    """Names one attribute of one element: ``graph.gexf line 12, attribute kind``.

    ``at`` holds, for attributes that were not written on the element's own line or under
    their own name (GEXF's ``label`` is the name), where they were and what they were called.
    A slotted object rather than a closure: a plan keeps one per row, and there may be
    millions.
    """

    __slots__ = ("at", "line", "origin")

    def __init__(self, origin: str, line: int, at: dict[str, tuple[str, int]] | None) -> None:
        self.origin = origin
        self.line = line
        self.at = at

    def __call__(self, column: str) -> str:
        shown, line = self.at.get(column, (column, self.line)) if self.at else (column, self.line)
        return f"{self.origin} line {line}, attribute {shown}"

    def keep_only(self, column: str) -> None:
        """Forget every attribute but ``column``, the one checks after parsing still name,
        unless it is where it would be assumed to be anyway."""
        found = self.at.get(column) if self.at else None
        self.at = {column: found} if found is not None and found != (column, self.line) else None


@dataclass(slots=True)
class _Element:
    """One node or edge as read: its values by attribute name, and where each was."""

    line: int
    values: dict[str, Any]
    at: dict[str, tuple[str, int]]


def _local(tag: Any) -> str:
    """An element's name without its namespace (files in the wild often have none)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        # Comments and processing instructions have a function for a tag.
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        _LOCAL_NAMES[tag] = name
    return name


_LOCAL_NAMES: dict[Any, str] = {}
"""Tags seen, by name: a file has a handful of tags, and millions of elements."""


class _Dialect:
    """What differs between GraphML and GEXF: the root, the declarations, the elements."""

    root = ""
    declarations = ""
    """The element whose end declares attributes."""

    def declare(self, elem: Any, declared: _Declared) -> None:
        raise NotImplementedError

    def element(
        self, elem: Any, domain: str, declared: _Declared, problems: list[Problem], origin: str
    ) -> _Element:
        raise NotImplementedError


class _GraphML(_Dialect):
    root = "graphml"
    declarations = "key"

    def declare(self, elem: Any, declared: _Declared) -> None:
        key = elem.get("id") or ""
        name = elem.get("attr.name")
        # yEd's graphics keys carry layout, not data, and have no attr.name.
        if not name or elem.get("yfiles.type") is not None:
            declared.skipped.add(key)
            return
        default = next((c.text or "" for c in elem if _local(c.tag) == "default"), None)
        attr = _Attr(name, (elem.get("attr.type") or "string").lower(), elem.sourceline, default)
        domain = elem.get("for") or "all"
        for target in ("node", "edge"):
            if domain in (target, "all"):
                declared.add(target, key, attr)

    def element(
        self, elem: Any, domain: str, declared: _Declared, problems: list[Problem], origin: str
    ) -> _Element:
        read = _Element(elem.sourceline, {}, {})
        attrs = declared.of(domain)
        for child in elem:
            tag = _local(child.tag)
            if tag == "data":
                key = child.get("key") or ""
                attr = attrs.get(key)
                if attr is not None:
                    _put(read, attr, child.text or "", child.sourceline, problems, origin)
                elif key not in declared.skipped:
                    message = f"no <key> with this id is declared for {domain}s"
                    where = _where(origin, child.sourceline, key)
                    problems.append(Problem("key", key, message, where))
            elif tag == "graph":
                where = _where(origin, child.sourceline, "graph")
                problems.append(
                    Problem(domain, elem.get("id"), "nested graphs are not supported", where)
                )
        _defaults(read, declared.defaults(domain))
        return read


class _Gexf(_Dialect):
    root = "gexf"
    declarations = "attributes"

    def declare(self, elem: Any, declared: _Declared) -> None:
        domain = elem.get("class") or "node"
        if domain not in ("node", "edge"):
            return
        attrs = declared.of(domain)
        for child in elem:
            if _local(child.tag) != "attribute":
                continue
            default = next((c.text or "" for c in child if _local(c.tag) == "default"), None)
            title = child.get("title") or child.get("id") or ""
            attr = _Attr(title, (child.get("type") or "string").lower(), child.sourceline, default)
            declared.add(domain, child.get("id") or title, attr)
            # GEXF 1.1 files may refer to an attribute by its title.
            attrs.setdefault(title, attr)

    def element(
        self, elem: Any, domain: str, declared: _Declared, problems: list[Problem], origin: str
    ) -> _Element:
        line = elem.sourceline
        read = _Element(line, {}, {})
        attrs = declared.of(domain)
        for child in elem:
            tag = _local(child.tag)
            if tag == "nodes":
                where = _where(origin, child.sourceline, "nodes")
                problems.append(
                    Problem("node", elem.get("id"), "nested nodes are not supported", where)
                )
            if tag != "attvalues":
                continue
            for value in child:
                if _local(value.tag) != "attvalue":
                    continue
                key = value.get("for") or ""
                attr = attrs.get(key)
                if attr is None:
                    message = f"no <attribute> with this id is declared for {domain}s"
                    where = _where(origin, value.sourceline, key)
                    problems.append(Problem("for", key, message, where))
                    continue
                _put(read, attr, value.get("value") or "", value.sourceline, problems, origin)
        _defaults(read, declared.defaults(domain))
        # GEXF's own places for a name, a weight and a type, when no attribute gives them.
        if domain == "node":
            _fallback(read, "name", "label", elem.get("label"), line)
        else:
            _fallback(read, "weight", "weight", elem.get("weight"), line)
            _fallback(read, "type", "kind", elem.get("kind"), line)
            _fallback(read, "type", "label", elem.get("label"), line)
        return read


def _where(origin: str, line: int, attribute: str) -> str:
    return f"{origin} line {line}, attribute {attribute}"


def _fallback(read: _Element, field: str, xml_name: str, value: str | None, line: int) -> None:
    if field not in read.values and not is_blank(value):
        read.values[field] = value
        read.at[field] = (xml_name, line)


def _defaults(read: _Element, attrs: Iterable[_Attr]) -> None:
    for attr in attrs:
        if attr.default is not None and attr.name not in read.values:
            read.values[attr.name] = _decoded(attr, attr.default)[0]
            read.at[attr.name] = (attr.name, attr.line)


def _put(  # noqa: PLR0917 -- called for every attribute of every element
    read: _Element, attr: _Attr, text: str, line: int, problems: list[Problem], origin: str
) -> None:
    name = attr.name
    if name in read.at:
        message = "is given twice on one element (time-varying values are not supported)"
        problems.append(Problem(name, text, message, _where(origin, line, name)))
        return
    if attr.raw:
        read.values[name] = text
    else:
        value, error = _decoded(attr, text)
        if error is not None:
            problems.append(Problem(name, text, error, _where(origin, line, name)))
            return
        read.values[name] = value
    read.at[name] = (name, line)


_FIELDS = NODE_FIELDS | REL_FIELDS
_TYPED = _INT_TYPES | _FLOAT_TYPES | {"boolean"}


def _decoded(attr: _Attr, text: str) -> tuple[Any, str | None]:
    """The value an attribute's text stands for, by its declared type, or why it cannot be.

    Fields, sources and ``:json`` attributes stay text: the records module parses those, and
    a date or a weight says what is wrong with it better there.
    """
    name, kind = attr.name, attr.type
    if name in _FIELDS or name in _RAW or name.endswith(JSON_SUFFIX) or is_blank(text):
        return text, None
    if kind in _INT_TYPES:
        try:
            return int(text.strip()), None
        except ValueError:
            return None, f"must be a whole number (its declared type is {kind})"
    if kind in _FLOAT_TYPES:
        try:
            return float(text.strip()), None
        except ValueError:
            return None, f"must be a number (its declared type is {kind})"
    if kind == "boolean":
        flag = _BOOLEANS.get(text.strip().lower())
        if flag is None:
            return None, "must be true or false (its declared type is boolean)"
        return flag, None
    return text, None


class _Reader:
    """One pass over one file, filling a plan."""

    def __init__(self, path: Path, given: str, run: str, dialect: _Dialect) -> None:
        self.path = path
        self.given = given
        self.run = run
        self.dialect = dialect
        self.plan = LoadPlan(inputs=[given])
        self.declared = _Declared()
        self.properties: dict[str, dict[str, bool]] = {"node": {}, "edge": {}}
        """By domain, each attribute's name to whether it may be a property, checked once."""

    def read(self) -> LoadPlan:
        try:
            self._parse()
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (exc.lineno, 0)
            where = f"{self.given} line {line or 1}, column {column}"
            message = "is not well-formed XML; nothing after this point could be read"
            self.plan.problems.append(Problem("xml", exc.msg, message, where))
            self.plan.unread.append(self.given)
        except OSError as exc:
            message = f"cannot be read ({exc.strerror or exc})"
            self.plan.problems.append(Problem("file", self.given, message, self.given))
            self.plan.unread.append(self.given)
        return self.plan

    def _parse(self) -> None:
        dialect = self.dialect
        wanted = [f"{{*}}{t}" for t in (dialect.declarations, "node", "edge", "hyperedge")]
        context = etree.iterparse(
            str(self.path),
            events=("end",),
            tag=wanted,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        checked = False
        for _event, elem in context:
            if not checked:
                checked = True
                tree = elem.getroottree()
                if not self._right_root(tree.getroot()) or self._declares_entities(tree):
                    return
            tag = _local(elem.tag)
            if tag == dialect.declarations:
                dialect.declare(elem, self.declared)
                continue
            if tag == "hyperedge":
                message = "hyperedges are not supported; write each tie as an <edge>"
                where = f"{self.given} line {elem.sourceline}"
                self.plan.problems.append(Problem("hyperedge", None, message, where))
            elif tag == "node":
                self._node(elem)
            else:
                self._edge(elem)
            # Drop what has been read, so memory stays flat however long the file.
            elem.clear(keep_tail=True)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
        if not checked:
            self._right_root(context.root)

    def _declares_entities(self, tree: Any) -> bool:
        """True, with a problem, when the file's DOCTYPE declares entities.

        Graph files never need them, and expanding them is how a file smuggles in another
        file's text or grows a few lines into gigabytes ("billion laughs"). External ones are
        never read (``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``), but
        libxml2 still expands internal ones inside attribute values; so a file declaring any is
        refused before anything in it is used.
        """
        dtd = tree.docinfo.internalDTD
        names = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
        if not names:
            return False
        message = "declares entities in its DOCTYPE; graph files must not, so nothing was read"
        self.plan.problems.append(Problem("doctype", names[:5], message, self.given))
        self.plan.unread.append(self.given)
        return True

    def _right_root(self, root: Any) -> bool:
        found = _local(root.tag) if root is not None else ""
        if found == self.dialect.root:
            return True
        message = f"is not {self.dialect.root.upper()} (its root element is <{found}>)"
        self.plan.problems.append(Problem("file", self.given, message, self.given))
        self.plan.unread.append(self.given)
        return False

    def _read(self, elem: Any, domain: str) -> tuple[_Element, RowRef]:
        read = self.dialect.element(elem, domain, self.declared, self.plan.problems, self.given)
        line = read.line
        ref = RowRef(self.given, str(line), f"line {line}", _Cell(self.given, line, read.at))
        return read, ref

    def _extra(self, read: _Element, domain: str) -> list[str]:
        """The element's attributes that become properties."""
        known = NODE_FIELDS if domain == "node" else REL_FIELDS
        checked = self.properties[domain]
        extra = []
        for name in read.values:
            if name in known:
                continue
            ok = checked.get(name)
            if ok is None:
                ok = checked[name] = self._may_be_property(domain, name)
            if ok:
                extra.append(name)
        return extra

    def _may_be_property(self, domain: str, name: str) -> bool:
        known = NODE_FIELDS if domain == "node" else REL_FIELDS
        attrs = self.declared.of(domain).values()
        line = next((a.line for a in attrs if a.name == name), 0)
        good, problems = property_columns(
            [name], known, lambda col: _where(self.given, line, col), noun="attribute"
        )
        # Reported once per file, at the declaration, as a bad CSV header is.
        self.plan.problems.extend(problems)
        return bool(good)

    def _own(self, read: _Element, column: str, value: str | None) -> None:
        """Set an id or an end from the element itself. A data attribute of that name that
        says otherwise is a problem: the element cannot be both."""
        given = read.values.get(column)
        if given is not None and value is not None and str(given).strip() != value.strip():
            line = read.at.get(column, (column, read.line))[1]
            message = f"differs from the element's own {column} {value!r}"
            self.plan.problems.append(
                Problem(column, given, message, _where(self.given, line, column))
            )
        read.values[column] = value
        read.at.pop(column, None)

    def _node(self, elem: Any) -> None:
        read, ref = self._read(elem, "node")
        self._own(read, "id", elem.get("id"))
        extra = self._extra(read, "node")
        node, problems = node_from_row(read.values, ref, self.run, extra=extra)
        self.plan.problems.extend(problems)
        if node is None:
            self.plan.reject(read.values.get("id"))
            return
        _keep_only(ref, "kind")
        self.plan.add_node(node, ref)

    def _edge(self, elem: Any) -> None:
        read, ref = self._read(elem, "edge")
        self._own(read, "source", elem.get("source"))
        self._own(read, "target", elem.get("target"))
        extra = self._extra(read, "edge")
        rel, placed, problems = relationship_from_row(read.values, ref, self.run, extra=extra)
        self.plan.problems.extend(problems)
        if rel is not None:
            _keep_only(placed, "type")
            self.plan.add_relationship(rel, placed)


def _keep_only(ref: RowRef, column: str) -> None:
    """Shrink ``ref``'s memory of where each attribute was to what the plan still needs."""
    if isinstance(ref.cell, _Cell):
        ref.cell.keep_only(column)
