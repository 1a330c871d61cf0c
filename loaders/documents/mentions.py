"""Finding the names in a passage: who and what each one may be, and the words around it.

A :class:`Mention` is one name as written, with the kind the rules give it, the sentence it is
in and the rule that found it. Mentions are only proposals: :mod:`loaders.documents.extract`
decides, across the whole document, which become entities. The rules, in the order they claim
text (a span claimed once is not claimed again):

1. **URLs and e-mail addresses** are blanked first, so ``#fragment`` or ``name@host`` never
   looks like a hashtag or a handle.
2. **Known organisations** (:data:`~loaders.documents.lexicon.KNOWN_ORGANISATIONS`) and their
   short forms: "NHS England", "DH"; then gazetteer places whose names hold "and".
3. **Handles** (``@NHSEngland``) and **hashtags** (``#EngagementPractitioners``); see
   :meth:`Finder.handle` and :meth:`Finder.hashtag` for how each is classified.
4. **Capitalised runs** ("North Essex Partnership University Foundation Trust", "Sir Bob
   Kerslake"), joined across "of"/"for"/"of the" and cut at "and", punctuation and
   honorifics, with opening function words and sentence-opening verbs trimmed: an
   organisation by its last words or opening ("... Trust", "... Clinical Commissioning
   Group", "Department of ..."); a forum by its last word ("... Advisory Group",
   "... Workshop", "... Network", "... Programme", "... Team"); a place when the gazetteer
   has it; a person when it is two or three name-shaped words *and* the words around it say
   so (an honorific, a byline, a job title after it, "inspired by", "to meet", "said",
   "who", "is a member of"). A name of at most three generic words ("Local Authority",
   "the Advisory Group") names nothing by itself; an all-caps word is an acronym to resolve.
5. **Programmes named otherwise**: a quoted name before a lowercase forum noun ("their own
   'Connect' programme") and an organisation's lowercase programme ("DH's connecting
   programme").
6. **Communities**: "#VCSE sector" (above) and a capitalised word before a lowercase
   "community" ("Somali community").
7. **Interest terms** (:data:`~loaders.documents.lexicon.INTEREST_TERMS`) outside names.
8. **Job titles** after a person ("Name, Role at Org", "Name (Role, Org)", "Name (Head of the
   Civil Service)"): the role, and the body it is held in, which is created as an
   organisation when it is named only there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.names import normalise, split_camel
from graph.vocabulary import NodeKind
from loaders.documents import lexicon
from loaders.documents.reading import Passage

if TYPE_CHECKING:
    from graph.names import NameIndex

_URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b(?:[\w-]+\.)+(?:uk|com|org|net|gov|io|info|eu|au|nz|ca|us)(?:/\S*)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)]*\s+(?=[\"'\u2018\u201c(]*[A-Z0-9#@])")
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "prof",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "no",
        "cllr",
        "rev",
        "jr",
        "sr",
    }
)
_TOKEN = re.compile(r"[@#]?[^\W_][\w'\u2019\-.]*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_CONNECTORS = frozenset({"of", "for", "upon", "de", "la", "le", "van", "von", "da", "du"})
_NAME_PART = r"[^\W\d_][^\W\d_]+(?:[-'\u2019][^\W\d_]+)*"
_ROLE_OPEN = re.compile(r"^\s*(?:['\u2019]s)?\s*(?:,\s*|\(\s*)")
_ROLE_LINK = re.compile(r"(?:\b(?:at|of|for|with|in)\s+(?:the\s+)?|,\s*)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"\b(?:" + "|".join(lexicon.BYLINE_VERBS) + r")(?:\s+and\s+\w+)?\s+by:?\s*$|^\s*by:?\s*$",
    re.IGNORECASE,
)
_BYLINE_OPENING = re.compile(
    r"^\s*(?:(?:this|it)(?:\s+(?:post|piece|blog|article|note|page|report))?\s+"
    r"(?:was|is|has been)\s+)?(?:" + "|".join(lexicon.BYLINE_VERBS) + r")(?:\s+and\s+\w+)?"
    r"\s+by:?\s*$|^\s*by:?\s*$",
    re.IGNORECASE,
)
"""A byline that names the document's author opens its sentence: "Written by", "Posted by:",
"By", "This was drafted by". "A report written by X" names a person, not the author."""
_EMPTY_BYLINE = re.compile(
    r"^\s*(?:" + "|".join(lexicon.BYLINE_VERBS) + r")\s+by:?\s*(?:[,;|\u2013-]|$)", re.IGNORECASE
)
_STANDALONE_NAME = re.compile(
    rf"^({_NAME_PART}(?:\s+{_NAME_PART}){{1,2}})(?:\s*,?\s*(?:19|20)\d\d)?$"
)
_PERSON_CUES_BEFORE = re.compile(
    r"(?:^|\W)("
    + "|".join(re.escape(c) for c in sorted(lexicon.PERSON_CUES_BEFORE, key=len, reverse=True))
    + r"):?$"
)
_PERSON_CUES_AFTER = re.compile(
    r"^\s*,?\s*(is a (?:founding |new )?member of|is the (?:co-)?chair of|joined the|chairs the|"
    r"works (?:at|for))\b",
    re.IGNORECASE,
)
"""Words after a personal name that only a person does: "Amara Okafor is a member of"."""
_QUOTED_FORUM = re.compile(
    r"[\u2018'\"\u201c]([A-Z][\w\u2019'\- ]{0,40}?)[\u2019'\"\u201d]\s+("
    + "|".join(sorted(lexicon.FORUM_NOUNS))
    + r")\b"
)
_OWNED_FORUM = re.compile(
    r"^['\u2019]s\s+(?:own\s+)?([a-z][a-z\-]{2,30})\s+(programme|program|network|project|forum)\b"
)
_COMMUNITY = re.compile(r"\b([A-Z][a-z]+)\s+(community|communities)\b")
_GENERIC_LENGTH = 3
"""A name of at most this many generic words ("Local Authority", "the Advisory Group") names
no particular body; a longer one ("Integrated Care System Public Engagement Project") does."""
_GENERIC_MODIFIERS = frozenset(
    {
        "national",
        "local",
        "new",
        "own",
        "first",
        "second",
        "main",
        "wider",
        "whole",
        "current",
        "existing",
        "pilot",
        "latest",
        "regional",
        "big",
        "small",
        "other",
        "next",
        "last",
    }
)


@dataclass(frozen=True, slots=True)
class Sentence:
    passage: Passage
    start: int
    end: int
    number: int
    """Document-wide, in reading order."""

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass(slots=True)
class Mention:
    """One name as written, and what the rules say it is."""

    kind: NodeKind | None
    """``None`` for a handle the rules could not yet classify."""
    name: str
    """The name it proposes for its entity ("Bob Kerslake" for "Sir Bob Kerslake's")."""
    surface: str
    """The text as written."""
    start: int
    end: int
    sentence: Sentence
    rule: str
    cue: bool = True
    """For a person: the words around it show it is a person."""
    single: bool = False
    """Refers to an entity named in full elsewhere: a given name, "Sir Bob", an acronym."""
    generic: bool = False
    """A generic forum reference ("the Advisory Group") to resolve to a named forum."""
    alias: bool = False
    """Worth keeping the surface form as an alias (handles, acronyms, titles)."""
    byline: bool = False
    """Names the document's author."""
    role: str | None = None
    role_target: Mention | None = None
    """From "Name, Role at Org": the organisation or forum the role is held in."""
    owner: Mention | None = None
    """The organisation or forum that owns a forum named after it ("@NHSCitizen Advisory
    Group", "DH's connecting programme")."""
    evidence: set[str] = field(default_factory=set)
    """For an unclassified handle: hints at its kind ("forum", "person")."""


