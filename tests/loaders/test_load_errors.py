"""Bad input: every problem is named by file, row and column, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from loader_inputs import FORMATS, Table, cell, people, snapshot, write_input
from openpyxl import Workbook

from graph.errors import InvalidData, Problem
from graph.store.sqlite import SQLiteStore
from loaders import load_paths

GOOD = 50
"""Good rows before the bad one: a bad last row must still stop the whole load."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A store that already holds something, so "unchanged" means more than "still empty"."""
    with SQLiteStore(tmp_path / "g.db") as store:
        base = [
            {"id": "base", "kind": "Person", "name": "Base"},
            {"id": "org", "kind": "Organisation", "name": "Org"},
        ]
        edges = [{"source": "base", "type": "WORKS_FOR", "target": "org"}]
        load_paths(store, [write_input("json", tmp_path / "base", base, edges)])
        yield store


def knows_chain(n: int) -> Table:
    return [{"source": f"p{i}", "type": "KNOWS", "target": f"p{i + 1}"} for i in range(n - 1)]


def refused(store: SQLiteStore, path: Path) -> list[Problem]:
    """Load ``path``, expecting a refusal that leaves the store exactly as it was."""
    before = snapshot(store)
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [path])
    assert snapshot(store) == before
    return caught.value.problems


@pytest.fixture(params=FORMATS)
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_unknown_kind(fmt: str, tmp_path: Path, store: SQLiteStore) -> None:
    nodes = [*people(GOOD), {"id": "zed", "kind": "Persn", "name": "Zed"}]
    path = write_input(fmt, tmp_path, nodes, knows_chain(GOOD))
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("kind", "Persn")
    assert problem.where == cell(fmt, path, "nodes", GOOD, "kind", nodes)
    assert "Person" in problem.message


def test_type_that_cannot_join_those_kinds(fmt: str, tmp_path: Path, store: SQLiteStore) -> None:
    edges = [*knows_chain(GOOD), {"source": "p0", "type": "WORKS_FOR", "target": "p1"}]
    path = write_input(fmt, tmp_path, people(GOOD), edges)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("type", "WORKS_FOR")
    assert problem.where == cell(fmt, path, "edges", GOOD - 1, "type", edges)
    assert "Person 'p0' to Person 'p1'" in problem.message


def test_type_checked_against_stored_kinds(fmt: str, tmp_path: Path, store: SQLiteStore) -> None:
    edges = [*knows_chain(GOOD), {"source": "p0", "type": "KNOWS", "target": "org"}]
    path = write_input(fmt, tmp_path, people(GOOD), edges)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("type", "KNOWS")
    assert "Organisation 'org'" in problem.message


def test_relationship_to_an_id_that_exists_nowhere(
    fmt: str, tmp_path: Path, store: SQLiteStore
) -> None:
    edges = [*knows_chain(GOOD), {"source": "p0", "type": "KNOWS", "target": "ghost"}]
    path = write_input(fmt, tmp_path, people(GOOD), edges)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("target", "ghost")
    assert problem.where == cell(fmt, path, "edges", GOOD - 1, "target", edges)


def test_malformed_date(fmt: str, tmp_path: Path, store: SQLiteStore) -> None:
    edges = [
        *knows_chain(GOOD),
        {"source": "p0", "type": "KNOWS", "target": "p9", "since": "last spring"},
    ]
    path = write_input(fmt, tmp_path, people(GOOD), edges)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("since", "last spring")
    assert problem.where == cell(fmt, path, "edges", GOOD - 1, "since", edges)


def test_duplicate_id_with_conflicting_kinds(fmt: str, tmp_path: Path, store: SQLiteStore) -> None:
    nodes = [*people(GOOD), {"id": "p3", "kind": "Organisation", "name": "P3 Ltd"}]
    path = write_input(fmt, tmp_path, nodes, [])
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("kind", "Organisation")
    assert problem.where == cell(fmt, path, "nodes", GOOD, "kind", nodes)
    assert cell(fmt, path, "nodes", 3, "kind", nodes) in problem.message, "both places named"


def test_id_whose_kind_conflicts_with_the_store(
    fmt: str, tmp_path: Path, store: SQLiteStore
) -> None:
    nodes = [*people(GOOD), {"id": "org", "kind": "Forum", "name": "Org Forum"}]
    path = write_input(fmt, tmp_path, nodes, [])
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("kind", "Forum")
    assert problem.where == cell(fmt, path, "nodes", GOOD, "kind", nodes)
    assert "already a Organisation in the store" in problem.message


