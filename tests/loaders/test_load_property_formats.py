"""Whatever an edges.csv row, a JSON graph, a workbook, a GraphML or GEXF file or a document
holds, a load either writes exactly what its report says or refuses with every problem placed
in the file, and then leaves the store as it was. Nothing else ever escapes a load.

Each property starts from a store already holding a small network, so "unchanged" means more
than "still empty", and a relationship may point at an id that only the store knows. Each
input is drawn either plausible (a network that should load, sometimes with a flaw) or junk,
so both outcomes are exercised; ``--hypothesis-show-statistics`` shows how often each occurs.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from loader_inputs import people, snapshot, write_input
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from graph.errors import InvalidData
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType
from loaders import LoadReport, load_paths

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"


def examples(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


BASE_NODES = [
    {"id": "p1", "kind": "Person", "name": "Ada Lovelace"},
    {"id": "p2", "kind": "Person", "name": "Grace Hopper"},
    {"id": "o1", "kind": "Organisation", "name": "Dorset Health Trust"},
    {"id": "f1", "kind": "Forum", "name": "Carers Network"},
]
BASE_EDGES = [
    {"source": "p1", "type": "KNOWS", "target": "p2"},
    {"source": "p1", "type": "WORKS_FOR", "target": "o1"},
    {"source": "p2", "type": "MEMBER_OF", "target": "f1"},
]
BASE_IDS = [n["id"] for n in BASE_NODES]
NEW_NODES = [
    {"id": "p1", "kind": "Person", "name": "Ada King"},
    {"id": "x1", "kind": "Person", "name": "Mary Seacole"},
    {"id": "x2", "kind": "Person", "name": "Florence Nightingale"},
    {"id": "x3", "kind": "Organisation", "name": "Wessex Care Trust"},
    {"id": "x4", "kind": "Interest", "name": "Loneliness"},
]
"""Nodes a plausible input may give: new ones, and one already stored under another name."""
TIES = [
    ("x1", "KNOWS", "x2"),
    ("x1", "KNOWS", "p1"),
    ("x1", "WORKS_FOR", "x3"),
    ("x2", "WORKS_FOR", "o1"),
    ("p2", "INTERESTED_IN", "x4"),
    ("x3", "PARTNERS_WITH", "o1"),
    ("x2", "MEMBER_OF", "f1"),
    ("p1", "KNOWS", "p2"),
]
"""Ties that fit the vocabulary when both ends are stored or given."""
KNOWN_IDS = [*BASE_IDS, "x1", "x2", "x3", "x4"]
KINDS = [k.value for k in NodeKind]
TYPES = [t.value for t in RelType]
LEAKED = "LEAKED"
"""Text only an external entity or DTD holds: it must never reach the store or a message."""
LAUGH = "lol" * 20
"""What any expansion of the billion-laughs entities would contain."""


# -- the store before and after --------------------------------------------------------------


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the base network, copied afresh for every example."""
    folder = tmp_path_factory.mktemp("base")
    bundle = write_input("csv", folder, BASE_NODES, BASE_EDGES, name="base")
    template = folder / "template.db"
    with SQLiteStore(folder / "build.db") as store:
        load_paths(store, [bundle])
        store.backup(template)
    return template


