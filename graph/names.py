"""Names: ids from names, match keys, and finding the nodes a name may refer to.

One entity is often written many ways: "NHS England", "@NHSEngland", "NHSE", "nhs england.".
This module turns a name into **match keys** so those spellings meet, and finds nodes by them:

* :func:`normalise` folds case and accents, strips ``@``/``#``, splits CamelCase handles
  ("NHSEngland" → "nhs england"), turns ``&`` into "and", drops apostrophes ("King's" →
  "kings"), turns other punctuation into spaces and drops a leading "the".
* :func:`acronym` is the initials of a name of two or more words, keeping all-caps words whole
  and skipping "of", "and", "the", "for", … ("NHS England" → "nhse", "Department of Health" →
  "dh").
* :func:`keys` is the set of both for a name and its aliases.

Two names are the **same with certainty** when the normalised form of one equals the
normalised form or the acronym of the other ("NHSE" and "NHS England"), acronyms of three or
more letters only: two-letter ones ("DH") are shared by too many names and must be given as
aliases. Two acronyms that merely agree ("Dorset County Hospital" and "Darlington Community
Hub" are both "dch") are not a match.
Anything less than that is at most **likely**: a fuzzy score from rapidfuzz, for a person to
confirm. Nothing here merges nodes; it only finds candidates.

Ids follow the shared convention ``<prefix>:<slug>`` (:func:`node_id`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from graph.vocabulary import NodeKind

if TYPE_CHECKING:
    from graph.store.base import GraphStore

KIND_PREFIX: dict[NodeKind, str] = {
    NodeKind.PERSON: "person",
    NodeKind.ORGANISATION: "org",
    NodeKind.FORUM: "forum",
    NodeKind.COMMUNITY: "community",
    NodeKind.INTEREST: "interest",
    NodeKind.PLACE: "place",
}
"""The id prefix of each kind, shared with the demo dataset."""

PREFIX_KIND: dict[str, NodeKind] = {prefix: kind for kind, prefix in KIND_PREFIX.items()}

MIN_ACRONYM = 3
"""Acronyms shorter than this ("DH") match only when given as an alias: too many names share
them."""

MINOR_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an", "&"})
"""Words an acronym skips: "Department of Health" is DH."""

_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z])"  # nhsEngland -> nhs England
    r"|(?<=[A-Z])(?=[A-Z][a-z])"  # NHSEngland -> NHS England
    r"|(?<=[A-Za-z])(?=\d)"  # Day2020 -> Day 2020
    r"|(?<=\d)(?=[A-Za-z])"
)
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_TOKEN = re.compile(r"[^\s]+")


# -- normalising ----------------------------------------------------------------------------


def fold_accents(text: str) -> str:
    """``text`` with accents removed and compatibility forms folded: "Zoë" → "Zoe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_camel(token: str) -> str:
    """A CamelCase token as words: "NHSEngland" → "NHS England", "WeRise2020" → "We Rise 2020"."""
    return _CAMEL.sub(" ", token)


def words(name: str) -> list[str]:
    """The words of a name in their original case, handles and hashtags split.

    ``@`` and ``#`` are stripped, CamelCase is split, ``&`` stands alone, apostrophes are
    dropped and other punctuation separates words.
    """
    text = fold_accents(name).replace("&", " & ")
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        token = _APOSTROPHES.sub("", raw.lstrip("@#"))
        for part in re.split(r"[^0-9A-Za-z&]+", split_camel(token)):
            if part:
                out.append(part)
    return out


@functools.lru_cache(maxsize=65_536)
def normalise(name: str) -> str:
    """The form names are compared in: "The King's Fund." → "kings fund".

    Casefolded, accents folded, ``@``/``#`` stripped, CamelCase split, ``&`` read as "and",
    apostrophes dropped, other punctuation a space, spaces collapsed, a leading "the" dropped
    (unless it is the whole name).
    """
    tokens = ["and" if w == "&" else w.casefold() for w in words(name)]
    tokens = [t for t in (_NOT_WORD.sub(" ", t).strip() for t in tokens) if t]
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


