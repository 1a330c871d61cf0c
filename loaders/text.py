"""Reading a text input as UTF-8, with a precise message when it is not."""

from __future__ import annotations

from pathlib import Path

from graph.errors import Problem


def read_utf8(path: Path, origin: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem naming the file, line and byte that is not UTF-8.

    A leading byte-order mark is dropped: spreadsheet programs add one when saving CSV.

    Parameters
    ----------
    path
        The file to read.
    origin
        The file as the user named it, for messages.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem("file", origin, f"cannot be read ({exc.strerror})", origin)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end]
        where = f"{origin} line {line}, byte {exc.start}"
        message = "is not valid UTF-8; save the file as UTF-8 and load it again"
        return None, [Problem("encoding", bad, message, where)]
