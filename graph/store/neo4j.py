"""The Neo4j store: the same domain interface as the embedded store, on a Neo4j 5 server.

One long-lived driver per store. Single statements go through ``driver.execute_query`` with
READ or WRITE routing; each write batch is one managed transaction (``session.execute_write``,
which retries transient failures) that reads what it must check, runs the shared checks of
:mod:`graph.store.checks`, writes with ``UNWIND $rows`` statements and raises the version, so a
batch lands whole or not at all. Every statement is a constant in :mod:`graph.store.cypher`.

Relationships of one key are kept unique by ``MERGE`` between the two endpoint nodes; with
Community edition there is no relationship key constraint, so two *concurrent* loaders of the
same new relationship could each create it (one loader at a time, as the CLI runs, cannot).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl, basic_auth

from graph.errors import InvalidData, StoreUnavailable
from graph.model import Node, Relationship, RelKey
from graph.privacy import (
    ErasureSummary,
    erase_terms,
    forget_introductions,
    scrub_sources,
    stored_form,
    tombstone_keys,
)
from graph.records import AuditEntry, Introduction, LoadRun, utc_now
from graph.store import cypher
from graph.store import neo4j_codec as codec
from graph.store.base import (
    ALL,
    DEFAULT_BATCH_SIZE,
    Counts,
    DeleteSummary,
    GraphFilter,
    GraphStore,
    Neighbour,
    NodeQuery,
    Page,
    Progress,
    Snapshot,
    WriteSummary,
    decode_cursor,
    neighbour_limit,
    page_of,
    vocabulary,
)
from graph.store.checks import check_endpoints, check_kinds
from graph.store.merge import MergeSummary, check_merge_ids, plan_merge
from graph.store.neo4j_errors import (
    OPENING,
    TRANSLATED,
    Neo4jStoreError,
    Target,
    safe_uri,
    translate,
)
from graph.timeline import as_of
from graph.vocabulary import NodeKind, RelType, Visibility

if TYPE_CHECKING:
    from neo4j import Record

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECTION_TIMEOUT_S = 10.0
RETRY_TIME_S = 15.0
"""How long a transaction is retried after transient failures before giving up."""
INDEX_WAIT_S = 300
CLEAR_BATCH_SIZE = 10_000
"""Nodes detached and deleted per transaction by :meth:`Neo4jStore.clear`."""


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _neighbour_params(
    origins: list[str],
    types: frozenset[RelType] | None,
    kinds: frozenset[NodeKind] | None,
    clearance: Visibility,
) -> dict[str, Any]:
    """The parameters of ``cypher._NEIGHBOUR_TIES``, the pattern both neighbour reads match."""
    return {
        "ids": origins,
        "levels": _levels(clearance),
        "types": None if types is None else sorted(t.value for t in types),
        "kinds": None if kinds is None else sorted(k.value for k in kinds),
    }


def _levels(clearance: Visibility) -> list[str]:
    return [v.value for v in clearance.visible_levels()]


def _run(tx: ManagedTransaction, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return tx.run(statement, params).data()


def _bump(tx: ManagedTransaction) -> int:
    [row] = _run(tx, cypher.BUMP_VERSION, {})
    return int(row["version"])


class Neo4jStore(GraphStore):
    """The graph in a Neo4j 5 database (Community edition is enough).

    Parameters
    ----------
    uri
        ``neo4j://host:7687`` (or ``bolt://``, and their ``+s``/``+ssc`` TLS forms).
    user, password
        Credentials (``CONVENE_NEO4J_USER``/``CONVENE_NEO4J_PASSWORD``); no password means
        no authentication, for servers that run without it.
    database
        The database to use (``CONVENE_NEO4J_DATABASE``); the server's default when ``None``.
    driver
        A driver to use instead of making one (tests pass a recording fake). The store owns
        it and closes it in :meth:`close`.
    connection_timeout, retry_time
        Seconds to wait for a connection, and to keep retrying a transaction that failed for a
        transient reason (a leader switch, a dropped connection).
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        driver: Driver | None = None,
        connection_timeout: float = CONNECTION_TIMEOUT_S,
        retry_time: float = RETRY_TIME_S,
    ) -> None:
        self.uri = safe_uri(uri)
        self._database = database or None
        self._target = Target(uri=uri, user=user, database=self._database, secret=password)
        self._closed = False
        if driver is None:
            auth = basic_auth(user or "neo4j", password) if password is not None else None
            try:
                driver = GraphDatabase.driver(
                    uri,
                    auth=auth,
                    connection_timeout=connection_timeout,
                    max_transaction_retry_time=retry_time,
                    user_agent="convene",
                )
            except OPENING as exc:
                raise translate(exc, self._target) from None
        self._driver = driver

    # -- plumbing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn the driver's errors into Convene's, naming the server and what to check."""
        if self._closed:
            raise StoreUnavailable(f"the store {self.uri} has been closed")
        try:
            yield
        except TRANSLATED as exc:
            raise translate(exc, self._target) from None

    def _query(
        self, statement: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> list[Record]:
        """Run one statement in its own transaction and return its records."""
        routing = RoutingControl.WRITE if write else RoutingControl.READ
        with self._guard():
            result = self._driver.execute_query(
                statement, params or {}, routing_=routing, database_=self._database
            )
        return list(result.records)

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction, retried whole on transient failures."""
        with self._guard(), self._driver.session(database=self._database) as session:
            return session.execute_write(work)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one read transaction: every statement sees the same snapshot."""
        with self._guard(), self._driver.session(database=self._database) as session:
            return session.execute_read(work)

    # -- lifecycle -------------------------------------------------------------------------

    def create_schema(self) -> None:
        self.ping()
        for statement in cypher.SCHEMA:
            self._query(statement, write=True)
        self._query(cypher.AWAIT_INDEXES, {"seconds": INDEX_WAIT_S}, write=True)
        [row] = self._query(cypher.INIT_META, {"schema": cypher.SCHEMA_VERSION}, write=True)
        schema = int(row["schema"] or 0)
        if schema > cypher.SCHEMA_VERSION:
            raise StoreUnavailable(
                f"{self._target.where} was written by a newer Convene (schema {schema}); "
                "upgrade Convene"
            )

    def ping(self) -> None:
        with self._guard():
            # Fails fast (no retries) when the server is unreachable or refuses the login...
            self._driver.verify_connectivity()
        # ...and this names the database, so a missing one is reported too.
        self._query(cypher.PING)

    def version(self) -> int:
        [row] = self._query(cypher.GET_VERSION)
        return int(row["version"])

    def clear(self) -> int:
        def work(tx: ManagedTransaction) -> tuple[int, int]:
            [row] = _run(tx, cypher.CLEAR_BATCH, {"limit": CLEAR_BATCH_SIZE})
            return int(row["removed"]), _bump(tx)

        # In slices, so clearing a big graph never needs one huge transaction.
        while True:
            removed, version = self._write(work)
            if removed < CLEAR_BATCH_SIZE:
                break
        log.info("store cleared", extra={"store": self.uri})
        return version

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(*TRANSLATED):
                self._driver.close()

    # -- backups ---------------------------------------------------------------------------

    def backup(self, path: Path) -> Snapshot:
        raise Neo4jStoreError(
            f"{self.uri}: back up a Neo4j database with Neo4j's own tool "
            "(`neo4j-admin database dump`, or online backups in Enterprise edition); "
            "`convene export --format json` writes a portable copy of the graph"
        )

    def restore(self, path: Path) -> Snapshot:
        raise Neo4jStoreError(
            f"{self.uri}: restore a Neo4j database with `neo4j-admin database load`; "
            "`convene load` reads a graph that `convene export` wrote"
        )

    # -- writes ----------------------------------------------------------------------------

    def upsert_nodes(
        self,
        nodes: Iterable[Node],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        written, version = 0, None
        for batch in _chunked(nodes, batch_size):
            version = self._write(_NodeBatch(batch))
            written += len(batch)
            log.debug("nodes batch committed", extra={"rows": len(batch), "version": version})
            if progress:
                progress(len(batch))
        return WriteSummary(written, self.version() if version is None else version)

    def upsert_relationships(
        self,
        relationships: Iterable[Relationship],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        written, version = 0, None
        for batch in _chunked(relationships, batch_size):
            version = self._write(_RelBatch(batch))
            written += len(batch)
            log.debug("relationships batch committed", extra={"rows": len(batch)})
            if progress:
                progress(len(batch))
        return WriteSummary(written, self.version() if version is None else version)

    def delete_nodes(self, ids: Sequence[str]) -> DeleteSummary:
        params = {"ids": list(dict.fromkeys(ids))}

        def work(tx: ManagedTransaction) -> DeleteSummary:
            [rels] = _run(tx, cypher.DELETE_NODE_RELS, params)
            [nodes] = _run(tx, cypher.DELETE_NODES, params)
            return DeleteSummary(int(nodes["removed"]), int(rels["removed"]), _bump(tx))

        return self._write(work)

    def delete_relationships(self, keys: Sequence[RelKey]) -> WriteSummary:
        by_type = _keys_by_type(keys)

        def work(tx: ManagedTransaction) -> WriteSummary:
            removed = 0
            for rel_type, unique in by_type.items():
                rows = [codec.key_row(k) for k in unique]
                [row] = _run(tx, cypher.DELETE_RELS[rel_type], {"rows": rows})
                removed += int(row["removed"])
            return WriteSummary(removed, _bump(tx))

        return self._write(work)

    def merge_nodes(self, keep: str, others: Sequence[str]) -> MergeSummary:
        unique = check_merge_ids(keep, others)

        def work(tx: ManagedTransaction) -> MergeSummary:
            ids = [keep, *unique]
            rows = _run(tx, cypher.GET_NODES, {"ids": ids, "levels": _levels(ALL)})
            found = {n.id: n for n in (codec.node_from_props(r["node"]) for r in rows)}
            missing = [i for i in ids if i not in found]
            if missing:
                raise InvalidData.one("id", missing, "no node has this id")
            touching = [
                codec.rel_from_props(r["source"], r["type"], r["target"], r["rel"])
                for r in _run(tx, cypher.RELS_TOUCHING, {"ids": list(unique)})
            ]
            plan = plan_merge(found[keep], [found[i] for i in unique], touching)
            _run(tx, cypher.DELETE_NODE_RELS, {"ids": list(unique)})
            _run(tx, cypher.DELETE_NODES, {"ids": list(unique)})
            _run(tx, cypher.REPOINT_PLACES, {"ids": list(unique), "keep": keep})
            _run(tx, cypher.UPSERT_NODES[plan.node.kind], {"rows": [codec.node_row(plan.node)]})
            by_type: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
            for rel in plan.relationships:
                by_type[rel.type].append(codec.rel_row(rel))
            for rel_type, rel_rows in by_type.items():
                _run(tx, cypher.UPSERT_RELS[rel_type], {"rows": rel_rows})
            moved, dropped = len(plan.relationships), len(plan.dropped)
            return MergeSummary(keep, unique, moved, dropped, _bump(tx))

        summary = self._write(work)
        log.info("nodes merged", extra={"kept": keep, "merged": list(unique)})
        return summary

    def erase_person(self, node_id: str) -> ErasureSummary:
        def work(tx: ManagedTransaction) -> ErasureSummary:
            rows = _run(tx, cypher.GET_NODES, {"ids": [node_id], "levels": _levels(ALL)})
            if not rows:
                raise InvalidData.one("id", node_id, "no node has this id")
            person = codec.node_from_props(rows[0]["node"])
            if person.kind is not NodeKind.PERSON:
                raise InvalidData.one(
                    "id", node_id, f"is a {person.kind.value}; only people are erased"
                )
            [rels] = _run(tx, cypher.DELETE_NODE_RELS, {"ids": [node_id]})
            _run(tx, cypher.DELETE_NODES, {"ids": [node_id]})
            terms = erase_terms(person)
            passages = 0
            for find, update in (
                (cypher.NODES_MENTIONING, cypher.SET_NODE_SOURCES),
                (cypher.RELS_MENTIONING, cypher.SET_REL_SOURCES),
            ):
                # toLower is Java's lower-casing, as str.lower is Python's
                needles = [stored_form(term).lower() for term in terms]
                candidates = [(r["key"], r["sources"]) for r in _run(tx, find, {"terms": needles})]
                changed_rows = []
                for key, stored in candidates:
                    clean, changed = scrub_sources((json.loads(x) for x in stored), terms)
                    if changed:
                        encoded = [json.dumps(x, ensure_ascii=False) for x in clean]
                        changed_rows.append({"key": key, "sources": encoded})
                        passages += changed
                if changed_rows:
                    _run(tx, update, {"rows": changed_rows})
            recorded = [Introduction.from_dict(json.loads(r["record"]))
                      for r in _run(tx, cypher.LIST_INTRODUCTIONS, {})]
            removed, rewritten = forget_introductions(recorded, node_id, terms)
            _run(tx, cypher.DELETE_INTRODUCTIONS, {"keys": [_introduction_key(i) for i in removed]})
            _run(tx, cypher.SET_INTRODUCTIONS, {"rows": [
                {"key": _introduction_key(i), "record": _dump(i)} for i in rewritten
            ]})
            keys = sorted(tombstone_keys(node_id, (person.name, *person.aliases)))
            _run(tx, cypher.ADD_TOMBSTONES, {"keys": keys, "erased_at": utc_now().isoformat()})
            return ErasureSummary(
                int(rels["removed"]), passages, len(person.properties), _bump(tx),
                len(removed) + len(rewritten),
            )

        return self._write(work)

    def tombstoned(self, keys: Iterable[str]) -> set[str]:
        unique = sorted(set(keys))
        if not unique:
            return set()
        return {r["key"] for r in self._query(cypher.FIND_TOMBSTONES, {"keys": unique})}

    # -- records beside the graph ----------------------------------------------------------

    def record_run(self, run: LoadRun) -> None:
        params = {"id": run.id, "started": run.started.isoformat(), "record": _dump(run)}
        self._query(cypher.UPSERT_RUN, params, write=True)

    def load_runs(self, *, limit: int = 50) -> list[LoadRun]:
        rows = self._query(cypher.LIST_RUNS, {"limit": limit})
        return [LoadRun.from_dict(json.loads(r["record"])) for r in rows]

    def record_introduction(self, introduction: Introduction) -> None:
        params = {
            "key": _introduction_key(introduction),
            "recorded_at": introduction.recorded_at.isoformat(),
            "record": _dump(introduction),
        }
        self._query(cypher.UPSERT_INTRODUCTION, params, write=True)

    def introductions(self) -> list[Introduction]:
        rows = self._query(cypher.LIST_INTRODUCTIONS)
        return [Introduction.from_dict(json.loads(r["record"])) for r in rows]

    def record_audit(self, entry: AuditEntry) -> AuditEntry:
        [row] = self._query(cypher.APPEND_AUDIT, {"record": _dump(entry)}, write=True)
        return replace(entry, seq=int(row["seq"]))

    def audit_log(self, *, limit: int = 100, after: int = 0) -> list[AuditEntry]:
        rows = self._query(cypher.LIST_AUDIT, {"after": after, "limit": limit})
        return [AuditEntry.from_dict(json.loads(r["record"]), int(r["seq"])) for r in rows]

    # -- reads -----------------------------------------------------------------------------

    def get_nodes(self, ids: Sequence[str], *, clearance: Visibility = ALL) -> list[Node]:
        if not ids:
            return []
        params = {"ids": list(dict.fromkeys(ids)), "levels": _levels(clearance)}
        rows = self._query(cypher.GET_NODES, params)
        found = {node.id: node for node in (codec.node_from_props(r["node"]) for r in rows)}
        return [found[i] for i in ids if i in found and clearance.allows(found[i].level)]

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        unique = list(set(ids))
        if not unique:
            return {}
        rows = self._query(cypher.NODE_KINDS, {"ids": unique})
        return {r["id"]: codec.kind_of(r["kind"]) for r in rows}

    def get_relationships(
        self, keys: Sequence[RelKey], *, clearance: Visibility = ALL
    ) -> list[Relationship]:
        canonical = [RelKey.of(*k) for k in keys]
        by_type = _keys_by_type(canonical)
        if not by_type:
            return []
        levels = _levels(clearance)

        def work(tx: ManagedTransaction) -> dict[RelKey, Relationship]:
            found: dict[RelKey, Relationship] = {}
            for rel_type, unique in by_type.items():
                params = {"rows": [codec.key_row(k) for k in unique], "levels": levels}
                for row in _run(tx, cypher.GET_RELS[rel_type], params):
                    rel = codec.rel_from_props(row["source"], rel_type, row["target"], row["rel"])
                    found[rel.key] = rel
            return found

        found = self._read(work)
        return [found[k] for k in canonical if k in found]

    def find_nodes(self, query: NodeQuery) -> Page:
        after_key, after_id = decode_cursor(query.after) if query.after is not None else ("", "")
        params = {
            "levels": _levels(query.clearance),
            "kinds": None if query.kinds is None else sorted(k.value for k in query.kinds),
            "scales": None if query.scales is None else sorted(s.value for s in query.scales),
            "text": query.text or None,  # NodeQuery folded it (search_part)
            "after_key": after_key,
            "after_id": after_id,
            "limit": query.first + 1,
        }
        rows = self._query(cypher.FIND_NODES, params)
        return page_of([codec.node_from_props(r["node"]) for r in rows], query.first)

    def neighbours(
        self,
        ids: Sequence[str],
        *,
        types: frozenset[RelType] | None = None,
        kinds: frozenset[NodeKind] | None = None,
        clearance: Visibility = ALL,
    ) -> list[Neighbour]:
        types = vocabulary("types", types, RelType)
        kinds = vocabulary("kinds", kinds, NodeKind)
        origins = list(dict.fromkeys(ids))
        if not origins:
            return []
        params = _neighbour_params(origins, types, kinds, clearance)
        found: list[tuple[Neighbour, bool]] = []
        for row in self._query(cypher.NEIGHBOURS, params):
            node = codec.node_from_props(row["node"])
            origin, outgoing = row["origin"], bool(row["outgoing"])
            source, target = (origin, node.id) if outgoing else (node.id, origin)
            rel = codec.rel_from_props(source, row["type"], target, row["rel"])
            found.append((Neighbour(origin, rel, node), outgoing))
        rank = {origin: i for i, origin in enumerate(origins)}
        # Outgoing first between two ties of one type joining the same pair both ways.
        found.sort(
            key=lambda f: (rank[f[0].origin], f[0].relationship.type.value, f[0].node.id, not f[1])
        )
        return [n for n, _ in found]

    def neighbour_nodes(
        self,
        ids: Sequence[str],
        *,
        types: frozenset[RelType] | None = None,
        kinds: frozenset[NodeKind] | None = None,
        first: int | None = None,
        clearance: Visibility = ALL,
    ) -> dict[str, list[Node]]:
        types = vocabulary("types", types, RelType)
        kinds = vocabulary("kinds", kinds, NodeKind)
        first = neighbour_limit(first)
        origins = list(dict.fromkeys(ids))
        if not origins:
            return {}
        params = {**_neighbour_params(origins, types, kinds, clearance), "first": first}
        rank = {origin: i for i, origin in enumerate(origins)}
        rows = sorted(
            ((row["origin"], row["first"], codec.node_from_props(row["node"]))
             for row in self._query(cypher.NEIGHBOUR_NODES, params)),
            key=lambda r: (rank[r[0]], r[1], r[2].id),
        )
        found: dict[str, list[Node]] = {}
        for origin, _, node in rows:
            found.setdefault(origin, []).append(node)
        return found

    def counts(self, *, clearance: Visibility = ALL) -> Counts:
        if clearance is ALL:
            return self._read(_count_everything)
        params = {"levels": _levels(clearance)}

        def work(tx: ManagedTransaction) -> Counts:
            node_rows = _run(tx, cypher.COUNT_NODES, params)
            rel_rows = _run(tx, cypher.COUNT_RELS, params)
            return Counts(
                nodes={codec.kind_of(r["key"]): int(r["count"]) for r in node_rows},
                relationships={codec.type_of(r["key"]): int(r["count"]) for r in rel_rows},
            )

        return self._read(work)

    def iter_nodes(self, *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[Node]]:
        after = ""
        while True:
            rows = self._query(cypher.ITER_NODES, {"after": after, "limit": batch_size})
            if not rows:
                return
            # The cursor is Neo4j's last row: its string order, not Python's, decides the next page.
            batch = [codec.node_from_props(r["node"]) for r in rows]
            after = batch[-1].id
            yield batch

    def iter_relationships(
        self, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Relationship]]:
        after = ""
        pending: list[Relationship] = []
        while True:
            rows = self._query(cypher.ITER_RELS, {"after": after, "limit": batch_size})
            if not rows:
                break
            after = str(rows[-1]["source"])
            for row in rows:
                ties = sorted(row["rels"], key=lambda t: (t["type"], t["target"]))
                pending += [
                    codec.rel_from_props(row["source"], t["type"], t["target"], t["rel"])
                    for t in ties
                ]
            while len(pending) >= batch_size:
                yield pending[:batch_size]
                pending = pending[batch_size:]
        if pending:
            yield pending

    def to_networkx(self, graph_filter: GraphFilter | None = None) -> nx.MultiDiGraph:
        want = graph_filter or GraphFilter()

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            # Built inside the transaction function, so a retry starts from an empty graph.
            graph = nx.MultiDiGraph()
            node_sql = cypher.GRAPH_NODES if want.with_sources else cypher.GRAPH_NODES_LEAN
            props = sorted(codec.PROPERTY_PREFIX + p for p in want.properties)
            for row in tx.run(node_sql, {"props": props}):
                _add_node(graph, want, row)
            rel_sql = cypher.GRAPH_RELS if want.with_sources else cypher.GRAPH_RELS_LEAN
            for row in tx.run(rel_sql, {}):
                _add_edge(graph, want, row)
            return graph

        graph = self._read(work)
        return graph if want.as_of is None else as_of(graph, want.as_of)


# -- write batches -----------------------------------------------------------------------------


class _NodeBatch:
    """One batch of node upserts as a transaction function: check, write, raise the version."""

    def __init__(self, batch: Sequence[Node]) -> None:
        self.batch = batch
        self.by_kind: dict[NodeKind, list[dict[str, Any]]] = defaultdict(list)
        for node in codec.unique_nodes(batch):
            self.by_kind[node.kind].append(codec.node_row(node))

    def __call__(self, tx: ManagedTransaction) -> int:
        ids = list(dict.fromkeys(n.id for n in self.batch))
        stored = {r["id"]: r["kind"] for r in _run(tx, cypher.NODE_KINDS, {"ids": ids})}
        check_kinds(self.batch, stored)
        for kind, rows in self.by_kind.items():
            _run(tx, cypher.UPSERT_NODES[kind], {"rows": rows})
        return _bump(tx)


class _RelBatch:
    """One batch of relationship upserts as a transaction function."""

    def __init__(self, batch: Sequence[Relationship]) -> None:
        self.batch = batch
        self.by_type: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
        for rel in codec.unique_relationships(batch):
            self.by_type[rel.type].append(codec.rel_row(rel))

    def __call__(self, tx: ManagedTransaction) -> int:
        ends = list(dict.fromkeys(e for r in self.batch for e in (r.source, r.target)))
        rows = _run(tx, cypher.NODE_KINDS, {"ids": ends})
        check_endpoints(self.batch, {r["id"]: codec.kind_of(r["kind"]) for r in rows})
        for rel_type, batch_rows in self.by_type.items():
            [row] = _run(tx, cypher.UPSERT_RELS[rel_type], {"rows": batch_rows})
            if int(row["written"]) != len(batch_rows):
                # An endpoint vanished after the check (a concurrent delete): write nothing.
                raise Neo4jStoreError(
                    f"an endpoint of a {rel_type.value} relationship was deleted while the "
                    "batch was written; nothing of the batch was written: run again"
                )
        return _bump(tx)


def _introduction_key(introduction: Introduction) -> str:
    return f"{introduction.a}\n{introduction.b}"


def _dump(record: LoadRun | Introduction | AuditEntry) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _keys_by_type(keys: Iterable[RelKey]) -> dict[RelType, list[RelKey]]:
    by_type: dict[RelType, list[RelKey]] = defaultdict(list)
    for key in dict.fromkeys(RelKey.of(*k) for k in keys):
        by_type[key.type].append(key)
    return dict(by_type)


def _count_everything(tx: ManagedTransaction) -> Counts:
    nodes = {k: int(_run(tx, cypher.COUNT_KIND[k], {})[0]["count"]) for k in NodeKind}
    rels = {t: int(_run(tx, cypher.COUNT_TYPE[t], {})[0]["count"]) for t in RelType}
    return Counts(
        nodes={k: n for k, n in nodes.items() if n},
        relationships={t: n for t, n in rels.items() if n},
    )


# -- the networkx read -------------------------------------------------------------------------


def _add_node(graph: nx.MultiDiGraph, want: GraphFilter, row: Any) -> None:
    kind, scale = codec.kind_of(row["kind"]), codec.scale_of(row["scale"])
    level = codec.level_of(row["visibility"])
    node_id = row["id"]
    if not want.admits(kind, scale, level) or (want.ids is not None and node_id not in want.ids):
        return
    attrs: dict[str, Any] = {"kind": kind, "name": row["name"], "visibility": level}
    if scale:
        attrs["scale"] = scale
    if row["place"]:
        attrs["place"] = row["place"]
    if row["sources"]:
        attrs["sources"] = tuple(row["sources"])
    cut = len(codec.PROPERTY_PREFIX)
    attrs.update((key[cut:], json.loads(value)) for key, value in row["props"] or ())
    graph.add_node(node_id, **attrs)


def _add_edge(graph: nx.MultiDiGraph, want: GraphFilter, row: Any) -> None:
    u, v, rel_type = row["source"], row["target"], codec.type_of(row["type"])
    if u not in graph or v not in graph or (want.types is not None and rel_type not in want.types):
        return
    attrs: dict[str, Any] = {"type": rel_type}
    for name in ("role", "since", "until", "weight"):
        if row[name] is not None:
            attrs[name] = row[name]
    if row["sources"]:
        attrs["sources"] = tuple(row["sources"])
    graph.add_edge(u, v, key=rel_type, **attrs)


__all__ = ["Neo4jStore", "Neo4jStoreError"]
