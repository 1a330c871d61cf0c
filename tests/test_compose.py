"""The container wiring: docker-compose.yml and the Dockerfile agree with each other and with
what Convene reads from its environment, and no secret is written into either."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    starts = [i for i, (word, _) in enumerate(instructions) if word == "FROM"]
    return instructions[starts[-1]:]


def test_neo4j_is_5_26_community_with_a_healthcheck(services: dict[str, Any]) -> None:
    neo4j = services["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26[\w.-]*", neo4j["image"])
    assert "community" in neo4j["image"]
    check = neo4j["healthcheck"]
    test = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    assert "cypher-shell" in test or "7474" in test
    assert check["retries"] >= 3


def test_neo4j_ports_are_bound_to_loopback_only(services: dict[str, Any]) -> None:
    ports = set(services["neo4j"]["ports"])
    assert ports == {"127.0.0.1:7474:7474", "127.0.0.1:7687:7687"}
    assert services["convene"]["ports"] == ["127.0.0.1:8000:8000"]


def test_neo4j_data_lives_in_a_declared_named_volume(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    mounts = [m for m in services["neo4j"]["volumes"] if m.split(":")[1] == "/data"]
    assert len(mounts) == 1
    volume = mounts[0].split(":")[0]
    assert not volume.startswith((".", "/")), "a named volume, not a host folder"
    assert volume in compose["volumes"]


def test_convene_waits_for_neo4j_to_be_healthy(services: dict[str, Any]) -> None:
    assert services["convene"]["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert services["convene"]["build"] in (".", {"context": "."})


def test_convene_points_at_the_neo4j_service_bolt_port(services: dict[str, Any]) -> None:
    env = environment(services["convene"])
    store = urlsplit(env["CONVENE_STORE"])
    assert store.scheme in {"neo4j", "bolt"}
    assert store.hostname == "neo4j"
    bolt_ports = {p.rsplit(":", 1)[1] for p in services["neo4j"]["ports"]}
    assert str(store.port) in bolt_ports and store.port == 7687
    assert env["CONVENE_NEO4J_USER"] == "neo4j"


def test_both_services_take_the_password_from_the_environment_only(
    services: dict[str, Any],
) -> None:
    auth = environment(services["neo4j"])["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]*\}", auth), "no default password"
    password = environment(services["convene"])["CONVENE_NEO4J_PASSWORD"]
    assert re.fullmatch(r"\$\{NEO4J_PASSWORD(:\?[^}]*)?\}", password)


def test_no_literal_secret_is_written_in_the_compose_file() -> None:
    text = COMPOSE.read_text()
    assert not re.search(r"NEO4J_AUTH\s*[:=]\s*['\"]?neo4j/[^$\s]", text)
    assert "NEO4J_AUTH=none" not in text
    for line in text.splitlines():
        if re.search(r"PASSWORD\s*[:=]", line) and not line.lstrip().startswith("#"):
            assert "${NEO4J_PASSWORD" in line, line


def test_the_image_serves_on_the_port_compose_publishes(services: dict[str, Any]) -> None:
    stage = final_stage()
    [cmd] = [json.loads(args) for word, args in stage if word == "CMD"]
    assert cmd[:2] == ["convene", "serve"]
    port = cmd[cmd.index("--port") + 1]
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0"
    assert ("EXPOSE", port) in stage
    published = services["convene"]["ports"][0].rsplit(":", 1)[1]
    assert published == port


def test_the_image_runs_as_a_non_root_user_with_a_python_healthcheck() -> None:
    stage = final_stage()
    assert stage[0] == ("FROM", "python:3.11-slim")
    users = [args for word, args in stage if word == "USER"]
    assert users and users[-1] not in {"root", "0"}
    [check] = [args for word, args in stage if word == "HEALTHCHECK"]
    assert "python" in check and "http://127.0.0.1:8000/healthz" in check
    assert "curl" not in check


def test_the_build_context_leaves_out_local_clutter() -> None:
    ignored = set(DOCKERIGNORE.read_text().split())
    assert {".git", ".venv", ".env", "var", "*.db"} <= ignored
