"""``convene viz``: every view written to a self-contained file, options checked, PNGs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from viz_helpers import external_references, nodes, payload, resources
from viz_network import RESTRICTED

from api.cli import main
from viz.chromium import find_chromium
from viz.png import ink

NO_CHROMIUM = "headless Chromium is not installed (Debian package chromium)"


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--store", f"sqlite:///{db}", "viz", *args], env=env)


@pytest.mark.parametrize(
    ("args", "title"),
    [
        ([], "The whole network"),
        (["--grouped"], "The network by community"),
        (["--focus", "ada", "--hops", "2"], "Ada Lovelace: own network"),
        (["--paths", "dee", "eve"], "From Dee Okafor to Eve Marsh"),
        (["--community", "1"], "Community 1:"),
        (["--brokers", "--kind", "Person", "--top", "3"], "Brokers"),
        (["--sweet-spots", "--gaps"], "Sweet spots"),
        (["--introductions", "fay", "--k", "3"], "Introductions for Fay Wilde"),
    ],
)
def test_every_view_writes_a_self_contained_file(
    viz_db: Path, tmp_path: Path, args: list[str], title: str
) -> None:
    out = tmp_path / "page.html"
    result = run(viz_db, *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert f"<h1>{title}" in html
    assert external_references(html) == []
    assert resources(html).script_srcs == []  # vis-network is inline
    assert payload(html)["focusUrl"] is None  # a file has no server to open pages from
    assert 'data-click="select"' in html


def test_the_file_for_a_lower_clearance_leaves_the_restricted_out(
    viz_db: Path, tmp_path: Path
) -> None:
    everything, public = tmp_path / "all.html", tmp_path / "public.html"
    assert run(viz_db, "--out", str(everything)).exit_code == 0
    assert "cas" in nodes(everything.read_text())
    assert run(viz_db, "--clearance", "public", "--out", str(public)).exit_code == 0
    html = public.read_text()
    assert "cas" not in nodes(html) and RESTRICTED not in html
    assert "eve" not in nodes(html)  # internal


def test_colour_size_and_cap_options(viz_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = run(
        viz_db,
        "--color-by",
        "scale",
        "--size-by",
        "betweenness",
        "--max-nodes",
        "4",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "note: Showing the 4 most connected of 14 nodes" in result.output
    html = out.read_text()
    assert len(nodes(html)) == 4 and "Colour: scale" in html
    assert "betweenness among the nodes drawn" in html


def test_a_node_can_be_named_by_its_name(viz_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    assert run(viz_db, "--focus", "ada lovelace", "--out", str(out)).exit_code == 0
    assert payload(out.read_text())["focusNode"] == "ada"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "ada", "--brokers", "--out", "x.html"], "choose one view at a time"),
        (["--hops", "2", "--out", "x.html"], "only applies with --focus"),
        (["--gaps", "--out", "x.html"], "only applies with --sweet-spots"),
        (["--top", "3", "--out", "x.html"], "only applies with --brokers or --sweet-spots"),
        (["--grouped", "--focus", "ada", "--out", "x.html"], "only applies to the whole"),
        ([], "give --out FILE.html and/or --png FILE.png"),
        (["--focus", "nobody", "--out", "x.html"], "no node has this id"),
        (["--introductions", "trust", "--out", "x.html"], "is not a person"),
    ],
)
def test_bad_options_are_one_clear_error_and_write_nothing(
    viz_db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith(".html") else a for a in args]
    result = run(viz_db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_a_png_without_chromium_is_one_clear_error(viz_db: Path, tmp_path: Path) -> None:
    result = run(
        viz_db,
        "--png",
        str(tmp_path / "x.png"),
        env={"CONVENE_CHROMIUM": str(tmp_path / "no-such-browser")},
    )
    assert result.exit_code == 1
    assert "Chromium is not installed" in result.output
    assert not (tmp_path / "x.png").exists()


@pytest.mark.slow
@pytest.mark.skipif(find_chromium() is None, reason=NO_CHROMIUM)
def test_a_png_shows_the_network(viz_db: Path, tmp_path: Path) -> None:
    png, out = tmp_path / "ada.png", tmp_path / "ada.html"
    result = run(viz_db, "--focus", "ada", "--hops", "2", "--out", str(out), "--png", str(png))
    assert result.exit_code == 0, result.output
    assert f"wrote {png}" in result.output
    picture = ink(png, region=(0, 100, 1000, 850), step=3)
    assert (picture.width, picture.height) == (1400, 900)
    assert picture.background == (255, 255, 255)
    assert picture.share > 0.02 and picture.colours > 20  # nodes, labels and ties drawn
