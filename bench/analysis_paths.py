"""Benchmark: who connects to whom and which introductions to make, on a big people network.

Generates a seeded network shaped like the store's graph (a ``MultiDiGraph`` keyed by
relationship type): people in communities of practice who mostly know people in their own
community, working for small organisations, in forums (a few of them with thousands of
members), interested in themes, located in places that are part of regions of one nation.
Then, in one process, it times:

- the projections (:func:`full_graph`, :func:`people_graph`) and the igraph conversion;
- :func:`k_shortest_paths` (5 paths, at most 4 hops) between 50 random pairs of people,
  beside plain networkx's ``shortest_simple_paths`` (Yen's algorithm, first 5 paths) and
  igraph's ``get_k_shortest_paths`` on the same pairs;
- :func:`suggest_introductions` (10 suggestions) for 50 random people, beside plain networkx:
  ``adamic_adar_index`` over the same person's two-step candidates, then the top 10;
- peak RSS of the process.

Figures are reported, not asserted. The issue's targets (100,000 people, 1,000,000 ties, a
2-core machine): paths under 100 ms, introductions under 200 ms, peak memory under 4 GiB.

Run as ``python -m bench.analysis_paths [--quick]`` (or through ``python -m bench`` once it
is hooked in).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from graph.analysis.engine import to_igraph
from graph.analysis.introductions import introduction_worklist, suggest_introductions
from graph.analysis.paths import k_shortest_paths
from graph.analysis.projections import full_graph, people_graph
from graph.vocabulary import NodeKind, RelType, Scale

ISSUE_PEOPLE = 100_000
ISSUE_TIES = 1_000_000
QUICK_PEOPLE = 10_000
QUICK_TIES = 100_000
SAMPLES = 50
IGRAPH_SAMPLES = 10
WORKLIST_SAMPLE = 1_000
TARGET_PATHS_MS = 100.0
TARGET_INTRODUCTIONS_MS = 200.0
TARGET_PEAK_BYTES = 4 * 1024**3

COMMUNITY_SIZE = 500
"""People per community of practice; most of a person's contacts are in theirs."""
WITHIN_COMMUNITY = 0.8
PEOPLE_PER_ORGANISATION = 12
FORUM_SHARE = 0.5
"""Forum memberships per person, on average, in forums of about 10."""
BIG_FORUMS = 3
BIG_FORUM_SIZE = 5_000
INTERESTS = 60
PLACES = 40
REGIONS = 8


# -- the network -------------------------------------------------------------------------------


def _add(G: nx.MultiDiGraph, s: str, t: RelType, d: str) -> None:
    G.add_edge(s, d, key=t, type=t)


