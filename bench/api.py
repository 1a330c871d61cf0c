"""The API benchmark: GraphQL ``connections`` and ``node`` with its neighbours under 16
concurrent clients, beside a plain FastAPI JSON endpoint doing the same work.

``python -m bench.api`` (``--quick`` for a small run) generates the seeded network of
:mod:`bench.store` (100,000 nodes and 1,000,000 relationships by default) into a temporary
embedded store, or reuses the store given with ``--store`` (generating it there first when the
file does not exist), and serves it with uvicorn from a child process on 127.0.0.1, as
``convene serve --workers N`` does: one server process a core unless ``--workers`` says
otherwise, each client's connection held by one of them, spread evenly. The benchmark's own
app adds two plain JSON endpoints beside ``/graphql``, doing the same work without GraphQL:

- ``GET /plain/node/{id}``: the node and its first 50 neighbours (``get_nodes`` and
  ``neighbour_nodes`` at the caller's clearance), as ``node(id) { neighbours(first: 50) }``;
- ``GET /plain/connections?a=&b=``: the same cached graph, the same cached analysis
  (``k_shortest_paths``, 5 paths of at most 4 ties) and the same node reads, as
  ``connections(from, to)``.

Clients are asyncio tasks in this process, each on one keep-alive connection of the lean
client in :mod:`bench.http_client` (so that the load generator takes as little of the two
cores from the server as it can), each sending its next request as soon
as the last one is answered (a closed loop), until the request count or the time limit of the
scenario is reached. Each scenario draws its own people (a seeded sample, no pair asked twice),
so no answer comes from the cache of another; the graph is read and projected once, by a
warm-up request, before anything is timed. Figures are reported, never asserted; the targets
are the issue's (connections p95 under 150 ms, node with neighbours p95 under 30 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse

from api.access import Caller
from api.app import create_app, prepare_serving_process
from api.graphql.analysis.reading import read_graph
from api.settings import Settings
from api.stores import bounded_read
from bench.http_client import Connection, HttpError, free_port, run_clients
from bench.store import ISSUE_NODES, ISSUE_RELS, generate_network, percentile
from graph.analysis.paths import k_shortest_paths
from graph.analysis.projections import DEFAULT_MAX_CONTEXT_SIZE, Projection
from graph.store.sqlite import SQLiteStore

QUICK_NODES = 10_000
QUICK_RELS = 100_000
CLIENTS = 16
TARGET_P95_MS = {"connections": 150.0, "node": 30.0}
NEIGHBOURS = 50
PATHS = 5
REQUEST_TIMEOUT_S = 60
SERVER_START_S = 180
MAX_HOPS = 4
SPREAD_TRIES = 10
"""Connections opened per client, at most, to spread them over the server processes."""
SPREAD_PAUSE_S = 0.02
WARMUP_SHARE = 10
"""Each scenario first sends this fraction of its requests untimed (200 of 2,000), so the
figures are the steady state, not each process's first answers to a new query."""

NODE_QUERY = """query Node($id: ID!) { node(id: $id) { id name kind
  neighbours(first: 50) { id name kind } } }"""
CONNECTIONS_QUERY = """query Connect($a: ID!, $b: ID!) {
  connections(from: $a, to: $b, first: 5, maxHops: 4) { __typename
    ... on Connections { explanation paths { length explanation
      nodes { id name kind } intermediaries { id name }
      hops { types relationships { source type target } }
      evidence { nodes sources relationships { source type target } } } } } }"""

Say = Callable[[str], None]


# -- the benchmark's server ----------------------------------------------------------------------


