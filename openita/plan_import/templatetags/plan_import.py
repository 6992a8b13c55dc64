from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from openita.plan_import.result import GUESS, SURE

register = template.Library()


@register.filter
def confidence_badge(confidence: str) -> SafeString:
    """How sure openita is of a reading: sure, to check, or kept as written."""
    if confidence == SURE:
        return format_html('<span class="badge text-bg-success">{}</span>', _("sure"))
    if confidence == GUESS:
        return format_html('<span class="badge text-bg-warning">{}</span>', _("check"))
    return format_html('<span class="badge text-bg-secondary">{}</span>', _("as written"))


@register.filter
def field_label(role: str) -> str:
    """The Thai name of the field a source cell went to ('' = not understood)."""
    labels = {
        "indicator": _("Indicator"),
        "issue": _("Issue to improve"),
        "measure": _("Measure or activity"),
        "steps": _("Steps"),
        "output": _("Output"),
        "awareness": _("How it is made known"),
        "period": _("Period"),
        "responsible": _("Responsible"),
        "follow_up": _("Follow-up"),
        "done": _("What was done"),
        "evaluation": _("Evaluation"),
    }
    return labels.get(role, role or _("not understood"))
