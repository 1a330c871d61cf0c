"""The demo network: the curated CSV bundle in ``data/demo`` and the seed documents in
``data/seeds`` that it was built from, found beside the source tree."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from graph.errors import ConveneError
from graph.model import parse_date
from graph.records import Introduction

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_SUFFIXES = (".txt", ".md", ".html")


def demo_inputs(data: Path = DATA, *, documents: bool = True) -> list[Path]:
    """The demo's inputs: the bundle first (it names every entity), then the seed documents,
    whose mentions resolve to the bundle's nodes by name and alias."""
    bundle = data / "demo"
    if not (bundle / "nodes.csv").is_file():
        raise ConveneError(
            f"the demo network is not at {bundle}: run from a checkout of Convene "
            "(the demo data lives in its data/ folder, not in the installed package)"
        )
    seeds = sorted(
        p for p in (data / "seeds").glob("*") if p.suffix in SEED_SUFFIXES and p.stem != "README"
    )
    return [bundle, *(seeds if documents else [])]


def demo_introductions(data: Path = DATA) -> list[Introduction]:
    """The introductions the demo records: each tie in the bundle marked ``introduced_by``
    (made the month the tie began, so it converted), and those in ``introductions.csv``
    (recent ones, not yet ties), so the history's conversion rate shows something real."""
    made = []
    with (data / "demo" / "edges.csv").open(encoding="utf-8", newline="") as edges:
        for row in csv.DictReader(edges):
            if row.get("introduced_by") and row.get("since"):
                made.append(Introduction(
                    a=row["source"], b=row["target"], by=row["introduced_by"],
                    made_on=_day(row["since"]),
                    note="demo: introduced, then a tie", actor="demo",
                ))
    with (data / "demo" / "introductions.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            made.append(Introduction(a=row["a"], b=row["b"], by=row["by"],
                                     made_on=_day(row["made_on"]), note=row["note"],
                                     actor="demo"))
    return made


def _day(text: str) -> date:
    day = parse_date("made_on", text)
    if day is None:
        raise ConveneError(f"the demo's introductions need a date, not {text!r}")
    return day
