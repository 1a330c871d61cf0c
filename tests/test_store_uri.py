"""Choosing a store: the URI forms and the documented default path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from graph.errors import InvalidStoreURI
from graph.store.uri import default_store_path, sqlite_path


def test_sqlite_uris_follow_the_three_slash_convention() -> None:
    assert sqlite_path("sqlite:///var/demo.db") == Path("var/demo.db")
    assert sqlite_path("sqlite:////srv/convene/g.db") == Path("/srv/convene/g.db")
    with pytest.raises(InvalidStoreURI, match="sqlite:///relative"):
        sqlite_path("sqlite://g.db")


def test_with_nothing_configured_the_store_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONVENE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "convene" / "convene.db"
    assert default_store_path() == expected
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["version"] == 0
    assert expected.exists()
