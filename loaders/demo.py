"""The demo network: the curated CSV bundle in ``data/demo`` and the seed documents in
``data/seeds`` that it was built from, found beside the source tree."""

from __future__ import annotations

from pathlib import Path

from graph.errors import ConveneError

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
