"""Every Cypher statement the Neo4j store runs, as named constants.

Values always travel as parameters (``$name``). Cypher cannot parameterise a label or a
relationship type, so the statements that need one are built here, once, at import, for each
member of :class:`~graph.vocabulary.NodeKind` and :class:`~graph.vocabulary.RelType`; the store
looks them up by enum member and never splices a caller's string into a statement.

Everything here runs on every Neo4j 5.x from 5.0 on, Community edition: no APOC, no GDS, no
``COLLECT {}``/``COUNT {}`` subqueries, no dynamic labels, no relationship key constraints.

Layout in the database:

- every node has the label :data:`NODE` plus its kind's label, and the properties ``id``,
  ``kind``, ``name``, ``sort_key`` (the case-folded name), ``search`` (what a text search
  looks in), the optional fields, ``visibility``, ``aliases`` with ``alias_keys`` (their
  case-folded forms, in step), free properties as one JSON string each under
  ``prop.<name>``, and its sources as two lists in step: ``source_ids`` and ``sources`` (each
  source as a JSON string);
- a relationship is stored once, from its source to its target (symmetric types in sorted
  order), with ``role``, ``since``/``until`` (ISO dates), ``weight``, ``prop.<name>`` and the
  same two source lists;
- one :data:`META` node holds the graph ``version``, raised by every write transaction.
"""

from __future__ import annotations

import re

from graph.vocabulary import NodeKind, RelType

SCHEMA_VERSION = 1

NODE = "Node"
"""The label every Convene node carries besides its kind's."""
META = "ConveneMeta"
"""The label of the single node holding the graph version."""
RUN = "ConveneRun"
"""The label of a load run's record (never a :data:`NODE`, so never part of the graph)."""
INTRODUCTION = "ConveneIntroduction"
"""The label of an introduction's record."""
AUDIT = "ConveneAudit"
"""The label of an audit entry's record."""
TOMBSTONE = "ConveneTombstone"
"""The label of an erased person's tombstone (digests only)."""
INTERNAL_LABELS = frozenset({NODE, META, RUN, INTRODUCTION, AUDIT, TOMBSTONE})

_IDENTIFIER = re.compile(r"^[A-Z][A-Za-z_]*$")
for _name in [*(k.value for k in NodeKind), *(t.value for t in RelType), *INTERNAL_LABELS]:
    # A label or type is spliced into statement text, so it must be a plain identifier.
    if not _IDENTIFIER.match(_name):
        raise ValueError(f"{_name!r} cannot be used as a Cypher label or relationship type")

# -- schema ------------------------------------------------------------------------------------

SCHEMA = (
    "CREATE CONSTRAINT convene_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT convene_meta_key IF NOT EXISTS FOR (m:ConveneMeta) REQUIRE m.key IS UNIQUE",
    # find_nodes walks this index in order (then sorts equal keys by id) and stops at a page.
    "CREATE INDEX convene_node_sort_key IF NOT EXISTS FOR (n:Node) ON (n.sort_key)",
    "CREATE INDEX convene_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
    "CREATE INDEX convene_node_scale IF NOT EXISTS FOR (n:Node) ON (n.scale)",
    "CREATE INDEX convene_node_visibility IF NOT EXISTS FOR (n:Node) ON (n.visibility)",
    "CREATE TEXT INDEX convene_node_search IF NOT EXISTS FOR (n:Node) ON (n.search)",
    "CREATE CONSTRAINT convene_run_id IF NOT EXISTS FOR (r:ConveneRun) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT convene_introduction_key IF NOT EXISTS "
    "FOR (i:ConveneIntroduction) REQUIRE i.key IS UNIQUE",
    "CREATE CONSTRAINT convene_audit_seq IF NOT EXISTS "
    "FOR (a:ConveneAudit) REQUIRE a.seq IS UNIQUE",
    "CREATE CONSTRAINT convene_tombstone_key IF NOT EXISTS "
    "FOR (t:ConveneTombstone) REQUIRE t.key IS UNIQUE",
)

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

INIT_META = """
MERGE (m:ConveneMeta {key: 'graph'})
ON CREATE SET m.version = 0, m.schema = $schema
RETURN m.version AS version, m.schema AS schema
"""

PING = "RETURN 1 AS ok"

GET_VERSION = """
OPTIONAL MATCH (m:ConveneMeta {key: 'graph'})
RETURN coalesce(m.version, 0) AS version
"""