def generate(people: int, ties: int, seed: int) -> nx.MultiDiGraph:
    """A store-shaped network of ``people`` people and ``ties`` ``KNOWS`` relationships."""
    if ties > people * (people - 1) // 4:
        raise ValueError("too many ties for that many people")
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    ids = [f"p{i:06d}" for i in range(people)]
    communities = max(1, people // COMMUNITY_SIZE)
    community_of = [i % communities for i in range(people)]
    by_community: list[list[int]] = [[] for _ in range(communities)]
    for i, c in enumerate(community_of):
        by_community[c].append(i)

    G.add_node("england", kind=NodeKind.PLACE, name="England", scale=Scale.NATIONAL)
    for r in range(REGIONS):
        G.add_node(f"region{r}", kind=NodeKind.PLACE, name=f"Region {r}", scale=Scale.REGIONAL)
        _add(G, f"region{r}", RelType.PART_OF, "england")
    for p in range(PLACES):
        G.add_node(f"place{p}", kind=NodeKind.PLACE, name=f"Place {p}", scale=Scale.LOCAL)
        _add(G, f"place{p}", RelType.PART_OF, f"region{p % REGIONS}")
    for c in range(communities):
        G.add_node(f"community{c}", kind=NodeKind.COMMUNITY, name=f"Community {c}")
    for t in range(INTERESTS):
        G.add_node(f"interest{t}", kind=NodeKind.INTEREST, name=f"Interest {t}")

    for i, node in enumerate(ids):
        attrs: dict[str, Any] = {"kind": NodeKind.PERSON, "name": f"Person {i}"}
        if rng.random() < 0.1:
            attrs["scale"] = Scale.NATIONAL
        else:
            attrs["place"] = f"place{rng.randrange(PLACES)}"
        if rng.random() < 0.02:
            attrs["open_to_introductions"] = False
        G.add_node(node, **attrs)
        _add(G, node, RelType.MEMBER_OF, f"community{community_of[i]}")
        for t in rng.sample(range(INTERESTS), rng.randrange(3)):
            _add(G, node, RelType.INTERESTED_IN, f"interest{t}")

    # Knowing: mostly within the community, some across.
    seen: set[int] = set()
    while len(seen) < ties:
        a = rng.randrange(people)
        if rng.random() < WITHIN_COMMUNITY:
            b = rng.choice(by_community[community_of[a]])
        else:
            b = rng.randrange(people)
        if a == b:
            continue
        lo, hi = (a, b) if a < b else (b, a)
        code = lo * people + hi
        if code in seen:
            continue
        seen.add(code)
        _add(G, ids[lo], RelType.KNOWS, ids[hi])
    del seen

    # Organisations: small teams, drawn from one community each.
    for o in range(max(1, people // PEOPLE_PER_ORGANISATION)):
        org = f"org{o}"
        G.add_node(org, kind=NodeKind.ORGANISATION, name=f"Organisation {o}",
                   place=f"place{o % PLACES}")
        members = by_community[o % communities]
        for i in rng.sample(members, min(len(members), PEOPLE_PER_ORGANISATION)):
            _add(G, ids[i], RelType.WORKS_FOR, org)
    # Forums of about ten, and a few national networks of thousands.
    forums = max(1, int(people * FORUM_SHARE / 10))
    for f in range(forums):
        forum = f"forum{f}"
        G.add_node(forum, kind=NodeKind.FORUM, name=f"Forum {f}")
        members = by_community[rng.randrange(communities)]
        chosen = rng.sample(members, min(len(members), 10))
        _add(G, ids[chosen[0]], RelType.CONVENES, forum)
        for i in chosen[1:]:
            _add(G, ids[i], RelType.MEMBER_OF, forum)
    for f in range(BIG_FORUMS):
        forum = f"network{f}"
        G.add_node(forum, kind=NodeKind.FORUM, name=f"National network {f}",
                   scale=Scale.NATIONAL)
        for i in rng.sample(range(people), min(people, BIG_FORUM_SIZE)):
            _add(G, ids[i], RelType.MEMBER_OF, forum)
    return G


# -- measuring ---------------------------------------------------------------------------------


CPU_MS: list[float] = []
"""CPU time of each :func:`_ms` call, in order: on a shared machine wall time includes waiting
for a core, CPU time does not."""


def _ms(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args, **kwargs)
    CPU_MS.append((time.process_time() - cpu) * 1000.0)
    return (time.perf_counter() - start) * 1000.0, value


def _cpu_since(mark: int) -> list[float]:
    return CPU_MS[mark:]


def _percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def _peak_rss_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Row:
    what: str
    ours: dict[str, float]
    baseline: dict[str, float] | None = None
    baseline_name: str = ""
    target_ms: float | None = None
    note: str = ""
    cpu: dict[str, float] | None = None


@dataclass
class Report:
    people: int
    knows_ties: int
    seed: int
    store_graph: tuple[int, int] = (0, 0)
    full: tuple[int, int] = (0, 0)
    people_projection: tuple[int, int] = (0, 0)
    capped_contexts: int = 0
    rows: list[Row] = field(default_factory=list)
    peak_rss_bytes: int = 0
    load_average: tuple[float, float] = (0.0, 0.0)
    """The 1-minute load average at the start and at the end (cores: os.cpu_count())."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _nx_paths(G: nx.Graph, a: str, b: str, k: int) -> list[list[str]]:
    return list(islice(nx.shortest_simple_paths(G, a, b), k))


def _nx_introductions(G: nx.Graph, person: str, k: int) -> list[tuple[str, float]]:
    near = nx.single_source_shortest_path_length(G, person, cutoff=2)
    pairs = [(person, z) for z, d in near.items() if d == 2]
    scored = nx.adamic_adar_index(G, pairs)
    return [(v, s) for _u, v, s in sorted(scored, key=lambda t: -t[2])[:k]]


def run(people: int, ties: int, seed: int, *, say: Callable[[str], None]) -> Report:
    report = Report(people=people, knows_ties=ties, seed=seed)
    load_start = os.getloadavg()[0]
    say(f"generating {people:,} people and {ties:,} KNOWS ties (seed {seed})")
    G = generate(people, ties, seed)
    report.store_graph = (G.number_of_nodes(), G.number_of_edges())
    gc.collect()

    say("projecting: full")
    ms, H = _ms(full_graph, G)
    report.full = (H.number_of_nodes(), H.number_of_edges())
    report.rows.append(Row("full projection", {"once": ms}, cpu={"once": CPU_MS[-1]}))
    say("projecting: people")
    ms, P = _ms(people_graph, G)
    report.people_projection = (P.number_of_nodes(), P.number_of_edges())
    report.capped_contexts = len(P.graph["capped_contexts"])
    report.rows.append(
        Row("people projection", {"once": ms}, cpu={"once": CPU_MS[-1]},
            note=f"{report.capped_contexts} contexts over the cap tie no pairs")
    )
    ms, _view = _ms(to_igraph, P)
    report.rows.append(Row("igraph conversion (people)", {"once": ms}, cpu={"once": CPU_MS[-1]}))

    rng = random.Random(seed + 1)
    persons = [n for n, kind in P.nodes(data="kind") if kind is NodeKind.PERSON]
    pairs = [tuple(rng.sample(persons, 2)) for _ in range(SAMPLES)]
    askers = rng.sample(persons, SAMPLES)

    for label, graph in (("people", P), ("full", H)):
        say(f"k shortest paths on the {label} projection, {SAMPLES} pairs")
        ours, found, mark = [], 0, len(CPU_MS)
        for a, b in pairs:
            ms, result = _ms(k_shortest_paths, graph, a, b, k=5, max_hops=4)
            ours.append(ms)
            found += len(result.items)
        cpu = _percentiles(_cpu_since(mark))
        baseline: list[float] = []
        for a, b in pairs:
            ms, _ = _ms(_nx_paths, graph, a, b, 5)
            baseline.append(ms)
        report.rows.append(
            Row(f"5 shortest paths ({label})", _percentiles(ours), _percentiles(baseline),
                "nx.shortest_simple_paths, first 5", TARGET_PATHS_MS,
                note=f"{found / SAMPLES:.1f} paths found per pair within 4 hops", cpu=cpu)
        )
    if pairs:
        view = to_igraph(P)
        ig_times = []
        for a, b in pairs[:IGRAPH_SAMPLES]:
            ms, _ = _ms(view.graph.get_k_shortest_paths, view.index[a], view.index[b], k=5)
            ig_times.append(ms)
        report.rows.append(
            Row("5 shortest paths (igraph, people)", _percentiles(ig_times),
                note=f"igraph get_k_shortest_paths, no hop limit, {IGRAPH_SAMPLES} pairs, "
                "for reference")
        )

    for label, graph in (("people", P), ("full", H)):
        say(f"introductions on the {label} projection, {SAMPLES} people")
        ours, mark = [], len(CPU_MS)
        for person in askers:
            ms, _ = _ms(suggest_introductions, graph, person, k=10)
            ours.append(ms)
        cpu = _percentiles(_cpu_since(mark))
        baseline = []
        for person in askers:
            ms, _ = _ms(_nx_introductions, graph, person, 10)
            baseline.append(ms)
        report.rows.append(
            Row(f"introductions, 10 ({label})", _percentiles(ours), _percentiles(baseline),
                "nx.adamic_adar_index over the 2-step candidates", TARGET_INTRODUCTIONS_MS,
                cpu=cpu)
        )
    say(f"introduction worklist on the people projection, {WORKLIST_SAMPLE:,} people")
    sample = rng.sample(persons, min(WORKLIST_SAMPLE, len(persons)))
    ms, _ = _ms(introduction_worklist, P, people=sample, per_person=3, limit=50)
    per_person = ms / len(sample)
    everyone_s = per_person * len(persons) / 1000
    report.rows.append(
        Row(f"worklist, {len(sample):,} people (people)", {"once": ms}, cpu={"once": CPU_MS[-1]},
            note=f"{per_person:.1f} ms a person (a mutual contact required); all "
            f"{len(persons):,} people would take about {everyone_s:.0f} s")
    )
    report.peak_rss_bytes = _peak_rss_bytes()
    report.load_average = (load_start, os.getloadavg()[0])
    return report


def render(report: Report, out: Any) -> None:
    from rich.table import Table

    title = (
        f"Paths and introductions: {report.people:,} people, {report.knows_ties:,} KNOWS ties "
        f"(seed {report.seed})"
    )
    table = Table(title=title)
    for heading in ("measure", "ours p50", "ours p95", "ours CPU p50/p95", "networkx p50",
                    "networkx p95", "speedup", "target (p95)"):
        table.add_column(heading, justify="left" if heading == "measure" else "right")
    notes: list[str] = []
    for row in report.rows:
        once = "once" in row.ours
        p50 = row.ours["once"] if once else row.ours["p50"]
        p95 = "" if once else f"{row.ours['p95']:.1f} ms"
        base50 = f"{row.baseline['p50']:.1f} ms" if row.baseline else ""
        base95 = f"{row.baseline['p95']:.1f} ms" if row.baseline else ""
        speedup = f"{row.baseline['p50'] / p50:.1f}x" if row.baseline and p50 > 0 else ""
        target = ""
        if row.target_ms is not None:
            verdict = "PASS" if row.ours["p95"] < row.target_ms else "MISS"
            target = f"<{row.target_ms:.0f} ms {verdict}"
        cpu = ""
        if row.cpu is not None:
            cpu = (f"{row.cpu['once']:.1f} ms" if once
                   else f"{row.cpu['p50']:.1f} / {row.cpu['p95']:.1f} ms")
        table.add_row(row.what, f"{p50:.1f} ms", p95, cpu, base50, base95, speedup, target)
        detail = "; ".join(x for x in (row.note, row.baseline_name and
                                       f"networkx: {row.baseline_name}") if x)
        if detail:
            notes.append(f"{row.what}: {detail}")
    peak = report.peak_rss_bytes / 1024**3
    verdict = "PASS" if report.peak_rss_bytes < TARGET_PEAK_BYTES else "MISS"
    table.add_row(
        "peak RSS (whole run)", f"{peak:.2f} GiB", "", "", "", "", "", f"<4 GiB {verdict}"
    )
    out.print(table)
    out.print(
        f"store-shaped graph: {report.store_graph[0]:,} nodes, {report.store_graph[1]:,} "
        f"relationships; full projection: {report.full[0]:,} nodes, {report.full[1]:,} ties; "
        f"people projection: {report.people_projection[0]:,} people, "
        f"{report.people_projection[1]:,} ties ({report.capped_contexts} contexts over the "
        f"cap tie no pairs)"
    )
    for note in notes:
        out.print(f"- {note}")
    start, end = report.load_average
    out.print(
        f"- machine: {os.cpu_count()} cores, 1-minute load average {start:.1f} at the start and "
        f"{end:.1f} at the end; wall times include waiting for a core, CPU times do not"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.analysis_paths",
        description="Benchmark k shortest paths and introductions against plain networkx.",
    )
    parser.add_argument("--people", type=int, default=None, metavar="N")
    parser.add_argument("--ties", type=int, default=None, metavar="M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--quick", action="store_true",
        help=f"{QUICK_PEOPLE:,} people and {QUICK_TIES:,} ties instead of "
        f"{ISSUE_PEOPLE:,} and {ISSUE_TIES:,}",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.people is None:
        args.people = QUICK_PEOPLE if args.quick else ISSUE_PEOPLE
    if args.ties is None:
        args.ties = QUICK_TIES if args.quick else ISSUE_TIES
    if args.people < 2 or args.ties < 1:
        parser.error("--people must be at least 2 and --ties at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console

    args = parse_args(argv)
    err = Console(stderr=True)

    def say(message: str) -> None:
        err.log(message, highlight=False, markup=False)

    try:
        report = run(args.people, args.ties, args.seed, say=say)
    except ValueError as exc:
        err.print(f"bench: {exc}", markup=False, highlight=False)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        render(report, Console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
