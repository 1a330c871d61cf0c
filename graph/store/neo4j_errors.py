"""What the Neo4j driver's errors mean to someone running Convene, and what to check.

Each message names the server (never the password) and the setting to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from neo4j import exceptions as neo

from graph.errors import ConveneError, StoreUnavailable

DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


class Neo4jStoreError(ConveneError):
    """Neo4j refused or failed a statement for a reason other than reachability."""


def safe_uri(uri: str) -> str:
    """``uri`` without any ``user:password@`` part, for messages and logs."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparseable URI>"
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


@dataclass(frozen=True, slots=True)
class Target:
    """Where a store points, for messages."""

    uri: str
    user: str | None
    database: str | None
    secret: str | None = None

    @property
    def where(self) -> str:
        db = f" (database {self.database!r})" if self.database else ""
        return f"Neo4j at {safe_uri(self.uri)}{db}"

    def scrub(self, text: str) -> str:
        """``text`` with any password blanked, should a driver message ever echo one."""
        text = text.replace(self.uri, safe_uri(self.uri))
        for secret in (self.secret, _uri_password(self.uri)):
            if secret:
                text = text.replace(secret, "***")
        return text


def _uri_password(uri: str) -> str | None:
    try:
        return urlsplit(uri).password
    except ValueError:
        return None


def _detail(exc: BaseException) -> str:
    # A server error's own message is the useful part; a driver error's is its str().
    text = exc.message if isinstance(exc, neo.Neo4jError) else str(exc)
    flat = " ".join(line.strip() for line in (text or "").splitlines() if line.strip())
    flat = flat.rstrip(".;: ")
    return (flat[:297] + "...") if len(flat) > 300 else flat or type(exc).__name__


def translate(exc: Exception, target: Target) -> ConveneError:
    """The :class:`ConveneError` to raise instead of the driver's ``exc``."""
    where = target.where
    if isinstance(exc, neo.AuthError):
        if target.secret is None:
            message = (
                f"{where} requires a login and no password was given: set "
                "CONVENE_NEO4J_PASSWORD (and CONVENE_NEO4J_USER if the user is not 'neo4j')"
            )
        else:
            message = (
                f"{where} refused the login for user {target.user or 'neo4j'!r}: check "
                "CONVENE_NEO4J_USER and CONVENE_NEO4J_PASSWORD"
            )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.Forbidden):
        message = (
            f"{where}: user {target.user or 'neo4j'!r} may not do this ({_detail(exc)}); "
            "grant the user read and write access, or set CONVENE_NEO4J_USER to one that has it"
        )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.Neo4jError) and exc.code == DATABASE_NOT_FOUND:
        message = (
            f"{where} has no database {target.database or '(default)'!r}: check "
            "CONVENE_NEO4J_DATABASE (leave it unset for the server's default database; "
            "Community edition has only 'neo4j')"
        )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.DatabaseUnavailable):
        message = (
            f"{where}: the database is not available ({_detail(exc)}); it may be starting or "
            "stopped: wait and retry, or check the server's log"
        )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.ServiceUnavailable | neo.SessionExpired | neo.ConnectionPoolError):
        message = (
            f"cannot reach {where} ({_detail(exc)}): check that the server is running and "
            "reachable from here, and the URI in CONVENE_STORE (neo4j://host:7687 or "
            "bolt://host:7687)"
        )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.ConfigurationError | ValueError):
        message = (
            f"cannot use {where}: {_detail(exc)}; check the URI in CONVENE_STORE "
            "(neo4j://host:7687, bolt://host:7687, or their +s/+ssc forms for TLS)"
        )
        return StoreUnavailable(target.scrub(message))
    if isinstance(exc, neo.Neo4jError):
        return Neo4jStoreError(target.scrub(f"{where} failed: {exc.code}: {_detail(exc)}"))
    return Neo4jStoreError(target.scrub(f"{where} failed: {_detail(exc)}"))


TRANSLATED: tuple[type[Exception], ...] = (neo.Neo4jError, neo.DriverError, OSError)
"""The exceptions a store turns into Convene's own."""
OPENING: tuple[type[Exception], ...] = (*TRANSLATED, ValueError)
"""Those, and a malformed URI, when the driver is made (nowhere else: InvalidData is one too)."""
