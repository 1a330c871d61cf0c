"""The demo network in ``data/demo``: it loads, its seed facts are sourced, its invented part
is marked, and it has the variety every analysis and the history need to show something."""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from graph.model import Node, Relationship, RelKey
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType, Scale, Visibility, allowed
from loaders import load_paths

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SEED_DIRS = (ROOT / "data" / "seeds", Path("/work/shared/seeds"))
CITED = re.compile(r'(?P<file>[0-9]{3}_[0-9a-f]{16}\.txt): "(?P<quote>.+)"', re.DOTALL)
ID = re.compile(r"(person|org|forum|community|interest|place):[a-z0-9]+(-[a-z0-9]+)*")
PREFIX = {
    NodeKind.PERSON: "person",
    NodeKind.ORGANISATION: "org",
    NodeKind.FORUM: "forum",
    NodeKind.COMMUNITY: "community",
    NodeKind.INTEREST: "interest",
    NodeKind.PLACE: "place",
}
TODAY = "2026-11-23"

# Everyone the seeds name, with what the seeds tie them to.
SEED_PEOPLE = {
    "person:jane-rintoul": (RelType.WORKS_FOR, "org:department-of-health"),
    "person:jeremy-hunt": (RelType.WORKS_FOR, "org:department-of-health"),
    "person:karen-wheeler": (RelType.WORKS_FOR, "org:department-of-health"),
    "person:bob-kerslake": (RelType.WORKS_FOR, "org:civil-service"),
    "person:malcolm": (RelType.WORKS_FOR, "org:kings-college-hospital"),
    "person:casey-townsend": (RelType.WORKS_FOR, "org:dorset-ccg"),
    "person:olivia-butterworth": (RelType.WORKS_FOR, "org:nhs-england"),
    "person:nick-sinclair": (RelType.MEMBER_OF, "forum:connecting-the-connectors"),
    "person:robert-francis": (RelType.KNOWS, "person:jane-rintoul"),
}
SEED_TIES = [
    ("person:jane-rintoul", RelType.CONVENES, "forum:connecting-programme"),
    ("person:olivia-butterworth", RelType.CONVENES, "forum:connecting-the-connectors"),
    ("person:bob-kerslake", RelType.PLACED_AT, "org:kings-college-hospital"),
    (
        "person:karen-wheeler",
        RelType.PLACED_AT,
        "org:north-essex-partnership-university-foundation-trust",
    ),
    ("place:melbourne", RelType.PART_OF, "place:australia"),
    ("forum:discovery-workshop", RelType.PART_OF,
     "forum:integrated-care-system-public-engagement-project"),
]  # fmt: skip
SEED_NODES = [
    "org:stroke-association",
    "org:ourdorset",
    "forum:nhs-citizen-advisory-group",
    "forum:engagement-practitioners",
    "forum:implementation-planning-group",
    "forum:system-leadership-team",
    "forum:the-better-way",
    "forum:melbourne-connect-programme",
    "interest:mental-health",
    "interest:coproduction",
    "interest:housing",
    "interest:a-and-e-liaison",
    "community:stroke-survivors",
    "community:autistic-people",
    "community:vcse-sector",
    "place:london",
    "place:dorset",
    "place:north-essex",
]
ALIASES = {
    "org:department-of-health": "DH",
    "org:nhs-england": "@NHSEngland",
    "forum:nhs-citizen-advisory-group": "@NHSCitizen",
    "org:kings-college-hospital": "Kings college A and E",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _seed_dir() -> Path | None:
    for folder in SEED_DIRS:
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.db") as store:
        report = load_paths(store, [DEMO])
        assert report.rows == len(_rows("nodes.csv")) + len(_rows("edges.csv"))
        yield store


@pytest.fixture(scope="module")
def nodes(demo: SQLiteStore) -> dict[str, Node]:
    return {n.id: n for batch in demo.iter_nodes() for n in batch}


@pytest.fixture(scope="module")
def rels(demo: SQLiteStore) -> list[Relationship]:
    return [r for batch in demo.iter_relationships() for r in batch]


def _people(nodes: dict[str, Node]) -> dict[str, Node]:
    return {i: n for i, n in nodes.items() if n.kind is NodeKind.PERSON}


# -- it loads ---------------------------------------------------------------------------------


def test_loads_whole_at_the_intended_size(demo: SQLiteStore) -> None:
    counts = demo.counts()
    nodes, edges = sum(counts.nodes.values()), sum(counts.relationships.values())
    assert 250 <= nodes <= 350, counts.nodes
    assert 900 <= edges <= 1500, counts.relationships
    # Every row became exactly one node or relationship: no id or pair given twice.
    assert nodes == len(_rows("nodes.csv"))
    assert edges == len(_rows("edges.csv"))


def test_loading_again_changes_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "again.db") as store:
        load_paths(store, [DEMO])
        first = store.counts().to_dict()
        load_paths(store, [DEMO])
        assert store.counts().to_dict() == first


