"""Injection sweep at the store: every string that reaches a query, pushed with hostile text.

Four properties, on every store (the ``store`` fixture):

- a hostile value used as *data* (ids, names, aliases, property keys and values, roles,
  sources, record fields, search text, cursors) is stored and read back byte for byte;
- a hostile value where only *vocabulary* or a key is allowed (kinds, types, scales,
  visibility, property names, dates) is refused with :class:`~graph.errors.InvalidData`
  naming the field;
- after every attempt the rest of the store is exactly as it was;
- text search matches its text literally: ``%``, ``_``, ``*`` and regex metacharacters are
  not wildcards.

Then the statements themselves: every SQL and Cypher statement the stores run is checked to
carry no caller text, at run time (a recording SQLite connection and the recording Neo4j fake
driver see a canary only in parameters) and statically (each statement the store modules run
is traced back to the statement modules' constants and computed runs of ``?``).

``HOSTILE`` is shared with ``tests/api/test_graphql_injection.py``.
"""

from __future__ import annotations

import ast
import base64
import itertools
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from factories import small_network
from neo4j_fake import FakeDriver

from graph.errors import InvalidData
from graph.model import MAX_ID_LENGTH, Node, Relationship, RelKey, Source
from graph.privacy import ERASED, id_key
from graph.records import Action, AuditEntry, Introduction, LoadRun, RunOutcome, utc_now
from graph.store import cypher, sqlite_sql
from graph.store import neo4j as neo4j_module
from graph.store import neo4j_codec as codec
from graph.store import sqlite as sqlite_module
from graph.store.base import GraphFilter, GraphStore, NodeQuery
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore, StoreError
from graph.vocabulary import NodeKind, RelType, SourceKind, Visibility

# -- the hostile strings ---------------------------------------------------------------------

LONG = ("'; DROP TABLE nodes; -- %_*?[.*" * 400)[:10_000]
"""As long as a name may be (``MAX_TEXT_LENGTH``), far longer than an id may be."""