@contextmanager
def based_store(base_db: Path) -> Iterator[tuple[SQLiteStore, Path]]:
    """A store holding the base network, and an empty folder to write an input in."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copyfile(base_db, folder / "g.db")
        (folder / "in").mkdir()
        with SQLiteStore(folder / "g.db") as store:
            yield store, folder / "in"


def _from_input(origin: str, given: str) -> bool:
    return origin == given or origin.startswith(given.rstrip("/") + "/")


def _tally(values: Iterator[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _note(outcome: str) -> None:
    if currently_in_test_context():
        event(outcome)


def load_or_refuse(store: SQLiteStore, path: Path, where: str) -> LoadReport | InvalidData:
    """Load ``path`` and check the outcome is one of the two a user may see.

    Either the load succeeds and the store holds the nodes and relationships it held before
    plus exactly those the report counts (each carrying a source in the input), or it raises
    :class:`InvalidData` whose every problem's ``where`` matches ``where`` (a regular
    expression after the input's path) and the store is exactly as it was. Any other
    exception fails the test by escaping.
    """
    given = str(path)
    place = re.compile(re.escape(given) + where, re.DOTALL)
    before = snapshot(store)
    ids_before = sorted(n["id"] for n in before["nodes"])
    try:
        report = load_paths(store, [path])
    except InvalidData as exc:
        assert exc.problems, "a refusal must say what is wrong"
        unplaced = [p for p in exc.problems if not place.fullmatch(p.where)]
        assert not unplaced, f"problems not placed in {given}: {unplaced[:3]}"
        after = snapshot(store)
        assert after["counts"] == before["counts"]
        assert sorted(n["id"] for n in after["nodes"]) == ids_before
        assert after == before, "a refused load changed the store"
        _note("refused")
        return exc

    nodes = [n for batch in store.iter_nodes() for n in batch]
    rels = [r for batch in store.iter_relationships() for r in batch]
    loaded = {
        n.id: n.kind.value for n in nodes if any(_from_input(s.origin, given) for s in n.sources)
    }
    loaded_rels = {
        r.key: r.type.value for r in rels if any(_from_input(s.origin, given) for s in r.sources)
    }
    assert _tally(iter(loaded.values())) == report.nodes
    assert _tally(iter(loaded_rels.values())) == report.relationships
    assert {n.id for n in nodes} == set(ids_before) | loaded.keys()
    rels_before = {(r["source"], r["type"], r["target"]) for r in before["relationships"]}
    assert {tuple(r.key) for r in rels} == rels_before | {tuple(k) for k in loaded_rels}
    assert report.held_back == []
    assert report.ended == {}
    _note("loaded, with relationships" if report.relationships else "loaded")
    return report


# -- plausible networks, and damage to files ---------------------------------------------------

good_since = st.dates(date(1990, 1, 1), date(2009, 12, 31)).map(str)
good_until = st.dates(date(2010, 1, 1), date(2030, 12, 31)).map(str)
good_weight = st.floats(0, 10).map(lambda w: round(w, 3))
good_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=10,
)


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Some of :data:`NEW_NODES` and of the :data:`TIES` whose ends are then known, each
    with some optional fields and a property."""
    nodes = [
        {**node, **draw(st.fixed_dictionaries({}, optional={"team": good_text}))}
        for node in draw(st.lists(st.sampled_from(NEW_NODES), unique_by=lambda n: n["id"]))
    ]
    known = set(BASE_IDS) | {n["id"] for n in nodes}
    fitting = [t for t in TIES if t[0] in known and t[2] in known]
    ties = draw(st.lists(st.sampled_from(fitting), unique=True)) if fitting else []
    optional = {"since": good_since, "until": good_until, "weight": good_weight, "role": good_text}
    edges = [
        {"source": s, "type": t, "target": e, **draw(st.fixed_dictionaries({}, optional=optional))}
        for s, t, e in ties
    ]
    return nodes, edges


def _mutate(data: bytes, how: str, at: float, insert: bytes) -> bytes:
    """``data`` as it is, cut short, or with ``insert`` spliced in or written over at ``at``
    (a fraction of its length)."""
    cut = int(len(data) * at)
    if how == "truncate":
        return data[:cut]
    if how == "insert":
        return data[:cut] + insert + data[cut:]
    if how == "replace":
        return data[:cut] + insert + data[cut + len(insert) :]
    return data


KEEP = ("keep", 0.0, b"")
mutations = st.one_of(
    st.just(KEEP),
    st.tuples(
        st.sampled_from(["truncate", "insert", "replace"]),
        st.floats(0, 1),
        st.one_of(
            st.sampled_from(
                [b"\xff", b"\xc3(", b"\x00", b"\xef\xbb\xbf", b"<", b"&", b'"', b"]]>"]
            ),
            st.binary(min_size=1, max_size=4),
        ),
    ),
)


# -- edges.csv -------------------------------------------------------------------------------

CSV_WHERE = r"/(nodes|edges)\.csv line \d+(, column .*)?"

