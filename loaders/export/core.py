"""What every export shares: choosing the part of the graph, typing its properties, reading
the store twice without holding it, and replacing the output only once it is whole.

An export reads the graph twice, a batch at a time: first to learn what it will write (which
nodes the selection admits, every property each file must declare before its rows, how many
rows), then to write. The store's version is taken before the first read and checked after
the last; if anything was written in between, the export stops and leaves nothing behind,
because its declarations and its rows could disagree.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from graph.errors import ConveneError, InvalidData
from graph.model import Node, Relationship
from graph.store.base import ALL, DEFAULT_BATCH_SIZE
from graph.vocabulary import NodeKind, Scale, Visibility
from loaders.records import JSON_SUFFIX

_Item = TypeVar("_Item", Node, Relationship)


class ExportFormat(StrEnum):
    """The formats :func:`export_graph` writes."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"
    """A CSV bundle: a folder holding ``nodes.csv`` and ``edges.csv``."""

    @property
    def folder(self) -> bool:
        """True when the export is a folder rather than one file."""
        return self is ExportFormat.CSV


ExportProgress = Callable[[str, int, int | None], None]
"""Told ``(phase, rows, total)`` after each batch: the phase ``"reading"`` while the export
learns what it will write (``total`` unknown, ``None``), then ``"writing"`` with the total."""


class GraphSource(Protocol):
    """What an export reads: any :class:`~graph.store.base.GraphStore` is one."""

    def version(self) -> int: ...

    def iter_nodes(self, *, batch_size: int = ...) -> Iterator[list[Node]]: ...

    def iter_relationships(self, *, batch_size: int = ...) -> Iterator[list[Relationship]]: ...


class StoreChanged(ConveneError):
    """The graph changed while it was being exported; nothing was written."""


class OutputExists(ConveneError):
    """The output path exists and may not be replaced."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which part of the graph to export; ``None`` means no restriction.

    A relationship is exported only when both its ends are.
    """

    kinds: frozenset[NodeKind] | None = None
    scales: frozenset[Scale] | None = None
    """Nodes at one of these scales (a node with no scale is then left out)."""
    clearance: Visibility = ALL
    """Only nodes a reader cleared to this level may see; the default sees everything."""
    ids: frozenset[str] | None = None
    """Only these nodes: an explicit list, or the members of one community."""

    @property
    def everything(self) -> bool:
        return (
            self.kinds is None
            and self.scales is None
            and self.ids is None
            and self.clearance is ALL
        )

    def admits(self, node: Node) -> bool:
        return (
            (self.kinds is None or node.kind in self.kinds)
            and (self.scales is None or node.scale in self.scales)
            and self.clearance.allows(node.level)
            and (self.ids is None or node.id in self.ids)
        )


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    format: ExportFormat
    path: str
    nodes: int
    relationships: int
    version: int
    """The graph version exported."""
    missing_ids: int = 0
    """Ids the selection named that were not exported (unknown, or filtered out)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format.value,
            "path": self.path,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "version": self.version,
            "missing_ids": self.missing_ids,
        }


encode_json = json.JSONEncoder(ensure_ascii=False).encode
"""Compact JSON with every character as itself (the files are UTF-8)."""

# -- property types ----------------------------------------------------------------------------

JSON = "json"
STRING = "string"
_INT64 = 2**63
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def xml_safe(text: str) -> bool:
    """True when ``text`` can be written in an XML document."""
    return _XML_ILLEGAL.search(text) is None


def text_type(value: Any) -> str:
    """How a CSV cell holds a property value: as itself when it is non-blank text (a load
    reads a blank cell as absent), otherwise as JSON."""
    return STRING if isinstance(value, str) and value.strip() else JSON


def xml_type(value: Any) -> str:
    """The GraphML ``attr.type`` (GEXF ``type``) for a property value, or ``json``."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -_INT64 <= value < _INT64 else JSON
    if isinstance(value, float):
        return "double"
    if isinstance(value, str) and value.strip() and xml_safe(value):
        return STRING
    return JSON


def column_name(key: str, kind: str) -> str:
    """The column or attribute a property is written under (see the package's notes)."""
    return key + JSON_SUFFIX if kind == JSON else key


class PropertyTypes:
    """The properties one side of the graph (nodes or relationships) carries, each with the
    one type all its values can be written as."""

    def __init__(self, typer: Callable[[Any], str]) -> None:
        self.typer = typer
        self.types: dict[str, str] = {}

    def see(self, properties: Mapping[str, Any]) -> None:
        types, typer = self.types, self.typer
        for key, value in properties.items():
            kind = typer(value)
            known = types.setdefault(key, kind)
            if known != kind:
                types[key] = JSON

    def check(self, properties: Mapping[str, Any]) -> None:
        """Refuse a property the first read did not see, or of a type it did not expect."""
        for key, value in properties.items():
            known = self.types.get(key)
            if known is None or (known != JSON and self.typer(value) != known):
                raise StoreChanged(
                    "the graph changed while it was being exported (a property appeared); "
                    "nothing was written: export again"
                )

    def columns(self) -> list[tuple[str, str]]:
        """``(property, type)`` for every property, by name."""
        return sorted(self.types.items())


