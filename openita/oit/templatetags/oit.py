from typing import Any

from django import template

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-info",
    "checked": "text-bg-primary",
    "approved": "text-bg-success",
    "locked": "text-bg-dark",
    "scored": "text-bg-warning",
    "appealed": "text-bg-danger",
    "rescored": "text-bg-warning",
    "final": "text-bg-success",
}


@register.inclusion_tag("oit/_status.html")
def status_badge(disclosure: object) -> dict[str, object]:
    status = getattr(disclosure, "status", "")
    return {
        "css": STATUS_CLASSES.get(status, "text-bg-light"),
        "label": getattr(disclosure, "get_status_display", lambda: status)(),
    }


@register.simple_tag(takes_context=True)
def oit_tabs(context: template.Context, unit: Any, year: int) -> dict[str, bool]:
    """Which tabs of a unit's OIT the person may open: approval for the executive, assessment for the
    assessors, and none but the board while the unit has no OIT of that year (the others would answer 404)."""
    from openita.accounts.authz import Capability, capabilities_in
    from openita.frameworks.models import Assessment

    granted = capabilities_in(context["request"].user, unit)
    has_assessment = Assessment.objects.of(unit, year).exists()
    return {
        "approvals": has_assessment and Capability.APPROVE in granted,
        "results": has_assessment,
        "assess": has_assessment and Capability.ASSESS in granted,
    }
