# ruff: noqa: RUF001 - the seed quotes keep their typographic quotation marks
"""Build the demo network: ``data/demo/nodes.csv`` and ``data/demo/edges.csv``.

Run from the project root::

    .venv/bin/python data/demo/build_illustrative.py

The CSVs are the dataset; this script is how they were made, and running it again writes the
same bytes (the random choices are seeded). It has three parts, each row saying which it
belongs to in its ``basis`` column:

``seed`` and ``inferred``
    Facts from the five seed documents, written out by hand below as literal rows. Each carries
    ``cited``: the seed file and a short verbatim quote that supports it. ``inferred`` rows are
    ones whose quote is verbatim but whose attribution is a reading of the text (the blog post
    ``001`` does not name its author; ``002`` does not either); their ``note`` says what was
    inferred and why.
``reference``
    Public facts that are not in the seeds but that the demo needs (the region Dorset is in,
    organisations that later replaced a seed organisation, a minister's dates in office).
    Marked ``illustrative`` = true, with a ``note``.
``invented``
    The illustrative extension: invented people, local organisations and forums, and their
    ties, generated below with a fixed seed. Marked ``illustrative`` = true, ``cited`` empty.

Dates: ``date_basis`` says where a relationship's ``since``/``until`` came from (``seed``,
``reference``, ``estimate`` for a seed fact whose date is our estimate, ``illustrative``).
"""

from __future__ import annotations

import csv
import itertools
import random
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from graph.vocabulary import NodeKind, RelType, allowed  # noqa: E402

SEED = 20261123
TODAY = "2026-11"  # the dataset describes the network up to November 2026
LAST = "2026-10"  # the latest month a generated tie may start

F0 = "000_7dce6bcd35bdbd7e.txt"  # DH blog, June 2014, Jane Rintoul: second year of connecting
F1 = "001_523ff8d5a8fcd3b2.txt"  # DH blog, September 2013: welcome post (author not named)
F2 = "002_6c6af48166b9762f.txt"  # Twitter threads, NHS England public-participation lead
F3 = "003_8fdafbe7fe79c479.txt"  # Dorset CCG engagement page, January 2019, Casey Townsend
F4 = "004_10f992e89265389b.txt"  # "Connecting the Connectors", October 2023, Nick Sinclair

NODE_COLUMNS = [
    "id", "kind", "name", "aliases", "scale", "place", "description", "url", "visibility",
    "basis", "illustrative", "cited", "note",
    "open_to_introductions", "lawful_basis", "consent_given", "consent_expires",
]  # fmt: skip
EDGE_COLUMNS = [
    "source", "type", "target", "role", "since", "until", "weight",
    "basis", "illustrative", "cited", "note", "date_basis", "introduced_by",
]  # fmt: skip

AUTHOR_001 = (
    "The 001 post does not name its author; it is the connecting programme lead's welcome "
    "post on the same blog as 000, which Jane Rintoul signs, so 'I' is taken to be her."
)
AUTHOR_002 = (
    "Seed 002 does not name its author; seeds/README.md describes it as threads by an NHS "
    "England public-participation lead, taken here to be Olivia Butterworth."
)


def cite(file: str, quote: str) -> str:
    return f'{file}: "{quote}"'


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --------------------------------------------------------------------------------------------
# Rows


