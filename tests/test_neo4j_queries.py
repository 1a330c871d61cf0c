"""The Neo4j store's queries, checked without a server through a recording fake driver.

Each test says which named statement a store method sends, with what routing and parameters,
in which transaction, and what the store makes of the records that come back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from factories import node, rel, row_source
from neo4j_fake import FakeDriver, Sent

from graph.errors import InvalidData
from graph.model import Node, RelKey, Source
from graph.store import cypher
from graph.store import neo4j_codec as codec
from graph.store.base import GraphFilter, NodeQuery, encode_cursor
from graph.store.neo4j import Neo4jStore
from graph.vocabulary import NodeKind, RelType, Scale, SourceKind, Visibility

READ, WRITE = "r", "w"
HOSTILE = "x'}) DETACH DELETE n //"


@pytest.fixture
def driver() -> FakeDriver:
    return FakeDriver()


@pytest.fixture
def store(driver: FakeDriver) -> Iterator[Neo4jStore]:
    with Neo4jStore("neo4j://db.example:7687", database="convene", driver=driver) as s:
        yield s


def stored(n: Node) -> dict[str, Any]:
    """What Neo4j would hold for a freshly written ``n`` (as ``n {.*}`` returns it)."""
    row = codec.node_row(n)
    props = {k: v for k, v in row.items() if k not in {"props", "default_visibility"}}
    props["visibility"] = row["visibility"] or row["default_visibility"]
    props["search"] = "\n".join([row["sort_key"], *row["alias_keys"]])
    return {k: v for k, v in {**props, **row["props"]}.items() if v is not None}


def stored_rel(r: Any) -> dict[str, Any]:
    row = codec.rel_row(r)
    props = {k: v for k, v in row.items() if k not in {"props", "source", "target"}}
    return {k: v for k, v in {**props, **row["props"]}.items() if v is not None}


def kinds_answer(known: dict[str, str]) -> Any:
    return lambda p: [{"id": i, "kind": known[i]} for i in p["ids"] if i in known]


# -- statement text --------------------------------------------------------------------------

FORBIDDEN = {
    "APOC": re.compile(r"\bapoc\.", re.I),
    "GDS": re.compile(r"\bgds\.", re.I),
    "dynamic labels (5.26)": re.compile(r"\$\("),
    "COLLECT subquery (5.6)": re.compile(r"\bCOLLECT\s*\{", re.I),
    "COUNT subquery (5.3)": re.compile(r"\bCOUNT\s*\{", re.I),
    "CALL in transactions (needs an auto-commit transaction)": re.compile(
        r"\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b", re.I
    ),
    "scoped CALL subquery (5.23)": re.compile(r"\bCALL\s*\([^)]*\)\s*\{", re.I),
    "relationship key constraint (Enterprise)": re.compile(r"IS\s+RELATIONSHIP\s+KEY", re.I),
    "node key constraint (Enterprise)": re.compile(r"IS\s+NODE\s+KEY", re.I),
    "property type constraint (5.9)": re.compile(r"IS\s*(::|TYPED)", re.I),
    "Cypher version prefix (2025)": re.compile(r"^\s*CYPHER\s+\d", re.I),
    "FINISH (5.19)": re.compile(r"\bFINISH\b", re.I),
    "FILTER / LET (2025)": re.compile(r"^\s*(FILTER|LET)\b", re.I | re.M),
    "dynamic property SET (5.26)": re.compile(r"\bSET\s+\w+\[", re.I),
    "vector index (5.11)": re.compile(r"VECTOR\s+INDEX", re.I),
}

# A label or type: a colon right after a variable, "(" or "[" and right before the name (map
# entries, ``key: value``, have a space after the colon in these statements).
LABEL = re.compile(r"(?<=[\w(\[]):`?([A-Za-z_]\w*)`?(?=[\s{),|\]])")


def test_every_statement_is_free_of_constructs_newer_than_neo4j_5_0() -> None:
    statements = cypher.all_statements()
    assert len(statements) > 40
    found = [
        f"{name}: {what}"
        for name, text in statements.items()
        for what, pattern in FORBIDDEN.items()
        if pattern.search(text)
    ]
    assert found == []


def test_the_forbidden_construct_scan_can_fail() -> None:
    assert FORBIDDEN["APOC"].search("CALL apoc.periodic.iterate('x')")
    assert FORBIDDEN["dynamic labels (5.26)"].search("SET n:$(row.kind)")
    assert FORBIDDEN["COLLECT subquery (5.6)"].search("RETURN COLLECT { MATCH (n) RETURN n }")
    assert LABEL.findall("MATCH (n:Secret)-[:LEAKS]->(m:Node {id: $id})") == [
        "Secret", "LEAKS", "Node",
    ]


def test_every_label_and_type_in_a_statement_comes_from_the_vocabulary() -> None:
    allowed = {k.value for k in NodeKind} | {t.value for t in RelType} | cypher.INTERNAL_LABELS
    used = {name for text in cypher.all_statements().values() for name in LABEL.findall(text)}
    assert used - allowed == set()
    assert {k.value for k in NodeKind} <= used
    assert {t.value for t in RelType} <= used


def test_per_kind_and_per_type_statements_name_only_their_own_label_or_type() -> None:
    for kind, text in cypher.UPSERT_NODES.items():
        assert set(LABEL.findall(text)) == {cypher.NODE, kind.value}
    for table in (cypher.UPSERT_RELS, cypher.DELETE_RELS, cypher.GET_RELS, cypher.COUNT_TYPE):
        for rel_type, text in table.items():
            assert set(LABEL.findall(text)) - {cypher.NODE} == {rel_type.value}


def test_statements_carry_no_values_only_parameters() -> None:
    # The only literals allowed: the meta node's key, the search separator, true, 0, 1.
    literal = re.compile(r"'[^']*'|\"[^\"]*\"")
    for name, text in cypher.all_statements().items():
        assert set(literal.findall(text)) <= {"'graph'", "'\\n'"}, name


# -- lifecycle ---------------------------------------------------------------------------------


def test_create_schema_checks_the_server_then_creates_constraints_indexes_and_meta(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.create_schema()
    assert driver.statements() == [
        cypher.PING, *cypher.SCHEMA, cypher.AWAIT_INDEXES, cypher.INIT_META,
    ]
    assert [s.routing for s in driver.sent] == [READ] + [WRITE] * (len(cypher.SCHEMA) + 2)
    assert driver.sent[-1].params == {"schema": cypher.SCHEMA_VERSION}
    assert set(driver.databases) == {"convene"}


def test_schema_has_the_id_constraint_and_an_index_for_every_lookup() -> None:
    schema = "\n".join(cypher.SCHEMA)
    assert "FOR (n:Node) REQUIRE n.id IS UNIQUE" in schema
    for prop in ("sort_key", "kind", "scale", "visibility"):
        assert f"ON (n.{prop})" in schema
    assert "TEXT INDEX" in schema and "ON (n.search)" in schema
    assert all("IF NOT EXISTS" in s for s in cypher.SCHEMA)


def test_a_store_written_by_a_newer_convene_is_refused(driver: FakeDriver) -> None:
    driver.answers[cypher.INIT_META] = lambda p: [{"version": 3, "schema": 99}]
    store = Neo4jStore("neo4j://db.example:7687", driver=driver)
    with pytest.raises(Exception, match="newer Convene"):
        store.create_schema()


def test_version_is_read_with_read_routing(store: Neo4jStore, driver: FakeDriver) -> None:
    driver.version = 41
    assert store.version() == 41
    assert [(s.statement, s.routing) for s in driver.sent] == [(cypher.GET_VERSION, READ)]


def test_clear_deletes_in_slices_each_raising_the_version(
    store: Neo4jStore, driver: FakeDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graph.store.neo4j.CLEAR_BATCH_SIZE", 2)
    left = [5]

    def delete(params: dict[str, Any]) -> list[dict[str, Any]]:
        removed = min(params["limit"], left[0])
        left[0] -= removed
        return [{"removed": removed}]

    driver.answers[cypher.CLEAR_BATCH] = delete
    assert store.clear() == 3
    for tx in driver.write_transactions():
        assert [s.statement for s in tx] == [cypher.CLEAR_BATCH, cypher.BUMP_VERSION]
    assert len(driver.write_transactions()) == 3


def test_close_closes_the_driver_and_a_closed_store_refuses_work(
    driver: FakeDriver,
) -> None:
    store = Neo4jStore("neo4j://db.example:7687", driver=driver)
    store.close()
    assert driver.closed
    with pytest.raises(Exception, match="closed"):
        store.version()


# -- node writes -------------------------------------------------------------------------------


def test_nodes_go_in_unwind_batches_of_the_requested_size_each_in_one_transaction(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    seen: list[int] = []
    summary = store.upsert_nodes((node(f"p{i}") for i in range(7)), batch_size=3,
                                 progress=seen.append)
    assert seen == [3, 3, 1]
    txs = driver.write_transactions()
    assert len(txs) == 3
    for tx, size in zip(txs, [3, 3, 1], strict=True):
        # Read the stored kinds, write, raise the version: all in the same transaction.
        assert [s.statement for s in tx] == [
            cypher.NODE_KINDS, cypher.UPSERT_NODES[NodeKind.PERSON], cypher.BUMP_VERSION,
        ]
        assert {s.routing for s in tx} == {WRITE}
        assert len(tx[1].params["rows"]) == size
        assert tx[1].statement.lstrip().startswith("UNWIND $rows AS row")
    assert all(t.outcome == "committed" for t in driver.transactions)
    assert summary.written == 7
    assert summary.version == 3


def test_a_mixed_batch_sends_one_statement_per_kind_in_the_same_transaction(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.upsert_nodes([node("a"), node("f", NodeKind.FORUM, "F"), node("b"),
                        node("mh", NodeKind.INTEREST, "Mental health")])
    [tx] = driver.write_transactions()
    writes = {s.statement: [r["id"] for r in s.params["rows"]] for s in tx[1:-1]}
    assert writes == {
        cypher.UPSERT_NODES[NodeKind.PERSON]: ["a", "b"],
        cypher.UPSERT_NODES[NodeKind.FORUM]: ["f"],
        cypher.UPSERT_NODES[NodeKind.INTEREST]: ["mh"],
    }
    assert tx[-1].statement == cypher.BUMP_VERSION


def test_node_rows_carry_every_field_as_parameters(store: Neo4jStore, driver: FakeDriver) -> None:
    loaded = datetime(2024, 5, 1, tzinfo=UTC)
    store.upsert_nodes([node(
        "ada", name="Ada LOVELACE", aliases=("Countess", "AL"), scale="local", place="dorset",
        description="Connector", url="https://example.org/ada",
        properties={"tags": ["a", 1, None, True], "none": None, "ratio": 1.0, "n": 3},
        sources=(Source(kind=SourceKind.ROW, origin="p.csv", locator="2", loaded_at=loaded),),
    )])
    [row] = driver.write_transactions()[0][1].params["rows"]
    assert row["id"] == "ada"
    assert row["kind"] == "Person"
    assert row["sort_key"] == "ada lovelace"
    assert row["aliases"] == ["Countess", "AL"]
    assert row["alias_keys"] == ["countess", "al"]
    assert row["visibility"] is None
    assert row["default_visibility"] == "internal"
    assert row["props"] == {
        "prop.tags": '["a",1,null,true]', "prop.none": "null", "prop.ratio": "1.0", "prop.n": "3",
    }
    assert row["source_ids"] == ["row:p.csv#2"]
    assert row["sources"][0].startswith('{"id":"row:p.csv#2"')


def test_an_injection_attempt_in_an_id_travels_only_as_a_parameter(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.upsert_nodes([node(HOSTILE, name=HOSTILE)])
    store.get_nodes([HOSTILE])
    store.delete_nodes([HOSTILE])
    store.neighbours([HOSTILE])
    store.find_nodes(NodeQuery(text=HOSTILE))
    assert driver.sent
    for sent in driver.sent:
        assert HOSTILE not in sent.statement
        assert sent.statement in cypher.all_statements().values()
    assert any(HOSTILE in repr(s.params) for s in driver.sent if s.statement != cypher.BUMP_VERSION)


def test_a_kind_conflict_refuses_the_batch_before_any_write(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer({"nhse": "Organisation"})
    with pytest.raises(InvalidData) as caught:
        store.upsert_nodes([node("ada"), node("nhse", NodeKind.PERSON, "NHS England")])
    [problem] = caught.value.problems
    assert (problem.field, problem.value) == ("kind", "Person")
    assert driver.statements() == [cypher.NODE_KINDS]
    assert driver.sent[0].params == {"ids": ["ada", "nhse"]}
    assert driver.transactions[-1].outcome == "rolled back"


def test_a_kind_conflict_inside_one_batch_is_refused_before_any_write(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    with pytest.raises(InvalidData):
        store.upsert_nodes([node("x"), node("x", NodeKind.FORUM, "X")])
    assert driver.statements() == [cypher.NODE_KINDS]


def test_records_of_one_id_in_a_batch_fold_into_one_row_by_the_merge_rules(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    store.upsert_nodes([
        node("ada", name="Ada", scale="local", aliases=("A",), properties={"x": 1, "y": 2},
             sources=(row_source(row=2, run="r1"),), visibility="restricted"),
        node("ada", name="Ada Lovelace", aliases=("AL", "A"), properties={"y": 3},
             sources=(row_source(row=9), row_source(row=2, run="r2"))),
    ])
    [row] = driver.write_transactions()[0][1].params["rows"]
    assert row["name"] == "Ada Lovelace"
    assert row["scale"] == "local"
    assert row["visibility"] == "restricted"
    assert row["aliases"] == ["A", "AL"]
    assert row["props"] == {"prop.x": "1", "prop.y": "3"}
    assert row["source_ids"] == ["row:people.csv#2", "row:people.csv#9"]
    assert '"run":"r2"' in row["sources"][0]


# -- relationship writes -----------------------------------------------------------------------


def test_relationships_are_checked_against_stored_kinds_then_merged_per_type(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer(
        {"ada": "Person", "bob": "Person", "trust": "Organisation"}
    )
    store.upsert_relationships([
        rel("bob", "KNOWS", "ada", since="2014-06"),
        rel("ada", "WORKS_FOR", "trust", role="Nurse", weight=0.0, properties={"fte": 1}),
    ], batch_size=10)
    [tx] = driver.write_transactions()
    assert [s.statement for s in tx] == [
        cypher.NODE_KINDS, cypher.UPSERT_RELS[RelType.KNOWS],
        cypher.UPSERT_RELS[RelType.WORKS_FOR], cypher.BUMP_VERSION,
    ]
    assert sorted(tx[0].params["ids"]) == ["ada", "bob", "trust"]
    [knows] = tx[1].params["rows"]
    assert (knows["source"], knows["target"], knows["since"]) == ("ada", "bob", "2014-06-01")
    [works] = tx[2].params["rows"]
    assert (works["role"], works["weight"], works["props"]) == ("Nurse", 0.0, {"prop.fte": "1"})


def test_relationship_batches_have_the_requested_size(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    ids = {f"p{i}": "Person" for i in range(6)}
    driver.answers[cypher.NODE_KINDS] = kinds_answer(ids)
    rels = [rel("p0", "KNOWS", f"p{i}") for i in range(1, 6)]
    store.upsert_relationships(rels, batch_size=2)
    sizes = [len(tx[1].params["rows"]) for tx in driver.write_transactions()]
    assert sizes == [2, 2, 1]
    assert all(tx[-1].statement == cypher.BUMP_VERSION for tx in driver.write_transactions())


def test_missing_endpoints_and_wrong_kinds_refuse_the_batch_before_any_write(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer({"ada": "Person", "bob": "Person"})
    with pytest.raises(InvalidData) as caught:
        store.upsert_relationships([
            rel("ada", "KNOWS", "ghost"),
            rel("ada", "WORKS_FOR", "bob"),
            rel("ada", "KNOWS", "bob"),
        ])
    found = [(p.field, p.value) for p in caught.value.problems]
    assert found == [("target", "ghost"), ("type", "WORKS_FOR")]
    assert driver.statements() == [cypher.NODE_KINDS]
    assert driver.transactions[-1].outcome == "rolled back"


def test_an_endpoint_deleted_under_the_batch_rolls_it_back(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer({"ada": "Person", "bob": "Person"})
    driver.answers[cypher.UPSERT_RELS[RelType.KNOWS]] = lambda p: [{"written": 0}]
    with pytest.raises(Exception, match="deleted while the batch was written"):
        store.upsert_relationships([rel("ada", "KNOWS", "bob")])
    assert cypher.BUMP_VERSION not in driver.statements()
    assert driver.transactions[-1].outcome == "rolled back"


def test_delete_relationships_canonicalises_dedupes_and_counts(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.DELETE_RELS[RelType.KNOWS]] = lambda p: [{"removed": len(p["rows"])}]
    summary = store.delete_relationships([
        RelKey.of("bob", RelType.KNOWS, "ada"),
        RelKey("bob", RelType.KNOWS, "ada"),
        RelKey("ada", RelType.CONVENES, "forum"),
    ])
    [tx] = driver.write_transactions()
    assert [s.statement for s in tx] == [
        cypher.DELETE_RELS[RelType.KNOWS], cypher.DELETE_RELS[RelType.CONVENES],
        cypher.BUMP_VERSION,
    ]
    assert tx[0].params == {"rows": [{"source": "ada", "target": "bob"}]}
    assert summary.written == 1
    assert summary.version == 1


def test_delete_nodes_removes_relationships_then_nodes_in_one_transaction(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.DELETE_NODE_RELS] = lambda p: [{"removed": 4}]
    driver.answers[cypher.DELETE_NODES] = lambda p: [{"removed": 2}]
    summary = store.delete_nodes(["a", "b", "a"])
    [tx] = driver.write_transactions()
    assert [s.statement for s in tx] == [
        cypher.DELETE_NODE_RELS, cypher.DELETE_NODES, cypher.BUMP_VERSION,
    ]
    assert tx[0].params == {"ids": ["a", "b"]}
    assert (summary.nodes, summary.relationships, summary.version) == (2, 4, 1)


# -- reads -------------------------------------------------------------------------------------


def test_get_nodes_reads_with_read_routing_and_keeps_the_order_asked(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    nodes = [node("a", visibility="public"), node("b"), node("c", visibility="restricted")]
    driver.answers[cypher.GET_NODES] = lambda p: [
        {"node": stored(n)} for n in reversed(nodes) if n.id in p["ids"]
    ]
    got = store.get_nodes(["c", "zzz", "a", "b"], clearance=Visibility.INTERNAL)
    # The server filters by level; the store filters again, so a wrong answer cannot leak.
    assert [n.id for n in got] == ["a", "b"]
    [sent] = driver.sent
    assert (sent.statement, sent.routing) == (cypher.GET_NODES, READ)
    assert sent.params == {"ids": ["c", "zzz", "a", "b"], "levels": ["public", "internal"]}


def test_stored_nodes_read_back_exactly_with_every_kind_of_property(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    written = node(
        "ada", name="Ada Lovelace", aliases=("Ada", "A. Lovelace"), scale="local",
        place="dorset", description="Connector", url="https://example.org/ada",
        visibility="public",
        properties={"ok": True, "tags": ["a", 2, 2.5, None, False], "age": 36, "x": None,
                    "big": 2**62, "f": 1.0, "text": "é\n\"q\""},
        sources=(row_source(), Source(kind="passage", origin="d.txt", excerpt="hi")),
    )
    driver.answers[cypher.GET_NODES] = lambda p: [{"node": stored(written)}]
    [read] = store.get_nodes(["ada"])
    assert read.to_dict() == written.to_dict()
    assert read.scale is Scale.LOCAL
    assert type(read.properties["f"]) is float
    assert type(read.properties["age"]) is int


def test_node_kinds_reads_ids_once_each(store: Neo4jStore, driver: FakeDriver) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer({"a": "Person", "f": "Forum"})
    assert store.node_kinds(["a", "f", "nope", "a"]) == {"a": NodeKind.PERSON, "f": NodeKind.FORUM}
    [sent] = driver.sent
    assert sent.routing == READ
    assert sorted(sent.params["ids"]) == ["a", "f", "nope"]


def test_get_relationships_reads_each_type_in_one_read_transaction(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    knows = rel("ada", "KNOWS", "bob", since="2014-06-26", sources=(row_source(),))
    driver.answers[cypher.GET_RELS[RelType.KNOWS]] = lambda p: [
        {"source": "ada", "target": "bob", "rel": stored_rel(knows)}
    ]
    got = store.get_relationships([
        RelKey.of("bob", RelType.KNOWS, "ada"), RelKey("a", RelType.PART_OF, "b"),
        RelKey.of("ada", RelType.KNOWS, "bob"),
    ], clearance=Visibility.INTERNAL)
    assert [r.to_dict() for r in got] == [knows.to_dict(), knows.to_dict()]
    assert {(s.statement, s.routing) for s in driver.sent} == {
        (cypher.GET_RELS[RelType.KNOWS], READ), (cypher.GET_RELS[RelType.PART_OF], READ),
    }
    assert len({s.tx for s in driver.sent}) == 1
    knows_sent = next(s for s in driver.sent if s.statement == cypher.GET_RELS[RelType.KNOWS])
    assert knows_sent.params == {
        "rows": [{"source": "ada", "target": "bob"}], "levels": ["public", "internal"],
    }


def test_find_nodes_sends_filters_and_cursor_as_parameters(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    page = [node(f"p{i}", name=f"Name {i}") for i in range(3)]
    driver.answers[cypher.FIND_NODES] = lambda p: [{"node": stored(n)} for n in page]
    after = encode_cursor(node("zed", name="Émile"))
    result = store.find_nodes(NodeQuery(
        kinds=frozenset({NodeKind.PERSON, NodeKind.FORUM}), scales=frozenset({Scale.LOCAL}),
        text="StraSSe", clearance=Visibility.PUBLIC, first=2, after=after,
    ))
    [sent] = driver.sent
    assert (sent.statement, sent.routing) == (cypher.FIND_NODES, READ)
    assert sent.params == {
        "levels": ["public"], "kinds": ["Forum", "Person"], "scales": ["local"],
        "text": "strasse", "after_key": "émile", "after_id": "zed", "limit": 3,
    }
    assert [n.id for n in result.items] == ["p0", "p1"]
    assert result.has_next
    assert result.end_cursor == encode_cursor(page[1])


def test_find_nodes_without_filters_sends_nulls_and_an_empty_cursor(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    result = store.find_nodes(NodeQuery(first=5))
    [sent] = driver.sent
    assert sent.params == {
        "levels": ["public", "internal", "restricted"], "kinds": None, "scales": None,
        "text": None, "after_key": "", "after_id": "", "limit": 6,
    }
    assert (result.items, result.end_cursor, result.has_next) == ([], None, False)


def test_neighbours_builds_each_relationship_the_right_way_round_in_order(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    ada, bob, trust = node("ada"), node("bob"), node("trust", NodeKind.ORGANISATION, "Trust")
    driver.answers[cypher.NEIGHBOURS] = lambda p: [
        {"origin": "bob", "type": "KNOWS", "outgoing": False, "rel": {}, "node": stored(ada)},
        {"origin": "ada", "type": "WORKS_FOR", "outgoing": True, "rel": {"role": "Nurse"},
         "node": stored(trust)},
        {"origin": "ada", "type": "KNOWS", "outgoing": True, "rel": {}, "node": stored(bob)},
    ]
    found = store.neighbours(["ada", "bob", "ada"], types=frozenset({RelType.KNOWS}))
    assert [(n.origin, n.relationship.type.value, n.node.id, n.outgoing) for n in found] == [
        ("ada", "KNOWS", "bob", True),
        ("ada", "WORKS_FOR", "trust", True),
        ("bob", "KNOWS", "ada", False),
    ]
    assert found[1].relationship.role == "Nurse"
    [sent] = driver.sent
    assert (sent.statement, sent.routing) == (cypher.NEIGHBOURS, READ)
    assert sent.params == {
        "ids": ["ada", "bob"], "levels": ["public", "internal", "restricted"],
        "types": ["KNOWS"], "kinds": None,
    }


def test_neighbour_nodes_orders_each_origins_nodes_by_first_type_then_id(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    ada, bob, cas = node("ada"), node("bob"), node("cas")
    trust = node("trust", NodeKind.ORGANISATION, "Trust")
    driver.answers[cypher.NEIGHBOUR_NODES] = lambda p: [
        {"origin": "bob", "first": "KNOWS", "node": stored(ada)},
        {"origin": "ada", "first": "WORKS_FOR", "node": stored(trust)},
        {"origin": "ada", "first": "KNOWS", "node": stored(cas)},
        {"origin": "ada", "first": "KNOWS", "node": stored(bob)},
    ]
    found = store.neighbour_nodes(["ada", "bob", "ada"], kinds=frozenset({NodeKind.PERSON}),
                                  first=3)
    assert {o: [n.id for n in nodes] for o, nodes in found.items()} == {
        "ada": ["bob", "cas", "trust"], "bob": ["ada"],
    }
    assert list(found) == ["ada", "bob"]
    assert (found["ada"][2].kind, found["ada"][2].name) == (NodeKind.ORGANISATION, "Trust")
    [sent] = driver.sent
    assert (sent.statement, sent.routing) == (cypher.NEIGHBOUR_NODES, READ)
    assert sent.params == {
        "ids": ["ada", "bob"], "levels": ["public", "internal", "restricted"],
        "types": None, "kinds": ["Person"], "first": 3,
    }


def test_neighbour_nodes_of_no_ids_sends_nothing(store: Neo4jStore, driver: FakeDriver) -> None:
    assert store.neighbour_nodes([]) == {}
    assert driver.sent == []


def test_counts_for_everyone_use_the_counts_store_per_kind_and_type(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.COUNT_KIND[NodeKind.PERSON]] = lambda p: [{"count": 3}]
    driver.answers[cypher.COUNT_TYPE[RelType.KNOWS]] = lambda p: [{"count": 2}]
    counts = store.counts()
    assert counts.nodes == {NodeKind.PERSON: 3}
    assert counts.relationships == {RelType.KNOWS: 2}
    assert {s.routing for s in driver.sent} == {READ}
    assert len({s.tx for s in driver.sent}) == 1
    assert len(driver.sent) == len(NodeKind) + len(RelType)


def test_counts_for_a_reader_filter_by_level(store: Neo4jStore, driver: FakeDriver) -> None:
    driver.answers[cypher.COUNT_NODES] = lambda p: [{"key": "Person", "count": 1}]
    driver.answers[cypher.COUNT_RELS] = lambda p: [{"key": "KNOWS", "count": 4}]
    counts = store.counts(clearance=Visibility.PUBLIC)
    assert counts.to_dict() == {"nodes": {"Person": 1}, "relationships": {"KNOWS": 4}}
    assert [(s.statement, s.params, s.routing) for s in driver.sent] == [
        (cypher.COUNT_NODES, {"levels": ["public"]}, READ),
        (cypher.COUNT_RELS, {"levels": ["public"]}, READ),
    ]


def test_iter_nodes_pages_by_id(store: Neo4jStore, driver: FakeDriver) -> None:
    everyone = [node(f"p{i}") for i in range(5)]

    def page(params: dict[str, Any]) -> list[dict[str, Any]]:
        after = [n for n in everyone if n.id > params["after"]]
        return [{"node": stored(n)} for n in after[: params["limit"]]]

    driver.answers[cypher.ITER_NODES] = page
    batches = list(store.iter_nodes(batch_size=2))
    assert [[n.id for n in b] for b in batches] == [["p0", "p1"], ["p2", "p3"], ["p4"]]
    assert [s.params["after"] for s in driver.sent] == ["", "p1", "p3", "p4"]
    assert {s.routing for s in driver.sent} == {READ}


def test_iter_relationships_pages_over_sources_and_rebatches(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    ties = {
        "a": [("KNOWS", "c"), ("KNOWS", "b")],
        "b": [("KNOWS", "c")],
        "c": [],
        "d": [("WORKS_FOR", "o")],
    }

    def page(params: dict[str, Any]) -> list[dict[str, Any]]:
        ids = [i for i in sorted(ties) if i > params["after"]][: params["limit"]]
        return [
            {"source": i, "rels": [{"type": t, "target": o, "rel": {}} for t, o in ties[i]]}
            for i in ids
        ]

    driver.answers[cypher.ITER_RELS] = page
    batches = list(store.iter_relationships(batch_size=2))
    keys = [[(r.source, r.type.value, r.target) for r in b] for b in batches]
    assert keys == [
        [("a", "KNOWS", "b"), ("a", "KNOWS", "c")],
        [("b", "KNOWS", "c"), ("d", "WORKS_FOR", "o")],
    ]


def test_to_networkx_reads_in_one_transaction_and_filters_like_the_embedded_store(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.GRAPH_NODES] = lambda p: [
        {"id": "ada", "kind": "Person", "name": "Ada", "scale": "local", "place": None,
         "visibility": "internal", "sources": ["row:a#1"], "props": []},
        {"id": "cas", "kind": "Person", "name": "Cas", "scale": None, "place": "dorset",
         "visibility": "restricted", "sources": [], "props": []},
        {"id": "nhse", "kind": "Organisation", "name": "NHS England", "scale": None,
         "place": None, "visibility": "public", "sources": None, "props": []},
    ]
    driver.answers[cypher.GRAPH_RELS] = lambda p: [
        {"source": "ada", "type": "WORKS_FOR", "target": "nhse", "role": "Nurse",
         "since": "2010-01-01", "until": None, "weight": 0.0, "sources": ["row:e#1"]},
        {"source": "cas", "type": "KNOWS", "target": "ada", "role": None, "since": None,
         "until": None, "weight": None, "sources": None},
    ]
    graph = store.to_networkx(GraphFilter(clearance=Visibility.INTERNAL, with_sources=True))
    assert dict(graph.nodes(data=True)) == {
        "ada": {"kind": NodeKind.PERSON, "name": "Ada", "visibility": Visibility.INTERNAL,
                "scale": Scale.LOCAL, "sources": ("row:a#1",)},
        "nhse": {"kind": NodeKind.ORGANISATION, "name": "NHS England",
                 "visibility": Visibility.PUBLIC},
    }
    assert list(graph.edges(keys=True, data=True)) == [
        ("ada", "nhse", RelType.WORKS_FOR,
         {"type": RelType.WORKS_FOR, "role": "Nurse", "since": "2010-01-01", "weight": 0.0,
          "sources": ("row:e#1",)}),
    ]
    assert [s.statement for s in driver.sent] == [cypher.GRAPH_NODES, cypher.GRAPH_RELS]
    assert {(s.routing, s.tx) for s in driver.sent} == {(READ, 0)}


def test_to_networkx_without_sources_asks_for_none(store: Neo4jStore, driver: FakeDriver) -> None:
    store.to_networkx()
    assert [s.statement for s in driver.sent] == [cypher.GRAPH_NODES_LEAN, cypher.GRAPH_RELS_LEAN]


def test_every_store_method_sends_only_named_statements(
    store: Neo4jStore, driver: FakeDriver
) -> None:
    driver.answers[cypher.NODE_KINDS] = kinds_answer({"a": "Person", "b": "Person"})
    store.create_schema()
    store.upsert_nodes([node("a"), node("b")])
    store.upsert_relationships([rel("a", "KNOWS", "b")])
    store.get_nodes(["a"])
    store.get_relationships([RelKey.of("a", RelType.KNOWS, "b")])
    store.find_nodes(NodeQuery())
    store.neighbours(["a"])
    store.counts()
    store.counts(clearance=Visibility.PUBLIC)
    list(store.iter_nodes())
    list(store.iter_relationships())
    store.to_networkx()
    store.delete_relationships([RelKey.of("a", RelType.KNOWS, "b")])
    store.delete_nodes(["a"])
    store.clear()
    named = set(cypher.all_statements().values())
    assert all(isinstance(s, Sent) and s.statement in named for s in driver.sent)
    writes = {s.statement for s in driver.sent if s.routing == WRITE}
    reads = {s.statement for s in driver.sent if s.routing == READ}
    assert cypher.BUMP_VERSION in writes
    assert not writes & reads
    assert all(not re.search(r"\b(MERGE|CREATE|SET|DELETE)\b", s) for s in reads)