# Setting a property first takes the meta node's write lock, so the read of the version that
# follows cannot interleave with another writer's (no lost update between concurrent batches).
BUMP_VERSION = """
MERGE (m:ConveneMeta {key: 'graph'})
SET m.lock = true
WITH m
SET m.version = coalesce(m.version, 0) + 1
REMOVE m.lock
RETURN m.version AS version
"""

# -- node writes -------------------------------------------------------------------------------

NODE_KINDS = """
MATCH (n:Node)
WHERE n.id IN $ids
RETURN n.id AS id, n.kind AS kind
"""

# Sources merge by id like graph.model.merge_sources: stored ones keep their place (a newer
# record of the same id replacing them there), then the new ids in the order given.
_MERGE_SOURCES = """
    {v}.sources = [i IN range(0, size(old_ids) - 1) |
        CASE WHEN old_ids[i] IN row.source_ids
        THEN row.sources[[j IN range(0, size(row.source_ids) - 1)
                          WHERE row.source_ids[j] = old_ids[i]][0]]
        ELSE old_sources[i] END]
      + [j IN range(0, size(row.source_ids) - 1)
         WHERE NOT row.source_ids[j] IN old_ids | row.sources[j]],
    {v}.source_ids = old_ids + [s IN row.source_ids WHERE NOT s IN old_ids]"""


def _upsert_nodes(kind: NodeKind) -> str:
    return f"""
UNWIND $rows AS row
MERGE (n:Node {{id: row.id}})
ON CREATE SET n:{kind.value}, n.kind = row.kind, n.visibility = row.default_visibility
SET n.name = row.name,
    n.sort_key = row.sort_key,
    n.scale = coalesce(row.scale, n.scale),
    n.place = coalesce(row.place, n.place),
    n.description = coalesce(row.description, n.description),
    n.url = coalesce(row.url, n.url),
    n.visibility = coalesce(row.visibility, n.visibility),
    n += row.props
WITH n, row,
     coalesce(n.aliases, []) AS old_aliases,
     coalesce(n.alias_keys, []) AS old_keys,
     coalesce(n.source_ids, []) AS old_ids,
     coalesce(n.sources, []) AS old_sources
WITH n, row, old_ids, old_sources, old_aliases, old_keys,
     [i IN range(0, size(row.aliases) - 1) WHERE NOT row.aliases[i] IN old_aliases] AS fresh
WITH n, row, old_ids, old_sources,
     old_aliases + [i IN fresh | row.aliases[i]] AS aliases,
     old_keys + [i IN fresh | row.alias_keys[i]] AS alias_keys
SET n.aliases = aliases,
    n.alias_keys = alias_keys,
    n.search = reduce(text = row.search_key, key IN alias_keys | text + '\\n' + key),
{_MERGE_SOURCES.format(v="n")}
RETURN count(*) AS written
"""


UPSERT_NODES: dict[NodeKind, str] = {kind: _upsert_nodes(kind) for kind in NodeKind}
"""Merge a batch of nodes of one kind (``$rows``, one per id, see ``neo4j_codec.node_row``)."""

DELETE_NODE_RELS = """
MATCH (n:Node)-[r]-()
WHERE n.id IN $ids
WITH DISTINCT r
DELETE r
RETURN count(*) AS removed
"""

DELETE_NODES = """
MATCH (n:Node)
WHERE n.id IN $ids
DELETE n
RETURN count(*) AS removed
"""

CLEAR_BATCH = """
MATCH (n:Node)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS removed
"""

# -- relationship writes -----------------------------------------------------------------------


def _upsert_rels(rel_type: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Node {{id: row.source}})
MATCH (t:Node {{id: row.target}})
MERGE (s)-[r:{rel_type.value}]->(t)
SET r.role = coalesce(row.role, r.role),
    r.since = coalesce(row.since, r.since),
    r.until = coalesce(row.until, r.until),
    r.weight = coalesce(row.weight, r.weight),
    r += row.props
WITH r, row, coalesce(r.source_ids, []) AS old_ids, coalesce(r.sources, []) AS old_sources
SET
{_MERGE_SOURCES.format(v="r")}
RETURN count(*) AS written
"""


def _delete_rels(rel_type: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Node {{id: row.source}})-[r:{rel_type.value}]->(t:Node {{id: row.target}})
DELETE r
RETURN count(*) AS removed
"""


UPSERT_RELS: dict[RelType, str] = {t: _upsert_rels(t) for t in RelType}
"""Merge a batch of relationships of one type (``$rows``, one per key)."""
DELETE_RELS: dict[RelType, str] = {t: _delete_rels(t) for t in RelType}
"""Delete relationships of one type by ``$rows`` of ``{source, target}``."""

