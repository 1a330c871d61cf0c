"""The document reader's entry points: a file or a string in, a plan or extraction out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.errors import Problem
from graph.model import Node, Relationship, Source
from graph.names import NameIndex
from loaders.documents.extract import Extraction, extract_document, fact_key
from loaders.documents.reading import PARSE_ERRORS, DocFormat, format_of, parse, read_text
from loaders.plan import LoadPlan
from loaders.records import RowRef

_SHOWN_EXCERPT = 110
_SHORT_NAME = 20


def extract(
    text: str,
    *,
    origin: str,
    run: str,
    index: NameIndex | None = None,
    format: DocFormat | str = DocFormat.TEXT,
) -> Extraction:
    """The nodes and relationships ``text`` states, each sourced to its passage.

    Parameters
    ----------
    text
        The document's text.
    origin
        What to call the document in sources (usually the path as the user gave it).
    run
        The load run, recorded on every source.
    index
        Names already in the store: a name that certainly matches one is that node.
    format
        ``text``, ``markdown`` or ``html``.
    """
    return extract_document(parse(text, origin, DocFormat(format)), run=run, index=index)


def read_document(
    path: Path,
    given: str,
    run: str,
    *,
    index: NameIndex | None = None,
    format: DocFormat | str | None = None,
) -> LoadPlan:
    """Read one document into a plan: its nodes and relationships, or its problems.

    The format comes from the suffix (``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``;
    anything else is read as plain text) unless ``format`` is given. A file that is not UTF-8
    (nor, for HTML, in the charset its ``<meta>`` declares) gives one problem naming the line
    and byte, and no facts.
    """
    plan = LoadPlan(inputs=[given])
    fmt = DocFormat(format) if format else (format_of(path) or DocFormat.TEXT)
    text, problems = read_text(path, given, fmt)
    plan.problems.extend(problems)
    if text is None:
        plan.unread.append(given)
        return plan
    try:
        extraction = extract(text, origin=given, run=run, index=index, format=fmt)
    except PARSE_ERRORS as exc:
        plan.problems.append(Problem("html", str(exc)[:80], "cannot be parsed as HTML", given))
        plan.unread.append(given)
        return plan
    for node in extraction.nodes:
        plan.add_node(node, _ref(given, node.sources[0]))
    for rel in extraction.relationships:
        plan.add_relationship(rel, _ref(given, rel.sources[0]))
    return plan


def _ref(given: str, source: Source) -> RowRef:
    locator = source.locator or ""
    cell: Callable[[str], str] = lambda field: f"{given} {locator}, {field}"  # noqa: E731
    return RowRef(given, locator, locator, cell)


def describe(plan: LoadPlan) -> list[str]:
    """One line per extracted fact, for a person to review before loading.

    Nodes first, then relationships, each with the sentence that states it and where
    (excerpts shortened here)::

        Person person:casey-townsend "Casey Townsend"  ← "Written by Casey Townsend"
            (003_8fdafb….txt passage 2)
        person:casey-townsend WORKS_FOR org:dorset-ccg [Communications and Engagement
            Coordinator]  ← "Communications and Engagement Coordinator at Dorset CCG"
            (003_8fdafb….txt passage 3)

    (one line each in the output).
    """
    lines = [_node_line(node) for node in plan.nodes]
    lines.extend(_relationship_line(rel) for rel in plan.relationships)
    return lines


def _node_line(node: Node) -> str:
    also = f" (also {', '.join(node.aliases)})" if node.aliases else ""
    return f'{node.kind.value} {node.id} "{node.name}"{also}{_evidence(node.sources)}'


def _relationship_line(rel: Relationship) -> str:
    role = f" [{rel.role}]" if rel.role else ""
    key = fact_key(rel.source, rel.type, rel.target)
    return f"{key}{role}{_evidence(rel.sources)}"


def _evidence(sources: tuple[Source, ...]) -> str:
    if not sources:
        return ""
    first = sources[0]
    text = first.excerpt or ""
    if len(text) > _SHOWN_EXCERPT:
        text = text[: _SHOWN_EXCERPT - 1] + "\u2026"
    more = f", +{len(sources) - 1} more" if len(sources) > 1 else ""
    return f'  \u2190 "{text}" ({_short(first.origin)} {first.locator}{more})'


def _short(origin: str) -> str:
    name = Path(origin).name
    if len(name) <= _SHORT_NAME:
        return name
    stem, suffix = Path(name).stem, Path(name).suffix
    return f"{stem[:10]}\u2026{suffix}"