def bench_app(store_path: Path) -> FastAPI:
    """The API app over the store at ``store_path``, plus the plain JSON endpoints."""
    store = SQLiteStore(store_path)
    settings = Settings(store=store.uri, bind_host="127.0.0.1")
    app = create_app(settings, store=store)

    def node_json(node: Any) -> dict[str, Any]:
        return {"id": node.id, "name": node.name, "kind": node.kind.name}

    @app.get("/plain/node/{node_id}", include_in_schema=False)
    async def plain_node(node_id: str, caller: Caller) -> JSONResponse:
        # read as the GraphQL DataLoaders read: on the event loop for the embedded store
        found = await bounded_read(store, store.get_nodes, [node_id], clearance=caller.clearance)
        if not found:
            return JSONResponse({"node": None})
        around = await bounded_read(store, store.neighbour_nodes, [node_id],
                                    first=NEIGHBOURS, clearance=caller.clearance)
        neighbours = around.get(node_id, [])
        return JSONResponse({"node": {**node_json(found[0]),
                                      "neighbours": [node_json(n) for n in neighbours]}})

    @app.get("/plain/connections", include_in_schema=False)
    def plain_connections(a: str, b: str, caller: Caller) -> JSONResponse:
        analysed = read_graph(store, caller.clearance, Projection.FULL,
                              max_context_size=DEFAULT_MAX_CONTEXT_SIZE)
        if a not in analysed.graph or b not in analysed.graph or a == b:
            raise HTTPException(404, "no such pair")
        graph = analysed.graph
        params = {"a": a, "b": b, "k": PATHS, "max_hops": MAX_HOPS, "via_kinds": None,
                  "via_types": None}
        result = analysed.run("paths", params, lambda: k_shortest_paths(
            graph, a, b, k=PATHS, max_hops=MAX_HOPS))
        ids = list(dict.fromkeys(str(n) for item in result.items for n in item.details["nodes"]))
        nodes = {n.id: n for n in store.get_nodes(ids, clearance=caller.clearance)}
        paths = [
            {
                "length": item.scores["hops"],
                "explanation": item.explanation,
                "nodes": [node_json(nodes[str(n)]) for n in item.details["nodes"]],
                "intermediaries": [{"id": str(n), "name": nodes[str(n)].name}
                                   for n in item.details["intermediaries"]],
                "hops": [{"types": h["types"], "relationships": h["relationships"]}
                         for h in item.details["hops"]],
                "evidence": item.evidence.to_dict(),
            }
            for item in result.items
        ]
        return JSONResponse({"connections": {"explanation": "", "paths": paths}})

    @app.post("/bench/warm", include_in_schema=False)
    def warm(caller: Caller) -> dict[str, int]:
        """Read and project the graph in this process (as the first connections query would)
        and say which process this is."""
        read_graph(store, caller.clearance, Projection.FULL,
                   max_context_size=DEFAULT_MAX_CONTEXT_SIZE)
        return {"pid": os.getpid()}

    @app.get("/bench/pid", include_in_schema=False)
    def pid() -> dict[str, int]:
        """Which server process answered: the clients spread their connections by it."""
        return {"pid": os.getpid()}

    @app.get("/bench/gc", include_in_schema=False)
    def gc_figures() -> dict[str, list[float]]:
        return {"pauses_ms": list(GC_PAUSES.pauses)}

    return app


class GcPauses:
    """The cyclic collector's full (generation 2) collections in the server, and how long
    each held everything up: with a million-tie graph in memory, each one walks it all."""

    def __init__(self) -> None:
        self.began = 0.0
        self.pauses: list[float] = []

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self.began = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self.began) * 1000)


GC_PAUSES = GcPauses()


class ThreadLimit:
    """ASGI middleware setting the worker-thread pool's size (anyio's default limiter, which
    ``run_in_threadpool`` uses) once the event loop runs; ``None`` leaves anyio's 40."""

    def __init__(self, app: Any, threads: int | None) -> None:
        self.app = app
        self.threads = threads

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.threads is not None:
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
            self.threads = None
        await self.app(scope, receive, send)


def served_app() -> Any:
    """uvicorn's factory in each server process: the benchmark's app over ``BENCH_STORE``, in a
    process set up as ``convene serve`` sets its own (cached graphs frozen, unless
    ``BENCH_FREEZE=0``), logging only warnings."""
    prepare_serving_process("WARNING", "json", freeze=os.environ.get("BENCH_FREEZE", "1") == "1")
    gc.callbacks.append(GC_PAUSES)
    threads = os.environ.get("BENCH_THREADS")
    return ThreadLimit(bench_app(Path(os.environ["BENCH_STORE"])),
                       int(threads) if threads else None)


