"""Exports: each format loads back into the same graph, filters leave out what they should,
Gephi's formats are well formed, and a failed export leaves nothing behind."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from cli_support import invoke, store_file
from click.testing import CliRunner, Result
from factories import node, rel, small_network
from lxml import etree

from api.cli import main
from graph.errors import InvalidData
from graph.model import Node, Relationship, Source
from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import NodeKind, RelType, Scale, SourceKind, Visibility
from loaders import load_paths
from loaders.demo import demo_inputs
from loaders.export import ExportFormat, OutputExists, Selection, StoreChanged, export_graph

FORMATS = [f.value for f in ExportFormat]
SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ""}
LOADED = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


ROW = Source(
    kind=SourceKind.ROW, origin="people/nodes.csv", locator="7", run="r0", loaded_at=LOADED
)
PASSAGE = Source(
    kind=SourceKind.PASSAGE,
    origin="posts/thread.md",
    locator="3",
    excerpt='Ada said "hello"\n<b>tea & cake</b> — ünïcode',
    run="r0",
    loaded_at=LOADED,
)
API = Source(kind=SourceKind.API, origin="key:alice", loaded_at=LOADED)


def network() -> tuple[list[Node], list[Relationship]]:
    """The small network, with every field, typed properties, awkward text and sources."""
    nodes, rels = small_network()
    extra = {
        "years": 12,
        "score": 2.5,
        "mentor": True,
        "tags": ["maths", 3, None],
        "blank": "",
        "nothing": None,
        "note": "  spaced\ttext\r\nwith lines  ",
    }
    out_nodes = []
    for n in nodes:
        fields: dict[str, Any] = {"sources": (ROW,)}
        if n.id == "ada":
            fields = {
                "properties": extra,
                "description": 'Line one\nline "two" <&> \t tab',
                "url": "https://example.org/ada?x=1&y=2",
                "place": "dorset",
                "sources": (ROW, PASSAGE),
            }
        if n.id == "trust":
            # The same property as text on one node and a number on another: mixed types.
            fields = {"properties": {"years": "many"}, "sources": (API,)}
        out_nodes.append(_with(n, **fields))
    out_nodes.append(node("safehouse", NodeKind.PLACE, "Safe house", visibility="restricted"))
    out_nodes.append(
        node("bob2", name="Bob Junior", place="safehouse", visibility="public", sources=(ROW,))
    )
    out_rels = []
    for r in rels:
        fields = {"sources": (PASSAGE,)}
        if r.type is RelType.WORKS_FOR and r.source == "ada":
            fields = {
                "since": date(2019, 5, 1),
                "until": date(2024, 1, 31),
                "weight": 0.125,
                "properties": {"hours": 37.5, "contract": "permanent", "flags": ["a", "b"]},
                "sources": (ROW, API),
            }
        out_rels.append(_with(r, **fields))
    out_rels.append(rel("bob2", RelType.KNOWS, "ada", sources=(ROW,)))
    return out_nodes, out_rels


def _with(item: Any, **fields: Any) -> Any:
    data = {f: getattr(item, f) for f in item.__dataclass_fields__}
    data.update(fields)
    return type(item)(**data)


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    nodes, rels = network()
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


def typed(value: Any) -> Any:
    """``value`` with each scalar paired with its type: ``3 == 3.0 == True`` in Python, and a
    round trip must keep numbers numbers and booleans booleans."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def graph_of(store: GraphStore, *, dropping_run: str | None = None) -> Any:
    """Every node and relationship with every field, property and source, in a fixed order;
    sources written by ``dropping_run`` left out."""

    def shown(item: Node | Relationship) -> dict[str, Any]:
        data = item.to_dict()
        data["sources"] = sorted(
            (s for s in data["sources"] if dropping_run is None or s["run"] != dropping_run),
            key=lambda s: s["id"],
        )
        return data

    nodes = sorted((shown(n) for b in store.iter_nodes() for n in b), key=lambda d: d["id"])
    rels = sorted(
        (shown(r) for b in store.iter_relationships() for r in b),
        key=lambda d: (d["source"], d["type"], d["target"]),
    )
    return typed({"nodes": nodes, "relationships": rels})


def export_to(tmp_path: Path, store: GraphStore, fmt: str, **kwargs: Any) -> Path:
    """Export into ``exports/``, a folder holding nothing else (the store lives beside it)."""
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    out = folder / f"export{SUFFIX[fmt]}"
    export_graph(store, out, fmt, force=True, **kwargs)
    return out


