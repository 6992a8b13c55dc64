"""Template helpers of the surveys pages: {% load surveys %}."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from openita.core.dates import format_date
from openita.core.thai import format_number
from openita.surveys.tally import DayProgress

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``{{ answers|get_item:code }}``: a value of a dictionary by a key held in a variable."""
    if not mapping:
        return ""
    return mapping.get(key, "")


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM = 600, 160, 14, 22


@register.simple_tag
def daily_chart(days: Sequence[DayProgress]) -> str:
    """The answers of each day as a bar chart, drawn on the server as SVG (no script, no library): every day
    from the first answer to the last, a day without answers as an empty slot; each bar's title tells its
    date and count."""
    if not days:
        return ""
    counts = {progress.day: progress.total for progress in days}
    first, last = min(counts), max(counts)
    span = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    highest = max(counts.values()) or 1
    slot = CHART_WIDTH / len(span)
    usable = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars = []
    for position, day in enumerate(span):
        count = counts.get(day, 0)
        height = usable * count / highest
        bars.append(
            format_html(
                '<rect class="day-bar" x="{}" y="{}" width="{}" height="{}" fill="#0a58ca">'
                "<title>{}: {}</title></rect>",
                f"{position * slot + slot * 0.1:.1f}",
                f"{CHART_TOP + usable - height:.1f}",
                f"{max(slot * 0.8, 1):.1f}",
                f"{height:.1f}",
                format_date(day, month="abbr"),
                format_number(count),
            )
        )
    labels = [
        format_html(
            '<text x="{}" y="{}" font-size="12" text-anchor="{}" fill="#212529">{}</text>',
            x,
            CHART_HEIGHT - 6,
            anchor,
            format_date(day, month="abbr"),
        )
        for day, x, anchor in (
            (first, 0, "start"),
            *([(last, CHART_WIDTH, "end")] if last != first else []),
        )
    ]
    summary = _("Answers by day, from %(first)s to %(last)s; at most %(highest)s in a day") % {
        "first": format_date(first, month="abbr"),
        "last": format_date(last, month="abbr"),
        "highest": format_number(highest),
    }
    return format_html(
        '<svg class="daily-chart w-100" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="none" height="{}">'
        '<line x1="0" x2="{}" y1="{}" y2="{}" stroke="#6c757d"/>'
        '<text x="0" y="11" font-size="12" fill="#212529">{}</text>{}{}</svg>',
        CHART_WIDTH,
        CHART_HEIGHT,
        summary,
        CHART_HEIGHT,
        CHART_WIDTH,
        CHART_TOP + usable,
        CHART_TOP + usable,
        format_number(highest),
        mark_safe("".join(bars)),
        mark_safe("".join(labels)),
    )
