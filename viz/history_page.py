"""The history page: the network-weaving indicators per quarter as small line charts.

Plain SVG drawn here, no script: the page works offline and under the pages' content policy,
and prints as it looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from graph.analysis.history import PeriodFigures

CHARTS: tuple[tuple[str, str, str], ...] = (
    ("people", "People in the network", "{:.0f}"),
    ("ties", "Ties", "{:.0f}"),
    ("density", "Density", "{:.3f}"),
    ("largest_group_share", "Share of people in the largest connected group", "{:.0%}"),
    ("local_national_ties", "Ties joining local and national actors", "{:.0f}"),
    ("cross_community_ties", "Ties across communities", "{:.0f}"),
    ("broker_concentration", "Brokerage held by the top five people", "{:.0%}"),
    ("conversion_rate", "Introductions that became ties", "{:.0%}"),
)
WIDTH, HEIGHT, PAD = 520, 150, 34


def _chart(rows: Sequence[PeriodFigures], field: str, title: str, fmt: str) -> str:
    points = [(i, getattr(r, field)) for i, r in enumerate(rows) if getattr(r, field) is not None]
    if not points:
        return f"<figure><figcaption>{escape(title)}</figcaption><p>No figures yet.</p></figure>"
    values = [float(v) for _, v in points]
    low, high = min(0.0, *values), max(values) or 1.0
    span_x = max(len(rows) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = PAD + (WIDTH - 2 * PAD) * i / span_x
        y = HEIGHT - PAD / 2 - (HEIGHT - PAD) * (v - low) / ((high - low) or 1.0)
        return round(x, 1), round(y, 1)

    line = " ".join(f"{x},{y}" for x, y in (xy(i, float(v)) for i, v in points))
    first, last = rows[points[0][0]], rows[points[-1][0]]
    label = f"{escape(title)}: {fmt.format(points[-1][1])} in {escape(last.period)}"
    return (
        f'<figure><figcaption>{label}</figcaption>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD / 2}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD / 2}" '
        f'stroke="#999"/>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{line}"/>'
        f'<text x="{PAD}" y="{HEIGHT - 2}" font-size="11">{escape(first.period)}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 2}" font-size="11" text-anchor="end">'
        f"{escape(last.period)}</text>"
        f'<text x="4" y="14" font-size="11">{fmt.format(high)}</text>'
        "</svg></figure>"
    )


def history_page(rows: Sequence[PeriodFigures], *, css_href: str | None = None,
                 home: str | None = "/") -> str:
    """A self-contained HTML page of the indicators per quarter, one chart each."""
    style = f'<link rel="stylesheet" href="{escape(css_href)}">' if css_href else ""
    back = f'<p><a href="{escape(home)}">Convene</a></p>' if home else ""
    charts = "".join(_chart(rows, *chart) for chart in CHARTS)
    span = f"{escape(rows[0].period)} to {escape(rows[-1].period)}" if rows else "no periods"
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Convene: is the network changing?</title>"
        f"{style}<style>figure{{display:inline-block;margin:1em}}svg{{width:{WIDTH}px}}</style>"
        f"</head><body>{back}<h1>Is the network changing?</h1>"
        f"<p>Network-weaving indicators per quarter, {span}.</p>{charts}</body></html>"
    )
