"""A progress bar for long commands: rows done, rows per second, on stderr only, and only
when stderr is a terminal (never in pipes, scripts or logs)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class RowsPerSecond(ProgressColumn):
    """Rows per second; rich's own speed column counts bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


class RowBar:
    """A bar being shown; see :func:`row_progress`."""

    def __init__(self, bar: Progress, task: TaskID, description: str) -> None:
        self._bar = bar
        self._task = task
        self._description = description

    def advance(self, rows: int, total: int | None = None) -> None:
        """Count ``rows`` more done, out of ``total`` when it is known."""
        self._bar.update(self._task, total=total, advance=rows)

    def phase(self, description: str, rows: int, total: int | None) -> None:
        """As :meth:`advance`, starting the count (and the speed) afresh when the work moves
        on to a new phase, e.g. from reading to writing."""
        if description != self._description:
            self._description = description
            self._bar.reset(self._task, total=total, description=description)
        self.advance(rows, total)


@contextmanager
def row_progress(description: str) -> Iterator[RowBar | None]:
    """A bar on stderr while the block runs, or ``None`` when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RowsPerSecond(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield RowBar(bar, bar.add_task(description, total=None), description)