HOSTILE: dict[str, str] = {
    # SQL
    "sql-drop": "'; DROP TABLE nodes; --",
    "sql-or": '" OR 1=1 --',
    "sql-union": "x') UNION SELECT id, kind, name, sort_key FROM nodes --",
    "sql-tautology": "' OR '1'='1",
    "sql-stacked": "1; DELETE FROM rels WHERE 1=1; --",
    # Cypher
    "cypher-match": "'}) MATCH (n) DETACH DELETE n //",
    "cypher-backtick": "`) DETACH DELETE n //",
    "cypher-param": "$param",
    "cypher-map": "{id:'x'}",
    "cypher-union": '"}) RETURN 1 AS x UNION MATCH (n) RETURN n //',
    # escapes, control characters (no NUL), look-alikes
    "backslashes": "back\\slash \\' \\\" \\\\ \\n \\u0041",
    "control-chars": "tab\there\nnew\rline\x0bvt\x1b[31mansi\x7fdel",
    "lookalikes": "\u0410d\u0430 L\u043ev\u0435l\u0430\u0441\u0435 "  # Cyrillic
    "\uff33\uff25\uff2c\uff25\uff23\uff34 \u02bc; DROP",  # fullwidth, modifier apostrophe
    "bidi-zero-width": "ada\u202eevil\u200b\u200d\ufeffx",
    "combining": "Zoe\u0308 e\u0301",
    "astral": "\U0001f9e8\U0001f4a5 \U0001d56f\U0001d597\U0001d594\U0001d595",
    "long-10k": LONG,
    # JSON fragments
    "json-object": '{"id": "x", "kind": "Person", "$ne": null}',
    "json-array": '["a", {"b": [1, 2]}, null]',
    "json-broken": '"]}',
    # LIKE, GLOB and regex metacharacters
    "like-percent": "%",
    "like-underscore": "_",
    "like-mixed": "100%_done",
    "glob-star": "*",
    "glob-class": "?[a-z]*",
    "regex-dot-star": ".*",
    "regex-catastrophic": "^(a+)+$",
    # words a careless decoder might treat specially, and lone quotes
    "null-word": "NULL",
    "quote": "'",
    "double-quote": '"',
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PROPERTY_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def valid_id(value: str) -> bool:
    """True when the model accepts ``value`` as a node id (see ``graph.model.check_id``)."""
    return bool(value.strip()) and len(value) <= MAX_ID_LENGTH and not _CONTROL.search(value)


def hostile_params(
    select: Callable[[str], bool] = lambda _: True,
) -> list[Any]:
    return [pytest.param(value, id=label) for label, value in HOSTILE.items() if select(value)]


def test_the_hostile_strings_are_what_the_sweep_needs() -> None:
    """Every value is kept as given by the model (no surrounding blanks, no NUL), so any
    difference read back is the store's doing; some are not valid ids, to test refusals."""
    assert all(v == v.strip() and "\x00" not in v for v in HOSTILE.values())
    assert len(LONG) == 10_000
    assert {label for label, v in HOSTILE.items() if not valid_id(v)} == {
        "control-chars",
        "long-10k",
    }


# -- what "intact" means ---------------------------------------------------------------------


@dataclass(frozen=True)
class Contents:
    nodes: dict[str, Node]
    relationships: dict[RelKey, Relationship]


def contents(store: GraphStore) -> Contents:
    """Everything in the graph, every field of it."""
    nodes = {n.id: n for batch in store.iter_nodes() for n in batch}
    rels = {r.key: r for batch in store.iter_relationships() for r in batch}
    return Contents(nodes, rels)


def passage(excerpt: str, origin: str = "minutes.docx", locator: str = "1") -> Source:
    return Source(kind=SourceKind.PASSAGE, origin=origin, locator=locator, excerpt=excerpt)


# -- (a) hostile data is stored and read back byte for byte ----------------------------------


@pytest.mark.parametrize("value", hostile_params())
def test_hostile_data_round_trips_in_every_field(loaded: GraphStore, value: str) -> None:
    before = contents(loaded)
    person_id = value if valid_id(value) else "hostile-person"
    place_id = f"place:{value}" if valid_id(f"place:{value}") else "hostile-place"
    source = Source(kind=SourceKind.PASSAGE, origin=value, locator=value, excerpt=value, run=value)
    place = Node(id=place_id, kind=NodeKind.PLACE, name=value)
    person = Node(
        id=person_id,
        kind=NodeKind.PERSON,
        name=value,
        aliases=(value,),
        place=place_id,
        description=value,
        url=f"https://example.org/?q={value[:200]}",
        visibility=Visibility.PUBLIC,
        properties={"note": value, "tags": [value, None, 1]},
        sources=(source,),
    )
    tie = Relationship(
        source=person_id,
        type=RelType.KNOWS,
        target="ada",
        role=value,
        properties={"note": value},
        sources=(source,),
    )
    loaded.upsert_nodes([place, person])
    loaded.upsert_relationships([tie])

    [got] = loaded.get_nodes([person_id])
    assert got == person
    assert (got.id, got.name, got.aliases, got.description) == (person_id, value, (value,), value)
    assert got.properties["note"] == value
    assert got.sources[0].excerpt == value and got.sources[0].origin == value
    assert loaded.node_kinds([person_id, place_id]) == {
        person_id: NodeKind.PERSON,
        place_id: NodeKind.PLACE,
    }
    [stored_tie] = loaded.get_relationships([tie.key])
    assert stored_tie == tie and stored_tie.role == value
    [neighbour] = loaded.neighbours([person_id])
    assert neighbour.node.id == "ada" and neighbour.relationship.role == value

    graph = loaded.to_networkx(
        GraphFilter(
            ids=frozenset({person_id, "ada"}), properties=frozenset({"note"}), with_sources=True
        )
    )
    assert graph.nodes[person_id]["name"] == value
    assert graph.nodes[person_id]["note"] == value
    assert graph.nodes[person_id]["sources"] == (source.id,)
    assert [d["role"] for _, _, d in graph.edges(data=True)] == [value]

    # Deleting by the hostile ids removes exactly what was added.
    summary = loaded.delete_nodes([person_id, place_id])
    assert (summary.nodes, summary.relationships) == (2, 1)
    assert contents(loaded) == before


def test_hostile_but_valid_property_names_round_trip(store: GraphStore) -> None:
    """Property names are keys, not text: only letters, digits and ``_``; these pass that
    rule while meaning something to SQL, Cypher or JavaScript."""
    keys = ["_", "NULL", "DETACH", "SELECT", "__proto__", "constructor", "id_", "prop", "a" * 64]
    props = {k: HOSTILE["sql-drop"] for k in keys}
    store.upsert_nodes([Node(id="keys", kind=NodeKind.ORGANISATION, name="K", properties=props)])
    [got] = store.get_nodes(["keys"])
    assert got.properties == props
    graph = store.to_networkx(GraphFilter(properties=frozenset(keys)))
    assert {k: graph.nodes["keys"][k] for k in keys} == props


@pytest.mark.parametrize("value", hostile_params())
def test_hostile_record_fields_round_trip_and_leave_the_graph_alone(
    loaded: GraphStore, value: str
) -> None:
    before, version = contents(loaded), loaded.version()
    other = value if valid_id(value) else "hostile-person"

    entry = loaded.record_audit(
        AuditEntry(
            action=Action.UPSERT,
            actor=value,
            summary=value,
            targets=(value,),
            reason=value,
            detail={value: value, "list": [value]},
        )
    )
    assert entry.seq is not None
    assert loaded.audit_log(limit=1, after=entry.seq - 1) == [entry]

    run = LoadRun(
        id=value,
        inputs=(value,),
        started=utc_now(),
        outcome=RunOutcome.REJECTED,
        finished=utc_now(),
        counts={"nodes": {value: 1}},
        actor=value,
        message=value,
    )
    loaded.record_run(run)
    assert [r for r in loaded.load_runs(limit=1000) if r.id == value] == [run]

    made = Introduction(a=other, b="ada", by="bob", note=value, actor=value)
    loaded.record_introduction(made)
    [found] = [i for i in loaded.introductions() if i.pair == made.pair]
    assert found == made and found.note == value and found.actor == value

    assert loaded.version() == version
    assert contents(loaded) == before


# -- (b) vocabulary and keys refuse hostile words, naming the field --------------------------


def _refusals(store: GraphStore, value: str) -> Iterator[tuple[str, Callable[[], object]]]:
    """(field, attempt) for every place only vocabulary, a key or a date is allowed."""
    word: Any = value
    yield "kind", lambda: store.upsert_nodes([Node(id="x", kind=word, name="X")])
    yield (
        "scale",
        lambda: store.upsert_nodes([Node(id="x", kind=NodeKind.PERSON, name="X", scale=word)]),
    )
    yield (
        "visibility",
        lambda: store.upsert_nodes([Node(id="x", kind=NodeKind.PERSON, name="X", visibility=word)]),
    )
    yield (
        "url",
        lambda: store.upsert_nodes([Node(id="x", kind=NodeKind.PERSON, name="X", url=word)]),
    )
    if not _PROPERTY_KEY.match(value):
        yield (
            "properties",
            lambda: store.upsert_nodes(
                [Node(id="x", kind=NodeKind.PERSON, name="X", properties={word: 1})]
            ),
        )
        yield (
            "properties",
            lambda: store.upsert_relationships(
                [Relationship("ada", RelType.KNOWS, "bob", properties={word: 1})]
            ),
        )
    yield (
        "source.kind",
        lambda: store.upsert_nodes(
            [Node(id="x", kind=NodeKind.PERSON, name="X", sources=(Source(kind=word, origin="o"),))]
        ),
    )
    yield "type", lambda: store.upsert_relationships([Relationship("ada", word, "bob")])
    yield (
        "since",
        lambda: store.upsert_relationships([Relationship("ada", RelType.KNOWS, "bob", since=word)]),
    )
    yield (
        "until",
        lambda: store.upsert_relationships([Relationship("ada", RelType.KNOWS, "bob", until=word)]),
    )
    yield (
        "weight",
        lambda: store.upsert_relationships(
            [Relationship("ada", RelType.KNOWS, "bob", weight=word)]
        ),
    )
    # A raw key reaching the store is canonicalised there, which checks its type.
    yield "type", lambda: store.get_relationships([RelKey("ada", word, "bob")])
    yield "type", lambda: store.delete_relationships([RelKey("ada", word, "bob")])
    yield "type", lambda: RelKey.of("ada", word, "bob")
    yield "made_on", lambda: store.record_introduction(Introduction("ada", "bob", made_on=word))
    yield "after", lambda: store.find_nodes(NodeQuery(after=word))


@pytest.mark.parametrize("value", hostile_params())
def test_hostile_words_are_refused_where_only_vocabulary_is_allowed(
    loaded: GraphStore, value: str
) -> None:
    before, version = contents(loaded), loaded.version()
    introductions = loaded.introductions()
    for field, attempt in _refusals(loaded, value):
        with pytest.raises(InvalidData) as refused:
            attempt()
        fields = [p.field for p in refused.value.problems]
        assert field in fields, (field, fields)
    assert loaded.version() == version
    assert loaded.introductions() == introductions
    assert contents(loaded) == before


@pytest.mark.parametrize("value", hostile_params(lambda v: not valid_id(v)))
def test_ids_that_are_not_ids_are_refused_naming_the_field(loaded: GraphStore, value: str) -> None:
    before = contents(loaded)
    attempts: list[tuple[str, Callable[[], object]]] = [
        ("id", lambda: loaded.upsert_nodes([Node(id=value, kind=NodeKind.PERSON, name="X")])),
        (
            "place",
            lambda: loaded.upsert_nodes(
                [Node(id="x", kind=NodeKind.PERSON, name="X", place=value)]
            ),
        ),
        (
            "source",
            lambda: loaded.upsert_relationships([Relationship(value, RelType.KNOWS, "ada")]),
        ),
        (
            "target",
            lambda: loaded.upsert_relationships([Relationship("ada", RelType.KNOWS, value)]),
        ),
        ("a", lambda: loaded.record_introduction(Introduction(a=value, b="ada"))),
        ("b", lambda: loaded.record_introduction(Introduction(a="ada", b=value))),
        ("by", lambda: loaded.record_introduction(Introduction(a="ada", b="bob", by=value))),
    ]
    for field, attempt in attempts:
        with pytest.raises(InvalidData) as refused:
            attempt()
        assert field in [p.field for p in refused.value.problems]
    assert contents(loaded) == before


FILTER_ENTRY_POINTS: list[tuple[str, Callable[[GraphStore, Any], object]]] = [
    ("kinds", lambda s, w: s.find_nodes(NodeQuery(kinds=frozenset({w})))),
    ("scales", lambda s, w: s.find_nodes(NodeQuery(scales=frozenset({w})))),
    ("types", lambda s, w: s.neighbours(["ada"], types=frozenset({w}))),
    ("kinds", lambda s, w: s.neighbours(["ada"], kinds=frozenset({w}))),
    ("kinds", lambda s, w: s.to_networkx(GraphFilter(kinds=frozenset({w})))),
    ("types", lambda s, w: s.to_networkx(GraphFilter(types=frozenset({w})))),
    ("scales", lambda s, w: s.to_networkx(GraphFilter(scales=frozenset({w})))),
    ("as_of", lambda s, w: s.to_networkx(GraphFilter(as_of=w))),
]


@pytest.mark.parametrize(
    ("field", "read"),
    [pytest.param(f, r, id=f"{i}-{f}") for i, (f, r) in enumerate(FILTER_ENTRY_POINTS)],
)
def test_read_filters_refuse_words_outside_the_vocabulary(
    loaded: GraphStore, field: str, read: Callable[[GraphStore, Any], object]
) -> None:
    before = contents(loaded)
    try:
        with pytest.raises(InvalidData) as refused:
            read(loaded, HOSTILE["cypher-match"])
        assert field in [p.field for p in refused.value.problems]
    finally:
        assert contents(loaded) == before


# -- (c) hostile ids find nothing, and change nothing ----------------------------------------


@pytest.mark.parametrize("value", hostile_params())
def test_hostile_ids_find_nothing_and_change_nothing(loaded: GraphStore, value: str) -> None:
    before = contents(loaded)
    assert loaded.get_nodes([value]) == []
    assert loaded.node_kinds([value]) == {}
    assert loaded.neighbours([value]) == []
    assert loaded.get_relationships([RelKey.of(value, RelType.KNOWS, "ada")]) == []
    assert loaded.tombstoned([value, id_key(value)]) == set()
    graph = loaded.to_networkx(GraphFilter(ids=frozenset({value})))
    assert graph.number_of_nodes() == 0
    # A property name nothing has copies nothing onto anything.
    plain = loaded.to_networkx()
    with_props = loaded.to_networkx(GraphFilter(properties=frozenset({value})))
    assert dict(with_props.nodes(data=True)) == dict(plain.nodes(data=True))

    deleted = loaded.delete_nodes([value])
    assert (deleted.nodes, deleted.relationships) == (0, 0)
    assert loaded.delete_relationships([RelKey.of(value, RelType.KNOWS, "ada")]).written == 0
    for attempt in (
        lambda: loaded.merge_nodes("ada", [value]),
        lambda: loaded.merge_nodes(value, ["ada"]),
        lambda: loaded.erase_person(value),
    ):
        with pytest.raises(InvalidData) as refused:
            attempt()
        assert [p.field for p in refused.value.problems] == ["id"]
    assert contents(loaded) == before


def test_merge_and_erase_by_hostile_ids_touch_only_those_nodes(loaded: GraphStore) -> None:
    before = contents(loaded)
    for label, value in HOSTILE.items():
        if not valid_id(value) or len(value) > 200:
            continue
        duplicate = f"{value}~dup"
        loaded.upsert_nodes(
            [
                Node(id=value, kind=NodeKind.PERSON, name=value),
                Node(id=duplicate, kind=NodeKind.PERSON, name=f"{value} (dup)"),
            ]
        )
        loaded.upsert_relationships([Relationship(duplicate, RelType.KNOWS, "ada")])

        merged = loaded.merge_nodes(value, [duplicate])
        assert (merged.kept, merged.merged, merged.relationships_moved) == (
            value,
            (duplicate,),
            1,
        ), label
        [kept] = loaded.get_nodes([value])
        assert kept.name == value and kept.aliases == (f"{value} (dup)",), label
        assert loaded.get_nodes([duplicate]) == [], label
        assert [n.node.id for n in loaded.neighbours([value])] == ["ada"], label

        erased = loaded.erase_person(value)
        assert erased.relationships == 1, label
        assert loaded.tombstoned([id_key(value)]) == {id_key(value)}, label
        assert contents(loaded) == before, label


# Stored sources are JSON text, which escapes a quote, a backslash or a control character:
# erasure must look for the name as it is written there, or it never finds the passage.


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(v, id=label)
        for label, v in HOSTILE.items()
        if len(v) >= 3
    ],
)
def test_erasure_scrubs_hostile_names_from_passages_and_nothing_else(
    loaded: GraphStore, name: str
) -> None:
    decoy = "the 100% _ * .* minutes of ? [meeting] with nobody named"
    loaded.upsert_nodes(
        [
            Node(id="victim", kind=NodeKind.PERSON, name=name),
            Node(
                id="report",
                kind=NodeKind.ORGANISATION,
                name="Report",
                sources=(passage(f"met {name} today"), passage(decoy, locator="2")),
            ),
        ]
    )
    before = contents(loaded)

    summary = loaded.erase_person("victim")
    [report] = loaded.get_nodes(["report"])
    assert [s.excerpt for s in report.sources] == [f"met {ERASED} today", decoy]
    assert summary.passages == 1
    after = contents(loaded)
    assert set(after.nodes) == set(before.nodes) - {"victim"}
    assert {k: v for k, v in after.nodes.items() if k != "report"} == {
        k: v for k, v in before.nodes.items() if k not in {"victim", "report"}
    }


