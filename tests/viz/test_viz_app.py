"""The pages mounted on Convene's own application, exactly as the mounting note says, with
the caller's clearance coming from their API key."""

from __future__ import annotations

from fastapi import Request
from fastapi.testclient import TestClient
from viz_helpers import nodes
from viz_network import RESTRICTED

from api.access import Caller, Role, key_entry, new_key
from api.app import create_app
from api.settings import Settings
from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility
from viz.routes import router as viz_router


def _store(request: Request) -> GraphStore:  # as api.app's own store dependency
    store: GraphStore = request.app.state.store
    return store


def _clearance(caller: Caller) -> Visibility:
    return caller.clearance


def test_the_pages_follow_the_callers_key(viz_store: SQLiteStore) -> None:
    steward = new_key()
    settings = Settings(api_keys=key_entry(steward, Role.STEWARD), bind_host="127.0.0.1")
    app = create_app(settings, store=viz_store)
    app.include_router(viz_router(_store, _clearance))
    with TestClient(app) as client:
        anonymous = client.get("/viz/focus/dee?hops=2")
        assert anonymous.status_code == 200
        assert "cas" not in nodes(anonymous.text) and RESTRICTED not in anonymous.text
        trusted = client.get("/viz/focus/dee?hops=2", headers={"X-API-Key": steward})
        assert "cas" in nodes(trusted.text)
        assert client.get("/", headers={"X-API-Key": "cvn_wrong"}).status_code == 401
        assert "x-request-id" in anonymous.headers  # the application's middleware ran
        landing = client.get("/")
        assert landing.status_code == 200 and 'href="/graphql"' in landing.text
        assert client.get("/viz/static/convene.js").status_code == 200
