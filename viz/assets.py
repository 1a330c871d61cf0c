"""The JavaScript and CSS a page needs, all shipped with Convene: nothing comes from the web.

vis-network is pyvis's own bundled copy (``pyvis/lib/vis-9.1.2``); Convene's page script and
style sheet live in ``viz/static``. A page served by the API links them under
``/viz/static/<name>`` (see :mod:`viz.routes`); a page the command line writes to a file
carries them inline, so the file opens anywhere with no server and no network.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyvis  # type: ignore[import-untyped]

VIS_VERSION = "9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
STATIC_DIR = Path(__file__).resolve().parent / "static"

STATIC_FILES: dict[str, Path] = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.css": VIS_DIR / "vis-network.css",
    "convene.js": STATIC_DIR / "convene.js",
    "convene.css": STATIC_DIR / "convene.css",
}
"""Every file the pages use, by the name it is served under. Nothing else is served."""

MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

SCRIPTS = ("vis-network.min.js", "convene.js")
STYLES = ("vis-network.css", "convene.css")


@functools.cache
def read_static(name: str) -> str:
    """The text of one of :data:`STATIC_FILES`; ``KeyError`` for any other name."""
    return STATIC_FILES[name].read_text(encoding="utf-8")


def media_type(name: str) -> str:
    return MEDIA_TYPES[Path(name).suffix]


def _inline_safe(text: str, tag: str) -> str:
    # A closing tag inside the file would end the element early; none of ours has one.
    closing = f"</{tag}"
    if closing in text.lower():
        raise ValueError(f"cannot inline a file containing {closing}")
    return text


@dataclass(frozen=True, slots=True)
class Assets:
    """How a page gets its scripts and styles: inline, or linked under ``base_url``."""

    inline: bool = True
    base_url: str = "/viz/static"

    @classmethod
    def served(cls, base_url: str = "/viz/static") -> Assets:
        return cls(inline=False, base_url=base_url.rstrip("/"))

    def styles(self) -> list[dict[str, str]]:
        """Each style sheet as ``{"href": url}`` or ``{"text": css}``."""
        if self.inline:
            return [{"text": _inline_safe(read_static(n), "style")} for n in STYLES]
        return [{"href": f"{self.base_url}/{n}"} for n in STYLES]

    def scripts(self) -> list[dict[str, str]]:
        """Each script as ``{"src": url}`` or ``{"text": js}``, vis-network first."""
        if self.inline:
            return [{"text": _inline_safe(read_static(n), "script")} for n in SCRIPTS]
        return [{"src": f"{self.base_url}/{n}"} for n in SCRIPTS]
