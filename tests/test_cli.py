"""The ``convene`` command line: choosing the store, stats, clear, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import store_file
from click.testing import CliRunner, Result
from factories import small_network

from api.cli import main
from graph.store.sqlite import SQLiteStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_file(tmp_path / "g.db", *small_network())


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def test_stats_json_has_the_documented_shape(db: Path) -> None:
    result = run("--store", f"sqlite:///{db}", "stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"nodes", "relationships", "version"}
    assert data["nodes"]["Person"] == 3
    assert data["relationships"]["KNOWS"] == 2
    assert data["version"] == 2


def test_the_store_can_come_from_the_environment(db: Path) -> None:
    result = run("stats", "--json", env={"CONVENE_STORE": f"sqlite:///{db}"})
    assert json.loads(result.output)["nodes"]["Organisation"] == 2


def test_stats_table_names_the_store_and_totals(db: Path) -> None:
    result = run("--store", f"sqlite:///{db}", "stats")
    assert "Person" in result.output and "relationships" in result.output


def test_clear_asks_first_and_keeps_everything_when_refused(db: Path) -> None:
    result = run("--store", f"sqlite:///{db}", "clear", stdin="n\n")
    assert result.exit_code != 0
    with SQLiteStore(db) as store:
        assert sum(store.counts().nodes.values()) == 8


def test_clear_yes_empties_the_store(db: Path) -> None:
    assert run("--store", f"sqlite:///{db}", "clear", "--yes").exit_code == 0
    data = json.loads(run("--store", f"sqlite:///{db}", "stats", "--json").output)
    assert data["nodes"] == {} and data["relationships"] == {}
    assert data["version"] == 3


@pytest.mark.parametrize("uri", ["postgres://x", "sqlite://", "sqlite:///"])
def test_an_unknown_store_uri_is_one_clear_error(uri: str) -> None:
    result = run("--store", uri, "stats")
    assert result.exit_code == 1
    assert "store URI" in result.output
    assert "Traceback" not in result.output


def test_an_unopenable_store_file_is_one_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are not the tables you are looking for" * 100)
    result = run("--store", f"sqlite:///{not_a_db}", "stats")
    assert result.exit_code == 1
    assert str(not_a_db) in result.output


@pytest.mark.parametrize("command", [[], ["stats"], ["clear"], ["serve"], ["demo"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
