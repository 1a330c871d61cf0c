"""Every SQL statement the embedded store runs, as named constants.

Values always travel as parameters. The only text ever spliced into a statement is a run of
``?`` placeholders whose length the store computes (see :func:`placeholders`).
"""

from __future__ import annotations

SCHEMA_VERSION = 1

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    # FULL: a committed batch survives a power cut too, not only a killed process.
    "PRAGMA synchronous=FULL",
    # Checkpoint every ~80 MiB of WAL rather than every 4 MiB: a batch of random index
    # inserts dirties many pages, and copying them back after each commit dominated loads.
    "PRAGMA wal_autocheckpoint=20000",
    "PRAGMA foreign_keys=OFF",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-65536",
    # Read the file through a memory map: a page read costs a memory access, not a system
    # call and a copy. Neighbours of a person on the 100k network: 238 -> 129 us of SQL.
    "PRAGMA mmap_size=1073741824",
)

DDL = (
    """
    CREATE TABLE IF NOT EXISTS meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS nodes (
        nid         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        sort_key    TEXT NOT NULL,
        search      TEXT NOT NULL,
        scale       TEXT,
        place       TEXT,
        description TEXT,
        url         TEXT,
        visibility  TEXT NOT NULL,
        aliases     TEXT,
        properties  TEXT,
        sources     TEXT
    )
    """,
    "CREATE INDEX IF NOT EXISTS nodes_by_name ON nodes (sort_key, id)",
    "CREATE INDEX IF NOT EXISTS nodes_by_kind_name ON nodes (kind, sort_key, id)",
    """
    CREATE TABLE IF NOT EXISTS rels (
        rid        INTEGER PRIMARY KEY,
        src        INTEGER NOT NULL,
        type       TEXT NOT NULL,
        tgt        INTEGER NOT NULL,
        role       TEXT,
        since      TEXT,
        until      TEXT,
        weight     REAL,
        properties TEXT,
        sources    TEXT,
        UNIQUE (src, type, tgt)
    )
    """,
    "CREATE INDEX IF NOT EXISTS rels_by_target ON rels (tgt, type)",
    # Records beside the graph, each one JSON document (graph.records) under its key.
    """
    CREATE TABLE IF NOT EXISTS runs (
        id      TEXT PRIMARY KEY,
        started TEXT NOT NULL,
        record  TEXT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started)",
    """
    CREATE TABLE IF NOT EXISTS audit (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        record TEXT NOT NULL
    )
    """,
    # The audit log is append-only, whoever opens the file.
    """
    CREATE TRIGGER IF NOT EXISTS audit_never_updated BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are never changed'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS audit_never_deleted BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are never deleted'); END
    """,
    """
    CREATE TABLE IF NOT EXISTS tombstones (
        key       TEXT PRIMARY KEY,
        erased_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS introductions (
        a      TEXT NOT NULL,
        b      TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (a, b)
    )
    """,
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0)",
    f"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', {SCHEMA_VERSION})",
)

GET_SCHEMA_VERSION = "SELECT value FROM meta WHERE key = 'schema'"
GET_VERSION = "SELECT value FROM meta WHERE key = 'version'"
BUMP_VERSION = "UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value"

NODE_COLUMNS = (
    "id, kind, name, scale, place, description, url, visibility, aliases, properties, sources"
)

UPSERT_NODE = """
INSERT INTO nodes (id, kind, name, sort_key, search, scale, place, description, url,
                   visibility, aliases, properties, sources)
VALUES (:id, :kind, :name, :sort_key, :search, :scale, :place, :description, :url,
        coalesce(:visibility, :default_visibility), :aliases, :properties, :sources)
ON CONFLICT (id) DO UPDATE SET
    name        = excluded.name,
    sort_key    = excluded.sort_key,
    scale       = coalesce(excluded.scale, scale),
    place       = coalesce(excluded.place, place),
    description = coalesce(excluded.description, description),
    url         = coalesce(excluded.url, url),
    visibility  = coalesce(:visibility, visibility),
    aliases     = convene_merge_list(aliases, excluded.aliases),
    search      = convene_search(excluded.name, convene_merge_list(aliases, excluded.aliases)),
    properties  = convene_merge_object(properties, excluded.properties),
    sources     = convene_merge_sources(sources, excluded.sources)
"""

UPSERT_REL = """
INSERT INTO rels (src, type, tgt, role, since, until, weight, properties, sources)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (src, type, tgt) DO UPDATE SET
    role       = coalesce(excluded.role, role),
    since      = coalesce(excluded.since, since),
    until      = coalesce(excluded.until, until),
    weight     = coalesce(excluded.weight, weight),
    properties = convene_merge_object(properties, excluded.properties),
    sources    = convene_merge_sources(sources, excluded.sources)
"""

# The following take a run of placeholders: .format(ids=placeholders(n)).
NODE_KINDS = "SELECT id, kind FROM nodes WHERE id IN ({ids})"
NODE_REFS = "SELECT id, nid, kind FROM nodes WHERE id IN ({ids})"
GET_NODES = f"SELECT {NODE_COLUMNS} FROM nodes WHERE id IN ({{ids}})"
DELETE_RELS_FROM = "DELETE FROM rels WHERE src IN ({ids})"
DELETE_RELS_TO = "DELETE FROM rels WHERE tgt IN ({ids})"
DELETE_NODES = "DELETE FROM nodes WHERE nid IN ({ids})"

DELETE_REL = """
DELETE FROM rels
WHERE src = (SELECT nid FROM nodes WHERE id = ?) AND type = ?
  AND tgt = (SELECT nid FROM nodes WHERE id = ?)
"""

REL_COLUMNS = """
    s.id, r.type, t.id, r.role, r.since, r.until, r.weight, r.properties, r.sources,
    s.visibility, t.visibility
"""

GET_REL = f"""
SELECT {REL_COLUMNS}
FROM rels r JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
WHERE s.id = ? AND r.type = ? AND t.id = ?
"""

# Neighbours: the origin's relationships in both directions, with the whole node at the other
# end (read here rather than looked up again: that second lookup cost as much as this query).
OTHER_NODE_COLUMNS = ", ".join(f"n.{column.strip()}" for column in NODE_COLUMNS.split(","))
NEIGHBOURS = f"""
SELECT o.id, {REL_COLUMNS}, {OTHER_NODE_COLUMNS}
FROM nodes o
JOIN rels r ON r.src = o.nid
JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
JOIN nodes n ON n.nid = r.tgt
WHERE o.id IN ({{ids}})
UNION ALL
SELECT o.id, {REL_COLUMNS}, {OTHER_NODE_COLUMNS}
FROM nodes o
JOIN rels r ON r.tgt = o.nid
JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
JOIN nodes n ON n.nid = r.src
WHERE o.id IN ({{ids}})
"""

# Only what decides which neighbours the reader may see, and in what order: the type, the
# origin's visibility (the other end's is among the node columns).
NEIGHBOUR_NODES = f"""
SELECT o.id, r.type, o.visibility, {OTHER_NODE_COLUMNS}
FROM nodes o JOIN rels r ON r.src = o.nid JOIN nodes n ON n.nid = r.tgt
WHERE o.id IN ({{ids}})
UNION ALL
SELECT o.id, r.type, o.visibility, {OTHER_NODE_COLUMNS}
FROM nodes o JOIN rels r ON r.tgt = o.nid JOIN nodes n ON n.nid = r.src
WHERE o.id IN ({{ids}})
"""

COUNT_NODES = "SELECT kind, count(*) FROM nodes WHERE visibility IN ({levels}) GROUP BY kind"
COUNT_RELS = """
SELECT r.type, count(*)
FROM rels r JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
WHERE s.visibility IN ({levels}) AND t.visibility IN ({levels})
GROUP BY r.type
"""
COUNT_NODES_ALL = "SELECT kind, count(*) FROM nodes GROUP BY kind"
COUNT_RELS_ALL = "SELECT type, count(*) FROM rels GROUP BY type"

# find_nodes is assembled from these fixed fragments only; every value is a parameter.
FIND_NODES = f"SELECT {NODE_COLUMNS} FROM nodes WHERE visibility IN ({{levels}})"
FIND_KIND = " AND kind IN ({kinds})"
FIND_SCALE = " AND scale IN ({scales})"
FIND_TEXT = " AND instr(search, ?) > 0"
FIND_AFTER = " AND (sort_key > ? OR (sort_key = ? AND id > ?))"
FIND_ORDER = " ORDER BY sort_key, id LIMIT ?"

ITER_NODES = f"SELECT nid, {NODE_COLUMNS} FROM nodes WHERE nid > ? ORDER BY nid LIMIT ?"
ITER_RELS = f"""
SELECT r.rid, {REL_COLUMNS}
FROM rels r JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
WHERE r.rid > ? ORDER BY r.rid LIMIT ?
"""

GRAPH_NODES = (
    "SELECT nid, id, kind, name, scale, place, visibility, sources, properties FROM nodes"
)
GRAPH_NODES_LEAN = (
    "SELECT nid, id, kind, name, scale, place, visibility, NULL, properties FROM nodes"
)
GRAPH_RELS = "SELECT src, type, tgt, role, since, until, weight, sources FROM rels"
GRAPH_RELS_LEAN = "SELECT src, type, tgt, role, since, until, weight, NULL FROM rels"

# merge_nodes: every relationship touching the merged-away nodes, and places pointing at them.
RELS_TOUCHING = f"""
SELECT {REL_COLUMNS}
FROM rels r JOIN nodes s ON s.nid = r.src JOIN nodes t ON t.nid = r.tgt
WHERE r.src IN ({{ids}}) OR r.tgt IN ({{ids}})
"""
REPOINT_PLACES = "UPDATE nodes SET place = ? WHERE place IN ({ids})"

UPSERT_RUN = """
INSERT INTO runs (id, started, record) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET record = excluded.record
"""
LIST_RUNS = "SELECT record FROM runs ORDER BY started DESC, rowid DESC LIMIT ?"
UPSERT_INTRODUCTION = """
INSERT INTO introductions (a, b, record) VALUES (?, ?, ?)
ON CONFLICT (a, b) DO UPDATE SET record = excluded.record
"""
LIST_INTRODUCTIONS = "SELECT record FROM introductions ORDER BY rowid"
DELETE_INTRODUCTION = "DELETE FROM introductions WHERE a = ? AND b = ?"
SET_INTRODUCTION = "UPDATE introductions SET record = ? WHERE a = ? AND b = ?"
NODES_MENTIONING = "SELECT nid, sources FROM nodes WHERE convene_mentions(sources, ?)"
RELS_MENTIONING = "SELECT rid, sources FROM rels WHERE convene_mentions(sources, ?)"
SET_NODE_SOURCES = "UPDATE nodes SET sources = ? WHERE nid = ?"
SET_REL_SOURCES = "UPDATE rels SET sources = ? WHERE rid = ?"
ADD_TOMBSTONE = "INSERT OR IGNORE INTO tombstones (key, erased_at) VALUES (?, ?)"
FIND_TOMBSTONES = "SELECT key FROM tombstones WHERE key IN ({ids})"
APPEND_AUDIT = "INSERT INTO audit (record) VALUES (?) RETURNING seq"
LIST_AUDIT = "SELECT seq, record FROM audit WHERE seq > ? ORDER BY seq LIMIT ?"

SNAPSHOT_FIGURES = """
SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM rels),
       (SELECT value FROM meta WHERE key = 'version'),
       (SELECT value FROM meta WHERE key = 'schema')
"""
SET_VERSION = "UPDATE meta SET value = ? WHERE key = 'version'"

CLEAR_RELS = "DELETE FROM rels"
CLEAR_NODES = "DELETE FROM nodes"


def placeholders(count: int) -> str:
    """``?, ?, …`` for ``count`` parameters (at least one, so ``IN ()`` never appears)."""
    return ", ".join("?" * max(count, 1))
