"""Loading GraphML and GEXF: fields, typed properties, and every problem named by file, line
and attribute, with the store left as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner
from loader_inputs import people, snapshot

from api.cli import main
from graph.errors import InvalidData, Problem
from graph.model import RelKey
from graph.store.base import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import RelType, Scale, SourceKind, Visibility
from loaders import load_paths

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
DIALECTS = ["graphml", "gexf"]

Table = list[dict[str, Any]]


def _type(values: list[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if values and all(isinstance(v, float) for v in values):
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declared(rows: Table, skip: set[str]) -> list[tuple[str, str]]:
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in skip and k not in names)
    return [(n, _type([r[n] for r in rows if n in r])) for n in names]


def graphml(nodes: Table, edges: Table) -> str:
    """A pretty-printed GraphML file, one ``<data>`` a line, as people write them by hand."""
    node_attrs = _declared(nodes, {"id"})
    edge_attrs = _declared(edges, {"source", "target"})
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<graphml xmlns="{GRAPHML_NS}">']
    for prefix, domain, attrs in (("n", "node", node_attrs), ("e", "edge", edge_attrs)):
        lines += [
            f'  <key id="{prefix}_{name}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>'
            for name, kind in attrs
        ]
    lines.append('  <graph edgedefault="directed">')
    for node in nodes:
        lines.append(f"    <node id={quoteattr(str(node['id']))}>")
        lines += [
            f'      <data key="n_{k}">{escape(_text(v))}</data>'
            for k, v in node.items()
            if k != "id"
        ]
        lines.append("    </node>")
    for edge in edges:
        ends = f"source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}"
        lines.append(f"    <edge {ends}>")
        lines += [
            f'      <data key="e_{k}">{escape(_text(v))}</data>'
            for k, v in edge.items()
            if k not in ("source", "target")
        ]
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def gexf(nodes: Table, edges: Table, ns: str = GEXF_NS) -> str:
    """A pretty-printed GEXF file, one ``<attvalue>`` a line; names are node labels."""
    node_attrs = _declared(nodes, {"id", "name"})
    edge_attrs = _declared(edges, {"source", "target"})
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<gexf xmlns="{ns}" version="1.3">']
    lines.append('  <graph defaultedgetype="directed">')
    for domain, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        lines.append(f'    <attributes class="{domain}">')
        lines += [
            f'      <attribute id="{i}" title="{name}" type="{kind}"/>'
            for i, (name, kind) in enumerate(attrs)
        ]
        lines.append("    </attributes>")
    for domain, rows, attrs, own in (
        ("node", nodes, node_attrs, ("id", "name")),
        ("edge", edges, edge_attrs, ("source", "target")),
    ):
        ids = {name: i for i, (name, _) in enumerate(attrs)}
        lines.append(f"    <{domain}s>")
        for number, row in enumerate(rows):
            head = f'id="{number}" ' if domain == "edge" else f"id={quoteattr(str(row['id']))} "
            if domain == "node":
                head += f"label={quoteattr(str(row['name']))}" if "name" in row else ""
            else:
                head += f"source={quoteattr(row['source'])} target={quoteattr(row['target'])}"
            lines.append(f"      <{domain} {head.strip()}>")
            lines.append("        <attvalues>")
            lines += [
                f'          <attvalue for="{ids[k]}" value={quoteattr(_text(v))}/>'
                for k, v in row.items()
                if k not in own
            ]
            lines += ["        </attvalues>", f"      </{domain}>"]
        lines.append(f"    </{domain}s>")
    lines += ["  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def write(dialect: str, folder: Path, nodes: Table, edges: Table, name: str = "net") -> Path:
    path = folder / f"{name}.{dialect}"
    text = graphml(nodes, edges) if dialect == "graphml" else gexf(nodes, edges)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The 1-based line holding ``needle`` (the first after the line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def at(path: Path, needle: str, attribute: str, after: str | None = None) -> str:
    return f"{path} line {line_of(path, needle, after)}, attribute {attribute}"


def value(dialect: str, text: str) -> str:
    """How an attribute's value appears on its line."""
    return f">{text}<" if dialect == "graphml" else f'value="{text}"'


@pytest.fixture(params=DIALECTS)
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def based(store: GraphStore, tmp_path: Path) -> GraphStore:
    """A store that already holds something, so "unchanged" means more than "still empty"."""
    path = tmp_path / "base.json"
    path.write_text(
        json.dumps({"nodes": [{"id": "base", "kind": "Person", "name": "Base"}]}),
        encoding="utf-8",
    )
    load_paths(store, [path])
    return store