def text_of(path: Path) -> str:
    if path.is_dir():
        return "".join(p.read_text(encoding="utf-8") for p in sorted(path.iterdir()))
    return path.read_text(encoding="utf-8")


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_loads_back_into_the_same_graph(
    fmt: str, tmp_path: Path, filled: GraphStore
) -> None:
    before = graph_of(filled)
    out = export_to(tmp_path, filled, fmt)
    filled.clear()

    report = load_paths(filled, [out])

    assert graph_of(filled, dropping_run=report.run) == before
    for batch in filled.iter_nodes():
        for n in batch:
            [own] = [s for s in n.sources if s.run == report.run]
            assert own.kind is SourceKind.ROW and own.origin.startswith(str(out))


@pytest.mark.parametrize("fmt", FORMATS)
def test_property_types_survive(fmt: str, tmp_path: Path, filled: GraphStore) -> None:
    out = export_to(tmp_path, filled, fmt)
    with SQLiteStore(tmp_path / "copy.db") as copy:
        load_paths(copy, [out])
        [ada, trust] = copy.get_nodes(["ada", "trust"])
    assert typed(ada.properties) == typed(network()[0][0].properties)
    assert typed(trust.properties) == typed({"years": "many"})


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_graph_exports_and_loads(fmt: str, tmp_path: Path, store: GraphStore) -> None:
    out = export_to(tmp_path, store, fmt)
    assert load_paths(store, [out]).rows == 0


# -- Gephi's formats ---------------------------------------------------------------------------


def test_graphml_is_declared_and_networkx_reads_it(tmp_path: Path, filled: GraphStore) -> None:
    out = export_to(tmp_path, filled, "graphml")
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{ns}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{ns}key")}
    assert all(k.get("attr.type") in {"string", "long", "double", "boolean"} for k in keys.values())
    children = [c.tag for c in root]
    assert children.index(f"{ns}graph") > max(i for i, t in enumerate(children) if t == f"{ns}key")
    for element in root.iter(f"{ns}node", f"{ns}edge"):
        for data in element.findall(f"{ns}data"):
            assert keys[data.get("key")].get("for") == etree.QName(element).localname

    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == 10
    assert graph.number_of_edges() == 11
    ada = graph.nodes["ada"]
    assert (ada["kind"], ada["score"], ada["mentor"]) == ("Person", 2.5, True)
    assert json.loads(ada["tags:json"]) == ["maths", 3, None]
    assert json.loads(ada["years:json"]) == 12, "a number on one node and text on another"
    assert graph.edges["ada", "trust"]["weight"] == 0.125


