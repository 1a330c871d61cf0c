"""Names: normalising, ids, the name index, and finding likely duplicates without all pairs."""

from __future__ import annotations

import random

import pytest

from graph.model import Node
from graph.names import (
    Certainty,
    Entry,
    NameIndex,
    acronym,
    find_duplicates,
    keys,
    likely_duplicates,
    node_id,
    normalise,
    slug,
)
from graph.vocabulary import NodeKind

NHS_ENGLAND_SPELLINGS = ["NHS England", "@NHSEngland", "NHSE", "nhs england.", "#NHSEngland"]


def org(node_id: str, name: str, *aliases: str) -> Node:
    return Node(id=node_id, kind=NodeKind.ORGANISATION, name=name, aliases=aliases)


def person(node_id: str, name: str, *aliases: str) -> Node:
    return Node(id=node_id, kind=NodeKind.PERSON, name=name, aliases=aliases)


# -- normalising -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NHS England", "nhs england"),
        ("@NHSEngland", "nhs england"),
        ("nhs england.", "nhs england"),
        ("#EngagementPractitioners", "engagement practitioners"),
        ("The King's Fund", "kings fund"),
        ("King\u2019s College Hospital", "kings college hospital"),
        ("A&E", "a and e"),
        ("Zo\u00eb  Smith-Jones", "zoe smith jones"),
        ("#InternationalWomenDay2020", "international women day 2020"),
        ("The", "the"),
        ("", ""),
    ],
)
def test_normalise(name: str, expected: str) -> None:
    assert normalise(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NHS England", "nhse"),
        ("@NHSEngland", "nhse"),
        ("Department of Health", "dh"),
        ("Dorset CCG", "dccg"),
        ("King's College Hospital", "kch"),
        ("North Essex Partnership University Foundation Trust", "nepuft"),
        ("Stroke", None),
        ("NHSE", None),
    ],
)
def test_acronym_keeps_capitals_whole(name: str, expected: str | None) -> None:
    assert acronym(name) == expected


def test_each_spelling_of_nhs_england_is_one_of_its_keys() -> None:
    for spelling in NHS_ENGLAND_SPELLINGS:
        assert normalise(spelling) in keys("NHS England"), spelling
    assert keys("NHS England") == {"nhs england", "nhse"}
    assert keys("Department of Health", ["DH"]) == {"department of health", "dh"}


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        (NodeKind.PERSON, "Jane Rintoul", "person:jane-rintoul"),
        ("Organisation", "NHS England", "org:nhs-england"),
        ("org", "@NHSEngland", "org:nhs-england"),
        (NodeKind.FORUM, "NHS Citizen Advisory Group", "forum:nhs-citizen-advisory-group"),
        (NodeKind.INTEREST, "mental health", "interest:mental-health"),
        (NodeKind.PLACE, "Dorset", "place:dorset"),
        (NodeKind.COMMUNITY, "VCSE sector", "community:vcse-sector"),
        (NodeKind.ORGANISATION, "King's College Hospital", "org:kings-college-hospital"),
        (NodeKind.ORGANISATION, "The Health Foundation", "org:health-foundation"),
        (NodeKind.PERSON, "Zo\u00eb O'Brien", "person:zoe-obrien"),
        (NodeKind.PERSON, "Ronald McDonald", "person:ronald-mcdonald"),
        (NodeKind.ORGANISATION, "OurDorset", "org:our-dorset"),
    ],
)
def test_node_id_follows_the_shared_convention(
    kind: NodeKind | str, name: str, expected: str
) -> None:
    assert node_id(kind, name) == expected


def test_slug_refuses_a_name_without_letters() -> None:
    with pytest.raises(ValueError, match="cannot make an id"):
        slug("!!!")


# -- the name index --------------------------------------------------------------------------


def test_every_spelling_of_nhs_england_finds_one_node() -> None:
    index = NameIndex.from_nodes([org("org:nhs-england", "NHS England"), org("org:nhs", "NHS")])
    for spelling in NHS_ENGLAND_SPELLINGS:
        assert index.lookup(spelling) == "org:nhs-england", spelling
    assert index.lookup("NHS") == "org:nhs"


def test_a_node_called_by_its_acronym_is_found_by_the_full_name() -> None:
    index = NameIndex.from_nodes([org("org:nhse", "NHSE")])
    assert index.lookup("NHS England") == "org:nhse"


def test_two_letter_acronyms_match_only_as_aliases() -> None:
    index = NameIndex.from_nodes(
        [org("org:doh", "Department of Health"), org("org:dhc", "Dorset Healthcare")]
    )
    assert index.matches("DH") == []
    index.add(org("org:doh", "Department of Health", "DH"))
    assert index.lookup("DH") == "org:doh"
    # "Dorset Health" abbreviates to DH too, but an acronym alone never makes a name certain.
    assert index.lookup("Dorset Health") is None


def test_an_exact_name_wins_over_an_acronym() -> None:
    index = NameIndex.from_nodes(
        [org("org:cqc", "CQC"), org("org:cqc-long", "Care Quality Commission")]
    )
    assert index.matches("CQC") == ["org:cqc"]


def test_lookup_filters_by_kind_and_refuses_ambiguity() -> None:
    index = NameIndex.from_nodes(
        [
            org("org:mind", "Mind"),
            Node(id="interest:mind", kind=NodeKind.INTEREST, name="Mind"),
        ]
    )
    assert index.lookup("Mind") is None
    assert index.lookup("Mind", NodeKind.INTEREST) == "interest:mind"
    assert index.lookup("Mind", NodeKind.PLACE) is None


