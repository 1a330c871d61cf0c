"""The API benchmark serves as a server on this machine would be run, and says how."""

from __future__ import annotations

import io
import os

from rich.console import Console

from bench.api import Report, Scenario, parse_args, render


def test_the_server_gets_one_process_a_core_unless_told() -> None:
    assert parse_args([]).workers == (os.cpu_count() or 1)
    assert parse_args(["--quick"]).workers == (os.cpu_count() or 1)
    assert parse_args(["--workers", "1"]).workers == 1


def test_the_report_says_how_many_server_processes_answered() -> None:
    node = Scenario("node", "graphql", requests=2, seconds=1.0, latencies_ms=[10.0, 40.0],
                    spread=[1, 1])
    report = Report(100, 1000, 2, "store.db", {}, 1.0, [node], warmup_requests=1, workers=2)
    out = io.StringIO()
    render(report, Console(file=out, width=200))
    text = out.getvalue()
    assert "2 concurrent clients, 2 server process(es)" in text
    assert "MISS" in text  # p95 of 10 and 40 ms is over the node target of 30