def test_ids_follow_the_shared_convention(nodes: dict[str, Node]) -> None:
    for node in nodes.values():
        assert ID.fullmatch(node.id), node.id
        assert node.id.split(":")[0] == PREFIX[node.kind], node.id


def test_every_relationship_is_valid_for_its_kinds(
    nodes: dict[str, Node], rels: list[Relationship]
) -> None:
    for rel in rels:
        assert allowed(rel.type, nodes[rel.source].kind, nodes[rel.target].kind), rel.key


def test_symmetric_ties_are_given_once_per_pair() -> None:
    seen: set[tuple[str, frozenset[str]]] = set()
    for row in _rows("edges.csv"):
        if row["type"] in ("KNOWS", "PARTNERS_WITH"):
            pair = (row["type"], frozenset((row["source"], row["target"])))
            assert pair not in seen, row
            seen.add(pair)


# -- the seed core ----------------------------------------------------------------------------


def test_every_seed_person_is_there_with_their_organisation(
    demo: SQLiteStore, nodes: dict[str, Node]
) -> None:
    for person, (rel_type, target) in SEED_PEOPLE.items():
        assert person in nodes, person
        assert nodes[person].properties["illustrative"] == "false", person
        assert demo.get_relationships([RelKey.of(person, rel_type, target)]), (person, target)
    for source, rel_type, target in SEED_TIES:
        assert demo.get_relationships([RelKey.of(source, rel_type, target)]), (source, target)
    for node_id in SEED_NODES:
        assert node_id in nodes, node_id


def test_seed_aliases_are_kept(nodes: dict[str, Node]) -> None:
    for node_id, alias in ALIASES.items():
        assert alias in nodes[node_id].aliases, (node_id, nodes[node_id].aliases)


def test_seed_places_nest_up_to_the_nation(demo: SQLiteStore) -> None:
    for chain in (
        ["place:dorset", "place:south-west", "place:england", "place:united-kingdom"],
        ["place:north-essex", "place:east-of-england", "place:england"],
        ["place:london", "place:england"],
        ["place:melbourne", "place:australia"],
    ):
        for small, large in itertools.pairwise(chain):
            assert demo.get_relationships([RelKey.of(small, RelType.PART_OF, large)]), small


