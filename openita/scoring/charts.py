"""Charts drawn on the server as SVG: no JavaScript, sharp in print, readable in black and white
(the current year is a solid filled shape, the previous year a dashed outline)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _point(cx: float, cy: float, radius: float, index: int, count: int, value: float) -> str:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(value, 100.0)) / 100
    return f"{cx + r * math.cos(angle):.1f},{cy + r * math.sin(angle):.1f}"


def radar_chart(
    labels: Sequence[str],
    current: Sequence[Decimal | None],
    previous: Sequence[Decimal | None] | None = None,
    *,
    benchmark: Decimal | None = None,
    title: str = "",
    current_label: str = "",
    previous_label: str = "",
    size: int = 360,
) -> SafeString:
    """A radar (spider) chart of scores 0–100, one axis per label."""
    count = len(labels)
    if count < 3:
        return mark_safe("")
    cx = cy = size / 2
    radius = size / 2 - 36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 28}" '
        f'class="radar-chart" role="img" aria-label="{escape(title)}" '
        'font-family="Sarabun, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in (20, 40, 60, 80, 100):
        points = " ".join(_point(cx, cy, radius, i, count, ring) for i in range(count))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#ccc" stroke-width="1"/>')
        parts.append(
            f'<text x="{cx + 3:.1f}" y="{cy - radius * ring / 100 + 11:.1f}" fill="#888" '
            f'font-size="9">{ring}</text>'
        )
    if benchmark is not None:
        points = " ".join(_point(cx, cy, radius, i, count, float(benchmark)) for i in range(count))
        parts.append(
            f'<polygon points="{points}" fill="none" stroke="#b02a37" stroke-width="1" '
            'stroke-dasharray="2 3"/>'
        )
    for index, label in enumerate(labels):
        end = _point(cx, cy, radius, index, count, 100)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{end.split(",")[0]}" y2="{end.split(",")[1]}" '
            'stroke="#ccc"/>'
        )
        lx, ly = _point(cx, cy, radius + 18, index, count, 100).split(",")
        parts.append(
            f'<text x="{lx}" y="{float(ly) + 4:.1f}" text-anchor="middle" font-weight="bold">'
            f"{escape(label)}</text>"
        )

    def shape(values: Sequence[Decimal | None], style: str) -> None:
        present = [(i, float(v)) for i, v in enumerate(values) if v is not None]
        if len(present) == count:
            points = " ".join(_point(cx, cy, radius, i, count, v) for i, v in present)
            parts.append(f'<polygon points="{points}" {style}/>')
        for i, v in present:
            x, y = _point(cx, cy, radius, i, count, v).split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="#1f3b73"/>')

    if previous is not None and any(v is not None for v in previous):
        shape(previous, 'fill="none" stroke="#555" stroke-width="1.5" stroke-dasharray="5 4"')
    shape(current, 'fill="#1f3b73" fill-opacity="0.25" stroke="#1f3b73" stroke-width="2"')
    legend_y = size + 14
    parts.append(
        f'<rect x="8" y="{legend_y - 9}" width="14" height="10" fill="#1f3b73" fill-opacity="0.4" '
        f'stroke="#1f3b73"/><text x="26" y="{legend_y}">{escape(current_label)}</text>'
    )
    if previous is not None and previous_label:
        parts.append(
            f'<line x1="{size / 2:.0f}" y1="{legend_y - 4}" x2="{size / 2 + 16:.0f}" '
            f'y2="{legend_y - 4}" stroke="#555" stroke-width="1.5" stroke-dasharray="5 4"/>'
            f'<text x="{size / 2 + 20:.0f}" y="{legend_y}">{escape(previous_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    bars: Sequence[tuple[str, int]], *, title: str = "", width: int = 360, bar_height: int = 22
) -> SafeString:
    """Horizontal bars with their counts (e.g. units per grade)."""
    if not bars:
        return mark_safe("")
    largest = max((count for _label, count in bars), default=0) or 1
    label_width, gap = 44, 6
    height = len(bars) * (bar_height + gap)
    usable = width - label_width - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="bar-chart" '
        f'role="img" aria-label="{escape(title)}" font-family="Sarabun, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, count) in enumerate(bars):
        y = index * (bar_height + gap)
        length = usable * count / largest
        parts.append(
            f'<text x="0" y="{y + bar_height * 0.7:.1f}" font-weight="bold">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            'fill="#1f3b73" fill-opacity="0.75" stroke="#1f3b73"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}">{count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
