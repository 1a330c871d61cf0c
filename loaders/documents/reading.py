"""Turning a ``.txt``, ``.md`` or ``.html`` file into numbered passages of plain text.

A **passage** is the unit a fact's source points at ("passage 7"):

* **Plain text**: each non-blank line is a passage (posts and threads put one paragraph or
  one tweet on a line), except in a block of hard-wrapped prose (short lines that run on into
  a lowercase next line), which is joined into one paragraph.
* **Markdown**: each paragraph, heading and list item. Markup is stripped: emphasis, code,
  links (their text is kept), images, HTML tags; fenced code is dropped. A ``---`` front
  matter block is read for ``author`` and ``title``.
* **HTML**: each block element's own text (paragraphs, headings, list items, table cells,
  ``div`` text, line breaks). ``script``, ``style``, ``nav``, ``noscript``, ``template``,
  ``svg``, ``iframe``, ``form``, ``aside`` and comments are dropped. ``<meta name="author">``
  gives the author and ``<title>`` the title.

Files must be UTF-8 (a byte-order mark is allowed); an HTML file may instead declare its
charset in a ``<meta>`` tag. Anything else is a problem naming the line and byte.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from lxml import etree, html

from graph.errors import Problem
from loaders.text import read_utf8

PARSE_ERRORS: tuple[type[Exception], ...] = (etree.ParserError, ValueError)
"""What lxml raises for HTML it cannot parse at all."""


class DocFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


SUFFIXES: dict[str, DocFormat] = {
    ".txt": DocFormat.TEXT,
    ".text": DocFormat.TEXT,
    ".md": DocFormat.MARKDOWN,
    ".markdown": DocFormat.MARKDOWN,
    ".html": DocFormat.HTML,
    ".htm": DocFormat.HTML,
}
"""File suffixes read as documents, and the format of each."""


@dataclass(frozen=True, slots=True)
class Passage:
    number: int
    """1-based, in document order; the source locator is ``passage <number>``."""
    text: str
    """The passage's text, markup removed and whitespace collapsed."""
    line: int | None = None
    """The line it starts on in a text or Markdown file."""
    heading: bool = False
    item: bool = False
    """A list item (a bullet or numbered line)."""


@dataclass(slots=True)
class Document:
    origin: str
    format: DocFormat
    passages: list[Passage] = field(default_factory=list)
    author: str | None = None
    """The author named by the file's metadata (HTML meta, Markdown front matter)."""
    title: str | None = None


_SPACE = re.compile(r"\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_BULLET = re.compile(r"^[-*+\u2022\u25aa\u25e6]\s+")
_THREAD_COUNTER = re.compile(r"\b\d{1,2}/\d{1,2}\s*$")
_WRAP_WIDTH = 100


def clean(text: str) -> str:
    """Whitespace (including no-break spaces) collapsed to single spaces, ends trimmed."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def format_of(path: Path) -> DocFormat | None:
    return SUFFIXES.get(path.suffix.lower())


def read_text(path: Path, given: str, fmt: DocFormat) -> tuple[str | None, list[Problem]]:
    """The file's text: UTF-8, or for HTML the charset its ``<meta>`` declares."""
    text, problems = read_utf8(path, given)
    if text is not None or fmt is not DocFormat.HTML:
        return text, problems
    try:
        data = path.read_bytes()
    except OSError:
        return None, problems
    declared = re.search(
        rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.IGNORECASE
    )
    if declared is None:
        return None, problems
    name = declared.group(1).decode("ascii")
    try:
        codecs.lookup(name)
        return data.decode(name), []
    except (LookupError, UnicodeDecodeError):
        return None, problems


def parse(text: str, origin: str, fmt: DocFormat) -> Document:
    """Split a document's text into passages, as the module describes for each format."""
    if fmt is DocFormat.HTML:
        return _parse_html(text, origin)
    if fmt is DocFormat.MARKDOWN:
        return _parse_markdown(text, origin)
    return _parse_text(text, origin)


# -- plain text --------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its 1-based number."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if clean(line):
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _hard_wrapped(block: list[tuple[int, str]]) -> bool:
    """True for prose broken into short lines that run on into the next line."""
    if len(block) < 2 or any(len(line) > _WRAP_WIDTH for _, line in block):
        return False
    if any(_LIST_ITEM.match(line) or _THREAD_COUNTER.search(line) for _, line in block):
        return False
    runs_on = 0
    for (_, line), (_, nxt) in itertools.pairwise(block):
        ends = line.rstrip()[-1:]
        starts = nxt.lstrip()[:1]
        if ends not in ".!?:" and starts.islower():
            runs_on += 1
    return runs_on * 2 >= len(block) - 1


def _parse_text(text: str, origin: str) -> Document:
    doc = Document(origin, DocFormat.TEXT)
    for block in _blocks(text.splitlines()):
        if _hard_wrapped(block):
            _add(doc, " ".join(line for _, line in block), block[0][0])
        else:
            for number, line in block:
                _add(doc, line, number)
    return doc


def _add(
    doc: Document, text: str, line: int | None, *, heading: bool = False, item: bool = False
) -> None:
    cleaned = clean(text)
    bullet = _BULLET.match(cleaned)
    if bullet:
        cleaned, item = cleaned[bullet.end() :], True
    if cleaned:
        doc.passages.append(Passage(len(doc.passages) + 1, cleaned, line, heading, item))


# -- Markdown ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>]+)>"), ""),  # autolinks
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
]


