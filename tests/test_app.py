"""The HTTP application's operational endpoints."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from factories import small_network
from fastapi.testclient import TestClient

from api.app import create_app, serving_app
from api.settings import Settings
from graph.analysis.cache import DEFAULT_CACHE
from graph.memory import SERVING_YOUNG_THRESHOLD
from graph.store.sqlite import SQLiteStore


def test_health_readiness_and_public_figures(tmp_path: Path) -> None:
    settings = Settings(store=f"sqlite:///{tmp_path / 'g.db'}")
    with SQLiteStore(tmp_path / "g.db") as store:
        nodes, rels = small_network()
        store.upsert_nodes(nodes)
        store.upsert_relationships(rels)
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json() == {"status": "ready", "version": 2}
        stats = client.get("/stats").json()
        # Only public data is counted for an anonymous reader: one public person, no KNOWS.
        assert stats["nodes"]["Person"] == 1
        assert "KNOWS" not in stats["relationships"]
        assert "/readyz" in client.get("/openapi.json").json()["paths"]


def test_readiness_fails_with_503_when_the_store_is_gone(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "g.db")
    with TestClient(create_app(Settings(), store=store)) as client:
        store.close()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        assert "closed" in response.json()["reason"]
        assert client.get("/healthz").status_code == 200


def test_the_serving_process_keeps_cached_graphs_frozen_and_collects_less_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVENE_STORE", f"sqlite:///{tmp_path / 'g.db'}")
    before = gc.get_threshold()
    freeze = DEFAULT_CACHE.freeze
    try:
        app = serving_app()
        assert gc.get_threshold() == (SERVING_YOUNG_THRESHOLD, *before[1:])
        assert DEFAULT_CACHE.freeze
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
    finally:
        gc.set_threshold(*before)
        DEFAULT_CACHE.freeze = freeze
