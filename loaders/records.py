"""Turning raw rows (from CSV, a workbook or JSON) into nodes and relationships.

Every reader hands this module one mapping of column name to raw value per row, together with
a :class:`RowRef` saying where the row came from. Nothing here raises on bad input: each bad
row yields :class:`~graph.errors.Problem` records naming the file, the row and the column, so a
load can report every mistake in one go instead of one per attempt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from graph.errors import InvalidData, Problem
from graph.model import (
    NODE_FIELDS,
    REL_FIELDS,
    Node,
    Relationship,
    Source,
    parse_date,
)
from graph.vocabulary import (
    KIND_BY_VALUE,
    LEVEL_BY_VALUE,
    SCALE_BY_VALUE,
    SOURCE_KIND_BY_VALUE,
    TYPE_BY_VALUE,
    NodeKind,
    RelType,
    Scale,
    SourceKind,
    Visibility,
)

NODE_REQUIRED = ("id", "kind", "name")
REL_REQUIRED = ("source", "type", "target")

_ENUM_FIELDS: dict[str, type[Any]] = {
    "kind": NodeKind,
    "scale": Scale,
    "visibility": Visibility,
    "type": RelType,
}
_BY_VALUE: dict[str, Mapping[str, Any]] = {
    "kind": KIND_BY_VALUE,
    "scale": SCALE_BY_VALUE,
    "visibility": LEVEL_BY_VALUE,
    "type": TYPE_BY_VALUE,
}
_DATE_FIELDS = ("since", "until")
SOURCES = "sources"
"""The column or key holding the sources an export carried: a JSON list of
:meth:`~graph.model.Source.to_dict` objects (a JSON-encoded string in the text formats)."""
_IGNORED_KEYS = frozenset({SOURCES})
"""Keys that are never properties: the sources are restored as sources."""
JSON_SUFFIX = ":json"
"""A column named ``<name>:json`` holds the property ``<name>`` as JSON text (``3``, ``true``,
``["a", "b"]``, ``"text"``), so text formats can carry numbers, booleans, lists and empty text
without a load turning them into text. Exports write any property that is not all non-blank
text this way."""
_SOURCE_TEXT = ("locator", "excerpt", "run", "id")


@dataclass(frozen=True, slots=True)
class RowRef:
    """Where one row came from, and how to name one of its cells in a message.

    Parameters
    ----------
    origin
        The file as the user gave it, e.g. ``people/nodes.csv``.
    locator
        The row's locator for its :class:`~graph.model.Source`: a line, row or JSON path.
    row
        The row as a reader would name it: ``line 7``, ``sheet nodes, row 7``, ``nodes[3]``.
    cell
        Turns a column or field name into the full place of that cell.
    swapped
        True when the relationship built from this row holds its ends in the opposite order
        to the row's ``source`` and ``target`` columns (symmetric types keep them sorted).
    """

    origin: str
    locator: str
    row: str
    cell: Callable[[str], str]
    swapped: bool = False

    def end_column(self, end: str) -> str:
        """The column the user wrote a relationship's ``source`` or ``target`` in."""
        if self.swapped:
            return "target" if end == "source" else "source"
        return end

    @property
    def where(self) -> str:
        """The row as a whole, for problems that belong to no single column."""
        return f"{self.origin} {self.row}"

    def source(self, run: str) -> Source:
        return Source(kind=SourceKind.ROW, origin=self.origin, locator=self.locator, run=run)


class _CsvCell:
    """Names a cell of a CSV row. A slotted object rather than a closure: a plan keeps one
    per row, and there may be millions."""

    __slots__ = ("line", "origin")

    def __init__(self, origin: str, line: int) -> None:
        self.origin = origin
        self.line = line

    def __call__(self, column: str) -> str:
        return f"{self.origin} line {self.line}, column {column}"


def csv_ref(origin: str, line: int) -> RowRef:
    """A row of a CSV file: ``people/nodes.csv line 7, column kind``."""
    return RowRef(origin, str(line), f"line {line}", _CsvCell(origin, line))


def is_blank(value: Any) -> bool:
    """True for a cell that says nothing; such cells are absent, not empty strings."""
    return value is None or (isinstance(value, str) and not value.strip())


def column_problems(
    columns: Iterable[str],
    required: Iterable[str],
    where: str,
    cell: Callable[[str], str],
) -> list[Problem]:
    """Problems with a header row: missing required columns, repeats, bad property names.

    Checked once per file so a bad header gives one message, not one per row.
    """
    names = list(columns)
    problems = [
        Problem("column", col, "required column is missing", where)
        for col in required
        if col not in names
    ]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            problems.append(Problem("column", name, "appears more than once", cell(name)))
        seen.add(name)
    return problems


