"""The embedded-store benchmark: load a seeded synthetic network into a fresh SQLiteStore and
time the operations the issue sets targets for.

Figures are reported, never asserted. The targets are the issue's, set for 100,000 nodes and
1,000,000 relationships on a 2-core machine; at other sizes PASS/MISS is only indicative.

What is measured, and how:

- upserts: wall time of ``upsert_nodes`` and then ``upsert_relationships`` on the pre-built
  lists (building the objects is timed separately and not counted), in batches of the
  store's default size unless told otherwise;
- the networkx read: wall time of ``to_networkx()`` and the growth of peak RSS across it, both
  in a fresh child process so neither the generator's objects nor tracemalloc's overhead
  distort them. Peak RSS is the child's ``VmHWM`` (reset just before the read): on Linux a
  child's ``ru_maxrss`` starts at its parent's peak, which would hide the read's growth, so
  ``ru_maxrss`` is only the fallback where there is no ``/proc`` (see :func:`read_child`);
- 1-hop lookups: ``neighbours([id])`` (and ``neighbour_nodes([id])``, the nodes alone) for
  1,000 node ids drawn uniformly from all nodes, one call each, in the process that wrote the
  store (warm page cache);
- text search: ``find_nodes(NodeQuery(text=...))`` for a mix of common, selective and missing
  substrings (see :func:`text_queries`).
"""

from __future__ import annotations

import gc
import json
import math
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import Node, Relationship, RelKey, Source
from graph.store.base import DEFAULT_BATCH_SIZE, NodeQuery
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import SYMMETRIC, NodeKind, RelType, Scale, SourceKind, allowed

if TYPE_CHECKING:
    from rich.console import Console

# -- the issue's targets -----------------------------------------------------------------------

ISSUE_NODES = 100_000
ISSUE_RELS = 1_000_000
TARGET_UPSERT_S = 60.0
TARGET_READ_S = 15.0
TARGET_READ_PEAK_BYTES = 2 * 1024**3
TARGET_NEIGHBOURS_MS = 5.0

NEIGHBOUR_LOOKUPS = 1_000
TEXT_QUERIES_PER_SORT = 100
"""Text queries of each sort (common, selective, missing)."""

ORIGIN = "bench.csv"
LOADED_AT = datetime(2024, 1, 1, tzinfo=UTC)
"""Fixed so the same seed gives byte-for-byte the same network."""

Say = Callable[[str], None]

# -- the synthetic network ---------------------------------------------------------------------

NODE_MIX: dict[NodeKind, float] = {
    NodeKind.PERSON: 0.82,
    NodeKind.ORGANISATION: 0.07,
    NodeKind.FORUM: 0.04,
    NodeKind.COMMUNITY: 0.03,
    NodeKind.INTEREST: 0.02,
    NodeKind.PLACE: 0.02,
}
"""Share of nodes of each kind: mostly people."""

REL_MIX: dict[RelType, float] = {
    RelType.KNOWS: 0.40,
    RelType.MEMBER_OF: 0.14,
    RelType.INTERESTED_IN: 0.14,
    RelType.WORKS_FOR: 0.10,
    RelType.LOCATED_IN: 0.08,
    RelType.SERVES: 0.04,
    RelType.CONVENES: 0.03,
    RelType.PART_OF: 0.03,
    RelType.PARTNERS_WITH: 0.02,
    RelType.PLACED_AT: 0.02,
}
"""Share of relationships of each type."""

MIN_PER_KIND = 2
MAX_ATTEMPTS = 1_000
"""Tries to find an unused (source, type, target) before the network is declared too dense."""

_ID_PREFIX = {
    NodeKind.PERSON: "person",
    NodeKind.ORGANISATION: "org",
    NodeKind.FORUM: "forum",
    NodeKind.COMMUNITY: "community",
    NodeKind.INTEREST: "interest",
    NodeKind.PLACE: "place",
}