# -- merges ------------------------------------------------------------------------------------

RELS_TOUCHING = """
MATCH (n:Node)-[r]-(:Node)
WHERE n.id IN $ids
WITH DISTINCT r
MATCH (s:Node)-[r]->(t:Node)
RETURN s.id AS source, type(r) AS type, t.id AS target, r {.*} AS rel
"""

REPOINT_PLACES = """
MATCH (n:Node)
WHERE n.place IN $ids
SET n.place = $keep
RETURN count(n) AS moved
"""

# -- erasure -----------------------------------------------------------------------------------

NODES_MENTIONING = """
MATCH (n:Node)
WHERE any(s IN coalesce(n.sources, []) WHERE
          any(term IN $terms WHERE toLower(s) CONTAINS term))
RETURN n.id AS key, n.sources AS sources
"""

RELS_MENTIONING = """
MATCH (:Node)-[r]->(:Node)
WHERE any(s IN coalesce(r.sources, []) WHERE
          any(term IN $terms WHERE toLower(s) CONTAINS term))
RETURN elementId(r) AS key, r.sources AS sources
"""

SET_NODE_SOURCES = """
UNWIND $rows AS row
MATCH (n:Node {id: row.key})
SET n.sources = row.sources
"""

SET_REL_SOURCES = """
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.key
SET r.sources = row.sources
"""

ADD_TOMBSTONES = """
UNWIND $keys AS key
MERGE (t:ConveneTombstone {key: key})
ON CREATE SET t.erased_at = $erased_at
"""

FIND_TOMBSTONES = """
MATCH (t:ConveneTombstone)
WHERE t.key IN $keys
RETURN t.key AS key
"""

# -- records beside the graph ------------------------------------------------------------------

UPSERT_RUN = """
MERGE (r:ConveneRun {id: $id})
SET r.started = $started, r.record = $record
"""

LIST_RUNS = """
MATCH (r:ConveneRun)
RETURN r.record AS record
ORDER BY r.started DESC, r.id DESC
LIMIT $limit
"""

UPSERT_INTRODUCTION = """
MERGE (i:ConveneIntroduction {key: $key})
ON CREATE SET i.first_recorded = $recorded_at
SET i.record = $record
"""

LIST_INTRODUCTIONS = """
MATCH (i:ConveneIntroduction)
RETURN i.record AS record
ORDER BY i.first_recorded, i.key
"""

DELETE_INTRODUCTIONS = """
MATCH (i:ConveneIntroduction) WHERE i.key IN $keys
DELETE i
"""

SET_INTRODUCTIONS = """
UNWIND $rows AS row
MATCH (i:ConveneIntroduction {key: row.key})
SET i.record = row.record
"""

# The sequence lives on the meta node, whose write lock serialises concurrent appends.
APPEND_AUDIT = """
MERGE (m:ConveneMeta {key: 'graph'})
SET m.audit_seq = coalesce(m.audit_seq, 0) + 1
CREATE (a:ConveneAudit {seq: m.audit_seq, record: $record})
RETURN a.seq AS seq
"""

LIST_AUDIT = """
MATCH (a:ConveneAudit)
WHERE a.seq > $after
RETURN a.seq AS seq, a.record AS record
ORDER BY a.seq
LIMIT $limit
"""

# -- reads -------------------------------------------------------------------------------------

GET_NODES = """
MATCH (n:Node)
WHERE n.id IN $ids AND n.visibility IN $levels
RETURN n {.*} AS node
"""


def _get_rels(rel_type: RelType) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:Node {{id: row.source}})-[r:{rel_type.value}]->(t:Node {{id: row.target}})
WHERE s.visibility IN $levels AND t.visibility IN $levels
RETURN s.id AS source, t.id AS target, r {{.*}} AS rel
"""


GET_RELS: dict[RelType, str] = {t: _get_rels(t) for t in RelType}

# With no cursor, $after_key and $after_id are '' and the first two conditions always hold
# (names and ids are never empty); one statement then serves every page. The page is cut in
# the WITH (so only its rows are projected) and ordered again in the RETURN, which is what
# fixes the order of the result; the cursor is then the last row as Neo4j ordered it.
FIND_NODES = """
MATCH (n:Node)
WHERE n.sort_key >= $after_key
  AND (n.sort_key > $after_key OR n.id > $after_id)
  AND n.visibility IN $levels
  AND ($kinds IS NULL OR n.kind IN $kinds)
  AND ($scales IS NULL OR n.scale IN $scales)
  AND ($text IS NULL OR n.search CONTAINS $text)
