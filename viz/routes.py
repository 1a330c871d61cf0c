"""The pages as HTTP routes: ``/`` (the landing page), ``/viz/...`` and ``/viz/static/...``.

Mount with::

    from viz.routes import router as viz_router
    app.include_router(viz_router(get_store, get_clearance))

``get_store`` and ``get_clearance`` are FastAPI dependencies (any callables FastAPI can
resolve, e.g. taking the ``Request``): the open :class:`~graph.store.base.GraphStore`, and the
:class:`~graph.vocabulary.Visibility` the caller is cleared to. Every page is drawn from the
graph read at that clearance.

Pages are plain ``GET`` routes answering HTML. Each carries a Content-Security-Policy that
allows scripts and styles from this server only (the pages have no inline script: their
data travels as JSON in a non-executable block), no framing, and no connections elsewhere;
a node or community that does not exist, or that the caller may not see, is one 404 page
(the two are never told apart), a bad parameter a 400 page.
"""

# No ``from __future__ import annotations`` here: FastAPI must see the dependency aliases
# built inside :func:`router` as objects, not as names it cannot resolve from this module.

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from graph.analysis.cache import DEFAULT_CACHE, AnalysisCache
from graph.analysis.history import check_period, earliest_tie, indicators, quarter_ends
from graph.errors import InvalidData
from graph.store.base import GraphFilter, GraphStore
from graph.vocabulary import NodeKind, Visibility
from viz.assets import STATIC_FILES, Assets, media_type, read_static
from viz.history_page import history_page
from viz.page import environment, render
from viz.scene import DEFAULT_MAX_NODES, PageOptions
from viz.service import Pages
from viz.styling import ColorBy, SizeBy
from viz.views import UnknownItem, UnknownNode