# Word lists for names, kept compact. fmt: off
# fmt: off
FIRST_NAMES = (
    "Ada", "Aisha", "Alan", "Alice", "Amara", "Amir", "Anna", "Ben", "Bethan", "Carlos", "Chen",
    "Chloe", "Dami", "Daniel", "Deepa", "Dylan", "Eilidh", "Ella", "Emeka", "Emma", "Fatima",
    "Femi", "Fiona", "Gareth", "George", "Grace", "Hana", "Harry", "Imran", "Isla", "Jack",
    "James", "Jasmine", "Joe", "Kai", "Kemi", "Kieran", "Laura", "Leah", "Liam", "Lucy", "Maya",
    "Mei", "Mohammed", "Nadia", "Niamh", "Noah", "Olu", "Omar", "Owen", "Priya", "Rachel", "Rhys",
    "Rosa", "Ruth", "Sam", "Sara", "Sean", "Sian", "Sofia", "Tom", "Una", "Vikram", "Wei", "Yusuf",
    "Zara", "Zoe",
)
LAST_NAMES = (
    "Adeyemi", "Ahmed", "Ali", "Allen", "Bailey", "Begum", "Bell", "Bennett", "Brown", "Campbell",
    "Chan", "Clarke", "Collins", "Cooper", "Davies", "Edwards", "Evans", "Fraser", "Green",
    "Griffiths", "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James", "Jenkins", "Johnson",
    "Jones", "Kaur", "Kelly", "Khan", "King", "Lewis", "Lloyd", "Macdonald", "Martin", "Mensah",
    "Miah", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nguyen", "Obi", "Okafor",
    "Owen", "Patel", "Phillips", "Price", "Rahman", "Reid", "Roberts", "Robertson", "Robinson",
    "Rose", "Scott", "Shah", "Singh", "Smith", "Stewart", "Taylor", "Thomas", "Thompson", "Turner",
    "Walker", "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Young",
)
TOWN_HEADS = (
    "Ash", "Bar", "Black", "Bram", "Brent", "Brook", "Cald", "Car", "Chester", "Clay", "Dun",
    "Elm", "Fair", "Glen", "Green", "Hart", "High", "Kings", "Lang", "Long", "Mill", "New",
    "North", "Oak", "Red", "Rose", "Salt", "South", "Stan", "Stone", "Thorn", "Wal", "West",
    "White", "Wood",
)
TOWN_TAILS = (
    "bury", "bridge", "by", "cliffe", "combe", "dale", "field", "ford", "ham", "ley", "mouth",
    "stead", "ton", "wick", "worth",
)
TOPICS = (
    "mental health", "coproduction", "housing", "engagement", "carers", "dementia", "loneliness",
    "youth work", "social prescribing", "addiction recovery", "maternity", "learning disability",
    "autism", "homelessness", "end of life care", "physical activity", "food poverty",
    "digital inclusion", "refugee support", "domestic abuse", "peer support", "advocacy",
    "employment support", "long covid", "diabetes", "community safety", "arts and health",
    "green spaces", "volunteering", "health inequalities",
)
ORG_WORDS = (
    "NHS Trust", "Council", "Primary Care Network", "Hospice", "Housing Association",
    "Citizens Advice", "CVS", "Healthwatch", "Mind", "Food Bank", "Leisure Trust", "GP Practice",
    "Integrated Care Board", "College",
)
FORUM_WORDS = (
    "Network", "Forum", "Partnership Board", "Advisory Group", "Workshop Series", "Programme",
)
COMMUNITY_WORDS = (
    "residents", "families", "carers", "young people", "older people", "veterans", "newcomers",
)
JOB_TITLES = (
    "Nurse", "GP", "Social Worker", "Community Connector", "Link Worker", "Manager",
    "Chief Executive", "Volunteer Coordinator", "Peer Supporter", "Commissioner", "Researcher",
    "Outreach Worker", "Trustee",
)
MEMBER_ROLES = ("member", "chair", "co-chair", "secretary", "lived-experience member")
# fmt: on


@dataclass(slots=True)
class Network:
    """A generated network and what the read benchmarks draw their inputs from."""

    nodes: list[Node]
    relationships: list[Relationship]
    ids: list[str]
    names: list[str]


