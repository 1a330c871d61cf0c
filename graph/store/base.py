"""The store interface: Convene's system of record, in the domain's own terms.

Every implementation (the embedded SQLite store, Neo4j) passes the same contract suite in
``tests/contract``. There is deliberately no raw query pass-through: callers say what they
want in domain words and each store turns that into its own parameterised queries.

Merging rules, shared by every store:

- a node is keyed by ``id``; a relationship by ``(source, type, target)``, with the endpoints
  of symmetric types (``KNOWS``, ``PARTNERS_WITH``) in sorted order;
- upserting an existing node keeps its kind (a different kind is refused), replaces the fields
  the new record gives and keeps those it leaves out, unions aliases, merges properties key by
  key, and accumulates sources by source id;
- each batch lands whole or not at all, and every committed batch raises :meth:`version`.
"""

from __future__ import annotations

import abc
import base64
import binascii
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from graph.errors import InvalidData
from graph.model import Node, Relationship, RelKey, parse_date
from graph.privacy import ErasureSummary
from graph.records import AuditEntry, Introduction, LoadRun
from graph.store.merge import MergeSummary
from graph.vocabulary import NodeKind, RelType, Scale, Visibility

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_BATCH_SIZE = 20_000
"""Rows per write transaction: big enough that commits are rare, small enough to redo."""
MAX_PAGE_SIZE = 1_000
ALL = Visibility.RESTRICTED
"""The clearance that sees everything: for the owner's own tools, never for API callers."""

Progress = Callable[[int], None]
"""Called after each committed batch with the number of items it wrote."""


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write did."""

    written: int
    """Items upserted or deleted."""
    version: int
    """The graph version after the write."""


@dataclass(frozen=True, slots=True)
class DeleteSummary:
    nodes: int
    relationships: int
    version: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A backup file and what it holds."""

    path: str
    nodes: int
    relationships: int
    version: int
    """The graph version the snapshot was taken at (backup) or that the store now has
    (restore: always above any version it had before, so no cached result is reused)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class Counts:
    """How many nodes of each kind and relationships of each type a reader can see."""

    nodes: dict[NodeKind, int]
    relationships: dict[RelType, int]

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": {k.value: n for k, n in sorted(self.nodes.items())},
            "relationships": {t.value: n for t, n in sorted(self.relationships.items())},
        }


@dataclass(frozen=True, slots=True)
class Page:
    """One page of nodes in a stable order (name, case-folded, then id)."""

    items: list[Node]
    end_cursor: str | None
    """Pass as ``after`` to get the next page; ``None`` when the page is empty."""
    has_next: bool


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node one relationship away from ``origin``."""

    origin: str
    relationship: Relationship
    node: Node

    @property
    def outgoing(self) -> bool:
        """True when the relationship points from ``origin`` to ``node``."""
        return self.relationship.source == self.origin


E = TypeVar("E", bound=Enum)


def vocabulary(field: str, values: Iterable[Any] | None, enum: type[E]) -> frozenset[E] | None:
    """``values`` as members of ``enum`` (members or their values); ``None`` stays ``None``.

    Labels, types and scales reach queries only as members of the schema's enums, so a word
    outside the vocabulary is refused here, naming the field, before any query is built.
    """
    if values is None:
        return None
    members: set[E] = set()
    for value in (values,) if isinstance(values, str) else values:
        try:
            members.add(value if isinstance(value, enum) else enum(value))
        except (ValueError, TypeError):
            allowed = ", ".join(str(m.value) for m in enum)
            raise InvalidData.one(field, value, f"is not one of: {allowed}") from None
    return frozenset(members)


def neighbour_limit(first: int | None) -> int | None:
    """``first`` for :meth:`GraphStore.neighbour_nodes`: ``None`` (all) or a whole number from 1."""
    if first is not None and (isinstance(first, bool) or not isinstance(first, int) or first < 1):
        raise InvalidData.one("first", first, "must be a whole number, at least 1")
    return first


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)  # frozen dataclasses normalise in __post_init__


@dataclass(frozen=True, slots=True)
class GraphFilter:
    """Which part of the graph to read for an analysis; ``None`` means no restriction."""

    kinds: frozenset[NodeKind] | None = None
    types: frozenset[RelType] | None = None
    scales: frozenset[Scale] | None = None
    clearance: Visibility = ALL
    ids: frozenset[str] | None = None
    """Only these nodes (and the relationships among them)."""
    with_sources: bool = False
    """Attach each node's and relationship's source ids (costs memory on big graphs)."""
    properties: frozenset[str] = frozenset()
    """Free properties to copy onto each node that has them (e.g. ``open_to_introductions``)."""
    as_of: date | None = None
    """The network as it stood on this day (see :mod:`graph.timeline`); ``None``: as it is."""

    def __post_init__(self) -> None:
        _set(self, "kinds", vocabulary("kinds", self.kinds, NodeKind))
        _set(self, "types", vocabulary("types", self.types, RelType))
        _set(self, "scales", vocabulary("scales", self.scales, Scale))
        if self.as_of is not None:
            _set(self, "as_of", parse_date("as_of", self.as_of, "graph filter"))

    def admits(self, node_kind: NodeKind, scale: Scale | None, level: Visibility) -> bool:
        return (
            (self.kinds is None or node_kind in self.kinds)
            and (self.scales is None or scale in self.scales)
            and self.clearance.allows(level)
        )