edge_ids = st.one_of(st.sampled_from([*KNOWN_IDS, "ghost", "", " p1 ", "P1"]), st.text(max_size=8))
junk_csv_row = st.fixed_dictionaries(
    {
        "source": edge_ids,
        "type": st.one_of(st.sampled_from([*TYPES, "knows", "FRIENDS", ""]), st.text(max_size=8)),
        "target": edge_ids,
        "role": st.one_of(st.just(""), st.text(max_size=12)),
        "since": st.one_of(
            st.dates().map(str),
            st.sampled_from(["2020", "2020-13", "2020-02-30", "0000", "99999", "2021-1-1", ""]),
            st.text(max_size=10),
        ),
        "until": st.one_of(st.dates().map(str), st.just(""), st.text(max_size=10)),
        "weight": st.one_of(
            st.floats().map(repr),
            st.integers().map(str),
            st.sampled_from(["", "-1", "nan", "inf", "1e400", "1" + "0" * 400, "heavy"]),
            st.text(max_size=6),
        ),
        "visibility": st.one_of(
            st.sampled_from(["public", "internal", "restricted", "secret", ""]),
            st.text(max_size=8),
        ),
    }
)
extra_columns = st.lists(
    st.one_of(
        st.sampled_from(["note", "tags:json", "sources", "bad name", ""]), st.text(max_size=6)
    ),
    max_size=2,
)
extra_cells = st.one_of(st.text(max_size=10), st.sampled_from(['["a", 1]', "[" * 3000, "{}", "3"]))


@examples(100)
@given(
    network=networks(),
    junk=st.lists(junk_csv_row, max_size=4),
    extra=extra_columns,
    data=st.data(),
)
def test_any_edges_csv_row_loads_or_is_refused_at_its_line(
    base_db: Path,
    network: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    junk: list[dict[str, str]],
    extra: list[str],
    data: st.DataObject,
) -> None:
    """Relationship rows with any cells, ends given in nodes.csv, known to the store or to
    nobody, and property columns with any names and values."""
    nodes, edges = network
    rows: list[dict[str, Any]] = [*edges, *junk]
    for row in rows:
        for column in extra:
            row[column] = data.draw(extra_cells)
    with based_store(base_db) as (store, folder):
        bundle = folder / "bundle"
        bundle.mkdir()
        for name, table in (("nodes.csv", nodes), ("edges.csv", rows)):
            if not table and name == "nodes.csv":
                continue
            columns = list(dict.fromkeys(k for r in table for k in r)) or [
                "source",
                "type",
                "target",
            ]
            with (bundle / name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, columns)
                writer.writeheader()
                writer.writerows(table)
        outcome = load_or_refuse(store, bundle, CSV_WHERE)
        if not junk and not extra:
            assert isinstance(outcome, LoadReport), "a plausible bundle must load"


def test_an_edge_to_an_id_nobody_has_is_refused_at_its_line(base_db: Path) -> None:
    """The check above can tell a refusal from a load: a dangling end is refused."""
    with based_store(base_db) as (store, folder):
        bundle = write_input(
            "csv", folder, NEW_NODES[1:2], [{"source": "p1", "type": "KNOWS", "target": "ghost"}]
        )
        outcome = load_or_refuse(store, bundle, CSV_WHERE)
        assert isinstance(outcome, InvalidData)
        assert [p.where for p in outcome.problems] == [f"{bundle}/edges.csv line 2, column target"]


# -- JSON --------------------------------------------------------------------------------------

JSON_WHERE = r"( line \d+, (column|byte) \d+| (nodes|edges)(\[\d+\](\..*)?)?)?"

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
json_junk = st.recursive(
    json_scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)
    ),
    max_leaves=6,
)


def _or_junk(*good: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(good), json_junk)