def kind_counts(total: int) -> dict[NodeKind, int]:
    """How many nodes of each kind: :data:`NODE_MIX` shares, at least two of each kind."""
    if total < MIN_PER_KIND * len(NODE_MIX):
        raise ValueError(f"need at least {MIN_PER_KIND * len(NODE_MIX)} nodes, got {total}")
    counts = {k: max(MIN_PER_KIND, round(total * share)) for k, share in NODE_MIX.items()}
    counts[NodeKind.PERSON] += total - sum(counts.values())
    return counts


def _town(rng: random.Random) -> str:
    return rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS)


def _source(row: int) -> Source:
    return Source(kind=SourceKind.ROW, origin=ORIGIN, locator=str(row), loaded_at=LOADED_AT)


def _node(
    rng: random.Random, kind: NodeKind, node_id: str, places: Sequence[str], row: int
) -> Node:
    """One node of ``kind`` with plausible fields, asserted by ``row``."""
    place = rng.choice(places) if rng.random() < 0.6 else None
    scale = rng.choice(list(Scale)) if kind is not NodeKind.PERSON else None
    aliases: tuple[str, ...] = ()
    description = url = None
    if kind is NodeKind.PERSON:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if rng.random() < 0.1:
            aliases = (f"{first[0]}. {last}",)
    elif kind is NodeKind.ORGANISATION:
        name = f"{_town(rng)} {rng.choice(ORG_WORDS)}"
        url = f"https://example.org/{node_id}" if rng.random() < 0.5 else None
        description = "A provider of health and social care services." if url else None
    elif kind is NodeKind.FORUM:
        name = f"{_town(rng)} {rng.choice(TOPICS).title()} {rng.choice(FORUM_WORDS)}"
    elif kind is NodeKind.COMMUNITY:
        name = f"{_town(rng)} {rng.choice(COMMUNITY_WORDS)}"
    elif kind is NodeKind.INTEREST:
        name = rng.choice(TOPICS).capitalize()
        if rng.random() < 0.8:
            name += f" ({rng.choice(COMMUNITY_WORDS)})"
    else:
        name = f"{_town(rng)} {rng.choice(['North', 'South', 'East', 'West', 'Central'])}"
        place = None
    return Node(
        id=node_id,
        kind=kind,
        name=name,
        aliases=aliases,
        scale=scale,
        place=place,
        description=description,
        url=url,
        sources=(_source(row),),
    )


def _endpoint_kinds(
    pools: dict[NodeKind, list[str]],
) -> dict[RelType, tuple[list[tuple[NodeKind, NodeKind]], list[int]]]:
    """For each type, the kind pairs :func:`allowed` accepts, weighted by how many pairs of
    nodes each offers (so a type joins mostly people where it may join people)."""
    out: dict[RelType, tuple[list[tuple[NodeKind, NodeKind]], list[int]]] = {}
    for rel_type in REL_MIX:
        pairs = [
            (s, t)
            for s in NodeKind
            for t in NodeKind
            if allowed(rel_type, s, t) and pools.get(s) and pools.get(t)
        ]
        if not pairs:
            raise ValueError(f"no nodes can be joined by {rel_type.value}")
        weights = [len(pools[s]) * len(pools[t]) for s, t in pairs]
        out[rel_type] = (pairs, list(accumulate(weights)))
    return out


def _skewed(rng: random.Random, size: int) -> int:
    """An index in ``range(size)`` favouring low ones, so some nodes become hubs."""
    return min(size - 1, int(size * rng.random() ** 2))


def _relationship(
    rng: random.Random, source: str, rel_type: RelType, target: str, row: int
) -> Relationship:
    """One relationship with plausible fields, asserted by ``row``."""
    role = since = weight = None
    if rel_type is RelType.WORKS_FOR:
        role = rng.choice(JOB_TITLES)
    elif rel_type is RelType.MEMBER_OF and rng.random() < 0.3:
        role = rng.choice(MEMBER_ROLES)
    if rel_type in (RelType.WORKS_FOR, RelType.MEMBER_OF, RelType.PLACED_AT) or rng.random() < 0.2:
        since = date(rng.randint(1995, 2024), rng.randint(1, 12), 1)
    if rel_type is RelType.KNOWS and rng.random() < 0.3:
        weight = round(rng.random(), 2)
    return Relationship(
        source=source,
        type=rel_type,
        target=target,
        role=role,
        since=since,
        weight=weight,
        sources=(_source(row),),
    )