def serve(port: int, workers: int) -> int:
    """The child: serve on ``127.0.0.1:port`` with ``workers`` processes until interrupted."""
    import uvicorn

    uvicorn.run("bench.api:served_app", factory=True, host="127.0.0.1", port=port,
                workers=workers, log_config=None, access_log=False)
    return 0


def _wait_until_ready(url: str, child: subprocess.Popen[bytes], log: Any) -> None:
    import httpx

    deadline = time.monotonic() + SERVER_START_S
    while True:
        if child.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"the server did not start: {log.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)


# -- the store -----------------------------------------------------------------------------------


def prepare_store(path: Path, nodes: int, rels: int, seed: int, say: Say) -> dict[str, float]:
    """Generate the seeded network into ``path`` unless a store is already there."""
    if path.exists():
        say(f"reusing the store at {path}")
        return {}
    say(f"generating {nodes:,} nodes and {rels:,} relationships (seed {seed})")
    started = time.perf_counter()
    network = generate_network(nodes, rels, seed)
    generated = time.perf_counter() - started
    with SQLiteStore(path) as store:
        started = time.perf_counter()
        store.upsert_nodes(network.nodes)
        store.upsert_relationships(network.relationships)
        loaded = time.perf_counter() - started
    say(f"generated in {generated:.1f}s, loaded in {loaded:.1f}s")
    return {"generate_s": generated, "load_s": loaded}


def people_of(path: Path) -> list[str]:
    """Every person's id in the store, in id order."""
    from graph.vocabulary import NodeKind

    with SQLiteStore(path) as store:
        return sorted(n.id for batch in store.iter_nodes() for n in batch
                      if n.kind is NodeKind.PERSON)


# -- the clients ---------------------------------------------------------------------------------


@dataclass
class Scenario:
    """One timed run: requests of one kind against one endpoint."""

    name: str
    endpoint: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    first_error: str = ""
    spread: list[int] = field(default_factory=list)
    """How many of the clients' connections each server process held."""
    full_collections: int = 0
    """The server's full garbage collections during the scenario."""
    longest_collection_ms: float = 0.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        return percentile(self.latencies_ms, p) if self.latencies_ms else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.name, "endpoint": self.endpoint, "requests": self.requests,
            "errors": self.errors, "seconds": round(self.seconds, 3),
            "throughput_per_s": round(self.throughput, 1),
            "p50_ms": round(self.pct(50), 2), "p95_ms": round(self.pct(95), 2),
            "p99_ms": round(self.pct(99), 2), "target_p95_ms": TARGET_P95_MS[self.name],
            "connections_per_process": self.spread,
            "server_full_gc": self.full_collections,
            "server_longest_gc_ms": self.longest_collection_ms,
            "first_error": self.first_error,
        }


RequestSpec = tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]
"""(method, path, query parameters, JSON body)."""


def _ok(scenario: str, endpoint: str, answer: Any) -> bool:
    if endpoint == "graphql":
        if not isinstance(answer, dict) or answer.get("errors"):
            return False
        data = answer.get("data") or {}
        if scenario == "node":
            return data.get("node") is not None
        return (data.get("connections") or {}).get("__typename") == "Connections"
    key = "node" if scenario == "node" else "connections"
    return isinstance(answer, dict) and answer.get(key) is not None


