"""From a document's passages to sourced nodes and relationships.

:class:`~loaders.documents.mentions.Finder` proposes mentions passage by passage; this module
decides across the whole document which become entities, resolves them to ids, reads the
relationships the text states, and sources every fact to its passage and sentence.

Deciding and resolving (``_Reader._build_entities`` and ``_Reader._resolve_index``):

* A personal name is kept only when some mention of it in the document has a cue (honorific,
  byline, job title, "inspired by", "said", ...) or the name index knows the person.
* A handle's kind comes from the rules in :meth:`Finder.handle`, or from another mention of
  the same name in the document; a handle no rule decides is left out.
* A given name alone ("as Olivia put it", "Sir Bob") is the one person in the document with
  that first name (or surname, after an honorific); failing that the one person in the name
  index with it; otherwise it is left out. An acronym ("DH") is the document's organisation
  with those initials, or a known short form; "the Advisory Group" is the one forum in the
  document whose name ends that way; a shorter forum name ("Discovery Workshop") is the one
  longer forum name it ends ("Public Engagement Discovery Workshop").
* With a :class:`~graph.names.NameIndex`, a name (or alias, or handle) that certainly matches
  one stored node is that node: its id, kind and name are used and the surface forms become
  new aliases. Otherwise the id is :func:`graph.names.node_id` of the kind and name.
* An interest term becomes a node when it is a hashtag, is used at least twice, or takes part
  in a stated relationship.

The author is the person on the byline ("Written by", "Posted by", "drafted by", an HTML
``<meta name="author">`` or Markdown front matter; a lone name just under an empty "Posted
by:"). A document with no byline has no author: none is invented. The author's job title on
the line after the byline gives WORKS_FOR, and "I" in the text is the author.

When the authors write as a group they formed ("some of us ... have come together to form a
group"), that group is a forum named by the document's title (when the document has a short
title), "we"/"us"/"the group" stand for it, and the author is a member.

The document's **voice** (that group, else the author) is INTERESTED_IN the hashtags it uses
and the interest terms it uses twice or more. A list after "... interest in:" gives
INTERESTED_IN from the subject of that sentence to each list item's quoted phrase of two or
more words, capitalised phrase ("Starting with People") or interest term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import InvalidData
from graph.model import Node, Relationship, RelKey, Source
from graph.names import NameIndex, acronym, node_id, normalise
from graph.vocabulary import NodeKind, RelType, SourceKind, allowed
from loaders.documents import lexicon
from loaders.documents.mentions import (
    Finder,
    Mention,
    Scope,
    Sentence,
    blank_links,
    person_shaped,
    place_prefix,
    within,
)
from loaders.documents.reading import Document, Passage
from loaders.documents.relations import LETTER, PLACE_PAIR, numbers, stated

EXCERPT_LIMIT = 300
_THEME_USES = 2
"""An interest term used this often is a theme of the document: a node, and an interest of
the document's voice (its group, else its author)."""

_GROUP_FORMED = re.compile(
    r"\b(?:we|us)\b[^.]{0,80}?\b(?:come together|came together|formed|form|set up|started|"
    r"created|launched)\b[^.]{0,20}?\b(?:a|an|our) (?:new )?(group|network|collective|forum|"
    r"community of practice)\b|\bwe are a (?:\w+ ){0,3}?(group|network|collective)\b",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|us)\b|\b(?:this|the|our) group\b", re.IGNORECASE)
_I = re.compile(r"\bI\b")
_ANAPHOR = re.compile(
    r"^(?:it|(?:this|the) (?:project|programme|program|group|network|workshop|forum|pilot|"
    r"initiative|partnership))\b(?= (?:is|was|has|will|are|were|had))",
    re.IGNORECASE,
)
_INTEREST_LEAD = re.compile(r"\binterests? in:?\s*$|\b(?:passionate|care) about:\s*$", re.I)
_TITLE_PHRASE = re.compile(
    r"(?<=\s)([A-Z][a-z]+(?:\s+(?:(?:with|of|and|for|the|in|to)\s+)?[A-Z][a-z]+)+)"
)
_QUOTED_PHRASE = re.compile(r"[\u2018'\"\u201c]([A-Za-z][\w\- ]{2,40})[\u2019'\"\u201d]")