def test_re_adding_a_node_replaces_its_names() -> None:
    index = NameIndex.from_nodes([org("org:a", "Old Name Trust")])
    index.add(org("org:a", "New Name Trust"))
    assert index.lookup("Old Name Trust") is None
    assert index.lookup("New Name Trust") == "org:a"
    assert len(index) == 1 and "org:a" in index


def test_fuzzy_finds_a_misspelling_as_likely_not_certain() -> None:
    index = NameIndex.from_nodes(
        [person("person:jane-rintoul", "Jane Rintoul"), person("person:bob", "Bob Kerslake")]
    )
    assert index.lookup("Jane Rintool") is None
    [match] = index.fuzzy("Jane Rintool", NodeKind.PERSON)
    assert match.id == "person:jane-rintoul"
    assert match.certainty is Certainty.LIKELY
    assert 85 <= match.score < 100
    [exact] = index.fuzzy("jane rintoul", NodeKind.PERSON)
    assert (exact.certainty, exact.score) == (Certainty.CERTAIN, 100.0)
    assert index.fuzzy("Jane Rintool", NodeKind.ORGANISATION) == []


def test_given_name_only_when_unique() -> None:
    index = NameIndex.from_nodes(
        [
            person("p:olivia", "Olivia Butterworth"),
            person("p:nick", "Nick Sinclair"),
            person("p:nick2", "Nick Jones"),
        ]
    )
    assert index.given_name("Olivia") == "p:olivia"
    assert index.given_name("Nick") is None
    assert index.given_name("Karen") is None


# -- likely duplicates -----------------------------------------------------------------------


def test_duplicates_certain_and_likely() -> None:
    nodes = [
        org("org:nhs-england", "NHS England"),
        org("org:nhse", "NHSE"),
        person("person:jane-rintoul", "Jane Rintoul"),
        person("person:jane-rintool", "Jane Rintool"),
        person("person:bob", "Bob Kerslake"),
        org("org:doh", "Department of Health"),
        org("org:dhc", "Dorset Healthcare"),
        Node(id="interest:nhs-england", kind=NodeKind.INTEREST, name="NHS England"),
    ]
    found = {(c.a, c.b): c for c in likely_duplicates(nodes)}
    certain = found[("org:nhs-england", "org:nhse")]
    assert certain.certainty is Certainty.CERTAIN and "acronym" in certain.reason
    likely = found[("person:jane-rintool", "person:jane-rintoul")]
    assert likely.certainty is Certainty.LIKELY and likely.score < 100
    # Different kinds never pair; initials that merely agree do not pair.
    assert set(found) == {
        ("org:nhs-england", "org:nhse"),
        ("person:jane-rintool", "person:jane-rintoul"),
    }
    assert next(iter(found.values())).certainty is Certainty.CERTAIN  # certain ones first


def test_same_name_is_certain_and_to_dict_is_plain() -> None:
    [pair] = likely_duplicates(
        [org("org:a", "Stroke Association"), org("org:b", "stroke association.")]
    )
    assert pair.certainty is Certainty.CERTAIN
    assert pair.to_dict()["names"] == ["Stroke Association", "stroke association."]


def _random_people(count: int, seed: int) -> list[Entry]:
    rng = random.Random(seed)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ra",
        "ten",
        "bur",
        "sh",
        "an",
        "el",
        "or",
        "vin",
        "dal",
        "ne",
        "sto",
        "wi",
        "gar",
        "fen",
        "ly",
        "ton",
        "ham",
    ]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    names: set[str] = set()
    out: list[Entry] = []
    while len(out) < count:
        name = f"{word()} {word()}"
        if name not in names:
            names.add(name)
            out.append(Entry(f"person:{len(out)}", NodeKind.PERSON, name))
    return out


def test_blocking_finds_planted_duplicates_without_all_pairs() -> None:
    nodes = _random_people(20_000, seed=7)
    planted = [
        Entry("person:x1", NodeKind.PERSON, "Jane Rintoul"),
        Entry("person:x2", NodeKind.PERSON, "Jane Rintool"),
        Entry("person:y1", NodeKind.PERSON, "Olivia Butterworth"),
        Entry("person:y2", NodeKind.PERSON, "Butterworth Olivia"),
    ]
    search = find_duplicates([*nodes, *planted], max_block=200, window=20)
    pairs = {(c.a, c.b) for c in search.candidates}
    assert ("person:x1", "person:x2") in pairs
    assert ("person:y1", "person:y2") in pairs
    total = len(nodes) * (len(nodes) - 1) // 2
    assert search.comparisons < total // 50, (search.comparisons, total)
    assert search.largest_block <= 200


def test_an_oversized_block_is_scored_in_windows() -> None:
    # Every name shares "health" and "trust": those blocks hold all 3,000 names.
    nodes = [
        Entry(f"org:{i}", NodeKind.ORGANISATION, f"{name.name} Health Trust")
        for i, name in enumerate(_random_people(3_000, seed=11))
    ]
    search = find_duplicates(nodes, max_block=100, window=10)
    assert search.largest_block <= 100
    # Without windows the two shared-word blocks alone would cost 2 * 3000**2 / 2 pairs.
    assert search.comparisons < 3_000 * 3_000 // 10
