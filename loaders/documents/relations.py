"""The relationships a sentence states, read from the sentence with its names masked.

Each sentence is rewritten with every resolved name replaced by a placeholder naming its kind
and entity (``⟦P1⟧`` a person, ``⟦O2⟧`` an organisation, ``⟦F3⟧`` a forum, ``⟦C4⟧`` a
community, ``⟦I5⟧`` an interest, ``⟦L6⟧`` a place). Parentheses are dropped (job titles in
them are read separately), "I" becomes the author when the document names one, "we", "us" and
"the group" become the group the authors say they formed (when they do), and a sentence
opening "It ..." or "This project ..." stands for the forum named in the last two sentences.
The patterns below are then matched against that text; each names the relationship type, and
a match only counts when the type may join the two kinds (:func:`graph.vocabulary.allowed`).

The patterns are deliberately narrow: a verb must link the two names directly, with at most a
few words between. Anything looser is left out (precision over recall).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.vocabulary import NodeKind, RelType, allowed

LETTER: dict[NodeKind, str] = {
    NodeKind.PERSON: "P",
    NodeKind.ORGANISATION: "O",
    NodeKind.FORUM: "F",
    NodeKind.COMMUNITY: "C",
    NodeKind.INTEREST: "I",
    NodeKind.PLACE: "L",
}
PLACEHOLDER = re.compile(r"⟦([POFCIL])(\d+)⟧")

_SLOT = re.compile(r"\{(\w+):([POFCIL]+)(\+?)\}")


def _compile(pattern: str) -> re.Pattern[str]:
    """Expand ``{s:PO}`` into a named group matching one placeholder of those kinds, and
    ``{s:P+}`` into a list of them ("⟦P1⟧, ⟦P2⟧ and ⟦P3⟧")."""

    def slot(match: re.Match[str]) -> str:
        name, kinds, many = match.groups()
        one = f"⟦[{kinds}]\\d+⟧"
        if many:
            return f"(?P<{name}>{one}(?:(?:, | and |, and ){one})*)"
        return f"(?P<{name}>{one})"

    return re.compile(_SLOT.sub(slot, pattern), re.IGNORECASE)


_BE = r"(?:is |are |was |were |has been |have been |had been |being |will be )*"
_CONVENE_VERBS = (
    r"(?:convened|chaired|co-chaired|led|hosted|run|organised|organized|facilitated|funded|"
    r"founded|set up|coordinated|co-ordinated|brought together)"
)
_CONVENES_ACTIVE = (
    r"(?:convenes|convened|chairs|chaired|co-chairs|leads|led|hosts|hosted|runs|ran|organises|"
    r"organised|organizes|organized|facilitates|facilitated|founded|set up|started|launched|"
    r"coordinates|coordinated|funds|funded|brought together|brings together)"
)

_THE = r"(?:the )?"
_INTEREST_VERBS = (
    r"(?:really |very |particularly |deeply )?(?:interested in|passionate about|"
    r"focus(?:es|ed|ing)? on|committed to|campaigns? (?:for|on|about)|champions?|"
    r"works? on|working on)"
)


def _rule(name: str, rel_type: RelType, *parts: str) -> tuple[str, RelType, re.Pattern[str]]:
    return name, rel_type, _compile("".join(parts))


RULES: list[tuple[str, RelType, re.Pattern[str]]] = [
    # WORKS_FOR
    _rule(
        "works at",
        RelType.WORKS_FOR,
        r"{s:P},? (?:who )?(?:work|works|worked|is working|has worked) (?:at|for) ",
        _THE,
        r"{t:O}",
    ),
    _rule("person from organisation", RelType.WORKS_FOR, r"{s:P} from ", _THE, r"{t:O}"),
    # PLACED_AT: visits and placements
    _rule("visit to", RelType.PLACED_AT, r"{s:P}(?:'s)? (?:\w+ ){0,2}?visits? to ", _THE, r"{t:O}"),
    _rule("visited", RelType.PLACED_AT, r"{s:P+} (?:visited|visits|toured|tours) ", _THE, r"{t:O}"),
    _rule(
        "went to",
        RelType.PLACED_AT,
        r"{s:P+} (?:\w+ ){0,2}?(?:went|go|goes|going) (?:back )?",
        r"(?:to|round|around|through|into) ",
        _THE,
        r"{t:O}",
    ),
    _rule(
        "placed at",
        RelType.PLACED_AT,
        r"{s:P+} ",
        _BE,
        r"(?:placed|on (?:a )?placement|spending time|spent time|shadowing staff) ",
        r"(?:at|with|in) ",
        _THE,
        r"{t:O}",
    ),
    _rule(
        "placement at", RelType.PLACED_AT, r"{s:P}(?:'s)? placement (?:at|with) ", _THE, r"{t:O}"
    ),
    # CONVENES
    _rule(
        "convened by",
        RelType.CONVENES,
        r"{t:F}(?:(?!⟦)[^.]){0,60}? ",
        _BE,
        _CONVENE_VERBS,
        r"(?: and \w+)? by ",
        _THE,
        r"{s:PO+}",
    ),
    _rule(
        "convenes",
        RelType.CONVENES,
        r"{s:PO},? (?:who |which )?",
        _CONVENES_ACTIVE,
        r" (?:the |a |an |our |its |their )?{t:F}",
    ),
    _rule(
        "brought together",
        RelType.CONVENES,
        r"{s:PO},? (?:who |which )?(?:has )?(?:brought|brings|bring) {t:F} together",
    ),
    # MEMBER_OF
    _rule(
        "member of",
        RelType.MEMBER_OF,
        r"{s:PO+},? ",
        _BE,
        r"(?:a |an |one of the )?(?:founding |longstanding |new |active )?members? of ",
        _THE,
        r"{t:FOC}",
    ),
    _rule(
        "joined",
        RelType.MEMBER_OF,
        r"{s:PO+} (?:joined|joins|has joined|have joined|sits on|sit on|sat on|belongs to|",
        r"belong to) ",
        _THE,
        r"{t:FOC}",
    ),
    # PART_OF
    _rule(
        "part of", RelType.PART_OF, r"{s:OFC},? ", _BE, r"(?:a |an )?part of ", _THE, r"{t:OFCL}"
    ),
    # LOCATED_IN
    _rule(
        "name, place",
        RelType.LOCATED_IN,
        r"{s:OFC}(?:'s)?, {t:L}(?![,]? (?:and |or )?⟦L)(?=\s*(?:[.;:!?)]|,|$))",
    ),
    _rule(
        "based in",
        RelType.LOCATED_IN,
        r"{s:OFC},? ",
        _BE,
        r"(?:based |located |situated )?in ",
        _THE,
        r"{t:L}",
    ),
    # INTERESTED_IN
    _rule(
        "interested in",
        RelType.INTERESTED_IN,
        r"{s:POFC} ",
        _BE,
        _INTEREST_VERBS,
        r" (?:the |improving |better )?{t:I}",
    ),
    _rule(
        "shares an interest in",
        RelType.INTERESTED_IN,
        r"{s:POFC} (?:\w+ ){0,3}?(?:share|shares|have|has) (?:a |an )?(?:strong |shared )?",
        r"(?:\w+ and )?interest in ",
        _THE,
        r"{t:I}",
    ),
]
"""(rule name, type, pattern over the masked sentence); ``s`` is the source, ``t`` the target."""

OWN = _compile(r"{o:LO}(?:(?!⟦).)*?\b(?:their|its) own {f:F}")
""""Melbourne ... setting up their own 'Connect' programme": a forum of the place or
organisation named earlier in the sentence."""

_APPOSITION_HEAD = re.compile(r"⟦([LO])(\d+)⟧, $")
"""A name written just before another, as in "Melbourne, Australia": the head of the pair."""

PLACE_PAIR = _compile(r"{s:L}, {t:L}")
""""Melbourne, Australia": kept only when the gazetteer puts the first in the second."""


@dataclass(frozen=True, slots=True)
class Stated:
    """A relationship a sentence states, between entity numbers."""

    source: int
    type: RelType
    target: int
    rule: str


def numbers(group: str) -> list[tuple[str, int]]:
    """The (kind letter, entity number) of each placeholder in a matched group."""
    return [(m.group(1), int(m.group(2))) for m in PLACEHOLDER.finditer(group)]


_KIND_OF = {letter: kind for kind, letter in LETTER.items()}


def kind_of(letter: str) -> NodeKind:
    return _KIND_OF[letter]


def stated(masked: str) -> Iterator[Stated]:
    """Every relationship the patterns find in one masked sentence, of a valid kind pair."""
    for name, rel_type, pattern in RULES:
        for match in pattern.finditer(masked):
            for s_letter, s in numbers(match.group("s")):
                for t_letter, t in numbers(match.group("t")):
                    if s != t and allowed(rel_type, kind_of(s_letter), kind_of(t_letter)):
                        yield Stated(s, rel_type, t, name)
    for match in OWN.finditer(masked):
        [(o_letter, o)] = numbers(match.group("o"))
        [(_, f)] = numbers(match.group("f"))
        head = _APPOSITION_HEAD.search(masked, 0, match.start("o"))
        if head is not None and head.group(1) == o_letter:
            o = int(head.group(2))  # "Melbourne, Australia ... their own": Melbourne's
        if o_letter == "L":
            yield Stated(f, RelType.LOCATED_IN, o, "their own programme (place)")
        else:
            yield Stated(f, RelType.PART_OF, o, "their own programme (organisation)")