@dataclass(slots=True)
class Entity:
    number: int
    kind: NodeKind
    name: str
    id: str = ""
    aliases: list[str] = field(default_factory=list)
    existing: bool = False
    rules: list[str] = field(default_factory=list)
    evidence: dict[int, Sentence] = field(default_factory=dict)
    """Passage number → the first sentence there that names it."""
    uses: int = 0
    metadata: str | None = None
    """What the file's metadata says of it ("author: Priya Shah"), when it names it."""

    def note(self, mention: Mention) -> None:
        self.uses += 1
        self.evidence.setdefault(mention.sentence.passage.number, mention.sentence)
        if mention.rule not in self.rules:
            self.rules.append(mention.rule)
        if mention.alias and mention.surface != self.name and mention.surface not in self.aliases:
            self.aliases.append(mention.surface)

    @property
    def placeholder(self) -> str:
        return f"⟦{LETTER[self.kind]}{self.number}⟧"


@dataclass(slots=True)
class Fact:
    source: int
    type: RelType
    target: int
    role: str | None = None
    rules: list[str] = field(default_factory=list)
    evidence: dict[int, Sentence] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document states: nodes and relationships, each sourced to its passages."""

    origin: str
    nodes: list[Node]
    relationships: list[Relationship]
    author: str | None
    """The author's node id, when the document names one."""
    rules: dict[str, tuple[str, ...]]
    """Node id, or ``"source TYPE target"``, → the rules that found it."""
    passages: int


def excerpt(sentence: Sentence) -> str:
    text = " ".join(sentence.text.split())
    return text if len(text) <= EXCERPT_LIMIT else text[: EXCERPT_LIMIT - 1] + "\u2026"


def fact_key(source: str, rel_type: RelType, target: str) -> str:
    key = RelKey.of(source, rel_type, target)
    return f"{key.source} {key.type.value} {key.target}"