@dataclass(slots=True)
class Scope:
    """One sentence being read: its passage's text (links blanked) and what is claimed."""

    sentence: Sentence
    text: str
    found: list[Mention] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """True when no claimed mention overlaps ``text[start:end]``."""
        return all(end <= m.start or start >= m.end for m in self.found)

    def claim(self, mention: Mention) -> bool:
        """Keep ``mention`` unless its text is already claimed."""
        if not self.free(mention.start, mention.end):
            return False
        self.found.append(mention)
        return True


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        """The word without a possessive ending."""
        return _POSSESSIVE.sub("", self.text) if self.possessive else self.text

    @property
    def possessive(self) -> bool:
        return len(self.text) > 2 and self.text[-2:] in {"'s", "\u2019s"}

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def blank_links(text: str) -> str:
    """``text`` with URLs, e-mail addresses and bare domains replaced by spaces."""
    return _URL.sub(lambda m: " " * len(m.group(0)), text)


_LONGEST_SENTENCE = 2_000
"""Characters: a longer run of text without a full stop is read in pieces of at most this size,
cut at spaces. Reading a sentence takes time that grows with the square of its length, and a
line of thousands of names with no full stop would otherwise take minutes."""
_CUE_REACH = 200
"""Characters looked back from a name for the words that cue what it is ("written by",
"member of"): every cue is a few words, and searching the whole sentence before each name
would take time growing with the square of the sentence's length."""
_LAST_WORD_REACH = 64
"""Characters looked back from a full stop for the word it ends; longer than any abbreviation."""


