"""The HTTP application: built by :func:`create_app`, nothing done at import time.

The store is opened once in the lifespan and shared by every request; its health decides
``/readyz``. ``/graphql`` serves the GraphQL API (see :mod:`api.graphql`); the operational
endpoints are described by OpenAPI at ``/openapi.json`` and ``/docs``.

Every request passes, outermost first: :class:`~api.middleware.RequestContext` (request id,
log line, last-resort 500), CORS when ``CONVENE_CORS_ORIGINS`` names origins (closed
otherwise), and :class:`~api.limits.BodySizeLimit` (413).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import structlog
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from api.access import Caller, KeyRing, Unauthenticated
from api.graphql import graphql_route
from api.limits import BodySizeLimit
from api.logging import configure_logging
from api.middleware import RequestContext
from api.settings import Settings, get_settings
from api.stores import open_configured_store
from graph.analysis.cache import DEFAULT_CACHE
from graph.errors import ConveneError, StoreUnavailable
from graph.memory import collect_young_less_often
from graph.store import GraphStore
from graph.vocabulary import Visibility
from viz.routes import router as viz_router

log = structlog.get_logger("convene.app")


# The dependencies are async, though nothing in them waits: FastAPI runs a plain ``def``
# dependency on a worker thread, and the hand-off costs more than what they do.
async def _store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(_store)]


async def _clearance(caller: Caller) -> Visibility:
    return caller.clearance


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the application for ``settings`` (the environment's by default).

    Pass ``store`` to serve an already open store (tests); otherwise the configured one is
    opened at start-up and closed at shutdown. Raises :class:`~api.access.KeyConfigError`
    when the configured API keys cannot be read.
    """
    settings = settings or get_settings()
    keyring = KeyRing.configured(settings.api_keys, settings.api_keys_file, settings.bind_host)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_configured_store(settings.store)
        log.info(
            "serving",
            store=app.state.store.uri,
            api_keys=len(keyring),
            anonymous="viewer" if keyring.anonymous else "refused",
        )
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Convene",
        description="Who connects to whom in health and social care. The GraphQL API is at "
        "`/graphql` (GraphiQL in a browser); these are the operational endpoints.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.keyring = keyring
    app.state.settings = settings

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        )
    app.add_middleware(RequestContext)

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
        log.info("unauthenticated", path=request.url.path, reason=str(exc))
        return JSONResponse(
            {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="convene"'},
        )

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # What failed goes to the log; the caller learns only that it is worth retrying.
        log.warning("store unavailable", path=request.url.path, reason=str(exc))
        return JSONResponse(
            {"status": "unavailable", "reason": "the store is not answering; try again shortly"},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    app.router.routes.append(graphql_route(settings))
    app.include_router(viz_router(_store, _clearance))

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], summary="The store answers",
             responses={503: {"description": "The store cannot be reached"}})
    def readyz(store: StoreDep) -> Any:
        try:
            store.ping()
        except ConveneError as exc:
            log.warning("store not ready", error=str(exc))
            return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
        return {"status": "ready", "version": store.version()}

    @app.get("/stats", tags=["network"], summary="Public figures of the network")
    def stats(store: StoreDep) -> dict[str, Any]:
        return {**store.counts(clearance=Visibility.PUBLIC).to_dict(), "version": store.version()}

    return app


def prepare_serving_process(log_level: str, log_format: str, *, freeze: bool = True) -> None:
    """Set up a process that serves the API: logging configured in the process itself, the
    analysis cache keeping its graphs out of full garbage collections (``freeze``), which would
    otherwise walk a big network every few seconds and stall every request while they do, and
    the youngest generation collected less often (:func:`~graph.memory.collect_young_less_often`).
    """
    configure_logging(log_level, log_format)
    DEFAULT_CACHE.freeze = freeze
    collect_young_less_often()


def serving_app() -> FastAPI:
    """The app as ``convene serve`` runs it in each worker process (uvicorn's factory), with
    settings from the environment, in a process set up by :func:`prepare_serving_process`."""
    settings = get_settings()
    prepare_serving_process(settings.log_level, settings.log_format)
    return create_app(settings)
