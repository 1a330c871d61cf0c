"""Opening the configured store, for the CLI and the API alike."""

from __future__ import annotations

from api.settings import get_settings
from graph.store import GraphStore, open_store


def open_configured_store(uri: str | None = None) -> GraphStore:
    """Open ``uri`` (``CONVENE_STORE`` by default) with the configured Neo4j credentials."""
    settings = get_settings()
    password = settings.neo4j_password
    return open_store(
        uri or settings.store,
        user=settings.neo4j_user,
        password=password.get_secret_value() if password else None,
        database=settings.neo4j_database,
    )