class _Reader:
    def __init__(self, doc: Document, run: str, index: NameIndex | None) -> None:
        self.doc = doc
        self.run = run
        self.index = index
        self.finder = Finder(index)
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []
        self.passages: list[Passage] = []
        self.entities: list[Entity] = []
        self.of: dict[int, Entity] = {}
        """id(mention) → its entity."""
        self.facts: dict[tuple[int, RelType, int], Fact] = {}
        self.author: Entity | None = None
        self.group: Entity | None = None
        self._by_key: dict[tuple[NodeKind, str], Entity] = {}
        self._numbers = 0
        self._sentences_of: dict[int, list[Sentence]] = {}
        """Passage number → its sentences."""
        self._mentions_of: dict[int, list[Mention]] = {}
        """Sentence number → its mentions (filled once all mentions are known)."""

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> Extraction:
        seen: set[str] = set()
        for passage in self.doc.passages:
            key = passage.text.casefold()
            if key in seen:  # a repeated header or title: one passage is evidence enough
                continue
            seen.add(key)
            self.passages.append(passage)
            found, mentions = self.finder.passage(passage)
            self._sentences_of[passage.number] = found
            self.sentences.extend(found)
            self.mentions.extend(mentions)
        author_mention = self._author_mention()
        self._role_line(author_mention)
        self._decide_handles()
        self._build_entities()
        if author_mention is not None:
            self.author = self.of.get(id(author_mention))
        if self.author is None and self.doc.author:
            self.author = self._metadata_author(self.doc.author)
        elif (
            self.author is not None
            and self.doc.author
            and normalise(self.author.name) == normalise(self.doc.author)
        ):
            self.author.metadata = f"author: {self.doc.author}"
        self._group()
        self._resolve_index()
        self._relationships()
        return self._result()

    def _author_mention(self) -> Mention | None:
        for mention in self.mentions:
            if mention.byline and mention.kind is NodeKind.PERSON:
                return mention
        if self.doc.author:
            target = normalise(self.doc.author)
            for mention in self.mentions:
                if mention.kind is NodeKind.PERSON and normalise(mention.name) == target:
                    mention.cue = True
                    return mention
        return None

    def _role_line(self, author: Mention | None) -> None:
        """The job title on the line after the byline: "Coordinator at Dorset CCG"."""
        if author is None:
            return
        number = author.sentence.passage.number
        for passage in self.passages:
            if not number < passage.number <= number + 2:
                continue
            sentences = self._sentences_of[passage.number]
            if len(sentences) != 1:
                continue
            found = [m for m in self.mentions if m.sentence is sentences[0]]
            scope = Scope(sentences[0], blank_links(passage.text), list(found))
            self.finder.role_line(author, scope)
            self.mentions.extend(scope.found[len(found) :])
            if author.role_target is not None:
                return

    def _metadata_author(self, name: str) -> Entity | None:
        if not person_shaped(name.split()):
            return None
        entity = self._entity(NodeKind.PERSON, name)
        entity.rules.append("author in the document's metadata")
        entity.metadata = f"author: {name}"
        return entity

    # -- entities --------------------------------------------------------------------------

    def _decide_handles(self) -> None:
        kinds: dict[str, NodeKind] = {}
        for mention in self.mentions:
            if mention.kind is not None and not mention.single and not mention.generic:
                kinds.setdefault(normalise(mention.name), mention.kind)
        for mention in self.mentions:
            if mention.kind is not None or mention.rule.endswith("(known to the store)"):
                continue
            key = normalise(mention.name)
            if key in kinds:
                mention.kind = kinds[key]
                mention.rule = f"handle ({mention.kind.value.lower()} named so elsewhere)"
            elif mention.evidence == {"forum"}:
                mention.kind, mention.rule = NodeKind.FORUM, "handle of a forum (its meetings)"
            elif mention.evidence == {"person"}:
                mention.kind, mention.rule = NodeKind.PERSON, "handle of a person (byline)"
        for mention in self.mentions:  # now the handle's kind may decide others
            if mention.kind is not None and mention.kind is not NodeKind.PERSON:
                kinds.setdefault(normalise(mention.name), mention.kind)
        for mention in self.mentions:
            if mention.kind is None and not mention.rule.endswith("(known to the store)"):
                key = normalise(mention.name)
                if key in kinds:
                    mention.kind = kinds[key]

    def _people(self) -> set[str]:
        named = {
            normalise(m.name)
            for m in self.mentions
            if m.kind is NodeKind.PERSON and m.cue and not m.single
        }
        if self.index is not None:
            for mention in self.mentions:
                if (
                    mention.kind is NodeKind.PERSON
                    and not mention.cue
                    and not mention.single
                    and self.index.lookup(mention.name, NodeKind.PERSON) is not None
                ):
                    named.add(normalise(mention.name))
        return named

    def _entity(self, kind: NodeKind, name: str) -> Entity:
        """The document's entity of this kind and (normalised) name, made on first use."""
        key = (kind, normalise(name))
        entity = self._by_key.get(key)
        if entity is None:
            self._numbers += 1
            # Straight apostrophes in names: "King's College Hospital" however it was typed.
            entity = Entity(self._numbers, kind, name.replace("\u2019", "'"))
            self.entities.append(entity)
            self._by_key[key] = entity
        return entity

    def _attach(self, mention: Mention, entity: Entity) -> None:
        self.of[id(mention)] = entity
        entity.note(mention)

    def _build_entities(self) -> None:
        people = self._people()
        for mention in self.mentions:
            if mention.kind is None or mention.single or mention.generic:
                continue
            if mention.kind is NodeKind.PERSON and normalise(mention.name) not in people:
                continue
            self._attach(mention, self._entity(mention.kind, mention.name))
        self._merge_forum_suffixes()
        for mention in self.mentions:
            if id(mention) in self.of or mention.kind is None:
                continue
            entity = None
            if mention.single and mention.kind is NodeKind.PERSON:
                entity = self._person_by_part(mention)
            elif mention.single and mention.kind is NodeKind.ORGANISATION:
                entity = self._organisation_by_initials(mention)
            elif mention.generic:
                entity = self._forum_by_ending(mention)
            if entity is not None:
                self._attach(mention, entity)
        for mention in self.mentions:  # handles the name index knows
            if id(mention) not in self.of and mention.rule.endswith("(known to the store)"):
                entity = self._stored(mention.surface, None)
                if entity is not None:
                    self._attach(mention, entity)

    def _merge_forum_suffixes(self) -> None:
        forums = [e for e in self.entities if e.kind is NodeKind.FORUM]
        for short in forums:
            tail = normalise(short.name).split()
            longer = [
                e
                for e in forums
                if e is not short
                and len(normalise(e.name).split()) > len(tail)
                and normalise(e.name).split()[-len(tail) :] == tail
            ]
            if len(longer) == 1 and len(tail) >= 2:
                self._fold(short, longer[0])

    def _fold(self, gone: Entity, kept: Entity) -> None:
        for mention_id, entity in list(self.of.items()):
            if entity is gone:
                self.of[mention_id] = kept
        for alias in (gone.name, *gone.aliases):
            if alias != kept.name and alias not in kept.aliases:
                kept.aliases.append(alias)
        for number, sentence in gone.evidence.items():
            kept.evidence.setdefault(number, sentence)
        kept.rules.extend(r for r in gone.rules if r not in kept.rules)
        kept.uses += gone.uses
        self.entities.remove(gone)
        for key, entity in list(self._by_key.items()):
            if entity is gone:
                self._by_key[key] = kept

    def _person_by_part(self, mention: Mention) -> Entity | None:
        part = normalise(mention.name)
        honorific = mention.rule.startswith("honorific")
        people = [e for e in self.entities if e.kind is NodeKind.PERSON]
        found = [e for e in people if normalise(e.name).split()[:1] == [part]]
        if not found and honorific:
            found = [e for e in people if normalise(e.name).split()[-1:] == [part]]
        if len(found) == 1:
            return found[0]
        if not found and self.index is not None:
            stored = self.index.given_name(mention.name)
            if stored is not None:
                return self._stored_entity(stored)
        return None

    def _organisation_by_initials(self, mention: Mention) -> Entity | None:
        short = normalise(mention.surface)
        found = [
            e
            for e in self.entities
            if e.kind is NodeKind.ORGANISATION
            and (acronym(e.name) == short or any(normalise(a) == short for a in e.aliases))
        ]
        if len(found) == 1:
            return found[0]
        return self._stored(mention.surface, NodeKind.ORGANISATION)

    def _forum_by_ending(self, mention: Mention) -> Entity | None:
        tail = normalise(mention.name).split()
        found = [
            e
            for e in self.entities
            if e.kind is NodeKind.FORUM and normalise(e.name).split()[-len(tail) :] == tail
        ]
        return found[0] if len(found) == 1 else None

    def _stored(self, name: str, kind: NodeKind | None) -> Entity | None:
        if self.index is None:
            return None
        found = self.index.lookup(name, kind)
        return self._stored_entity(found) if found is not None else None

    def _stored_entity(self, stored_id: str) -> Entity | None:
        assert self.index is not None
        entry = self.index.entry(stored_id)
        if entry is None:
            return None
        for entity in self.entities:
            if entity.id == stored_id:
                return entity
        entity = self._entity(entry.kind, entry.name)
        entity.id, entity.existing = entry.id, True
        return entity

    def _resolve_index(self) -> None:
        """Point entities at the stored nodes their names certainly match."""
        if self.index is None:
            return
        by_id: dict[str, Entity] = {}
        for entity in list(self.entities):
            if not entity.existing:
                found = None
                for name in (entity.name, *entity.aliases):
                    found = self.index.lookup(name, entity.kind)
                    if found is not None:
                        break
                entry = self.index.entry(found) if found is not None else None
                if entry is not None:
                    if entity.name != entry.name and entity.name not in entity.aliases:
                        entity.aliases.append(entity.name)
                    entity.id, entity.name, entity.existing = entry.id, entry.name, True
                    self._by_key.setdefault((entity.kind, normalise(entity.name)), entity)
            if entity.existing:
                earlier = by_id.get(entity.id)
                if earlier is not None:
                    self._fold(entity, earlier)
                else:
                    by_id[entity.id] = entity

    def _group(self) -> None:
        """The group the authors say they formed, named by the document's title."""
        title = self._title()
        if title is None:
            return
        for sentence in self.sentences:
            if _GROUP_FORMED.search(sentence.text):
                group = self._entity(NodeKind.FORUM, title)
                group.rules.append("the group the authors formed, named by the title")
                group.evidence.setdefault(sentence.passage.number, sentence)
                group.uses += 1
                self.group = group
                return

    def _title(self) -> str | None:
        if self.doc.title:
            return self.doc.title.strip(" \"'\u201c\u201d\u2018\u2019")
        if not self.passages:
            return None
        first = self.passages[0].text.strip(" \"'\u201c\u201d\u2018\u2019")
        if 1 < len(first.split()) <= 8 and not first.endswith((".", "!", "?", ":")):
            return first
        return None

    # -- relationships ---------------------------------------------------------------------

    def _say(
        self,
        source: Entity,
        rel_type: RelType,
        target: Entity,
        sentence: Sentence,
        *,
        rule: str,
        role: str | None = None,
    ) -> None:
        if source is target or not allowed(rel_type, source.kind, target.kind):
            return
        key = (source.number, rel_type, target.number)
        fact = self.facts.setdefault(key, Fact(source.number, rel_type, target.number))
        fact.role = fact.role or role
        if rule not in fact.rules:
            fact.rules.append(rule)
        fact.evidence.setdefault(sentence.passage.number, sentence)

    def _relationships(self) -> None:
        for mention in self.mentions:
            self._mentions_of.setdefault(mention.sentence.number, []).append(mention)
        self._from_mentions()
        self._places_in_names()
        self._from_sentences()
        self._from_author()
        self._interest_lists()

    def _from_mentions(self) -> None:
        for mention in self.mentions:
            entity = self.of.get(id(mention))
            if entity is None:
                continue
            target = self.of.get(id(mention.role_target)) if mention.role_target else None
            if target is not None:
                role = mention.role
                title = (role or "").casefold().split()
                where = mention.role_target.sentence if mention.role_target else mention.sentence
                if target.kind is NodeKind.ORGANISATION:
                    self._say(
                        entity,
                        RelType.WORKS_FOR,
                        target,
                        where,
                        rule="job title after the name",
                        role=role,
                    )
                elif any(w in lexicon.CONVENOR_ROLES for w in title):
                    self._say(
                        entity,
                        RelType.CONVENES,
                        target,
                        where,
                        rule="convening job title",
                        role=role,
                    )
                else:
                    self._say(
                        entity,
                        RelType.MEMBER_OF,
                        target,
                        where,
                        rule="job title in a forum",
                        role=role,
                    )
            owner = self.of.get(id(mention.owner)) if mention.owner else None
            if owner is not None and entity.kind is NodeKind.FORUM:
                if mention.rule == "organisation's programme":
                    self._say(
                        entity,
                        RelType.PART_OF,
                        owner,
                        mention.sentence,
                        rule="an organisation's programme",
                    )
                elif owner.kind is NodeKind.ORGANISATION:
                    self._say(
                        owner,
                        RelType.CONVENES,
                        entity,
                        mention.sentence,
                        rule="organisation's name before the forum's",
                    )
                else:
                    self._say(
                        entity,
                        RelType.PART_OF,
                        owner,
                        mention.sentence,
                        rule="forum's name before the forum's",
                    )

    def _places_in_names(self) -> None:
        """ "Dorset CCG" is in Dorset: an organisation or forum named after a place."""
        for entity in list(self.entities):
            if entity.kind not in {NodeKind.ORGANISATION, NodeKind.FORUM} or not entity.evidence:
                continue
            place = place_prefix(entity.name)
            if place is None:
                continue
            sentence = next(iter(entity.evidence.values()))
            target = self._entity(NodeKind.PLACE, place)
            if not target.evidence:
                target.evidence[sentence.passage.number] = sentence
                target.rules.append("place in an organisation's name")
                target.uses += 1
            self._say(entity, RelType.LOCATED_IN, target, sentence, rule="place in the name")

    def _mask(self, sentence: Sentence, recent_forum: Entity | None) -> str:
        text = sentence.text
        offset = sentence.start
        pieces: list[str] = []
        cursor = 0
        chosen = sorted(
            (m for m in self._mentions_of.get(sentence.number, ()) if id(m) in self.of),
            key=lambda m: (m.start, -m.end),
        )
        for mention in chosen:
            start, end = mention.start - offset, mention.end - offset
            if start < cursor:
                continue
            pieces.append(text[cursor:start])
            pieces.append(self.of[id(mention)].placeholder)
            cursor = end
        pieces.append(text[cursor:])
        masked = "".join(pieces).replace("\u2019", "'").replace("\u2018", "'")
        masked = re.sub(r"\s*\([^()]*\)", "", masked)
        masked = " ".join(masked.split())
        if self.author is not None:
            masked = _I.sub(self.author.placeholder, masked)
        if self.group is not None:
            masked = _WE.sub(self.group.placeholder, masked)
        if recent_forum is not None:
            masked = _ANAPHOR.sub(recent_forum.placeholder, masked, count=1)
        return masked

    def _from_sentences(self) -> None:
        by_number = {e.number: e for e in self.entities}
        recent: list[tuple[int, Entity]] = []
        for sentence in self.sentences:
            recent = [(n, e) for n, e in recent if sentence.number - n <= 2]
            forum = recent[-1][1] if recent else None
            masked = self._mask(sentence, forum)
            for said in stated(masked):
                source, target = by_number.get(said.source), by_number.get(said.target)
                if source is not None and target is not None:
                    self._say(source, said.type, target, sentence, rule=said.rule)
            for match in PLACE_PAIR.finditer(masked):
                [(_, s)], [(_, t)] = numbers(match.group("s")), numbers(match.group("t"))
                small, large = by_number.get(s), by_number.get(t)
                if small is not None and large is not None and within(small.name, large.name):
                    self._say(small, RelType.PART_OF, large, sentence, rule="place, larger place")
            mentioned = [by_number[n] for _, n in numbers(masked) if n in by_number]
            for entity in mentioned:
                if entity.kind is NodeKind.FORUM:
                    recent.append((sentence.number, entity))

    def _from_author(self) -> None:
        """The voice of the document (the group it speaks for, else its author) is interested
        in its hashtags and the themes it returns to; the author belongs to the group."""
        author = self.author
        voice = self.group or author
        if voice is None:
            return
        for mention in self.mentions:
            entity = self.of.get(id(mention))
            if entity is None or entity.kind is not NodeKind.INTEREST:
                continue
            if mention.rule.startswith("hashtag"):
                self._say(
                    voice,
                    RelType.INTERESTED_IN,
                    entity,
                    mention.sentence,
                    rule="hashtag the document uses",
                )
        for entity in self.entities:
            if entity.kind is NodeKind.INTEREST and entity.uses >= _THEME_USES:
                sentence = next(iter(entity.evidence.values()))
                self._say(
                    voice,
                    RelType.INTERESTED_IN,
                    entity,
                    sentence,
                    rule=f"theme the document returns to ({entity.uses} times)",
                )
        if self.group is not None and author is not None:
            sentence = next(iter(author.evidence.values()))
            self._say(
                author,
                RelType.MEMBER_OF,
                self.group,
                sentence,
                rule="author of the group's document",
            )

    def _interest_lists(self) -> None:
        """ "We share a strong belief and interest in:" and the list items after it."""
        for position, passage in enumerate(self.passages):
            lead = self._sentences_of[passage.number]
            if not lead or not _INTEREST_LEAD.search(lead[-1].text):
                continue
            subject = self._subject(lead[-1])
            if subject is None:
                continue
            for item in self.passages[position + 1 :]:
                if not item.item:
                    break
                for name, sentence in self._listed(item):
                    interest = self._entity(NodeKind.INTEREST, name)
                    interest.evidence.setdefault(item.number, sentence)
                    if "listed interest" not in interest.rules:
                        interest.rules.append("listed interest")
                    interest.uses += 1
                    self._say(
                        subject,
                        RelType.INTERESTED_IN,
                        interest,
                        sentence,
                        rule="listed after 'interest in:'",
                    )

    def _subject(self, sentence: Sentence) -> Entity | None:
        masked = self._mask(sentence, None)
        cut = re.search(r"interests? in|passionate about|care about", masked, re.I)
        before = masked[: cut.start()] if cut else masked
        found = [n for letter, n in numbers(before) if letter in "POFC"]
        by_number = {e.number: e for e in self.entities}
        return by_number.get(found[-1]) if found else None

    def _listed(self, item: Passage) -> list[tuple[str, Sentence]]:
        sentences = self._sentences_of[item.number]
        if not sentences:
            return []
        out: list[tuple[str, Sentence]] = []
        for sentence in sentences:
            text = sentence.text
            named = [
                (m.start - sentence.start, m.end - sentence.start, self.of[id(m)])
                for m in self._mentions_of.get(sentence.number, ())
                if id(m) in self.of
            ]

            others = [(a, b) for a, b, e in named if e.kind is not NodeKind.INTEREST]
            for match in _QUOTED_PHRASE.finditer(text):
                if len(match.group(1).split()) >= 2 and _clear(match.span(1), others):
                    out.append((match.group(1).strip(), sentence))
            for match in _TITLE_PHRASE.finditer(text):
                if _clear(match.span(1), others):
                    out.append((match.group(1), sentence))
            out.extend((e.name, sentence) for _, _, e in named if e.kind is NodeKind.INTEREST)
        return out

    # -- the result ------------------------------------------------------------------------

    def _keep(self, entity: Entity, related: set[int]) -> bool:
        if entity.kind is not NodeKind.INTEREST:
            return bool(entity.evidence or entity.metadata)
        hashtag = any(r.startswith("hashtag") for r in entity.rules)
        listed = "listed interest" in entity.rules
        return bool(entity.evidence) and (
            hashtag or listed or entity.uses >= _THEME_USES or entity.number in related
        )

    def _result(self) -> Extraction:
        related = {n for f in self.facts.values() for n in (f.source, f.target)}
        kept = [e for e in self.entities if self._keep(e, related)]
        by_id: dict[str, Entity] = {}
        numbers_kept: dict[int, Entity] = {}
        for entity in kept:
            if not entity.id:
                entity.id = node_id(entity.kind, entity.name)
                stored = self.index.entry(entity.id) if self.index is not None else None
                if stored is not None and stored.kind is entity.kind:
                    # The id is taken by a stored node under another name: keep its name.
                    if entity.name not in entity.aliases:
                        entity.aliases.append(entity.name)
                    entity.name, entity.existing = stored.name, True
            first = by_id.setdefault(entity.id, entity)
            if first is not entity:  # two spellings with one id: one node
                self._fold(entity, first)
            numbers_kept[entity.number] = first
        kept = list(by_id.values())
        rules: dict[str, tuple[str, ...]] = {}
        nodes: list[Node] = []
        for entity in kept:
            try:
                node = Node(
                    id=entity.id,
                    kind=entity.kind,
                    name=entity.name,
                    aliases=tuple(a for a in entity.aliases if a != entity.name),
                    sources=self._sources(entity.evidence, entity.metadata),
                )
            except InvalidData:
                # Text the graph cannot hold as a node (a capitalised run of hundreds of words
                # makes an id past the length limit) is no name: left out, like other text.
                continue
            nodes.append(node)
            rules[entity.id] = tuple(entity.rules)
        built = {node.id for node in nodes}
        relationships: list[Relationship] = []
        for fact in self.facts.values():
            source, target = numbers_kept.get(fact.source), numbers_kept.get(fact.target)
            if source is None or target is None or source is target:
                continue
            if source.id not in built or target.id not in built:
                continue
            try:
                rel = Relationship(
                    source=source.id,
                    type=fact.type,
                    target=target.id,
                    role=fact.role,
                    sources=self._sources(fact.evidence),
                )
            except InvalidData:
                continue  # a role too long to be one, say
            relationships.append(rel)
            rules[fact_key(rel.source, rel.type, rel.target)] = tuple(fact.rules)
        return Extraction(
            origin=self.doc.origin,
            nodes=nodes,
            relationships=_merge_relationships(relationships),
            author=self.author.id if self.author is not None and self.author.id in built else None,
            rules=rules,
            passages=len(self.doc.passages),
        )

    def _sources(
        self, evidence: dict[int, Sentence], metadata: str | None = None
    ) -> tuple[Source, ...]:
        """One passage source per passage; metadata (an HTML ``<meta name="author">``, front
        matter), which is no passage, is a ``file`` source with locator ``metadata``."""
        passages = tuple(
            Source(
                kind=SourceKind.PASSAGE,
                origin=self.doc.origin,
                locator=f"passage {number}",
                excerpt=excerpt(sentence),
                run=self.run,
            )
            for number, sentence in sorted(evidence.items())
        )
        if metadata is None:
            return passages
        meta = Source(
            kind=SourceKind.FILE,
            origin=self.doc.origin,
            locator="metadata",
            excerpt=metadata,
            run=self.run,
        )
        return (*passages, meta)


def _clear(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """True when ``span`` overlaps none of ``taken`` (a named person, body or place)."""
    start, end = span
    return all(end <= a or start >= b for a, b in taken)


def _merge_relationships(relationships: list[Relationship]) -> list[Relationship]:
    """One relationship per key (two entities may have resolved to one stored node)."""
    merged: dict[RelKey, Relationship] = {}
    for rel in relationships:
        earlier = merged.get(rel.key)
        if earlier is None:
            merged[rel.key] = rel
            continue
        sources = {s.id: s for s in (*earlier.sources, *rel.sources)}
        merged[rel.key] = Relationship(
            source=earlier.source,
            type=earlier.type,
            target=earlier.target,
            role=earlier.role or rel.role,
            sources=tuple(sources.values()),
        )
    return list(merged.values())


def extract_document(doc: Document, *, run: str, index: NameIndex | None = None) -> Extraction:
    """Every entity and relationship ``doc`` states; see the module documentation."""
    return _Reader(doc, run, index).read()
