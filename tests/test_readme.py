"""The README's example GraphQL queries run on the demo network and answer something."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store.sqlite import SQLiteStore
from loaders import load_paths
from loaders.demo import demo_inputs

README = Path(__file__).resolve().parent.parent / "README.md"
QUERIES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("readme") / "demo.db"
    store = SQLiteStore(path)
    load_paths(store, demo_inputs())
    app = create_app(Settings(store=f"sqlite:///{path}", bind_host="127.0.0.1"), store)
    with TestClient(app) as test_client:
        yield test_client
    store.close()


def test_the_readme_shows_three_queries() -> None:
    assert len(QUERIES) == 3


@pytest.mark.parametrize("query", QUERIES, ids=["convenor", "analyst", "coordinator"])
def test_each_readme_query_answers_on_the_demo(client: TestClient, query: str) -> None:
    answer = client.post("/graphql", json={"query": query})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body
    [result] = body["data"].values()
    lists = [v for v in result.values() if isinstance(v, list)]
    assert lists and lists[0], f"the example answered nothing: {result}"


def test_stats_is_503_not_500_when_the_store_is_gone(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "gone.db")
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 'gone.db'}",
                              bind_host="127.0.0.1"), store)
    with TestClient(app) as test_client:
        store.close()
        answer = test_client.get("/stats")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert "gone.db" not in answer.text
