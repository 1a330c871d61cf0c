"""Settings from the environment (``CONVENE_*``), read once through :func:`get_settings`."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