@pytest.mark.parametrize("file", ["nodes.csv", "edges.csv"])
def test_csv_that_is_not_utf8(file: str, tmp_path: Path, store: SQLiteStore) -> None:
    path = write_input("csv", tmp_path, people(GOOD), knows_chain(GOOD))
    target = path / file
    good = target.read_bytes()
    target.write_bytes(good + b"\xff\xfe,Person,Bad\n")
    [problem] = refused(store, path)
    line = good.count(b"\n") + 1
    assert problem.field == "encoding"
    assert problem.value == b"\xff"
    assert problem.where == f"{path}/{file} line {line}, byte {len(good)}"


def test_json_that_is_not_utf8(tmp_path: Path, store: SQLiteStore) -> None:
    path = tmp_path / "bad.json"
    data = b'{"nodes": [\n{"id": "a", "kind": "Person", "name": "\xff\xfe"}]}'
    path.write_bytes(data)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("encoding", b"\xff")
    offset = data.index(b"\xff")
    assert problem.where == f"{path} line 2, byte {offset}"


def test_every_problem_in_every_input_is_reported(tmp_path: Path, store: SQLiteStore) -> None:
    csv_nodes = [
        *people(5),
        {"id": "x", "kind": "Persn", "name": "X"},
        {"id": "y", "kind": "Person", "name": "Y", "scale": "galactic"},
    ]
    bundle = write_input("csv", tmp_path, csv_nodes, knows_chain(5))
    json_edges = [
        {"source": "p0", "type": "KNOWZ", "target": "p1"},
        {"source": "p0", "type": "KNOWS", "target": "nobody", "until": "1999-02-30"},
    ]
    doc = write_input("json", tmp_path, [], json_edges)
    before = snapshot(store)
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [bundle, doc])
    assert snapshot(store) == before
    problems = caught.value.problems
    assert {(p.field, p.value) for p in problems} == {
        ("kind", "Persn"),
        ("scale", "galactic"),
        ("type", "KNOWZ"),
        ("until", "1999-02-30"),
    }


def test_row_with_several_mistakes_reports_each(tmp_path: Path, store: SQLiteStore) -> None:
    nodes = [{"id": "x", "kind": "Persn", "name": "X", "scale": "huge", "visibility": "secret"}]
    path = write_input("csv", tmp_path, nodes, [])
    problems = refused(store, path)
    assert [p.field for p in problems] == ["kind", "scale", "visibility"]


@pytest.mark.parametrize(
    ("header", "column"),
    [("id,name", "kind"), ("source,type", "target")],
)
def test_missing_required_column(
    header: str, column: str, tmp_path: Path, store: SQLiteStore
) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    file = "nodes.csv" if "id" in header else "edges.csv"
    (bundle / file).write_text(f"{header}\na,b\n", encoding="utf-8")
    [problem] = refused(store, bundle)
    assert (problem.field, problem.value) == ("column", column)
    assert problem.where == f"{bundle}/{file} line 1"


def test_missing_sheet_column_names_the_sheet(tmp_path: Path, store: SQLiteStore) -> None:
    path = tmp_path / "book.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "nodes"
    sheet.append(["id", "kind"])
    sheet.append(["a", "Person"])
    book.save(path)
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("column", "name")
    assert problem.where == f"{path} sheet nodes, row 1"


def test_bad_property_column_is_reported_once(tmp_path: Path, store: SQLiteStore) -> None:
    nodes = [{**p, "my team": "x"} for p in people(3)]
    path = write_input("csv", tmp_path, nodes, [])
    [problem] = refused(store, path)
    assert (problem.field, problem.value) == ("column", "my team")
    assert problem.where == f"{path}/nodes.csv line 1, column my team"


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("notes.docx", "hello", "format"),
        ("broken.json", '{"nodes": [', "json"),
        ("list.json", "[1, 2]", "json"),
        ("fake.xlsx", "not a zip", "file"),
    ],
)
def test_unreadable_inputs(
    name: str, content: str, field: str, tmp_path: Path, store: SQLiteStore
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [problem] = refused(store, path)
    assert problem.field == field
    assert str(path) in problem.where


def test_a_missing_path(tmp_path: Path, store: SQLiteStore) -> None:
    [problem] = refused(store, tmp_path / "nowhere")
    assert (problem.field, problem.value) == ("path", str(tmp_path / "nowhere"))
