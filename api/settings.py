"""Settings from the environment (``CONVENE_*``), read once through :func:`get_settings`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.store.uri import default_store_uri


class Settings(BaseSettings):
    """Everything Convene reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="CONVENE_", extra="ignore")

    store: str = Field(default_factory=default_store_uri)
    """Store URI: ``sqlite:///path.db`` (the default, embedded) or ``neo4j://host:7687``."""
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    """Neo4j's default database when unset."""
    log_level: str = "INFO"
    log_format: str = "auto"
    """``json``, ``console``, or ``auto`` (console on a terminal, JSON otherwise)."""

    # -- the HTTP service ------------------------------------------------------------------

    bind_host: str | None = None
    """The address the server listens on (``convene serve`` sets it). Anonymous requests are
    served, as ``viewer``, only when this is a loopback address; unset means refuse them."""
    api_keys: str = ""
    """API keys as ``role:sha256hex[:label]`` entries separated by commas or whitespace
    (see :mod:`api.access`); only hashes, never the keys themselves."""
    api_keys_file: Path | None = None
    """A file of the same entries, one per line; ``#`` starts a comment."""
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Origins allowed to call the API from a browser, comma-separated; none by default."""
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    """Largest request body accepted; larger ones get 413."""
    graphiql: bool = True
    """Serve the GraphiQL page at ``GET /graphql`` to browsers."""
    graphql_max_depth: int = Field(default=12, ge=2)
    graphql_max_tokens: int = Field(default=5_000, ge=100)
    graphql_max_aliases: int = Field(default=30, ge=1)
    graphql_max_cost: int = Field(default=50_000, ge=100)
    """Largest estimated number of objects one GraphQL operation may ask for (a field with
    ``first`` counts ``first`` times its selection; see :mod:`api.graphql.limits`)."""

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
