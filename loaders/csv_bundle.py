"""A CSV bundle: a folder holding ``nodes.csv`` and ``edges.csv``.

``nodes.csv`` has the columns ``id,kind,name`` and then any of ``aliases`` (separated by
``;``), ``scale``, ``place``, ``description``, ``url`` and ``visibility``; ``edges.csv`` has
``source,type,target`` and then any of ``role``, ``since``, ``until`` and ``weight``. Any other
column becomes a property; an empty cell is absent. Either file may be left out (a bundle of
edges between nodes already stored is a fair load) but not both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import Problem
from graph.model import NODE_FIELDS, REL_FIELDS
from loaders.plan import LoadPlan
from loaders.records import (
    NODE_REQUIRED,
    REL_REQUIRED,
    RowRef,
    column_problems,
    csv_ref,
    node_from_row,
    property_columns,
    relationship_from_row,
)
from loaders.text import check_utf8

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"


def read_bundle(folder: Path, given: str, run: str) -> LoadPlan:
    """Parse a bundle into a plan, collecting a problem for every bad row.

    Parameters
    ----------
    folder
        The bundle folder.
    given
        The folder as the user named it; files are named ``<given>/nodes.csv`` in sources and
        messages.
    run
        The load run id, recorded on every source.
    """
    plan = LoadPlan(inputs=[given])
    nodes, edges = folder / NODES_FILE, folder / EDGES_FILE
    if not nodes.is_file() and not edges.is_file():
        plan.problems.append(
            Problem("file", given, f"a CSV bundle needs {NODES_FILE} or {EDGES_FILE}", given)
        )
        return plan
    if nodes.is_file():
        _read_nodes(nodes, _join(given, NODES_FILE), run, plan)
    if edges.is_file():
        _read_edges(edges, _join(given, EDGES_FILE), run, plan)
    return plan


def _join(given: str, name: str) -> str:
    return f"{given.rstrip('/')}/{name}"


def _read_nodes(path: Path, origin: str, run: str, plan: LoadPlan) -> None:
    rows = _rows(path, origin, NODE_REQUIRED, NODE_FIELDS, plan.problems, unread=plan.unread)
    for values, ref, extra in rows:
        node, problems = node_from_row(values, ref, run, extra=extra)
        plan.problems.extend(problems)
        if node is None:
            plan.reject(values.get("id"))
        else:
            plan.add_node(node, ref)


def _read_edges(path: Path, origin: str, run: str, plan: LoadPlan) -> None:
    rows = _rows(path, origin, REL_REQUIRED, REL_FIELDS, plan.problems, unread=[])
    for values, ref, extra in rows:
        rel, placed, problems = relationship_from_row(values, ref, run, extra=extra)
        plan.problems.extend(problems)
        if rel is not None:
            plan.add_relationship(rel, placed)


_Row = tuple[dict[str, Any], RowRef, list[str]]


def _rows(
    path: Path,
    origin: str,
    required: tuple[str, ...],
    known: frozenset[str],
    problems: list[Problem],
    *,
    unread: list[str],
) -> Iterator[_Row]:
    """Each non-blank data row with its place and property columns; header and file problems
    go to ``problems``. A bad header stops the file: its rows cannot be read reliably.
    ``origin`` is added to ``unread`` when the file cannot be read to its end."""
    read_problems = check_utf8(path, origin)
    if read_problems:
        problems.extend(read_problems)
        unread.append(origin)
        return
    # Streamed from the file rather than read whole: a large bundle's text, held at once,
    # would take several times its size in memory.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _read_rows(
            csv.reader(handle),
            origin,
            required=required,
            known=known,
            problems=problems,
            unread=unread,
        )


def _read_rows(
    reader: Any,
    origin: str,
    *,
    required: tuple[str, ...],
    known: frozenset[str],
    problems: list[Problem],
    unread: list[str],
) -> Iterator[_Row]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(_csv_problem(exc, origin, reader.line_num))
        unread.append(origin)
        return
    if header is None:
        problems.append(
            Problem("file", origin, "is empty; the first line names the columns", origin)
        )
        return
    columns = [name.strip() for name in header]

    def header_cell(col: str) -> str:
        return f"{origin} line 1, column {col}"

    header_problems = column_problems(columns, required, f"{origin} line 1", header_cell)
    extra, bad_columns = property_columns(columns, known, header_cell)
    problems.extend(header_problems + bad_columns)
    if header_problems:
        unread.append(origin)
        return
    yield from _data_rows(reader, columns, origin, extra=extra, problems=problems, unread=unread)


def _data_rows(
    reader: Any,
    columns: list[str],
    origin: str,
    *,
    extra: list[str],
    problems: list[Problem],
    unread: list[str],
) -> Iterator[_Row]:
    # Every column named is the usual case; the checks for values in unnamed columns are
    # then skipped, as they would find nothing on any row.
    all_named = all(columns)
    while True:
        # A quoted cell may span lines; the row is named by the line it starts on.
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            problems.append(_csv_problem(exc, origin, reader.line_num))
            unread.append(origin)
            return
        if cells is None:
            return
        if not "".join(cells).strip():
            continue
        ref = csv_ref(origin, line)
        if len(cells) > len(columns):
            problems.append(
                Problem(
                    "cells",
                    len(cells),
                    f"has more cells than the {len(columns)} columns the first line names",
                    ref.where,
                )
            )
            continue
        if all_named:
            yield dict(zip(columns, cells, strict=False)), ref, extra
            continue
        values = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        unnamed = [c for col, c in zip(columns, cells, strict=False) if not col and c.strip()]
        if unnamed:
            problems.append(
                Problem("column", unnamed[0], "a value sits in a column with no name", ref.where)
            )
            continue
        yield values, ref, extra


def _csv_problem(exc: csv.Error, origin: str, line: int) -> Problem:
    return Problem("csv", str(exc), "cannot be read as CSV", f"{origin} line {max(line, 1)}")