def test_erasure_finds_names_written_in_another_case(store: GraphStore) -> None:
    store.upsert_nodes(
        [
            Node(id="zoe", kind=NodeKind.PERSON, name="Zo\u00eb Adams"),
            Node(
                id="report",
                kind=NodeKind.ORGANISATION,
                name="Report",
                sources=(passage("met ZO\u00cb ADAMS today"),),
            ),
        ]
    )
    store.erase_person("zoe")
    [report] = store.get_nodes(["report"])
    assert report.sources[0].excerpt == f"met {ERASED} today"


# -- (d) text search is a literal, case-insensitive substring --------------------------------


def _seed_hostile_names(store: GraphStore) -> list[Node]:
    nodes, rels = small_network()
    for i, value in enumerate(HOSTILE.values()):
        kind = NodeKind.PERSON if i % 2 else NodeKind.ORGANISATION
        nodes.append(Node(id=f"h{i:02d}", kind=kind, name=value, aliases=(f"aka {value[:200]}",)))
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return nodes


def _literal_matches(nodes: Iterable[Node], text: str) -> set[str]:
    """What the documentation promises: a case-insensitive substring of the name or an alias."""
    folded = text.casefold()
    return {n.id for n in nodes if any(folded in t.casefold() for t in (n.name, *n.aliases))}


