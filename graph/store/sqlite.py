"""The embedded default store: one SQLite file in WAL mode, no server needed.

Each batch is one ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``, so a process
killed at any moment leaves every committed batch in place and no part of an unfinished one.
WAL lets a loader and a server share the file: readers never block the writer, and writers
queue behind each other (``busy_timeout``). Each thread gets its own connection.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import orjson

from graph.errors import ConveneError, InvalidData, StoreUnavailable
from graph.memory import paused_gc
from graph.model import (
    Node,
    Relationship,
    RelKey,
    Source,
    default_visibility,
    merge_sources,
    restore_sources,
    restorer,
)
from graph.privacy import (
    ErasureSummary,
    erase_terms,
    forget_introductions,
    mentions,
    scrub_sources,
    stored_needles,
    tombstone_keys,
)
from graph.records import AuditEntry, Introduction, LoadRun, utc_now
from graph.store import sqlite_sql as sql
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
    search_text,
    sort_key,
    vocabulary,
)
from graph.store.checks import check_endpoints, check_kinds
from graph.store.merge import MergeSummary, check_merge_ids, plan_merge
from graph.timeline import as_of
from graph.vocabulary import (
    KIND_BY_VALUE,
    LEVEL_BY_VALUE,
    SCALE_BY_VALUE,
    TYPE_BY_VALUE,
    NodeKind,
    RelType,
    Visibility,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0
MAX_PARAMS = 30_000
_KIND, _TYPE, _SCALE, _LEVEL = KIND_BY_VALUE, TYPE_BY_VALUE, SCALE_BY_VALUE, LEVEL_BY_VALUE


class StoreError(ConveneError):
    """The embedded store could not complete a write; nothing of that batch was written."""


_restore_node = restorer(Node)
_restore_rel = restorer(Relationship)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# One encoder for every row: json.dumps with options builds a new encoder per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dump(value: Any) -> str | None:
    return _ENCODE(value) if value else None


def _load(text: str | None) -> Any:
    # json, not orjson: properties may hold integers past 64 bits, which orjson turns to floats
    return json.loads(text) if text else None


def _load_strings(text: str | None) -> Any:
    """JSON holding only strings and nulls (aliases, sources): orjson reads it 4x faster."""
    return orjson.loads(text) if text else None


def _merge_list(old: str | None, new: str | None) -> str | None:
    merged = list(_load(old) or [])
    merged += [a for a in (_load(new) or []) if a not in merged]
    return _dump(merged)


def _merge_object(old: str | None, new: str | None) -> str | None:
    merged = dict(_load(old) or {})
    merged.update(_load(new) or {})
    return _dump(merged)


def _merge_sources(old: str | None, new: str | None) -> str | None:
    merged = {s["id"]: s for s in _load(old) or []}
    merged.update((s["id"], s) for s in _load(new) or [])
    return _dump(list(merged.values()))


def _search(name: str, aliases: str | None) -> str:
    return search_text(name, _load(aliases) or [])


def _sources_json(sources: Sequence[Source]) -> str | None:
    unique = sources if len(sources) < 2 else merge_sources((), sources)
    return _dump([s.to_dict() for s in unique])


def _node_row(node: Node) -> dict[str, Any]:
    return {
        "id": node.id,
        "kind": node.kind.value,
        "name": node.name,
        "sort_key": sort_key(node.name),
        "search": search_text(node.name, node.aliases),
        "scale": node.scale.value if node.scale else None,
        "place": node.place,
        "description": node.description,
        "url": node.url,
        "visibility": node.visibility.value if node.visibility else None,
        "default_visibility": default_visibility(node.kind).value,
        "aliases": _dump(list(node.aliases)),
        "properties": _dump(dict(node.properties)),
        "sources": _sources_json(node.sources),
    }


def _rel_params(rel: Relationship, nids: dict[str, int]) -> tuple[Any, ...]:
    return (
        nids[rel.source],
        rel.type.value,
        nids[rel.target],
        rel.role,
        rel.since.isoformat() if rel.since else None,
        rel.until.isoformat() if rel.until else None,
        rel.weight,
        _dump(rel.properties),
        _sources_json(rel.sources),
    )


_VISIBLE: dict[Visibility, frozenset[str]] = {
    clearance: frozenset(level.value for level in clearance.visible_levels())
    for clearance in Visibility
}
"""The stored visibility values a reader cleared to each level may see: a row's level is
checked by looking its text up here, with no enum built or compared for each row."""


def _admits(  # noqa: PLR0917  (one row's raw columns)
    types: frozenset[RelType] | None,
    kinds: frozenset[NodeKind] | None,
    visible: frozenset[str],
    rel_type: str,
    kind: str,
    one_level: str,
    other_level: str,
) -> bool:
    """Whether a neighbour read lets a tie through: of one of ``types`` to one of ``kinds``
    (``None``: any), and both ends at levels in ``visible`` (see ``_VISIBLE``). One rule for
    both reads."""
    return (
        (types is None or _TYPE[rel_type] in types)
        and (kinds is None or _KIND[kind] in kinds)
        and one_level in visible
        and other_level in visible
    )


def _sources_from(text: str | None) -> tuple[Source, ...]:
    return restore_sources(_load_strings(text) or ())


def _node_from_row(row: Sequence[Any]) -> Node:
    node_id, kind, name, scale, place, description, url, level, aliases, props, sources = row
    return _restore_node(
        id=node_id,
        kind=_KIND[kind],
        name=name,
        aliases=tuple(_load_strings(aliases) or ()),
        scale=_SCALE[scale] if scale else None,
        place=place,
        description=description,
        url=url,
        visibility=_LEVEL[level],
        properties=_load(props) or {},
        sources=_sources_from(sources),
    )


def _rel_from_row(row: Sequence[Any]) -> Relationship:
    source, rel_type, target, role, since, until, weight, props, sources = row[:9]
    return _restore_rel(
        source=source,
        type=_TYPE[rel_type],
        target=target,
        role=role,
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
        weight=weight,
        properties=_load(props) or {},
        sources=_sources_from(sources),
    )


def _translate(exc: sqlite3.Error, path: Path) -> ConveneError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StoreUnavailable(
            f"the store file {path} is read-only: check its permissions and those of its folder"
        )
    if "full" in text:
        return StoreError(f"the disk holding {path} is full: free some space and run again")
    if "locked" in text or "busy" in text:
        return StoreUnavailable(
            f"the store file {path} stayed locked by another process for {BUSY_TIMEOUT_S:.0f}s"
        )
    if "unable to open" in text or "not a database" in text or "malformed" in text:
        return StoreUnavailable(f"cannot open the store file {path}: {exc}")
    return StoreError(f"the store file {path} failed: {exc}")


def _read_only_uri(path: Path) -> str:
    """A file opened read-only: as a URI, so ``?``, ``#`` and ``%`` in its name are quoted."""
    return f"{path.absolute().as_uri()}?mode=ro"


