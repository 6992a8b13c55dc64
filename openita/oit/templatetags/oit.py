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
