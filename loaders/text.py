"""Reading a text input as UTF-8, with a precise message when it is not."""

from __future__ import annotations

import codecs
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


_CHUNK = 1 << 20


def check_utf8(path: Path, origin: str) -> list[Problem]:
    """What :func:`read_utf8` would report for the file, without holding its text: for a
    reader that then streams it. Nothing when the file is readable UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except OSError as exc:
        return [Problem("file", origin, f"cannot be read ({exc.strerror})", origin)]
    except UnicodeDecodeError:
        # Rare, so the whole file is read once more to name the line and byte exactly.
        return read_utf8(path, origin)[1]
    return []