async def spread_connections(
    url: str, headers: Mapping[str, str], *, clients: int, workers: int
) -> tuple[list[Connection], list[int]]:
    """``clients`` keep-alive connections, spread evenly over the ``workers`` server processes
    when they will take them.

    The processes share one listening socket and whichever wakes first accepts, so a burst
    of connections can all land on one process. A proxy in front of the processes would
    spread them; here each connection asks which process it reached and is opened again,
    after a pause, when that process already holds its share. A process that keeps not
    accepting gets fewer: the spread is returned (most first) for the report to show."""
    share = -(-clients // workers)
    held: Counter[int] = Counter()
    opened: list[Connection] = []
    tries = 0
    while len(opened) < clients:
        connection = Connection(url, headers)
        status, raw = await connection.request("GET", "/bench/pid")
        if status != 200:
            raise RuntimeError(f"/bench/pid answered {status}: {raw[:200]!r}")
        pid = int(json.loads(raw)["pid"])
        tries += 1
        if held[pid] >= share and tries <= clients * SPREAD_TRIES:
            await connection.close()
            await asyncio.sleep(SPREAD_PAUSE_S)
            continue
        held[pid] += 1
        opened.append(connection)
    return opened, sorted(held.values(), reverse=True)


async def drive(
    url: str, key: str, scenario: Scenario, specs: Sequence[RequestSpec], *, clients: int,
    seconds: float, workers: int = 1,
) -> Scenario:
    """Send ``specs`` from ``clients`` concurrent closed-loop clients (one keep-alive
    connection each, spread over the ``workers`` server processes), until they run out or
    ``seconds`` pass."""
    queue = list(reversed(specs))
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    connections, scenario.spread = await spread_connections(url, headers, clients=clients,
                                                            workers=workers)
    deadline = time.perf_counter() + seconds

    async def worker(connection: Connection) -> None:
        try:
            while queue and time.perf_counter() < deadline:
                method, path, params, body = queue.pop()
                began = time.perf_counter()
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT_S):
                        status, raw = await connection.request(method, path, params=params,
                                                               json_body=body)
                    answer = orjson.loads(raw)
                    good = status == 200 and _ok(scenario.name, scenario.endpoint, answer)
                    problem = "" if good else f"{status}: {raw[:200]!r}"
                except (OSError, TimeoutError, asyncio.IncompleteReadError, HttpError,
                        ValueError) as exc:
                    good, problem = False, f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - began) * 1000
                scenario.requests += 1
                scenario.latencies_ms.append(elapsed)
                if not good:
                    scenario.errors += 1
                    scenario.first_error = scenario.first_error or problem
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    scenario.seconds = time.perf_counter() - started
    return scenario


def node_specs(endpoint: str, ids: Sequence[str]) -> list[RequestSpec]:
    if endpoint == "graphql":
        return [("POST", "/graphql", None, {"query": NODE_QUERY, "variables": {"id": i}})
                for i in ids]
    return [("GET", f"/plain/node/{i}", None, None) for i in ids]


def connection_specs(endpoint: str, pairs: Sequence[tuple[str, str]]) -> list[RequestSpec]:
    if endpoint == "graphql":
        return [("POST", "/graphql", None,
                 {"query": CONNECTIONS_QUERY, "variables": {"a": a, "b": b}})
                for a, b in pairs]
    return [("GET", "/plain/connections", {"a": a, "b": b}, None) for a, b in pairs]


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Report:
    nodes: int
    relationships: int
    clients: int
    store: str
    setup: dict[str, float]
    warmup_s: float
    scenarios: list[Scenario]
    warmup_requests: int = 0
    """Untimed requests each scenario sent first, with different ids from the timed ones."""
    workers: int = 1
    """Server processes."""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["scenarios"] = [s.to_dict() for s in self.scenarios]
        return out