json_source = st.fixed_dictionaries(
    {"kind": st.sampled_from(["row", "passage", "api", "nonsense"]), "origin": st.text(max_size=5)},
    optional={"locator": json_junk, "loaded_at": _or_junk("2024-01-01T00:00:00+00:00", "x")},
)
json_node = st.fixed_dictionaries(
    {
        "id": _or_junk(*KNOWN_IDS, "new1"),
        "kind": _or_junk(*KINDS, "person"),
        "name": _or_junk("Someone", "Ada Lovelace", ""),
    },
    optional={
        "aliases": _or_junk("A;B", ["A", "B"]),
        "scale": _or_junk("local", "national", "galactic"),
        "visibility": _or_junk("public", "restricted"),
        "url": _or_junk("https://example.org"),
        "properties": st.one_of(
            st.dictionaries(st.text(max_size=6), json_junk, max_size=3), json_junk
        ),
        "sources": st.one_of(st.lists(json_source, max_size=2), json_junk),
        "team": json_junk,
        "tags:json": _or_junk('["a"]', "[", "[" * 5000),
        "bad key": json_junk,
    },
)
json_edge = st.fixed_dictionaries(
    {
        "source": _or_junk(*KNOWN_IDS, "ghost"),
        "type": _or_junk(*TYPES),
        "target": _or_junk(*KNOWN_IDS, "ghost"),
    },
    optional={
        "role": json_junk,
        "since": _or_junk("2020", "2020-02-30", 2020),
        "until": _or_junk("2021-06"),
        "weight": st.one_of(st.integers(), st.floats(), st.just(10**400), json_junk),
        "properties": json_junk,
        "sources": st.one_of(st.lists(json_source, max_size=2), json_junk),
        "note": json_junk,
    },
)
junk_graph = st.one_of(
    json_junk,
    st.fixed_dictionaries(
        {},
        optional={
            "nodes": st.one_of(st.lists(st.one_of(json_node, json_junk), max_size=4), json_junk),
            "edges": st.one_of(st.lists(st.one_of(json_edge, json_junk), max_size=4), json_junk),
            "meta": json_junk,
        },
    ),
)
json_graph = st.one_of(
    networks().map(lambda network: {"nodes": network[0], "edges": network[1]}),
    networks().flatmap(
        lambda network: st.tuples(
            st.lists(json_node, max_size=2), st.lists(json_edge, max_size=2)
        ).map(lambda junk: {"nodes": network[0] + junk[0], "edges": network[1] + junk[1]})
    ),
    junk_graph,
)


@examples(150)
@given(graph=json_graph, mutation=mutations, nested=st.sampled_from([0, 0, 0, 50, 100_000]))
@example(graph={"nodes": []}, mutation=KEEP, nested=100_000)
@example(
    graph={"nodes": [{"id": "n9", "kind": "Person", "name": "N", "tags:json": "[" * 5000}]},
    mutation=KEEP,
    nested=0,
)
@example(
    graph={"edges": [{"source": "p1", "type": "KNOWS", "target": "p2", "weight": 10**400}]},
    mutation=KEEP,
    nested=0,
)
def test_any_json_graph_loads_or_is_refused_at_its_path(
    base_db: Path, graph: Any, mutation: tuple[str, float, bytes], nested: int
) -> None:
    """JSON of any shape, wrong types, nesting deep enough to break a parser, numbers too big
    for a weight, bytes that are not UTF-8, text cut short: a load, or a refusal naming the
    file and the item."""
    text = json.dumps(graph, ensure_ascii=False)
    if nested and isinstance(graph, dict):
        text = text[:-1] + (", " if graph else "") + '"deep": ' + "[" * nested + "]" * nested + "}"
    data = _mutate(text.encode("utf-8", "surrogatepass"), *mutation)
    with based_store(base_db) as (store, folder):
        path = folder / "graph.json"
        path.write_bytes(data)
        load_or_refuse(store, path, JSON_WHERE)


# -- workbooks -------------------------------------------------------------------------------

XLSX_WHERE = r"( sheet (nodes|edges), row \d+(, column .*)?)?"

xl_text = st.text(max_size=10).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
xl_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9000)),
    xl_text,
    st.sampled_from(["=1+1", "=A1", "=SUM(A1:A3)", "=NOW()", "'=1+1", "2020-01-01", "1e400"]),
)


def _xl_cell(*good: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(good), xl_value)


