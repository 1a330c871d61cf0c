"""Store URIs: ``sqlite:///relative.db``, ``sqlite:////absolute.db``, ``neo4j://host:7687``.

The SQLite form follows SQLAlchemy's convention (three slashes, then the path), so
``sqlite:////var/lib/convene/g.db`` is an absolute path and ``sqlite:///g.db`` a relative one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from graph.errors import InvalidStoreURI
from graph.store.base import GraphStore

NEO4J_SCHEMES = frozenset({"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"})


def default_store_path() -> Path:
    """Where the embedded store lives when nothing is configured."""
    return platformdirs.user_data_path("convene") / "convene.db"


def default_store_uri() -> str:
    return f"sqlite:///{default_store_path()}"


def sqlite_path(uri: str) -> Path:
    """The file a ``sqlite:///`` URI names."""
    if not uri.startswith("sqlite:///") or len(uri) == len("sqlite:///"):
        raise InvalidStoreURI(
            f"store URI {uri!r}: write sqlite:///relative/path.db or sqlite:////absolute/path.db"
        )
    return Path(uri[len("sqlite:///") :]).expanduser()


def open_store(
    uri: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> GraphStore:
    """Open the store ``uri`` names (the embedded default when ``None``), schema created.

    ``user``, ``password`` and ``database`` are for Neo4j and ignored by the embedded store.
    """
    uri = uri or default_store_uri()
    scheme = urlsplit(uri).scheme.lower()
    if scheme == "sqlite":
        from graph.store.sqlite import SQLiteStore

        return SQLiteStore(sqlite_path(uri))
    if scheme in NEO4J_SCHEMES:
        from graph.store.neo4j import Neo4jStore

        store = Neo4jStore(uri, user=user, password=password, database=database)
        store.create_schema()
        return store
    raise InvalidStoreURI(
        f"store URI {uri!r}: the scheme must be sqlite, neo4j or bolt "
        "(for example sqlite:///convene.db or neo4j://localhost:7687)"
    )