def run(args: argparse.Namespace, say: Say) -> Report:
    from api.access import Role, key_entry, new_key

    with tempfile.TemporaryDirectory(prefix="convene-bench-api-") as work:
        path = Path(args.store) if args.store else Path(work) / "bench.db"
        setup = prepare_store(path, args.nodes, args.rels, args.seed, say)
        people = people_of(path)
        with SQLiteStore(path) as stored:
            counts = stored.counts()
        # a reused store is measured as it is, whatever --nodes and --rels say
        args.nodes, args.rels = sum(counts.nodes.values()), sum(counts.relationships.values())
        if len(people) < 4:
            raise ValueError("the store needs at least four people")
        key = new_key()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
               "CONVENE_API_KEYS": key_entry(key, Role.STEWARD, "bench")}
        env.update({"BENCH_STORE": str(path), "BENCH_FREEZE": "0" if args.no_freeze else "1",
                    **({"BENCH_THREADS": str(args.threads)} if args.threads else {})})
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with (Path(work) / "server.log").open("w+b") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "bench.api", "--serve-port", str(port),
                 "--workers", str(args.workers)],
                stdout=log, stderr=log, env=env,
            )
            try:
                _wait_until_ready(url, child, log)
                say(f"serving {path} at {url} ({args.workers} worker process(es))")
                return _measure(args, url, key, people, setup=setup, store=str(path), say=say)
            finally:
                child.send_signal(signal.SIGINT)
                try:
                    child.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait(timeout=10)