@functools.lru_cache(maxsize=65_536)
def acronym(name: str) -> str | None:
    """The initials of a name of two or more words, all-caps words kept whole.

    "NHS England" → "nhse"; "Department of Health" → "dh"; "Dorset CCG" → "dccg". ``None``
    for a single word, whose acronym would be no more than its first letter.
    """
    significant = [w for w in words(name) if w.casefold() not in MINOR_WORDS]
    if len(significant) < 2:
        return None
    parts = [w if (w.isupper() and len(w) > 1) or w.isdigit() else w[0] for w in significant]
    return "".join(parts).casefold()


def keys(name: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    """Every match key of a name and its aliases: their normalised forms and acronyms."""
    out: set[str] = set()
    for text in (name, *aliases):
        full = normalise(text)
        if full:
            out.add(full)
        short = acronym(text)
        if short:
            out.add(short)
    return frozenset(out)


def full_keys(name: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    """The normalised forms of a name and its aliases, without acronyms."""
    return frozenset(k for k in (normalise(t) for t in (name, *aliases)) if k)


def slug(name: str) -> str:
    """The id slug of a name: lowercase ASCII words joined by ``-``.

    "King's College Hospital" → "kings-college-hospital"; "@NHSEngland" → "nhs-england";
    "The Health Foundation" → "health-foundation". CamelCase is split only in a handle, a
    hashtag or a one-word name ("OurDorset" → "our-dorset"), so "Ronald McDonald" stays
    "ronald-mcdonald".

    Raises
    ------
    ValueError
        When the name has no letters or digits to make a slug from.
    """
    text = fold_accents(name).replace("&", " and ")
    raw = _TOKEN.findall(text)
    tokens: list[str] = []
    for token in raw:
        bare = _APOSTROPHES.sub("", token)
        if bare.startswith(("@", "#")) or len(raw) == 1:
            bare = split_camel(bare.lstrip("@#"))
        tokens.extend(t for t in _NOT_WORD.split(bare.casefold()) if t)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    if not tokens:
        raise ValueError(f"cannot make an id from the name {name!r}")
    return "-".join(tokens)


def node_id(kind: NodeKind | str, name: str) -> str:
    """The conventional id of a node: ``node_id(NodeKind.PERSON, "Jane Rintoul")`` is
    ``person:jane-rintoul``. ``kind`` may be a :class:`NodeKind`, its value or its prefix."""
    if isinstance(kind, NodeKind):
        chosen = kind
    elif kind in PREFIX_KIND:
        chosen = PREFIX_KIND[kind]
    else:
        chosen = NodeKind(kind)
    return f"{KIND_PREFIX[chosen]}:{slug(name)}"


# -- finding nodes by name -------------------------------------------------------------------


class Named(Protocol):
    """What the index needs of a node; :class:`~graph.model.Node` has it."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> NodeKind: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


class Certainty(StrEnum):
    """How sure a name match is."""

    CERTAIN = "certain"
    """The same normalised name, or one name is the other's acronym: the same entity."""
    LIKELY = "likely"
    """Similar but not the same: for a person to confirm, never merged automatically."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A node as the index knows it."""

    id: str
    kind: NodeKind
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A node a name may refer to, and how sure that is."""

    id: str
    kind: NodeKind
    name: str
    score: float
    """100 for a certain match; otherwise rapidfuzz's token-sort ratio (0 to 100)."""
    certainty: Certainty
    reason: str


class NameIndex:
    """Nodes by match key, for resolving names found in documents to existing ids.

    Exact lookups (:meth:`lookup`, :meth:`matches`) are certain; :meth:`fuzzy` finds likely
    ones with a score. Build it with :meth:`from_nodes` or :meth:`from_store`.
    """

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._full: dict[str, set[str]] = defaultdict(set)
        """Normalised name or alias → ids."""
        self._short: dict[str, set[str]] = defaultdict(set)
        """Acronym of a name or alias → ids."""
        self._given: dict[str, set[str]] = defaultdict(set)
        """A person's first name → ids."""
        self._choices: dict[NodeKind, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    @classmethod
    def from_nodes(cls, nodes: Iterable[Named]) -> NameIndex:
        index = cls()
        for node in nodes:
            index.add(node)
        return index

    @classmethod
    def from_store(cls, store: GraphStore) -> NameIndex:
        """Every node in ``store``, read in batches."""
        index = cls()
        for batch in store.iter_nodes():
            for node in batch:
                index.add(node)
        return index

    def add(self, node: Named) -> None:
        """Index a node under its name and aliases (again: replaces its earlier entry)."""
        if node.id in self._entries:
            self._forget(node.id)
        entry = Entry(node.id, node.kind, node.name, tuple(node.aliases))
        self._entries[node.id] = entry
        for text in (entry.name, *entry.aliases):
            full = normalise(text)
            if full:
                self._full[full].add(entry.id)
                self._choices[entry.kind][full].add(entry.id)
            short = acronym(text)
            if short and len(short) >= MIN_ACRONYM:
                self._short[short].add(entry.id)
        if entry.kind is NodeKind.PERSON:
            first = words(entry.name)
            if len(first) > 1:
                self._given[first[0].casefold()].add(entry.id)

    def _forget(self, node_id: str) -> None:
        entry = self._entries.pop(node_id)
        for text in (entry.name, *entry.aliases):
            full = normalise(text)
            self._full.get(full, set()).discard(node_id)
            self._choices[entry.kind].get(full, set()).discard(node_id)
            self._short.get(acronym(text) or "", set()).discard(node_id)
        first = words(entry.name)
        if first:
            self._given.get(first[0].casefold(), set()).discard(node_id)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._entries

    def entry(self, node_id: str) -> Entry | None:
        return self._entries.get(node_id)

    def matches(self, name: str, kind: NodeKind | None = None) -> list[str]:
        """Ids whose name or alias is certainly ``name``, sorted; of ``kind`` when given.

        Certain means the normalised name equals a node's normalised name or alias. Only when
        nothing matches that way are acronyms tried: the name is the acronym of a node's name
        ("NHSE" finds "NHS England"), or the name's acronym is a node's name ("NHS England"
        finds a node called "NHSE"). Acronyms shorter than :data:`MIN_ACRONYM` letters are
        too ambiguous to match; give them as aliases ("DH" for "Department of Health").
        """
        full = normalise(name)
        if not full:
            return []

        def wanted(ids: Iterable[str]) -> list[str]:
            return sorted(i for i in ids if kind is None or self._entries[i].kind is kind)

        exact = wanted(self._full.get(full, ()))
        if exact:
            return exact
        found: set[str] = set()
        if len(full) >= MIN_ACRONYM and " " not in full:
            found |= self._short.get(full, set())
        short = acronym(name)
        if short and len(short) >= MIN_ACRONYM:
            found |= self._full.get(short, set())
        return wanted(found)

    def lookup(self, name: str, kind: NodeKind | None = None) -> str | None:
        """The one id ``name`` certainly refers to, or ``None`` when none or several do.

        Without ``kind``, a name that matches nodes of several kinds is ambiguous.
        """
        found = self.matches(name, kind)
        return found[0] if len(found) == 1 else None

    def given_name(self, first: str) -> str | None:
        """The one person whose first name is ``first``, or ``None`` when none or several are.

        Weaker than :meth:`lookup`: use it only where the text shows ``first`` is a person.
        """
        found = self._given.get(normalise(first), set())
        return next(iter(found)) if len(found) == 1 else None

    def fuzzy(
        self,
        name: str,
        kind: NodeKind | None = None,
        *,
        threshold: float = 85.0,
        limit: int = 5,
    ) -> list[Match]:
        """Nodes whose name or alias resembles ``name``, best first, with their score.

        Scored with rapidfuzz's ``token_sort_ratio`` on normalised names (word order does not
        matter, every character does). Certain matches (see :meth:`matches`) come first with
        score 100; the rest are :attr:`Certainty.LIKELY`.
        """
        query = normalise(name)
        if not query:
            return []
        certain = set(self.matches(name, kind))
        best: dict[str, Match] = {}
        for node_id in certain:
            entry = self._entries[node_id]
            best[node_id] = Match(
                node_id, entry.kind, entry.name, 100.0, Certainty.CERTAIN, "same name or acronym"
            )
        kinds = [kind] if kind is not None else list(self._choices)
        for each in kinds:
            table = self._choices.get(each)
            if not table:
                continue
            found = process.extract(
                query,
                list(table),
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
                limit=limit * 2,
            )
            for key, score, _ in found:
                for node_id in table[key]:
                    if node_id in best and best[node_id].score >= score:
                        continue
                    entry = self._entries[node_id]
                    best[node_id] = Match(
                        node_id,
                        entry.kind,
                        entry.name,
                        float(score),
                        Certainty.LIKELY,
                        f"name resembles {key!r} ({score:.0f})",
                    )
        ranked = sorted(
            best.values(), key=lambda m: (m.certainty is not Certainty.CERTAIN, -m.score, m.id)
        )
        return ranked[:limit]


# -- likely duplicates -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two nodes of one kind that may be the same entity; ``a < b``."""

    a: str
    b: str
    kind: NodeKind
    score: float
    certainty: Certainty
    reason: str
    names: tuple[str, str] = ("", "")

    def to_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind.value,
            "score": round(self.score, 1),
            "certainty": self.certainty.value,
            "reason": self.reason,
            "names": list(self.names),
        }


@dataclass(frozen=True, slots=True)
class DuplicateSearch:
    """What :func:`find_duplicates` found, and how much work it took."""

    candidates: list[Candidate]
    comparisons: int
    """Name pairs scored by rapidfuzz (never all pairs: only within blocks)."""
    blocks: int
    """Blocks scored (each a set of names sharing a key, or one window of an oversized one)."""
    largest_block: int
    """The most names scored together in one block."""


def find_duplicates(
    nodes: Iterable[Named],
    *,
    threshold: float = 85.0,
    max_block: int = 200,
    window: int = 20,
) -> DuplicateSearch:
    """Pairs of same-kind nodes that are, or may be, one entity.

    **Certain** pairs share a match key as :meth:`NameIndex.matches` defines it (a normalised
    name or alias, or one's acronym is the other's name). **Likely** pairs score at least
    ``threshold`` with rapidfuzz's ``token_sort_ratio`` on normalised names and aliases.

    Blocking keeps this far from all pairs: names are only scored against names of the same
    kind that share a block key (the first four letters of any word of three or more letters,
    or the sorted initials). A block holding more than ``max_block`` names is sorted and
    scored in a sliding window of ``window`` neighbours instead (the sorted-neighbourhood
    method), so a common word ("health") costs ``n * window`` comparisons, not ``n ** 2``.

    Parameters
    ----------
    nodes
        Anything with ``id``, ``kind``, ``name`` and ``aliases``.
    threshold
        The least score (0 to 100) for a likely pair.
    max_block, window
        Block sizes, as above.
    """
    entries = [Entry(n.id, n.kind, n.name, tuple(n.aliases)) for n in nodes]
    found: dict[tuple[str, str], Candidate] = {}
    _certain_pairs(entries, found, max_block)

    # One item per (node, normalised name or alias); blocks hold item indexes.
    item_key: list[str] = []
    item_node: list[int] = []
    blocks: dict[tuple[NodeKind, str], list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for text in full_keys(entry.name, entry.aliases):
            item = len(item_key)
            item_key.append(text)
            item_node.append(position)
            for block in _block_keys(text):
                blocks[(entry.kind, block)].append(item)

    comparisons = 0
    scored_blocks = 0
    largest = 0

    def score(group: Sequence[int]) -> int:
        """Score every pair in ``group`` (rapidfuzz loops in C); return the pairs scored."""
        nonlocal scored_blocks, largest
        names = [item_key[i] for i in group]
        scored_blocks += 1
        largest = max(largest, len(group))
        for row in range(len(group) - 1):
            later = names[row + 1 :]
            hits = process.extract(
                names[row],
                later,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold,
                limit=None,
            )
            for text, value, offset in hits:
                a, b = item_node[group[row]], item_node[group[row + 1 + offset]]
                if a != b:
                    _offer(found, entries[a], entries[b], float(value), (names[row], text))
        return len(group) * (len(group) - 1) // 2

    for members in blocks.values():
        if len({item_node[i] for i in members}) < 2:
            continue
        if len(members) <= max_block:
            comparisons += score(members)
            continue
        ordered = sorted(members, key=lambda i: item_key[i])
        step = max(window // 2, 1)
        for start in range(0, len(ordered) - 1, step):
            comparisons += score(ordered[start : start + window])
    return DuplicateSearch(
        candidates=sorted(found.values(), key=_candidate_order),
        comparisons=comparisons,
        blocks=scored_blocks,
        largest_block=largest,
    )


def likely_duplicates(
    nodes: Iterable[Named],
    *,
    threshold: float = 85.0,
    max_block: int = 200,
    window: int = 20,
) -> list[Candidate]:
    """The candidate pairs of :func:`find_duplicates`: certain ones first, then by score."""
    return find_duplicates(
        nodes, threshold=threshold, max_block=max_block, window=window
    ).candidates


def _candidate_order(c: Candidate) -> tuple[bool, float, str, str]:
    return (c.certainty is not Certainty.CERTAIN, -c.score, c.a, c.b)


def _block_keys(text: str) -> set[str]:
    tokens = text.split()
    out = {f"p:{t[:4]}" for t in tokens if len(t) >= 3 and t not in MINOR_WORDS}
    initials = "".join(sorted(t[0] for t in tokens if t not in MINOR_WORDS))
    if initials:
        out.add(f"i:{initials}")
    return out


def _certain_pairs(
    entries: Sequence[Entry], found: dict[tuple[str, str], Candidate], max_block: int
) -> None:
    """Pairs sharing a key where at least one side has it as a full name or alias."""
    by_key: dict[tuple[NodeKind, str], dict[int, bool]] = defaultdict(dict)
    for position, entry in enumerate(entries):
        fulls = full_keys(entry.name, entry.aliases)
        for key in fulls:
            by_key[(entry.kind, key)][position] = True
        for text in (entry.name, *entry.aliases):
            short = acronym(text)
            if short and len(short) >= MIN_ACRONYM and short not in fulls:
                by_key[(entry.kind, short)].setdefault(position, False)
    for (_, key), holders in by_key.items():
        if len(holders) < 2 or not any(holders.values()):
            continue
        members = sorted(holders, key=lambda p: entries[p].id)
        for i, a in enumerate(members):
            # A very common name links everything to its first holder rather than all pairs.
            partners = (
                members[i + 1 :] if len(members) <= max_block else (members[1:] if i == 0 else [])
            )
            for b in partners:
                if not (holders[a] or holders[b]):
                    continue
                both = holders[a] and holders[b]
                reason = f"same name {key!r}" if both else f"acronym {key!r}"
                _offer(
                    found,
                    entries[a],
                    entries[b],
                    100.0,
                    (key, key),
                    certainty=Certainty.CERTAIN,
                    reason=reason,
                )


def _offer(
    found: dict[tuple[str, str], Candidate],
    a: Entry,
    b: Entry,
    score: float,
    texts: tuple[str, str],
    *,
    certainty: Certainty = Certainty.LIKELY,
    reason: str = "",
) -> None:
    if a.id == b.id or a.kind is not b.kind:
        return
    a_text, b_text = texts
    if b.id < a.id:
        a, b, a_text, b_text = b, a, b_text, a_text
    pair = (a.id, b.id)
    earlier = found.get(pair)
    if earlier is not None and (
        earlier.certainty is Certainty.CERTAIN
        or (certainty is Certainty.LIKELY and earlier.score >= score)
    ):
        return
    if not reason:
        reason = f"similar names {a_text!r} and {b_text!r} ({score:.0f})"
    found[pair] = Candidate(a.id, b.id, a.kind, score, certainty, reason, (a.name, b.name))