def generate_network(node_count: int, rel_count: int, seed: int) -> Network:
    """A seeded network: :data:`NODE_MIX` kinds, :data:`REL_MIX` types, every relationship
    allowed by the vocabulary, distinct by canonical key, never a self-loop. Rows are numbered
    as one file, ``bench.csv``: nodes first, then relationships, each carrying its row."""
    rng = random.Random(seed)
    pools: dict[NodeKind, list[str]] = {}
    for kind, count in kind_counts(node_count).items():
        width = len(str(count))
        pools[kind] = [f"{_ID_PREFIX[kind]}-{i:0{width}d}" for i in range(1, count + 1)]
    places = pools[NodeKind.PLACE]
    slots = [(kind, node_id) for kind, ids in pools.items() for node_id in ids]
    rng.shuffle(slots)
    nodes = [
        _node(rng, kind, node_id, places, row) for row, (kind, node_id) in enumerate(slots, start=1)
    ]

    kinds_for = _endpoint_kinds(pools)
    types = rng.choices(list(REL_MIX), weights=list(REL_MIX.values()), k=rel_count)
    seen: set[RelKey] = set()
    relationships: list[Relationship] = []
    for row, rel_type in enumerate(types, start=node_count + 1):
        pairs, cumulative = kinds_for[rel_type]
        for _ in range(MAX_ATTEMPTS):
            source_kind, target_kind = rng.choices(pairs, cum_weights=cumulative)[0]
            source_pool, target_pool = pools[source_kind], pools[target_kind]
            source = source_pool[rng.randrange(len(source_pool))]
            target = target_pool[_skewed(rng, len(target_pool))]
            if source == target:
                continue
            key = RelKey.of(source, rel_type, target)
            if key not in seen:
                seen.add(key)
                break
        else:
            raise ValueError(
                f"cannot find {rel_count:,} distinct relationships among {node_count:,} nodes "
                f"(stuck on {rel_type.value}); use fewer relationships or more nodes"
            )
        relationships.append(_relationship(rng, source, rel_type, target, row))
    return Network(
        nodes=nodes,
        relationships=relationships,
        ids=[n.id for n in nodes],
        names=[n.name for n in nodes],
    )


def text_queries(rng: random.Random, names: Sequence[str], per_sort: int) -> list[tuple[str, str]]:
    """``(sort, substring)`` pairs to search for, ``per_sort`` of each sort, shuffled:

    - common: a surname or topic word, matching many nodes (a page fills early);
    - selective: a whole node name, matching few (most of the index is scanned);
    - missing: matching nothing (the whole index is scanned).
    """
    common = [("common", rng.choice([*LAST_NAMES, *TOPICS])) for _ in range(per_sort)]
    selective = [("selective", rng.choice(names)) for _ in range(per_sort)]
    missing = [("missing", "".join(rng.choices("qxzjv", k=8))) for _ in range(per_sort)]
    queries = common + selective + missing
    rng.shuffle(queries)
    return queries


# -- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported measure; ``target`` is an upper bound in the same unit, when there is one."""

    key: str
    label: str
    value: float
    unit: str
    target: float | None = None
    rate: float | None = None
    """Rows per second, for the write figures."""

    @property
    def result(self) -> str | None:
        if self.target is None:
            return None
        return "PASS" if self.value < self.target else "MISS"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "value": self.value, "unit": self.unit}
        if self.rate is not None:
            out["rows_per_s"] = self.rate
        if self.target is not None:
            out["target_below"] = self.target
            out["result"] = self.result
        return out