WITH n
ORDER BY n.sort_key, n.id
LIMIT $limit
RETURN n {.*} AS node
ORDER BY n.sort_key, n.id
"""

# The ties from each of $ids that the reader may see (both ends within $levels), through
# $types to $kinds (null: any); one pattern for both neighbour reads, so they cannot differ
# in what they let through.
_NEIGHBOUR_TIES = """
UNWIND $ids AS origin
MATCH (o:Node {id: origin})-[r]-(n:Node)
WHERE o.visibility IN $levels AND n.visibility IN $levels
  AND ($types IS NULL OR type(r) IN $types)
  AND ($kinds IS NULL OR n.kind IN $kinds)
"""

NEIGHBOURS = _NEIGHBOUR_TIES + """\
RETURN origin, type(r) AS type, startNode(r) = o AS outgoing, r {.*} AS rel, n {.*} AS node
"""

# Each neighbour once per origin, with the first type (by name) that reaches it: the order
# neighbours() first gives it in. At most $first for each origin (null: all), projected only
# once cut, so a hub's thousands are not all sent.
NEIGHBOUR_NODES = _NEIGHBOUR_TIES + """\
WITH origin, n, min(type(r)) AS first_type
ORDER BY first_type, n.id
WITH origin, collect([first_type, n]) AS reached
UNWIND CASE WHEN $first IS NULL THEN reached ELSE reached[..$first] END AS pair
WITH origin, pair[0] AS first_type, pair[1] AS n
RETURN origin, first_type AS first, n {.*} AS node
"""

COUNT_NODES = """
MATCH (n:Node)
WHERE n.visibility IN $levels
RETURN n.kind AS key, count(*) AS count
"""

COUNT_RELS = """
MATCH (s:Node)-[r]->(t:Node)
WHERE s.visibility IN $levels AND t.visibility IN $levels
RETURN type(r) AS key, count(*) AS count
"""

# A bare label or type count is answered from Neo4j's counts store, without a scan.
COUNT_KIND: dict[NodeKind, str] = {
    k: f"MATCH (n:{k.value}) RETURN count(n) AS count" for k in NodeKind
}
COUNT_TYPE: dict[RelType, str] = {
    t: f"MATCH ()-[r:{t.value}]->() RETURN count(r) AS count" for t in RelType
}

ITER_NODES = """
MATCH (n:Node)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
RETURN n {.*} AS node
ORDER BY n.id
"""

# Pages over source nodes in id order (index-backed), each with its outgoing relationships.
ITER_RELS = """
MATCH (s:Node)
WHERE s.id > $after
WITH s
ORDER BY s.id
LIMIT $limit
RETURN s.id AS source,
       [(s)-[r]->(t:Node) | {type: type(r), target: t.id, rel: r {.*}}] AS rels
ORDER BY source
"""

GRAPH_NODES = """
MATCH (n:Node)
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.scale AS scale, n.place AS place,
       n.visibility AS visibility, n.source_ids AS sources,
       [k IN $props WHERE n[k] IS NOT NULL | [k, n[k]]] AS props
"""

GRAPH_NODES_LEAN = """
MATCH (n:Node)
RETURN n.id AS id, n.kind AS kind, n.name AS name, n.scale AS scale, n.place AS place,
       n.visibility AS visibility, null AS sources,
       [k IN $props WHERE n[k] IS NOT NULL | [k, n[k]]] AS props
"""

GRAPH_RELS = """
MATCH (s:Node)-[r]->(t:Node)
RETURN s.id AS source, type(r) AS type, t.id AS target, r.role AS role, r.since AS since,
       r.until AS until, r.weight AS weight, r.source_ids AS sources
"""

GRAPH_RELS_LEAN = """
MATCH (s:Node)-[r]->(t:Node)
RETURN s.id AS source, type(r) AS type, t.id AS target, r.role AS role, r.since AS since,
       r.until AS until, r.weight AS weight, null AS sources
"""


def all_statements() -> dict[str, str]:
    """Every statement in this module by a readable name (for checks and linting)."""
    found: dict[str, str] = {}
    for name, value in globals().items():
        if name.startswith("_") or name in {"NODE", "META"}:
            continue
        if isinstance(value, str):
            found[name] = value
        elif isinstance(value, tuple):
            found.update((f"{name}[{i}]", s) for i, s in enumerate(value) if isinstance(s, str))
        elif isinstance(value, dict):
            found.update((f"{name}[{key}]", s) for key, s in value.items() if isinstance(s, str))
    return found