@dataclass(frozen=True, slots=True)
class NodeQuery:
    """A text and attribute search for :meth:`GraphStore.find_nodes`."""

    kinds: frozenset[NodeKind] | None = None
    scales: frozenset[Scale] | None = None
    text: str | None = None
    """Case-insensitive substring of the name or an alias."""
    clearance: Visibility = ALL
    first: int = 50
    after: str | None = None

    def __post_init__(self) -> None:
        _set(self, "kinds", vocabulary("kinds", self.kinds, NodeKind))
        _set(self, "scales", vocabulary("scales", self.scales, Scale))
        if self.text is not None:
            # newlines separate a node's name and aliases in the text searched (search_text)
            _set(self, "text", search_part(self.text) if self.text else self.text)
        if not 1 <= self.first <= MAX_PAGE_SIZE:
            raise InvalidData.one("first", self.first, f"must be between 1 and {MAX_PAGE_SIZE}")
        if self.after is not None:
            decode_cursor(self.after)


def page_of(read: list[Node], first: int) -> Page:
    """The page for a query that read up to ``first + 1`` nodes (one extra, to see if more)."""
    items = read[:first]
    return Page(
        items=items,
        end_cursor=encode_cursor(items[-1]) if items else None,
        has_next=len(read) > first,
    )


def sort_key(name: str) -> str:
    """The key nodes are listed by: the name, case-folded."""
    return name.casefold()


def search_part(text: str) -> str:
    """A name, an alias or a search text as searched: case-folded, newlines as spaces (so that
    a search never runs from the end of one name into the next)."""
    return text.casefold().replace("\n", " ")


def search_text(name: str, aliases: Iterable[str]) -> str:
    """What a text search looks in: name and aliases, one per line (see :func:`search_part`)."""
    return "\n".join([search_part(name), *(search_part(a) for a in aliases)])