xl_node_row = st.one_of(
    st.tuples(_xl_cell(*KNOWN_IDS, 42), _xl_cell(*KINDS), _xl_cell("Someone", "Ada")),
    st.tuples(xl_value, xl_value, xl_value, xl_value),
).map(list)
xl_edge_row = (
    st.tuples(
        _xl_cell(*KNOWN_IDS, 42, "ghost"),
        _xl_cell(*TYPES),
        _xl_cell(*KNOWN_IDS),
        _xl_cell("2020-01", date(2020, 1, 1), datetime(2020, 1, 1, 12, 30)),
        _xl_cell(1, 0.5, -1, "heavy"),
    )
    .map(list)
    .flatmap(lambda cells: st.integers(0, 6).map(lambda n: cells[:n] + [None] * (n - 5)))
)
xl_header = st.lists(
    st.one_of(st.sampled_from(["note", "tags:json", "bad name"]), xl_value), max_size=2
)


@examples(60)
@given(
    node_sheet=st.sampled_from(["nodes", "Nodes", " NODES ", "people", None]),
    edge_sheet=st.sampled_from(["edges", "Edges", "ties", None]),
    network=networks(),
    node_extra=xl_header,
    edge_extra=xl_header,
    node_junk=st.one_of(st.just([]), st.lists(xl_node_row, min_size=1, max_size=3)),
    edge_junk=st.one_of(st.just([]), st.lists(xl_edge_row, min_size=1, max_size=3)),
)
def test_any_workbook_cells_load_or_are_refused_at_their_sheet_and_row(
    base_db: Path,
    node_sheet: str | None,
    edge_sheet: str | None,
    network: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    node_extra: list[Any],
    edge_extra: list[Any],
    node_junk: list[list[Any]],
    edge_junk: list[list[Any]],
) -> None:
    """Numbers, dates, times, booleans, empty cells and formula-looking text in any cell,
    sheets named in any case or missing, headers that are not text."""
    nodes, edges = network
    node_header = ["id", "kind", "name", "team", *node_extra]
    edge_header = ["source", "type", "target", "since", "weight", "until", "role", *edge_extra]
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets = (
        (node_sheet, node_header, [[n.get(c) for c in node_header] for n in nodes] + node_junk),
        (edge_sheet, edge_header, [[e.get(c) for c in edge_header] for e in edges] + edge_junk),
    )
    for title, header, rows in sheets:
        if title is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    if not book.sheetnames:
        book.create_sheet("other")
    with based_store(base_db) as (store, folder):
        path = folder / "net.xlsx"
        book.save(path)
        load_or_refuse(store, path, XLSX_WHERE)


@examples(60)
@given(network=networks(), mutation=mutations)
def test_a_damaged_workbook_is_refused_naming_the_file(
    base_db: Path,
    network: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    mutation: tuple[str, float, bytes],
) -> None:
    """A workbook cut short or with bytes overwritten loads (if the damage missed anything
    read) or is refused naming the file, whatever part of the zip the damage hit."""
    with based_store(base_db) as (store, folder):
        path = write_input("xlsx", folder, *network)
        path.write_bytes(_mutate(path.read_bytes(), *mutation))
        load_or_refuse(store, path, XLSX_WHERE)


