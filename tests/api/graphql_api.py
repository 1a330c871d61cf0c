"""Calling the API in tests: through HTTP, with FastAPI's TestClient, as a chosen role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.access import Role, key_entry, new_key
from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore


@dataclass(frozen=True)
class Keys:
    """One fresh key per role, and the entries that configure them."""

    viewer: str
    member: str
    steward: str

    @classmethod
    def fresh(cls) -> Keys:
        return cls(viewer=new_key(), member=new_key(), steward=new_key())

    def of(self, role: Role) -> str:
        return {Role.VIEWER: self.viewer, Role.MEMBER: self.member, Role.STEWARD: self.steward}[
            role
        ]

    def entries(self) -> str:
        return ",".join(key_entry(self.of(r), r, f"{r.value}-key") for r in Role)


def settings_for(keys: Keys, **overrides: Any) -> Settings:
    return Settings(store="sqlite:///unused.db", api_keys=keys.entries(), **overrides)


class Api:
    """A TestClient for one app, with the role keys at hand."""

    def __init__(self, client: TestClient, keys: Keys) -> None:
        self.client = client
        self.keys = keys

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: Role | None = Role.STEWARD,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if role is not None:
            sent["Authorization"] = f"Bearer {self.keys.of(role)}"
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post("/graphql", json=body, headers=sent)

    def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: Role | None = Role.STEWARD,
    ) -> dict[str, Any]:
        """The ``data`` of a query that must succeed with no errors at all."""
        response = self.post(query, variables, role=role)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert "errors" not in answer, answer["errors"]
        data: dict[str, Any] = answer["data"]
        return data

    def errors(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: Role | None = Role.STEWARD,
    ) -> list[dict[str, Any]]:
        """The ``errors`` of a query that must fail."""
        response = self.post(query, variables, role=role)
        assert response.status_code == 200, response.text
        errors: list[dict[str, Any]] = response.json()["errors"]
        return errors


def make_api(store: GraphStore, keys: Keys, **overrides: Any) -> tuple[TestClient, Api]:
    client = TestClient(create_app(settings_for(keys, **overrides), store=store))
    return client, Api(client, keys)