def refused(store: GraphStore, path: Path) -> list[Problem]:
    """Load ``path``, expecting a refusal that leaves the store exactly as it was."""
    before = snapshot(store)
    with pytest.raises(InvalidData) as caught:
        load_paths(store, [path])
    assert snapshot(store) == before
    return caught.value.problems


NODES: Table = [
    {
        "id": "ada",
        "kind": "Person",
        "name": "Ada Lovelace",
        "aliases": "Ada;Countess of Lovelace",
        "scale": "national",
        "visibility": "public",
        "team": "analysis",
        "years": 12,
        "score": 2.5,
        "mentor": True,
        "tags:json": '["maths", "engines"]',
    },
    {
        "id": "trust",
        "kind": "Organisation",
        "name": "North Essex Trust",
        "url": "https://ne.example",
    },
    {"id": "mh", "kind": "Interest", "name": "Mental health", "description": "Minds & <care>"},
]
EDGES: Table = [
    {
        "source": "ada",
        "target": "trust",
        "type": "WORKS_FOR",
        "role": "Analyst",
        "since": "2020-03",
        "weight": 2.5,
        "note": "seconded",
    },
    {"source": "trust", "target": "mh", "type": "INTERESTED_IN"},
]


def test_each_dialect_loads_fields_and_typed_properties(
    dialect: str, tmp_path: Path, store: GraphStore
) -> None:
    path = write(dialect, tmp_path, NODES, EDGES)
    report = load_paths(store, [path])

    assert report.nodes == {"Interest": 1, "Organisation": 1, "Person": 1}
    assert report.relationships == {"INTERESTED_IN": 1, "WORKS_FOR": 1}
    [ada] = store.get_nodes(["ada"])
    assert ada.name == "Ada Lovelace"
    assert ada.aliases == ("Ada", "Countess of Lovelace")
    assert ada.scale is Scale.NATIONAL
    assert ada.level is Visibility.PUBLIC
    assert ada.properties == {
        "team": "analysis",
        "years": 12,
        "score": 2.5,
        "mentor": True,
        "tags": ["maths", "engines"],
    }
    assert type(ada.properties["years"]) is int
    assert type(ada.properties["mentor"]) is bool
    [source] = ada.sources
    assert source.kind is SourceKind.ROW
    assert source.origin == str(path)
    assert source.locator == str(line_of(path, 'id="ada"'))
    [works] = store.get_relationships([RelKey.of("ada", RelType.WORKS_FOR, "trust")])
    assert (works.role, works.weight, works.properties) == ("Analyst", 2.5, {"note": "seconded"})
    assert works.since is not None and works.since.isoformat() == "2020-03-01"
    [mh] = store.get_nodes(["mh"])
    assert mh.description == "Minds & <care>"


def test_loading_twice_changes_nothing(dialect: str, tmp_path: Path, store: GraphStore) -> None:
    path = write(dialect, tmp_path, NODES, EDGES)
    load_paths(store, [path])
    first = snapshot(store)
    load_paths(store, [path])
    again = snapshot(store)
    assert again["counts"] == first["counts"]
    assert [len(n["sources"]) for n in again["nodes"]] == [1, 1, 1]


def test_every_problem_is_reported_at_once_with_its_line(
    dialect: str, tmp_path: Path, based: GraphStore
) -> None:
    nodes = [
        *people(5),
        {"id": "zed", "kind": "Persn", "name": "Zed"},
        {"id": "p3", "kind": "Organisation", "name": "P3 Ltd"},
    ]
    edges = [
        {"source": "p0", "target": "p1", "type": "KNOWS"},
        {"source": "p0", "target": "p2", "type": "WORKS_FOR"},
        {"source": "p1", "target": "ghost", "type": "KNOWS"},
        {"source": "p2", "target": "p4", "type": "KNOWS", "since": "last spring"},
    ]
    path = write(dialect, tmp_path, nodes, edges)
    problems = refused(based, path)

    found = {(p.field, p.value): p for p in problems}
    assert set(found) == {
        ("kind", "Persn"),
        ("kind", "Organisation"),
        ("type", "WORKS_FOR"),
        ("target", "ghost"),
        ("since", "last spring"),
    }
    assert found["kind", "Persn"].where == at(path, value(dialect, "Persn"), "kind")
    conflict = found["kind", "Organisation"]
    assert conflict.where == at(path, value(dialect, "Organisation"), "kind")
    assert at(path, value(dialect, "Person"), "kind", after='id="p3"') in conflict.message
    assert found["type", "WORKS_FOR"].where == at(path, value(dialect, "WORKS_FOR"), "type")
    assert "Person 'p0' to Person 'p2'" in found["type", "WORKS_FOR"].message
    assert found["target", "ghost"].where == at(path, 'target="ghost"', "target")
    assert found["since", "last spring"].where == at(path, "last spring", "since")


