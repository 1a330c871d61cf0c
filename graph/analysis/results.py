"""The shape every analysis answers in: ranked items, each with scores, evidence and a reason.

Every analysis in :mod:`graph.analysis` returns an :class:`AnalysisResult`: the items, best
first, plus the name of the analysis, the projection it ran on and the parameters it used.
Each :class:`ResultItem` names the node (or path, or community) it is about, its scores, the
:class:`Evidence` behind it (node ids, relationship keys, source ids) and an ``explanation``
in plain English that a convenor can read aloud.

``to_dict()`` gives JSON-ready dictionaries; ``AnalysisResult.to_list()`` is what ``--json``
prints: the items, best first.

Examples
--------
>>> item = ResultItem(
...     id="ada", name="Ada", scores={"betweenness": 0.5},
...     evidence=Evidence(nodes=("ada", "bob"), relationships=(("ada", "KNOWS", "bob"),)),
...     explanation="Ada is the only link between Bob and the rest.",
... )
>>> item.to_dict()["evidence"]["relationships"]
[{'source': 'ada', 'type': 'KNOWS', 'target': 'bob'}]
>>> result = AnalysisResult("brokers", "full", {"k": 10}, (item,))
>>> [d["id"] for d in result.to_list()]
['ada']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

EvidenceKey = tuple[str, str, str]
"""A relationship key ``(source, type, target)``; :class:`graph.model.RelKey` is one."""


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def _plain(value: Any) -> Any:
    """JSON-ready copy: enums to their values, tuples and sets to lists, mappings to dicts."""
    if isinstance(value, str):
        return str(value)  # StrEnum members become plain strings
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Sequence):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an answer rests on: the nodes, the relationships and the sources asserting them.

    Order is kept (a path's nodes are in path order) and duplicates are dropped.
    """

    nodes: tuple[str, ...] = ()
    relationships: tuple[EvidenceKey, ...] = ()
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "nodes", _unique(self.nodes))
        put(
            self,
            "relationships",
            _unique((str(s), str(t), str(d)) for s, t, d in self.relationships),
        )
        put(self, "sources", _unique(self.sources))

    def merge(self, *others: Evidence) -> Evidence:
        """This evidence and ``others``, in order, without duplicates."""
        every = (self, *others)
        return Evidence(
            nodes=tuple(n for e in every for n in e.nodes),
            relationships=tuple(r for e in every for r in e.relationships),
            sources=tuple(s for e in every for s in e.sources),
        )

    def __bool__(self) -> bool:
        return bool(self.nodes or self.relationships or self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "relationships": [
                {"source": s, "type": t, "target": d} for s, t, d in self.relationships
            ],
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class ResultItem:
    """One ranked answer: a node, a path, a community, a suggested introduction.

    ``details`` holds what is particular to the analysis (a path's ``nodes`` in order, an
    introduction's ``via`` and ``reasons``, a community's ``members``); ``to_dict`` puts those
    keys beside ``id``, ``name`` and ``scores``.
    """

    id: str
    name: str
    scores: Mapping[str, float]
    evidence: Evidence = field(default_factory=Evidence)
    explanation: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "scores": {k: _plain(v) for k, v in self.scores.items()},
        }
        for key, value in self.details.items():
            if key in out or key in ("evidence", "explanation"):
                raise ValueError(f"detail {key!r} would overwrite a standard field")
            out[key] = _plain(value)
        out["evidence"] = self.evidence.to_dict()
        out["explanation"] = self.explanation
        return out


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """An analysis's answer: its items best first, and how it was reached.

    ``projection`` is the :class:`~graph.analysis.projections.Projection` value the analysis
    ran on (``"full"`` or ``"people"``); ``parameters`` the arguments that shaped the answer
    (seed, k, limits); ``summary`` figures about the whole answer (modularity, a sampling
    error bound, how many contexts were too big to project).
    """

    analysis: str
    projection: str
    parameters: Mapping[str, Any]
    items: tuple[ResultItem, ...]
    summary: Mapping[str, Any] = field(default_factory=dict)
    graph_version: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "projection", str(self.projection))
        object.__setattr__(self, "items", tuple(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def to_list(self) -> list[dict[str, Any]]:
        """The items as JSON-ready dictionaries, best first (what ``--json`` prints)."""
        return [item.to_dict() for item in self.items]

    def to_dict(self) -> dict[str, Any]:
        """The whole envelope: analysis, projection, parameters, summary, items."""
        return {
            "analysis": self.analysis,
            "projection": self.projection,
            "parameters": _plain(self.parameters),
            "summary": _plain(self.summary),
            "graph_version": self.graph_version,
            "items": self.to_list(),
        }

    def with_version(self, version: int | None) -> AnalysisResult:
        """The same answer labelled with the graph version it was computed on."""
        return AnalysisResult(
            self.analysis, self.projection, self.parameters, self.items, self.summary, version
        )
