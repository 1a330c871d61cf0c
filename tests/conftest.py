"""Shared fixtures. ``store`` runs a test against every store that is reachable here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore

pytest_plugins = ["neo4j_fixtures"]

STORES = ["sqlite", "neo4j"]


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the environment anew (settings are cached per process)."""
    from api.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "convene.db") as store:
        yield store


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each kind; Neo4j ones skip with the reason when none is reachable."""
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "convene.db") as sqlite:
            yield sqlite
        return
    make: Callable[[], GraphStore] = request.getfixturevalue("neo4j_store_factory")
    neo4j = make()
    try:
        yield neo4j
    finally:
        neo4j.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per distinct skip reason, so a skipped Neo4j run is impossible to miss."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else "skipped"
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"SKIPPED {count} test(s): {reason}", yellow=True)
