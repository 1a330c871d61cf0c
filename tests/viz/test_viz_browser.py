"""End to end in headless Chromium: pages draw, searches focus the right node, filters hide,
a click opens a node's own network, and screenshots are not blank.

Skipped, with the reason, where Debian's ``chromium`` package is not installed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from viz_network import RESTRICTED

from graph.analysis.cache import AnalysisCache
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Visibility
from viz.chromium import DevTools, dump_dom, find_chromium, page_url, screenshot
from viz.page import render
from viz.png import ink
from viz.routes import router
from viz.scene import PageOptions
from viz.service import Pages

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_chromium() is None,
        reason="headless Chromium is not installed (Debian package chromium)",
    ),
]

NETWORK_DIV = re.compile(r'<div id="convene-network"[^>]*>')


def network_attributes(dom: str) -> dict[str, str]:
    found = NETWORK_DIV.search(dom)
    assert found is not None, dom[:500]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', found.group(0)))


@pytest.fixture
def page_file(viz_store: SQLiteStore, tmp_path: Path) -> Path:
    path = tmp_path / "network.html"
    scene = Pages(viz_store, Visibility.INTERNAL, PageOptions()).network()
    path.write_text(render(scene), encoding="utf-8")
    return path


@pytest.fixture
def server(viz_store: SQLiteStore) -> Iterator[str]:
    """The pages served over HTTP on a free local port, at internal clearance."""
    app = FastAPI()
    app.include_router(
        router(lambda: viz_store, lambda: Visibility.INTERNAL, cache=AnalysisCache())
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not web.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    port = web.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        web.should_exit = True
        thread.join(timeout=10)


def test_a_written_page_draws_and_a_search_from_the_url_focuses_the_node(
    page_file: Path,
) -> None:
    found = network_attributes(dump_dom(page_url(page_file) + "#search=Ada"))
    assert found["data-ready"] == "1"
    assert found["data-selected"] == "ada"
    assert found["data-search"] == "found"
    assert float(found["data-ready-ms"]) > 0

    partial = network_attributes(dump_dom(page_url(page_file) + "#search=okaf"))
    assert partial["data-selected"] == "dee"

    hidden = network_attributes(dump_dom(page_url(page_file) + "#search=Casey"))
    assert hidden["data-search"] == "none" and hidden["data-selected"] == ""


def test_a_screenshot_of_a_page_is_not_blank(page_file: Path, tmp_path: Path) -> None:
    png = screenshot(page_url(page_file) + "#search=Ada", tmp_path / "network.png")
    drawing = ink(png, region=(0, 100, 1000, 850), step=3)
    assert drawing.background == (255, 255, 255)
    assert drawing.share > 0.02 and drawing.colours > 20
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    assert ink(screenshot(empty, tmp_path / "empty.png"), step=5).share == 0.0


def test_served_pages_load_their_scripts_from_convene(server: str) -> None:
    dom = dump_dom(f"{server}/viz/focus/dee?hops=3#search=Bob%20Kerslake")
    found = network_attributes(dom)
    assert found["data-ready"] == "1"  # vis-network came from /viz/static, allowed by CSP
    assert found["data-selected"] == "bob"
    assert RESTRICTED not in dom


def test_filters_hide_nodes_and_a_click_opens_a_nodes_own_network(server: str) -> None:
    with DevTools() as browser:
        browser.open(f"{server}/viz/network")
        browser.wait_for("document.getElementById('convene-network').dataset.ready === '1'")
        total = int(browser.evaluate("document.getElementById('convene-network').dataset.shown"))
        people = browser.evaluate(
            "conveneNetwork.body.data.nodes.get({filter: n => n.kind === 'Person'}).length"
        )
        browser.evaluate("document.querySelector('input[data-filter=kind][value=Person]').click()")
        shown = int(browser.evaluate("document.getElementById('convene-network').dataset.shown"))
        assert shown == total - people
        assert browser.evaluate("window.conveneSearch('Ada Lovelace')") is None
        browser.evaluate("document.querySelector('input[data-filter=kind][value=Person]').click()")
        assert browser.evaluate("window.conveneSearch('Ada Lovelace')") == "ada"

        where = browser.evaluate(
            "(function(){var r=document.getElementById('convene-network')"
            ".getBoundingClientRect(); var p=conveneNetwork.canvasToDOM("
            "conveneNetwork.getPosition('ada')); return {x: r.left+p.x, y: r.top+p.y};})()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            browser.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": where["x"], "y": where["y"], "button": "left", "clickCount": 1},
                session=browser.session,
            )
        landed = browser.wait_for(
            "location.pathname.indexOf('/viz/focus/') === 0 && location.pathname", timeout=20
        )
        assert landed == "/viz/focus/ada"
        browser.wait_for(
            "document.getElementById('convene-network') && "
            "document.getElementById('convene-network').dataset.ready === '1'"
        )
        assert browser.evaluate("document.querySelector('h1').textContent") == (
            "Ada Lovelace: own network"
        )