@dataclass
class Dataset:
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)

    def node(self, id: str, kind: str, name: str, **cols: object) -> str:
        if id in self.nodes:
            raise ValueError(f"duplicate node {id}")
        prefix = {
            "Person": "person", "Organisation": "org", "Forum": "forum",
            "Community": "community", "Interest": "interest", "Place": "place",
        }[kind]  # fmt: skip
        if not re.fullmatch(rf"{prefix}:[a-z0-9]+(-[a-z0-9]+)*", id):
            raise ValueError(f"bad id {id}")
        row = {"id": id, "kind": kind, "name": name}
        row.update({k: _cell(v) for k, v in cols.items()})
        unknown = set(row) - set(NODE_COLUMNS)
        if unknown:
            raise ValueError(f"{id}: unknown columns {unknown}")
        basis = row.get("basis", "")
        row["illustrative"] = "false" if basis in ("seed", "inferred") else "true"
        self.nodes[id] = row
        return id

    def edge(self, source: str, type: str, target: str, **cols: object) -> bool:
        """Add a relationship; False (and nothing added) when it is already there."""
        rel = RelType(type)
        if rel in (RelType.KNOWS, RelType.PARTNERS_WITH) and target < source:
            source, target = target, source
        key = (source, type, target)
        if key in self.edges:
            return False
        for end in (source, target):
            if end not in self.nodes:
                raise ValueError(f"{key}: no node {end}")
        kinds = NodeKind(self.nodes[source]["kind"]), NodeKind(self.nodes[target]["kind"])
        if not allowed(rel, *kinds):
            raise ValueError(f"{key}: {type} cannot join {kinds}")
        row = {"source": source, "type": type, "target": target}
        row.update({k: _cell(v) for k, v in cols.items()})
        unknown = set(row) - set(EDGE_COLUMNS)
        if unknown:
            raise ValueError(f"{key}: unknown columns {unknown}")
        row["illustrative"] = "false" if row.get("basis") in ("seed", "inferred") else "true"
        since, until = row.get("since", ""), row.get("until", "")
        if since and until and until < since:
            raise ValueError(f"{key}: until before since")
        self.edges[key] = row
        return True

    @staticmethod
    def tie_key(a: str, b: str) -> tuple[str, str, str]:
        x, y = sorted((a, b))
        return (x, "KNOWS", y)

    def has_tie(self, a: str, b: str) -> bool:
        return self.tie_key(a, b) in self.edges

    def write(self) -> None:
        for name, columns, rows in (
            ("nodes.csv", NODE_COLUMNS, list(self.nodes.values())),
            ("edges.csv", EDGE_COLUMNS, list(self.edges.values())),
        ):
            with (HERE / name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, columns, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({c: row.get(c, "") for c in columns})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


D = Dataset()


def seed_node(id: str, kind: str, name: str, file: str, quote: str, **cols: object) -> str:
    return D.node(id, kind, name, basis="seed", cited=cite(file, quote), **cols)


def seed_edge(s: str, t: str, o: str, file: str, quote: str, **cols: object) -> None:
    cols.setdefault("basis", "seed")
    if cols.get("since") and "date_basis" not in cols:
        cols["date_basis"] = "seed"
    if not D.edge(s, t, o, cited=cite(file, quote), **cols):
        raise ValueError(f"duplicate seed edge {(s, t, o)}")


def ref_node(id: str, kind: str, name: str, note: str, **cols: object) -> str:
    return D.node(id, kind, name, basis="reference", note=note, **cols)


def ref_edge(s: str, t: str, o: str, note: str, **cols: object) -> None:
    if cols.get("since") and "date_basis" not in cols:
        cols["date_basis"] = "reference"
    if not D.edge(s, t, o, basis="reference", note=note, **cols):
        raise ValueError(f"duplicate reference edge {(s, t, o)}")


def inv_node(id: str, kind: str, name: str, **cols: object) -> str:
    return D.node(id, kind, name, basis="invented", **cols)


def inv_edge(s: str, t: str, o: str, **cols: object) -> bool:
    if cols.get("since") and "date_basis" not in cols:
        cols["date_basis"] = "illustrative"
    return D.edge(s, t, o, basis="invented", **cols)


# --------------------------------------------------------------------------------------------
# 1. The seed core: every row below is supported by the quote it cites.


def seed_core() -> None:
    # Places -------------------------------------------------------------------------------
    seed_node(
        "place:london", "Place", "London", F1, "King’s College Hospital, London", scale="regional"
    )
    seed_node(
        "place:dorset",
        "Place",
        "Dorset",
        F3,
        "NHS England selected Dorset to be the first of six pilots",
        scale="local",
    )
    seed_node(
        "place:north-essex",
        "Place",
        "North Essex",
        F1,
        "North Essex Partnership University Foundation Trust",
        scale="local",
    )
    seed_node(
        "place:melbourne",
        "Place",
        "Melbourne",
        F0,
        "link up with Melbourne, Australia",
        scale="local",
    )
    seed_node(
        "place:australia",
        "Place",
        "Australia",
        F0,
        "link up with Melbourne, Australia",
        scale="national",
    )
    seed_node(
        "place:united-kingdom",
        "Place",
        "United Kingdom",
        F4,
        "The UK is full of community-driven ideas",
        aliases="UK",
        scale="national",
    )
    seed_edge(
        "place:melbourne", "PART_OF", "place:australia", F0, "link up with Melbourne, Australia"
    )

    # Organisations ------------------------------------------------------------------------
    seed_node(
        "org:department-of-health",
        "Organisation",
        "Department of Health",
        F1,
        "https://www.gov.uk/api/organisations/department-of-health",
        aliases="DH;the Department;Department of Health and Social Care;DHSC",
        scale="national",
        place="place:london",
        url="https://www.gov.uk/api/organisations/department-of-health",
        description="The government department for health and social care; ran the "
        "connecting programme that placed civil servants on the front line.",
    )
    seed_node(
        "org:nhs-england",
        "Organisation",
        "NHS England",
        F3,
        "It is being funded and supported by NHS England.",
        aliases="NHSE;@NHSEngland;NHS England",
        scale="national",
        url="https://www.england.nhs.uk/participation/",
        description="National NHS body; its public participation team works with "
        "forums and networks of people and communities.",
    )
    seed_node(
        "org:civil-service",
        "Organisation",
        "Civil Service",
        F1,
        "(Head of the Civil Service)",
        aliases="Home Civil Service",
        scale="national",
    )
    seed_node(
        "org:stroke-association",
        "Organisation",
        "Stroke Association",
        F0,
        "hosting the Stroke Association in our office",
        scale="national",
        description="National stroke charity; a connecting partner of DH.",
    )
    seed_node(
        "org:kings-college-hospital",
        "Organisation",
        "King's College Hospital",
        F1,
        "King’s College Hospital, London",
        aliases="King’s College Hospital;Kings college A and E;Kings college;"
        "King's College Hospital A&E",
        scale="local",
        place="place:london",
        description="Acute hospital in south London; its A&E department hosted connecting visits.",
    )
    seed_node(
        "org:north-essex-partnership-university-foundation-trust",
        "Organisation",
        "North Essex Partnership University Foundation Trust",
        F1,
        "North Essex Partnership University Foundation Trust",
        aliases="NEP;North Essex Partnership",
        scale="local",
        place="place:north-essex",
        description="Mental health trust for north Essex, with A&E liaison services.",
    )
    seed_node(
        "org:dorset-ccg",
        "Organisation",
        "Dorset CCG",
        F3,
        "Communications and Engagement Coordinator at Dorset CCG",
        aliases="NHS Dorset Clinical Commissioning Group;Dorset Clinical Commissioning Group",
        scale="local",
        place="place:dorset",
        description="Dorset's clinical commissioning group; first pilot of NHS "
        "England's Integrated Care System Public Engagement Project.",
    )
    seed_node(
        "org:ourdorset",
        "Organisation",
        "OurDorset",
        F3,
        "Visit OurDorset if you want to know more about your local NHS and councils "
        "working together.",
        aliases="Our Dorset",
        scale="local",
        place="place:dorset",
        description="Dorset's integrated care system: the local NHS and councils working together.",
    )

    # Forums and programmes ----------------------------------------------------------------
    seed_node(
        "forum:connecting-programme",
        "Forum",
        "Connecting programme",
        F1,
        "the Department’s connecting programme",
        aliases="DH connecting programme;DH’s connecting programme;Connecting;"
        "connecting initiative;connecting to patients and people who use services",
        scale="national",
        place="place:london",
        url="https://connectingtopatients.blog.gov.uk/",
        description="DH programme (from mid 2013) placing civil servants with NHS and "
        "social care front-line services: 278 staff, over 2000 days by June 2014.",
    )
    seed_node(
        "forum:connecting-action-learning-sets",
        "Forum",
        "Connecting action learning sets",
        F1,
        "starting some action learning sets",
        scale="national",
        place="place:london",
        description="Action learning sets and debriefs for DH staff back from connecting.",
    )
    seed_node(
        "forum:melbourne-connect-programme",
        "Forum",
        "Connect programme (Melbourne)",
        F0,
        "talk about how they are setting up their own ‘Connect’ programme",
        aliases="Connect;Melbourne Connect programme",
        scale="international",
        place="place:melbourne",
        description="A programme in Melbourne, Australia, modelled on DH's connecting "
        "programme (international from the English system's point of view).",
    )
    seed_node(
        "forum:nhs-citizen-advisory-group",
        "Forum",
        "NHS Citizen Advisory Group",
        F2,
        "@NHSCitizen Advisory Group's ambition is to draw together all of the forums "
        "and networks that @NHSEngland work with",
        aliases="@NHSCitizen Advisory Group;@NHSCitizen;NHS Citizen",
        scale="national",
        description="Draws together the forums and networks NHS England works with, to "
        "amplify the voice of people with lived experience.",
    )
    seed_node(
        "forum:engagement-practitioners",
        "Forum",
        "Engagement Practitioners",
        F2,
        "These are #EngagementPractitioners",
        aliases="#EngagementPractitioners;Engagement Practitioners network",
        scale="national",
        description="Network of the skilled facilitators who connect people and grow "
        "conversations that lead to change in the NHS.",
    )
    seed_node(
        "forum:integrated-care-system-public-engagement-project",
        "Forum",
        "Integrated Care System Public Engagement Project",
        F3,
        "NHS England selected Dorset to be the first of six pilots for this Integrated "
        "Care System Public Engagement Project.",
        aliases="ICS Public Engagement Project;Integrated Care System public engagement pilot",
        scale="national",
        description="NHS England-funded project to join up how local NHS, councils and "
        "voluntary organisations engage the public; six pilots, Dorset first.",
    )
    seed_node(
        "forum:discovery-workshop",
        "Forum",
        "Discovery Workshop",
        F3,
        "It was called a ‘Discovery Workshop’.",
        aliases="NHS England Public Engagement Discovery Workshop;Dorset Discovery Workshop",
        scale="local",
        place="place:dorset",
        description="November 2018 workshop in Dorset: local NHS, councils, voluntary "
        "organisations and local people, with peer support from NHS England.",
    )
    seed_node(
        "forum:implementation-planning-group",
        "Forum",
        "Implementation Planning Group",
        F3,
        "an action plan drafted by the Implementation Planning Group on 20 December 2018",
        scale="local",
        place="place:dorset",
        description="Drafts the Dorset engagement action plan from the workshop feedback.",
    )
    seed_node(
        "forum:system-leadership-team",
        "Forum",
        "System Leadership Team",
        F3,
        "considered and approved by the System Leadership Team",
        scale="local",
        place="place:dorset",
        description="Leaders of Dorset's integrated care system; approves the action plan.",
    )
    seed_node(
        "forum:connecting-the-connectors",
        "Forum",
        "Connecting the Connectors group",
        F4,
        "This group of ‘connectors’ or ‘convenors’ have been inspired by Olivia Butterworth",
        aliases="Connecting the Connectors;connectors group",
        scale="national",
        description="Network convenors brought together by Olivia Butterworth in 2023; "
        "four principles, including the 'sweet spots' where local and national work "
        "meet.",
    )
    seed_node(
        "forum:the-better-way",
        "Forum",
        "The Better Way",
        F4,
        "Recently, through the Better Way, some of us involved in that have come "
        "together to form a group.",
        aliases="Better Way",
        scale="national",
        description="A network for better ways of working in health, care and communities.",
    )

    # Communities --------------------------------------------------------------------------
    seed_node(
        "community:stroke-survivors",
        "Community",
        "Stroke survivors",
        F0,
        "meet with stroke survivors",
        scale="national",
        description="Community of condition.",
    )
    seed_node(
        "community:people-with-mental-health-conditions",
        "Community",
        "People with mental health conditions",
        F1,
        "the increase in people with mental health conditions attending A and E",
        scale="national",
        description="Community of condition.",
    )
    seed_node(
        "community:people-with-lived-experience",
        "Community",
        "People with lived experience",
        F2,
        "amplify the voice and experience of people with lived experience",
        scale="national",
        description="Community of identity and experience.",
    )
    seed_node(
        "community:autistic-people",
        "Community",
        "Autistic people",
        F2,
        "Autistic people are often misunderstood",
        scale="national",
        description="Community of identity.",
    )
    seed_node(
        "community:bereaved-families",
        "Community",
        "Bereaved families",
        F2,
        "Bereaved families seeking answers meet with a wall of silence.",
        scale="national",
        description="Community of experience.",
    )
    seed_node(
        "community:dorset-residents",
        "Community",
        "Dorset residents",
        F3,
        "Councils,Voluntary organisations and local people came together",
        scale="local",
        place="place:dorset",
        description="Community of place.",
    )
    seed_node(
        "community:vcse-sector",
        "Community",
        "VCSE sector",
        F2,
        "Often it's the #VCSE sector who have the trustees relationships",
        aliases="#VCSE;voluntary, community and social enterprise sector",
        scale="national",
        description="Community of practice: voluntary, community "
        "and social enterprise organisations.",
    )
    seed_node(
        "community:marginalised-and-excluded-people",
        "Community",
        "People marginalised and excluded by society",
        F2,
        "people who are marginalised and excluded by society",
        scale="national",
        description="Community of experience.",
    )
    seed_node(
        "community:network-convenors",
        "Community",
        "Network convenors",
        F4,
        "A Collaborative Approach by Network Convenors",
        aliases="connectors;convenors",
        scale="national",
        description="Community of practice: people who bring people, organisations and "
        "networks together.",
    )
    seed_node(
        "community:people-who-use-services",
        "Community",
        "Patients and people who use services",
        F1,
        "connecting to patients and people who use services",
        scale="national",
        description="Community of experience.",
    )
    seed_node(
        "community:carers",
        "Community",
        "Carers",
        F0,
        "the experiences/ feelings people have both when caring",
        scale="national",
        description="Community of experience: people caring for someone.",
    )

    # Interests ----------------------------------------------------------------------------
    interests = [
        (
            "mental-health",
            "Mental health",
            F0,
            "Really raising awareness of mental health issues in DH",
            "",
        ),
        (
            "coproduction",
            "Coproduction",
            F2,
            "fails to achieve the coproduction and cocreation of services",
            "cocreation;co-production",
        ),
        (
            "engagement",
            "Engagement",
            F3,
            "how engagement overall could be improved",
            "#EngagingDorset;public engagement",
        ),
        (
            "public-involvement",
            "Public involvement",
            F2,
            "We tend to treat 'public involvement' as a task.",
            "involvement;participation",
        ),
        ("housing", "Housing", F4, "nationwide efforts to improve housing", ""),
        (
            "community-development",
            "Community development",
            F4,
            "community development and social justice",
            "",
        ),
        ("social-justice", "Social justice", F4, "community development and social justice", ""),
        (
            "person-centred-care",
            "Person-centred care",
            F4,
            "advance the cause of true person-centred care",
            "Starting with People",
        ),
        ("stroke", "Stroke", F0, "giving staff the chance to meet with stroke survivors", ""),
        (
            "a-and-e-liaison",
            "A&E liaison",
            F1,
            "their A and E liaison services",
            "A and E liaison;mental health liaison",
        ),
        (
            "facilitation",
            "Facilitation",
            F2,
            "skilled facilitators who can connect and grow conversations that lead to change",
            "",
        ),
        ("evaluation", "Evaluation", F0, "We also want focus more on evaluation", ""),
        (
            "staff-wellbeing",
            "Staff wellbeing",
            F2,
            "We need to look after ourselves and make sure our team members have permission to "
            "look after themselves.",
            "",
        ),
        (
            "equality",
            "Equality",
            F2,
            "striving to achieve equality and challenge inequity",
            "#WeRiseTogether",
        ),
        ("integrated-care", "Integrated care", F4, "a genuinely integrated approach", ""),
        (
            "communication",
            "Communicating with the public",
            F3,
            "improve the way we all communicate with the public",
            "",
        ),
        ("social-care", "Social care", F1, "NHS and social care frontline services", ""),
        (
            "carers",
            "Carers and caring",
            F0,
            "the experiences/ feelings people have both when caring",
            "",
        ),
        ("autism", "Autism", F2, "Autistic people are often misunderstood", ""),
        (
            "connecting-to-the-front-line",
            "Connecting policy to the front line",
            F0,
            "prepared our first set of civil servants to go out on the frontline",
            "connecting",
        ),
        ("environment", "Environment", F4, "to tackle environmental degradation", ""),
        (
            "education",
            "Education",
            F4,
            "including access to housing, education, and employment",
            "",
        ),
        (
            "employment",
            "Employment",
            F4,
            "including access to housing, education, and employment",
            "",
        ),
        (
            "inclusion-and-dignity",
            "Inclusion and dignity",
            F4,
            "We seek to create a culture of inclusivity and dignity",
            "inclusivity;dignity",
        ),
        (
            "wellbeing",
            "Wellbeing",
            F4,
            "encourages collective efforts towards more ‘holistic’ well-being",
            "well-being;wellness",
        ),
    ]
    for key, name, file, quote, aliases in interests:
        seed_node(f"interest:{key}", "Interest", name, file, quote, aliases=aliases)

    # People -------------------------------------------------------------------------------
    person = dict(lawful_basis="legitimate interests", open_to_introductions=True)
    seed_node(
        "person:jane-rintoul",
        "Person",
        "Jane Rintoul",
        F0,
        "Jane Rintoul 2014",
        scale="national",
        place="place:london",
        visibility="public",
        description="Leads DH's connecting programme; author of the 2014 'second year "
        "of connecting' post.",
        **person,
    )
    seed_node(
        "person:jeremy-hunt",
        "Person",
        "Jeremy Hunt",
        F0,
        "It has been great to hear Jeremy Hunt say that this is the thing in DH he is "
        "most proud of",
        scale="national",
        place="place:london",
        visibility="public",
        description="Secretary of State for Health (2012-2018).",
        lawful_basis="legitimate interests",
        open_to_introductions=False,
    )
    seed_node(
        "person:robert-francis",
        "Person",
        "Robert Francis",
        F0,
        "to meet Robert Francis and hear that we was so supportive of the programme",
        scale="national",
        visibility="public",
        description="Supporter of the connecting programme.",
        lawful_basis="legitimate interests",
        open_to_introductions=False,
    )
    seed_node(
        "person:malcolm",
        "Person",
        "Malcolm",
        F0,
        "going round Kings college A and E with Malcolm the Consultant from the TV's "
        "'24 hours in A&E'",
        aliases="Malcolm the Consultant",
        scale="local",
        place="place:london",
        visibility="public",
        description="A&E consultant at King's College Hospital, seen on '24 hours in A&E'.",
        **person,
    )
    seed_node(
        "person:bob-kerslake",
        "Person",
        "Sir Bob Kerslake",
        F1,
        "Sir Bob Kerslake’s (Head of the Civil Service) visit to King’s College Hospital, London",
        aliases="Bob Kerslake;Sir Bob",
        scale="national",
        place="place:london",
        visibility="public",
        description="Head of the Civil Service; visited King's College Hospital A&E "
        "with the connecting programme.",
        lawful_basis="legitimate interests",
        open_to_introductions=False,
    )
    seed_node(
        "person:karen-wheeler",
        "Person",
        "Karen Wheeler",
        F1,
        "Karen Wheeler (Director General, Information and Group Operations)",
        scale="national",
        place="place:london",
        visibility="public",
        description="DH Director General, Information and Group Operations.",
        **person,
    )
    seed_node(
        "person:casey-townsend",
        "Person",
        "Casey Townsend",
        F3,
        "Written by Casey Townsend",
        scale="local",
        place="place:dorset",
        visibility="public",
        description="Communications and Engagement Coordinator at Dorset CCG; wrote "
        "about the Integrated Care System Public Engagement Project.",
        **person,
    )
    seed_node(
        "person:olivia-butterworth",
        "Person",
        "Olivia Butterworth",
        F4,
        "inspired by Olivia Butterworth who brought us together into conversation some months ago",
        scale="national",
        visibility="public",
        description="Convened the Connecting the Connectors group; NHS England public "
        "participation.",
        **person,
    )
    seed_node(
        "person:nick-sinclair",
        "Person",
        "Nick Sinclair",
        F4,
        "This was drafted by Nick Sinclair",
        scale="national",
        visibility="public",
        description="Member of the Connecting the Connectors group; drafted its principles.",
        **person,
    )

    # Relationships --------------------------------------------------------------------------
    jane, karen, bob = "person:jane-rintoul", "person:karen-wheeler", "person:bob-kerslake"
    olivia, nick, casey = (
        "person:olivia-butterworth",
        "person:nick-sinclair",
        "person:casey-townsend",
    )
    dh, nhse, kch = "org:department-of-health", "org:nhs-england", "org:kings-college-hospital"
    nep = "org:north-essex-partnership-university-foundation-trust"
    prog, ics = (
        "forum:connecting-programme",
        "forum:integrated-care-system-public-engagement-project",
    )
    ctc = "forum:connecting-the-connectors"

    # DH and the connecting programme (000, 001)
    seed_edge(
        jane,
        "WORKS_FOR",
        dh,
        F0,
        "DH is now awash with stories of what our staff have been seeing whilst out connecting",
        role="Connecting programme lead",
    )
    seed_edge(
        jane,
        "CONVENES",
        prog,
        F0,
        "It has now been a year since we prepared our first "
        "set of civil servants to go out on the frontline.",
        role="programme lead",
        since="2013-06",
        date_basis="estimate",
        note="The programme started about three months before 17 September 2013 (001).",
    )
    seed_edge(
        dh,
        "CONVENES",
        prog,
        F1,
        "the Department’s connecting programme",
        since="2013-06",
        date_basis="estimate",
    )
    seed_edge(
        "forum:connecting-action-learning-sets",
        "PART_OF",
        prog,
        F1,
        "starting some action learning sets",
        since="2013-09",
    )
    seed_edge(
        prog,
        "SERVES",
        "community:people-who-use-services",
        F1,
        "connecting to patients and people who use services",
        since="2013-06",
        date_basis="estimate",
    )
    seed_edge(
        prog,
        "INTERESTED_IN",
        "interest:connecting-to-the-front-line",
        F0,
        "prepared our first set of civil servants to go out on the frontline",
        since="2013-06",
        date_basis="estimate",
    )
    seed_edge(
        jane,
        "KNOWS",
        "person:malcolm",
        F0,
        "going round Kings college A and E with Malcolm the Consultant",
        since="2014-06",
        note="Date: by the post's date (26 June 2014).",
    )
    seed_edge(
        jane,
        "KNOWS",
        "person:robert-francis",
        F0,
        "to meet Robert Francis",
        since="2014-06",
        note="Date: by the post's date (26 June 2014).",
    )
    seed_edge(
        jane,
        "PLACED_AT",
        kch,
        F1,
        "visit to King’s College Hospital, London. We went through the A and E Department",
        basis="inferred",
        role="connecting visit",
        since="2013-09",
        until="2013-09",
        note=AUTHOR_001,
    )
    seed_edge(
        jane,
        "PLACED_AT",
        nep,
        F1,
        "Karen Wheeler (Director General, Information and "
        "Group Operations) and I went to North Essex Partnership University Foundation "
        "Trust",
        basis="inferred",
        role="connecting visit",
        since="2013-09",
        until="2013-09",
        note=AUTHOR_001,
    )
    seed_edge(
        jane,
        "KNOWS",
        karen,
        F1,
        "Karen Wheeler (Director General, Information and "
        "Group Operations) and I went to North Essex",
        basis="inferred",
        since="2013-09",
        note=AUTHOR_001,
    )
    seed_edge(
        jane,
        "KNOWS",
        bob,
        F1,
        "Sir Bob Kerslake’s (Head of the Civil Service) visit "
        "to King’s College Hospital, London. We went through the A and E Department",
        basis="inferred",
        since="2013-09",
        note=AUTHOR_001,
    )
    seed_edge(
        karen,
        "WORKS_FOR",
        dh,
        F1,
        "Karen Wheeler (Director General, Information and Group Operations)",
        role="Director General, Information and Group Operations",
        note="The post is on DH's blog about the Department's programme.",
    )
    seed_edge(
        karen,
        "PLACED_AT",
        nep,
        F1,
        "Karen Wheeler (Director General, Information and "
        "Group Operations) and I went to North Essex Partnership University Foundation "
        "Trust",
        role="connecting visit",
        since="2013-09",
        until="2013-09",
    )
    seed_edge(
        bob,
        "WORKS_FOR",
        "org:civil-service",
        F1,
        "(Head of the Civil Service)",
        role="Head of the Civil Service",
        since="2012-01",
        until="2014-09",
        date_basis="reference",
        note="Dates in office are public record, not in 001.",
    )
    seed_edge(
        bob,
        "PLACED_AT",
        kch,
        F1,
        "Sir Bob Kerslake’s (Head of the Civil Service) visit to King’s College Hospital, London",
        role="connecting visit",
        since="2013-09",
        until="2013-09",
    )
    seed_edge(
        "person:jeremy-hunt",
        "WORKS_FOR",
        dh,
        F0,
        "this is the thing in DH he is most proud of",
        role="Secretary of State for Health",
        since="2012-09",
        until="2018-07",
        date_basis="reference",
        note="Role and dates in office are public record, not in 000.",
    )
    seed_edge(
        "person:malcolm",
        "WORKS_FOR",
        kch,
        F0,
        "Kings college A and E with Malcolm the Consultant",
        role="Consultant, A&E",
    )
    seed_edge(
        "org:stroke-association",
        "MEMBER_OF",
        prog,
        F0,
        "hosting the Stroke Association "
        "in our office and giving staff the chance to meet with stroke survivors",
        role="connecting partner",
        since="2014-01",
        date_basis="estimate",
    )
    seed_edge(
        dh,
        "PARTNERS_WITH",
        "org:stroke-association",
        F0,
        "welcoming our connecting partners into DH",
        since="2014-01",
        date_basis="estimate",
    )
    seed_edge(
        kch,
        "MEMBER_OF",
        prog,
        F1,
        "You can watch Sir Bob talking about DH's connecting "
        "initiative at King's College Hospital below.",
        role="connecting provider",
        since="2013-09",
    )
    seed_edge(
        nep,
        "MEMBER_OF",
        prog,
        F1,
        "I have been really lucky to visit most of our providers too",
        basis="inferred",
        role="connecting provider",
        since="2013-09",
        note="NEP is one of the providers visited (Karen Wheeler and the author went "
        "there); " + AUTHOR_001,
    )
    seed_edge(
        dh,
        "PARTNERS_WITH",
        kch,
        F1,
        "DH's connecting initiative at King's College Hospital",
        since="2013-09",
    )
    seed_edge(
        dh,
        "INTERESTED_IN",
        "interest:mental-health",
        F0,
        "Really raising awareness of mental health issues in DH",
        since="2013-06",
        date_basis="estimate",
    )
    seed_edge(
        dh,
        "INTERESTED_IN",
        "interest:evaluation",
        F0,
        "We also want focus more on evaluation",
        since="2014-06",
    )
    seed_edge(kch, "LOCATED_IN", "place:london", F1, "King’s College Hospital, London")
    seed_edge(
        kch,
        "INTERESTED_IN",
        "interest:mental-health",
        F1,
        "staff talked a lot about "
        "the increase in people with mental health conditions attending A and E",
        since="2013-09",
    )
    seed_edge(
        kch,
        "SERVES",
        "community:people-with-mental-health-conditions",
        F1,
        "the increase in people with mental health conditions attending A and E",
        since="2013-09",
    )
    seed_edge(
        nep,
        "LOCATED_IN",
        "place:north-essex",
        F1,
        "North Essex Partnership University Foundation Trust",
    )
    seed_edge(
        nep,
        "INTERESTED_IN",
        "interest:a-and-e-liaison",
        F1,
        "their A and E liaison services and the issues from the mental health side",
        since="2013-09",
    )
    seed_edge(
        nep,
        "INTERESTED_IN",
        "interest:mental-health",
        F1,
        "the issues from the mental health side",
        since="2013-09",
    )
    seed_edge(
        "org:stroke-association",
        "SERVES",
        "community:stroke-survivors",
        F0,
        "giving staff the chance to meet with stroke survivors",
    )
    seed_edge(
        "org:stroke-association",
        "INTERESTED_IN",
        "interest:stroke",
        F0,
        "meet with stroke survivors",
    )
    seed_edge(
        "forum:melbourne-connect-programme",
        "INTERESTED_IN",
        "interest:connecting-to-the-front-line",
        F0,
        "talk about how they are setting up their own ‘Connect’ programme",
        since="2014-06",
    )
    seed_edge(
        "forum:melbourne-connect-programme",
        "LOCATED_IN",
        "place:melbourne",
        F0,
        "link up with Melbourne, Australia",
    )

    # NHS England, participation and forums (002, read with AUTHOR_002)
    seed_edge(
        nhse,
        "CONVENES",
        "forum:nhs-citizen-advisory-group",
        F2,
        "@NHSCitizen Advisory Group's ambition is to draw together all of the forums and "
        "networks that @NHSEngland work with",
        since="2019-09",
        date_basis="estimate",
    )
    seed_edge(
        "forum:nhs-citizen-advisory-group",
        "SERVES",
        "community:people-with-lived-experience",
        F2,
        "to amplify the voice and experience of people with lived experience",
        since="2019-09",
        date_basis="estimate",
    )
    seed_edge(
        "forum:nhs-citizen-advisory-group",
        "INTERESTED_IN",
        "interest:public-involvement",
        F2,
        "drive change in how we @NHSEngland involve people and communities in "
        "meaningful and impactful ways",
        since="2019-09",
        date_basis="estimate",
    )
    seed_edge(
        "forum:engagement-practitioners",
        "INTERESTED_IN",
        "interest:facilitation",
        F2,
        "we need skilled facilitators who can connect and grow conversations that lead to change",
        since="2018-06",
        date_basis="estimate",
    )
    seed_edge(
        "forum:engagement-practitioners",
        "INTERESTED_IN",
        "interest:engagement",
        F2,
        "These are essential roles in the #NHS",
        since="2018-06",
        date_basis="estimate",
    )
    seed_edge(
        olivia,
        "WORKS_FOR",
        nhse,
        F2,
        "Fab opportunity to join my team @NHSEngland",
        basis="inferred",
        role="Public participation lead",
        note=AUTHOR_002,
    )
    seed_edge(
        olivia,
        "MEMBER_OF",
        "forum:nhs-citizen-advisory-group",
        F2,
        "I'm invigorated after today's @NHSCitizen meeting.",
        basis="inferred",
        since="2019-09",
        date_basis="estimate",
        note=AUTHOR_002,
    )
    seed_edge(
        olivia,
        "INTERESTED_IN",
        "interest:coproduction",
        F2,
        "outsourcing your "
        "engagement also fails to achieve the coproduction and cocreation of services",
        basis="inferred",
        note=AUTHOR_002,
    )
    seed_edge(
        olivia,
        "INTERESTED_IN",
        "interest:staff-wellbeing",
        F2,
        "These are my top ten tips (feel free to add) that I've shared with my team",
        basis="inferred",
        since="2020-04",
        date_basis="estimate",
        note=AUTHOR_002,
    )
    seed_edge(
        olivia,
        "INTERESTED_IN",
        "interest:person-centred-care",
        F4,
        "“starts with people”, as Olivia put it so succinctly",
        since="2023-10",
    )

    # Dorset (003)
    seed_edge(
        casey,
        "WORKS_FOR",
        "org:dorset-ccg",
        F3,
        "Communications and Engagement Coordinator at Dorset CCG",
        role="Communications and Engagement Coordinator",
        since="2017-05",
        until="2022-06-30",
        date_basis="illustrative",
        note="Since is illustrative; until is when CCGs were abolished (public record).",
    )
    seed_edge(
        casey,
        "MEMBER_OF",
        ics,
        F3,
        "I will be updating this page as we get new "
        "information to tell you more about the Integrated Care System Public Engagement "
        "Project.",
        role="communications and engagement",
        since="2018-11",
    )
    seed_edge(
        casey,
        "INTERESTED_IN",
        "interest:engagement",
        F3,
        "#EngagingDorset to work better together",
        since="2019-01",
    )
    seed_edge(
        nhse,
        "CONVENES",
        ics,
        F3,
        "It is being funded and supported by NHS England.",
        since="2018-06",
        date_basis="estimate",
    )
    seed_edge(
        ics,
        "INTERESTED_IN",
        "interest:engagement",
        F3,
        "The project focuses "
        "particularly on how organisations can work together when communicating with the "
        "public",
        since="2018-06",
        date_basis="estimate",
    )
    seed_edge(
        ics,
        "INTERESTED_IN",
        "interest:communication",
        F3,
        "improve the way we all communicate with the public",
        since="2018-06",
        date_basis="estimate",
    )
    seed_edge(
        "org:dorset-ccg",
        "MEMBER_OF",
        ics,
        F3,
        "NHS England selected Dorset to be the first of six pilots",
        role="first pilot",
        since="2018-11",
    )
    seed_edge(
        nhse,
        "PARTNERS_WITH",
        "org:dorset-ccg",
        F3,
        "NHS England are supporting Dorset to work in a more joined up, coherent way",
        since="2018-11",
    )
    seed_edge(
        "forum:discovery-workshop",
        "PART_OF",
        ics,
        F3,
        "NHS England Public Engagement Discovery Workshop",
        since="2018-11",
    )
    seed_edge(
        "forum:discovery-workshop",
        "LOCATED_IN",
        "place:dorset",
        F3,
        "Back in November "
        "2018, your local NHS, Councils,Voluntary organisations and local people came "
        "together",
        since="2018-11",
    )
    seed_edge(
        "org:dorset-ccg",
        "MEMBER_OF",
        "forum:discovery-workshop",
        F3,
        "your local NHS, Councils,Voluntary organisations and local people came together",
        role="local NHS",
        since="2018-11",
    )
    seed_edge(
        nhse,
        "MEMBER_OF",
        "forum:discovery-workshop",
        F3,
        "We had peer support from NHS organisations across the country, including from NHS England",
        role="peer support",
        since="2018-11",
    )
    seed_edge(
        "forum:discovery-workshop",
        "INTERESTED_IN",
        "interest:engagement",
        F3,
        "how engagement overall could be improved",
        since="2018-11",
    )
    seed_edge(
        "forum:implementation-planning-group",
        "PART_OF",
        ics,
        F3,
        "an action plan drafted by the Implementation Planning Group on 20 December 2018",
        basis="inferred",
        since="2018-12-20",
        note="The group drafts the pilot's action plan, so it is read as part of it.",
    )
    seed_edge(
        "forum:implementation-planning-group",
        "PART_OF",
        "forum:system-leadership-team",
        F3,
        "This action plan will then be considered and approved by the System Leadership Team.",
        basis="inferred",
        since="2018-12-20",
        note="The group's plan goes to the team for approval: read as reporting to it.",
    )
    seed_edge(
        "forum:system-leadership-team",
        "PART_OF",
        "org:ourdorset",
        F3,
        "The action plan can then be implemented across the Integrated Care System",
        basis="inferred",
        since="2019-01",
        note="OurDorset is the local NHS and councils working "
        "together, i.e. the integrated care system the team leads.",
    )
    seed_edge(
        "org:ourdorset",
        "LOCATED_IN",
        "place:dorset",
        F3,
        "Visit OurDorset if you want to know more about your local NHS",
    )
    seed_edge(
        "org:dorset-ccg",
        "MEMBER_OF",
        "org:ourdorset",
        F3,
        "Visit OurDorset if you want "
        "to know more about your local NHS and councils working together.",
        basis="inferred",
        since="2016-04",
        date_basis="illustrative",
        note="The CCG is part of 'your local NHS' working together in OurDorset.",
    )
    seed_edge(
        "org:dorset-ccg", "LOCATED_IN", "place:dorset", F3, "Engagement Coordinator at Dorset CCG"
    )
    seed_edge(
        "org:dorset-ccg",
        "INTERESTED_IN",
        "interest:engagement",
        F3,
        "#EngagingDorset to work better together",
        since="2019-01",
    )
    seed_edge(
        "org:dorset-ccg",
        "SERVES",
        "community:dorset-residents",
        F3,
        "the way the public are involved in local projects and decision making",
    )
    seed_edge(
        "community:dorset-residents",
        "LOCATED_IN",
        "place:dorset",
        F3,
        "NHS England selected Dorset to be the first of six pilots",
    )

    # Connecting the Connectors (004)
    seed_edge(
        olivia,
        "CONVENES",
        ctc,
        F4,
        "inspired by Olivia Butterworth who brought us together into conversation some months ago",
        role="convenor",
        since="2023-04",
        date_basis="estimate",
        note="Date: 'some months' before October 2023.",
    )
    seed_edge(
        nick,
        "MEMBER_OF",
        ctc,
        F4,
        "This was drafted by Nick Sinclair and discussed and "
        "welcomed at a meeting of the group in October 2023",
        since="2023-04",
        date_basis="estimate",
    )
    seed_edge(
        nick,
        "KNOWS",
        olivia,
        F4,
        "“starts with people”, as Olivia put it so succinctly",
        since="2023-04",
        date_basis="estimate",
    )
    seed_edge(
        nick,
        "INTERESTED_IN",
        "interest:community-development",
        F4,
        "community development and social justice",
        since="2023-10",
    )
    seed_edge(
        nick,
        "INTERESTED_IN",
        "interest:social-justice",
        F4,
        "community development and social justice",
        since="2023-10",
    )
    seed_edge(
        nick,
        "MEMBER_OF",
        "forum:the-better-way",
        F4,
        "through the Better Way, some of us involved in that have come together to form a group",
        basis="inferred",
        since="2021-06",
        date_basis="illustrative",
        note="The group's members are 'some of us involved in' the Better Way; Nick "
        "drafted the group's piece.",
    )
    seed_edge(
        nick,
        "MEMBER_OF",
        "community:network-convenors",
        F4,
        "Facilitating Change in Health and Social Care: A Collaborative Approach by "
        "Network Convenors",
        since="2023-10",
    )
    seed_edge(
        ctc,
        "PART_OF",
        "forum:the-better-way",
        F4,
        "through the Better Way, some of us involved in that have come together to form a group",
        since="2023-04",
        date_basis="estimate",
    )
    for key, quote in [
        ("person-centred-care", "The importance of Starting with People"),
        ("community-development", "community development and social justice"),
        ("social-justice", "community development and social justice"),
        ("housing", "nationwide efforts to improve housing"),
        ("integrated-care", "a genuinely integrated approach"),
        ("environment", "to tackle environmental degradation"),
        ("inclusion-and-dignity", "We seek to create a culture of inclusivity and dignity"),
        ("wellbeing", "collective efforts towards more ‘holistic’ well-being"),
    ]:
        seed_edge(ctc, "INTERESTED_IN", f"interest:{key}", F4, quote, since="2023-10")
    seed_edge(
        ctc,
        "SERVES",
        "community:network-convenors",
        F4,
        "A Collaborative Approach by Network Convenors",
        since="2023-04",
        date_basis="estimate",
    )


# --------------------------------------------------------------------------------------------
# 2. Reference facts the demo needs that the seeds do not state.


def reference() -> None:
    ref_node(
        "place:england", "Place", "England", "Country of the United Kingdom.", scale="national"
    )
    ref_node(
        "place:south-west",
        "Place",
        "South West",
        "NHS region of England.",
        aliases="South West England",
        scale="regional",
    )
    ref_node(
        "place:east-of-england",
        "Place",
        "East of England",
        "NHS region of England.",
        scale="regional",
    )
    ref_node(
        "place:camberwell",
        "Place",
        "Camberwell",
        "District of south London around King's College Hospital.",
        scale="local",
    )
    ref_node("place:colchester", "Place", "Colchester", "Town in north Essex.", scale="local")
    ref_node("place:weymouth", "Place", "Weymouth", "Town in Dorset.", scale="local")
    ref_node(
        "org:essex-partnership-university-nhs-foundation-trust",
        "Organisation",
        "Essex Partnership University NHS Foundation Trust",
        "Formed in April 2017 when North Essex Partnership merged with South Essex Partnership.",
        aliases="EPUT",
        scale="local",
        place="place:north-essex",
    )
    ref_node(
        "org:nhs-dorset",
        "Organisation",
        "NHS Dorset",
        "Dorset's integrated care board, which took over the CCG's functions in July 2022.",
        aliases="NHS Dorset Integrated Care Board",
        scale="local",
        place="place:dorset",
    )
    geo = "Geography (public record)."
    ref_edge("place:dorset", "PART_OF", "place:south-west", geo)
    ref_edge("place:south-west", "PART_OF", "place:england", geo)
    ref_edge("place:london", "PART_OF", "place:england", geo)
    ref_edge("place:north-essex", "PART_OF", "place:east-of-england", geo)
    ref_edge("place:east-of-england", "PART_OF", "place:england", geo)
    ref_edge("place:england", "PART_OF", "place:united-kingdom", geo)
    ref_edge("place:camberwell", "PART_OF", "place:london", geo)
    ref_edge("place:colchester", "PART_OF", "place:north-essex", geo)
    ref_edge("place:weymouth", "PART_OF", "place:dorset", geo)
    ref_edge("org:department-of-health", "LOCATED_IN", "place:london", "DH is based in London.")
    ref_edge("org:nhs-england", "LOCATED_IN", "place:england", "NHS England covers England.")
    ref_edge("org:civil-service", "LOCATED_IN", "place:united-kingdom", "The UK civil service.")
    ref_edge("org:stroke-association", "LOCATED_IN", "place:united-kingdom", "UK charity.")
    ref_edge("org:stroke-association", "MEMBER_OF", "community:vcse-sector", "A charity.")
    ref_edge(
        "org:essex-partnership-university-nhs-foundation-trust",
        "LOCATED_IN",
        "place:north-essex",
        "The trust serves Essex, north Essex included.",
    )
    ref_edge(
        "org:north-essex-partnership-university-foundation-trust",
        "PART_OF",
        "org:essex-partnership-university-nhs-foundation-trust",
        "NEP merged into EPUT in April 2017.",
        since="2017-04",
    )
    ref_edge("org:nhs-dorset", "LOCATED_IN", "place:dorset", "Dorset's ICB.")
    ref_edge(
        "org:dorset-ccg",
        "PART_OF",
        "org:nhs-dorset",
        "The CCG's functions passed to NHS Dorset on 1 July 2022.",
        since="2022-07",
    )
    ref_edge(
        "org:nhs-dorset",
        "MEMBER_OF",
        "org:ourdorset",
        "The ICB is the NHS partner in Dorset's integrated care system.",
        since="2022-07",
    )
    ref_edge(
        "org:essex-partnership-university-nhs-foundation-trust",
        "INTERESTED_IN",
        "interest:mental-health",
        "A mental health trust.",
        since="2017-04",
    )


# --------------------------------------------------------------------------------------------
# 3. The illustrative extension: invented people, organisations and forums.

FIRST_NAMES = """
Aisha Alan Alice Amara Amir Anita Ben Bethan Carl Carmen Chloe Ciaran Dan Deborah Declan
Dev Eleanor Elena Emeka Erin Fatima Fiona Gareth Grace Hamza Hannah Harriet Imran Ines
Isaac Jack Jasmine Joel Jonah Kamala Kate Kwame Laura Leon Lina Liam Lucy Mandeep Marcus
Maria Martin Maya Megan Mohammed Nadia Naomi Nia Noor Oliver Omar Owen Patrick Paul Priya
Rachel Rafael Rhys Rosa Ruth Sam Sana Sarah Shauna Simon Sofia Stella Tariq Tessa Theo Tom
Tunde Una Vikram Wendy Will Yasmin Yusuf Zara Zoe Abena Bridget Callum Dilys Edwin Femi
Gwen Hugo
""".split()  # noqa: SIM905
SURNAMES = """
Abbott Achebe Adeyemi Ainsworth Akhtar Allsop Appleby Ashdown Bamford Barraclough Bhatt
Birchall Blackwood Bramley Broadbent Calloway Carmody Chaudhry Coombes Cresswell Dalby
Danquah Delaney Dunmore Eastwood Ekwueme Fairbairn Farrant Fenwick Gallacher Ghosh Goodall
Greaves Haldane Hallam Hartigan Hendry Holloway Iqbal Jarrold Kaur Kenward Kilbride
Lambourne Lindqvist Lomax Maddox Marchetti Mensah Merrifield Nakamura Nolan Oduya Okafor
Ormerod Pannell Pemberton Penhallow Quayle Radcliffe Rahman Redfern Rowntree Sandoval
Satterthwaite Scholes Sefton Shah Sherwin Sowerby Stanhope Sutcliffe Tennant Thackeray
Treloar Tremayne Underwood Varga Venn Wainwright Warbeck Whitcombe Wickham Yardley
Zielinski
""".split()  # noqa: SIM905


@dataclass
class Person:
    id: str
    name: str
    group: str
    scale: str
    place: str
    start: str  # the month they enter the network
    visibility: str = "internal"
    basis_law: str = "public task"
    open: bool = True
    tags: set[str] = field(default_factory=set)


def months(ym: str, n: int) -> str:
    y, m = int(ym[:4]), int(ym[5:7])
    total = y * 12 + (m - 1) + n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def between(rng: random.Random, lo: str, hi: str) -> str:
    """A random month from lo to hi inclusive (YYYY-MM)."""
    if hi < lo:
        return lo
    span = (int(hi[:4]) * 12 + int(hi[5:7])) - (int(lo[:4]) * 12 + int(lo[5:7]))
    return months(lo, rng.randint(0, span))


SEED_START = {
    "person:jane-rintoul": "2013-06", "person:karen-wheeler": "2013-06",
    "person:jeremy-hunt": "2013-06", "person:robert-francis": "2014-06",
    "person:malcolm": "2013-06", "person:bob-kerslake": "2013-09",
    "person:casey-townsend": "2017-05", "person:olivia-butterworth": "2014-04",
    "person:nick-sinclair": "2021-06",
}  # fmt: skip


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.used_names: set[str] = {n["name"] for n in D.nodes.values()}
        self.people: dict[str, Person] = {}
        self.groups: dict[str, list[str]] = defaultdict(list)
        self.consent_expired = 0

    # -- nodes -------------------------------------------------------------------------------
    def name(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def person(
        self,
        group: str,
        *,
        scale: str,
        place: str,
        start: str,
        description: str,
        visibility: str = "public",
        lawful: str = "public task",
        open: bool = True,
        expired: bool = False,
        tags: tuple[str, ...] = (),
    ) -> str:
        name = self.name()
        pid = f"person:{slug(name)}"
        consent_given = consent_expires = ""
        if lawful == "consent":
            if expired:
                consent_given = between(self.rng, "2021-01", "2022-10") + "-15"
            else:
                consent_given = between(self.rng, max(start, "2023-12"), "2026-09") + "-01"
            consent_expires = f"{int(consent_given[:4]) + 3}{consent_given[4:]}"
            if consent_expires < "2026-11-23":
                self.consent_expired += 1
        inv_node(
            pid,
            "Person",
            name,
            scale=scale,
            place=place,
            description=description,
            visibility=visibility,
            open_to_introductions=open,
            lawful_basis=lawful,
            consent_given=consent_given,
            consent_expires=consent_expires,
        )
        self.people[pid] = Person(
            pid, name, group, scale, place, start, visibility, lawful, open, set(tags)
        )
        self.groups[group].append(pid)
        return pid

    # -- edges -------------------------------------------------------------------------------
    def works(self, pid: str, org: str, role: str, since: str, until: str = "") -> None:
        inv_edge(pid, "WORKS_FOR", org, role=role, since=since, until=until)

    def member(self, pid: str, target: str, since: str, role: str = "", until: str = "") -> None:
        inv_edge(pid, "MEMBER_OF", target, role=role, since=since, until=until)

    def likes(self, pid: str, *interests: str, since: str) -> None:
        for key in interests:
            inv_edge(pid, "INTERESTED_IN", f"interest:{key}", since=since)

    def knows(
        self, a: str, b: str, since: str, *, by: str = "", weight: int | None = None, note: str = ""
    ) -> bool:
        if a == b:
            return False
        if weight is None:
            weight = self.rng.choice((1, 1, 1, 2, 2, 3))
        return inv_edge(
            a, "KNOWS", b, since=min(since, LAST), weight=weight, introduced_by=by, note=note
        )

    def mesh(self, ids: list[str], p: float, lo: str, hi: str = LAST, span: int = 72) -> None:
        """Random acquaintance among ``ids``: each pair with probability ``p``, dated within
        ``span`` months after both joined (and not after ``hi``), so a group's ties keep
        accumulating for years after it forms."""
        for a, b in itertools.combinations(ids, 2):
            if self.rng.random() < p:
                start = max(lo, self.start_of(a), self.start_of(b))
                self.knows(a, b, between(self.rng, start, min(hi, months(start, span))))

    def start_of(self, pid: str) -> str:
        if pid in self.people:
            return self.people[pid].start
        return SEED_START[pid]


def illustrative() -> Builder:
    b = Builder()
    rng = b.rng

    jane, karen, olivia = "person:jane-rintoul", "person:karen-wheeler", "person:olivia-butterworth"
    nick, casey, malcolm = "person:nick-sinclair", "person:casey-townsend", "person:malcolm"
    dh, nhse, kch = "org:department-of-health", "org:nhs-england", "org:kings-college-hospital"
    nep = "org:north-essex-partnership-university-foundation-trust"
    eput = "org:essex-partnership-university-nhs-foundation-trust"
    ccg, nhsdorset = "org:dorset-ccg", "org:nhs-dorset"
    prog, als = "forum:connecting-programme", "forum:connecting-action-learning-sets"
    ag, ep = "forum:nhs-citizen-advisory-group", "forum:engagement-practitioners"
    ics = "forum:integrated-care-system-public-engagement-project"
    dw, ipg, slt = (
        "forum:discovery-workshop", "forum:implementation-planning-group",
        "forum:system-leadership-team",
    )  # fmt: skip
    ctc, bw = "forum:connecting-the-connectors", "forum:the-better-way"
    stroke = "org:stroke-association"

    # Invented organisations, forums, communities and interests ------------------------------
    def org(key: str, name: str, scale: str, place: str, desc: str, *, vcse: bool = False) -> str:
        oid = inv_node(
            f"org:{key}", "Organisation", name, scale=scale, place=place, description=desc
        )
        inv_edge(oid, "LOCATED_IN", place)
        if vcse:
            inv_edge(oid, "MEMBER_OF", "community:vcse-sector")
        return oid

    cwc = org(
        "camberwell-wellbeing-collective",
        "Camberwell Wellbeing Collective",
        "local",
        "place:camberwell",
        "Community wellbeing charity near King's College Hospital.",
        vcse=True,
    )
    cdt = org(
        "colneside-community-development-trust",
        "Colneside Community Development Trust",
        "local",
        "place:north-essex",
        "Community development charity in north Essex.",
        vcse=True,
    )
    council = org(
        "purbeck-vale-council",
        "Purbeck Vale Council",
        "local",
        "place:dorset",
        "A Dorset council (invented).",
    )
    wessex = org(
        "wessex-coast-community-health-trust",
        "Wessex Coast Community Health Trust",
        "local",
        "place:dorset",
        "Community health services in Dorset (invented).",
    )
    dvsa = org(
        "dorset-voluntary-sector-alliance",
        "Dorset Voluntary Sector Alliance",
        "local",
        "place:dorset",
        "Infrastructure body for Dorset's voluntary organisations.",
        vcse=True,
    )
    pcn = org(
        "fleetwater-primary-care-network",
        "Fleetwater Primary Care Network",
        "local",
        "place:weymouth",
        "Group of GP practices in west Dorset; hosts social prescribing.",
    )
    pva = org(
        "patient-voice-alliance",
        "Patient Voice Alliance",
        "national",
        "place:united-kingdom",
        "National charity for patient and public voice.",
        vcse=True,
    )
    ctuk = org(
        "carers-together-uk",
        "Carers Together UK",
        "national",
        "place:united-kingdom",
        "National carers' charity (invented).",
        vcse=True,
    )
    cgf = org(
        "common-ground-foundation",
        "Common Ground Foundation",
        "national",
        "place:united-kingdom",
        "National funder of community development.",
        vcse=True,
    )
    hfh = org(
        "homes-for-health-trust",
        "Homes for Health Trust",
        "national",
        "place:united-kingdom",
        "National housing and health charity.",
        vcse=True,
    )
    irc = org(
        "institute-for-relational-care",
        "Institute for Relational Care",
        "national",
        "place:united-kingdom",
        "Think tank on relationships in health and care.",
    )

    def forum(key: str, name: str, scale: str, place: str, desc: str) -> str:
        fid = inv_node(f"forum:{key}", "Forum", name, scale=scale, place=place, description=desc)
        inv_edge(fid, "LOCATED_IN", place)
        return fid

    champions = forum(
        "denmark-hill-community-health-champions",
        "Denmark Hill Community Health Champions",
        "local",
        "place:camberwell",
        "Local residents who champion health in their neighbourhoods (from 2021).",
    )
    peers = forum(
        "colne-valley-peer-support-network",
        "Colne Valley Peer Support Network",
        "local",
        "place:north-essex",
        "Peer group for people with lived experience of mental health conditions.",
    )
    carers_net = forum(
        "stour-valley-carers-network",
        "Stour Valley Carers Network",
        "local",
        "place:dorset",
        "Network of unpaid carers in Dorset (from 2016).",
    )

    camberwell_res = inv_node(
        "community:camberwell-residents",
        "Community",
        "Camberwell residents",
        scale="local",
        place="place:camberwell",
        description="Community of place.",
    )
    inv_edge(camberwell_res, "LOCATED_IN", "place:camberwell")
    young = inv_node(
        "community:young-people",
        "Community",
        "Young people",
        scale="national",
        description="Community of identity (age).",
    )
    older = inv_node(
        "community:older-people",
        "Community",
        "Older people",
        scale="national",
        description="Community of identity (age).",
    )
    essex_res = inv_node(
        "community:north-essex-residents",
        "Community",
        "North Essex residents",
        scale="local",
        place="place:north-essex",
        description="Community of place.",
    )
    inv_edge(essex_res, "LOCATED_IN", "place:north-essex")
    for key, name in [
        ("urgent-and-emergency-care", "Urgent and emergency care"),
        ("dementia", "Dementia"),
        ("children-and-young-people", "Children and young people"),
        ("digital-inclusion", "Digital inclusion"),
        ("health-inequalities", "Health inequalities"),
        ("peer-support", "Peer support"),
        ("social-prescribing", "Social prescribing"),
    ]:
        inv_node(f"interest:{key}", "Interest", name)

    # Organisation-level ties ----------------------------------------------------------------
    for a, c, since in [
        (kch, cwc, "2016-03"),
        (eput, cdt, "2018-02"),
        (ccg, council, "2015-04"),
        (ccg, wessex, "2014-04"),
        (ccg, dvsa, "2016-01"),
        (nhsdorset, council, "2022-07"),
        (nhsdorset, dvsa, "2022-07"),
        (nhse, pva, "2017-06"),
        (nhse, stroke, "2019-09"),
        (dh, nep, "2013-09"),
        (cgf, cdt, "2020-05"),
        (cgf, cwc, "2021-01"),
        (pcn, dvsa, "2020-09"),
        (nhse, ctuk, "2019-09"),
    ]:
        inv_edge(a, "PARTNERS_WITH", c, since=since)
    for o in (council, wessex, dvsa):
        inv_edge(o, "MEMBER_OF", "org:ourdorset", since="2016-04")
    for o, since in ((council, "2018-11"), (wessex, "2018-11"), (dvsa, "2018-11")):
        inv_edge(o, "MEMBER_OF", dw, role="participant", since=since)
    inv_edge(pcn, "MEMBER_OF", "org:ourdorset", since="2020-09")
    inv_edge(kch, "CONVENES", champions, since="2021-03")
    inv_edge(cwc, "CONVENES", champions, since="2021-03")
    inv_edge(champions, "SERVES", camberwell_res, since="2021-03")
    inv_edge(champions, "INTERESTED_IN", "interest:health-inequalities", since="2021-03")
    inv_edge(peers, "SERVES", "community:people-with-mental-health-conditions", since="2015-05")
    inv_edge(peers, "SERVES", "community:people-with-lived-experience", since="2015-05")
    inv_edge(peers, "INTERESTED_IN", "interest:peer-support", since="2015-05")
    inv_edge(carers_net, "SERVES", "community:carers", since="2016-09")
    inv_edge(carers_net, "INTERESTED_IN", "interest:carers", since="2016-09")
    inv_edge(dvsa, "CONVENES", carers_net, since="2016-09")
    inv_edge(cdt, "SERVES", essex_res, since="2014-06")
    inv_edge(cdt, "INTERESTED_IN", "interest:community-development", since="2014-06")
    inv_edge(cdt, "INTERESTED_IN", "interest:employment", since="2016-01")
    inv_edge(cwc, "SERVES", young, since="2017-01")
    inv_edge(cwc, "INTERESTED_IN", "interest:education", since="2017-01")
    inv_edge(wessex, "SERVES", older, since="2014-04")
    inv_edge(council, "SERVES", older, since="2015-04")
    inv_edge(irc, "INTERESTED_IN", "interest:inclusion-and-dignity", since="2019-01")
    inv_edge(pcn, "INTERESTED_IN", "interest:wellbeing", since="2020-09")
    inv_edge(cwc, "SERVES", "community:marginalised-and-excluded-people", since="2016-03")
    inv_edge(cwc, "SERVES", camberwell_res, since="2016-03")
    inv_edge(cwc, "INTERESTED_IN", "interest:community-development", since="2016-03")
    inv_edge(ctuk, "SERVES", "community:carers", since="2015-01")
    inv_edge(ctuk, "INTERESTED_IN", "interest:carers", since="2015-01")
    inv_edge(hfh, "INTERESTED_IN", "interest:housing", since="2016-01")
    inv_edge(cgf, "INTERESTED_IN", "interest:community-development", since="2018-01")
    inv_edge(cgf, "CONVENES", bw, since="2019-06")
    inv_edge(pva, "INTERESTED_IN", "interest:public-involvement", since="2015-01")
    inv_edge(pva, "MEMBER_OF", ag, since="2019-09")
    inv_edge(stroke, "MEMBER_OF", ag, since="2019-09")
    inv_edge(ctuk, "MEMBER_OF", ag, since="2019-09")
    inv_edge(pcn, "INTERESTED_IN", "interest:social-prescribing", since="2020-09")
    inv_edge(nhse, "CONVENES", ep, since="2018-06")
    inv_edge(nhse, "INTERESTED_IN", "interest:public-involvement", since="2014-04")
    inv_edge(nhse, "SERVES", "community:autistic-people", since="2019-01")
    inv_edge(ccg, "CONVENES", dw, since="2018-11")
    inv_edge(ccg, "CONVENES", ipg, since="2018-12-20")
    inv_edge(council, "INTERESTED_IN", "interest:housing", since="2015-04")
    inv_edge(council, "SERVES", "community:dorset-residents", since="2015-04")
    inv_edge(kch, "SERVES", "community:bereaved-families", since="2015-01")
    inv_edge(kch, "INTERESTED_IN", "interest:urgent-and-emergency-care", since="2013-06")
    inv_edge(kch, "INTERESTED_IN", "interest:stroke", since="2013-06")
    inv_edge(eput, "SERVES", "community:people-with-mental-health-conditions", since="2017-04")
    inv_edge(
        "forum:melbourne-connect-programme",
        "SERVES",
        "community:people-who-use-services",
        since="2014-06",
    )

    # People ---------------------------------------------------------------------------------
    # DH: civil servants who went connecting (national, London)
    dh_specs = [
        (
            "Connecting programme coordinator",
            ["connecting-to-the-front-line", "engagement"],
            "core",
        ),
        (
            "Connecting programme coordinator",
            ["connecting-to-the-front-line", "evaluation"],
            "core",
        ),
        ("Policy adviser, mental health", ["mental-health"], kch),
        (
            "Policy adviser, children and young people's mental health",
            ["mental-health", "children-and-young-people"],
            nep,
        ),
        (
            "Policy lead, urgent and emergency care",
            ["urgent-and-emergency-care", "a-and-e-liaison"],
            kch,
        ),
        ("Policy adviser, stroke and long-term conditions", ["stroke"], stroke),
        ("Deputy director, social care", ["social-care", "integrated-care"], wessex),
        ("Policy adviser, carers", ["carers"], kch),
        ("Policy adviser, housing and health", ["housing"], kch),
        ("Analyst, information and group operations", ["evaluation"], nep),
        ("Private secretary to the Director General", [], nep),
        ("Communications officer", ["communication"], stroke),
        ("Policy adviser, patient experience", ["person-centred-care"], ccg),
        ("Policy adviser, public involvement", ["public-involvement", "coproduction"], ccg),
        ("Policy adviser, dementia", ["dementia"], wessex),
        ("Researcher, evaluation", ["evaluation"], kch),
        ("Policy adviser, integrated care", ["integrated-care"], ccg),
        ("Policy adviser, workforce", ["staff-wellbeing"], kch),
        ("Policy adviser, learning disability and autism", ["autism"], stroke),
        ("Digital lead", ["digital-inclusion"], nep),
        ("Policy adviser, health inequalities", ["health-inequalities"], cwc),
        ("Legal adviser", [], stroke),
        ("Policy adviser, primary care", ["integrated-care"], wessex),
        ("Policy adviser, end of life care", ["person-centred-care"], kch),
        ("Statistician", ["evaluation"], nep),
        ("Policy adviser, urgent care flow", ["urgent-and-emergency-care"], kch),
    ]
    dh_people = []
    placements: list[tuple[str, str, str]] = []
    for i, (role, likes, host) in enumerate(dh_specs):
        start = between(rng, "2013-06", "2015-06") if i > 1 else "2013-06"
        opt_out = role.startswith("Deputy director")
        tags: tuple[str, ...] = (
            ("housing",) if "housing" in likes else ("carers",) if "carers" in likes else ()
        )
        if "autism" in likes:
            tags = ("autism",)
        pid = b.person(
            "dh",
            scale="national",
            place="place:london",
            start=start,
            description=f"{role}, Department of Health.",
            open=not opt_out,
            tags=tags,
        )
        dh_people.append(pid)
        left = months(start, rng.randint(30, 70)) if rng.random() < 0.4 else ""
        b.works(pid, dh, role, start, left)
        b.member(
            pid,
            prog,
            start,
            role="programme team" if host == "core" else "connector",
            until="" if host == "core" else months(start, rng.randint(6, 24)),
        )
        b.likes(pid, *likes, since=start)
        if host != "core":
            when = months(start, rng.randint(1, 5))
            inv_edge(pid, "PLACED_AT", host, role="connecting placement", since=when, until=when)
            placements.append((pid, host, when))
        b.knows(jane, pid, start, weight=3 if host == "core" else None)
    for pid in rng.sample(dh_people[2:], 8):
        b.member(pid, als, months(b.start_of(pid), 4), until=months(b.start_of(pid), 16))
    b.member(jane, als, "2013-09", role="facilitator")
    core = dh_people[:2]
    inv_edge(core[0], "CONVENES", als, role="coordinator", since="2013-09")
    b.mesh(dh_people, 0.14, "2013-06", "2018-12", span=30)
    for pid in dh_people[2:]:
        if rng.random() < 0.5:
            b.knows(rng.choice(core), pid, b.start_of(pid))
    b.member(jane, prog, "2013-06", role="programme lead")
    b.likes(jane, "connecting-to-the-front-line", "mental-health", since="2013-06")
    b.likes(karen, "evaluation", since="2013-06")
    b.knows(karen, dh_people[10], "2013-06", weight=3)  # her private secretary
    b.knows(karen, dh_people[9], "2014-02")

    # Melbourne (international)
    mel = []
    for role in ("Connect programme lead", "Connect programme evaluator"):
        pid = b.person(
            "melbourne",
            scale="international",
            place="place:melbourne",
            start="2014-05",
            description=f"{role}, Melbourne.",
            lawful="legitimate interests",
        )
        b.member(
            pid,
            "forum:melbourne-connect-programme",
            "2014-05",
            role="lead" if "lead" in role else "",
        )
        mel.append(pid)
    inv_edge(mel[0], "CONVENES", "forum:melbourne-connect-programme", since="2014-05")
    b.likes(mel[1], "evaluation", since="2014-09")
    b.knows(mel[0], mel[1], "2014-05", weight=3)
    b.knows(jane, mel[0], "2014-05")
    b.knows(core[1], mel[1], "2014-10")
    b.knows(core[0], mel[0], "2014-05")

    # London: King's College Hospital A&E, champions, Camberwell Wellbeing Collective
    kch_specs = [
        ("Consultant, emergency medicine", ["urgent-and-emergency-care", "a-and-e-liaison"]),
        ("Sister, emergency department", ["urgent-and-emergency-care"]),
        ("Staff nurse, emergency department", ["urgent-and-emergency-care"]),
        ("Staff nurse, emergency department", ["urgent-and-emergency-care", "staff-wellbeing"]),
        ("Mental health liaison nurse", ["mental-health", "a-and-e-liaison"]),
        ("Mental health liaison nurse", ["mental-health"]),
        ("Consultant, liaison psychiatry", ["mental-health", "a-and-e-liaison"]),
        ("Patient experience lead", ["engagement", "person-centred-care"]),
        ("Stroke nurse specialist", ["stroke"]),
        ("Volunteer services manager", ["community-development"]),
        ("Matron, urgent care", ["urgent-and-emergency-care"]),
        ("Community health champions lead", ["engagement", "health-inequalities"]),
        ("Bereavement services lead", []),
        ("Head of patient and public involvement", ["public-involvement", "coproduction"]),
        ("Paediatric emergency nurse", ["children-and-young-people", "urgent-and-emergency-care"]),
        ("Discharge coordinator", ["social-care"]),
        ("Clinical psychologist, emergency department", ["mental-health", "staff-wellbeing"]),
    ]
    kch_people = []
    for i, (role, likes) in enumerate(kch_specs):
        start = between(rng, "2013-06", "2019-06") if i not in (0, 7) else "2013-06"
        pid = b.person(
            "london",
            scale="local",
            place="place:london",
            start=start,
            description=f"{role}, King's College Hospital.",
            open=i != 6,
        )
        kch_people.append(pid)
        b.works(pid, kch, role, start, months(start, 60) if i == 2 else "")
        b.likes(pid, *likes, since=start)
    b.likes(malcolm, "urgent-and-emergency-care", "a-and-e-liaison", since="2013-06")
    (
        ed_consultant,
        _,
        _,
        _,
        _,
        _,
        _,
        pex,
        stroke_nurse,
        _,
        _,
        champ_lead,
        bereave,
        ppi,
        *_,
    ) = kch_people
    inv_edge(bereave, "SERVES", "community:bereaved-families", since=b.start_of(bereave))
    inv_edge(champ_lead, "CONVENES", champions, role="lead", since="2021-03")
    b.member(champ_lead, champions, "2021-03", role="lead")
    b.mesh([*kch_people, malcolm], 0.22, "2013-06")
    for pid in kch_people[:7]:
        b.knows(malcolm, pid, max(b.start_of(pid), "2013-06"))
    b.knows(jane, pex, "2013-09", note="Met on the September 2013 visit.")
    b.knows("person:bob-kerslake", ed_consultant, "2013-09")
    b.knows(malcolm, dh_people[4], "2014-02", note="Hosted the urgent care lead's placement.")

    cwc_specs = [
        ("Director", ["community-development", "health-inequalities"]),
        ("Community development worker", ["community-development", "social-justice"]),
        ("Youth worker", ["children-and-young-people", "education"]),
    ]
    cwc_people = []
    for role, likes in cwc_specs:
        start = between(rng, "2016-03", "2019-01")
        pid = b.person(
            "london",
            scale="local",
            place="place:camberwell",
            start=start,
            description=f"{role}, Camberwell Wellbeing Collective.",
            lawful="legitimate interests",
        )
        cwc_people.append(pid)
        b.works(pid, cwc, role, start)
        b.likes(pid, *likes, since=start)
    b.mesh(cwc_people, 0.9, "2016-03")
    b.member(cwc_people[0], champions, "2021-03", role="co-convenor")
    b.knows(cwc_people[0], champ_lead, "2019-05", weight=3)
    b.knows(cwc_people[0], kch_people[9], "2017-02")

    champ_specs = [
        (["health-inequalities"], "internal", True, False, ()),
        (["mental-health"], "restricted", False, False, ("lived",)),
        (["autism"], "internal", True, False, ("autism",)),
        (["digital-inclusion"], "internal", True, True, ()),
        (["children-and-young-people"], "internal", True, False, ()),
        (["mental-health", "peer-support"], "internal", True, False, ("lived",)),
        (["health-inequalities", "equality"], "internal", True, True, ()),
        (["dementia", "carers"], "internal", True, False, ()),
        (["equality", "community-development"], "internal", True, False, ()),
        (["staff-wellbeing"], "internal", True, False, ()),
    ]
    champs = []
    for likes, vis, open_, expired, tags in champ_specs:
        start = between(rng, "2021-03", "2022-06")
        pid = b.person(
            "london",
            scale="local",
            place="place:camberwell",
            start=start,
            description="Community health champion, Denmark Hill.",
            visibility=vis,
            lawful="consent",
            open=open_,
            expired=expired,
            tags=tags,
        )
        champs.append(pid)
        b.member(pid, champions, start, role="champion")
        b.member(pid, camberwell_res, start)
        b.likes(pid, *likes, since=start)
        b.knows(champ_lead, pid, start)
        if "lived" in tags:
            b.member(pid, "community:people-with-lived-experience", start)
    b.mesh(champs, 0.3, "2021-03")
    b.knows(cwc_people[2], champs[4], "2022-01")

    # North Essex: NEP (then EPUT), peer network, community development trust
    nep_specs = [
        ("A&E liaison team lead", ["a-and-e-liaison", "mental-health"]),
        ("Liaison nurse, Colchester A&E", ["a-and-e-liaison"]),
        ("Liaison nurse", ["a-and-e-liaison", "mental-health"]),
        ("Consultant psychiatrist, liaison", ["mental-health"]),
        ("Peer support worker", ["peer-support", "mental-health"]),
        ("Peer support worker", ["peer-support"]),
        ("Service user involvement lead", ["engagement", "coproduction"]),
        ("Recovery college coordinator", ["coproduction", "mental-health"]),
        ("Community mental health nurse", ["mental-health"]),
        ("Occupational therapist", ["mental-health"]),
        ("Carers support lead", ["carers"]),
        ("Director of nursing", ["mental-health"]),
        ("Crisis team nurse", ["mental-health", "urgent-and-emergency-care"]),
        ("Social worker, mental health", ["social-care", "mental-health"]),
    ]
    nep_people = []
    for i, (role, likes) in enumerate(nep_specs):
        start = "2013-06" if i in (0, 11) else between(rng, "2013-06", "2016-12")
        peer = role.startswith("Peer")
        pid = b.person(
            "essex",
            scale="local",
            place="place:north-essex",
            start=start,
            description=f"{role}, NEP then EPUT.",
            lawful="consent" if peer else "public task",
            expired=i == 5,
            tags=("carers",) if "carers" in likes else (),
        )
        nep_people.append(pid)
        b.works(pid, nep, role, start, "2017-03-31")
        if i not in (3, 9):  # two left at the merger
            b.works(pid, eput, role, "2017-04")
        b.likes(pid, *likes, since=start)
    (liaison_lead, _, _, _, peer1, peer2, involvement, recovery, _, _, _, nursing, *_) = nep_people
    b.mesh(nep_people, 0.25, "2013-06")
    b.knows(karen, nursing, "2013-09", note="Met on the September 2013 visit.")
    b.knows(jane, nursing, "2013-09")
    b.knows(jane, liaison_lead, "2013-09")
    for pid in (peer1, peer2):
        b.member(pid, "community:people-with-lived-experience", b.start_of(pid))

    peer_specs = [
        ("restricted", False, False, ["peer-support"], ()),
        ("internal", True, True, ["peer-support", "mental-health"], ()),
        ("restricted", True, False, ["housing"], ("housing",)),
        ("internal", True, False, ["mental-health"], ()),
        ("internal", True, False, ["peer-support", "staff-wellbeing"], ()),
        ("internal", True, True, ["mental-health"], ()),
        ("internal", False, False, ["equality"], ()),
        ("internal", True, False, ["peer-support"], ()),
        ("internal", True, False, ["mental-health", "digital-inclusion"], ()),
        ("internal", True, False, ["peer-support", "equality"], ()),
    ]
    peer_members = []
    inv_edge(peer1, "CONVENES", peers, role="convenor", since="2015-05")
    b.member(peer1, peers, "2015-05", role="convenor")
    b.member(peer2, peers, "2016-02")
    for vis, open_, expired, likes, tags in peer_specs:
        start = between(rng, "2015-05", "2019-12")
        pid = b.person(
            "essex",
            scale="local",
            place="place:north-essex",
            start=start,
            description="Member, Colne Valley Peer Support Network.",
            visibility=vis,
            lawful="consent",
            open=open_,
            expired=expired,
            tags=tags,
        )
        peer_members.append(pid)
        b.member(pid, peers, start)
        b.member(pid, "community:people-with-mental-health-conditions", start)
        if vis == "restricted":
            b.member(pid, "community:people-with-lived-experience", start)
        b.likes(pid, *likes, since=start)
        b.knows(peer1, pid, start)
    b.mesh([*peer_members, peer2, recovery], 0.3, "2015-05")

    cdt_specs = [
        ("Chief officer", ["community-development", "social-justice"], ()),
        ("Housing support worker", ["housing"], ("housing",)),
        ("Volunteer coordinator", ["community-development", "employment"], ()),
    ]
    cdt_people = []
    for role, likes, tags in cdt_specs:
        start = between(rng, "2014-06", "2017-06")
        pid = b.person(
            "essex",
            scale="local",
            place="place:north-essex",
            start=start,
            description=f"{role}, Colneside Community Development Trust.",
            lawful="legitimate interests",
            tags=tags,
        )
        cdt_people.append(pid)
        b.works(pid, cdt, role, start)
        b.likes(pid, *likes, since=start)
        b.member(pid, essex_res, start)
    b.mesh(cdt_people, 0.9, "2014-06")
    b.knows(cdt_people[0], recovery, "2018-03")
    b.knows(cdt_people[2], peer1, "2017-09")

    # Dorset: CCG (then NHS Dorset), council, community trust, VSA, PCN, carers network
    ccg_specs = [
        ("Head of engagement", ["engagement", "coproduction"]),
        ("Engagement officer", ["engagement"]),
        ("Engagement officer", ["engagement", "digital-inclusion"]),
        ("Patient experience manager", ["person-centred-care"]),
        ("Communications manager", ["communication"]),
        ("Director of strategy", ["integrated-care"]),
        ("Primary care commissioner", ["integrated-care"]),
        ("Mental health commissioner", ["mental-health"]),
        ("Carers commissioner", ["carers"]),
    ]
    ccg_people = []
    for i, (role, likes) in enumerate(ccg_specs):
        start = between(rng, "2014-04", "2018-06") if i else "2014-04"
        pid = b.person(
            "dorset",
            scale="local",
            place="place:dorset",
            start=start,
            description=f"{role}, Dorset CCG then NHS Dorset.",
            tags=("carers",) if "carers" in likes else (),
        )
        ccg_people.append(pid)
        b.works(pid, ccg, role, start, "2022-06-30")
        if i in (0, 1, 3, 5, 7, 8):
            b.works(pid, nhsdorset, role, "2022-07")
        b.likes(pid, *likes, since=start)
    (head_eng, eng1, eng2, pex_mgr, comms, strategy, _, mh_comm, carers_comm) = ccg_people
    inv_edge(
        casey,
        "WORKS_FOR",
        nhsdorset,
        role="Engagement manager",
        since="2022-07",
        date_basis="illustrative",
    )
    b.likes(casey, "communication", "coproduction", since="2018-11")
    b.mesh([*ccg_people, casey], 0.3, "2014-04")
    for pid in (head_eng, eng1, eng2, comms):
        b.knows(casey, pid, "2017-05", weight=3 if pid == head_eng else None)

    other_dorset = [
        (council, "Director of adult social care", ["social-care", "integrated-care"], ()),
        (council, "Community engagement officer", ["engagement", "community-development"], ()),
        (council, "Housing officer", ["housing"], ("housing",)),
        (council, "Public health consultant", ["health-inequalities"], ()),
        (wessex, "Chief executive", ["integrated-care"], ()),
        (wessex, "Patient experience lead", ["person-centred-care", "engagement"], ()),
        (wessex, "Community nurse", ["social-care"], ()),
        (dvsa, "Chief executive", ["community-development"], ()),
        (dvsa, "Development officer", ["community-development", "engagement"], ()),
        (dvsa, "Volunteer coordinator", [], ()),
        (
            pcn,
            "Social prescribing lead",
            ["social-prescribing", "community-development", "wellbeing"],
            (),
        ),
        (council, "Adult social care practitioner", ["social-care"], ()),
        (pcn, "Care coordinator", ["social-prescribing"], ()),
    ]
    dorset_people = []
    for o, role, likes, tags in other_dorset:
        start = between(rng, "2014-04", "2019-06")
        vcse = o in (dvsa, pcn)
        if o == pcn:
            start = "2020-09"
        pid = b.person(
            "dorset",
            scale="local",
            place=D.nodes[o]["place"],
            start=start,
            description=f"{role}, {D.nodes[o]['name']}.",
            lawful="legitimate interests" if vcse else "public task",
            open=role != "Chief executive" or o != wessex,
            tags=tags,
        )
        dorset_people.append(pid)
        b.works(pid, o, role, start)
        b.likes(pid, *likes, since=start)
    (
        asc_dir,
        council_eng,
        _,
        ph,
        wessex_ceo,
        wessex_pex,
        _,
        dvsa_ceo,
        dvsa_dev,
        _,
        social_rx,
        *_,
    ) = dorset_people
    b.mesh([*dorset_people, *ccg_people[:3], casey], 0.15, "2014-04")

    # The Discovery Workshop (Nov 2018), the IPG (Dec 2018) and the SLT (Jan 2019)
    attendees = [
        casey,
        head_eng,
        eng1,
        eng2,
        pex_mgr,
        comms,
        council_eng,
        ph,
        wessex_pex,
        dvsa_dev,
        dvsa_ceo,
        asc_dir,
        mh_comm,
    ]
    for pid in attendees:
        b.member(pid, dw, "2018-11", role="participant")
    for pid in (head_eng, casey, council_eng, dvsa_ceo, wessex_pex, ph, pex_mgr):
        b.member(pid, ipg, "2018-12-20")
    for pid in (strategy, asc_dir, wessex_ceo, head_eng):
        b.member(pid, slt, "2019-01")
    b.mesh(attendees, 0.12, "2018-11", "2019-06")
    b.member(head_eng, ics, "2018-11", role="pilot lead")

    carer_specs = [
        ("restricted", True, False, ["carers"]),
        ("restricted", False, False, ["carers", "dementia"]),
        ("internal", True, True, ["carers"]),
        ("internal", True, False, ["carers", "digital-inclusion"]),
        ("internal", True, False, ["carers"]),
        ("internal", True, False, ["carers", "mental-health"]),
        ("internal", True, False, ["carers", "housing"]),
        ("internal", True, False, ["carers", "social-care"]),
    ]
    carers = []
    b.member(dvsa_dev, carers_net, "2016-09", role="co-convenor")
    inv_edge(dvsa_dev, "CONVENES", carers_net, role="co-convenor", since="2016-09")
    for i, (vis, open_, expired, likes) in enumerate(carer_specs):
        start = between(rng, "2016-09", "2020-06")
        pid = b.person(
            "dorset",
            scale="local",
            place="place:dorset",
            start=start,
            description="Unpaid carer; member, Stour Valley Carers Network.",
            visibility=vis,
            lawful="consent",
            open=open_,
            expired=expired,
            tags=("carers",),
        )
        carers.append(pid)
        b.member(pid, carers_net, start, role="convenor" if i == 4 else "")
        b.member(pid, "community:carers", start)
        b.member(pid, "community:dorset-residents", start)
        b.likes(pid, *likes, since=start)
        b.knows(dvsa_dev, pid, start)
    inv_edge(carers[4], "CONVENES", carers_net, role="carer convenor", since="2018-01")
    b.mesh(carers, 0.35, "2016-09")
    b.knows(carers_comm, carers[4], "2018-02")
    b.knows(carers_comm, dvsa_dev, "2017-06")

    # NHS England: public participation team, regional managers, Advisory Group, partners
    nhse_specs = [
        (
            "Deputy head of public participation",
            ["public-involvement", "coproduction"],
            "national",
            "place:england",
        ),
        ("Public participation manager", ["engagement"], "national", "place:england"),
        (
            "Public participation manager",
            ["engagement", "health-inequalities"],
            "national",
            "place:england",
        ),
        ("Public participation manager", ["coproduction"], "national", "place:england"),
        (
            "Engagement Practitioners network lead",
            ["engagement", "facilitation"],
            "national",
            "place:england",
        ),
        ("NHS Citizen programme manager", ["public-involvement"], "national", "place:england"),
        ("Regional engagement manager, South West", ["engagement"], "regional", "place:south-west"),
        (
            "Regional engagement manager, East of England",
            ["engagement"],
            "regional",
            "place:east-of-england",
        ),
        ("Regional engagement manager, London", ["engagement"], "regional", "place:london"),
        ("Learning disability and autism engagement lead", ["autism"], "national", "place:england"),
        ("Patient experience analyst", ["evaluation"], "national", "place:england"),
        (
            "Head of insight and feedback",
            ["evaluation", "person-centred-care"],
            "national",
            "place:england",
        ),
        (
            "Public participation officer",
            ["engagement", "digital-inclusion"],
            "national",
            "place:england",
        ),
        (
            "Experience of care lead",
            ["person-centred-care", "coproduction"],
            "national",
            "place:england",
        ),
    ]
    nhse_people = []
    for i, (role, likes, scale, place) in enumerate(nhse_specs):
        start = between(rng, "2014-04", "2019-06") if i else "2014-04"
        pid = b.person(
            "nhse",
            scale=scale,
            place=place,
            start=start,
            description=f"{role}, NHS England.",
            tags=("autism",) if i == 9 else (),
            open=i != 11,
        )
        nhse_people.append(pid)
        b.works(pid, nhse, role, start, months(start, 66) if i == 3 else "")
        b.likes(pid, *likes, since=start)
        b.knows(olivia, pid, start, weight=3 if i < 6 else None)
    (deputy, ppm1, _, _, ep_lead, citizen_pm, reg_sw, reg_eoe, reg_lon, autism_lead, *_) = (
        nhse_people
    )
    b.mesh(nhse_people, 0.3, "2014-04")
    b.likes(olivia, "engagement", "public-involvement", since="2014-04")
    inv_edge(ep_lead, "CONVENES", ep, role="network lead", since="2018-06")
    inv_edge(citizen_pm, "CONVENES", ag, role="programme manager", since="2019-09")
    inv_edge(olivia, "CONVENES", ag, role="chair", since="2019-09", date_basis="illustrative")
    inv_edge(autism_lead, "SERVES", "community:autistic-people", since=b.start_of(autism_lead))
    for pid, role in ((ppm1, "facilitator"), (reg_sw, "facilitator")):
        b.member(pid, dw, "2018-11", role=role)
    b.member(reg_sw, ics, "2018-11", role="regional support")
    b.member(ppm1, ics, "2018-06", role="project manager")
    b.member(olivia, ics, "2018-06", role="sponsor")

    # Engagement Practitioners: national and local engagement people (a designed sweet spot)
    b.member(ep_lead, ep, "2018-06", role="lead")
    for pid in (olivia, ppm1, reg_sw, reg_eoe, reg_lon):
        b.member(pid, ep, months(max(b.start_of(pid), "2018-06"), 1))
    for pid in (casey, involvement, ppi, council_eng):
        b.member(pid, ep, between(rng, "2018-09", "2020-06"))

    # Regional managers bridge national and local
    b.knows(reg_sw, casey, "2018-09", weight=3)
    b.knows(reg_sw, head_eng, "2018-07")
    b.knows(reg_sw, council_eng, "2019-02")
    b.knows(reg_eoe, involvement, "2017-11")
    b.knows(reg_eoe, peer1, "2019-04")
    b.knows(reg_lon, ppi, "2018-03")
    b.knows(reg_lon, champ_lead, "2021-05")
    b.knows(ep_lead, casey, "2019-03")
    b.knows(ep_lead, involvement, "2019-06")
    b.knows(ppm1, head_eng, "2018-11")
    b.knows(olivia, casey, "2018-11", note="Met at the Discovery Workshop.")

    stroke_specs = [
        (
            "Head of policy",
            ["stroke"],
            "national",
            "place:united-kingdom",
            "internal",
            "legitimate interests",
            False,
        ),
        (
            "Engagement manager",
            ["stroke", "engagement"],
            "national",
            "place:united-kingdom",
            "internal",
            "legitimate interests",
            False,
        ),
        (
            "Regional support coordinator, London",
            ["stroke"],
            "regional",
            "place:london",
            "internal",
            "legitimate interests",
            False,
        ),
        (
            "Volunteer and stroke survivor",
            ["stroke", "peer-support"],
            "national",
            "place:united-kingdom",
            "restricted",
            "consent",
            False,
        ),
    ]
    stroke_people = []
    for role, likes, scale, place, vis, law, expired in stroke_specs:
        start = between(rng, "2013-09", "2016-06")
        pid = b.person(
            "nhse",
            scale=scale,
            place=place,
            start=start,
            description=f"{role}, Stroke Association.",
            visibility=vis,
            lawful=law,
            expired=expired,
            open=vis != "restricted",
        )
        stroke_people.append(pid)
        if law == "consent":
            b.member(pid, stroke, start, role="volunteer")
            b.member(pid, "community:stroke-survivors", start)
        else:
            b.works(pid, stroke, role, start)
        b.likes(pid, *likes, since=start)
    b.mesh(stroke_people, 0.8, "2013-09")
    b.knows(jane, stroke_people[0], "2014-01", note="Stroke Association hosted at DH.")
    b.knows(dh_people[5], stroke_people[0], "2014-03")
    b.knows(stroke_people[2], stroke_nurse, "2016-09", weight=3)
    b.knows(dh_people[5], stroke_nurse, "2015-02")

    pva_people, ctuk_people = [], []
    for role, likes, vis, law in (
        (
            "Chief executive",
            ["public-involvement", "person-centred-care"],
            "internal",
            "legitimate interests",
        ),
        ("Policy officer", ["coproduction"], "internal", "legitimate interests"),
        ("Lived experience lead", ["peer-support", "mental-health"], "restricted", "consent"),
    ):
        start = between(rng, "2015-01", "2018-06")
        pid = b.person(
            "nhse",
            scale="national",
            place="place:united-kingdom",
            start=start,
            description=f"{role}, Patient Voice Alliance.",
            visibility=vis,
            lawful=law,
            open=vis != "restricted",
        )
        pva_people.append(pid)
        b.works(pid, pva, role, start)
        b.likes(pid, *likes, since=start)
    b.member(pva_people[2], "community:people-with-lived-experience", b.start_of(pva_people[2]))
    b.mesh(pva_people, 0.9, "2015-01")
    b.knows(olivia, pva_people[0], "2017-06")
    b.knows(deputy, pva_people[1], "2018-01")
    for role in ("Policy manager", "Head of carer involvement"):
        start = between(rng, "2015-01", "2019-01")
        pid = b.person(
            "nhse",
            scale="national",
            place="place:united-kingdom",
            start=start,
            description=f"{role}, Carers Together UK.",
            lawful="legitimate interests",
            tags=("carers",),
        )
        ctuk_people.append(pid)
        b.works(pid, ctuk, role, start)
        b.likes(pid, "carers", since=start)
    b.knows(ctuk_people[0], ctuk_people[1], "2019-02", weight=3)
    b.knows(dh_people[7], ctuk_people[0], "2015-06", note="National carers policy contacts.")

    # The NHS Citizen Advisory Group (from 2019)
    ag_independent = []
    for desc, likes, vis, tags, open_ in (
        ("Youth forum representative", ["children-and-young-people"], "internal", (), True),
        (
            "Lived experience representative (mental health)",
            ["mental-health"],
            "restricted",
            ("lived",),
            False,
        ),
        ("Autistic self-advocate", ["autism"], "restricted", ("autism",), True),
        ("Bereaved family advocate", ["person-centred-care"], "internal", (), True),
        (
            "Older people's forum representative",
            ["social-care", "digital-inclusion"],
            "internal",
            (),
            True,
        ),
        (
            "Race equality network representative",
            ["equality", "health-inequalities"],
            "internal",
            (),
            True,
        ),
    ):
        start = between(rng, "2019-09", "2020-03")
        pid = b.person(
            "nhse",
            scale="national",
            place="place:england",
            start=start,
            description=f"{desc}; member, NHS Citizen Advisory Group.",
            visibility=vis,
            lawful="consent",
            open=open_,
            tags=tags,
        )
        ag_independent.append(pid)
        b.likes(pid, *likes, since=start)
        if "lived" in tags:
            b.member(pid, "community:people-with-lived-experience", start)
        if "autism" in tags:
            b.member(pid, "community:autistic-people", start)
    b.member(ag_independent[3], "community:bereaved-families", b.start_of(ag_independent[3]))
    b.member(ag_independent[0], "community:young-people", b.start_of(ag_independent[0]))
    b.member(ag_independent[4], "community:older-people", b.start_of(ag_independent[4]))
    ag_members = [
        olivia,
        citizen_pm,
        deputy,
        *ag_independent,
        stroke_people[1],
        pva_people[0],
        pva_people[2],
        ctuk_people[1],
        autism_lead,
    ]
    for pid in ag_members:
        if pid != olivia:
            b.member(
                pid,
                ag,
                max(b.start_of(pid), "2019-09"),
                role="programme manager" if pid == citizen_pm else "member",
            )
    b.mesh(ag_members, 0.35, "2019-09")
    b.knows(autism_lead, ag_independent[2], "2019-10", weight=3)

    # The Better Way and the Connecting the Connectors group (from 2023)
    bw_specs = [
        (cgf, "Programme director", ["community-development", "social-justice"]),
        (cgf, "Better Way network coordinator", ["community-development"]),
        (hfh, "Policy lead", ["housing"]),
        (irc, "Senior fellow", ["person-centred-care", "social-justice", "inclusion-and-dignity"]),
        (irc, "Researcher", ["evaluation", "person-centred-care"]),
        (irc, "Director", ["integrated-care", "person-centred-care"]),
        (cgf, "Grants manager", ["community-development", "equality"]),
        (hfh, "Chief executive", ["housing", "social-justice"]),
        (cgf, "Learning and evaluation lead", ["evaluation", "community-development"]),
    ]
    bw_people = []
    for o, role, likes in bw_specs:
        start = between(rng, "2018-01", "2021-06")
        pid = b.person(
            "connectors",
            scale="national",
            place="place:united-kingdom",
            start=start,
            description=f"{role}, {D.nodes[o]['name']}.",
            lawful="legitimate interests",
            tags=("housing",) if "housing" in likes else (),
        )
        bw_people.append(pid)
        b.works(pid, o, role, start)
        b.likes(pid, *likes, since=start)
    bw_coord = bw_people[1]
    inv_edge(bw_coord, "CONVENES", bw, role="coordinator", since="2019-06")
    bw_members = [*bw_people, nick]
    for pid in bw_members:
        if pid != nick:
            b.member(pid, bw, max(b.start_of(pid), "2019-06"))
    b.knows(nick, bw_coord, "2021-06", weight=3)
    b.knows(olivia, bw_coord, "2020-02")
    for pid in bw_people:
        b.knows(nick, pid, between(rng, max(b.start_of(pid), "2021-06"), "2022-12"))
    b.mesh(bw_people, 0.7, "2019-06", span=48)

    # The group Olivia brought together in 2023: the bridges appear here
    ctc_members = [
        nick,
        jane,
        casey,
        cwc_people[1],
        cdt_people[0],
        pva_people[0],
        bw_people[3],
        social_rx,
        dvsa_ceo,
        reg_sw,
        bw_coord,
    ]
    for pid in ctc_members:
        if pid != nick:
            b.member(pid, ctc, between(rng, "2023-04", "2023-09"))
    for pid in [olivia, *ctc_members]:
        if pid != nick:
            b.member(pid, "community:network-convenors", "2023-10")
        b.likes(pid, "community-development", since="2023-10")
    for pid in ctc_members:
        b.knows(olivia, pid, between(rng, "2023-04", "2023-08"))
    b.mesh(ctc_members, 0.5, "2023-06", "2025-06")
    b.knows(jane, olivia, "2023-05", weight=2)
    b.knows(casey, nick, "2023-10")
    b.knows(nick, cwc_people[1], "2023-10", weight=3)
    b.knows(nick, cdt_people[0], "2024-01")
    b.knows(nick, social_rx, "2023-07")
    b.knows(nick, dvsa_ceo, "2023-07")

    # 2025: a learning exchange for local convenors, convened from the group
    exchange = inv_node(
        "forum:local-convenors-learning-exchange",
        "Forum",
        "Local Convenors Learning Exchange",
        scale="national",
        place="place:england",
        description="Peer learning for convenors of "
        "local networks, set up by the connectors group in 2025 (invented).",
    )
    inv_edge(exchange, "LOCATED_IN", "place:england")
    inv_edge(exchange, "PART_OF", ctc, since="2025-03")
    inv_edge(exchange, "INTERESTED_IN", "interest:community-development", since="2025-03")
    inv_edge(nick, "CONVENES", exchange, role="co-convenor", since="2025-03")
    inv_edge(olivia, "CONVENES", exchange, role="co-convenor", since="2025-03")
    for pid in (
        nick,
        olivia,
        cwc_people[1],
        cdt_people[0],
        social_rx,
        dvsa_ceo,
        champ_lead,
        peer1,
        council_eng,
        involvement,
    ):
        when = between(rng, "2025-03", "2025-09")
        b.member(pid, exchange, when)
        b.knows(nick, pid, when, note="Met through the Local Convenors Learning Exchange.")
    for pid in (cwc_people[0], dvsa_dev, cdt_people[2]):
        b.knows(
            nick,
            pid,
            between(rng, "2024-01", "2024-12"),
            note="A community development contact of Nick's.",
        )

    # New members of the national forums since 2024: local voices join
    for pid, since in ((champ_lead, "2024-03"), (social_rx, "2025-01")):
        b.member(pid, ep, since)
    b.member(peer_members[3], ag, "2025-02")
    b.likes(jane, "person-centred-care", since="2023-10")
    b.likes(casey, "person-centred-care", since="2023-10")

    # 2024-2026: introductions made through the group, recorded on the tie
    b.knows(reg_eoe, reg_sw, "2017-03")
    made = [
        (jane, casey, olivia),
        (cwc_people[1], cdt_people[0], nick),
        (pva_people[0], casey, olivia),
        (social_rx, cdt_people[0], olivia),
        (dvsa_ceo, cwc_people[1], olivia),
        (peer1, involvement, reg_eoe),
        (ppi, champ_lead, reg_lon),
        (head_eng, council_eng, reg_sw),
        (bw_coord, casey, nick),
        (liaison_lead, pex, jane),
        (stroke_people[0], pex, jane),
        (nursing, dh_people[2], jane),
        (head_eng, ep_lead, casey),
        (cdt_people[0], pva_people[0], olivia),
        (involvement, reg_sw, reg_eoe),
        (social_rx, cwc_people[1], nick),
        (dvsa_ceo, cdt_people[0], nick),
        (bw_people[0], social_rx, nick),
        (bw_people[3], casey, nick),
        (jane, reg_sw, olivia),
        (jane, ep_lead, olivia),
        (pva_people[0], jane, olivia),
        (champ_lead, involvement, None),
        (council_eng, cwc_people[1], None),
        (mh_comm, liaison_lead, None),
        (eng1, reg_sw, casey),
    ]
    for a, c, via in made:
        if via is None:  # met at the learning exchange: a tie made there, no introducer
            b.knows(
                a,
                c,
                between(rng, "2025-04", "2026-09"),
                note="Met at the Local Convenors Learning Exchange.",
            )
            continue
        assert D.has_tie(a, via) and D.has_tie(c, via), (a, c, via)
        # The introduction is the tie's origin: one the random meshes made already is
        # replaced, and the introduction comes after the introducer knew both.
        D.edges.pop(D.tie_key(a, c), None)
        known = max(D.edges[D.tie_key(a, via)]["since"], D.edges[D.tie_key(c, via)]["since"])
        b.knows(
            a,
            c,
            between(rng, months(max(known[:7], "2023-12"), 1), "2026-09"),
            by=via,
            note="Introduced through the connectors' network.",
        )

    # A connecting placement often leaves a contact at the host organisation
    staff: dict[str, list[str]] = defaultdict(list)
    for s, t, o in D.edges:
        if (
            t in ("WORKS_FOR", "MEMBER_OF")
            and s in b.people
            and D.nodes[o]["kind"] == "Organisation"
        ):
            staff[o].append(s)
    for pid, host, when in placements:
        hosts = [h for h in staff[host] if b.start_of(h) <= when]
        if hosts and rng.random() < 0.6:
            b.knows(pid, rng.choice(hosts), when, note="Met on a connecting placement.")

    # Nobody invented is left without an acquaintance: a tie to someone in their own group
    for pid, p in b.people.items():
        if not any(pid in (s, o) for s, t, o in D.edges if t == "KNOWS"):
            other = rng.choice([q for q in b.groups[p.group] if q != pid])
            b.knows(pid, other, months(max(p.start, b.start_of(other)), rng.randint(1, 18)))

    # Communities of place for the local people who live where they work
    for pid in ccg_people[:3] + dorset_people[1:3]:
        b.member(pid, "community:dorset-residents", b.start_of(pid))
    return b


# --------------------------------------------------------------------------------------------
# Checks on the design: what the analyses should find must be true of the data.


def check(b: Builder) -> None:
    people = {i for i, n in D.nodes.items() if n["kind"] == "Person"}
    # The designed gaps: local and national actors on these themes share no tie and no context.
    contexts: dict[str, set[str]] = defaultdict(set)
    for (s, t, o), _row in D.edges.items():
        if t in ("WORKS_FOR", "MEMBER_OF", "CONVENES") and s in people:
            contexts[s].add(o)
    for tag in ("housing", "autism", "carers"):
        tagged = [p for p in b.people.values() if tag in p.tags]
        local = [p.id for p in tagged if p.scale == "local"]
        national = [p.id for p in tagged if p.scale == "national"]
        assert local and national, tag
        for a in local:
            for c in national:
                assert not D.has_tie(a, c), (tag, a, c)
                assert not (contexts[a] & contexts[c]), (tag, a, c, contexts[a] & contexts[c])
    for key, row in D.edges.items():
        if row.get("introduced_by"):
            a, _, c = key
            via = row["introduced_by"]
            assert D.has_tie(a, via) and D.has_tie(c, via), key


def main() -> None:
    seed_core()
    reference()
    b = illustrative()
    check(b)
    D.write()
    kinds: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    for n in D.nodes.values():
        kinds[n["kind"]] += 1
    for _s, t, _o in D.edges:
        types[t] += 1
    print(f"{len(D.nodes)} nodes: {dict(sorted(kinds.items()))}")
    print(f"{len(D.edges)} relationships: {dict(sorted(types.items()))}")
    print(f"illustrative people: {len(b.people)}; consent expired: {b.consent_expired}")


if __name__ == "__main__":
    main()