def test_a_workbook_whose_sheet_stops_mid_row_is_refused_naming_the_file(base_db: Path) -> None:
    """The zip is sound but the nodes sheet's XML stops part-way: openpyxl finds out only while
    reading rows, and the load names the file instead of crashing."""
    with based_store(base_db) as (store, folder):
        path = write_input("xlsx", folder, people(30), [])
        with zipfile.ZipFile(path) as zin:
            parts = {name: zin.read(name) for name in zin.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        parts["xl/worksheets/sheet1.xml"] = sheet[: len(sheet) * 2 // 3]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for name, data in parts.items():
                zout.writestr(name, data)
        outcome = load_or_refuse(store, path, XLSX_WHERE)
        assert isinstance(outcome, InvalidData)
        assert [p.where for p in outcome.problems] == [str(path)]


# -- GraphML and GEXF --------------------------------------------------------------------------

XML_WHERE = r"( line \d+(, (column \d+|attribute .*))?)?"

Key = tuple[str, str, str, str | None]
"""A declared attribute: its domain, name, type and default."""
Element = tuple[str | None, str | None, list[tuple[int, str]]]
"""A node (id, label, data) or an edge (source, target, data); data by key index."""

xml_safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=10
) | st.text(max_size=4)
attr_names = st.one_of(
    st.sampled_from(
        [
            *("kind", "name", "type", "weight", "since", "until", "role", "aliases", "scale"),
            *("visibility", "sources", "tags:json", "team", "bad name", "id", "source", ""),
        ]
    ),
    st.text(max_size=6),
)
attr_types = st.sampled_from(
    ["string", "int", "long", "float", "double", "boolean", "integer", "liststring", "junk"]
)
attr_values = st.one_of(
    st.sampled_from(
        [*KINDS, *TYPES, "Someone", "1", "2.5", "true", "nope", "2020-02", "1e999", "-0", ""]
    ),
    xml_safe_text,
)
junk_keys = st.lists(
    st.tuples(
        st.sampled_from(["node", "edge", "all", "graph", "junk"]),
        attr_names,
        attr_types,
        st.one_of(st.none(), attr_values),
    ),
    max_size=4,
)
element_ids = st.one_of(st.none(), st.sampled_from([*KNOWN_IDS, "ghost"]), xml_safe_text)
junk_elements = st.lists(
    st.tuples(
        element_ids,
        element_ids,
        st.lists(st.tuples(st.integers(0, 9), attr_values), max_size=4),
    ),
    max_size=3,
)
GOOD_KEYS: list[Key] = [
    ("node", "kind", "string", None),
    ("node", "name", "string", None),
    ("edge", "type", "string", None),
    ("edge", "since", "string", None),
    ("edge", "weight", "double", None),
]
"""The declarations a plausible file starts with; junk ones follow from index 5."""


def _good_elements(
    network: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> tuple[list[Element], list[Element]]:
    nodes, edges = network
    return (
        [(n["id"], n["name"], [(0, n["kind"]), (1, n["name"])]) for n in nodes],
        [
            (
                e["source"],
                e["target"],
                [(2, e["type"])]
                + ([(3, e["since"])] if "since" in e else [])
                + ([(4, str(e["weight"]))] if "weight" in e else []),
            )
            for e in edges
        ],
    )


def _attrs(**values: str | None) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in values.items() if v is not None)


def graphml_text(keys: list[Key], nodes: list[Element], edges: list[Element]) -> str:
    """GraphML declaring ``keys`` as ``k0``, ``k1``...; data naming a later index is undeclared."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<graphml xmlns="{GRAPHML_NS}">']
    for i, (domain, name, kind, default) in enumerate(keys):
        head = f'  <key id="k{i}"{_attrs(**{"for": domain, "attr.name": name, "attr.type": kind})}'
        body = f"<default>{escape(default)}</default>" if default is not None else ""
        lines.append(f"{head}>{body}</key>")
    lines.append('  <graph edgedefault="directed">')
    for tag, items in (("node", nodes), ("edge", edges)):
        for first, second, data in items:
            own = _attrs(id=first) if tag == "node" else _attrs(source=first, target=second)
            lines.append(f"    <{tag}{own}>")
            lines += [f'      <data key="k{k}">{escape(v)}</data>' for k, v in data]
            lines.append(f"    </{tag}>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def gexf_text(keys: list[Key], nodes: list[Element], edges: list[Element]) -> str:
    """GEXF declaring ``keys`` by index; a node's second value is its label."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<gexf xmlns="{GEXF_NS}" version="1.3">']
    lines.append('  <graph defaultedgetype="directed">')
    for domain in ("node", "edge", "junk"):
        lines.append(f'    <attributes class="{domain}">')
        for i, (d, name, kind, default) in enumerate(keys):
            if d == domain or (d == "all" and domain != "junk"):
                body = f"<default>{escape(default)}</default>" if default is not None else ""
                attrs = _attrs(title=name, type=kind)
                lines.append(f'      <attribute id="{i}"{attrs}>{body}</attribute>')
        lines.append("    </attributes>")
    for tag, items in (("node", nodes), ("edge", edges)):
        lines.append(f"    <{tag}s>")
        for number, (first, second, data) in enumerate(items):
            if tag == "node":
                own = _attrs(id=first, label=second)
            else:
                own = _attrs(id=str(number), source=first, target=second)
            lines.append(f"      <{tag}{own}><attvalues>")
            lines += [f'        <attvalue for="{k}" value={quoteattr(v)}/>' for k, v in data]
            lines.append(f"      </attvalues></{tag}>")
        lines.append(f"    </{tag}s>")
    lines += ["  </graph>", "</gexf>", ""]
    return "\n".join(lines)


