"""Turning nodes and relationships into Neo4j parameter rows and stored properties back.

Neo4j stores neither nulls nor lists of mixed types, and a free property may be either, so
each free property is kept as its own JSON string under ``prop.<name>``: one property per key
lets ``SET n += row.props`` merge them key by key in Cypher, and JSON round-trips every value
:mod:`graph.model` allows (text, integers, floats, booleans, null and lists of them).
Sources are two lists in step: ``source_ids`` and ``sources`` (each one JSON string).

Several records for one id (or one relationship key) in a batch are folded into one row here,
with the same rules the store applies to what is stored, so each row of an ``UNWIND`` touches
a different node or relationship and no row depends on another's writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import orjson

from graph.model import (
    Node,
    PropertyValue,
    Relationship,
    RelKey,
    Source,
    default_visibility,
    merge_sources,
    restore_sources,
    restorer,
)
from graph.store.base import search_part, sort_key
from graph.vocabulary import (
    KIND_BY_VALUE,
    LEVEL_BY_VALUE,
    SCALE_BY_VALUE,
    TYPE_BY_VALUE,
    NodeKind,
    RelType,
    Scale,
    Visibility,
)

PROPERTY_PREFIX = "prop."

_KIND, _TYPE, _SCALE, _LEVEL = KIND_BY_VALUE, TYPE_BY_VALUE, SCALE_BY_VALUE, LEVEL_BY_VALUE
_restore_node = restorer(Node)
_restore_rel = restorer(Relationship)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _given(new: Any, old: Any) -> Any:
    return new if new is not None else old


def fold_nodes(old: Node, new: Node) -> Node:
    """``old`` then ``new`` merged as two upserts of one id would be (same kind assumed)."""
    return replace(
        new,
        scale=_given(new.scale, old.scale),
        place=_given(new.place, old.place),
        description=_given(new.description, old.description),
        url=_given(new.url, old.url),
        visibility=_given(new.visibility, old.visibility),
        aliases=old.aliases + tuple(a for a in new.aliases if a not in old.aliases),
        properties={**old.properties, **new.properties},
        sources=merge_sources(old.sources, new.sources),
    )


def fold_relationships(old: Relationship, new: Relationship) -> Relationship:
    """``old`` then ``new`` merged as two upserts of one key would be."""
    return replace(
        new,
        role=_given(new.role, old.role),
        since=_given(new.since, old.since),
        until=_given(new.until, old.until),
        weight=_given(new.weight, old.weight),
        properties={**old.properties, **new.properties},
        sources=merge_sources(old.sources, new.sources),
    )


def unique_nodes(batch: Sequence[Node]) -> list[Node]:
    """One node per id, in first-seen order, later records folded onto earlier ones."""
    out: dict[str, Node] = {}
    for node in batch:
        seen = out.get(node.id)
        out[node.id] = node if seen is None else fold_nodes(seen, node)
    return list(out.values())


def unique_relationships(batch: Sequence[Relationship]) -> list[Relationship]:
    """One relationship per key, in first-seen order, later records folded on."""
    out: dict[RelKey, Relationship] = {}
    for rel in batch:
        seen = out.get(rel.key)
        out[rel.key] = rel if seen is None else fold_relationships(seen, rel)
    return list(out.values())


def _sources_fields(sources: Sequence[Source]) -> tuple[list[str], list[str]]:
    merged = merge_sources((), sources)
    return [s.id for s in merged], [_json(s.to_dict()) for s in merged]


def _props(properties: Mapping[str, PropertyValue]) -> dict[str, str]:
    return {PROPERTY_PREFIX + key: _json(value) for key, value in properties.items()}


def node_row(node: Node) -> dict[str, Any]:
    """The ``$rows`` entry :data:`graph.store.cypher.UPSERT_NODES` takes for ``node``."""
    source_ids, sources = _sources_fields(node.sources)
    return {
        "id": node.id,
        "kind": node.kind.value,
        "name": node.name,
        "sort_key": sort_key(node.name),
        "scale": node.scale.value if node.scale else None,
        "place": node.place,
        "description": node.description,
        "url": node.url,
        "visibility": node.visibility.value if node.visibility else None,
        "default_visibility": default_visibility(node.kind).value,
        "aliases": list(node.aliases),
        "alias_keys": [search_part(a) for a in node.aliases],
        "search_key": search_part(node.name),
        "props": _props(node.properties),
        "source_ids": source_ids,
        "sources": sources,
    }


def rel_row(rel: Relationship) -> dict[str, Any]:
    """The ``$rows`` entry :data:`graph.store.cypher.UPSERT_RELS` takes for ``rel``."""
    source_ids, sources = _sources_fields(rel.sources)
    return {
        "source": rel.source,
        "target": rel.target,
        "role": rel.role,
        "since": rel.since.isoformat() if rel.since else None,
        "until": rel.until.isoformat() if rel.until else None,
        "weight": rel.weight,
        "props": _props(rel.properties),
        "source_ids": source_ids,
        "sources": sources,
    }


def key_row(key: RelKey) -> dict[str, str]:
    return {"source": key.source, "target": key.target}


def _free_properties(stored: Mapping[str, Any]) -> dict[str, PropertyValue]:
    cut = len(PROPERTY_PREFIX)
    return {k[cut:]: json.loads(v) for k, v in stored.items() if k.startswith(PROPERTY_PREFIX)}


def _sources(stored: Mapping[str, Any]) -> tuple[Source, ...]:
    # orjson: a source holds only strings and nulls (free properties stay with json, which
    # keeps integers past 64 bits that orjson would turn into floats)
    return restore_sources(orjson.loads(s) for s in stored.get("sources") or ())


def node_from_props(stored: Mapping[str, Any]) -> Node:
    """The node a stored property map (``n {.*}``) describes."""
    scale = stored.get("scale")
    return _restore_node(
        id=stored["id"],
        kind=_KIND[stored["kind"]],
        name=stored["name"],
        aliases=tuple(stored.get("aliases") or ()),
        scale=_SCALE[scale] if scale else None,
        place=stored.get("place"),
        description=stored.get("description"),
        url=stored.get("url"),
        visibility=_LEVEL[stored["visibility"]],
        properties=_free_properties(stored),
        sources=_sources(stored),
    )


def rel_from_props(
    source: str, rel_type: RelType | str, target: str, stored: Mapping[str, Any]
) -> Relationship:
    """The relationship ``source -rel_type-> target`` whose stored properties are ``stored``."""
    since, until = stored.get("since"), stored.get("until")
    return _restore_rel(
        source=source,
        type=_TYPE[rel_type],
        target=target,
        role=stored.get("role"),
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
        weight=stored.get("weight"),
        properties=_free_properties(stored),
        sources=_sources(stored),
    )


def kind_of(value: str) -> NodeKind:
    return _KIND[value]


def type_of(value: str) -> RelType:
    return _TYPE[value]


def scale_of(value: str | None) -> Scale | None:
    return _SCALE.get(value) if value else None


def level_of(value: str) -> Visibility:
    return _LEVEL[value]