def property_columns(
    columns: Iterable[str],
    known: frozenset[str],
    cell: Callable[[str], str],
    *,
    noun: str = "column",
) -> tuple[list[str], list[Problem]]:
    """The extra columns that may become properties, and problems with the others.

    ``noun`` is what the problems call a column (JSON has keys). A column ``<name>:json``
    becomes the property ``<name>`` (see :data:`JSON_SUFFIX`); giving a property both ways is
    a problem, since the two would overwrite each other.
    """
    good: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name in columns:
        if not name or name in known or name in _IGNORED_KEYS:
            continue
        key = property_key(name)
        problem = _property_name_problem(key)
        if problem is None and key in seen and seen[key] != name:
            problem = f"gives the property {key!r} again (also given as {seen[key]!r})"
        if problem is None:
            good.append(name)
            seen[key] = name
        else:
            problems.append(Problem(noun, name, problem, cell(name)))
    return good, problems


def property_key(column: str) -> str:
    """The property a column holds: its name without :data:`JSON_SUFFIX`."""
    return column[: -len(JSON_SUFFIX)] if column.endswith(JSON_SUFFIX) else column


def _property_name_problem(name: str) -> str | None:
    # The model owns the property-name rules; asking it keeps one definition of them.
    try:
        Node(id="_", kind=NodeKind.INTEREST, name="_", properties={name: None})
    except InvalidData as exc:
        return exc.problems[0].message
    return None


def node_from_row(
    values: Mapping[str, Any],
    ref: RowRef,
    run: str,
    *,
    extra: Iterable[str] = (),
    properties: Mapping[str, Any] | None = None,
) -> tuple[Node | None, list[Problem]]:
    """Build a node from one row, or say everything wrong with the row.

    Parameters
    ----------
    values
        Column name to raw cell value; blank cells are treated as absent.
    ref
        Where the row came from.
    run
        The load run, recorded on the node's source.
    extra
        Columns to keep as properties (already checked by :func:`property_columns`).
    properties
        An explicit mapping of properties (the JSON format's ``properties`` object).

    Returns
    -------
    tuple
        The node (``None`` when the row is bad) and the problems found.

    Notes
    -----
    The node's sources are the row itself and, when the row has a ``sources`` value (an
    export's), every source listed there: an exported graph loads back with its evidence.
    """
    fields = _fields(values, NODE_FIELDS)
    problems = _field_problems(fields, NODE_REQUIRED, ref)
    props = _properties(values, extra, properties, ref, problems)
    sources = _sources(values.get(SOURCES), ref, run, problems)
    if problems:
        return None, problems
    try:
        node = Node(**fields, properties=props, sources=sources)
    except InvalidData as exc:
        return None, _relocate(exc, ref, extra)
    return node, []


def relationship_from_row(
    values: Mapping[str, Any],
    ref: RowRef,
    run: str,
    *,
    extra: Iterable[str] = (),
    properties: Mapping[str, Any] | None = None,
) -> tuple[Relationship | None, RowRef, list[Problem]]:
    """Build a relationship from one row, or say everything wrong with the row.

    Parameters are as for :func:`node_from_row`. The result also holds ``ref``, marked
    :attr:`RowRef.swapped` when the relationship's ends are stored in the other order.
    """
    fields = _fields(values, REL_FIELDS)
    problems = _field_problems(fields, REL_REQUIRED, ref)
    props = _properties(values, extra, properties, ref, problems)
    sources = _sources(values.get(SOURCES), ref, run, problems)
    if problems:
        return None, ref, problems
    try:
        rel = Relationship(**fields, properties=props, sources=sources)
    except InvalidData as exc:
        return None, ref, _relocate(exc, ref, extra)
    if rel.source != fields["source"]:
        ref = replace(ref, swapped=True)
    return rel, ref, []


def _fields(values: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    # Stripped here because enum values are compared exactly, and " Person" is a typo
    # nobody should have to hunt for. Blank cells are left out (see is_blank), written out
    # here because this runs for every cell of every row.
    out: dict[str, Any] = {}
    for k, v in values.items():
        if k in names:
            if isinstance(v, str):
                text = v.strip()
                if text:
                    out[k] = text
            elif v is not None:
                out[k] = v
    return out


def _properties(
    values: Mapping[str, Any],
    extra: Iterable[str],
    explicit: Mapping[str, Any] | None,
    ref: RowRef,
    problems: list[Problem],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in extra:
        value = values.get(column)
        if is_blank(value):
            continue
        if not column.endswith(JSON_SUFFIX):
            out[column] = value
            continue
        # A workbook may hand over a number or boolean already typed; only text is JSON.
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError) as exc:
                message = f"is not valid JSON ({_json_error(exc)}); write text in double quotes"
                problems.append(Problem(column, value, message, ref.cell(column)))
                continue
        out[column[: -len(JSON_SUFFIX)]] = value
    if explicit:
        out.update(explicit)
    return out


def _json_error(exc: Exception) -> str:
    """Why a cell's JSON could not be read; the parser's own words unless it ran out of depth."""
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _sources(value: Any, ref: RowRef, run: str, problems: list[Problem]) -> tuple[Source, ...]:
    """The sources a row lists (see :data:`SOURCES`), then the row's own source last, so that
    a listed source with the row's own id gives way to this load's record of it."""
    own = ref.source(run)
    if is_blank(value):
        return (own,)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError) as exc:
            message = f"is not valid JSON ({_json_error(exc)})"
            problems.append(Problem(SOURCES, value, message, ref.cell(SOURCES)))
            return (own,)
    if not isinstance(value, list):
        message = "must be a list of source objects"
        problems.append(Problem(SOURCES, value, message, ref.cell(SOURCES)))
        return (own,)
    out: list[Source] = []
    for index, item in enumerate(value):
        source = _plain_source(item) if type(item) is dict else None
        if source is None:
            source = _source(item, f"{SOURCES}[{index}]", ref.cell(SOURCES), problems)
        if source is not None:
            out.append(source)
    out.append(own)
    return tuple(out)


