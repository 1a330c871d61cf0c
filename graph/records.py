"""What the store keeps besides the graph: the record of each load and of introductions made.

Neither is part of the network itself, so writing one does not raise the graph version (an
analysis cached for a version stays valid), and neither ever shows up in graph reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from graph.errors import InvalidData
from graph.model import check_id, parse_date


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class RunOutcome(StrEnum):
    """How a load run ended."""

    RUNNING = "running"
    COMPLETED = "completed"
    REJECTED = "rejected"
    """The input was invalid; nothing was written."""
    FAILED = "failed"
    """The store failed part-way; committed batches stay, the rest was not written."""


@dataclass(frozen=True, slots=True)
class LoadRun:
    """One ``convene load`` (or API upload): what it read, what it wrote, how it ended."""

    id: str
    inputs: tuple[str, ...]
    started: datetime
    outcome: RunOutcome = RunOutcome.RUNNING
    finished: datetime | None = None
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """``{"nodes": {kind: n}, "relationships": {type: n}}`` as written."""
    actor: str = "local"
    """Who ran it: ``local:<user>`` on the command line, ``key:<name>`` through the API."""
    message: str = ""
    """Why it was rejected or failed, in one line."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "inputs": list(self.inputs),
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "outcome": self.outcome.value,
            "counts": {k: dict(v) for k, v in self.counts.items()},
            "actor": self.actor,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LoadRun:
        """Rebuild a run a store wrote with :meth:`to_dict`."""
        finished = data.get("finished")
        return cls(
            id=data["id"],
            inputs=tuple(data.get("inputs") or ()),
            started=datetime.fromisoformat(data["started"]),
            outcome=RunOutcome(data["outcome"]),
            finished=datetime.fromisoformat(finished) if finished else None,
            counts={k: dict(v) for k, v in (data.get("counts") or {}).items()},
            actor=data.get("actor") or "local",
            message=data.get("message") or "",
        )


@dataclass(frozen=True, slots=True)
class Introduction:
    """Two people a convenor introduced, and who made the introduction.

    The pair is unordered: ``a`` and ``b`` are kept sorted, so recording it again from the
    other side updates the same record.
    """

    a: str
    b: str
    by: str | None = None
    made_on: date = field(default_factory=lambda: utc_now().date())
    note: str = ""
    actor: str = "local"
    recorded_at: datetime = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        a = check_id("a", self.a, "introduction")
        b = check_id("b", self.b, "introduction")
        if a == b:
            raise InvalidData.one("b", b, "cannot introduce someone to themselves")
        by = check_id("by", self.by, "introduction") if self.by else None
        if by in (a, b):
            raise InvalidData.one("by", by, "the introducer must be a third person")
        made_on = parse_date("made_on", self.made_on, "introduction")
        if made_on is None:
            raise InvalidData.one("made_on", self.made_on, "is required", "introduction")
        put = object.__setattr__
        put(self, "a", min(a, b))
        put(self, "b", max(a, b))
        put(self, "by", by)
        put(self, "made_on", made_on)

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "made_on": self.made_on.isoformat(),
            "note": self.note,
            "actor": self.actor,
            "recorded_at": self.recorded_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Introduction:
        return cls(
            a=data["a"],
            b=data["b"],
            by=data.get("by"),
            made_on=date.fromisoformat(data["made_on"]),
            note=data.get("note") or "",
            actor=data.get("actor") or "local",
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
        )


class Action(StrEnum):
    """What kind of change an audit entry records."""

    LOAD = "load"
    UPSERT = "upsert"
    DELETE = "delete"
    MERGE = "merge"
    INTRODUCE = "introduce"
    ERASE = "erase"
    CLEAR = "clear"
    RESTORE = "restore"
    EXPORT = "export"
    """Personal data left the store: who took what, and at which clearance."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to the store: who made it, when, what, and why. Never edited or deleted."""

    action: Action
    actor: str
    summary: str
    """What changed, in one line a steward can read."""
    targets: tuple[str, ...] = ()
    """The ids (or, for an erasure, nothing that names the person) the change touched."""
    reason: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=utc_now)
    seq: int | None = None
    """Its place in the log, given by the store."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action.value,
            "summary": self.summary,
            "targets": list(self.targets),
            "reason": self.reason,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], seq: int | None = None) -> AuditEntry:
        return cls(
            action=Action(data["action"]),
            actor=data["actor"],
            summary=data["summary"],
            targets=tuple(data.get("targets") or ()),
            reason=data.get("reason") or "",
            detail=dict(data.get("detail") or {}),
            at=datetime.fromisoformat(data["at"]),
            seq=seq if seq is not None else data.get("seq"),
        )
