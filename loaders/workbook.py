"""An ``.xlsx`` workbook with sheets ``nodes`` and ``edges``, columns as in a CSV bundle.

Read with openpyxl in read-only mode, so a large workbook is streamed rather than held whole.
Messages name the sheet, the row and the column letter as the spreadsheet shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
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
    is_blank,
    node_from_row,
    property_columns,
    relationship_from_row,
)

NODES_SHEET = "nodes"
EDGES_SHEET = "edges"
_TEXT_FIELDS = (NODE_FIELDS | REL_FIELDS) - {"since", "until", "weight"}


def read_workbook(path: Path, given: str, run: str) -> LoadPlan:
    """Parse a workbook into a plan, collecting a problem for every bad row.

    Parameters
    ----------
    path
        The ``.xlsx`` file.
    given
        The file as the user named it, for sources and messages.
    run
        The load run id, recorded on every source.
    """
    from openpyxl import load_workbook

    plan = LoadPlan(inputs=[given])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        # A damaged file makes openpyxl, zipfile, zlib or an XML parser raise almost anything
        # (BadZipFile, zlib.error, EOFError, XML syntax errors, TypeError from a mangled part).
        _unreadable(plan, given, exc)
        return plan
    try:
        names = {name.strip().lower(): name for name in book.sheetnames}
        if NODES_SHEET not in names and EDGES_SHEET not in names:
            plan.problems.append(
                Problem(
                    "sheet", given, f"needs a sheet named {NODES_SHEET!r} or {EDGES_SHEET!r}", given
                )
            )
        if NODES_SHEET in names:
            sheet = _guarded(book[names[NODES_SHEET]].iter_rows(values_only=True), plan, given)
            rows = _rows(
                sheet,
                plan.problems,
                given=given,
                sheet=NODES_SHEET,
                required=NODE_REQUIRED,
                known=NODE_FIELDS,
                unread=plan.unread,
            )
            for values, ref, extra in rows:
                node, problems = node_from_row(values, ref, run, extra=extra)
                plan.problems.extend(problems)
                if node is None:
                    plan.reject(values.get("id"))
                else:
                    plan.add_node(node, ref)
        if EDGES_SHEET in names:
            sheet = _guarded(book[names[EDGES_SHEET]].iter_rows(values_only=True), plan, given)
            rows = _rows(
                sheet,
                plan.problems,
                given=given,
                sheet=EDGES_SHEET,
                required=REL_REQUIRED,
                known=REL_FIELDS,
                unread=[],
            )
            for values, ref, extra in rows:
                rel, placed, problems = relationship_from_row(values, ref, run, extra=extra)
                plan.problems.extend(problems)
                if rel is not None:
                    plan.add_relationship(rel, placed)
    finally:
        # Read-only workbooks keep the file open until closed.
        book.close()
    return plan


def _unreadable(plan: LoadPlan, given: str, exc: Exception) -> None:
    message = f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
    plan.problems.append(Problem("file", given, message, given))
    plan.unread.append(given)


def _guarded(
    rows: Iterator[tuple[Any, ...]], plan: LoadPlan, given: str
) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows as openpyxl reads them, stopping with a problem where the file is damaged.

    Read-only sheets are parsed as they are iterated, so damage past the first rows shows only
    then; only openpyxl's reading is guarded here, never the checks made on each row.
    """
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            _unreadable(plan, given, exc)
            return
        yield row


def _rows(
    rows: Iterator[tuple[Any, ...]],
    problems: list[Problem],
    *,
    given: str,
    sheet: str,
    required: tuple[str, ...],
    known: frozenset[str],
    unread: list[str],
) -> Iterator[tuple[dict[str, Any], RowRef, list[str]]]:
    """Each non-blank data row of a sheet; a sheet with a bad header goes to ``unread``."""
    from openpyxl.utils import get_column_letter

    header = next(rows, None)
    if header is None:
        problems.append(Problem("sheet", sheet, "is empty; row 1 names the columns", given))
        unread.append(f"{given} sheet {sheet}")
        return
    columns = ["" if c is None else str(c).strip() for c in header]
    letters = {name: get_column_letter(i + 1) for i, name in reversed(list(enumerate(columns)))}

    def cell_at(row: int) -> Callable[[str], str]:
        def cell(col: str) -> str:
            letter = letters.get(col)
            column = f"column {letter} ({col})" if letter else f"column {col}"
            return f"{given} sheet {sheet}, row {row}, {column}"

        return cell

    header_problems = column_problems(
        columns, required, f"{given} sheet {sheet}, row 1", cell_at(1)
    )
    extra, bad_columns = property_columns(columns, known, cell_at(1))
    problems.extend(header_problems + bad_columns)
    if header_problems:
        unread.append(f"{given} sheet {sheet}")
        return
    for number, cells in enumerate(rows, start=2):
        if all(is_blank(c) for c in cells):
            continue
        ref = RowRef(given, f"{sheet}!{number}", f"sheet {sheet}, row {number}", cell_at(number))
        named = zip(columns, cells, strict=False)
        values = {col: _cell(col, value) for col, value in named if col and not is_blank(value)}
        unnamed = [v for col, v in zip(columns, cells, strict=False) if not col and not is_blank(v)]
        if unnamed or len(cells) > len(columns):
            problems.append(
                Problem(
                    "column",
                    unnamed[0] if unnamed else None,
                    "a value sits in a column with no name",
                    ref.where,
                )
            )
            continue
        yield values, ref, extra


def _cell(column: str, value: Any) -> Any:
    """A cell as the model expects it.

    Spreadsheets turn ids like ``42`` into numbers and ISO dates into date-times; an id is
    text and a date is a date, whatever the spreadsheet guessed.
    """
    if column in _TEXT_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    if isinstance(value, time | timedelta):
        # Times and durations are not dates; as text they can still be kept as properties.
        return str(value)
    return value
