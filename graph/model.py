"""Nodes, relationships and the sources that assert them.

Construction validates and normalises: a ``Node`` or ``Relationship`` that exists is valid, so
stores and analyses never re-check. Bad values raise :class:`~graph.errors.InvalidData` naming
the field and the value.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, TypeVar

from graph.errors import InvalidData
from graph.vocabulary import (
    SOURCE_KIND_BY_VALUE,
    SYMMETRIC,
    NodeKind,
    RelType,
    Scale,
    SourceKind,
    Visibility,
)

MAX_ID_LENGTH = 512
MAX_TEXT_LENGTH = 10_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PROPERTY_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

NODE_FIELDS = frozenset(
    {"id", "kind", "name", "aliases", "scale", "place", "description", "url", "visibility"}
)
REL_FIELDS = frozenset({"source", "type", "target", "role", "since", "until", "weight"})
RESERVED_PROPERTY_KEYS = NODE_FIELDS | REL_FIELDS | {"sources", "properties"}

_T = TypeVar("_T")

JsonScalar = str | int | float | bool | None
PropertyValue = JsonScalar | list[JsonScalar]


def restorer(cls: type[_T]) -> Callable[..., _T]:
    """A function rebuilding ``cls`` objects a store wrote earlier, without validating them
    again.

    Only for stores reading their own rows: those values passed validation on the way in, and
    re-checking every field of every row read dominated lookups. The function takes every
    field by keyword, already in its final type (enums, dates, tuples); a missing or unknown
    one is a ``TypeError``.

    It is generated, as dataclasses generate ``__init__``: keyword-only parameters make Python
    itself check the fields, and each slot is written through its descriptor (past the frozen
    ``__setattr__``) with no loop or dict, at half the cost of doing the same generically; a
    page of neighbours builds tens of these.
    """
    if cls in _RESTORERS:
        return _RESTORERS[cls]
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"set_{n}": getattr(cls, n).__set__ for n in names})
    body = "".join(f"    set_{n}(obj, {n})\n" for n in names)
    source = f"def restore(*, {', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n"
    exec(source, namespace)  # built only from the dataclass's own field names
    _RESTORERS[cls] = namespace["restore"]
    return _RESTORERS[cls]


_RESTORERS: dict[type, Callable[..., Any]] = {}


def _enum(enum: type[Any], fld: str, value: Any, where: str) -> Any:
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidData.one(fld, value, f"must be one of {choices}", where) from None


def _optional_enum(enum: type[Any], fld: str, value: Any, where: str) -> Any:
    if value is None or value == "":
        return None
    return _enum(enum, fld, value, where)


def check_id(fld: str, value: Any, where: str = "") -> str:
    """Return ``value`` as a node id, or raise naming ``fld``."""
    if not isinstance(value, str):
        raise InvalidData.one(fld, value, "must be a string", where)
    stripped = value.strip()
    if not stripped:
        raise InvalidData.one(fld, value, "must not be empty", where)
    if len(stripped) > MAX_ID_LENGTH:
        raise InvalidData.one(fld, value[:40] + "…", f"longer than {MAX_ID_LENGTH}", where)
    if _CONTROL.search(stripped):
        raise InvalidData.one(fld, value, "contains a control character", where)
    return stripped


def _text(fld: str, value: Any, where: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        if required:
            raise InvalidData.one(fld, value, "is required", where)
        return None
    if not isinstance(value, str):
        raise InvalidData.one(fld, value, "must be a string", where)
    stripped = value.strip()
    if required and not stripped:
        raise InvalidData.one(fld, value, "must not be empty", where)
    if len(stripped) > MAX_TEXT_LENGTH:
        raise InvalidData.one(fld, value[:40] + "…", f"longer than {MAX_TEXT_LENGTH}", where)
    return stripped


def parse_date(fld: str, value: Any, where: str = "") -> date | None:
    """Accept a date, or an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` string (first day)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _PARTIAL_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise InvalidData.one(fld, value, "must be a date as YYYY-MM-DD (or YYYY-MM, YYYY)", where)
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidData.one(fld, value, f"is not a real date ({exc})", where) from None


def _properties(value: Any, where: str) -> dict[str, PropertyValue]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidData.one("properties", value, "must be a mapping of names to values", where)
    out: dict[str, PropertyValue] = {}
    for key, val in value.items():
        if not isinstance(key, str) or not _PROPERTY_KEY.match(key):
            raise InvalidData.one(
                "properties", key, "property names are letters, digits and _ (max 64)", where
            )
        if key in RESERVED_PROPERTY_KEYS:
            raise InvalidData.one("properties", key, "is a reserved field name", where)
        out[key] = _property_value(key, val, where)
    return out


def _property_value(key: str, value: Any, where: str) -> PropertyValue:
    if isinstance(value, list | tuple):
        items = [_property_value(key, v, where) for v in value]
        if any(isinstance(v, list) for v in items):
            raise InvalidData.one(key, value, "lists of lists are not allowed", where)
        return items  # type: ignore[return-value]
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidData.one(key, value, "must be a finite number", where)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    raise InvalidData.one(key, value, "must be text, a number, true/false or a list of them", where)


@dataclass(frozen=True, slots=True)
class Source:
    """Evidence for a node or relationship: which file row, document passage or API call.

    ``id`` is stable for the same evidence, so asserting a fact again from the same row or
    passage updates one source instead of piling up copies.
    """

    kind: SourceKind
    origin: str
    """The file path, document name, or API caller."""
    locator: str | None = None
    """Row or line number, or passage number, within ``origin``."""
    excerpt: str | None = None
    """The passage text, for documents."""
    run: str | None = None
    """The load run that wrote it."""
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _enum(SourceKind, "source.kind", self.kind, ""))
        if not isinstance(self.origin, str) or not self.origin.strip():
            raise InvalidData.one("source.origin", self.origin, "must not be empty")
        if isinstance(self.loaded_at, str):
            try:
                object.__setattr__(self, "loaded_at", datetime.fromisoformat(self.loaded_at))
            except ValueError:
                raise InvalidData.one(
                    "source.loaded_at", self.loaded_at, "must be an ISO date-time"
                ) from None
        if self.loaded_at.tzinfo is None:
            object.__setattr__(self, "loaded_at", self.loaded_at.replace(tzinfo=UTC))
        if not self.id:
            suffix = f"#{self.locator}" if self.locator else ""
            object.__setattr__(self, "id", f"{self.kind.value}:{self.origin}{suffix}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "origin": self.origin,
            "locator": self.locator,
            "excerpt": self.excerpt,
            "run": self.run,
            "loaded_at": self.loaded_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(
            kind=data["kind"],
            origin=data["origin"],
            locator=data.get("locator"),
            excerpt=data.get("excerpt"),
            run=data.get("run"),
            loaded_at=data.get("loaded_at") or datetime.now(UTC),
            id=data.get("id") or "",
        )


_restore_source = restorer(Source)


def restore_sources(stored: Iterable[Mapping[str, Any]]) -> tuple[Source, ...]:
    """Sources a store wrote earlier (as :meth:`Source.to_dict` made them), not re-validated."""
    return tuple(
        _restore_source(
            kind=SOURCE_KIND_BY_VALUE[s["kind"]],
            origin=s["origin"],
            locator=s.get("locator"),
            excerpt=s.get("excerpt"),
            run=s.get("run"),
            loaded_at=datetime.fromisoformat(s["loaded_at"]),
            id=s["id"],
        )
        for s in stored
    )


def _sources(value: Any, where: str) -> tuple[Source, ...]:
    if value is None:
        return ()
    if isinstance(value, Source):
        return (value,)
    out = []
    for item in value:
        if isinstance(item, Source):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(Source.from_dict(item))
        else:
            raise InvalidData.one("sources", item, "each source must be a Source", where)
    return tuple(out)


def merge_sources(old: Iterable[Source], new: Iterable[Source]) -> tuple[Source, ...]:
    """Union by source id; a newer record of the same evidence replaces the older one."""
    merged = {s.id: s for s in old}
    merged.update((s.id, s) for s in new)
    return tuple(merged.values())


def default_visibility(kind: NodeKind) -> Visibility:
    """People are internal unless marked otherwise; everything else is public."""
    return Visibility.INTERNAL if kind is NodeKind.PERSON else Visibility.PUBLIC


@dataclass(frozen=True, slots=True)
class Node:
    """A person, organisation, forum, community, interest or place."""

    id: str
    kind: NodeKind
    name: str
    aliases: tuple[str, ...] = ()
    scale: Scale | None = None
    place: str | None = None
    description: str | None = None
    url: str | None = None
    visibility: Visibility | None = None
    """``None`` when not given: a new node takes its kind's default (:func:`default_visibility`)
    and an existing one keeps its level, so a load that omits it never demotes anyone."""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        where = f"node {self.id!r}" if isinstance(self.id, str) else "node"
        put = object.__setattr__
        put(self, "id", check_id("id", self.id, where))
        kind = _enum(NodeKind, "kind", self.kind, where)
        put(self, "kind", kind)
        put(self, "name", _text("name", self.name, where, required=True))
        put(self, "aliases", _aliases(self.aliases, where))
        put(self, "scale", _optional_enum(Scale, "scale", self.scale, where))
        put(self, "place", check_id("place", self.place, where) if self.place else None)
        put(self, "description", _text("description", self.description, where))
        put(self, "url", _url(self.url, where))
        put(self, "visibility", _optional_enum(Visibility, "visibility", self.visibility, where))
        put(self, "properties", _properties(self.properties, where))
        put(self, "sources", _sources(self.sources, where))

    @property
    def level(self) -> Visibility:
        """The node's effective visibility."""
        return self.visibility or default_visibility(self.kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, the shape of the JSON interchange format."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "name": self.name,
            "aliases": list(self.aliases),
            "scale": self.scale.value if self.scale else None,
            "place": self.place,
            "description": self.description,
            "url": self.url,
            "visibility": self.level.value,
            "properties": dict(self.properties),
            "sources": [s.to_dict() for s in self.sources],
        }


def _aliases(value: Any, where: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(";")
    out: list[str] = []
    for alias in value:
        text = _text("aliases", alias, where)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _url(value: Any, where: str) -> str | None:
    text = _text("url", value, where)
    if text is not None and not text.lower().startswith(("http://", "https://")):
        raise InvalidData.one("url", value, "must start with http:// or https://", where)
    return text


class RelKey(NamedTuple):
    """What identifies a relationship: loading the same key twice yields one relationship."""

    source: str
    type: RelType
    target: str

    @classmethod
    def of(cls, source: str, rel_type: RelType | str, target: str) -> RelKey:
        """The canonical key: symmetric types order their endpoints."""
        kind = _enum(RelType, "type", rel_type, "")
        if kind in SYMMETRIC and target < source:
            source, target = target, source
        return cls(source, kind, target)


@dataclass(frozen=True, slots=True)
class Relationship:
    """A typed tie from ``source`` to ``target`` (node ids)."""

    source: str
    type: RelType
    target: str
    role: str | None = None
    since: date | None = None
    until: date | None = None
    weight: float | None = None
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        where = f"relationship {self.source!r}-{self.type}->{self.target!r}"
        put = object.__setattr__
        source = check_id("source", self.source, where)
        target = check_id("target", self.target, where)
        rel_type = _enum(RelType, "type", self.type, where)
        if rel_type in SYMMETRIC and target < source:
            source, target = target, source
        if source == target:
            raise InvalidData.one("target", target, "a node cannot be related to itself", where)
        put(self, "source", source)
        put(self, "target", target)
        put(self, "type", rel_type)
        put(self, "role", _text("role", self.role, where))
        since = parse_date("since", self.since, where)
        until = parse_date("until", self.until, where)
        if since and until and until < since:
            raise InvalidData.one("until", until.isoformat(), "is before since", where)
        put(self, "since", since)
        put(self, "until", until)
        put(self, "weight", _weight(self.weight, where))
        put(self, "properties", _properties(self.properties, where))
        put(self, "sources", _sources(self.sources, where))

    @property
    def key(self) -> RelKey:
        return RelKey(self.source, self.type, self.target)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "type": self.type.value,
            "target": self.target,
            "role": self.role,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "weight": self.weight,
            "properties": dict(self.properties),
            "sources": [s.to_dict() for s in self.sources],
        }


def _weight(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidData.one("weight", value, "must be a number", where) from None
    except OverflowError:  # an integer beyond any float
        number = math.inf
    if not math.isfinite(number) or number < 0:
        raise InvalidData.one("weight", value, "must be a finite number >= 0", where)
    return number
