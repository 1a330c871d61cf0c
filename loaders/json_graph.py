"""JSON: ``{"nodes": [...], "edges": [...]}``, each item an object with the CSV field names.

An item may also carry a ``properties`` object; any other key becomes a property too, as an
extra column would. A ``sources`` key (as in an export) is ignored: the load is the source.
Messages name the JSON path, e.g. ``graph.json nodes[3].kind``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graph.errors import Problem
from graph.model import NODE_FIELDS, REL_FIELDS
from loaders.plan import LoadPlan
from loaders.records import RowRef, node_from_row, property_columns, relationship_from_row
from loaders.text import read_utf8


def read_json(path: Path, given: str, run: str) -> LoadPlan:
    """Parse a JSON graph into a plan, collecting a problem for every bad item.

    Parameters
    ----------
    path
        The ``.json`` file.
    given
        The file as the user named it, for sources and messages.
    run
        The load run id, recorded on every source.
    """
    plan = LoadPlan(inputs=[given])
    text, problems = read_utf8(path, given)
    plan.problems.extend(problems)
    if text is None:
        plan.unread.append(given)
        return plan
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{given} line {exc.lineno}, column {exc.colno}"
        plan.problems.append(Problem("json", exc.msg, "is not valid JSON", where))
        plan.unread.append(given)
        return plan
    except (ValueError, RecursionError) as exc:
        # Python's parser gives no position for these: a number of more than 4,300 digits
        # (ValueError) or lists and objects nested deeper than it can follow.
        message = (
            "nests lists or objects too deeply to be read"
            if isinstance(exc, RecursionError)
            else "holds a number with too many digits to be read"
        )
        plan.problems.append(Problem("json", None, message, given))
        plan.unread.append(given)
        return plan
    if not isinstance(data, dict) or not ({"nodes", "edges"} & data.keys()):
        plan.problems.append(
            Problem(
                "json",
                type(data).__name__,
                'must be an object with "nodes" and/or "edges" lists',
                given,
            )
        )
        plan.unread.append(given)
        return plan
    for key, known in (("nodes", NODE_FIELDS), ("edges", REL_FIELDS)):
        items = data.get(key, [])
        if not isinstance(items, list):
            plan.problems.append(
                Problem(key, type(items).__name__, "must be a list", f"{given} {key}")
            )
            plan.unread.append(f"{given} {key}")
            continue
        for index, item in enumerate(items):
            pointer = f"{key}[{index}]"
            ref = RowRef(given, pointer, pointer, _cell(given, pointer))
            _read_item(plan, item, ref, nodes=key == "nodes", run=run, known=known)
    return plan


def _read_item(
    plan: LoadPlan, item: Any, ref: RowRef, *, nodes: bool, run: str, known: frozenset[str]
) -> None:
    if not isinstance(item, Mapping):
        plan.problems.append(Problem(ref.row, type(item).__name__, "must be an object", ref.where))
        return
    explicit = item.get("properties")
    # Keys that are not strings cannot come from JSON, but a Mapping type cannot promise it.
    names = [k for k in item if isinstance(k, str) and k != "properties"]
    extra, problems = property_columns(names, known, ref.cell, noun="key")
    if explicit is not None and not isinstance(explicit, Mapping):
        problems.append(
            Problem("properties", explicit, "must be an object", ref.cell("properties"))
        )
    if not problems and nodes:
        node, problems = node_from_row(item, ref, run, extra=extra, properties=explicit)
        if node is not None:
            plan.add_node(node, ref)
    elif not problems:
        rel, placed, problems = relationship_from_row(
            item, ref, run, extra=extra, properties=explicit
        )
        if rel is not None:
            plan.add_relationship(rel, placed)
    if problems and nodes:
        plan.reject(item.get("id"))
    plan.problems.extend(problems)


def _cell(given: str, path: str) -> Callable[[str], str]:
    return lambda field: f"{given} {path}.{field}"
