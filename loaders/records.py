"""Turning raw rows (from CSV, a workbook or JSON) into nodes and relationships.

Every reader hands this module one mapping of column name to raw value per row, together with
a :class:`RowRef` saying where the row came from. Nothing here raises on bad input: each bad
row yields :class:`~graph.errors.Problem` records naming the file, the row and the column, so a
load can report every mistake in one go instead of one per attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from graph.errors import InvalidData, Problem
from graph.model import NODE_FIELDS, REL_FIELDS, Node, Relationship, Source, parse_date
from graph.vocabulary import NodeKind, RelType, Scale, SourceKind, Visibility

NODE_REQUIRED = ("id", "kind", "name")
REL_REQUIRED = ("source", "type", "target")

_ENUM_FIELDS: dict[str, type[Any]] = {
    "kind": NodeKind,
    "scale": Scale,
    "visibility": Visibility,
    "type": RelType,
}
_DATE_FIELDS = ("since", "until")
_IGNORED_KEYS = frozenset({"sources"})
"""Keys a JSON export carries that a load replaces: the load itself is the new source."""


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


def csv_ref(origin: str, line: int) -> RowRef:
    """A row of a CSV file: ``people/nodes.csv line 7, column kind``."""
    return RowRef(
        origin, str(line), f"line {line}", lambda col: f"{origin} line {line}, column {col}"
    )


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

    ``noun`` is what the problems call a column (JSON has keys).
    """
    good: list[str] = []
    problems: list[Problem] = []
    for name in columns:
        if not name or name in known or name in _IGNORED_KEYS:
            continue
        problem = _property_name_problem(name)
        if problem is None:
            good.append(name)
        else:
            problems.append(Problem(noun, name, problem, cell(name)))
    return good, problems


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
    """
    fields = _fields(values, NODE_FIELDS)
    props = _properties(values, extra, properties)
    problems = _field_problems(fields, NODE_REQUIRED, ref)
    if problems:
        return None, problems
    try:
        node = Node(**fields, properties=props, sources=(ref.source(run),))
    except InvalidData as exc:
        return None, _relocate(exc, ref)
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
    props = _properties(values, extra, properties)
    problems = _field_problems(fields, REL_REQUIRED, ref)
    if problems:
        return None, ref, problems
    try:
        rel = Relationship(**fields, properties=props, sources=(ref.source(run),))
    except InvalidData as exc:
        return None, ref, _relocate(exc, ref)
    if rel.source != fields["source"]:
        ref = replace(ref, swapped=True)
    return rel, ref, []


def _fields(values: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    # Stripped here because enum values are compared exactly, and " Person" is a typo
    # nobody should have to hunt for.
    return {
        k: v.strip() if isinstance(v, str) else v
        for k, v in values.items()
        if k in names and not is_blank(v)
    }


def _properties(
    values: Mapping[str, Any], extra: Iterable[str], explicit: Mapping[str, Any] | None
) -> dict[str, Any]:
    out = {k: values[k] for k in extra if k in values and not is_blank(values[k])}
    out.update(explicit or {})
    return out


def _field_problems(
    fields: Mapping[str, Any], required: Iterable[str], ref: RowRef
) -> list[Problem]:
    """Check each field on its own, so one row with three mistakes reports all three.

    The model stops at the first bad field; these checks cover the ones users most often
    get wrong, and the model still has the last word when the row is built.
    """
    problems = [Problem(f, None, "is required", ref.cell(f)) for f in required if f not in fields]
    for name, enum in _ENUM_FIELDS.items():
        if name in fields:
            value = fields[name]
            try:
                enum(value)
            except ValueError:
                choices = ", ".join(m.value for m in enum)
                problems.append(Problem(name, value, f"must be one of {choices}", ref.cell(name)))
    for name in _DATE_FIELDS:
        if name in fields:
            try:
                parse_date(name, fields[name])
            except InvalidData as exc:
                problems.extend(_relocate(exc, ref))
    return problems


def _relocate(exc: InvalidData, ref: RowRef) -> list[Problem]:
    """The model's problems, placed at the file, row and column they came from."""
    out = []
    for p in exc.problems:
        # A bad property name is reported by the model under "properties" with the name as
        # the value; the column the user has to fix is the one with that name.
        column = str(p.value) if p.field == "properties" and isinstance(p.value, str) else p.field
        out.append(Problem(p.field, p.value, p.message, ref.cell(column)))
    return out