def _all_pages(store: GraphStore, text: str, first: int) -> list[str]:
    found: list[str] = []
    after: str | None = None
    while True:
        page = store.find_nodes(NodeQuery(text=text, first=first, after=after))
        found += [n.id for n in page.items]
        if not page.has_next:
            return found
        after = page.end_cursor


def test_text_search_matches_hostile_text_literally(store: GraphStore) -> None:
    nodes = _seed_hostile_names(store)
    before = contents(store)
    for label, value in HOSTILE.items():
        expected = _literal_matches(nodes, value)
        assert f"h{list(HOSTILE).index(label):02d}" in expected, label
        found = [n.id for n in store.find_nodes(NodeQuery(text=value, first=1000)).items]
        assert sorted(found) == sorted(expected), label
        # Paging with cursors whose sort keys are the hostile names loses and repeats nothing.
        assert sorted(_all_pages(store, value, first=2)) == sorted(expected), label
    assert contents(store) == before


@pytest.mark.parametrize("wildcard", ["%", "_", "*", ".*", "?", "[", "%%", "_%_"])
def test_wildcards_in_search_text_are_not_wildcards(store: GraphStore, wildcard: str) -> None:
    nodes = _seed_hostile_names(store)
    found = {n.id for n in store.find_nodes(NodeQuery(text=wildcard, first=1000)).items}
    assert found == _literal_matches(nodes, wildcard)
    assert "ada" not in found and len(found) < len(nodes)
    for node_id in found:
        [node] = store.get_nodes([node_id])
        assert any(wildcard in t for t in (node.name, *node.aliases))


