"""The parts: palette, colours and sizes, tooltips, and the PNG reader."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis.results import AnalysisResult, ResultItem
from graph.model import Node
from graph.vocabulary import NodeKind, Scale, SourceKind
from viz import palette
from viz.png import decode, ink
from viz.styling import (
    MAX_SIZE,
    MIN_SIZE,
    ColorBy,
    CommunityLabels,
    colours,
    item_scores,
    primary_score,
    scale_sizes,
)
from viz.tooltips import node_tooltip, source_lines, tie_tooltip


def _relative_luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_kind_has_its_own_colour_and_shape() -> None:
    assert len(set(palette.KIND_COLOURS.values())) == len(NodeKind)
    assert len(set(palette.KIND_SHAPES.values())) == len(NodeKind)
    assert set(palette.KIND_SHAPES.values()) <= set(palette.SHAPE_SYMBOLS)
    assert len(set(palette.SCALE_COLOURS.values())) == len(Scale)


def test_text_ink_contrasts_with_the_page() -> None:
    white = _relative_luminance("#FFFFFF")
    ink_l = _relative_luminance(palette.INK)
    assert (white + 0.05) / (ink_l + 0.05) >= 7  # WCAG AAA for body text


def test_colours_by_kind_count_what_is_drawn() -> None:
    G = nx.Graph()
    G.add_node("a", kind=NodeKind.PERSON, name="A")
    G.add_node("b", kind=NodeKind.PERSON, name="B")
    G.add_node("o", kind=NodeKind.ORGANISATION, name="O")
    fill, legend = colours(G, ["a", "o"], ColorBy.KIND)
    assert fill == {"a": palette.BLUE, "o": palette.ORANGE}
    assert [(e.label, e.count) for e in legend] == [("Person", 1), ("Organisation", 1)]


def test_colours_by_community_beyond_the_palette_are_grey() -> None:
    G = nx.Graph()
    members = {f"n{i}": i + 1 for i in range(12)}
    G.add_nodes_from(members)
    labels = CommunityLabels(members, {i + 1: f"C{i + 1}" for i in range(12)})
    fill, legend = colours(G, list(members), ColorBy.COMMUNITY, labels)
    assert fill["n0"] == palette.COMMUNITY_COLOURS[0]
    assert fill["n11"] == palette.OTHER_COLOUR
    assert legend[-1].label == "smaller communities" and legend[-1].count == 3


def test_community_labels_come_from_the_analysis() -> None:
    result = AnalysisResult(
        "communities",
        "full",
        {},
        (
            ResultItem(
                "community-1", "Mental health", {"size": 2}, details={"members": ["a", "b"]}
            ),
            ResultItem("community-2", "Dorset", {"size": 1}, details={"members": ["c"]}),
        ),
    )
    labels = CommunityLabels.from_result(result)
    assert labels.membership == {"a": 1, "b": 1, "c": 2}
    assert labels.names == {1: "Mental health", 2: "Dorset"}


def test_sizes_grow_with_the_square_root_of_the_value() -> None:
    sizes = scale_sizes({"a": 0.0, "b": 1.0, "c": 4.0}, ["a", "b", "c", "d"])
    assert sizes["a"] == sizes["d"] == MIN_SIZE
    assert sizes["c"] == MAX_SIZE
    assert sizes["b"] == pytest.approx(MIN_SIZE + (MAX_SIZE - MIN_SIZE) / 2)


def test_the_score_a_node_is_sized_by() -> None:
    assert primary_score({"rank": 1.0, "betweenness": 0.4}) == 0.4
    assert primary_score({"score": 2.0, "betweenness": 0.4}) == 2.0
    assert primary_score({"other": 3.0}) == 3.0
    assert primary_score({}) is None
    result = AnalysisResult(
        "x", "full", {}, (ResultItem("a", "A", {"score": float("nan")}), ResultItem("b", "B", {}))
    )
    assert item_scores(result) == {}


def test_a_tooltip_escapes_and_names_sources_by_origin() -> None:
    from graph.model import Source

    G = nx.Graph()
    G.add_node("x", kind=NodeKind.PERSON, name="<b>Bold</b>", scale=Scale.LOCAL, place="p")
    G.add_node("p", kind=NodeKind.PLACE, name="Poole & Purbeck")
    stored = Node(
        id="x",
        kind=NodeKind.PERSON,
        name="<b>Bold</b>",
        description="x" * 400,
        sources=(
            *(Source(kind=SourceKind.ROW, origin=f"f{i}.csv", locator=str(i)) for i in range(7)),
            Source(kind=SourceKind.PASSAGE, origin="post.md", locator="2", excerpt="SECRET"),
        ),
    )
    tip = node_tooltip(G, "x", stored=stored, scores={"score": 0.123456})
    assert "<b>Bold</b>" not in tip and "&lt;b&gt;Bold&lt;/b&gt;" in tip
    assert "Poole &amp; Purbeck" in tip
    assert "f0.csv (row 0)" in tip and "and 3 more" in tip
    assert "SECRET" not in tip
    assert "x" * 280 not in tip and "…" in tip
    assert "score 0.123" in tip
    assert source_lines(stored, limit=10)[-1] == "post.md (passage 2)"
    elsewhere = Node(
        id="y",
        kind=NodeKind.PERSON,
        name="Y",
        sources=(
            Source(kind=SourceKind.ROW, origin="/srv/secret/dir/people.csv", locator="3"),
            Source(kind=SourceKind.PASSAGE, origin="C:\\data\\post.md", locator="passage 4"),
        ),
    )
    assert source_lines(elsewhere) == ["people.csv (row 3)", "post.md (passage 4)"]


def test_a_tie_tooltip_reads_each_relationship() -> None:
    G = nx.Graph()
    G.add_node("a", name="Ada")
    G.add_node("t", name="<Trust>")
    tip = tie_tooltip(G, "a", "t", [("a", "WORKS_FOR", "t"), ("a", "MEMBER_OF", "t")])
    assert "Ada works for &lt;Trust&gt;" in tip and "Ada member of &lt;Trust&gt;" in tip


# -- the PNG reader --------------------------------------------------------------------------


def _png(rows: list[bytes], width: int, filters: list[int], colour: int = 2) -> bytes:
    """Encode RGB (colour 2) or RGBA (colour 6) rows with the given filter per row."""
    bpp = 3 if colour == 2 else 4
    raw = bytearray()
    prior = bytes(len(rows[0]))
    for row, kind in zip(rows, filters, strict=True):
        out = bytearray()
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            if kind == 0:
                pred = 0
            elif kind == 1:
                pred = a
            elif kind == 2:
                pred = b
            elif kind == 3:
                pred = (a + b) >> 1
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            out.append((value - pred) & 0xFF)
        raw += bytes([kind]) + out
        prior = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw)))
        + chunk(b"IEND", b"")
    )


def test_the_png_reader_undoes_every_row_filter(tmp_path: Path) -> None:
    width = 4
    rows = [
        bytes((x * 60 + y * 7 + c * 3) % 256 for x in range(width) for c in range(3))
        for y in range(5)
    ]
    image = decode(_png(rows, width, [0, 1, 2, 3, 4]))
    assert image.rows == rows
    assert image.pixel(2, 3) == tuple(rows[3][6:9])


def test_ink_tells_a_blank_picture_from_a_drawing(tmp_path: Path) -> None:
    white = bytes([255] * 3 * 10)
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png([white] * 10, 10, [0] * 10))
    assert ink(blank, step=1).share == 0.0
    drawn = tmp_path / "drawn.png"
    dot = bytearray(white)
    dot[12:15] = b"\x00\x72\xb2"
    drawn.write_bytes(_png([white] * 5 + [bytes(dot)] + [white] * 4, 10, [4] * 10, colour=2))
    found = ink(drawn, step=1)
    assert found.background == (255, 255, 255)
    assert found.share == pytest.approx(0.01)
    assert found.colours == 2


def test_the_png_reader_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        decode(b"GIF89a")
