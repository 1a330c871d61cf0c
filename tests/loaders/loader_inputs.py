"""Writing the same small tables as a CSV bundle, a workbook or JSON, for the loader tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from graph.store.base import GraphStore

Table = list[dict[str, Any]]
FORMATS = ["csv", "xlsx", "json"]


def columns(rows: Table, first: tuple[str, ...]) -> list[str]:
    """The header: the required columns first, then the others in order of appearance."""
    out = list(first)
    for row in rows:
        out.extend(k for k in row if k not in out)
    return out


def write_input(fmt: str, folder: Path, nodes: Table, edges: Table, name: str = "net") -> Path:
    """Write ``nodes`` and ``edges`` in ``fmt`` under ``folder``; return the path to load."""
    folder.mkdir(parents=True, exist_ok=True)
    node_cols = columns(nodes, ("id", "kind", "name"))
    edge_cols = columns(edges, ("source", "type", "target"))
    if fmt == "csv":
        bundle = folder / name
        bundle.mkdir(exist_ok=True)
        for file, cols, rows in (("nodes.csv", node_cols, nodes), ("edges.csv", edge_cols, edges)):
            with (bundle / file).open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, cols)
                writer.writeheader()
                writer.writerows(rows)
        return bundle
    if fmt == "xlsx":
        path = folder / f"{name}.xlsx"
        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for sheet, cols, rows in (("nodes", node_cols, nodes), ("edges", edge_cols, edges)):
            ws = book.create_sheet(sheet)
            ws.append(cols)
            for row in rows:
                ws.append([row.get(c) for c in cols])
        book.save(path)
        return path
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    return path


def cell(fmt: str, path: Path, sheet: str, index: int, column: str, rows: Table) -> str:
    """Where the loader should say the cell is: ``index`` is the 0-based data row."""
    given = str(path)
    if fmt == "csv":
        return f"{given}/{sheet}.csv line {index + 2}, column {column}"
    if fmt == "xlsx":
        first = ("id", "kind", "name") if sheet == "nodes" else ("source", "type", "target")
        letter = get_column_letter(columns(rows, first).index(column) + 1)
        return f"{given} sheet {sheet}, row {index + 2}, column {letter} ({column})"
    return f"{given} {sheet}[{index}].{column}"


def snapshot(store: GraphStore) -> dict[str, Any]:
    """Everything a load could change: version, counts, and every node and relationship."""
    nodes = sorted((n.to_dict() for b in store.iter_nodes() for n in b), key=lambda d: d["id"])
    rels = sorted(
        (r.to_dict() for b in store.iter_relationships() for r in b),
        key=lambda d: (d["source"], d["type"], d["target"]),
    )
    return {
        "version": store.version(),
        "counts": store.counts().to_dict(),
        "nodes": nodes,
        "relationships": rels,
    }


def without_run(data: Any) -> Any:
    """``data`` with each source's ``run`` and ``loaded_at`` removed: they record the latest
    load, and are the only things a repeated load is meant to change."""
    if isinstance(data, dict):
        return {k: without_run(v) for k, v in data.items() if k not in {"run", "loaded_at"}}
    if isinstance(data, list):
        return [without_run(v) for v in data]
    return data


def people(n: int) -> Table:
    return [{"id": f"p{i}", "kind": "Person", "name": f"Person {i}"} for i in range(n)]