def test_look_alike_letters_do_not_match_the_letters_they_imitate(store: GraphStore) -> None:
    nodes = _seed_hostile_names(store)
    lookalike = f"h{list(HOSTILE).index('lookalikes'):02d}"

    def found(text: str) -> set[str]:
        return {n.id for n in store.find_nodes(NodeQuery(text=text, first=1000)).items}

    assert found("ada lovelace") == {"ada"}
    assert found(HOSTILE["lookalikes"]) == {lookalike}
    assert lookalike not in found("select") == _literal_matches(nodes, "select")
    assert found("lovelace") == {"ada"}


def test_search_text_does_not_match_across_name_and_alias(store: GraphStore) -> None:
    store.upsert_nodes([Node(id="a", kind=NodeKind.PERSON, name="Ada", aliases=("Bob",))])
    assert store.find_nodes(NodeQuery(text="ada\nbob")).items == []


# -- cursors ---------------------------------------------------------------------------------


def cursor_of(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode("ascii")


def test_well_formed_cursors_carrying_hostile_text_are_only_positions(
    store: GraphStore,
) -> None:
    nodes = _seed_hostile_names(store)
    before = contents(store)
    for label, value in HOSTILE.items():
        for forged in (cursor_of([value, value]), cursor_of([value.casefold(), ""])):
            page = store.find_nodes(NodeQuery(first=1000, after=forged))
            assert {n.id for n in page.items} <= {n.id for n in nodes}, label
    assert contents(store) == before


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param(cursor_of(["only one"]), id="one-item"),
        pytest.param(cursor_of([1, 2]), id="numbers"),
        pytest.param(cursor_of({"key": "x"}), id="one-key"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe").decode(), id="not-utf8"),
        pytest.param("Zm9v\u00e9", id="not-ascii"),
    ],
)
def test_malformed_cursors_are_invalid_data_naming_after(cursor: str) -> None:
    with pytest.raises(InvalidData) as refused:
        NodeQuery(after=cursor)
    assert [p.field for p in refused.value.problems] == ["after"]


