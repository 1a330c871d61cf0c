"""History: a network built through several dated load runs, and every figure checked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.cli import main
from graph.analysis.history import as_of, changes, indicators, quarter_ends
from graph.records import Introduction
from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility
from loaders import load_paths
from viz.routes import router

NODES = """id,kind,name,scale
ada,Person,Ada,local
bob,Person,Bob,local
cas,Person,Cas,national
dee,Person,Dee,national
eve,Person,Eve,local
"""

# Two loads of the same bundle: the second (describing 2024-06-30) drops ada-bob and adds
# cas-dee, bob-cas and eve-dee.
EDGES_Q1 = """source,type,target,since
ada,KNOWS,bob,2024-01-15
bob,KNOWS,eve,2024-02-01
"""
EDGES_Q2 = """source,type,target,since
bob,KNOWS,eve,2024-02-01
cas,KNOWS,dee,2024-04-10
bob,KNOWS,cas,2024-05-01
eve,KNOWS,dee,2024-06-01
"""


def _write(folder: Path, edges: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "nodes.csv").write_text(NODES)
    (folder / "edges.csv").write_text(edges)
    return folder


@pytest.fixture
def history(tmp_path: Path) -> GraphStore:
    store = SQLiteStore(tmp_path / "h.db")
    bundle = tmp_path / "network"
    load_paths(store, [_write(bundle, EDGES_Q1)], on=date(2024, 3, 31))
    report = load_paths(store, [_write(bundle, EDGES_Q2)], on=date(2024, 6, 30))
    assert report.ended == {"KNOWS": 1}
    store.record_introduction(Introduction(a="bob", b="cas", by="eve", made_on="2024-04-20"))
    store.record_introduction(Introduction(a="ada", b="dee", by="bob", made_on="2024-05-01"))
    yield store
    store.close()


def test_a_tie_no_longer_asserted_is_ended_not_deleted(history: GraphStore) -> None:
    graph = history.to_networkx()
    [ended] = graph.get_edge_data("ada", "bob").values()
    assert ended["until"] == "2024-06-30"
    assert sorted(as_of(graph, date(2024, 3, 31)).edges()) == [("ada", "bob"), ("bob", "eve")]
    assert ("ada", "bob") not in as_of(graph, date(2024, 7, 1)).edges()
    assert "ada" not in as_of(graph, date(2024, 7, 1), departed=False), "ada has no tie left"
    assert "ada" in as_of(graph, date(2024, 7, 1)), "but she is still known"


def test_changes_since_a_date_count_ties_bridges_and_introductions(history: GraphStore) -> None:
    graph = history.to_networkx()
    groups = {"ada": 0, "bob": 0, "eve": 0, "cas": 1, "dee": 1}
    found = changes(graph, date(2024, 4, 1), until=date(2024, 6, 30),
                    introductions=history.introductions(), communities=groups)
    assert sorted(found.nodes_added) == ["cas", "dee"]
    assert sorted((s, d) for s, _, d in found.ties_added) == [
        ("bob", "cas"), ("cas", "dee"), ("dee", "eve")]
    assert [(s, d) for s, _, d in found.ties_ended] == [("ada", "bob")]
    assert sorted((s, d) for s, _, d in found.new_community_bridges) == [
        ("bob", "cas"), ("dee", "eve")]
    assert sorted((s, d) for s, _, d in found.new_local_national_ties) == [
        ("bob", "cas"), ("dee", "eve")]
    assert (found.introductions_made, found.introductions_converted) == (2, 1)
    assert "2 introductions were made, and 1 of them became ties" in found.explanation


def test_quarterly_indicators_show_the_network_being_woven(history: GraphStore) -> None:
    graph = history.to_networkx()
    groups = {"ada": 0, "bob": 0, "eve": 0, "cas": 1, "dee": 1}
    q1, q2 = indicators(graph, quarter_ends(date(2024, 1, 1), date(2024, 6, 30)),
                        introductions=history.introductions(), communities=groups)
    assert (q1.period, q1.people, q1.ties) == ("2024Q1", 3, 2)
    assert q1.density == pytest.approx(2 / 3)
    assert q1.largest_group_share == 1.0
    assert (q1.local_national_ties, q1.cross_community_ties) == (0, 0)
    assert q1.introductions_made == 0 and q1.conversion_rate is None
    # bob is the only broker on the path ada-bob-eve.
    assert q1.broker_concentration == 1.0

    # Q2 (2024-06-30): ada-bob ended that day; bob-eve, cas-dee, bob-cas, eve-dee hold.
    assert (q2.people, q2.ties) == (4, 4)
    assert q2.density == pytest.approx(4 / 6)
    assert q2.largest_group_share == 1.0
    assert (q2.local_national_ties, q2.cross_community_ties) == (2, 2)
    assert (q2.introductions_made, q2.introductions_converted) == (2, 1)
    assert q2.conversion_rate == 0.5
    # A ring of four: fewer people than the top five, so they hold all the brokerage.
    assert q2.broker_concentration == 1.0


def test_history_commands_print_json_and_csv(history: GraphStore) -> None:
    uri = f"sqlite:///{history.path}"  # type: ignore[attr-defined]
    runner = CliRunner()
    result = runner.invoke(main, ["--store", uri, "indicators", "--from", "2024-01-01",
                                  "--to", "2024-06-30", "--json"])
    assert result.exit_code == 0, result.output
    periods = json.loads(result.stdout)
    assert [p["period"] for p in periods] == ["2024Q1", "2024Q2"]
    assert [p["ties"] for p in periods] == [2, 4]
    as_csv = runner.invoke(main, ["--store", uri, "indicators", "--from", "2024-01-01",
                                  "--to", "2024-06-30", "--csv"])
    lines = as_csv.stdout.strip().splitlines()
    assert lines[0].startswith("period,day,people,nodes,ties,density")
    assert len(lines) == 3
    found = runner.invoke(main, ["--store", uri, "changes", "--since", "2024-04-01",
                                 "--until", "2024-06-30", "--json"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert len(data["ties_added"]) == 3 and data["introductions_converted"] == 1
    bad = runner.invoke(main, ["--store", uri, "changes", "--since", "soon"])
    assert bad.exit_code == 2 and "must be a date" in bad.output


def test_as_of_applies_to_every_analysis_command(history: GraphStore) -> None:
    uri = f"sqlite:///{history.path}"  # type: ignore[attr-defined]
    runner = CliRunner()
    now = runner.invoke(main, ["--store", uri, "connect", "ada", "bob", "--json"])
    then = runner.invoke(main, ["--store", uri, "--as-of", "2024-03-31", "connect", "ada",
                                "bob", "--json"])
    assert now.exit_code == 0 and then.exit_code == 0, (now.output, then.output)
    assert json.loads(then.stdout)[0]["nodes"] == ["ada", "bob"]
    assert all(p["nodes"] != ["ada", "bob"] for p in json.loads(now.stdout))
    bad = runner.invoke(main, ["--store", uri, "--as-of", "yesterday", "stats"])
    assert bad.exit_code == 2 and "--as-of" in bad.output


def test_the_history_page_draws_a_chart_per_indicator(
    history: GraphStore, tmp_path: Path
) -> None:
    out = tmp_path / "history.html"
    uri = f"sqlite:///{history.path}"  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["--store", uri, "indicators", "--from", "2024-01-01",
                                       "--to", "2024-06-30", "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.count("<svg") == 8 and "2024Q2" in page and "http" not in page
    assert "Introductions that became ties: 50% in 2024Q2" in page

    app = FastAPI()
    app.include_router(router(lambda: history, lambda: Visibility.INTERNAL))
    served = TestClient(app).get("/viz/history?from=2024-01-01&to=2024-06-30")
    assert served.status_code == 200, served.text
    assert served.text.count("<polyline") >= 7
    assert "Ties: 4 in 2024Q2" in served.text