def test_malformed_xml_is_one_problem_with_its_line(
    dialect: str, tmp_path: Path, based: GraphStore
) -> None:
    nodes = [*people(3), {"id": "zed", "kind": "Persn", "name": "Zed"}]
    path = write(dialect, tmp_path, nodes, [])
    text = path.read_text(encoding="utf-8")
    broken = text.replace('id="p2"', 'id="p2" id="again"', 1)
    path.write_text(broken, encoding="utf-8")

    problems = refused(based, path)
    [xml] = [p for p in problems if p.field == "xml"]
    broken_line = line_of(path, 'id="again"')
    assert xml.where.startswith(f"{path} line {broken_line}, column ")
    assert "well-formed" in xml.message
    assert "Traceback" not in str(xml)
    assert {p.field for p in problems} == {"xml"}, "what came after the break is not guessed"


def test_problems_before_the_break_are_still_reported(
    dialect: str, tmp_path: Path, based: GraphStore
) -> None:
    nodes = [{"id": "zed", "kind": "Persn", "name": "Zed"}, *people(3)]
    path = write(dialect, tmp_path, nodes, [])
    path.write_text(path.read_text(encoding="utf-8").rsplit("</", 1)[0], encoding="utf-8")
    problems = refused(based, path)
    assert {p.field for p in problems} == {"kind", "xml"}


def test_a_file_that_is_not_xml(dialect: str, tmp_path: Path, based: GraphStore) -> None:
    path = tmp_path / f"notes.{dialect}"
    path.write_text("name,kind\nAda,Person\n", encoding="utf-8")
    [problem] = refused(based, path)
    assert problem.field == "xml"
    assert problem.where == f"{path} line 1, column 1"


def test_a_gexf_given_as_graphml_names_its_root(tmp_path: Path, based: GraphStore) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(gexf(NODES, EDGES), encoding="utf-8")
    [problem] = refused(based, path)
    assert problem.field == "file"
    assert "is not GRAPHML (its root element is <gexf>)" in problem.message


def test_a_property_value_that_is_not_its_declared_type(
    dialect: str, tmp_path: Path, based: GraphStore
) -> None:
    nodes = [{"id": "a", "kind": "Person", "name": "A", "years": 3}]
    path = write(dialect, tmp_path, nodes, [])
    path.write_text(
        path.read_text(encoding="utf-8").replace(value(dialect, "3"), value(dialect, "three")),
        encoding="utf-8",
    )
    [problem] = refused(based, path)
    assert (problem.field, problem.value) == ("years", "three")
    assert problem.where == at(path, value(dialect, "three"), "years")
    assert "whole number" in problem.message


def test_a_bad_attribute_name_is_reported_once_at_its_declaration(
    dialect: str, tmp_path: Path, based: GraphStore
) -> None:
    nodes = [{"id": f"a{i}", "kind": "Person", "name": "A", "my team": "x"} for i in range(3)]
    path = write(dialect, tmp_path, nodes, [])
    [problem] = refused(based, path)
    assert (problem.field, problem.value) == ("attribute", "my team")
    assert problem.where == at(path, '"my team"', "my team")


def test_a_data_element_with_an_undeclared_key(tmp_path: Path, based: GraphStore) -> None:
    path = write("graphml", tmp_path, people(2), [])
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('<data key="n_name">Person 1', '<data key="n_nme">Person 1'), encoding="utf-8"
    )
    problems = refused(based, path)
    assert ("key", "n_nme") in {(p.field, p.value) for p in problems}
    assert ("name", None) in {(p.field, p.value) for p in problems}, "the name is then missing"