STATIC_URL = "/viz/static"
FOCUS_URL = "/viz/focus/{id}"
COMMUNITY_URL = "/viz/community/{n}"
MAX_PAGE_NODES = 5_000
"""The most nodes a caller may ask one page to draw (``max_nodes``)."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
"""Pages depend on who asks (their clearance), so they are never cached."""
PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter cannot be used: a page listing each problem",
          "content": {"text/html": {}}},
    404: {"description": "No such node or item (or one the caller may not see): a page saying "
          "which", "content": {"text/html": {}}},
}
STATIC_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file", "content": {"text/css": {}, "text/javascript": {}}},
    404: {"description": "No such file", "content": {"text/plain": {}}},
}
STATIC_HEADERS = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}


def _html(text: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status_code, headers=PAGE_HEADERS)


def error_page(status_code: int, title: str, problems: list[str]) -> HTMLResponse:
    html = (
        environment()
        .get_template("error.html")
        .render(title=title, problems=problems, css=f"{STATIC_URL}/convene.css")
    )
    return _html(html, status_code)


def _suffix(**params: Any) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return f"?{urlencode(kept)}" if kept else ""


def router(
    get_store: Callable[..., GraphStore | Awaitable[GraphStore]],
    get_clearance: Callable[..., Visibility | Awaitable[Visibility]],
    *,
    cache: AnalysisCache = DEFAULT_CACHE,
) -> APIRouter:
    """The landing page and the pages, reading from ``get_store`` at ``get_clearance``."""
    api = APIRouter(tags=["pages"], responses=PAGE_ERRORS)
    StoreDep = Annotated[GraphStore, Depends(get_store)]
    ClearanceDep = Annotated[Visibility, Depends(get_clearance)]
    ColorQ = Annotated[ColorBy | None, Query(description="kind, scale or community")]
    SizeQ = Annotated[SizeBy | None, Query(description="degree, betweenness or score")]
    AsOfQ = Annotated[
        date | None, Query(description="draw the network as it stood on this day (YYYY-MM-DD)")
    ]
    MaxQ = Annotated[
        int, Query(ge=1, le=MAX_PAGE_NODES, description="the most nodes to draw one by one")
    ]

    def pages(
        store: GraphStore,
        clearance: Visibility,
        *,
        color_by: ColorBy | None = None,
        size_by: SizeBy | None = None,
        max_nodes: int = DEFAULT_MAX_NODES,
        focus_suffix: str = "",
        as_of: date | None = None,
    ) -> Pages:
        options = PageOptions(
            color_by=color_by,
            size_by=size_by,
            assets=Assets.served(STATIC_URL),
            focus_url=FOCUS_URL + focus_suffix,
            community_url=COMMUNITY_URL + _suffix(color_by=color_by and color_by.value),
            home_url="/",
            max_nodes=max_nodes,
        )
        return Pages(store, clearance, options, cache, as_of)

    async def draw(make: Callable[[], str]) -> Response:
        try:
            return _html(await run_in_threadpool(make))
        except UnknownNode as exc:
            return error_page(404, "Not found", [str(p) for p in exc.problems])
        except UnknownItem as exc:
            return error_page(404, "Not found", [str(p) for p in exc.problems])
        except InvalidData as exc:
            return error_page(400, "Cannot draw this page", [str(p) for p in exc.problems])

    @api.get("/", response_class=HTMLResponse, summary="The landing page")
    async def landing(store: StoreDep, clearance: ClearanceDep) -> Response:
        return await draw(
            lambda: Pages(store, clearance, PageOptions(assets=Assets.served())).landing()
        )

    @api.get(
        f"{STATIC_URL}/{{name}}",
        summary="The pages' scripts and styles",
        response_class=Response,
        responses=STATIC_ANSWERS,
    )
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(read_static(name), media_type=media_type(name), headers=STATIC_HEADERS)

    @api.get("/viz/history", response_class=HTMLResponse, summary="Indicators over time")
    async def history(
        store: StoreDep,
        clearance: ClearanceDep,
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="to")] = None,
    ) -> Response:
        def make() -> str:
            graph = store.to_networkx(GraphFilter(clearance=clearance))
            made = store.introductions() if clearance is Visibility.RESTRICTED else []
            first = start or earliest_tie(graph) or date.today()
            last = end or date.today()
            check_period(first, last)
            rows = indicators(graph, quarter_ends(first, last), introductions=made)
            return history_page(rows, css_href=f"{STATIC_URL}/convene.css")

        return await draw(make)

    @api.get("/viz/network", response_class=HTMLResponse, summary="The whole network")
    async def network(
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
        max_nodes: MaxQ = DEFAULT_MAX_NODES,
        grouped: bool = False,
    ) -> Response:
        viz = pages(
            store,
            clearance,
            as_of=as_of,
            color_by=color_by,
            size_by=size_by,
            max_nodes=max_nodes,
            focus_suffix=_suffix(color_by=color_by and color_by.value),
        )
        return await draw(lambda: render(viz.network(grouped=grouped)))

    @api.get("/viz/focus", include_in_schema=False)
    def focus_form(id: str, hops: int = 1) -> Response:
        return RedirectResponse(f"/viz/focus/{quote(id, safe='')}{_suffix(hops=hops)}", 303)

    @api.get(
        "/viz/focus/{node_id:path}", response_class=HTMLResponse, summary="One node's own network"
    )
    async def focus(
        node_id: str,
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        hops: Annotated[int, Query(ge=1, le=4)] = 1,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
        max_nodes: MaxQ = DEFAULT_MAX_NODES,
    ) -> Response:
        suffix = _suffix(
            hops=hops, color_by=color_by and color_by.value, size_by=size_by and size_by.value
        )
        viz = pages(
            store,
            clearance,
            as_of=as_of,
            color_by=color_by,
            size_by=size_by,
            max_nodes=max_nodes,
            focus_suffix=suffix,
        )
        return await draw(lambda: render(viz.focus(node_id, hops)))

    @api.get("/viz/paths", response_class=HTMLResponse, summary="The paths between two nodes")
    async def paths(
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        a: str,
        b: str,
        k: Annotated[int, Query(ge=1, le=20)] = 5,
        max_hops: Annotated[int, Query(ge=1, le=8)] = 4,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
    ) -> Response:
        viz = pages(store, clearance, as_of=as_of, color_by=color_by, size_by=size_by)
        return await draw(lambda: render(viz.paths(a, b, k=k, max_hops=max_hops)))

    @api.get("/viz/community", include_in_schema=False)
    def community_form(n: int = 1) -> Response:
        return RedirectResponse(f"/viz/community/{n}", 303)

    @api.get("/viz/community/{number}", response_class=HTMLResponse, summary="One community")
    async def community(
        number: int,
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
        max_nodes: MaxQ = DEFAULT_MAX_NODES,
    ) -> Response:
        viz = pages(
            store, clearance, as_of=as_of, color_by=color_by, size_by=size_by,
            max_nodes=max_nodes,
        )
        return await draw(lambda: render(viz.community(number)))

    @api.get("/viz/brokers", response_class=HTMLResponse, summary="The brokers")
    async def brokers(
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        kind: NodeKind | None = None,
        top: Annotated[int, Query(ge=1, le=200)] = 20,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
    ) -> Response:
        viz = pages(store, clearance, as_of=as_of, color_by=color_by, size_by=size_by)
        return await draw(lambda: render(viz.brokers(kind=kind, top=top)))

    @api.get("/viz/sweet-spots", response_class=HTMLResponse, summary="The sweet spots")
    async def sweet_spots(
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        top: Annotated[int, Query(ge=1, le=200)] = 20,
        gaps: bool = False,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
    ) -> Response:
        viz = pages(store, clearance, as_of=as_of, color_by=color_by, size_by=size_by)
        return await draw(lambda: render(viz.sweet_spots(top=top, gaps=gaps)))

    @api.get("/viz/introductions", include_in_schema=False)
    def introductions_form(person: str) -> Response:
        return RedirectResponse(f"/viz/introductions/{quote(person, safe='')}", 303)

    @api.get(
        "/viz/introductions/{person:path}",
        response_class=HTMLResponse,
        summary="One person's suggested introductions",
    )
    async def introductions(
        person: str,
        *,
        store: StoreDep,
        clearance: ClearanceDep,
        as_of: AsOfQ = None,
        k: Annotated[int, Query(ge=1, le=50)] = 10,
        color_by: ColorQ = None,
        size_by: SizeQ = None,
    ) -> Response:
        viz = pages(store, clearance, as_of=as_of, color_by=color_by, size_by=size_by)
        return await draw(lambda: render(viz.introductions(person, k=k)))

    return api
