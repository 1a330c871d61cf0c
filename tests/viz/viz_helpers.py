"""Reading a page back: its data block, and every script and style it references."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

DATA_BLOCK = re.compile(
    r'<script type="application/json" id="convene-data">(.*?)</script>', re.DOTALL
)
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\");]+)", re.IGNORECASE)


def payload(html: str) -> dict[str, Any]:
    """The JSON the page script draws from."""
    found = DATA_BLOCK.search(html)
    assert found is not None, "the page has no data block"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def nodes(html: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in payload(html)["nodes"]}


def fill(node: dict[str, Any]) -> str:
    """A node's fill colour (nodes the page is about carry a colour object with a border)."""
    colour = node["color"]
    return str(colour["background"] if isinstance(colour, dict) else colour)


def edges(html: str) -> list[dict[str, Any]]:
    return list(payload(html)["edges"])


def pairs(html: str) -> set[frozenset[str]]:
    return {frozenset((e["from"], e["to"])) for e in edges(html)}


@dataclass
class Resources(HTMLParser):
    """Every script, style sheet, inline script and inline style of a page."""

    script_srcs: list[str] = field(default_factory=list)
    stylesheet_hrefs: list[str] = field(default_factory=list)
    inline_scripts: list[tuple[str | None, str]] = field(default_factory=list)
    inline_styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    _in: tuple[str, str | None] | None = None

    def __post_init__(self) -> None:
        HTMLParser.__init__(self)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            if found.get("src"):
                self.script_srcs.append(found["src"] or "")
            else:
                self._in = ("script", found.get("type"))
                self.inline_scripts.append((found.get("type"), ""))
        elif tag == "link" and "stylesheet" in (found.get("rel") or ""):
            self.stylesheet_hrefs.append(found.get("href") or "")
        elif tag == "style":
            self._in = ("style", None)
            self.inline_styles.append("")
        if found.get("style"):
            self.style_attributes.append(found["style"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            return
        if self._in[0] == "script":
            kind, text = self.inline_scripts[-1]
            self.inline_scripts[-1] = (kind, text + data)
        else:
            self.inline_styles[-1] += data


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    parser.close()
    return parser


def external_references(html: str) -> list[str]:
    """Every script or style sheet the page would fetch from another host."""
    found = resources(html)
    out = [u for u in found.script_srcs + found.stylesheet_hrefs if EXTERNAL.match(u)]
    for css in found.inline_styles + found.style_attributes:
        out.extend(u for u in CSS_URL.findall(css) if EXTERNAL.match(u))
        out.extend(u for u in CSS_IMPORT.findall(css))
    return out
