"""The page-timing benchmark runs end to end (on a small network, to stay quick)."""

from __future__ import annotations

import json

import pytest

from bench import viz as bench_viz
from graph.vocabulary import NodeKind
from viz.chromium import find_chromium


def test_the_synthetic_network_is_seeded_and_has_every_kind() -> None:
    first = bench_viz.synthetic_graph(300, seed=1)
    again = bench_viz.synthetic_graph(300, seed=1)
    assert first.number_of_nodes() == 300
    assert sorted(first.edges(keys=True)) == sorted(again.edges(keys=True))
    assert {d["kind"] for _, d in first.nodes(data=True)} == set(NodeKind)
    assert first.number_of_edges() > 300


@pytest.mark.slow
@pytest.mark.skipif(
    find_chromium() is None, reason="headless Chromium is not installed (Debian package chromium)"
)
def test_the_benchmark_times_a_page_in_chromium(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_viz.main(["--nodes", "400", "--runs", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["nodes"] == 400 and figures["physics"] is False
    assert 0 < figures["usable_ms"] < 60_000
    assert figures["script_ms"] <= figures["network_ms"] <= figures["usable_ms"]
