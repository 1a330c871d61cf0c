"""The Neo4j store's failures say what to check, name the server and never the password.

The unreachable-server tests use the real driver against a port nothing listens on; the
others make the fake driver raise the errors a real server sends.
"""

from __future__ import annotations

import re
import time

import pytest
from neo4j import exceptions as neo
from neo4j_fake import FakeDriver

from graph.errors import ConveneError, InvalidStoreURI, StoreUnavailable
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j_errors import Neo4jStoreError, safe_uri
from graph.store.uri import open_store

SECRET = "correct-horse-battery-staple"
NOWHERE = "neo4j://127.0.0.1:1"


def server_error(code: str, message: str) -> neo.Neo4jError:
    """An error as the driver builds it from a server's FAILURE message."""
    return neo.Neo4jError._hydrate_neo4j(code=code, message=message)


def fake_store(error: BaseException, **kwargs: str) -> Neo4jStore:
    driver = FakeDriver(fail_with=error)
    return Neo4jStore("neo4j://graph.example:7687", password=SECRET, driver=driver, **kwargs)


@pytest.mark.parametrize("uri", [NOWHERE, "bolt://127.0.0.1:1"])
def test_an_unreachable_server_is_reported_with_its_uri_and_what_to_check(uri: str) -> None:
    store = Neo4jStore(uri, user="neo4j", password=SECRET, connection_timeout=1.0,
                       retry_time=0.5)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as caught:
        store.create_schema()
    message = str(caught.value)
    assert uri in message
    assert "CONVENE_STORE" in message
    assert "running" in message
    assert SECRET not in message
    assert time.monotonic() - started < 10
    store.close()


def test_every_operation_on_an_unreachable_server_raises_store_unavailable() -> None:
    with Neo4jStore(NOWHERE, password=SECRET, connection_timeout=1.0, retry_time=0.2) as store:
        for call in (store.ping, store.version, store.counts, lambda: store.get_nodes(["a"])):
            with pytest.raises(StoreUnavailable, match=re.escape("127.0.0.1:1")) as caught:
                call()
            assert SECRET not in str(caught.value)


def test_open_store_dispatches_neo4j_uris_and_fails_cleanly_when_unreachable() -> None:
    with pytest.raises(StoreUnavailable, match=re.escape(f"cannot reach Neo4j at {NOWHERE}")):
        open_store(NOWHERE, user="neo4j", password=SECRET)


def test_bad_credentials_name_the_user_and_the_settings_not_the_password() -> None:
    error = server_error("Neo.ClientError.Security.Unauthorized",
                         f"The client is unauthorized due to authentication failure ({SECRET})")
    store = fake_store(error, user="convene")
    with pytest.raises(StoreUnavailable) as caught:
        store.ping()
    message = str(caught.value)
    assert "neo4j://graph.example:7687" in message
    assert "'convene'" in message
    assert "CONVENE_NEO4J_USER" in message and "CONVENE_NEO4J_PASSWORD" in message
    assert SECRET not in message


def test_a_server_that_needs_a_login_when_none_was_given_says_which_setting() -> None:
    error = server_error("Neo.ClientError.Security.Unauthorized", "unauthorized")
    store = Neo4jStore("neo4j://graph.example:7687", driver=FakeDriver(fail_with=error))
    with pytest.raises(StoreUnavailable, match="no password was given: set CONVENE_NEO4J_PASS"):
        store.ping()


def test_a_missing_database_names_it_and_the_setting() -> None:
    error = server_error("Neo.ClientError.Database.DatabaseNotFound",
                         "Graph not found: convene")
    store = fake_store(error, database="convene")
    with pytest.raises(StoreUnavailable) as caught:
        store.version()
    message = str(caught.value)
    assert "'convene'" in message
    assert "CONVENE_NEO4J_DATABASE" in message


def test_a_server_error_inside_a_write_transaction_is_translated() -> None:
    error = neo.ServiceUnavailable("Unable to retrieve routing information")
    store = fake_store(error)
    from factories import node

    with pytest.raises(StoreUnavailable, match="cannot reach"):
        store.upsert_nodes([node("ada")])


def test_a_forbidden_operation_says_which_user_lacks_rights() -> None:
    error = server_error("Neo.ClientError.Security.Forbidden", "Schema operations not allowed")
    with pytest.raises(StoreUnavailable, match="'reader' may not"):
        fake_store(error, user="reader").create_schema()


def test_other_server_errors_become_convene_errors_with_the_code() -> None:
    error = server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input")
    with pytest.raises(Neo4jStoreError, match="SyntaxError") as caught:
        fake_store(error).version()
    assert isinstance(caught.value, ConveneError)


def test_a_malformed_uri_is_refused_when_the_store_is_made() -> None:
    with pytest.raises((StoreUnavailable, InvalidStoreURI)) as caught:
        Neo4jStore("neo4j://host:7687?x=1&y", password=SECRET)
    assert SECRET not in str(caught.value)


def test_credentials_in_a_uri_never_reach_a_message() -> None:
    assert safe_uri(f"neo4j://neo4j:{SECRET}@db.example:7687") == "neo4j://db.example:7687"
    for uri in (f"neo4j://neo4j:{SECRET}@127.0.0.1:1", f"bolt://neo4j:{SECRET}@127.0.0.1:1"):
        # Either making the store or using it may refuse the URI; neither may echo the password.
        with pytest.raises(ConveneError) as caught:
            store = Neo4jStore(uri, connection_timeout=1.0, retry_time=0.2)
            assert SECRET not in store.uri
            store.ping()
        assert "127.0.0.1:1" in str(caught.value)
        assert SECRET not in str(caught.value)