XML_WRITERS: dict[str, Callable[[list[Key], list[Element], list[Element]], str]] = {
    "graphml": graphml_text,
    "gexf": gexf_text,
}


@examples(150)
@given(
    dialect=st.sampled_from(sorted(XML_WRITERS)),
    network=networks(),
    keys=st.one_of(st.just([]), junk_keys),
    nodes=st.one_of(st.just([]), junk_elements),
    edges=st.one_of(st.just([]), junk_elements),
    mutation=mutations,
)
def test_any_graphml_or_gexf_loads_or_is_refused_at_its_line(
    base_db: Path,
    dialect: str,
    network: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    keys: list[Key],
    nodes: list[Element],
    edges: list[Element],
    mutation: tuple[str, float, bytes],
) -> None:
    """Any declarations, values of the wrong type, undeclared keys, missing or unknown ends,
    and the whole file cut short or overwritten at any byte."""
    good_nodes, good_edges = _good_elements(network)
    text = XML_WRITERS[dialect](GOOD_KEYS + keys, good_nodes + nodes, good_edges + edges)
    with based_store(base_db) as (store, folder):
        path = folder / f"net.{dialect}"
        path.write_bytes(_mutate(text.encode("utf-8", "surrogatepass"), *mutation))
        outcome = load_or_refuse(store, path, XML_WHERE)
        if not (keys or nodes or edges) and mutation == KEEP:
            assert isinstance(outcome, LoadReport), "a plausible graph file must load"


def _laughs(depth: int) -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, depth)
    ]
    return "".join(entities).replace("&lol0;", "&lol;")


@examples(40)
@given(
    dialect=st.sampled_from(sorted(XML_WRITERS)),
    attack=st.sampled_from(["laughs", "small", "file", "parameter", "dtd", "http"]),
    used_in=st.sampled_from(["id", "name", "kind", "label"]),
    depth=st.integers(2, 10),
)
def test_entities_in_a_graph_file_are_never_expanded_or_fetched(
    base_db: Path, dialect: str, attack: str, used_in: str, depth: int
) -> None:
    """A billion-laughs DOCTYPE is refused rather than expanded, and external entities, DTDs
    and parameter entities are neither read from disk nor fetched: their text never reaches
    the store or a message, and a file declaring entities is refused."""
    with based_store(base_db) as (store, folder):
        secret = folder.parent / "secret.txt"
        secret.write_text(LEAKED, encoding="utf-8")
        dtd = folder.parent / "secret.dtd"
        dtd.write_text(f'<!ENTITY e "{LEAKED}">', encoding="utf-8")
        doctype = {
            "laughs": f"[{_laughs(depth)}<!ENTITY e '&lol{depth - 1};'>]",
            "small": f"[<!ENTITY e '{LEAKED}'>]",
            "file": f'[<!ENTITY e SYSTEM "{secret.as_uri()}">]',
            "parameter": f'[<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]',
            "dtd": f'SYSTEM "{dtd.as_uri()}"',
            "http": '[<!ENTITY e SYSTEM "http://127.0.0.1:9/leak">]',
        }[attack]
        ref = "&e;"
        values = {"id": "x1", "kind": "Person", "name": "Someone", "label": "Someone", used_in: ref}
        if dialect == "graphml":
            data = [(0, values["kind"]), (1, values["name"])]
            text = graphml_text(GOOD_KEYS, [(values["id"], None, data)], [])
        else:
            data = [(0, values["kind"])]
            text = gexf_text(GOOD_KEYS, [(values["id"], values["label"], data)], [])
        # The writers escape values; the entity reference must reach the parser as written.
        text = text.replace("&amp;e;", "&e;")
        root = "graphml" if dialect == "graphml" else "gexf"
        text = text.replace("?>", f"?>\n<!DOCTYPE {root} {doctype}>", 1)
        path = folder / f"net.{dialect}"
        path.write_text(text, encoding="utf-8")
        outcome = load_or_refuse(store, path, XML_WHERE)
        stored = json.dumps(snapshot(store))
        told = str(outcome.problems) if isinstance(outcome, InvalidData) else ""
        for seen in (stored, told):
            assert LEAKED not in seen
            assert LAUGH not in seen
        if attack != "dtd":
            # Declaring entities at all refuses the file; an external DTD is simply not read.
            assert isinstance(outcome, InvalidData)