def _measure(
    args: argparse.Namespace, url: str, key: str, people: list[str], *,
    setup: dict[str, float], store: str, say: Say,
) -> Report:
    rng = random.Random(args.seed)
    count = args.requests

    def pairs(n: int) -> list[tuple[str, str]]:
        drawn: set[tuple[str, str]] = set()
        while len(drawn) < n:
            a, b = rng.sample(people, 2)
            drawn.add((a, b))
        return sorted(drawn, key=lambda _: rng.random())

    say("warming up: each server process reads and projects the graph")
    began = time.perf_counter()
    warmed = _warm_every_worker(url, key, args.workers)
    warmup_s = time.perf_counter() - began
    say(f"warmed {len(warmed)} server process(es) in {warmup_s:.1f}s")
    run_clients(drive(url, key, Scenario("node", "plain"), node_specs("plain", people[:50]),
                      clients=4, seconds=30, workers=args.workers))
    scenarios = []
    warm = max(1, count // WARMUP_SHARE)
    for name in ("node", "connections"):
        for endpoint in ("plain", "graphql"):
            if name == "node":
                drawn = node_specs(endpoint, rng.sample(people, min(count + warm, len(people))))
            else:
                drawn = connection_specs(endpoint, pairs(count + warm))
            warming, specs = drawn[:warm], drawn[warm:]
            say(f"{name} via {endpoint}: {len(warming):,} untimed requests, then up to "
                f"{len(specs):,} from {args.clients} clients, at most {args.seconds:.0f}s")
            run_clients(drive(url, key, Scenario(name, endpoint), warming, clients=args.clients,
                              seconds=args.seconds, workers=args.workers))
            # each process counts its own collections: figures only when there is one
            before = _server_json(url, key, "GET", "/bench/gc") if args.workers == 1 else None
            scenario = run_clients(drive(url, key, Scenario(name, endpoint), specs,
                                         clients=args.clients, seconds=args.seconds,
                                         workers=args.workers))
            if before is not None:
                after = _server_json(url, key, "GET", "/bench/gc")
                pauses = after["pauses_ms"][len(before["pauses_ms"]):]
                scenario.full_collections = len(pauses)
                scenario.longest_collection_ms = round(max(pauses, default=0.0), 1)
            scenarios.append(scenario)
    return Report(args.nodes, args.rels, args.clients, store, setup, warmup_s, scenarios,
                  warmup_requests=warm, workers=args.workers)


def _warm_every_worker(url: str, key: str, workers: int) -> set[int]:
    """Have every server process read and project the graph before anything is timed.

    Each new connection is accepted by whichever process takes it first, so connections are
    opened until ``workers`` different processes have answered (or too many tries)."""
    warmed: set[int] = set()
    for _ in range(workers * 25):
        warmed.add(int(_server_json(url, key, "POST", "/bench/warm", timeout=900)["pid"]))
        if len(warmed) == workers:
            return warmed
    raise RuntimeError(f"only {len(warmed)} of {workers} server processes answered the warm-up")


def _server_json(
    url: str, key: str, method: str, path: str, *, timeout: float = 120
) -> dict[str, Any]:
    import httpx

    response = httpx.request(method, url + path, headers={"Authorization": f"Bearer {key}"},
                             timeout=timeout)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


def render(report: Report, out: Any) -> None:
    from rich.table import Table

    table = Table(
        title=f"API at {report.clients} concurrent clients, {report.workers} server "
        f"process(es): {report.nodes:,} nodes, "
        f"{report.relationships:,} relationships (graph read and projected in "
        f"{report.warmup_s:.1f}s, before timing)"
    )
    for column in ("query", "endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms",
                   "p99 ms", "target p95", ""):
        table.add_column(column, justify="left" if column in ("query", "endpoint") else "right")
    for s in report.scenarios:
        target = TARGET_P95_MS[s.name]
        verdict = "" if s.endpoint == "plain" else ("PASS" if s.pct(95) < target else "MISS")
        table.add_row(
            "node + neighbours" if s.name == "node" else "connections", s.endpoint,
            f"{s.requests:,}", str(s.errors), f"{s.throughput:.1f}", f"{s.pct(50):.1f}",
            f"{s.pct(95):.1f}", f"{s.pct(99):.1f}", f"< {target:.0f} ms", verdict,
        )
    out.print(table)
    if report.warmup_requests:
        out.print(f"- each row after {report.warmup_requests:,} untimed requests of its own kind")
    spreads = {tuple(s.spread) for s in report.scenarios}
    if len(report.scenarios) and spreads != {(report.clients,)}:
        shown = "; ".join(", ".join(map(str, spread)) for spread in sorted(spreads))
        out.print(f"- connections held by each server process: {shown}")
    for s in report.scenarios:
        if s.full_collections:
            out.print(f"- {s.name} via {s.endpoint}: {s.full_collections} full garbage "
                      f"collection(s) in the server, the longest {s.longest_collection_ms:.0f} ms")
        if s.first_error:
            out.print(f"- {s.name} via {s.endpoint}: first error: {s.first_error}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.api",
        description="Benchmark GraphQL connections and node+neighbours at 16 concurrent "
        "clients beside a plain FastAPI JSON endpoint doing the same work.",
    )
    parser.add_argument("--nodes", type=int, default=None, metavar="N")
    parser.add_argument("--rels", type=int, default=None, metavar="M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_NODES:,} nodes and {QUICK_RELS:,} relationships, "
                        "fewer requests")
    parser.add_argument("--store", metavar="PATH",
                        help="an embedded store file to reuse (generated there if missing)")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--requests", type=int, default=None, metavar="N",
                        help="requests per scenario (default 2,000; 400 with --quick)")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="time limit per scenario (default 60)")
    parser.add_argument("--threads", type=int, default=None, metavar="N",
                        help="worker threads for blocking calls in the server (default: "
                        "anyio's 40, as convene serve has)")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave cached graphs in the cyclic collector's reach (convene "
                        "serve freezes them), to see what the full collections cost")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="server processes, as convene serve --workers (default: one a "
                        "core, as a server on this machine would be run)")
    parser.add_argument("--serve-port", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_port:
        return args
    if args.nodes is None:
        args.nodes = QUICK_NODES if args.quick else ISSUE_NODES
    if args.rels is None:
        args.rels = QUICK_RELS if args.quick else ISSUE_RELS
    if args.requests is None:
        args.requests = 400 if args.quick else 2_000
    if args.workers is None:
        args.workers = os.cpu_count() or 1
    if args.clients < 1 or args.requests < 1 or args.seconds <= 0:
        parser.error("--clients, --requests and --seconds must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_port:
        return serve(args.serve_port, args.workers)
    from rich.console import Console

    err = Console(stderr=True)

    def say(message: str) -> None:
        err.log(message, highlight=False, markup=False)

    try:
        report = run(args, say)
    except (ValueError, RuntimeError) as exc:
        err.print(f"bench: {exc}", markup=False, highlight=False)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        render(report, Console(width=None if sys.stdout.isatty() else 120))
    return 0


if __name__ == "__main__":
    sys.exit(main())