# -- reading -----------------------------------------------------------------------------------


@dataclass
class Scan:
    """What an export will write, learnt by a first read; :meth:`nodes` and
    :meth:`relationships` then read it again for writing."""

    source: GraphSource
    selection: Selection
    version: int
    node_types: PropertyTypes
    rel_types: PropertyTypes
    progress: ExportProgress | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    node_count: int = 0
    rel_count: int = 0
    exported: set[str] | None = None
    """Ids of the nodes exported; ``None`` when that is every node."""
    visible: set[str] | None = None
    """Ids of every node the clearance sees; ``None`` when that is every node."""
    written: int = field(default=0)

    @classmethod
    def read(
        cls,
        source: GraphSource,
        selection: Selection,
        typer: Callable[[Any], str],
        *,
        progress: ExportProgress | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Scan:
        scan = cls(
            source,
            selection,
            source.version(),
            PropertyTypes(typer),
            PropertyTypes(typer),
            progress,
            batch_size,
        )
        scan._first_read()
        return scan

    @property
    def total(self) -> int:
        return self.node_count + self.rel_count

    def _tell(self, phase: str, rows: int, total: int | None) -> None:
        if self.progress is not None and rows:
            self.progress(phase, rows, total)

    def _first_read(self) -> None:
        selection = self.selection
        exported: set[str] | None = None if selection.everything else set()
        visible: set[str] | None = None if selection.clearance is ALL else set()
        for batch in self.source.iter_nodes(batch_size=self.batch_size):
            for node in batch:
                if visible is not None and selection.clearance.allows(node.level):
                    visible.add(node.id)
                if exported is None or selection.admits(node):
                    if exported is not None:
                        exported.add(node.id)
                    self.node_types.see(node.properties)
                    self.node_count += 1
            self._tell("reading", len(batch), None)
        for rels in self.source.iter_relationships(batch_size=self.batch_size):
            for rel in rels:
                if exported is None or (rel.source in exported and rel.target in exported):
                    self.rel_types.see(rel.properties)
                    self.rel_count += 1
            self._tell("reading", len(rels), None)
        self.exported, self.visible = exported, visible

    def missing_ids(self) -> int:
        ids = self.selection.ids
        if ids is None or self.exported is None:
            return 0
        return len(ids - self.exported)

    def nodes(self) -> Iterator[list[Node]]:
        """The exported nodes again, in batches; a place the clearance cannot see is left out,
        so an export never names a node it leaves out for the reader's sake."""
        exported, visible = self.exported, self.visible
        check = self.node_types.check
        for batch in self.source.iter_nodes(batch_size=self.batch_size):
            out = []
            for stored in batch:
                if exported is not None and stored.id not in exported:
                    continue
                check(stored.properties)
                node = stored
                if visible is not None and node.place and node.place not in visible:
                    node = dataclasses.replace(node, place=None)
                out.append(self._guarded(node))
            self._written(len(out))
            yield out

    def relationships(self) -> Iterator[list[Relationship]]:
        """The exported relationships again, in batches."""
        exported = self.exported
        check = self.rel_types.check
        for batch in self.source.iter_relationships(batch_size=self.batch_size):
            out = (
                batch
                if exported is None
                else [r for r in batch if r.source in exported and r.target in exported]
            )
            for rel in out:
                check(rel.properties)
            self._written(len(out))
            yield [self._guarded(r) for r in out]

    def _guarded(self, item: _Item) -> _Item:
        """Below full clearance, sources keep where they are but not their passages' text:
        a passage may name someone the reader may not see."""
        if self.selection.clearance is ALL or not any(s.excerpt for s in item.sources):
            return item
        quiet = tuple(dataclasses.replace(s, excerpt=None) for s in item.sources)
        return dataclasses.replace(item, sources=quiet)

    def _written(self, rows: int) -> None:
        self.written += rows
        if self.written > self.total:
            raise StoreChanged(
                "the graph changed while it was being exported (more rows than counted); "
                "nothing was written: export again"
            )
        self._tell("writing", rows, self.total)

    def finish(self) -> None:
        """Check nothing was written to the store since the first read began."""
        now = self.source.version()
        if now != self.version or self.written != self.total:
            raise StoreChanged(
                f"the graph changed while it was being exported (version {self.version}, now "
                f"{now}); nothing was written: export again"
            )


# -- writing -----------------------------------------------------------------------------------

Writer = Callable[[Scan, Path], None]


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """``path`` opened for writing UTF-8 text, flushed to disk when closed without error."""
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def export_graph(
    source: GraphSource,
    out: str | Path,
    format: ExportFormat | str,
    *,
    selection: Selection | None = None,
    force: bool = False,
    progress: ExportProgress | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ExportSummary:
    """Write the graph, or the part ``selection`` admits, to ``out``.

    Parameters
    ----------
    source
        The store to read (any :class:`~graph.store.base.GraphStore`); it is read twice, a
        batch at a time, never held whole.
    out
        The file to write (a folder for ``csv``). Its parent folder must exist.
    format
        One of :class:`ExportFormat`.
    selection
        Which nodes to export (by default all); a relationship goes with its two ends.
    force
        Replace ``out`` if it exists: a file for a file format, a folder holding nothing but
        ``nodes.csv`` and ``edges.csv`` for ``csv``. Anything else is never replaced.
    progress
        Told of each batch read and written; see :data:`ExportProgress`.
    batch_size
        Nodes or relationships per read.

    Returns
    -------
    ExportSummary
        What was written.

    Raises
    ------
    OutputExists
        ``out`` exists and ``force`` is not given, or it is not something an export replaces.
    StoreChanged
        The graph changed during the export; run it again.
    InvalidData
        The format is unknown, or a value cannot be written in it.

    Notes
    -----
    The output is written beside ``out`` under a temporary name, readable by its owner only
    (an export may hold personal data), and renamed into place once whole: a failed or
    interrupted export leaves ``out`` as it was.
    """
    from loaders.export.tabular import write_csv, write_json
    from loaders.export.xml import write_gexf, write_graphml

    try:
        chosen = ExportFormat(format)
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise InvalidData.one("format", format, f"must be one of {choices}") from None
    writers: dict[ExportFormat, Writer] = {
        ExportFormat.GRAPHML: write_graphml,
        ExportFormat.GEXF: write_gexf,
        ExportFormat.JSON: write_json,
        ExportFormat.CSV: write_csv,
    }
    target = Path(out)
    _check_target(target, chosen, force=force)
    typer = xml_type if chosen in (ExportFormat.GRAPHML, ExportFormat.GEXF) else text_type
    if chosen is ExportFormat.JSON:
        typer = _any_type
    scan = Scan.read(
        source, selection or Selection(), typer, progress=progress, batch_size=batch_size
    )
    with _replacing(target, chosen, force=force) as partial:
        writers[chosen](scan, partial)
        scan.finish()
    return ExportSummary(
        format=chosen,
        path=str(target),
        nodes=scan.node_count,
        relationships=scan.rel_count,
        version=scan.version,
        missing_ids=scan.missing_ids(),
    )


def _any_type(value: Any) -> str:
    # JSON carries every property value as it is.
    return JSON


def _check_target(out: Path, fmt: ExportFormat, *, force: bool) -> None:
    if not out.parent.is_dir():
        raise OutputExists(f"{out}: the folder {out.parent} does not exist")
    if not out.exists() and not out.is_symlink():
        return
    if not force:
        raise OutputExists(f"{out} already exists; choose another name or pass --force")
    if out.is_symlink():
        raise OutputExists(f"{out} is a symbolic link; an export never replaces one")
    if fmt.folder:
        if not out.is_dir():
            raise OutputExists(f"{out} is a file; a csv export is a folder")
        others = sorted(p.name for p in out.iterdir() if p.name not in _BUNDLE_FILES)
        if others:
            raise OutputExists(
                f"{out} holds more than a CSV bundle ({', '.join(others[:3])}); an export "
                "replaces only a folder holding nothing but nodes.csv and edges.csv"
            )
    elif not out.is_file():
        raise OutputExists(f"{out} is a folder; a {fmt.value} export is a file")


_BUNDLE_FILES = frozenset({"nodes.csv", "edges.csv"})


@contextmanager
def _replacing(out: Path, fmt: ExportFormat, *, force: bool) -> Iterator[Path]:
    """A temporary path beside ``out`` to write to, moved into place when the block ends
    without error and removed when it does not."""
    prefix = f".{out.name}."
    if fmt.folder:
        partial = Path(tempfile.mkdtemp(prefix=prefix, suffix=".partial", dir=out.parent))
    else:
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=".partial", dir=out.parent)
        os.close(handle)
        partial = Path(name)
    try:
        yield partial
        # Checked again: something may have appeared at ``out`` while the export ran.
        _check_target(out, fmt, force=force)
        if fmt.folder and out.exists():
            _swap_folder(partial, out)
        else:
            os.replace(partial, out)
        _sync_folder(out.parent)
    except BaseException:
        _remove(partial)
        raise


def _swap_folder(partial: Path, out: Path) -> None:
    """Put ``partial`` in place of the folder ``out``: no moment leaves a half bundle there."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old.rmdir()
    os.replace(out, old)
    try:
        os.replace(partial, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder holding it is; not every platform allows it.
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
