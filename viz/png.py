"""Read a PNG well enough to tell whether a screenshot shows anything: a tiny decoder.

Chromium's screenshots are 8-bit, non-interlaced RGB or RGBA; that is all this reads
(zlib and the five row filters of the PNG specification [1]_), with no imaging library.

References
----------
.. [1] W3C, "Portable Network Graphics (PNG) Specification (Second Edition)", sections
   9 (filtering) and 11.2 (chunks), https://www.w3.org/TR/png/
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 6: 4}  # colour type: RGB, RGBA


@dataclass(frozen=True, slots=True)
class Image:
    width: int
    height: int
    channels: int
    rows: list[bytes]
    """Unfiltered rows, ``width * channels`` bytes each."""

    def pixel(self, x: int, y: int) -> tuple[int, ...]:
        start = x * self.channels
        return tuple(self.rows[y][start : start + self.channels][:3])


def decode(data: bytes) -> Image:
    """Decode an 8-bit RGB or RGBA PNG; ``ValueError`` for anything else."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(SIGNATURE)
    width = height = channels = 0
    idat = bytearray()
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in _CHANNELS or interlace:
                raise ValueError("only 8-bit, non-interlaced RGB or RGBA PNGs are read")
            channels = _CHANNELS[colour]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if not channels:
        raise ValueError("PNG without a header")
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, row, previous, channels)
        rows.append(bytes(row))
        previous = row
    return Image(width, height, channels, rows)


def _unfilter(kind: int, row: bytearray, prior: bytearray, bpp: int) -> None:
    n = len(row)
    if kind == 0:
        return
    if kind == 1:
        for i in range(bpp, n):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(n):
            row[i] = (row[i] + prior[i]) & 0xFF
    elif kind == 3:
        for i in range(n):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + prior[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(n):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            row[i] = (row[i] + pred) & 0xFF
    else:
        raise ValueError(f"unknown PNG row filter {kind}")


@dataclass(frozen=True, slots=True)
class Ink:
    """What a picture holds: its size, its commonest colour, and how much differs from it."""

    width: int
    height: int
    background: tuple[int, ...]
    share: float
    """Share of sampled pixels unlike the background."""
    colours: int
    """Distinct colours among the sampled pixels."""


def ink(path: Path, *, region: tuple[int, int, int, int] | None = None, step: int = 2) -> Ink:
    """Sample every ``step``-th pixel of ``region`` (x0, y0, x1, y1; default: all)."""
    image = decode(path.read_bytes())
    x0, y0, x1, y1 = region or (0, 0, image.width, image.height)
    x1, y1 = min(x1, image.width), min(y1, image.height)
    counts: Counter[tuple[int, ...]] = Counter(
        image.pixel(x, y) for y in range(y0, y1, step) for x in range(x0, x1, step)
    )
    total = sum(counts.values())
    if total == 0:
        return Ink(image.width, image.height, (), 0.0, 0)
    background, most = counts.most_common(1)[0]
    return Ink(image.width, image.height, background, 1 - most / total, len(counts))