def test_a_deeply_nested_cursor_is_invalid_data() -> None:
    with pytest.raises(InvalidData):
        NodeQuery(after=base64.urlsafe_b64encode(b"[" * 50_000).decode("ascii"))


# -- backups: a file name is a path, not URI text --------------------------------------------


@pytest.mark.parametrize("name", ["a?b.db", "a#b.db", "x%41y.db"])
def test_backups_to_file_names_with_uri_characters(
    sqlite_store: SQLiteStore, tmp_path: Path, name: str
) -> None:
    nodes, _ = small_network()
    sqlite_store.upsert_nodes(nodes)
    folder = tmp_path / "backups"
    folder.mkdir()
    try:
        snapshot = sqlite_store.backup(folder / name)
        assert snapshot.nodes == len(nodes)
    finally:
        assert os.listdir(folder) == [name]


def test_restore_reads_the_file_named_not_a_uri_prefix_of_it(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    sqlite_store.upsert_nodes([Node(id="old", kind=NodeKind.PERSON, name="Old")])
    sqlite_store.backup(tmp_path / "snap.db")
    sqlite_store.upsert_nodes([Node(id="new", kind=NodeKind.PERSON, name="New")])
    junk = tmp_path / "snap.db#junk"
    junk.write_bytes(b"not a database")
    with pytest.raises(StoreError):
        sqlite_store.restore(junk)
    assert [n.id for n in sqlite_store.get_nodes(["old", "new"])] == ["old", "new"]


# -- statements never carry caller text: at run time -----------------------------------------

CANARY = "zq9canary"
"""Part of every value below: it must reach the stores as parameters, never as statement text."""


def _canary_nodes() -> list[Node]:
    place = Node(id=f"place-{CANARY}", kind=NodeKind.PLACE, name=CANARY)
    people = [
        Node(
            id=f"{value}{CANARY}",
            kind=NodeKind.PERSON,
            name=f"{value[:9000]} {CANARY}",
            aliases=(f"{CANARY} {value[:100]}",),
            place=place.id,
            description=f"{CANARY}{value}",
            url=f"https://example.org/{CANARY}",
            properties={f"k_{CANARY}": f"{value}{CANARY}"},
            sources=(
                Source(
                    kind=SourceKind.PASSAGE,
                    origin=f"{CANARY}{value}",
                    locator=CANARY,
                    excerpt=f"{value} {CANARY}",
                    run=CANARY,
                ),
            ),
        )
        for value in HOSTILE.values()
        if valid_id(f"{value}{CANARY}")
    ]
    return [place, *people]


def _exercise(store: GraphStore, nodes: list[Node]) -> None:
    """Every store method, with canary-bearing values in each string argument."""
    people = [n for n in nodes if n.kind is NodeKind.PERSON]
    ids = [n.id for n in people]
    ties = [
        Relationship(
            source=a,
            type=RelType.KNOWS,
            target=b,
            role=f"{CANARY}{a}",
            properties={f"k_{CANARY}": CANARY},
            sources=people[0].sources,
        )
        for a, b in itertools.pairwise(ids)
    ]
    store.upsert_nodes(nodes)
    store.upsert_relationships(ties)
    store.get_nodes(ids)
    store.node_kinds(ids)
    store.get_relationships([t.key for t in ties])
    store.neighbours(ids)
    page = store.find_nodes(NodeQuery(text=CANARY, first=2))
    store.find_nodes(NodeQuery(text=CANARY, first=2, after=page.end_cursor))
    store.find_nodes(NodeQuery(after=cursor_of([f"{CANARY}'--", CANARY])))
    store.counts()
    store.counts(clearance=Visibility.PUBLIC)
    list(store.iter_nodes())
    list(store.iter_relationships())
    store.to_networkx(
        GraphFilter(
            ids=frozenset(ids),
            properties=frozenset({f"k_{CANARY}"}),
            with_sources=True,
            as_of=date(2020, 1, 1),
        )
    )
    store.tombstoned([CANARY])
    store.record_run(
        LoadRun(id=CANARY, inputs=(CANARY,), started=utc_now(), actor=CANARY, message=CANARY)
    )
    store.load_runs()
    store.record_introduction(Introduction(a=ids[0], b=ids[1], note=CANARY, actor=CANARY))
    store.introductions()
    store.record_audit(
        AuditEntry(
            action=Action.UPSERT, actor=CANARY, summary=CANARY, targets=(CANARY,), reason=CANARY
        )
    )
    store.audit_log()
    store.merge_nodes(ids[0], [ids[1]])
    store.erase_person(ids[0])
    store.delete_relationships([ties[-1].key])
    store.delete_nodes(ids[2:])


class _RecordingConnection:
    """A SQLite connection that notes every statement it is given, with its parameters."""

    def __init__(self, conn: sqlite3.Connection, sent: list[tuple[str, str]]) -> None:
        self._conn, self._sent = conn, sent

    def execute(self, statement: str, *args: Any) -> sqlite3.Cursor:
        self._sent.append((statement, repr(args)))
        return self._conn.execute(statement, *args)

    def executemany(self, statement: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        rows = list(rows)
        self._sent.append((statement, repr(rows)))
        return self._conn.executemany(statement, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


_MARKS = re.compile(r"\?(?:, \?)*")


def _sqlite_shapes() -> set[str]:
    """Every statement the SQLite store may run, with each run of placeholders as one ``?``:
    the constants of ``sqlite_sql`` and find_nodes' fixed fragments in their order."""
    constants: list[str] = []
    for value in vars(sqlite_sql).values():
        if isinstance(value, str):
            constants.append(value)
        elif isinstance(value, tuple):
            constants += [v for v in value if isinstance(v, str)]
    s = sqlite_sql
    optional = [s.FIND_KIND, s.FIND_SCALE, s.FIND_TEXT, s.FIND_AFTER]
    for mask in range(1 << len(optional)):
        picked = [f for i, f in enumerate(optional) if mask >> i & 1]
        constants.append(s.FIND_NODES + "".join(picked) + s.FIND_ORDER)
    shapes = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}
    for constant in constants:
        shape = constant
        for slot in ("{ids}", "{levels}", "{kinds}", "{scales}"):
            shape = shape.replace(slot, "?")
        shapes.add(_MARKS.sub("?", shape))
    return shapes


def test_sqlite_statements_never_contain_caller_text(
    sqlite_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, str]] = []
    real = sqlite_store._conn
    monkeypatch.setattr(sqlite_store, "_conn", lambda: _RecordingConnection(real(), sent))
    nodes = _canary_nodes()
    _exercise(sqlite_store, nodes)

    assert len(sent) > 50
    shapes = _sqlite_shapes()
    for statement, _ in sent:
        assert CANARY not in statement
        assert _MARKS.sub("?", statement) in shapes, statement
    # The values did arrive, as data.
    assert sum(CANARY in params for _, params in sent) > 20
    assert [n.name for n in sqlite_store.get_nodes([nodes[0].id])] == [CANARY]


def _neo4j_props(node: Node) -> dict[str, Any]:
    """What Neo4j would hold for a freshly written ``node`` (as ``n {.*}`` returns it)."""
    row = codec.node_row(node)
    props = {k: v for k, v in row.items() if k not in {"props", "default_visibility"}}
    props["visibility"] = row["visibility"] or row["default_visibility"]
    return {k: v for k, v in {**props, **row["props"]}.items() if v is not None}


def test_neo4j_statements_never_contain_caller_text() -> None:
    nodes = _canary_nodes()
    by_id = {n.id: n for n in nodes}
    driver = FakeDriver()
    driver.answers[cypher.NODE_KINDS] = lambda p: [
        {"id": i, "kind": by_id[i].kind.value} for i in p["ids"] if i in by_id
    ]
    driver.answers[cypher.GET_NODES] = lambda p: [
        {"node": _neo4j_props(by_id[i])} for i in p["ids"] if i in by_id
    ]
    driver.answers[cypher.APPEND_AUDIT] = lambda p: [{"seq": 1}]
    with Neo4jStore("neo4j://db.example:7687", driver=cast(Any, driver)) as store:
        _exercise(store, nodes)

    statements = set(cypher.all_statements().values())
    assert len(driver.sent) > 30
    for sent in driver.sent:
        assert CANARY not in sent.statement
        assert sent.statement in statements, sent.statement
    assert sum(CANARY in json.dumps(s.params, default=str) for s in driver.sent) > 20


# -- statements never carry caller text: in the source ---------------------------------------


class StatementTrace:
    """Traces the statement each call to a query sink runs back to where it was built.

    A statement is safe when it is a string literal, a constant of the statement modules
    (``sql.X``, ``cypher.X``, ``cypher.X[member]``), ``+`` or a conditional of safe ones, or a
    safe one's ``.format(...)`` whose every argument is a computed run of placeholders
    (``placeholders(n)`` or ``"?"``). A name is safe when everything bound to it is (loop
    targets over safe constants included); a parameter, when every call passes a safe value.
    """

    SINKS = frozenset({"execute", "executemany", "run", "execute_query"})
    MODULES = frozenset({"sql", "cypher"})

    def __init__(self, source: str) -> None:
        self.tree = ast.parse(source)
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions.setdefault(node.name, []).append(node)

    def problems(self) -> list[str]:
        found = []
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in self.SINKS
                and node.args
                and not self.safe(node.args[0], set())
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node)[:120]}")
        return found

    def _scopes(self, node: ast.AST) -> Iterator[ast.AST]:
        current: ast.AST | None = node
        while current is not None:
            current = self.parents.get(current)
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                yield current

    def safe(self, expr: ast.expr, seen: set[tuple[str, int]]) -> bool:
        if isinstance(expr, ast.Constant):
            return isinstance(expr.value, str)
        if isinstance(expr, ast.Attribute):
            return isinstance(expr.value, ast.Name) and expr.value.id in self.MODULES
        if isinstance(expr, ast.Subscript):
            return isinstance(expr.value, ast.Attribute) and self.safe(expr.value, seen)
        if isinstance(expr, ast.IfExp):
            return self.safe(expr.body, seen) and self.safe(expr.orelse, seen)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self.safe(expr.left, seen) and self.safe(expr.right, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            return (
                expr.func.attr == "format"
                and not expr.args
                and self.safe(expr.func.value, seen)
                and all(kw.arg and self.marks(kw.value) for kw in expr.keywords)
            )
        if isinstance(expr, ast.Name):
            return self._name_safe(expr, seen, self.safe)
        return False

    def marks(self, expr: ast.expr) -> bool:
        """A run of placeholders: ``placeholders(n)``, ``"?"``, or a name bound only to one."""
        if isinstance(expr, ast.Constant):
            return expr.value == "?"
        if isinstance(expr, ast.Call):
            func = expr.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            return bool(name == "placeholders")
        if isinstance(expr, ast.Name):
            return self._name_safe(expr, set(), lambda e, _: self.marks(e))
        return False

    def _name_safe(
        self,
        name: ast.Name,
        seen: set[tuple[str, int]],
        check: Callable[[ast.expr, set[tuple[str, int]]], bool],
    ) -> bool:
        key = (name.id, name.lineno)
        if key in seen:
            return True
        seen = seen | {key}
        for scope in self._scopes(name):
            values = list(self._bindings(scope, name.id))
            params: list[str] = []
            if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
                params = [
                    a.arg
                    for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)
                ]
                if name.id in params:
                    values += self._arguments(scope, params, name.id)
            if values or name.id in params:
                # The innermost scope binding the name decides (a parameter no call passes
                # anything safe to is unsafe).
                return bool(values) and all(v is not None and check(v, seen) for v in values)
        return False

    @staticmethod
    def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
        """The nodes of ``scope`` itself, not of the functions or classes defined in it."""
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            yield node
            if not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ):
                stack.extend(ast.iter_child_nodes(node))

    def _bindings(self, scope: ast.AST, name: str) -> Iterator[ast.expr | None]:
        for node in self._own_nodes(scope):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    yield node.value
            elif isinstance(node, ast.For):
                yield from self._loop_values(node.target, node.iter, name)

    def _loop_values(
        self, target: ast.expr, source: ast.expr, name: str
    ) -> Iterator[ast.expr | None]:
        if isinstance(target, ast.Name):
            if target.id == name:
                # Iterating a statement module's constant (a tuple of statements) is safe.
                yield source if isinstance(source, ast.Attribute) else None
            return
        if isinstance(target, ast.Tuple) and isinstance(source, ast.Tuple | ast.List):
            for position, element in enumerate(target.elts):
                if isinstance(element, ast.Name) and element.id == name:
                    for item in source.elts:
                        if isinstance(item, ast.Tuple) and len(item.elts) > position:
                            yield item.elts[position]
                        else:
                            yield None

    def _arguments(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str], name: str
    ) -> list[ast.expr | None]:
        """What every call of ``function`` in the module passes for parameter ``name``."""
        index = params.index(name)
        passed: list[ast.expr | None] = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called != function.name or called in self.SINKS:
                continue
            shift = 1 if isinstance(func, ast.Attribute) and params[:1] == ["self"] else 0
            keyword = [kw.value for kw in node.keywords if kw.arg == name]
            if keyword:
                passed.append(keyword[0])
            elif index - shift < len(node.args):
                passed.append(node.args[index - shift])
        return passed


@pytest.mark.parametrize("module", [sqlite_module, neo4j_module], ids=["sqlite", "neo4j"])
def test_every_statement_the_stores_run_is_built_from_constants(module: Any) -> None:
    trace = StatementTrace(Path(module.__file__).read_text(encoding="utf-8"))
    assert trace.problems() == []


def test_the_statement_trace_catches_caller_text() -> None:
    unsafe = """
def find(conn, text, ids, key):
    conn.execute(f"SELECT * FROM nodes WHERE name = '{text}'")
    conn.execute(sql.GET_NODES.format(ids=",".join(ids)))
    statement = sql.FIND_NODES
    statement += " AND name = " + text
    conn.execute(statement)
    conn.execute("SELECT %s" % text)
    tx.run(cypher.GET_NODES.replace("n.id", key))
    lookup(conn, text)

def lookup(conn, statement):
    conn.execute(statement.format(ids=sql.placeholders(3)))
"""
    assert len(StatementTrace(unsafe).problems()) == 6
