"""Access: keys and their configuration, roles and what each sees, anonymous callers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import structlog
from click.testing import CliRunner
from fastapi.testclient import TestClient
from graphql_api import Api, Keys, make_api, settings_for

from api.access import (
    ANONYMOUS,
    Caller,
    KeyConfigError,
    KeyRing,
    Role,
    Unauthenticated,
    is_loopback,
    key_entry,
    new_key,
    parse_entries,
)
from api.app import create_app
from api.cli import main
from api.settings import Settings
from graph.store import GraphStore

# -- configuration ---------------------------------------------------------------------------


def test_entries_from_env_text_and_file(tmp_path: Path) -> None:
    one, two, three = new_key(), new_key(), new_key()
    env = f"{key_entry(one, Role.VIEWER)}, {key_entry(two, Role.MEMBER, 'ops')}"
    keys_file = tmp_path / "keys"
    keys_file.write_text(
        "# stewards\n\n" + key_entry(three, Role.STEWARD, "alice") + "   # Alice, 2026\n"
    )
    ring = KeyRing.configured(env, keys_file, bind_host="0.0.0.0")
    assert len(ring) == 3
    assert ring.anonymous is None
    assert ring.authenticate({"authorization": f"Bearer {one}"}).role is Role.VIEWER
    member = ring.authenticate({"x-api-key": two})
    assert (member.role, member.actor) == (Role.MEMBER, "key:ops")
    steward = ring.authenticate({"authorization": f"bearer {three}"})
    assert (steward.role, steward.actor) == (Role.STEWARD, "key:alice")


def test_an_entry_is_the_role_and_the_sha256_of_the_key() -> None:
    key = new_key()
    entry = key_entry(key, Role.MEMBER)
    assert entry == f"member:{hashlib.sha256(key.encode()).hexdigest()}"
    assert key not in entry
    [parsed] = parse_entries(entry.upper().replace("MEMBER", "Member"), "test")
    assert parsed.role is Role.MEMBER  # hex and role in any case
    assert parsed.actor == f"key:{entry.split(':')[1][:12]}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("admin:" + "a" * 64, "role 'admin' must be one of viewer, member, steward"),
        ("viewer:" + "a" * 63, "64 hexadecimal digits"),
        ("viewer:" + "g" * 64, "64 hexadecimal digits"),
        ("viewer", "expected role:sha256hex"),
        ("viewer:" + "a" * 64 + ":bad/label", "label"),
        ("viewer:" + "a" * 64 + ":x:y", "expected role:sha256hex"),
    ],
)
def test_bad_entries_are_refused_naming_where(text: str, problem: str) -> None:
    with pytest.raises(KeyConfigError, match=r"keys\.txt line 2 entry 1") as caught:
        parse_entries("# ok\n" + text, "keys.txt")
    assert problem in str(caught.value)


def test_an_unreadable_keys_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError, match="cannot read it"):
        KeyRing.configured("", tmp_path / "missing", None)
    (tmp_path / "latin").write_bytes(b"viewer:\xff")
    with pytest.raises(KeyConfigError, match="not UTF-8"):
        KeyRing.configured("", tmp_path / "latin", None)


def test_app_refuses_to_start_with_bad_keys(tmp_path: Path, store: GraphStore) -> None:
    with pytest.raises(KeyConfigError, match="CONVENE_API_KEYS line 1"):
        create_app(Settings(api_keys="steward:nothex"), store=store)


def test_settings_read_keys_host_and_origins_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONVENE_API_KEYS", "viewer:" + "a" * 64)
    monkeypatch.setenv("CONVENE_API_KEYS_FILE", str(tmp_path / "keys"))
    monkeypatch.setenv("CONVENE_BIND_HOST", "127.0.0.1")
    monkeypatch.setenv("CONVENE_CORS_ORIGINS", "https://a.example, https://b.example")
    settings = Settings()
    assert settings.api_keys == "viewer:" + "a" * 64
    assert settings.api_keys_file == tmp_path / "keys"
    assert settings.bind_host == "127.0.0.1"
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("::", False), ("10.0.0.2", False),
     ("example.org", False), (None, False)],
)
def test_loopback_hosts(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    assert (KeyRing.configured("", None, host).anonymous is ANONYMOUS) is loopback


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"authorization": "Basic dXNlcjpwYXNz"}, "must be 'Bearer <key>'"),
        ({"authorization": "Bearer "}, "must be 'Bearer <key>'"),
        ({"x-api-key": ""}, "empty"),
        ({"authorization": "Bearer a", "x-api-key": "b"}, "different keys"),
        ({"x-api-key": "x" * 300}, "not valid"),
        ({"x-api-key": "cvn_wrong"}, "not valid"),
    ],
)
def test_malformed_or_wrong_credentials(headers: dict[str, str], reason: str) -> None:
    ring = KeyRing(parse_entries(key_entry(new_key(), Role.STEWARD), "t"), anonymous=ANONYMOUS)
    with pytest.raises(Unauthenticated, match=reason):
        ring.authenticate(headers)


def test_keys_new_prints_a_key_once_and_its_entry() -> None:
    result = CliRunner().invoke(main, ["keys", "new", "--role", "steward", "--label", "alice"])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    key = next(line for line in lines if line.startswith("cvn_"))
    entry = next(line for line in lines if line.startswith("steward:"))
    assert entry == key_entry(key, Role.STEWARD, "alice")
    ring = KeyRing(parse_entries(entry, "printed"))
    assert ring.authenticate({"authorization": f"Bearer {key}"}).actor == "key:alice"

    as_json = CliRunner().invoke(main, ["keys", "new", "--role", "viewer", "--json"])
    assert '"role": "viewer"' in as_json.output
    bad = CliRunner().invoke(main, ["keys", "new", "--role", "viewer", "--label", "a b"])
    assert bad.exit_code != 0 and "label" in bad.output
    assert CliRunner().invoke(main, ["keys", "new", "--role", "admin"]).exit_code != 0


# -- over HTTP -------------------------------------------------------------------------------

PEOPLE = "{ nodes(kind: PERSON) { nodes { id } } }"


def test_anonymous_refused_off_loopback(api: Api) -> None:
    response = api.post(PEOPLE, role=None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in response.json()


def test_wrong_key_is_401_even_on_loopback(network: GraphStore, keys: Keys) -> None:
    client, api = make_api(network, keys, bind_host="127.0.0.1")
    with client:
        wrong = api.post(PEOPLE, role=None, headers={"Authorization": "Bearer cvn_guess"})
        assert wrong.status_code == 401
        assert wrong.json()["errors"][0]["message"] == "the API key is not valid"
        anonymous = api.data(PEOPLE, role=None)
        assert anonymous["nodes"]["nodes"] == [{"id": "ada"}]  # viewer: public people only
        assert api.data("{ me { role actor } }", role=None)["me"] == {
            "role": "VIEWER", "actor": "anonymous",
        }


def test_anonymous_viewer_cannot_write_on_loopback(network: GraphStore, keys: Keys) -> None:
    client, api = make_api(network, keys, bind_host="::1")
    with client:
        data = api.data('mutation { deleteNodes(ids: ["ada"]) { __typename } }', role=None)
        assert data["deleteNodes"]["__typename"] == "PermissionDenied"
        assert network.get_nodes(["ada"])


def test_x_api_key_header_is_accepted(api: Api, keys: Keys) -> None:
    response = api.post("{ me { role } }", role=None, headers={"X-API-Key": keys.member})
    assert response.json() == {"data": {"me": {"role": "MEMBER"}}}


def test_viewer_sees_public_people_only(api: Api) -> None:
    assert api.data(PEOPLE, role=Role.VIEWER)["nodes"]["nodes"] == [{"id": "ada"}]
    assert api.data('{ node(id: "bob") { id } }', role=Role.VIEWER) == {"node": None}
    ada = api.data('{ node(id: "ada") { neighbours(kinds: PERSON) { id } relationships(types: '
                   "KNOWS) { targetId } } }", role=Role.VIEWER)["node"]
    assert ada == {"neighbours": [], "relationships": []}


def test_member_sees_internal_but_never_restricted_people_or_ties_to_them(api: Api) -> None:
    member = Role.MEMBER
    assert api.data(PEOPLE, role=member)["nodes"]["nodes"] == [{"id": "ada"}, {"id": "bob"}]
    assert api.data('{ node(id: "cas") { id } }', role=member) == {"node": None}
    assert api.data('{ nodes(text: "casey") { nodes { id } } }', role=member)["nodes"] == {
        "nodes": []
    }
    ada = api.data("""{ node(id: "ada") { neighbours { id }
        relationships { sourceId targetId source { id } target { id } } } }""", role=member)
    ids = {n["id"] for n in ada["node"]["neighbours"]}
    assert "bob" in ids and "cas" not in ids
    ends = {e for r in ada["node"]["relationships"] for e in (r["sourceId"], r["targetId"])}
    assert "cas" not in ends
    forum = api.data('{ node(id: "forum") { neighbours { id } } }', role=member)
    assert {n["id"] for n in forum["node"]["neighbours"]} == {"ada", "bob"}
    around = api.data("""{ neighbourhood(id: "forum", hops: 2) { nodes { id }
        relationships { sourceId targetId } } }""", role=member)["neighbourhood"]
    seen = {n["id"] for n in around["nodes"]} | {
        e for r in around["relationships"] for e in (r["sourceId"], r["targetId"])
    }
    assert "cas" not in seen and "bob" in seen
    assert api.data('{ neighbourhood(id: "cas") { truncated } }', role=member) == {
        "neighbourhood": None
    }


def test_restricted_place_is_hidden_below_steward(api: Api) -> None:
    query = '{ node(id: "refuge") { place { id } neighbours { id } } }'
    assert api.data(query, role=Role.MEMBER)["node"] == {"place": None, "neighbours": []}
    assert api.data(query)["node"] == {"place": {"id": "hidden"}, "neighbours": [{"id": "hidden"}]}


def test_steward_sees_restricted_people(api: Api) -> None:
    assert api.data('{ node(id: "cas") { id visibility } }') == {
        "node": {"id": "cas", "visibility": "RESTRICTED"}
    }
    ids = [n["id"] for n in api.data(PEOPLE)["nodes"]["nodes"]]
    assert ids == ["ada", "bob", "cas"]


def test_keys_are_never_logged(api: Api, keys: Keys) -> None:
    with structlog.testing.capture_logs() as logs:
        api.data("{ me { role } }")
        api.post(PEOPLE, role=None, headers={"Authorization": "Bearer cvn_not-a-real-key"})
        api.post(PEOPLE, role=None, headers={"X-API-Key": keys.member})
    text = repr(logs)
    assert keys.steward not in text and keys.member not in text
    assert "cvn_not-a-real-key" not in text
    assert any(e["event"] == "unauthenticated" for e in logs)
    assert keys.steward[4:] not in text  # nor any large part of one


def test_caller_dependency_guards_other_routes(network: GraphStore, keys: Keys) -> None:
    app = create_app(settings_for(keys), store=network)

    @app.get("/whoami")
    def whoami(caller: Caller) -> dict[str, str]:
        return {"role": caller.role.value, "clearance": caller.clearance.value}

    with TestClient(app) as client:
        assert client.get("/whoami").status_code == 401
        answer = client.get("/whoami", headers={"X-API-Key": keys.member})
        assert answer.json() == {"role": "member", "clearance": "internal"}