def _snapshot_of(path: Path) -> Snapshot:
    """What a backup file holds; refuses anything that is not a Convene store."""
    if not path.is_file():
        raise StoreError(f"{path} does not exist or is not a file")
    try:
        with contextlib.closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            nodes, rels, version, schema = conn.execute(sql.SNAPSHOT_FIGURES).fetchone()
    except sqlite3.Error:
        raise StoreError(f"{path} is not a Convene backup (not a Convene SQLite store)") from None
    if schema is None or version is None:
        raise StoreError(f"{path} is not a Convene backup (no Convene schema in it)")
    if schema > sql.SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer Convene (schema {schema})")
    return Snapshot(str(path), int(nodes), int(rels), int(version))


class _Transaction:
    """A write in progress; ``version`` is set once it commits."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.version = 0


class SQLiteStore(GraphStore):
    """The embedded store in a single SQLite file.

    >>> import tempfile, pathlib
    >>> from graph.model import Node
    >>> with SQLiteStore(pathlib.Path(tempfile.mkdtemp()) / "g.db") as store:
    ...     _ = store.upsert_nodes([Node(id="p1", kind="Person", name="Ada")])
    ...     [n.name for n in store.get_nodes(["p1"])]
    ['Ada']
    """

    in_process = True

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.uri = f"sqlite:///{self.path}"
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the folder for {self.path}: {exc}") from None
        self.create_schema()

    # -- connections -----------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreUnavailable(f"the store {self.uri} has been closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            for pragma in sql.PRAGMAS:
                conn.execute(pragma)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        conn.create_function("convene_merge_list", 2, _merge_list, deterministic=True)
        conn.create_function("convene_merge_object", 2, _merge_object, deterministic=True)
        conn.create_function("convene_merge_sources", 2, _merge_sources, deterministic=True)
        conn.create_function("convene_search", 2, _search, deterministic=True)
        conn.create_function("convene_mentions", 2, mentions, deterministic=True)
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[_Transaction]:
        """One write transaction that bumps the version, or nothing at all."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        tx = _Transaction(conn)
        try:
            yield tx
            (tx.version,) = conn.execute(sql.BUMP_VERSION).fetchone()
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc, self.path) from None
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every statement inside sees the same snapshot."""
        conn = self._conn()
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None

    def _lookup(
        self, conn: sqlite3.Connection, statement: str, ids: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for part in chunked(ids, MAX_PARAMS):
            query = statement.format(ids=sql.placeholders(len(part)))
            rows += conn.execute(query, part).fetchall()
        return rows

    # -- lifecycle -------------------------------------------------------------------------

    def create_schema(self) -> None:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in sql.DDL:
                conn.execute(statement)
            (schema,) = conn.execute(sql.GET_SCHEMA_VERSION).fetchone()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise _translate(exc, self.path) from None
        if schema > sql.SCHEMA_VERSION:
            raise StoreUnavailable(
                f"{self.path} was written by a newer Convene (schema {schema}); upgrade Convene"
            )

    def ping(self) -> None:
        self.version()

    def version(self) -> int:
        try:
            row = self._conn().execute(sql.GET_VERSION).fetchone()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        return int(row[0])

    def clear(self) -> int:
        with self._write() as tx:
            tx.conn.execute(sql.CLEAR_RELS)
            tx.conn.execute(sql.CLEAR_NODES)
        log.info("store cleared", extra={"store": self.uri})
        return tx.version

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
            self._closed = True

    # -- backups ---------------------------------------------------------------------------

    def backup(self, path: Path) -> Snapshot:
        target = Path(path).expanduser()
        if target.exists():
            raise StoreError(f"{target} already exists: choose a new file for the backup")
        partial = target.with_name(target.name + ".partial")
        try:
            partial.unlink(missing_ok=True)
            with contextlib.closing(sqlite3.connect(partial)) as dest:
                # SQLite's online backup copies one consistent snapshot while writers go on.
                self._conn().backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            partial.replace(target)
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            raise _translate(exc, target) from None
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"cannot write the backup {target}: {exc.strerror}") from None
        return _snapshot_of(target)

    def restore(self, path: Path) -> Snapshot:
        source = Path(path).expanduser()
        figures = _snapshot_of(source)
        before = self.version()
        conn = self._conn()
        try:
            with contextlib.closing(sqlite3.connect(_read_only_uri(source), uri=True)) as src:
                src.backup(conn)
            # Above every version this store had, so nothing cached for one is reused.
            with self._write() as tx:
                tx.conn.execute(sql.SET_VERSION, (max(before, figures.version),))
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        log.info("store restored", extra={"store": self.uri, "from": str(source)})
        return Snapshot(str(source), figures.nodes, figures.relationships, tx.version)

    # -- writes ----------------------------------------------------------------------------

    def upsert_nodes(
        self,
        nodes: Iterable[Node],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        written, version = 0, self.version()
        for batch in chunked(nodes, batch_size):
            with self._write() as tx:
                stored = dict(self._lookup(tx.conn, sql.NODE_KINDS, [n.id for n in batch]))
                check_kinds(batch, stored)
                tx.conn.executemany(sql.UPSERT_NODE, [_node_row(n) for n in batch])
            version = tx.version
            written += len(batch)
            log.debug("nodes batch committed", extra={"rows": len(batch), "version": version})
            if progress:
                progress(len(batch))
        return WriteSummary(written, version)

    def upsert_relationships(
        self,
        relationships: Iterable[Relationship],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        written, version = 0, self.version()
        for batch in chunked(relationships, batch_size):
            with self._write() as tx:
                ends = list({e for r in batch for e in (r.source, r.target)})
                found = self._lookup(tx.conn, sql.NODE_REFS, ends)
                refs = {i: (nid, _KIND[k]) for i, nid, k in found}
                check_endpoints(batch, {i: k for i, (_, k) in refs.items()})
                nids = {i: nid for i, (nid, _) in refs.items()}
                tx.conn.executemany(sql.UPSERT_REL, [_rel_params(r, nids) for r in batch])
            version = tx.version
            written += len(batch)
            log.debug("relationships batch committed", extra={"rows": len(batch)})
            if progress:
                progress(len(batch))
        return WriteSummary(written, version)

    def delete_nodes(self, ids: Sequence[str]) -> DeleteSummary:
        with self._write() as tx:
            conn = tx.conn
            nids = [nid for _, nid, _ in self._lookup(conn, sql.NODE_REFS, list(ids))]
            before = conn.total_changes
            for part in chunked(nids, MAX_PARAMS):
                marks = sql.placeholders(len(part))
                conn.execute(sql.DELETE_RELS_FROM.format(ids=marks), part)
                conn.execute(sql.DELETE_RELS_TO.format(ids=marks), part)
            rels = conn.total_changes - before
            for part in chunked(nids, MAX_PARAMS):
                conn.execute(sql.DELETE_NODES.format(ids=sql.placeholders(len(part))), part)
        return DeleteSummary(nodes=len(nids), relationships=rels, version=tx.version)

    def delete_relationships(self, keys: Sequence[RelKey]) -> WriteSummary:
        canonical = [RelKey.of(*k) for k in keys]
        with self._write() as tx:
            before = tx.conn.total_changes
            rows = [(k.source, k.type.value, k.target) for k in canonical]
            tx.conn.executemany(sql.DELETE_REL, rows)
            removed = tx.conn.total_changes - before
        return WriteSummary(removed, tx.version)

    def merge_nodes(self, keep: str, others: Sequence[str]) -> MergeSummary:
        unique = check_merge_ids(keep, others)
        with self._write() as tx:
            conn = tx.conn
            rows = self._lookup(conn, sql.GET_NODES, [keep, *unique])
            found = {row[0]: _node_from_row(row) for row in rows}
            missing = [i for i in (keep, *unique) if i not in found]
            if missing:
                raise InvalidData.one("id", missing, "no node has this id")
            gone = [nid for _, nid, _ in self._lookup(conn, sql.NODE_REFS, list(unique))]
            marks = sql.placeholders(len(gone))
            rel_rows = conn.execute(sql.RELS_TOUCHING.format(ids=marks), gone + gone).fetchall()
            plan = plan_merge(
                found[keep], [found[i] for i in unique], [_rel_from_row(r) for r in rel_rows]
            )
            conn.execute(sql.DELETE_RELS_FROM.format(ids=marks), gone)
            conn.execute(sql.DELETE_RELS_TO.format(ids=marks), gone)
            conn.execute(sql.DELETE_NODES.format(ids=marks), gone)
            conn.execute(sql.REPOINT_PLACES.format(ids=sql.placeholders(len(unique))),
                         [keep, *unique])
            conn.execute(sql.UPSERT_NODE, _node_row(plan.node))
            refs = {i: nid for i, nid, _ in self._lookup(
                conn, sql.NODE_REFS, list({e for r in plan.relationships
                                           for e in (r.source, r.target)}))}
            conn.executemany(sql.UPSERT_REL, [_rel_params(r, refs) for r in plan.relationships])
        log.info("nodes merged", extra={"kept": keep, "merged": list(unique)})
        return MergeSummary(keep, unique, len(plan.relationships), len(plan.dropped), tx.version)

    def erase_person(self, node_id: str) -> ErasureSummary:
        with self._write() as tx:
            conn = tx.conn
            rows = self._lookup(conn, sql.GET_NODES, [node_id])
            if not rows:
                raise InvalidData.one("id", node_id, "no node has this id")
            person = _node_from_row(rows[0])
            if person.kind is not NodeKind.PERSON:
                raise InvalidData.one(
                    "id", node_id, f"is a {person.kind.value}; only people are erased"
                )
            [(_, nid, _)] = self._lookup(conn, sql.NODE_REFS, [node_id])
            before = conn.total_changes
            conn.execute(sql.DELETE_RELS_FROM.format(ids="?"), (nid,))
            conn.execute(sql.DELETE_RELS_TO.format(ids="?"), (nid,))
            rels = conn.total_changes - before
            conn.execute(sql.DELETE_NODES.format(ids="?"), (nid,))
            terms = erase_terms(person)
            passages = 0
            for find, update in (
                (sql.NODES_MENTIONING, sql.SET_NODE_SOURCES),
                (sql.RELS_MENTIONING, sql.SET_REL_SOURCES),
            ):
                candidates = conn.execute(find, (stored_needles(terms),)).fetchall()
                for key, stored in candidates:
                    clean, changed = scrub_sources(json.loads(stored), terms)
                    if changed:
                        conn.execute(update, (_dump(clean), key))
                        passages += changed
            recorded = [Introduction.from_dict(json.loads(r[0]))
                      for r in conn.execute(sql.LIST_INTRODUCTIONS)]
            removed, rewritten = forget_introductions(recorded, node_id, terms)
            conn.executemany(sql.DELETE_INTRODUCTION, [(i.a, i.b) for i in removed])
            conn.executemany(
                sql.SET_INTRODUCTION,
                [(_ENCODE(i.to_dict()), i.a, i.b) for i in rewritten],
            )
            erased_at = utc_now().isoformat()
            conn.executemany(
                sql.ADD_TOMBSTONE,
                [(k, erased_at) for k in tombstone_keys(node_id, (person.name, *person.aliases))],
            )
        return ErasureSummary(rels, passages, len(person.properties), tx.version,
                              len(removed) + len(rewritten))

    def tombstoned(self, keys: Iterable[str]) -> set[str]:
        with self._read() as conn:
            rows = self._lookup(conn, sql.FIND_TOMBSTONES, list(set(keys)))
        return {key for (key,) in rows}

    # -- records beside the graph ----------------------------------------------------------

    def _record(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            rows = conn.execute(statement, params).fetchall()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise _translate(exc, self.path) from None
        return rows

    def record_audit(self, entry: AuditEntry) -> AuditEntry:
        [(seq,)] = self._record(sql.APPEND_AUDIT, (_ENCODE(entry.to_dict()),))
        return replace(entry, seq=int(seq))

    def audit_log(self, *, limit: int = 100, after: int = 0) -> list[AuditEntry]:
        with self._read() as conn:
            rows = conn.execute(sql.LIST_AUDIT, (after, limit)).fetchall()
        return [AuditEntry.from_dict(json.loads(record), seq) for seq, record in rows]

    def record_run(self, run: LoadRun) -> None:
        self._record(sql.UPSERT_RUN, (run.id, run.started.isoformat(), _ENCODE(run.to_dict())))

    def load_runs(self, *, limit: int = 50) -> list[LoadRun]:
        with self._read() as conn:
            rows = conn.execute(sql.LIST_RUNS, (limit,)).fetchall()
        return [LoadRun.from_dict(json.loads(r[0])) for r in rows]

    def record_introduction(self, introduction: Introduction) -> None:
        record = _ENCODE(introduction.to_dict())
        self._record(sql.UPSERT_INTRODUCTION, (introduction.a, introduction.b, record))

    def introductions(self) -> list[Introduction]:
        with self._read() as conn:
            rows = conn.execute(sql.LIST_INTRODUCTIONS).fetchall()
        return [Introduction.from_dict(json.loads(r[0])) for r in rows]

    # -- reads -----------------------------------------------------------------------------

    def get_nodes(self, ids: Sequence[str], *, clearance: Visibility = ALL) -> list[Node]:
        with self._read() as conn:
            rows = self._lookup(conn, sql.GET_NODES, list(dict.fromkeys(ids)))
        found = {row[0]: _node_from_row(row) for row in rows}
        return [found[i] for i in ids if i in found and clearance.allows(found[i].level)]

    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        with self._read() as conn:
            rows = self._lookup(conn, sql.NODE_KINDS, list(set(ids)))
        return {node_id: _KIND[kind] for node_id, kind in rows}

    def get_relationships(
        self, keys: Sequence[RelKey], *, clearance: Visibility = ALL
    ) -> list[Relationship]:
        out = []
        with self._read() as conn:
            for key in (RelKey.of(*k) for k in keys):
                row = conn.execute(sql.GET_REL, (key.source, key.type.value, key.target)).fetchone()
                if row and clearance.allows(_LEVEL[row[9]]) and clearance.allows(_LEVEL[row[10]]):
                    out.append(_rel_from_row(row))
        return out

    def find_nodes(self, query: NodeQuery) -> Page:
        levels = query.clearance.visible_levels()
        statement = sql.FIND_NODES.format(levels=sql.placeholders(len(levels)))
        params: list[Any] = [v.value for v in levels]
        if query.kinds is not None:
            statement += sql.FIND_KIND.format(kinds=sql.placeholders(len(query.kinds)))
            params += sorted(k.value for k in query.kinds) or [""]
        if query.scales is not None:
            statement += sql.FIND_SCALE.format(scales=sql.placeholders(len(query.scales)))
            params += sorted(s.value for s in query.scales) or [""]
        if query.text:
            statement += sql.FIND_TEXT
            params.append(query.text)  # NodeQuery folded it (search_part)
        if query.after is not None:
            key, node_id = decode_cursor(query.after)
            statement += sql.FIND_AFTER
            params += [key, key, node_id]
        statement += sql.FIND_ORDER
        params.append(query.first + 1)
        with self._read() as conn:
            rows = conn.execute(statement, params).fetchall()
        return page_of([_node_from_row(r) for r in rows], query.first)

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
        visible = _VISIBLE[clearance]
        result: list[Neighbour] = []
        nodes: dict[str, Node] = {}
        with self._read() as conn:
            for part in chunked(origins, MAX_PARAMS // 2):
                statement = sql.NEIGHBOURS.format(ids=sql.placeholders(len(part)))
                for row in conn.execute(statement, part + part):
                    origin, rel_row, node_row = row[0], row[1:12], row[12:]
                    # Filter on the raw row, before building anything: hubs have hundreds.
                    if not _admits(types, kinds, visible, rel_row[1], node_row[1],
                                   rel_row[9], rel_row[10]):
                        continue
                    node = nodes.get(node_row[0])
                    if node is None:
                        node = nodes[node_row[0]] = _node_from_row(node_row)
                    result.append(Neighbour(origin, _rel_from_row(rel_row), node))
        rank = {origin: i for i, origin in enumerate(origins)}
        result.sort(key=lambda n: (rank[n.origin], n.relationship.type.value, n.node.id))
        return result

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
        visible = _VISIBLE[clearance]
        firsts: dict[str, dict[str, str]] = {}  # origin -> neighbour -> first type reaching it
        rows: dict[str, Sequence[Any]] = {}
        with self._read() as conn:
            for part in chunked(origins, MAX_PARAMS // 2):
                statement = sql.NEIGHBOUR_NODES.format(ids=sql.placeholders(len(part)))
                for row in conn.execute(statement, part + part):
                    origin, rel_type, origin_level, node_row = row[0], row[1], row[2], row[3:]
                    if not _admits(types, kinds, visible, rel_type, node_row[1],
                                   origin_level, node_row[7]):
                        continue
                    node_id = node_row[0]
                    reached = firsts.setdefault(origin, {})
                    earlier = reached.get(node_id)
                    if earlier is None or rel_type < earlier:
                        reached[node_id] = rel_type
                    rows[node_id] = node_row
        # Nodes are built only once cut to `first`: a hub's thousand neighbours are rows, not
        # a thousand parsed records of which fifty are wanted.
        nodes: dict[str, Node] = {}
        found = {}
        for origin in origins:
            if origin in firsts:
                order = sorted(firsts[origin].items(), key=lambda item: (item[1], item[0]))
                found[origin] = [
                    nodes[node_id] if node_id in nodes
                    else nodes.setdefault(node_id, _node_from_row(rows[node_id]))
                    for node_id, _ in order[:first]
                ]
        return found

    def counts(self, *, clearance: Visibility = ALL) -> Counts:
        levels = [v.value for v in clearance.visible_levels()]
        marks = sql.placeholders(len(levels))
        with self._read() as conn:
            if clearance is ALL:
                node_rows = conn.execute(sql.COUNT_NODES_ALL).fetchall()
                rel_rows = conn.execute(sql.COUNT_RELS_ALL).fetchall()
            else:
                node_rows = conn.execute(sql.COUNT_NODES.format(levels=marks), levels).fetchall()
                rel_rows = conn.execute(
                    sql.COUNT_RELS.format(levels=marks), levels + levels
                ).fetchall()
        return Counts(
            nodes={_KIND[k]: n for k, n in node_rows},
            relationships={_TYPE[t]: n for t, n in rel_rows},
        )

    def iter_nodes(self, *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[Node]]:
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(sql.ITER_NODES, (last, batch_size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [_node_from_row(r[1:]) for r in rows]

    def iter_relationships(
        self, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Relationship]]:
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(sql.ITER_RELS, (last, batch_size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [_rel_from_row(r[1:]) for r in rows]

    def to_networkx(self, graph_filter: GraphFilter | None = None) -> nx.MultiDiGraph:
        want = graph_filter or GraphFilter()
        with paused_gc():
            graph = self._to_networkx(want)
        return graph if want.as_of is None else as_of(graph, want.as_of)

    def _to_networkx(self, want: GraphFilter) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        ids: dict[int, str] = {}
        with self._read() as conn:
            node_sql = sql.GRAPH_NODES if want.with_sources else sql.GRAPH_NODES_LEAN
            wanted_props = want.properties
            for row in conn.execute(node_sql):
                nid, node_id, kind, name, scale, place, level, sources, props = row
                kind_, scale_, level_ = _KIND[kind], _SCALE.get(scale), _LEVEL[level]
                if not want.admits(kind_, scale_, level_):
                    continue
                if want.ids is not None and node_id not in want.ids:
                    continue
                attrs: dict[str, Any] = {"kind": kind_, "name": name, "visibility": level_}
                if scale_:
                    attrs["scale"] = scale_
                if place:
                    attrs["place"] = place
                if sources:
                    attrs["sources"] = tuple(s["id"] for s in json.loads(sources))
                if wanted_props and props:
                    attrs.update(
                        (k, v) for k, v in json.loads(props).items() if k in wanted_props
                    )
                graph.add_node(node_id, **attrs)
                ids[nid] = node_id
            rel_sql = sql.GRAPH_RELS if want.with_sources else sql.GRAPH_RELS_LEAN
            graph.add_edges_from(_edges(conn.execute(rel_sql), ids, want.types))
        return graph


def _edges(
    rows: Iterable[tuple[Any, ...]], ids: dict[int, str], types: frozenset[RelType] | None
) -> Iterator[tuple[str, str, RelType, dict[str, Any]]]:
    for src, rel_type, tgt, role, since, until, weight, sources in rows:
        u, v = ids.get(src), ids.get(tgt)
        type_ = _TYPE[rel_type]
        if u is None or v is None or (types is not None and type_ not in types):
            continue
        attrs: dict[str, Any] = {"type": type_}
        if role is not None:
            attrs["role"] = role
        if since is not None:
            attrs["since"] = since
        if until is not None:
            attrs["until"] = until
        if weight is not None:
            attrs["weight"] = weight
        if sources:
            attrs["sources"] = tuple(s["id"] for s in json.loads(sources))
        yield u, v, type_, attrs