def strip_markdown(text: str) -> str:
    """Inline Markdown removed from one line, the words kept."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _front_matter(lines: list[str], doc: Document) -> int:
    """Read a leading ``---`` block's ``author`` and ``title``; the lines it takes."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].strip() in {"---", "..."}:
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                value = value.strip().strip("\"'")
                if sep and value and key.strip().lower() in {"author", "by"}:
                    doc.author = value
                elif sep and value and key.strip().lower() == "title":
                    doc.title = value
            return end + 1
    return 0


def _parse_markdown(text: str, origin: str) -> Document:
    doc = Document(origin, DocFormat.MARKDOWN)
    lines = text.splitlines()
    start = _front_matter(lines, doc)
    paragraph: list[str] = []
    first = 0
    fenced = False
    listed = False

    def flush() -> None:
        nonlocal paragraph, listed
        if paragraph:
            _add(doc, strip_markdown(" ".join(paragraph)), first, item=listed)
        paragraph = []
        listed = False

    for number, raw in enumerate(lines[start:], start=start + 1):
        if _FENCE.match(raw):
            flush()
            fenced = not fenced
            continue
        if fenced or _REF_DEF.match(raw) or _TABLE_RULE.match(raw):
            continue
        line = raw.strip()
        while line.startswith(">"):
            line = line[1:].strip()
        heading = _HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            _add(doc, strip_markdown(heading.group(2)), number, heading=True)
        elif _SETEXT.match(line) and paragraph:
            text_so_far = strip_markdown(" ".join(paragraph))
            paragraph = []
            _add(doc, text_so_far, first, heading=True)
        elif _LIST_ITEM.match(line):
            flush()
            paragraph, first, listed = [_LIST_ITEM.sub("", line)], number, True
        else:
            if "|" in line:
                line = " ".join(cell.strip() for cell in line.strip("|").split("|"))
            if not paragraph:
                first = number
            paragraph.append(line)
    flush()
    return doc


# -- HTML --------------------------------------------------------------------------------------

_DROP = frozenset(
    {
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "svg",
        "iframe",
        "form",
        "aside",
        "head",
        "button",
        "select",
        "textarea",
        "object",
        "embed",
        "canvas",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "figcaption",
        "caption",
        "address",
        "br",
        "hr",
        "table",
        "ul",
        "ol",
        "dl",
        "body",
        "figure",
        "summary",
        "details",
        "label",
        "legend",
        "fieldset",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse_html(text: str, origin: str) -> Document:
    doc = Document(origin, DocFormat.HTML)
    source = _XML_DECLARATION.sub("", text)
    if not source.strip():
        return doc
    root = html.document_fromstring(source)
    for meta in root.iter("meta"):
        if "author" in {meta.get("name", ""), meta.get("property", "")} | {
            meta.get("property", "").removeprefix("article:")
        } and clean(meta.get("content", "")):
            doc.author = clean(meta.get("content", ""))
            break
    title = root.find(".//title")
    if title is not None:
        doc.title = clean("".join(str(t) for t in title.itertext())) or None
    pieces: list[str] = []
    heading = False
    item = False

    def flush() -> None:
        nonlocal heading, item
        _add(doc, "".join(pieces), None, heading=heading, item=item)
        pieces.clear()
        heading = item = False

    def walk(element: html.HtmlElement) -> None:
        nonlocal heading, item
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _DROP or not tag:
            # Comments and processing instructions have no string tag; their tail is text.
            if element.tail:
                pieces.append(element.tail)
            return
        block = tag.lower() in _BLOCK
        if block:
            flush()
            heading = tag.lower() in _HEADINGS
            item = tag.lower() == "li"
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            pieces.append(element.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return doc