def test_every_seed_row_quotes_its_seed_verbatim() -> None:
    folder = _seed_dir()
    if folder is None:
        pytest.skip(f"no seed documents in {' or '.join(map(str, SEED_DIRS))}")
    texts = {p.name: _normal(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt")}
    checked = 0
    for name in ("nodes.csv", "edges.csv"):
        for line, row in enumerate(_rows(name), start=2):
            if row["illustrative"] == "true":
                continue
            where = f"{name} line {line}"
            assert row["basis"] in ("seed", "inferred"), where
            match = CITED.fullmatch(row["cited"].strip())
            assert match, f"{where}: cited must be 'FILE: \"quote\"', not {row['cited']!r}"
            assert match["file"] in texts, f"{where}: no seed file {match['file']}"
            quote = _normal(match["quote"])
            assert len(quote) >= 5, where
            assert quote in texts[match["file"]], f"{where}: {quote!r} not in {match['file']}"
            if row["basis"] == "inferred":
                assert row["note"].strip(), f"{where}: an inference says what was inferred"
            checked += 1
    assert checked >= 150


# -- the illustrative extension ---------------------------------------------------------------


def test_everything_not_from_the_seeds_is_marked() -> None:
    for name in ("nodes.csv", "edges.csv"):
        for line, row in enumerate(_rows(name), start=2):
            where = f"{name} line {line}"
            assert row["illustrative"] in ("true", "false"), where
            if row["illustrative"] == "true":
                assert row["basis"] in ("invented", "reference"), where
                assert not row["cited"].strip(), where
                if row["basis"] == "reference":
                    assert row["note"].strip(), f"{where}: a reference fact says what it is"
            else:
                assert row["basis"] in ("seed", "inferred"), where


def test_invented_people_are_marked_and_the_named_ones_are_not(
    nodes: dict[str, Node],
) -> None:
    people = _people(nodes)
    invented = {i for i, p in people.items() if p.properties.get("illustrative") == "true"}
    assert set(people) - invented == set(SEED_PEOPLE)
    assert 120 <= len(invented) <= 180
    for person_id in invented:
        assert "cited" not in people[person_id].properties, person_id


# -- variety the analyses and the history need ------------------------------------------------


def test_all_kinds_and_relationship_types(demo: SQLiteStore) -> None:
    counts = demo.counts()
    assert set(counts.nodes) == {k.value for k in NodeKind}
    assert set(counts.relationships) == {t.value for t in RelType}


def test_local_and_national_actors(nodes: dict[str, Node]) -> None:
    for kind in (NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.FORUM):
        scales = Counter(n.scale for n in nodes.values() if n.kind is kind)
        assert scales[Scale.LOCAL] >= 3 and scales[Scale.NATIONAL] >= 3, (kind, scales)
    people = Counter(n.scale for n in _people(nodes).values())
    assert people[Scale.REGIONAL] and people[Scale.INTERNATIONAL]


def test_visibility_mix(nodes: dict[str, Node]) -> None:
    levels = Counter(p.level for p in _people(nodes).values())
    assert 5 <= levels[Visibility.RESTRICTED] <= 10, levels
    assert levels[Visibility.PUBLIC] >= 3, levels
    assert levels[Visibility.PUBLIC] > len(_people(nodes)) / 2, levels
    assert levels[Visibility.INTERNAL] >= 20, levels
    assert nodes["person:jeremy-hunt"].level is Visibility.PUBLIC


def test_personal_data_columns(nodes: dict[str, Node]) -> None:
    people = _people(nodes).values()
    opted_out = [p for p in people if p.properties.get("open_to_introductions") == "false"]
    assert len(opted_out) >= 5
    assert all(p.properties.get("open_to_introductions") in ("true", "false") for p in people)
    bases = Counter(p.properties.get("lawful_basis") for p in people)
    assert set(bases) == {"legitimate interests", "consent", "public task"}, bases
    consenting = [p for p in people if p.properties.get("lawful_basis") == "consent"]
    for person in consenting:
        given, expires = person.properties["consent_given"], person.properties["consent_expires"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(given)), person.id
        assert str(given) < str(expires), person.id
    expired = [p for p in consenting if str(p.properties["consent_expires"]) < TODAY]
    assert 3 <= len(expired) < len(consenting) / 2


def test_dated_ties_across_the_years(rels: list[Relationship]) -> None:
    dated = [r for r in rels if r.since]
    assert len(dated) > 0.8 * len(rels)
    years = {r.since.year for r in dated if r.since}
    assert len(years) >= 8 and min(years) <= 2013 and max(years) >= 2026, sorted(years)
    ended = [r for r in rels if r.until]
    assert len(ended) >= 30
    # The network keeps growing: more ties are live at each year's end than at the last one's.
    live = [sum(1 for r in rels if _live(r, date(year, 12, 31))) for year in range(2013, 2026)]
    assert live == sorted(live) and len(set(live)) == len(live), live


def _live(rel: Relationship, day: date) -> bool:
    return (rel.since is None or rel.since <= day) and (rel.until is None or rel.until >= day)


def test_bridges_appear_after_the_connectors_group_formed(rels: list[Relationship]) -> None:
    introduced = [r for r in rels if r.properties.get("introduced_by")]
    assert len(introduced) >= 10
    assert all(r.since and r.since.year >= 2024 for r in introduced)
    ctc = [r for r in rels if r.target == "forum:connecting-the-connectors"]
    assert len(ctc) >= 10 and all(r.since and r.since.year >= 2023 for r in ctc)


def test_local_and_national_work_meet_more_after_2023(
    nodes: dict[str, Node], rels: list[Relationship]
) -> None:
    def across(day: date) -> int:
        count = 0
        for rel in rels:
            if rel.type is RelType.KNOWS and _live(rel, day):
                scales = {nodes[rel.source].scale, nodes[rel.target].scale}
                count += Scale.LOCAL in scales and bool(scales & {Scale.NATIONAL, Scale.REGIONAL})
        return count

    before, after = across(date(2022, 12, 31)), across(date(2026, 11, 23))
    assert after >= 1.5 * before > 0, (before, after)


def _people_graph(nodes: dict[str, Node], rels: list[Relationship]) -> nx.Graph:
    """People tied when they know each other or share an organisation, forum or community."""
    people = _people(nodes)
    graph = nx.Graph()
    graph.add_nodes_from(people)
    members: dict[str, set[str]] = defaultdict(set)
    for rel in rels:
        if rel.type is RelType.KNOWS:
            graph.add_edge(rel.source, rel.target)
        elif rel.source in people and rel.type in (
            RelType.WORKS_FOR,
            RelType.MEMBER_OF,
            RelType.CONVENES,
        ):
            members[rel.target].add(rel.source)
    for group in members.values():
        graph.add_edges_from(itertools.combinations(sorted(group), 2))
    return graph


def test_one_connected_network_of_people(nodes: dict[str, Node], rels: list[Relationship]) -> None:
    graph = _people_graph(nodes, rels)
    giant = max(nx.connected_components(graph), key=len)
    assert len(giant) >= 0.95 * graph.number_of_nodes()
    knows = nx.Graph((r.source, r.target) for r in rels if r.type is RelType.KNOWS)
    assert len(max(nx.connected_components(knows), key=len)) >= 0.9 * len(_people(nodes))


def test_the_named_convenors_are_bridges(rels: list[Relationship]) -> None:
    knows = nx.Graph((r.source, r.target) for r in rels if r.type is RelType.KNOWS)
    ranking = nx.betweenness_centrality(knows)
    top = sorted(ranking, key=ranking.__getitem__, reverse=True)[:10]
    for convenor in (
        "person:jane-rintoul",
        "person:olivia-butterworth",
        "person:nick-sinclair",
        "person:casey-townsend",
    ):
        assert convenor in top, (convenor, top)


def test_communities_emerge(nodes: dict[str, Node], rels: list[Relationship]) -> None:
    graph = _people_graph(nodes, rels)
    found = nx.community.louvain_communities(graph, seed=42)
    big = [c for c in found if len(c) >= 10]
    assert 4 <= len(big) <= 8, [len(c) for c in found]
    assert nx.community.modularity(graph, found) > 0.4


def test_gaps_and_sweet_spots(nodes: dict[str, Node], rels: list[Relationship]) -> None:
    """Housing, autism and carers have local and national people who share no tie or context
    (gaps to broker); engagement has both and they are joined."""
    people = _people(nodes)
    knows = {frozenset((r.source, r.target)) for r in rels if r.type is RelType.KNOWS}
    context: dict[str, set[str]] = defaultdict(set)
    interested: dict[str, set[str]] = defaultdict(set)
    for rel in rels:
        if rel.source in people and rel.type in (RelType.WORKS_FOR, RelType.MEMBER_OF):
            context[rel.source].add(rel.target)
        if rel.source in people and rel.type is RelType.INTERESTED_IN:
            interested[rel.target].add(rel.source)

    def sides(interest: str) -> tuple[set[str], set[str]]:
        who = interested[interest]
        local = {p for p in who if people[p].scale is Scale.LOCAL}
        national = {p for p in who if people[p].scale is Scale.NATIONAL}
        assert local and national, interest
        return local, national

    def joined(a: str, b: str) -> bool:
        return frozenset((a, b)) in knows or bool(context[a] & context[b])

    for gap in ("interest:housing", "interest:autism", "interest:carers"):
        local, national = sides(gap)
        assert not any(joined(a, b) for a in local for b in national), gap
    local, national = sides("interest:engagement")
    assert sum(joined(a, b) for a in local for b in national) >= 10