@dataclass(slots=True)
class Report:
    """The run's settings, its figures in the order measured, and supporting details."""

    config: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)

    def to_dict(self) -> dict[str, Any]:
        judged = [f for f in self.figures if f.result is not None]
        return {
            "config": self.config,
            "figures": {f.key: f.to_dict() for f in self.figures},
            "targets_met": sum(f.result == "PASS" for f in judged),
            "targets": len(judged),
            "details": self.details,
        }


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def max_rss_bytes() -> int:
    """``ru_maxrss``: this process's peak resident set size so far.

    On Linux this includes the peak of the process that started it (the kernel carries it
    across fork and exec), so in a child of a big process it hides the child's own growth.
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024  # Linux reports KiB


def _status_kib(field_name: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` in bytes, or ``None`` off Linux."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) * 1024
    return None


def _reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); False when not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# -- the read in a child process ---------------------------------------------------------------

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def read_child(path: str) -> dict[str, Any]:
    """Open the store at ``path``, read it into networkx, and say how long and how much memory
    that took. Runs in its own process (see :func:`measure_read`).

    Memory is the process's own peak RSS, ``VmHWM`` from ``/proc/self/status``, reset to the
    current RSS just before the read; where there is no ``/proc``, ``ru_maxrss``.
    """
    store = SQLiteStore(path)
    try:
        gc.collect()
        reset = _reset_peak_rss()
        hwm_before, maxrss_before = _status_kib("VmHWM"), max_rss_bytes()
        start = time.perf_counter()
        graph = store.to_networkx()
        seconds = time.perf_counter() - start
        hwm_after, maxrss_after = _status_kib("VmHWM"), max_rss_bytes()
        if hwm_before is not None and hwm_after is not None:
            method = "VmHWM (/proc/self/status) after to_networkx() minus before"
            method += ", peak reset just before" if reset else ""
            before, after = hwm_before, hwm_after
        else:
            method = "ru_maxrss after to_networkx() minus before"
            before, after = maxrss_before, maxrss_after
        return {
            "seconds": seconds,
            "method": f"child process; {method}",
            "peak_rss_before": before,
            "peak_rss_after": after,
            "ru_maxrss_before": maxrss_before,
            "ru_maxrss_after": maxrss_after,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
        }
    finally:
        store.close()


def measure_read(path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bench.store", "--read-child", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=_PROJECT_ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the read child failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- the benchmark -----------------------------------------------------------------------------


def _progress(say: Say, what: str, total: int) -> Callable[[int], None]:
    """A store progress callback that reports about every tenth of ``total``."""
    done = 0
    step = max(1, total // 10)

    def report(rows: int) -> None:
        nonlocal done
        before, done = done, done + rows
        if done // step != before // step or done == total:
            say(f"  {what}: {done:,} / {total:,}")

    return report


def run(
    node_count: int = ISSUE_NODES,
    rel_count: int = ISSUE_RELS,
    seed: int = 42,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workdir: str | None = None,
    say: Say = lambda _: None,
) -> Report:
    """Run every measure and return the figures; ``say`` hears progress."""
    report = Report(
        config={
            "nodes": node_count,
            "relationships": rel_count,
            "seed": seed,
            "batch_size": batch_size,
            "issue_size": node_count == ISSUE_NODES and rel_count == ISSUE_RELS,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        }
    )
    say(f"generating {node_count:,} nodes and {rel_count:,} relationships (seed {seed})")
    start = time.perf_counter()
    network = generate_network(node_count, rel_count, seed)
    report.add(
        Figure(
            "generate_s",
            "Generate network (not counted)",
            time.perf_counter() - start,
            "s",
        )
    )
    report.details["generated"] = {
        "nodes_by_kind": dict(Counter(n.kind.value for n in network.nodes)),
        "relationships_by_type": dict(Counter(r.type.value for r in network.relationships)),
        "symmetric_types": sorted(t.value for t in SYMMETRIC),
    }

    with tempfile.TemporaryDirectory(prefix="convene-bench-", dir=workdir) as tmp:
        path = Path(tmp) / "bench.db"
        report.config["store"] = str(path)
        store = SQLiteStore(path)
        try:
            say("upserting nodes")
            start = time.perf_counter()
            store.upsert_nodes(
                network.nodes,
                batch_size=batch_size,
                progress=_progress(say, "nodes", node_count),
            )
            node_s = time.perf_counter() - start
            say("upserting relationships")
            start = time.perf_counter()
            store.upsert_relationships(
                network.relationships,
                batch_size=batch_size,
                progress=_progress(say, "relationships", rel_count),
            )
            rel_s = time.perf_counter() - start
            total_s = node_s + rel_s
            report.add(
                Figure(
                    "upsert_nodes_s",
                    f"Upsert {node_count:,} nodes",
                    node_s,
                    "s",
                    rate=node_count / node_s,
                )
            )
            report.add(
                Figure(
                    "upsert_relationships_s",
                    f"Upsert {rel_count:,} relationships",
                    rel_s,
                    "s",
                    rate=rel_count / rel_s,
                )
            )
            report.add(
                Figure(
                    "upsert_total_s",
                    "Upsert total",
                    total_s,
                    "s",
                    target=TARGET_UPSERT_S,
                    rate=(node_count + rel_count) / total_s,
                )
            )
            counts = store.counts()
            report.details["stored"] = {
                "nodes": sum(counts.nodes.values()),
                "relationships": sum(counts.relationships.values()),
            }

            rng = random.Random(seed + 1)
            sample = [rng.choice(network.ids) for _ in range(NEIGHBOUR_LOOKUPS)]
            queries = text_queries(rng, network.names, TEXT_QUERIES_PER_SORT)
            del network
            gc.collect()

            say("reading into networkx in a child process")
            read = measure_read(path)
            report.add(
                Figure(
                    "to_networkx_s",
                    "to_networkx() read",
                    read["seconds"],
                    "s",
                    target=TARGET_READ_S,
                )
            )
            growth = read["peak_rss_after"] - read["peak_rss_before"]
            report.add(
                Figure(
                    "to_networkx_peak_bytes",
                    "to_networkx() peak RSS growth",
                    growth,
                    "bytes",
                    target=TARGET_READ_PEAK_BYTES,
                )
            )
            report.details["to_networkx"] = read

            say(f"timing {NEIGHBOUR_LOOKUPS:,} one-hop neighbour lookups")
            times_ms: list[float] = []
            found: list[int] = []
            for node_id in sample:
                start = time.perf_counter()
                neighbours = store.neighbours([node_id])
                times_ms.append((time.perf_counter() - start) * 1000)
                found.append(len(neighbours))
            for pct in (50, 95, 99):
                report.add(
                    Figure(
                        f"neighbours_p{pct}_ms",
                        f"1-hop neighbours([id]) p{pct}",
                        percentile(times_ms, pct),
                        "ms",
                        target=TARGET_NEIGHBOURS_MS,
                    )
                )
            report.details["neighbours"] = {
                "lookups": len(sample),
                "max_ms": max(times_ms),
                "mean_neighbours": sum(found) / len(found),
                "max_neighbours": max(found),
            }

            say(f"timing {NEIGHBOUR_LOOKUPS:,} one-hop lookups of the neighbouring nodes alone")
            nodes_ms: list[float] = []
            for node_id in sample:
                start = time.perf_counter()
                store.neighbour_nodes([node_id])
                nodes_ms.append((time.perf_counter() - start) * 1000)
            for pct in (50, 95):
                report.add(
                    Figure(
                        f"neighbour_nodes_p{pct}_ms",
                        f"1-hop neighbour_nodes([id]) p{pct}",
                        percentile(nodes_ms, pct),
                        "ms",
                        target=TARGET_NEIGHBOURS_MS,
                    )
                )

            say(f"timing {len(queries):,} text searches")
            search_ms: list[float] = []
            by_sort: dict[str, list[float]] = {}
            for sort, text in queries:
                start = time.perf_counter()
                store.find_nodes(NodeQuery(text=text))
                search_ms.append((time.perf_counter() - start) * 1000)
                by_sort.setdefault(sort, []).append(search_ms[-1])
            for pct in (50, 95):
                report.add(
                    Figure(
                        f"find_nodes_p{pct}_ms",
                        f"find_nodes(text=…) p{pct}",
                        percentile(search_ms, pct),
                        "ms",
                    )
                )
            report.details["find_nodes"] = {
                "queries": len(queries),
                "mix": "a third each: common word, whole node name, no match",
                "max_ms": max(search_ms),
                "p50_ms_by_sort": {sort: percentile(ms, 50) for sort, ms in by_sort.items()},
            }
        finally:
            store.close()
        size = sum(
            p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
        )
        report.add(Figure("database_bytes", "Database file size", size, "bytes"))
    return report


# -- output ------------------------------------------------------------------------------------


def format_value(value: float, unit: str) -> str:
    if unit == "bytes":
        if value >= 1024**3:
            return f"{value / 1024**3:.2f} GiB"
        return f"{value / 1024**2:,.1f} MiB"
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:,.2f} {unit}"


def format_target(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 1024**3:g} GiB"
    return f"{value:g} {unit}"


def render(report: Report, console: Console) -> None:
    """Print the figures as a table, each beside its target, then how they were taken."""
    from rich.markup import escape
    from rich.table import Table

    config = report.config
    table = Table(
        title=(
            f"Embedded store (SQLite): {config['nodes']:,} nodes, "
            f"{config['relationships']:,} relationships, seed {config['seed']}"
        ),
        title_justify="left",
    )
    table.add_column("Measure")
    table.add_column("Figure", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Result", justify="center")
    for figure in report.figures:
        shown = format_value(figure.value, figure.unit)
        if figure.rate is not None:
            shown += f"  ({figure.rate:,.0f} rows/s)"
        target = "—" if figure.target is None else f"< {format_target(figure.target, figure.unit)}"
        result = {"PASS": "[green]PASS[/]", "MISS": "[bold red]MISS[/]"}.get(
            figure.result or "", "—"
        )
        table.add_row(escape(figure.label), shown, target, result)
    console.print(table)

    summary = report.to_dict()
    scope = (
        "the issue's size"
        if config["issue_size"]
        else f"NOT the issue's size ({ISSUE_NODES:,} / {ISSUE_RELS:,}): indicative only"
    )
    read = report.details.get("to_networkx", {})
    stored = report.details.get("stored", {})
    neighbours = report.details.get("neighbours", {})
    search = report.details.get("find_nodes", {})
    by_sort = ", ".join(
        f"{sort} {ms:.2f} ms" for sort, ms in sorted(search.get("p50_ms_by_sort", {}).items())
    )
    lines = [
        f"Targets met: {summary['targets_met']} of {summary['targets']} ({scope}).",
        f"Stored {stored.get('nodes', 0):,} nodes and {stored.get('relationships', 0):,} "
        f"relationships; networkx graph {read.get('nodes', 0):,} nodes, "
        f"{read.get('edges', 0):,} edges.",
        f"Read memory: {read.get('method', '?')} "
        f"(peak RSS {format_value(read.get('peak_rss_before', 0), 'bytes')} -> "
        f"{format_value(read.get('peak_rss_after', 0), 'bytes')}).",
        f"Neighbour lookups: {neighbours.get('lookups', 0):,} uniform random ids, "
        f"mean {neighbours.get('mean_neighbours', 0):.1f} neighbours, "
        f"max {neighbours.get('max_neighbours', 0):,}, slowest "
        f"{neighbours.get('max_ms', 0):.2f} ms.",
        f"Text search: {search.get('queries', 0):,} queries, {search.get('mix', '')}; "
        f"p50 by sort: {by_sort}; slowest {search.get('max_ms', 0):.2f} ms.",
        f"SQLite {config['sqlite']}, Python {config['python']}, {config['cpus']} CPUs, "
        f"batch size {config['batch_size']:,}; store in {config.get('store', '?')}.",
    ]
    for line in lines:
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _child_main(argv: Sequence[str]) -> int:
    if len(argv) != 2 or argv[0] != "--read-child":
        print("usage: python -m bench.store --read-child PATH", file=sys.stderr)
        return 2
    print(json.dumps(read_child(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