def test_graphml_defaults_apply_and_layout_keys_are_skipped(
    tmp_path: Path, store: GraphStore
) -> None:
    path = tmp_path / "yed.graphml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="{GRAPHML_NS}" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="k" for="node" attr.name="kind" attr.type="string"><default>Person</default></key>
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <key id="g" for="node" yfiles.type="nodegraphics"/>
  <key id="t" for="edge" attr.name="type" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="n">A</data><data key="g"><y:ShapeNode/></data></node>
    <node id="b"><data key="n">B</data></node>
    <node id="o"><data key="k">Organisation</data><data key="n">O</data></node>
    <edge source="b" target="a"><data key="t">KNOWS</data></edge>
    <edge source="a" target="o"><data key="t">WORKS_FOR</data></edge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    load_paths(store, [path])
    kinds = {n.id: n.kind.value for n in store.get_nodes(["a", "b", "o"])}
    assert kinds == {"a": "Person", "b": "Person", "o": "Organisation"}
    assert store.get_nodes(["a"])[0].properties == {}
    assert store.counts().to_dict()["relationships"] == {"KNOWS": 1, "WORKS_FOR": 1}


def test_hyperedges_and_nested_graphs_are_refused(tmp_path: Path, based: GraphStore) -> None:
    path = tmp_path / "nested.graphml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="{GRAPHML_NS}">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="a"><data key="k">Forum</data><data key="n">A</data>
      <graph edgedefault="directed"/>
    </node>
    <hyperedge><endpoint node="a"/></hyperedge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    problems = refused(based, path)
    assert {p.field for p in problems} == {"node", "hyperedge"}
    assert any(p.where == f"{path} line 9" for p in problems)


def test_gexf_label_kind_and_weight_fill_fields(tmp_path: Path, store: GraphStore) -> None:
    path = tmp_path / "gephi.gexf"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz"
      version="1.2">
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node" mode="static">
      <attribute id="0" title="kind" type="string"/>
      <attribute id="1" title="staff" type="integer"><default>0</default></attribute>
    </attributes>
    <nodes>
      <node id="a" label="Ada">
        <attvalues><attvalue for="0" value="Person"/></attvalues>
        <viz:position x="1.0" y="2.0"/>
      </node>
      <node id="o" label="Trust">
        <attvalues><attvalue for="0" value="Organisation"/><attvalue for="1" value="40"/>
        </attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="a" target="o" label="WORKS_FOR" weight="3.0"/>
    </edges>
  </graph>
</gexf>
""",
        encoding="utf-8",
    )
    load_paths(store, [path])
    ada, trust = store.get_nodes(["a", "o"])
    assert (ada.name, ada.properties) == ("Ada", {"staff": 0})
    assert (trust.name, trust.properties) == ("Trust", {"staff": 40})
    [works] = store.get_relationships([RelKey.of("a", RelType.WORKS_FOR, "o")])
    assert works.weight == 3.0


def test_a_gexf_edge_type_named_by_its_label_is_checked_there(
    tmp_path: Path, based: GraphStore
) -> None:
    path = tmp_path / "labels.gexf"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="{GEXF_NS}" version="1.3">
  <graph>
    <attributes class="node"><attribute id="0" title="kind" type="string"/></attributes>
    <nodes>
      <node id="a" label="A"><attvalues><attvalue for="0" value="Person"/></attvalues></node>
      <node id="b" label="B"><attvalues><attvalue for="0" value="Person"/></attvalues></node>
    </nodes>
    <edges>
      <edge id="0" source="a" target="b" label="colleague"/>
    </edges>
  </graph>
</gexf>
""",
        encoding="utf-8",
    )
    [problem] = refused(based, path)
    assert (problem.field, problem.value) == ("type", "colleague")
    assert problem.where == f"{path} line 10, attribute label"


def test_load_command_reads_graphml_and_gexf(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    graph_file = write("graphml", tmp_path, NODES, [])
    gexf_file = tmp_path / "edges.data"
    gexf_file.write_text(gexf(NODES, EDGES), encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["--store", f"sqlite:///{db}", "load", str(graph_file)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        main, ["--store", f"sqlite:///{db}", "load", "--format", "gexf", str(gexf_file)]
    )
    assert second.exit_code == 0, second.output
    with SQLiteStore(db) as store:
        assert store.counts().to_dict()["relationships"] == {"INTERESTED_IN": 1, "WORKS_FOR": 1}


def test_unknown_suffix_message_names_the_new_formats(tmp_path: Path, based: GraphStore) -> None:
    path = tmp_path / "graph.xml"
    path.write_text(graphml(NODES, []), encoding="utf-8")
    [problem] = refused(based, path)
    assert problem.field == "format"
    assert ".graphml" in problem.message and ".gexf" in problem.message