def test_gexf_is_well_formed_1_3_and_networkx_reads_it(tmp_path: Path, filled: GraphStore) -> None:
    out = export_to(tmp_path, filled, "gexf")
    ns = "{http://gexf.net/1.3}"
    root = etree.parse(str(out)).getroot()
    assert (root.tag, root.get("version")) == (f"{ns}gexf", "1.3")
    [graph_element] = root.findall(f"{ns}graph")
    order = [etree.QName(c).localname for c in graph_element]
    assert order == ["attributes", "attributes", "nodes", "edges"]
    declared: dict[str, dict[str, str]] = {}
    for attributes in graph_element.findall(f"{ns}attributes"):
        titles = {
            str(a.get("id")): str(a.get("type")) for a in attributes.findall(f"{ns}attribute")
        }
        assert set(titles.values()) <= {"string", "long", "double", "boolean"}
        declared[attributes.get("class") or ""] = titles
    ids = [n.get("id") for n in graph_element.iter(f"{ns}node")]
    assert len(ids) == len(set(ids)) == 10
    edge_ids = [e.get("id") for e in graph_element.iter(f"{ns}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == 11
    for domain in ("node", "edge"):
        for element in graph_element.iter(f"{ns}{domain}"):
            assert element.get("label")
            for attvalue in element.iter(f"{ns}attvalue"):
                assert attvalue.get("for") in declared[domain]
    for edge in graph_element.iter(f"{ns}edge"):
        assert {edge.get("source"), edge.get("target")} <= set(ids)

    graph = nx.read_gexf(out, version="1.3")
    assert graph.number_of_nodes() == 10
    ada = graph.nodes["ada"]
    assert (ada["label"], ada["score"], ada["mentor"]) == ("Ada Lovelace", 2.5, True)
    assert ada["description"] == 'Line one\nline "two" <&> \t tab'
    assert graph.edges["ada", "trust"]["weight"] == 0.125


def test_text_xml_cannot_hold_fails_and_leaves_nothing(tmp_path: Path, store: GraphStore) -> None:
    store.upsert_nodes([node("odd", name="Odd\x0bName")])
    folder = tmp_path / "exports"
    folder.mkdir()
    for fmt in ("graphml", "gexf"):
        with pytest.raises(InvalidData) as caught:
            export_graph(store, folder / f"g.{fmt}", fmt)
        [problem] = caught.value.problems
        assert (problem.field, problem.where) == ("name", "node 'odd'")
        assert "U+000B" in problem.message
    assert list(folder.iterdir()) == []
    export_graph(store, folder / "g.json", "json")
    assert (folder / "g.json").exists(), "JSON can hold it"


# -- filters -----------------------------------------------------------------------------------


def exported_ids(tmp_path: Path, out: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    with SQLiteStore(tmp_path / f"{out.name}.check.db") as check:
        load_paths(check, [out])
        nodes = {n.id for b in check.iter_nodes() for n in b}
        rels = {(r.source, r.type.value, r.target) for b in check.iter_relationships() for r in b}
    return nodes, rels


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_public_export_never_shows_restricted_or_internal_people(
    fmt: str, tmp_path: Path, filled: GraphStore
) -> None:
    out = export_to(tmp_path, filled, fmt, selection=Selection(clearance=Visibility.PUBLIC))
    text = text_of(out)
    for hidden in ("cas", "Casey Townsend", "bob", "Bob Kerslake", "safehouse", "Safe house"):
        assert f'"{hidden}"' not in text and f">{hidden}<" not in text and f",{hidden}," not in text
    nodes, rels = exported_ids(tmp_path, out)
    assert "cas" not in nodes and "bob" not in nodes and "safehouse" not in nodes
    assert {"ada", "bob2", "trust", "nhse", "forum", "mh", "dorset"} <= nodes
    assert all("cas" not in (s, t) and "bob" not in (s, t) for s, _, t in rels)
    assert ("ada", "KNOWS", "bob2") in rels


def test_a_place_the_reader_cannot_see_is_left_out(tmp_path: Path, filled: GraphStore) -> None:
    out = export_to(tmp_path, filled, "json", selection=Selection(clearance=Visibility.INTERNAL))
    data = json.loads(out.read_text(encoding="utf-8"))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["bob2"]["place"] is None
    assert by_id["ada"]["place"] == "dorset"
    assert "safehouse" not in out.read_text(encoding="utf-8")


def test_the_owners_export_holds_everything(tmp_path: Path, filled: GraphStore) -> None:
    nodes, rels = exported_ids(tmp_path, export_to(tmp_path, filled, "csv"))
    assert {"cas", "bob", "safehouse"} <= nodes
    assert len(rels) == 11


def test_kind_and_scale_filters_keep_ties_between_kept_nodes(
    tmp_path: Path, filled: GraphStore
) -> None:
    people_and_orgs = Selection(kinds=frozenset({NodeKind.PERSON, NodeKind.ORGANISATION}))
    nodes, rels = exported_ids(
        tmp_path, export_to(tmp_path, filled, "graphml", selection=people_and_orgs)
    )
    assert nodes == {"ada", "bob", "cas", "bob2", "trust", "nhse"}
    assert {t for _, t, _ in rels} == {"WORKS_FOR", "KNOWS", "PARTNERS_WITH"}

    national = Selection(scales=frozenset({Scale.NATIONAL}))
    nodes, rels = exported_ids(tmp_path, export_to(tmp_path, filled, "gexf", selection=national))
    assert nodes == {"bob", "nhse", "forum"}
    assert rels == {("bob", "WORKS_FOR", "nhse"), ("bob", "CONVENES", "forum")}


def test_an_id_list_exports_those_nodes_and_counts_the_rest(
    tmp_path: Path, filled: GraphStore
) -> None:
    out = tmp_path / "part.json"
    chosen = Selection(
        ids=frozenset({"ada", "trust", "cas", "nobody"}), clearance=Visibility.INTERNAL
    )
    summary = export_graph(filled, out, "json", selection=chosen)
    assert (summary.nodes, summary.relationships, summary.missing_ids) == (2, 1, 2)
    nodes, rels = exported_ids(tmp_path, out)
    assert nodes == {"ada", "trust"}
    assert rels == {("ada", "WORKS_FOR", "trust")}


# -- writing safely ----------------------------------------------------------------------------


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path, filled: GraphStore) -> None:
    out = tmp_path / "g.json"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExists, match="already exists"):
        export_graph(filled, out, "json")
    assert out.read_text(encoding="utf-8") == "mine"
    export_graph(filled, out, "json", force=True)
    assert json.loads(out.read_text(encoding="utf-8"))["nodes"]
    assert oct(out.stat().st_mode & 0o777) == "0o600", "an export may hold personal data"


def test_force_replaces_a_bundle_but_never_another_folder(
    tmp_path: Path, filled: GraphStore
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    bundle = folder / "bundle"
    export_graph(filled, bundle, "csv")
    export_graph(filled, bundle, "csv", force=True)
    assert sorted(p.name for p in bundle.iterdir()) == ["edges.csv", "nodes.csv"]
    (bundle / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExists, match=r"notes\.txt"):
        export_graph(filled, bundle, "csv", force=True)
    with pytest.raises(OutputExists, match="is a folder"):
        export_graph(filled, bundle, "json", force=True)
    assert (bundle / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["bundle"], "no temporary files left"


class Changing:
    """A store that another process writes to while it is being exported."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def version(self) -> int:
        return self.store.version()

    def iter_nodes(self, *, batch_size: int = 20_000) -> Iterator[list[Node]]:
        yield from self.store.iter_nodes(batch_size=batch_size)

    def iter_relationships(self, *, batch_size: int = 20_000) -> Iterator[list[Relationship]]:
        for batch in self.store.iter_relationships(batch_size=batch_size):
            yield batch
            # A rename: the counts stay the same, only the version says it changed.
            self.store.upsert_nodes([node("mh", NodeKind.INTEREST, "Wellbeing")])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_graph_changed_during_export_leaves_the_old_file(
    fmt: str, tmp_path: Path, filled: GraphStore
) -> None:
    out = export_to(tmp_path, filled, fmt)
    before = text_of(out)
    with pytest.raises(StoreChanged):
        export_graph(Changing(filled), out, fmt, force=True)
    assert text_of(out) == before
    assert os.listdir(out.parent) == [out.name], "no temporary files left"


# -- the sources and typed columns a load reads ------------------------------------------------


def test_a_json_load_restores_listed_sources_beside_its_own(
    tmp_path: Path, store: GraphStore
) -> None:
    path = tmp_path / "g.json"
    item = {"id": "ada", "kind": "Person", "name": "Ada", "sources": [PASSAGE.to_dict()]}
    path.write_text(json.dumps({"nodes": [item]}), encoding="utf-8")
    report = load_paths(store, [path])
    [ada] = store.get_nodes(["ada"])
    assert ada.sources[0] == PASSAGE
    assert [(s.locator, s.run) for s in ada.sources[1:]] == [("nodes[0]", report.run)]


def test_a_bad_sources_value_is_a_problem_naming_its_cell(
    tmp_path: Path, store: GraphStore
) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    good = json.dumps([ROW.to_dict()]).replace('"', '""')
    (bundle / "nodes.csv").write_text(
        "id,kind,name,sources\n"
        f'a,Person,A,"{good}"\n'
        "b,Person,B,[not json\n"
        'c,Person,C,"[{""kind"": ""row""}]"\n'
        'd,Person,D,"[{""kind"": ""row"", ""origin"": ""x"", ""loaded_at"": ""soon""}]"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [bundle])
    found = {(p.field, p.where) for p in caught.value.problems}
    assert found == {
        ("sources", f"{bundle}/nodes.csv line 3, column sources"),
        ("sources[0].origin", f"{bundle}/nodes.csv line 4, column sources"),
        ("sources[0].loaded_at", f"{bundle}/nodes.csv line 5, column sources"),
    }
    assert store.counts().to_dict()["nodes"] == {}


def test_json_columns_decode_and_a_bad_one_is_named(tmp_path: Path, store: GraphStore) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    (bundle / "nodes.csv").write_text(
        'id,kind,name,years:json,tags:json\na,Person,A,3,"[""x"", 2]"\nb,Person,B,three,\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [bundle])
    [problem] = caught.value.problems
    assert (problem.field, problem.value) == ("years:json", "three")
    assert problem.where == f"{bundle}/nodes.csv line 3, column years:json"
    (bundle / "nodes.csv").write_text(
        'id,kind,name,years:json,tags:json\na,Person,A,3,"[""x"", 2]"\n', encoding="utf-8"
    )
    load_paths(store, [bundle])
    [a] = store.get_nodes(["a"])
    assert typed(a.properties) == typed({"years": 3, "tags": ["x", 2]})


def test_a_property_given_both_plain_and_as_json_is_a_problem(
    tmp_path: Path, store: GraphStore
) -> None:
    bundle = tmp_path / "b"
    bundle.mkdir()
    (bundle / "nodes.csv").write_text("id,kind,name,team,team:json\na,Person,A,x,\n", "utf-8")
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [bundle])
    [problem] = caught.value.problems
    assert (problem.field, problem.value) == ("column", "team:json")


# -- the command -------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return store_file(tmp_path / "g.db", *network())


def run(db: Path, *args: str, stdin: str | None = None) -> Result:
    return invoke(db, "export", *args, stdin=stdin)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_command_exports_what_a_load_reads_back(fmt: str, tmp_path: Path, db: Path) -> None:
    out = tmp_path / f"out{SUFFIX[fmt]}"
    result = run(db, "--format", fmt, str(out))
    assert result.exit_code == 0, result.output
    assert f"exported 10 nodes and 11 relationships to {out} ({fmt}" in result.output
    loaded = CliRunner().invoke(
        main, ["--store", f"sqlite:///{tmp_path / 'back.db'}", "load", str(out), "--json"]
    )
    assert loaded.exit_code == 0, loaded.output
    assert sum(json.loads(loaded.output)["nodes"].values()) == 10


def test_the_command_filters_and_reads_ids(tmp_path: Path, db: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("ada\n\n  trust \ncas\nnobody\n", encoding="utf-8")
    out = tmp_path / "part.json"
    result = run(
        db,
        "--format",
        "json",
        "--visibility",
        "public",
        "--kind",
        "Person",
        "--kind",
        "Organisation",
        "--ids-file",
        str(ids),
        "--json",
        str(out),
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["nodes"], summary["relationships"], summary["missing_ids"]) == (2, 1, 2)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == ["ada", "trust"]


def test_the_command_refuses_to_overwrite_without_force(tmp_path: Path, db: Path) -> None:
    out = tmp_path / "g.gexf"
    out.write_text("keep", encoding="utf-8")
    refused = run(db, "--format", "gexf", str(out))
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "keep"
    forced = run(db, "--format", "gexf", "--force", str(out))
    assert forced.exit_code == 0, forced.output
    assert nx.read_gexf(out, version="1.3").number_of_nodes() == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "pdf"),
        (["--format", "json", "--kind", "Persn"], "Persn"),
        (["--format", "json", "--visibility", "secret"], "secret"),
    ],
)
def test_the_command_names_a_bad_option(
    args: list[str], message: str, tmp_path: Path, db: Path
) -> None:
    result = run(db, *args, str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_an_empty_ids_file_is_refused(tmp_path: Path, db: Path) -> None:
    result = run(db, "--format", "json", "--ids-file", "-", str(tmp_path / "o.json"), stdin="\n")
    assert result.exit_code == 2
    assert "lists no ids" in result.output


def test_export_into_a_missing_folder_is_one_clear_error(tmp_path: Path, db: Path) -> None:
    out = tmp_path / "nowhere" / "g.json"
    result = run(db, "--format", "json", str(out))
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_export_has_help() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "--visibility" in result.output and "--ids-file" in result.output


def test_export_of_one_community_is_audited_and_hides_passages_below_full_clearance(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.db"
    with SQLiteStore(db) as store:
        load_paths(store, demo_inputs())
    uri = f"sqlite:///{db}"
    runner = CliRunner()
    listed = runner.invoke(main, ["--store", uri, "communities", "--json"])
    first = json.loads(listed.stdout)[0]
    out = tmp_path / "c1.json"
    result = runner.invoke(main, ["--store", uri, "export", "--format", "json", "--community",
                                  "1", "--visibility", "internal", str(out)])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text())
    ids = {n["id"] for n in exported["nodes"]}
    assert ids and ids <= set(first["members"])
    assert all(n["visibility"] != "restricted" for n in exported["nodes"])
    excerpts = [s["excerpt"] for item in (*exported["nodes"], *exported["edges"])
                for s in item["sources"]]
    assert excerpts and all(e is None for e in excerpts)
    full = tmp_path / "c1-full.json"
    runner.invoke(main, ["--store", uri, "export", "--format", "json", "--community", "1",
                         str(full)])
    everything = json.loads(full.read_text())
    assert any(s["excerpt"] for item in (*everything["nodes"], *everything["edges"])
               for s in item["sources"]), "the owner's own export keeps the passages"
    too_far = runner.invoke(main, ["--store", uri, "export", "--format", "json",
                                   "--community", "999", str(tmp_path / "x.json")])
    assert too_far.exit_code == 2 and "communities" in too_far.output
    with SQLiteStore(db) as store:
        entry, _ = [e for e in store.audit_log() if e.action.value == "export"]
    assert "c1.json" in entry.summary and entry.detail["visibility"] == "internal"