def sentences(passage: Passage, text: str, first_number: int) -> list[Sentence]:
    """The sentences of a passage (``text`` is its link-blanked text), numbered from
    ``first_number``; see :data:`_LONGEST_SENTENCE` for over-long ones."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(start, match.start() - _LAST_WORD_REACH) : match.start()].split()
        last = before[-1].casefold().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        spans.extend(_pieces(text, start, match.start() + 1))
        start = match.end()
    if start < len(text):
        spans.extend(_pieces(text, start, len(text)))
    out: list[Sentence] = []
    for start, end in spans:
        if text[start:end].strip():
            out.append(Sentence(passage, start, end, first_number + len(out)))
    return out


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in spans of at most :data:`_LONGEST_SENTENCE`, cut after a space
    where there is one."""
    while end - start > _LONGEST_SENTENCE:
        cut = text.rfind(" ", start + 1, start + _LONGEST_SENTENCE)
        cut = cut + 1 if cut > start else start + _LONGEST_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The words of ``text[start:end]``, trailing dots and hyphens trimmed."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text, start, end):
        word = match.group(0).rstrip(".-")
        if word.endswith(("'", "\u2019")) and not word.endswith(("'s", "\u2019s")):
            word = word[:-1]
        if word:
            out.append(Token(word, match.start(), match.start() + len(word)))
    return out


def _known_org_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    for name, aliases in lexicon.KNOWN_ORGANISATIONS.items():
        for form in (name, *aliases):
            canonical[form] = name
            if form.startswith("The "):
                canonical[form[4:]] = name
    forms = sorted(canonical, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w@#&])(?:{body})(?![\w&]|['\u2019][a-rt-z])"), canonical


_KNOWN_ORGS, _KNOWN_ORG_NAMES = _known_org_pattern()
_KNOWN_ORG_KEYS = {normalise(form): name for form, name in _KNOWN_ORG_NAMES.items()}


def _places() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (_, aliases) in lexicon.PLACES.items():
        out[name] = name
        for alias in aliases:
            out[alias] = name
    return out


PLACE_NAMES = _places()
"""Every name or alias of a gazetteer place → its canonical name."""
_PLACE_AND = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(p) for p in sorted(PLACE_NAMES, key=len, reverse=True) if " and " in p)
    + r")(?!\w)"
)


def place_parent(name: str) -> str | None:
    return lexicon.PLACES[name][0] if name in lexicon.PLACES else None


def within(place: str, larger: str) -> bool:
    """True when gazetteer place ``place`` lies in ``larger``, directly or further up."""
    parent = place_parent(place)
    while parent is not None:
        if parent == larger:
            return True
        parent = place_parent(parent)
    return False


def known_organisation(name: str) -> str | None:
    """The canonical name of a known organisation written as ``name`` (any case or form)."""
    return _KNOWN_ORG_KEYS.get(normalise(name))


def place_prefix(name: str) -> str | None:
    """The gazetteer place a name opens with ("Dorset CCG" → "Dorset"), if it has more words."""
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size:
            head = " ".join(words[:size])
            if head in PLACE_NAMES:
                return PLACE_NAMES[head]
    return None


def interest_key(text: str) -> str:
    """How interest terms are compared: casefolded, hyphens and spaces alike."""
    return re.sub(r"[\s-]+", " ", text.casefold()).strip()


def interest_forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for term, variants in lexicon.INTEREST_TERMS.items():
        for form in (term, *variants):
            out[interest_key(form)] = term
    return out


