"""Small display helpers of the measures screens: `{% load measures_ui %}`."""

from typing import Any

from django import template

from openita.measures.models import MeasureStatus, PlanStatus

register = template.Library()

STATUS_STYLES = {
    MeasureStatus.NOT_STARTED: "secondary",
    MeasureStatus.IN_PROGRESS: "primary",
    MeasureStatus.DONE: "success",
    MeasureStatus.OVERDUE: "danger",
}
PLAN_STATUS_STYLES = {
    PlanStatus.DRAFT: "secondary",
    PlanStatus.SUBMITTED: "warning",
    PlanStatus.APPROVED: "success",
    PlanStatus.SUPERSEDED: "light",
}


@register.filter
def status_style(status: Any) -> str:
    """Bootstrap colour of a measure status (not_started, in_progress, done, overdue)."""
    return STATUS_STYLES.get(str(status), "secondary")  # type: ignore[call-overload]


@register.filter
def status_label(status: Any) -> str:
    try:
        return str(MeasureStatus(str(status)).label)
    except ValueError:
        return ""


@register.filter
def plan_status_style(status: Any) -> str:
    return PLAN_STATUS_STYLES.get(str(status), "secondary")  # type: ignore[call-overload]


@register.filter
def lines(text: Any) -> list[str]:
    """The non-empty lines of a text."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


@register.filter
def with_columns(cells: list[Any], columns: list[Any]) -> list[tuple[Any, Any]]:
    """Pairs of (column, cell) of a plan table row, for `{% for column, cell in row.cells|with_columns:table.columns %}`."""
    return list(zip(columns, cells, strict=False))


@register.filter
def channel_labels(codes: Any) -> list[str]:
    """Labels of awareness channel codes (unknown codes are skipped)."""
    from openita.measures.models import AwarenessChannel

    return [
        str(AwarenessChannel(code).label) for code in codes or [] if code in AwarenessChannel.values
    ]