# -- documents ---------------------------------------------------------------------------------

DOC_WHERE = r"( line \d+, byte \d+| passage \d+, .*)?"

doc_pieces = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "Ada Lovelace works for Dorset Health Trust.",
            "Grace Hopper is a member of the Carers Network.",
            "@ada_l and @grace #MentalHealth #carers",
            "Written by Mary Seacole, Chair of the Dorset Health Trust.",
            "\n\n",
            "\x00\x01\x1b\x7f",
            "\r\n",
            "\u2028\u2029\u00a0",
            "<p>Ada Lovelace</p>",
            "<script>x</script><!-- c -->",
            '<meta charset="latin-1">',
            '<?xml version="1.0" encoding="UTF-8"?>',
            "---\nauthor: Ada Lovelace\n---\n",
            "# Heading\n- item\n```\ncode\n```\n",
            "[link](http://x) ![img](y) **b** _i_",
        ]
    ),
    st.integers(1, 50_000).map(lambda n: ("Ada Lovelace and " * (n // 17 + 1))[:n]),
    st.integers(1, 50_000).map(lambda n: ("@ada_l Dorset Health Trust " * (n // 27 + 1))[:n]),
    st.integers(1, 50_000).map(lambda n: "a" * n),
)


@examples(60)
@given(
    suffix=st.sampled_from([".txt", ".md", ".html"]),
    pieces=st.lists(doc_pieces, max_size=4),
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    mutation=mutations,
)
@example(suffix=".txt", pieces=["Dorset Health Trust " * 40], encoding="utf-8", mutation=KEEP)
def test_any_document_loads_or_is_refused_naming_the_file(
    base_db: Path, suffix: str, pieces: list[str], encoding: str, mutation: tuple[str, float, bytes]
) -> None:
    """Posts with control characters, huge lines, stray markup or bytes that are not UTF-8."""
    data = _mutate("".join(pieces).encode(encoding, "replace"), *mutation)
    with based_store(base_db) as (store, folder):
        path = folder / f"post{suffix}"
        path.write_bytes(data)
        load_or_refuse(store, path, DOC_WHERE)


def test_a_long_title_case_line_loads_without_a_name_too_long_for_the_graph(
    base_db: Path,
) -> None:
    """Forty organisation names in a row read as one run of 120 capitalised words, whose id
    would pass the graph's length limit: the post loads, without that non-name."""
    with based_store(base_db) as (store, folder):
        path = folder / "post.txt"
        path.write_text("Dorset Health Trust " * 40 + "\n", encoding="utf-8")
        outcome = load_or_refuse(store, path, DOC_WHERE)
        assert isinstance(outcome, LoadReport)
        stored = [n.id for batch in store.iter_nodes() for n in batch]
        assert all(len(node_id) <= 512 for node_id in stored)


def test_a_huge_line_of_names_loads_and_finds_the_people(base_db: Path) -> None:
    """A 100,000-character line without a full stop loads, and its people are found (reading a
    sentence once took time growing with the square of its length: about a minute here)."""
    with based_store(base_db) as (store, folder):
        path = folder / "post.txt"
        unit = "@ada_l met Ada Lovelace and Mr. Grace Hopper "
        path.write_text((unit * (100_000 // len(unit))) + "\n", encoding="utf-8")
        outcome = load_or_refuse(store, path, DOC_WHERE)
        assert isinstance(outcome, LoadReport)
        names = {n.name for batch in store.iter_nodes() for n in batch}
        assert {"Ada Lovelace", "Grace Hopper"} <= names
