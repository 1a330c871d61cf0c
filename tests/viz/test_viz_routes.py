"""The pages served over HTTP: every view, the landing page, static files, errors, headers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from factories import node, rel
from fastapi import FastAPI
from fastapi.testclient import TestClient
from viz_helpers import external_references, nodes, payload
from viz_network import RESTRICTED

from graph.analysis.cache import AnalysisCache
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility
from viz.routes import CSP, router

Client = Callable[[Visibility], TestClient]

VIEWS = [
    "/viz/network",
    "/viz/network?grouped=true",
    "/viz/network?color_by=community&size_by=betweenness",
    "/viz/focus/dee?hops=3",
    "/viz/paths?a=dee&b=nhse",
    "/viz/community/1",
    "/viz/brokers?top=5",
    "/viz/sweet-spots?gaps=true",
    "/viz/introductions/fay",
]


@pytest.fixture
def client(viz_store: SQLiteStore) -> Client:
    def make(clearance: Visibility) -> TestClient:
        app = FastAPI()
        app.include_router(router(lambda: viz_store, lambda: clearance, cache=AnalysisCache()))
        return TestClient(app)

    return make


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_is_served_without_the_restricted_person(client: Client, url: str) -> None:
    answer = client(Visibility.PUBLIC).get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"] == CSP
    assert answer.headers["cache-control"] == "no-store"
    assert RESTRICTED not in answer.text and "cas" not in nodes(answer.text)
    assert external_references(answer.text) == []
    assert "/viz/static/vis-network.min.js" in answer.text


def test_a_restricted_reader_sees_the_restricted_person(client: Client) -> None:
    answer = client(Visibility.RESTRICTED).get("/viz/focus/dee")
    assert "cas" in nodes(answer.text)


def test_clicking_a_node_opens_its_own_network(client: Client) -> None:
    data = payload(client(Visibility.PUBLIC).get("/viz/focus/ada?hops=2").text)
    assert data["focusUrl"] == "/viz/focus/{id}?hops=2"
    grouped = payload(client(Visibility.PUBLIC).get("/viz/network?grouped=true").text)
    assert grouped["nodes"][0]["link"] == "/viz/community/1"


def test_a_hidden_node_and_a_missing_one_are_the_same_404(client: Client) -> None:
    web = client(Visibility.PUBLIC)
    hidden = web.get("/viz/focus/cas")
    missing = web.get("/viz/focus/nobody")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace("cas", "X") == missing.text.replace("nobody", "X")
    assert RESTRICTED not in hidden.text
    assert web.get("/viz/introductions/cas").status_code == 404
    assert web.get("/viz/paths?a=dee&b=cas").status_code == 404


def test_bad_requests_are_explained(client: Client) -> None:
    web = client(Visibility.RESTRICTED)
    assert web.get("/viz/community/99").status_code == 404
    same = web.get("/viz/paths?a=dee&b=dee")
    assert same.status_code == 400 and "same node" in same.text
    not_person = web.get("/viz/introductions/trust")
    assert not_person.status_code == 400 and "is not a person" in not_person.text
    assert web.get("/viz/network?color_by=mood").status_code == 422
    assert web.get("/viz/network?max_nodes=0").status_code == 422


def test_the_landing_forms_accept_names(client: Client) -> None:
    web = client(Visibility.PUBLIC)
    moved = web.get("/viz/focus?id=Ada Lovelace&hops=2", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/viz/focus/Ada%20Lovelace?hops=2"
    page = web.get(moved.headers["location"])
    assert page.status_code == 200 and payload(page.text)["focusNode"] == "ada"
    moved = web.get("/viz/introductions?person=fay", follow_redirects=False)
    assert moved.headers["location"] == "/viz/introductions/fay"
    moved = web.get("/viz/community?n=2", follow_redirects=False)
    assert moved.headers["location"] == "/viz/community/2"


def test_static_files_are_served_and_nothing_else(client: Client) -> None:
    web = client(Visibility.PUBLIC)
    js = web.get("/viz/static/vis-network.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "vis-network" in js.text[:400]
    css = web.get("/viz/static/convene.css")
    assert css.headers["content-type"].startswith("text/css")
    assert web.get("/viz/static/routes.py").status_code == 404
    assert web.get("/viz/static/..%2Froutes.py").status_code == 404


def test_the_landing_page_links_the_views_and_counts_what_the_reader_sees(
    client: Client, viz_store: SQLiteStore
) -> None:
    public = client(Visibility.PUBLIC).get("/")
    assert public.status_code == 200
    text = public.text
    for link in ("/viz/network", "/viz/brokers", "/viz/sweet-spots", "/graphql"):
        assert f'href="{link}' in text
    assert 'action="/viz/focus"' in text and 'action="/viz/paths"' in text
    assert f"Graph version {viz_store.version()}" in text
    assert '<td>Person</td><td class="num">7</td>' in text  # not Eve (internal), not Casey
    everything = client(Visibility.RESTRICTED).get("/").text
    assert '<td>Person</td><td class="num">9</td>' in everything
    assert external_references(text) == []


def test_as_of_draws_the_network_as_it_stood_then(
    client: Client, viz_store: SQLiteStore
) -> None:
    viz_store.upsert_nodes([node("old", name="Old Friend", visibility="public"),
                            node("new", name="New Friend", visibility="public")])
    viz_store.upsert_relationships([
        rel("dee", "KNOWS", "old", since="2015-01-01", until="2020-01-01"),
        rel("dee", "KNOWS", "new", since="2023-01-01"),
    ])
    then = nodes(client(Visibility.PUBLIC).get("/viz/focus/dee?as_of=2016-06-01").text)
    now = nodes(client(Visibility.PUBLIC).get("/viz/focus/dee").text)
    assert "old" in then and "new" not in then
    assert "new" in now and "old" not in now
    bad = client(Visibility.PUBLIC).get("/viz/focus/dee?as_of=someday")
    assert bad.status_code == 422
