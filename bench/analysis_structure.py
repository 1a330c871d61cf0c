"""Benchmark: brokers and communities on a big people network, beside plain networkx.

Generates a seeded people network shaped like the people projection
(:func:`graph.analysis.projections.people_graph`): ``people`` people in communities of
practice of about 500, ``ties`` weighted ties of which 80% fall inside a community, with a
heavy-tailed number of ties per person, and each person's scale (most local, some national).
Beside it, a store-shaped graph holds each person's interests (mostly their community's) and
place, which the community labels are computed from. Then, in one process, it times:

- :func:`graph.analysis.communities.communities` (Louvain, labelled), from a graph never
  converted to igraph before, so the conversion is counted;
- :func:`graph.analysis.brokers.brokers` (top 20, grouped by those communities, betweenness
  sampled with :func:`~graph.analysis.brokers.auto_sample` pivots), likewise from cold;
- the breakdown of brokers: sampled betweenness, constraint and effective size alone;
- peak RSS of the process (``VmHWM``), after the big network and again at the end.

Then, on a smaller network from the same generator (10,000 people, 100,000 ties; 2,000 and
20,000 with ``--quick``), plain networkx beside ours: ``nx.betweenness_centrality`` with 1,024
pivot sources (256 with ``--quick``) against :func:`~graph.analysis.brokers.betweenness` with
the same number, and ``nx.community.louvain_communities`` against
:func:`~graph.analysis.communities.louvain`, with the speedup and the modularity each reached.

Figures are reported, not asserted. The issue's targets (100,000 people, 1,000,000 ties, a
2-core machine): brokers under 60 s, communities under 60 s, peak memory under 4 GiB.

Run as ``python -m bench.analysis_structure [--quick]`` (or through ``python -m bench`` once
it is hooked in).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from graph.analysis.brokers import (
    auto_sample,
    betweenness,
    betweenness_error_bound,
    brokers,
    constraint,
    effective_size,
)
from graph.analysis.communities import communities, louvain, membership, modularity
from graph.analysis.projections import Projection
from graph.vocabulary import NodeKind, RelType, Scale

ISSUE_PEOPLE = 100_000
ISSUE_TIES = 1_000_000
QUICK_PEOPLE = 10_000
QUICK_TIES = 100_000
BASELINE_PEOPLE = 10_000
BASELINE_TIES = 100_000
BASELINE_PIVOTS = 1_024
QUICK_BASELINE_PEOPLE = 2_000
QUICK_BASELINE_TIES = 20_000
QUICK_BASELINE_PIVOTS = 256
TARGET_BROKERS_S = 60.0
TARGET_COMMUNITIES_S = 60.0
TARGET_PEAK_BYTES = 4 * 1024**3

COMMUNITY_SIZE = 500
WITHIN_COMMUNITY = 0.8
NATIONAL_SHARE = 0.1
INTERESTS = 60
PLACES = 40
TOP = 20

Say = Callable[[str], None]


# -- the network -------------------------------------------------------------------------------


def generate(people: int, ties: int, seed: int) -> tuple[nx.Graph, nx.MultiDiGraph]:
    """A people projection of ``people`` people and ``ties`` ties, and the store-shaped graph
    of their interests and places (for the community labels)."""
    if people < 2 or ties > people * (people - 1) // 4:
        raise ValueError("too many ties for that many people")
    rng = random.Random(seed)
    groups = max(1, people // COMMUNITY_SIZE)
    ids = [f"p{i:06d}" for i in range(people)]
    community_of = [rng.randrange(groups) for _ in range(people)]
    members: list[list[int]] = [[] for _ in range(groups)]
    for i, c in enumerate(community_of):
        members[c].append(i)
    # Heavy-tailed activity: a person's chance to start a tie grows with a Pareto weight.
    activity = [rng.paretovariate(2.0) for _ in range(people)]
    cumulative: list[float] = []
    total = 0.0
    for a in activity:
        total += a
        cumulative.append(total)

    # Shaped like people_graph's answer; the ties here come from no shared context.
    P = nx.Graph(projection=Projection.PEOPLE, memberships={}, capped_contexts={})
    raw = nx.MultiDiGraph()
    for t in range(INTERESTS):
        raw.add_node(f"interest{t}", kind=NodeKind.INTEREST, name=f"Interest {t}")
    for p in range(PLACES):
        raw.add_node(f"place{p}", kind=NodeKind.PLACE, name=f"Place {p}", scale=Scale.LOCAL)
    for i, node in enumerate(ids):
        c = community_of[i]
        scale = Scale.NATIONAL if rng.random() < NATIONAL_SHARE else Scale.LOCAL
        attrs = {"kind": NodeKind.PERSON, "name": f"Person {i}", "effective_scale": scale}
        P.add_node(node, **attrs)
        raw.add_node(node, **attrs)
        own = f"interest{c % INTERESTS}"
        raw.add_edge(node, own, key=RelType.INTERESTED_IN, type=RelType.INTERESTED_IN)
        if rng.random() < 0.5:
            other = f"interest{rng.randrange(INTERESTS)}"
            raw.add_edge(node, other, key=RelType.INTERESTED_IN, type=RelType.INTERESTED_IN)
        if scale is Scale.LOCAL:
            place = f"place{c % PLACES}" if rng.random() < 0.7 else f"place{rng.randrange(PLACES)}"
            raw.add_edge(node, place, key=RelType.LOCATED_IN, type=RelType.LOCATED_IN)

    seen: set[int] = set()
    adj = P._adj
    while len(seen) < ties:
        a = bisect.bisect_left(cumulative, rng.random() * total)
        a = min(a, people - 1)
        if rng.random() < WITHIN_COMMUNITY:
            b = rng.choice(members[community_of[a]])
        else:
            b = rng.randrange(people)
        if a == b:
            continue
        lo, hi = (a, b) if a < b else (b, a)
        code = lo * people + hi
        if code in seen:
            continue
        seen.add(code)
        u, v = ids[lo], ids[hi]
        tie = {"weight": float(1 + (rng.random() < 0.2))}
        adj[u][v] = tie
        adj[v][u] = tie
    return P, raw


# -- measuring ---------------------------------------------------------------------------------


def _seconds(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


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
    seconds: float
    baseline_seconds: float | None = None
    baseline_name: str = ""
    target_s: float | None = None
    note: str = ""


@dataclass
class Report:
    people: int
    ties: int
    seed: int
    baseline_people: int
    baseline_ties: int
    pivots: int | None = None
    error_bound: float = 0.0
    communities: int = 0
    modularity: float = 0.0
    rows: list[Row] = field(default_factory=list)
    peak_rss_big_bytes: int = 0
    peak_rss_bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(
    people: int,
    ties: int,
    seed: int,
    *,
    baseline_people: int,
    baseline_ties: int,
    baseline_pivots: int,
    say: Say,
) -> Report:
    report = Report(people, ties, seed, baseline_people, baseline_ties)
    say(f"generating {people:,} people and {ties:,} ties (seed {seed})")
    secs, (P, raw) = _seconds(generate, people, ties, seed)
    report.rows.append(Row("generate the network (not an analysis)", secs))
    gc.collect()

    say("communities: Louvain, labelled, from cold")
    secs, found = _seconds(communities, P, full=raw, seed=seed)
    report.communities = len(found)
    report.modularity = found.summary["modularity"]
    report.rows.append(
        Row(
            "communities (Louvain + labels)",
            secs,
            target_s=TARGET_COMMUNITIES_S,
            note=f"{len(found)} communities, modularity {report.modularity:.3f}; "
            "includes the igraph conversion (weighted)",
        )
    )
    groups: dict[Any, Any] = {}
    for item in found:
        for member in item.details["members"]:
            groups[member] = item.id
    names = {item.id: item.name for item in found}

    pivots = auto_sample(P)
    report.pivots = pivots
    report.error_bound = betweenness_error_bound(people, pivots)
    say(f"brokers: top {TOP}, betweenness from {pivots or 'all'} pivots, from cold")
    secs, ranked = _seconds(
        brokers, P, top=TOP, seed=seed, groups=groups, group_names=names
    )
    report.rows.append(
        Row(
            f"brokers (top {TOP}, grouped by community)",
            secs,
            target_s=TARGET_BROKERS_S,
            note=f"betweenness from {pivots or people:,} pivots, error bound "
            f"±{report.error_bound:.3f} (95%); includes the igraph conversion; "
            f"top broker {ranked.items[0].id}",
        )
    )
    say("brokers, part by part (igraph views now cached)")
    secs, _ = _seconds(betweenness, P, pivots, seed=seed)
    report.rows.append(Row("  of which: sampled betweenness", secs))
    secs, _ = _seconds(constraint, P)
    report.rows.append(Row("  of which: Burt's constraint", secs))
    secs, _ = _seconds(effective_size, P)
    report.rows.append(Row("  of which: effective size", secs))
    report.peak_rss_big_bytes = _peak_rss_bytes()
    del P, raw, found, ranked, groups
    gc.collect()

    say(f"baseline network: {baseline_people:,} people, {baseline_ties:,} ties")
    B, _raw = generate(baseline_people, baseline_ties, seed + 1)
    say(f"networkx betweenness, {baseline_pivots:,} pivots (slow)")
    nx_secs, _ = _seconds(nx.betweenness_centrality, B, k=baseline_pivots, seed=seed)
    ours_secs, _ = _seconds(betweenness, B, baseline_pivots, seed=seed)
    report.rows.append(
        Row(
            f"betweenness, {baseline_pivots:,} pivots ({baseline_people:,} people)",
            ours_secs,
            nx_secs,
            f"nx.betweenness_centrality(k={baseline_pivots})",
            note="ours includes the igraph conversion",
        )
    )
    say("networkx Louvain")
    nx_secs, nx_parts = _seconds(nx.community.louvain_communities, B, seed=seed)
    ours_secs, ours_parts = _seconds(louvain, B, seed=seed)
    report.rows.append(
        Row(
            f"Louvain ({baseline_people:,} people)",
            ours_secs,
            nx_secs,
            "nx.community.louvain_communities",
            note=f"modularity ours {modularity(B, ours_parts):.3f}, "
            f"networkx {modularity(B, nx_parts):.3f}",
        )
    )
    ours_secs, _ = _seconds(
        brokers, B, top=TOP, seed=seed, groups=membership(ours_parts), sample=baseline_pivots
    )
    report.rows.append(
        Row(f"brokers ({baseline_people:,} people, {baseline_pivots:,} pivots)", ours_secs)
    )
    report.peak_rss_bytes = _peak_rss_bytes()
    return report


def render(report: Report, out: Any) -> None:
    from rich.table import Table

    table = Table(
        title=f"Brokers and communities: {report.people:,} people, {report.ties:,} ties "
        f"(seed {report.seed})"
    )
    for heading in ("measure", "ours", "networkx", "speedup", "target"):
        table.add_column(heading, justify="left" if heading == "measure" else "right")
    notes: list[str] = []
    for row in report.rows:
        base = f"{row.baseline_seconds:.2f} s" if row.baseline_seconds is not None else ""
        speedup = (
            f"{row.baseline_seconds / row.seconds:.0f}x"
            if row.baseline_seconds is not None and row.seconds > 0
            else ""
        )
        target = ""
        if row.target_s is not None:
            verdict = "PASS" if row.seconds < row.target_s else "MISS"
            target = f"<{row.target_s:.0f} s {verdict}"
        table.add_row(row.what, f"{row.seconds:.2f} s", base, speedup, target)
        detail = "; ".join(
            x for x in (row.note, row.baseline_name and f"networkx: {row.baseline_name}") if x
        )
        if detail:
            notes.append(f"{row.what.strip()}: {detail}")
    for label, value in (
        ("peak RSS after the big network", report.peak_rss_big_bytes),
        ("peak RSS (whole run)", report.peak_rss_bytes),
    ):
        verdict = "PASS" if value < TARGET_PEAK_BYTES else "MISS"
        table.add_row(label, f"{value / 1024**3:.2f} GiB", "", "", f"<4 GiB {verdict}")
    out.print(table)
    for note in notes:
        out.print(f"- {note}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.analysis_structure",
        description="Benchmark brokers and communities against plain networkx.",
    )
    parser.add_argument("--people", type=int, default=None, metavar="N")
    parser.add_argument("--ties", type=int, default=None, metavar="M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_PEOPLE:,} people and {QUICK_TIES:,} ties instead of {ISSUE_PEOPLE:,} and "
        f"{ISSUE_TIES:,}; the networkx baseline on {QUICK_BASELINE_PEOPLE:,} people with "
        f"{QUICK_BASELINE_PIVOTS} pivots instead of {BASELINE_PEOPLE:,} with "
        f"{BASELINE_PIVOTS:,}",
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
        report = run(
            args.people,
            args.ties,
            args.seed,
            baseline_people=QUICK_BASELINE_PEOPLE if args.quick else BASELINE_PEOPLE,
            baseline_ties=QUICK_BASELINE_TIES if args.quick else BASELINE_TIES,
            baseline_pivots=QUICK_BASELINE_PIVOTS if args.quick else BASELINE_PIVOTS,
            say=say,
        )
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