INTEREST_FORMS = interest_forms()
"""Every way an interest term is written (see :func:`interest_key`) → its canonical term."""
INTEREST_PATTERN = re.compile(
    r"(?<![\w#@-])("
    + "|".join(
        r"[\s-]+".join(re.escape(w) for w in form.split())
        for form in sorted(INTEREST_FORMS, key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)


def _role_words(phrase: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z-]*", phrase)[:7]
    return any(w.casefold() in lexicon.ROLE_WORDS for w in words)


def name_word(word: str) -> bool:
    """A word shaped like part of a personal name: "Zoë", "O'Brien", "Smith-Jones", "J."."""
    if len(word) <= 2 and word[:1].isupper() and word[1:] in {"", "."}:
        return True
    parts = re.split(r"[-'\u2019]", word)
    return (
        all(
            p[:1].isupper() and p.isalpha() and (p[1:].islower() or len(p) == 1) for p in parts if p
        )
        and len(parts[0]) >= 2
    )


def person_shaped(words: list[str]) -> bool:
    """Two or three capitalised words that could be a personal name and nothing else."""
    if not 2 <= len(words) <= 3:
        return False
    if not all(name_word(w) for w in words) or len(words[0]) < 2 or len(words[-1]) < 2:
        return False
    for word in words:
        folded = word.casefold()
        if (
            word in lexicon.HONORIFICS
            or folded in lexicon.NAME_STOPWORDS
            or folded in lexicon.GENERIC_NAME_WORDS
            or word in lexicon.ORG_SUFFIXES
            or word in lexicon.FORUM_SUFFIXES
            or word in PLACE_NAMES
            or folded in lexicon.ROLE_WORDS
        ):
            return False
    return known_organisation(" ".join(words)) is None


class Finder:
    """Finds the mentions in each passage of one document."""

    def __init__(self, index: NameIndex | None = None) -> None:
        self.index = index
        self.sentence_count = 0
        self.empty_byline_at: int | None = None
        """The passage number of a byline with no name ("Posted by: ,"), if any."""

    # -- passages --------------------------------------------------------------------------

    def passage(self, passage: Passage) -> tuple[list[Sentence], list[Mention]]:
        text = blank_links(passage.text)
        found = sentences(passage, text, self.sentence_count + 1)
        self.sentence_count += len(found)
        mentions: list[Mention] = []
        standalone = self._standalone_author(passage, found)
        if standalone is not None:
            return found, [standalone]
        if _EMPTY_BYLINE.match(text):
            self.empty_byline_at = passage.number
        for sentence in found:
            mentions.extend(self._sentence(sentence, text))
        return found, mentions

    def _standalone_author(self, passage: Passage, found: list[Sentence]) -> Mention | None:
        """A lone personal name just after a byline that lost its name ("Posted by: ,")."""
        if self.empty_byline_at is None or passage.number - self.empty_byline_at > 3:
            return None
        match = _STANDALONE_NAME.match(passage.text)
        if match is None or not found or not person_shaped(match.group(1).split()):
            return None
        return Mention(
            NodeKind.PERSON,
            match.group(1),
            match.group(1),
            0,
            match.end(1),
            found[0],
            "byline (name after an empty 'Posted by')",
            byline=True,
        )

    def _sentence(self, sentence: Sentence, text: str) -> list[Mention]:
        scope = Scope(sentence, text)
        claim, free = scope.claim, scope.free
        s, e = sentence.start, sentence.end
        for match in _KNOWN_ORGS.finditer(text, s, e):
            name = _KNOWN_ORG_NAMES[match.group(0)]
            short = match.group(0) != name and normalise(match.group(0)) != normalise(name)
            claim(
                Mention(
                    NodeKind.ORGANISATION,
                    name,
                    match.group(0),
                    match.start(),
                    match.end(),
                    sentence,
                    "known organisation",
                    alias=short,
                )
            )
        for match in _PLACE_AND.finditer(text, s, e):
            if free(match.start(), match.end()):
                claim(self._place(match.group(0), match.start(), match.end(), sentence))
        words = tokens(text, s, e)
        for position, token in enumerate(words):
            if token.text[0] in "@#" and free(token.start, token.end):
                made = (
                    self.handle(token, words[position + 1 :], scope)
                    if token.text[0] == "@"
                    else self.hashtag(token, words[position + 1 :], scope)
                )
                if made is not None:
                    claim(made)
        for run in list(self._runs(words, scope)):
            for mention in self._classify(run, scope):
                claim(mention)
        for mention in self._quoted_forums(scope):
            claim(mention)
        for mention in self._owned_forums(scope):
            claim(mention)
        for match in _COMMUNITY.finditer(text, s, e):
            word = match.group(1)
            if (
                free(match.start(), match.end())
                and word.casefold() not in lexicon.NAME_STOPWORDS
                and word.casefold() not in lexicon.GENERIC_NAME_WORDS
                and match.start() > s
                and not word.endswith("ing")
            ):
                claim(
                    Mention(
                        NodeKind.COMMUNITY,
                        f"{word} {match.group(2)}",
                        match.group(0),
                        match.start(),
                        match.end(),
                        sentence,
                        "capitalised word + community",
                    )
                )
        for match in INTEREST_PATTERN.finditer(text, s, e):
            if free(match.start(), match.end()):
                term = INTEREST_FORMS[interest_key(match.group(1))]
                claim(
                    Mention(
                        NodeKind.INTEREST,
                        term,
                        match.group(0),
                        match.start(),
                        match.end(),
                        sentence,
                        "interest term",
                    )
                )
        self._roles(scope)
        return sorted(scope.found, key=lambda m: m.start)

    # -- handles and hashtags --------------------------------------------------------------

    def _resolves(self, name: str) -> bool:
        return self.index is not None and self.index.lookup(name) is not None

    def handle(self, token: Token, after: list[Token], scope: Scope) -> Mention | None:
        """An ``@handle``: an organisation, forum or person, decided by (in this order) the
        name index, the known organisations, the name's last word ("...Trust" is an
        organisation, "...Network" a forum), and the words around it in the document
        ("@X meeting" is a forum; "by @X", "@X said" a person). Undecided handles are
        proposed without a kind and dropped unless another mention decides them."""
        text, sentence = scope.text, scope.sentence
        if token.start > 0 and (text[token.start - 1].isalnum() or text[token.start - 1] in "._"):
            return None
        raw = token.bare
        name = split_camel(raw[1:])
        if len(raw) < 3:
            return None
        mention = Mention(
            None, name, raw, token.start, token.start + len(raw), sentence, "handle", alias=True
        )
        known = known_organisation(raw)
        last = name.split()[-1]
        if self._resolves(raw):
            mention.rule = "handle (known to the store)"
        elif known is not None:
            mention.kind, mention.name, mention.rule = (
                NodeKind.ORGANISATION,
                known,
                "handle of a known organisation",
            )
        elif last in lexicon.ORG_SUFFIXES:
            mention.kind, mention.rule = NodeKind.ORGANISATION, "handle ending like an organisation"
        elif last in lexicon.FORUM_SUFFIXES:
            mention.kind, mention.rule = NodeKind.FORUM, "handle ending like a forum"
        following = after[0].text.casefold() if after else ""
        before = text[max(sentence.start, token.start - _CUE_REACH) : token.start]
        if following in {"meeting", "meetings"}:
            mention.evidence.add("forum")
        if re.search(r"\b(?:member of|join(?:ed|ing)?|joins)\s+(?:the\s+)?$", before, re.I):
            mention.evidence.add("forum")
        if _BYLINE.search(before) or following in lexicon.REPORTING_VERBS - {"who"}:
            mention.evidence.add("person")
        return mention

    def hashtag(self, token: Token, after: list[Token], scope: Scope) -> Mention | None:
        """A ``#hashtag``. In order: one the name index knows is that node; a known
        organisation ("#NHS") is that organisation; a tag followed by "sector" or "community"
        is a community ("#VCSE sector"). Skipped: tags with digits or event words
        ("#InternationalWomenDay2020", "#CarersWeek"), slogans opening with or holding a
        pronoun ("#WeRiseTogether"), tags naming a gazetteer place (local campaigns such as
        "#EngagingDorset"), unknown all-caps acronyms, and one-word tags that are not interest
        terms. Any other CamelCase tag is an interest named by its words
        ("#EngagementPractitioners" → "Engagement Practitioners")."""
        text, sentence = scope.text, scope.sentence
        if token.start > 0 and (text[token.start - 1].isalnum() or text[token.start - 1] == "&"):
            return None
        raw = token.bare
        tag = raw[1:]
        words = split_camel(tag).split()
        if not words:
            return None
        end = token.start + len(raw)
        base = Mention(
            NodeKind.INTEREST,
            " ".join(words),
            raw,
            token.start,
            end,
            sentence,
            "hashtag",
            alias=True,
        )
        folded = [w.casefold() for w in words]
        following = after[0].text.casefold() if after else ""
        if self.index is not None and self.index.lookup(raw) is not None:
            base.kind, base.rule = None, "hashtag (known to the store)"
            return base
        known = known_organisation(tag)
        if known is not None:
            base.kind, base.name, base.rule = (
                NodeKind.ORGANISATION,
                known,
                "hashtag of a known organisation",
            )
            return base
        if following in lexicon.SECTOR_NOUNS:
            noun = after[0]
            shown = tag if tag.isupper() else " ".join(words)
            return Mention(
                NodeKind.COMMUNITY,
                f"{shown} {noun.text}",
                text[token.start : noun.end],
                token.start,
                noun.end,
                sentence,
                "hashtag + sector/community",
                alias=True,
            )
        if any(ch.isdigit() for ch in tag) or any(w in lexicon.EVENT_WORDS for w in folded):
            return None
        if any(w in lexicon.SLOGAN_WORDS for w in folded):
            return None
        if any(w in PLACE_NAMES for w in words) or " ".join(words) in PLACE_NAMES:
            return None
        if tag.isupper():
            return None
        if len(words) == 1:
            term = INTEREST_FORMS.get(interest_key(tag))
            if term is None:
                return None
            base.name, base.rule = term, "hashtag of an interest term"
            return base
        return base

    # -- capitalised runs ------------------------------------------------------------------

    def _runs(self, words: list[Token], scope: Scope) -> Iterator[list[Token]]:
        """Maximal runs of capitalised words, joined across "of", "for", "of the"; cut at
        punctuation, "and", handles and claimed text. A possessive ends a run unless it opens
        one that goes on to a capitalised word ("King's College Hospital")."""
        text, free = scope.text, scope.free
        run: list[Token] = []
        position = 0
        while position < len(words):
            token = words[position]
            usable = (
                token.capitalised and token.text[0] not in "@#" and free(token.start, token.end)
            )
            if (
                usable
                and run
                and (not _adjacent(text, run[-1], token) or token.bare in lexicon.HONORIFICS)
            ):
                yield run  # an honorific starts a name of its own: "Met | Dr Priya Shah"
                run = []
            if usable:
                run.append(token)
                if token.possessive and not self._possessive_joins(run, words, position):
                    yield run
                    run = []
                position += 1
                continue
            if run and token.text in _CONNECTORS and position + 1 < len(words):
                skip = 1
                if words[position + 1].text == "the" and position + 2 < len(words):
                    skip = 2
                nxt = words[position + skip]
                if (
                    nxt.capitalised
                    and nxt.text[0] not in "@#"
                    and free(nxt.start, nxt.end)
                    and _adjacent(text, run[-1], token)
                    and all(
                        _adjacent(text, a, b)
                        for a, b in zip(
                            words[position : position + skip],
                            words[position + 1 : position + skip + 1],
                            strict=True,
                        )
                    )
                ):
                    run.extend(words[position : position + skip])
                    position += skip
                    continue
            if run:
                yield run
                run = []
            position += 1
        if run:
            yield run

    def _possessive_joins(self, run: list[Token], words: list[Token], position: int) -> bool:
        """Whether a possessive is inside a name: it opens the name ("King's College
        Hospital") or follows "St" ("St James's University Hospital"), and the name goes on to
        an organisation's last word. A place's or a known body's possessive ("Dorset's
        Discovery Workshop", "DH's programme") and a person's ("Sir Bob Kerslake's visit")
        are not."""
        core = list(run)
        while len(core) > 1 and core[0].bare.casefold() in lexicon.NAME_STOPWORDS:
            core.pop(0)
        run = core
        opening = len(run) == 1 or (len(run) == 2 and run[0].bare in {"St", "St.", "Saint"})
        if not opening or position + 1 >= len(words):
            return False
        base = run[-1].bare
        if base in PLACE_NAMES or known_organisation(base) is not None:
            return False
        following: list[Token] = []
        for token in words[position + 1 :]:
            previous = following[-1] if following else words[position]
            if not token.capitalised or text_gap(previous, token):
                break
            following.append(token)
            if token.possessive:
                break
        if not following:
            return False
        return len(run) == 1 or following[-1].bare in lexicon.ORG_SUFFIXES

    def _trim(self, run: list[Token], scope: Scope) -> list[Token]:
        """Drop opening words that are not part of a name: "The", "Visit", and a
        sentence-opening verb or adverb ("Hosting", "Then")."""
        trimmed = list(run)
        while trimmed:
            first = trimmed[0]
            folded = first.bare.casefold()
            opening = not scope.text[scope.sentence.start : first.start].strip(
                " \"'\u2018\u201c(*0123456789."
            )
            if folded in lexicon.NAME_STOPWORDS or (
                opening and len(trimmed) > 1 and folded.endswith(("ing", "ed", "ly"))
            ):
                trimmed.pop(0)
                continue
            break
        while trimmed and trimmed[-1].text in _CONNECTORS | {"the"}:
            trimmed.pop()
        return trimmed

    def _classify(self, run: list[Token], scope: Scope) -> list[Mention]:
        text, sentence = scope.text, scope.sentence
        run = self._trim(run, scope)
        if not run:
            return []
        honorific = run[0].bare in lexicon.HONORIFICS and len(run) > 1
        body = run[1:] if honorific else run
        # Only the last word's possessive is not part of the name: "King's College Hospital"
        # keeps its "'s", "Sir Bob Kerslake's visit" does not.
        words = [t.text for t in body[:-1]] + [body[-1].bare]
        name = " ".join(words)
        start, end = run[0].start, run[-1].start + len(run[-1].bare)
        surface = text[start:end]
        reach = max(sentence.start, start - _CUE_REACH)
        before = text[reach:start]
        after = text[end : sentence.end]

        def make(kind: NodeKind | None, rule: str, **flags: object) -> Mention:
            mention = Mention(kind, name, surface, start, end, sentence, rule)
            for key, value in flags.items():
                setattr(mention, key, value)
            return mention

        if honorific:
            if person_shaped(words):
                return [make(NodeKind.PERSON, f"honorific {run[0].bare}", alias=True)]
            if len(words) == 1 and name_word(words[0]):
                return [make(NodeKind.PERSON, f"honorific {run[0].bare}", single=True)]
            return []
        last = words[-1]
        tail2 = " ".join(words[-2:])
        tail3 = " ".join(words[-3:])
        generic = len(words) <= _GENERIC_LENGTH and all(
            w.casefold() in lexicon.GENERIC_NAME_WORDS
            or w in lexicon.FORUM_SUFFIXES
            or w in lexicon.ORG_SUFFIXES
            for w in words
        )
        if tail2 in lexicon.ORG_TWO_WORD_SUFFIXES or tail3 in lexicon.ORG_TWO_WORD_SUFFIXES:
            return (
                [] if generic else [make(NodeKind.ORGANISATION, "name ending like an organisation")]
            )
        if last in lexicon.FORUM_SUFFIXES or tail2 in lexicon.FORUM_SUFFIXES:
            owner = _owner(scope.found, start, text)
            if generic and owner is not None:
                mention = make(NodeKind.FORUM, "forum named after its owner", owner=owner)
                mention.name = f"{owner.name} {name}"
                return [mention]
            if generic:
                return [make(NodeKind.FORUM, "generic forum reference", generic=True)]
            return [make(NodeKind.FORUM, "name ending like a forum", owner=owner)]
        if last in lexicon.ORG_SUFFIXES and not name.startswith(lexicon.ORG_PREFIXES):
            inner = _inner_name(body)
            if inner is not None:  # "Staff of Dorset CCG" names Dorset CCG
                return self._classify(inner, scope)
        if last in lexicon.ORG_SUFFIXES or name.startswith(lexicon.ORG_PREFIXES):
            return (
                [] if generic else [make(NodeKind.ORGANISATION, "name ending like an organisation")]
            )
        if name in PLACE_NAMES:
            return [self._place(name, start, end, sentence, surface)]
        if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
            return [make(NodeKind.ORGANISATION, "acronym", single=True, alias=True)]
        cue = self._person_cue(before, after)
        if person_shaped(words):
            byline = reach == sentence.start and bool(_BYLINE_OPENING.search(before))
            return [
                make(
                    NodeKind.PERSON,
                    f"personal name ({cue or 'no cue yet'})",
                    cue=cue is not None,
                    byline=byline,
                )
            ]
        if len(words) == 1 and name_word(words[0]) and cue is not None:
            return [make(NodeKind.PERSON, f"given name ({cue})", single=True)]
        # A place inside an unclassified run ("Visit Dorset" after trimming is caught above).
        out = []
        for token in body:
            if token.bare in PLACE_NAMES:
                out.append(
                    self._place(token.bare, token.start, token.start + len(token.bare), sentence)
                )
        return out

    def _person_cue(self, before: str, after: str) -> str | None:
        """What in the words around a name shows it is a person, or ``None``."""
        if _BYLINE.search(before):
            return "byline"
        cue = _PERSON_CUES_BEFORE.search(before.casefold().rstrip())
        if cue is not None:
            return f"after '{cue.group(1)}'"
        role = _ROLE_OPEN.match(after)
        if role is not None:
            phrase = re.split(r"[),;.]", after[role.end() :], maxsplit=1)[0]
            if phrase[:1].isupper() and _role_words(phrase):
                return "job title"
        stated = _PERSON_CUES_AFTER.match(after)
        if stated is not None:
            return f"before '{stated.group(1)}'"
        following = re.match(r"^\s*,?\s*([A-Za-z]+)", after)
        if following and following.group(1).casefold() in lexicon.REPORTING_VERBS:
            return f"before '{following.group(1)}'"
        return None

    def _place(
        self, name: str, start: int, end: int, sentence: Sentence, surface: str | None = None
    ) -> Mention:
        canonical = PLACE_NAMES.get(name, name)
        shown = surface or name
        return Mention(
            NodeKind.PLACE,
            canonical,
            shown,
            start,
            end,
            sentence,
            "gazetteer place",
            alias=shown != canonical,
        )

    # -- programmes named in other ways ----------------------------------------------------

    def _quoted_forums(self, scope: Scope) -> Iterator[Mention]:
        text, sentence, free = scope.text, scope.sentence, scope.free
        for match in _QUOTED_FORUM.finditer(text, sentence.start, sentence.end):
            if free(match.start(), match.end()):
                name = f"{match.group(1).strip()} {match.group(2)}"
                yield Mention(
                    NodeKind.FORUM,
                    name,
                    match.group(0),
                    match.start(),
                    match.end(),
                    sentence,
                    "quoted name + programme",
                )

    def _owned_forums(self, scope: Scope) -> Iterator[Mention]:
        """ "DH's connecting programme": an organisation's programme named in lowercase."""
        text, sentence, free = scope.text, scope.sentence, scope.free
        for owner in list(scope.found):
            if owner.kind is not NodeKind.ORGANISATION:
                continue
            rest = text[owner.end : sentence.end]
            match = _OWNED_FORUM.match(rest)
            if match is None or match.group(1) in _GENERIC_MODIFIERS:
                continue
            start, end = owner.end + match.start(1), owner.end + match.end()
            if free(start, end):
                name = f"{match.group(1).capitalize()} {match.group(2)}"
                yield Mention(
                    NodeKind.FORUM,
                    name,
                    text[start:end],
                    start,
                    end,
                    sentence,
                    "organisation's programme",
                    owner=owner,
                )

    # -- job titles ------------------------------------------------------------------------

    def _roles(self, scope: Scope) -> None:
        """ "Name, Role at Org" and "Name (Role of the Org)": the role, and the body it is in.
        A body named only here ("Head of the Civil Service") becomes an organisation."""
        text, sentence, found = scope.text, scope.sentence, scope.found
        for person in [m for m in found if m.kind is NodeKind.PERSON]:
            after = text[person.end : sentence.end]
            opened = _ROLE_OPEN.match(after)
            if opened is None:
                continue
            phrase_start = person.end + opened.end()
            rest = text[phrase_start : sentence.end]
            phrase = re.split(r"[),;]|\.\s", rest, maxsplit=1)[0]
            if not (phrase[:1].isupper() and _role_words(phrase)):
                continue
            # "(Chief Nurse, Leeds Teaching Hospitals Trust)": in parentheses the body may
            # follow a comma; after a comma, only when the next segment is just the body.
            window = len(phrase)
            if "(" in opened.group(0):
                window = rest.find(")") if ")" in rest else len(phrase)
            else:
                nxt = [
                    m
                    for m in found
                    if m.start == phrase_start + len(phrase) + 2
                    and rest[len(phrase) : len(phrase) + 2] == ", "
                ]
                if nxt and not rest[nxt[0].end - phrase_start :][:1].isalnum():
                    window = nxt[0].end - phrase_start
            self._role_phrase(person, phrase, phrase_start, scope, window=window)

    def role_line(self, holder: Mention, scope: Scope) -> None:
        """A passage that is only a job title ("Communications and Engagement Coordinator at
        Dorset CCG"), read as the role of ``holder`` (the author on the byline above it)."""
        sentence = scope.sentence
        phrase = scope.text[sentence.start : sentence.end].rstrip(". ")
        if phrase[:1].isupper() and _role_words(phrase):
            self._role_phrase(holder, phrase, sentence.start, scope)

    def _role_phrase(
        self,
        person: Mention,
        phrase: str,
        phrase_start: int,
        scope: Scope,
        *,
        window: int | None = None,
    ) -> None:
        """Read the job title ``phrase`` (at ``phrase_start`` in the passage) of ``person``:
        the body it is held in, named before in the sentence or only in the title."""
        text, sentence, found = scope.text, scope.sentence, scope.found
        phrase_end = phrase_start + (len(phrase) if window is None else window)
        inside = sorted(
            (
                m
                for m in found
                if phrase_start <= m.start < phrase_end
                and m.kind in {NodeKind.ORGANISATION, NodeKind.FORUM}
            ),
            key=lambda m: m.start,
        )
        for target in inside:
            link = _ROLE_LINK.search(text[phrase_start : target.start])
            title = text[phrase_start : phrase_start + link.start()] if link else ""
            if link is not None and "," not in title and _role_words(title):
                person.role = title.strip(" ,") or None
                person.role_target = target
                return
        # The body is named only in the title: "Head of the Civil Service".
        match = re.search(
            r"\b(?:at|of|for|with)\s+(?:the\s+)?((?:[A-Z][\w'\u2019&-]*\s*)+)$", phrase.rstrip()
        )
        if match is None:
            return
        words = match.group(1).split()
        if all(w.casefold() in lexicon.GENERIC_NAME_WORDS | lexicon.NAME_STOPWORDS for w in words):
            return
        start = phrase_start + match.start(1)
        end = start + len(match.group(1).rstrip())
        if not scope.free(start, end):
            return
        kind = NodeKind.FORUM if words[-1] in lexicon.FORUM_SUFFIXES else NodeKind.ORGANISATION
        name = " ".join(words)
        target = Mention(
            kind, name, text[start:end], start, end, sentence, "body named in a job title"
        )
        scope.claim(target)
        person.role = phrase[: match.start()].strip(" ,") or None
        person.role_target = target


def _inner_name(body: list[Token]) -> list[Token] | None:
    """The name after "of"/"for" when the words before it are only generic, a job title or
    function words: "Staff of Dorset CCG", "Head of the Stroke Association". "Friends of
    Leeds General Hospital" is a name of its own and stays whole."""
    for position, token in enumerate(body):
        if token.text in {"of", "for"} and 0 < position < len(body) - 1:
            before = [t.bare.casefold() for t in body[:position]]
            if all(
                w in lexicon.GENERIC_NAME_WORDS
                or w in lexicon.ROLE_WORDS
                or w in lexicon.NAME_STOPWORDS
                for w in before
            ):
                rest = body[position + 1 :]
                return rest[1:] if rest and rest[0].text == "the" else rest
            return None
    return None


def text_gap(a: Token, b: Token) -> bool:
    """True when more than one space separates two tokens (offsets only, no text needed)."""
    return b.start - a.end > 1


def _adjacent(text: str, a: Token, b: Token) -> bool:
    """True when only spaces separate two tokens."""
    gap = text[a.end : b.start]
    return not gap.strip()


def _owner(earlier: list[Mention], start: int, text: str) -> Mention | None:
    """The organisation, forum or unclassified handle written right before ``start``."""
    for mention in earlier:
        if mention.kind in {NodeKind.ORGANISATION, NodeKind.FORUM, None} and not text[
            mention.end : start
        ].strip(" "):
            return mention
    return None
