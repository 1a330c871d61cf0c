"""The Examples sections of the analysis modules run, and say what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "graph.analysis.results",
    "graph.analysis.projections",
    "graph.analysis.engine",
    "graph.analysis.cache",
    "graph.analysis.paths",
    "graph.analysis.context",
    "graph.analysis.introductions",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    outcome = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert outcome.attempted > 0, f"{name} has no examples"
    assert outcome.failed == 0
