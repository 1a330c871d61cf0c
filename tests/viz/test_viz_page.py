"""The page itself: offline (nothing fetched from another host), data escaped, layouts that
stay usable at size."""

from __future__ import annotations

import doctest
from collections.abc import Callable

import networkx as nx
import pytest
from viz_helpers import external_references, nodes, payload, resources

import viz.layout
import viz.page
from bench.viz import synthetic_graph
from graph.analysis.projections import full_graph
from graph.store.base import Counts
from graph.vocabulary import NodeKind, RelType, Visibility
from viz import assets
from viz.assets import Assets
from viz.landing import landing_page
from viz.layout import PHYSICS_LIMIT, positions, uses_physics
from viz.page import script_json
from viz.scene import PageOptions
from viz.views import network_page, network_scene

ReadAt = Callable[[Visibility], nx.Graph]


@pytest.fixture(scope="module")
def big() -> nx.Graph:
    return full_graph(synthetic_graph(2_000, seed=7))


@pytest.mark.parametrize("served", [False, True])
def test_no_page_fetches_scripts_or_styles_from_another_host(read_at: ReadAt, served: bool) -> None:
    chosen = Assets.served() if served else Assets()
    html = network_page(read_at(Visibility.RESTRICTED), PageOptions(assets=chosen))
    assert external_references(html) == []
    found = resources(html)
    if served:
        assert found.script_srcs == ["/viz/static/vis-network.min.js", "/viz/static/convene.js"]
        assert found.stylesheet_hrefs == ["/viz/static/vis-network.css", "/viz/static/convene.css"]
    else:
        assert found.script_srcs == [] and found.stylesheet_hrefs == []


def test_the_external_reference_check_catches_cdn_links() -> None:
    """The check above can fail: pyvis's own template links CDNs."""
    page = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/vis.js"></script>'
        "<style>@import url(https://fonts.example/f.css); a{background:url('http://x/y.png')}"
        "</style>"
    )
    assert set(external_references(page)) == {
        "https://cdn.example/x.css",
        "//cdn.example/vis.js",
        "https://fonts.example/f.css",
        "http://x/y.png",
    }


def test_a_written_page_carries_vis_network_and_its_script_inline(read_at: ReadAt) -> None:
    html = network_page(read_at(Visibility.RESTRICTED))
    scripts = [text for kind, text in resources(html).inline_scripts if kind is None]
    assert len(scripts) == 2
    assert "vis-network" in scripts[0][:400] and "window.conveneSearch" in scripts[1]
    styles = resources(html).inline_styles
    assert any(".vis-network" in s for s in styles) and any(".cv-page" in s for s in styles)


def test_a_served_page_has_no_inline_script_to_run(read_at: ReadAt) -> None:
    html = network_page(read_at(Visibility.RESTRICTED), PageOptions(assets=Assets.served()))
    inline = resources(html).inline_scripts
    assert [kind for kind, _ in inline] == ["application/json"]


def test_the_landing_page_is_offline_too() -> None:
    counts = Counts({NodeKind.PERSON: 3}, {RelType.KNOWS: 2})
    for chosen in (Assets(), Assets.served()):
        html = landing_page(counts, 7, clearance=Visibility.PUBLIC, assets=chosen)
        assert external_references(html) == []


def test_data_cannot_close_the_data_block() -> None:
    text = script_json({"name": "</script><script>alert(1)</script>", "x": "a&b\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    G = nx.Graph()
    G.add_node("x", kind=NodeKind.PERSON, name="</script><script>alert(1)</script>")
    html = network_page(G)
    assert html.count("</script>") == len(resources(html).inline_scripts)
    assert nodes(html)["x"]["label"] == "</script><script>alert(1)</script>"


def test_static_files_exist_and_are_all_that_is_listed() -> None:
    for name, path in assets.STATIC_FILES.items():
        assert path.is_file(), name
        assert assets.read_static(name)
    with pytest.raises(KeyError):
        assets.read_static("../routes.py")


# -- layout ------------------------------------------------------------------------------------


def test_small_pages_use_physics_and_big_ones_a_precomputed_layout(big: nx.Graph) -> None:
    assert uses_physics(PHYSICS_LIMIT) and not uses_physics(PHYSICS_LIMIT + 1)
    html = network_page(big)
    data = payload(html)
    assert data["physics"] is False
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["edges"]["smooth"] is False
    drawn = data["nodes"]
    assert len(drawn) == 2_000
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in drawn)
    xs = [n["x"] for n in drawn]
    assert max(xs) - min(xs) > 1_000  # spread out, not piled on one spot


def test_a_precomputed_layout_is_seeded(big: nx.Graph) -> None:
    sample = big.subgraph(list(big)[:400])
    assert positions(sample, seed=3) == positions(sample, seed=3)
    assert positions(sample, seed=3) != positions(sample, seed=4)


def test_a_2000_node_page_is_capped_at_its_limit(big: nx.Graph) -> None:
    scene = network_scene(big, PageOptions(max_nodes=1_500))
    assert len(scene.nodes) == 1_500
    assert "Showing the 1,500 most connected of 2,000 nodes" in scene.notices[0]


def test_layout_and_page_doctests() -> None:
    for module in (viz.layout, viz.page):
        assert doctest.testmod(module).failed == 0
