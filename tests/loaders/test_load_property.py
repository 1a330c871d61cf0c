"""Whatever a nodes.csv cell holds, a load either succeeds or names the file and line."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidData
from graph.store.sqlite import SQLiteStore
from loaders import load_paths

cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Person", "Organisation", "local", "public", "a;b", "", " ", "\n", '"']),
)
row = st.fixed_dictionaries(
    {
        "id": cells,
        "kind": cells,
        "name": cells,
        "scale": cells,
        "visibility": cells,
        "aliases": cells,
        "url": cells,
        "extra": cells,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=5))
def test_random_cells_load_or_name_file_and_line(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "bundle"
        bundle.mkdir()
        with (bundle / "nodes.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        with SQLiteStore(Path(tmp) / "g.db") as store:
            try:
                report = load_paths(store, [bundle])
            except InvalidData as exc:
                assert exc.problems
                for problem in exc.problems:
                    assert re.match(rf"{re.escape(str(bundle))}/nodes\.csv line \d+", problem.where)
                assert store.counts().to_dict()["nodes"] == {}
            else:
                stored = sum(store.counts().nodes.values())
                assert stored == sum(report.nodes.values())
