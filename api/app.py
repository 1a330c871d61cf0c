"""The HTTP application: built by :func:`create_app`, nothing done at import time.

The store is opened once in the lifespan and shared by every request; its health decides
``/readyz``. The GraphQL API and the pages mount onto this same application.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from api.settings import Settings, get_settings
from api.stores import open_configured_store
from graph.errors import ConveneError
from graph.store import GraphStore
from graph.vocabulary import Visibility

log = logging.getLogger(__name__)


def _store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(_store)]


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the application for ``settings`` (the environment's by default).

    Pass ``store`` to serve an already open store (tests); otherwise the configured one is
    opened at start-up and closed at shutdown.
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_configured_store(settings.store)
        log.info("serving", extra={"store": app.state.store.uri})
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Convene",
        description="Who connects to whom in health and social care.",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], summary="The store answers",
             responses={503: {"description": "The store cannot be reached"}})
    def readyz(store: StoreDep) -> Any:
        try:
            store.ping()
        except ConveneError as exc:
            log.warning("store not ready", extra={"error": str(exc)})
            return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
        return {"status": "ready", "version": store.version()}

    @app.get("/stats", tags=["network"], summary="Public figures of the network")
    def stats(store: StoreDep) -> dict[str, Any]:
        return {**store.counts(clearance=Visibility.PUBLIC).to_dict(), "version": store.version()}

    return app
