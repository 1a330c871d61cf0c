"""Rights over personal data: what erasing a person removes, and how a tombstone remembers them
without keeping anything that names them.

A tombstone holds only SHA-256 digests of the person's id and of their names, normalised, so a
later load of the same id or name can be recognised and held back, while the tombstone itself
reveals nothing to someone reading the store.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from graph.model import Node, parse_date
from graph.records import Introduction

ERASED = "[erased]"
"""What replaces an erased person's name or handle in a stored passage."""
_MIN_TERM = 3


@dataclass(frozen=True, slots=True)
class ErasureSummary:
    relationships: int
    """Relationships removed with the person."""
    passages: int
    """Stored passages (source excerpts) from which their name or handle was removed."""
    properties: int
    """Free properties removed with the node."""
    version: int
    introductions: int = 0
    """Introduction records removed (they were introduced) or rewritten (they made the
    introduction, or its note named them)."""

    def to_dict(self) -> dict[str, int]:
        return {
            "relationships": self.relationships,
            "passages": self.passages,
            "properties": self.properties,
            "introductions": self.introductions,
            "version": self.version,
        }


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def tombstone_keys(node_id: str, names: Iterable[str] = ()) -> set[str]:
    """The digests a tombstone keeps for a person: of their id and each of their names."""
    keys = {_digest(f"id:{node_id}")}
    keys.update(_digest(f"name:{n}") for n in map(_normal, names) if n)
    return keys


def id_key(node_id: str) -> str:
    return _digest(f"id:{node_id}")


def name_key(name: str) -> str:
    return _digest(f"name:{_normal(name)}")


def erase_terms(node: Node) -> list[str]:
    """The names and handles to remove from stored passages, longest first (so "Jane Rintoul"
    goes before "Jane" could leave "Rintoul" behind)."""
    terms = {t.strip() for t in (node.name, *node.aliases) if len(t.strip()) >= _MIN_TERM}
    terms |= {t.lstrip("@#") for t in terms if t.startswith(("@", "#"))}
    return sorted((t for t in terms if len(t) >= _MIN_TERM), key=lambda t: (-len(t), t))


def stored_form(term: str) -> str:
    """``term`` as it appears inside stored JSON text, where quotes, backslashes and control
    characters are escaped: what a search over stored sources must look for."""
    return json.dumps(term, ensure_ascii=False)[1:-1]


def stored_needles(terms: Iterable[str]) -> str:
    """The terms as :func:`mentions` looks for them: case-folded stored forms, one per line
    (a stored form never holds a raw newline: JSON escapes it)."""
    return "\n".join(stored_form(t).casefold() for t in terms)


def mentions(stored: str | None, needles: str) -> bool:
    """Whether stored JSON text contains any of :func:`stored_needles`' terms, ignoring case
    in every script (SQLite's LIKE folds ASCII letters only). One pass over the stored text
    looks for all of a person's names at once."""
    if stored is None or not needles:
        return False
    folded = stored.casefold()
    return any(needle in folded for needle in needles.split("\n"))


def scrub(text: str, terms: Iterable[str]) -> str:
    """``text`` with every whole-word occurrence of a term (any case) replaced by ERASED."""
    for term in terms:
        pattern = re.compile(rf"(?<!\w)@?{re.escape(term)}(?!\w)", re.IGNORECASE)
        text = pattern.sub(ERASED, text)
    return text


def scrub_sources(
    sources: Iterable[Mapping[str, Any]], terms: list[str]
) -> tuple[list[dict[str, Any]], int]:
    """Stored sources (as dicts) with the terms scrubbed from their excerpts, and how many
    excerpts changed."""
    changed = 0
    out = []
    for source in sources:
        copy = dict(source)
        excerpt = copy.get("excerpt")
        if excerpt:
            clean = scrub(excerpt, terms)
            if clean != excerpt:
                copy["excerpt"] = clean
                changed += 1
        out.append(copy)
    return out, changed


def forget_introductions(
    introductions: Iterable[Introduction], person_id: str, terms: list[str]
) -> tuple[list[Introduction], list[Introduction]]:
    """What erasing ``person_id`` does to the introduction records: ``(removed, rewritten)``.

    An introduction *of* the person goes: the pair itself is about them. One they *made* stays,
    because the other two people's tie and the conversion figures still stand, but without its
    introducer. Any note naming them is scrubbed like a stored passage.
    """
    removed: list[Introduction] = []
    rewritten: list[Introduction] = []
    for introduction in introductions:
        if person_id in (introduction.a, introduction.b):
            removed.append(introduction)
            continue
        by = None if introduction.by == person_id else introduction.by
        note = scrub(introduction.note, terms)
        if by != introduction.by or note != introduction.note:
            rewritten.append(replace(introduction, by=by, note=note))
    return removed, rewritten


CONSENT_EXPIRES = "consent_expires"
CONSENT_GIVEN = "consent_given"
LAWFUL_BASIS = "lawful_basis"


def consent_expired(node: Node, today: date) -> bool:
    """True when the person's recorded consent ran out before ``today``."""
    raw = node.properties.get(CONSENT_EXPIRES)
    if not isinstance(raw, str) or not raw:
        return False
    expires = parse_date(CONSENT_EXPIRES, raw, f"node {node.id!r}")
    return expires is not None and expires < today