def _source(item: Any, name: str, where: str, problems: list[Problem]) -> Source | None:
    if not isinstance(item, Mapping):
        problems.append(Problem(name, item, "must be an object", where))
        return None
    missing = [k for k in ("kind", "origin") if is_blank(item.get(k))]
    wrong = [
        k for k in _SOURCE_TEXT if item.get(k) is not None and not isinstance(item.get(k), str)
    ]
    loaded_at = item.get("loaded_at")
    if loaded_at is not None and not isinstance(loaded_at, str | datetime):
        wrong.append("loaded_at")
    for key in missing:
        problems.append(Problem(f"{name}.{key}", None, "is required", where))
    for key in wrong:
        problems.append(Problem(f"{name}.{key}", item.get(key), "must be text", where))
    if missing or wrong:
        return None
    try:
        return Source.from_dict(item)
    except InvalidData as exc:
        problems.extend(
            Problem(f"{name}.{p.field.removeprefix('source.')}", p.value, p.message, where)
            for p in exc.problems
        )
        return None


def _plain_source(item: Mapping[str, Any]) -> Source | None:
    """The source ``item`` describes when every part of it is plainly right, as in an export,
    else ``None`` and :meth:`Source.from_dict` says what is wrong.

    An export's every row carries sources, so the common case is checked here and handed to
    the model already typed (an enum member, a date-time), which it accepts without parsing
    again: the same rule, at about half the cost per row.
    """
    kind, origin = item.get("kind"), item.get("origin")
    loaded_at, source_id = item.get("loaded_at"), item.get("id")
    if not (
        isinstance(kind, str)
        and isinstance(origin, str)
        and origin.strip()
        and isinstance(loaded_at, str)
        and isinstance(source_id, str)
        and source_id
    ):
        return None
    member = SOURCE_KIND_BY_VALUE.get(kind)
    locator, excerpt, run = item.get("locator"), item.get("excerpt"), item.get("run")
    if (
        member is None
        or (locator is not None and not isinstance(locator, str))
        or (excerpt is not None and not isinstance(excerpt, str))
        or (run is not None and not isinstance(run, str))
    ):
        return None
    try:
        at = datetime.fromisoformat(loaded_at)
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return Source(member, origin, locator, excerpt, run, at, source_id)


def _field_problems(fields: dict[str, Any], required: Iterable[str], ref: RowRef) -> list[Problem]:
    """Check each field on its own, so one row with three mistakes reports all three.

    The model stops at the first bad field; these checks cover the ones users most often
    get wrong, and the model still has the last word when the row is built. A good enum or
    date value is replaced by what it stands for, so the model need not parse it again.
    """
    problems = [Problem(f, None, "is required", ref.cell(f)) for f in required if f not in fields]
    for name, enum in _ENUM_FIELDS.items():
        if name in fields:
            value = fields[name]
            member = _BY_VALUE[name].get(value) if isinstance(value, str) else None
            if member is None:
                try:
                    member = enum(value)
                except ValueError:
                    choices = ", ".join(m.value for m in enum)
                    message = f"must be one of {choices}"
                    problems.append(Problem(name, value, message, ref.cell(name)))
                    continue
            fields[name] = member
    for name in _DATE_FIELDS:
        if name in fields:
            try:
                fields[name] = parse_date(name, fields[name])
            except InvalidData as exc:
                problems.extend(_relocate(exc, ref))
    weight = fields.get("weight")
    if isinstance(weight, int) and not isinstance(weight, bool):
        # JSON can hold a whole number too large for a float, which the model cannot convert.
        try:
            fields["weight"] = float(weight)
        except OverflowError:
            message = "must be a finite number >= 0"
            problems.append(Problem("weight", weight, message, ref.cell("weight")))
    return problems


def _relocate(exc: InvalidData, ref: RowRef, extra: Iterable[str] = ()) -> list[Problem]:
    """The model's problems, placed at the file, row and column they came from."""
    # The model names a bad property value by its property; the user wrote it in a column
    # that may carry the JSON suffix.
    columns = {property_key(c): c for c in extra if c.endswith(JSON_SUFFIX)}
    out = []
    for p in exc.problems:
        # A bad property name is reported by the model under "properties" with the name as
        # the value; the column the user has to fix is the one with that name.
        column = str(p.value) if p.field == "properties" and isinstance(p.value, str) else p.field
        out.append(Problem(p.field, p.value, p.message, ref.cell(columns.get(column, column))))
    return out
