"""``convene serve`` as a user runs it: a real process on a loopback port, one or more workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_support import store_file
from factories import small_network

from bench.http_client import free_port

STARTUP_S = 60


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.update(int(c) for c in children)
    return found


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, int, int]]:
    db = store_file(tmp_path / "g.db", *small_network())
    port = free_port()
    workers: int = request.param
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("convene")), "--store", f"sqlite:///{db}", "serve",
         "--port", str(port), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "CONVENE_LOG_FORMAT": "json"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    try:
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the server did not answer within a minute"
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url, process.pid, workers
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _spawned_workers(pid: int) -> int:
    commands = [Path(f"/proc/{c}/cmdline").read_bytes() for c in _children(pid)]
    return sum(b"spawn_main" in command for command in commands)


@pytest.mark.parametrize("served", [1, 2], indirect=True, ids=["one-process", "two-workers"])
def test_serve_answers_graphql_from_each_worker(served: tuple[str, int, int]) -> None:
    url, pid, workers = served
    query = '{ node(id: "ada") { name neighbours(first: 5) { id } } }'
    with httpx.Client(base_url=url, timeout=10) as client:
        answers = [client.post("/graphql", json={"query": query}).json() for _ in range(20)]
    assert all(a == answers[0] for a in answers)
    assert answers[0]["data"]["node"]["name"] == "Ada Lovelace"
    assert _spawned_workers(pid) == (workers if workers > 1 else 0)