def encode_cursor(node: Node) -> str:
    raw = json.dumps([sort_key(node.name), node.id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """The (sort key, id) a cursor stands after; refuses anything it did not make."""
    try:
        key, node_id = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeError):
        raise InvalidData.one("after", cursor, "is not a cursor this store issued") from None
    if not isinstance(key, str) or not isinstance(node_id, str):
        raise InvalidData.one("after", cursor, "is not a cursor this store issued")
    return key, node_id


class GraphStore(abc.ABC):
    """Convene's system of record. Use as a context manager, or call :meth:`close`."""

    uri: str

    in_process: ClassVar[bool] = False
    """True when reads are answered from this process's own memory and files, never waiting on
    a network (the embedded store); False for stores across a network, such as Neo4j. A server
    decides by it where a short read runs (:func:`api.stores.bounded_read`)."""

    # -- lifecycle -------------------------------------------------------------------------

    @abc.abstractmethod
    def create_schema(self) -> None:
        """Create tables, constraints and indexes; safe to call on an existing store."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Return when the store answers; raise :class:`~graph.errors.StoreUnavailable`."""

    @abc.abstractmethod
    def version(self) -> int:
        """A number that increases with every committed write, from any process."""

    @abc.abstractmethod
    def clear(self) -> int:
        """Remove every node and relationship; return the new version."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections; the store cannot be used afterwards."""

    @abc.abstractmethod
    def backup(self, path: Path) -> Snapshot:
        """Write a consistent snapshot of the whole store (graph and records) to ``path``,
        while other processes go on reading and writing. ``path`` must not exist."""

    @abc.abstractmethod
    def restore(self, path: Path) -> Snapshot:
        """Replace the whole store with a snapshot :meth:`backup` wrote; nothing changes if
        the file is not such a snapshot."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------

    @abc.abstractmethod
    def upsert_nodes(
        self,
        nodes: Iterable[Node],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        """Insert or merge nodes, a batch per transaction.

        Raises :class:`~graph.errors.InvalidData` when a node's kind differs from the stored
        node with its id; that batch is not written.
        """

    @abc.abstractmethod
    def upsert_relationships(
        self,
        relationships: Iterable[Relationship],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteSummary:
        """Insert or merge relationships, a batch per transaction.

        Raises :class:`~graph.errors.InvalidData` naming every relationship in the batch whose
        endpoint does not exist or whose type cannot join its endpoints' kinds; that batch is
        not written.
        """

    @abc.abstractmethod
    def delete_nodes(self, ids: Sequence[str]) -> DeleteSummary:
        """Delete nodes and every relationship touching them, in one transaction."""

    @abc.abstractmethod
    def delete_relationships(self, keys: Sequence[RelKey]) -> WriteSummary:
        """Delete relationships by key, in one transaction; unknown keys are ignored."""

    @abc.abstractmethod
    def merge_nodes(self, keep: str, others: Sequence[str]) -> MergeSummary:
        """Merge duplicate nodes into ``keep`` in one transaction (see
        :func:`graph.store.merge.plan_merge`): their relationships and sources move to the kept
        node, their names become its aliases, and they are deleted.

        Raises :class:`~graph.errors.InvalidData` when an id is unknown or of another kind.
        """

    @abc.abstractmethod
    def erase_person(self, node_id: str) -> ErasureSummary:
        """Erase a person everywhere, in one transaction: their node with its properties, every
        relationship touching them, and their name and handles in every stored passage. Leaves a
        tombstone (digests only, see :mod:`graph.privacy`) that :meth:`tombstoned` recognises.

        Raises :class:`~graph.errors.InvalidData` when the id is unknown or not a person.
        """

    @abc.abstractmethod
    def tombstoned(self, keys: Iterable[str]) -> set[str]:
        """Which of these tombstone digests (:func:`graph.privacy.id_key`,
        :func:`graph.privacy.name_key`) belong to an erased person."""

    # -- records beside the graph (they do not change the graph version) ---------------------

    @abc.abstractmethod
    def record_run(self, run: LoadRun) -> None:
        """Store or update the record of a load run (by its id)."""

    @abc.abstractmethod
    def load_runs(self, *, limit: int = 50) -> list[LoadRun]:
        """The most recent load runs, newest first."""

    @abc.abstractmethod
    def record_introduction(self, introduction: Introduction) -> None:
        """Store an introduction made (one record per pair; recording it again updates it)."""

    @abc.abstractmethod
    def introductions(self) -> list[Introduction]:
        """Every introduction recorded, oldest first."""

    @abc.abstractmethod
    def record_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append ``entry`` to the audit log and return it with its ``seq``. The log is
        append-only: no method changes or removes an entry, and the stores refuse to."""

    @abc.abstractmethod
    def audit_log(self, *, limit: int = 100, after: int = 0) -> list[AuditEntry]:
        """Audit entries in the order they were made, those with ``seq`` above ``after``."""

    # -- reads -----------------------------------------------------------------------------

    @abc.abstractmethod
    def get_nodes(self, ids: Sequence[str], *, clearance: Visibility = ALL) -> list[Node]:
        """The nodes with these ids that the reader may see, in the order asked."""

    @abc.abstractmethod
    def node_kinds(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each of these ids that exists (for validating input before a write)."""

    @abc.abstractmethod
    def get_relationships(
        self, keys: Sequence[RelKey], *, clearance: Visibility = ALL
    ) -> list[Relationship]:
        """The relationships with these keys whose endpoints the reader may see."""

    @abc.abstractmethod
    def find_nodes(self, query: NodeQuery) -> Page:
        """A page of nodes matching ``query``, ordered by case-folded name then id."""

    @abc.abstractmethod
    def neighbours(
        self,
        ids: Sequence[str],
        *,
        types: frozenset[RelType] | None = None,
        kinds: frozenset[NodeKind] | None = None,
        clearance: Visibility = ALL,
    ) -> list[Neighbour]:
        """Nodes one relationship away from ``ids`` (either direction), optionally only
        through ``types`` and to ``kinds``. Ordered by origin, type, neighbour id."""

    @abc.abstractmethod
    def neighbour_nodes(
        self,
        ids: Sequence[str],
        *,
        types: frozenset[RelType] | None = None,
        kinds: frozenset[NodeKind] | None = None,
        first: int | None = None,
        clearance: Visibility = ALL,
    ) -> dict[str, list[Node]]:
        """Each origin's neighbours once each, without the relationships that reach them; at
        most ``first`` for each origin (see :func:`neighbour_limit`).

        The nodes :meth:`neighbours` gives for the same arguments, in the order it first
        gives them (by the type of the first relationship reaching each, then its id). An
        origin with none is absent. This reads less than :meth:`neighbours` when only the
        nodes are wanted, as GraphQL's ``neighbours`` field wants them, and builds no more
        than ``first`` nodes for a hub with thousands.
        """

    @abc.abstractmethod
    def counts(self, *, clearance: Visibility = ALL) -> Counts:
        """Nodes by kind and relationships by type that the reader may see."""

    @abc.abstractmethod
    def iter_nodes(self, *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[Node]]:
        """Every node with its sources, in batches (for copies and exports)."""

    @abc.abstractmethod
    def iter_relationships(
        self, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Relationship]]:
        """Every relationship with its sources, in batches (for copies and exports)."""

    @abc.abstractmethod
    def to_networkx(self, graph_filter: GraphFilter | None = None) -> nx.MultiDiGraph:
        """Read the graph, or the part ``graph_filter`` admits, for the analyses.

        Nodes carry ``kind``, ``name``, ``visibility`` and, when set, ``scale`` and ``place``;
        edges are keyed by type and carry ``type`` and, when set, ``role``, ``since``,
        ``until`` and ``weight`` (dates as ISO strings). A relationship is included only when
        both its endpoints are. With ``with_sources`` each carries ``sources``, a tuple of ids.
        Each property named in ``properties`` is copied onto the nodes that have it.
        """
