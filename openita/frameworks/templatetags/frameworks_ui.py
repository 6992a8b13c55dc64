"""Template helpers for framework screens: texts in the active language, provenance badges."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openita.frameworks.models import Confidence
from openita.frameworks.schema import confidence_mark
from openita.units.models import UnitType

register = template.Library()

BADGE_STYLES = {
    Confidence.OFFICIAL: "text-bg-success",
    Confidence.PUBLIC_SOURCE: "text-bg-info",
    Confidence.SAMPLE_DOCUMENT: "text-bg-primary",
    Confidence.REPLICA: "text-bg-secondary",
    Confidence.INFERRED: "text-bg-light border border-warning",
    Confidence.UNCONFIRMED: "text-bg-warning",
    Confidence.OPENITA_SAMPLE: "text-bg-warning",
}


@register.filter
def tr(text: Any) -> str:
    """A {th, en} text in the active language (Thai when the English is missing)."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    if get_language() == "en":
        return str(text.get("en") or text.get("th") or "")
    return str(text.get("th") or "")


@register.filter
def tr_other(text: Any) -> str:
    """The same text in the other language (shown small, for translators and bilingual readers)."""
    if not isinstance(text, dict):
        return ""
    return str(text.get("th" if get_language() == "en" else "en") or "")


@register.filter
def plain_value(value: Any) -> str:
    """A compared value for people: lists joined, mappings as "key: value", nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, list):
        return ", ".join(plain_value(entry) for entry in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {plain_value(entry)}" for key, entry in value.items())
    return str(value)


@register.filter
def unit_type_label(code: str) -> str:
    return str(dict(UnitType.choices).get(code, code))


@register.simple_tag
def confidence_badge(node: dict[str, Any]) -> str:
    """A small badge saying how sure a part is, with its source as a tooltip."""
    confidence = node.get("confidence") or ""
    if not confidence:
        return ""
    label = {str(value): text for value, text in Confidence.choices}.get(confidence, confidence)
    return format_html(
        '<span class="badge {} fw-normal" title="{}">{}</span>',
        BADGE_STYLES.get(Confidence(confidence), "text-bg-light")
        if confidence in Confidence.values
        else "text-bg-light",
        node.get("source") or "",
        label,
    )


@register.simple_tag
def item_mark(item: Any) -> str:
    """On lists of a unit's OIT items: a badge when the item is carried over from another year
    (inferred) or confirmed by no source (unconfirmed). Reads the item's own mark only, so that a
    list costs no query more; the shipped libraries mark every such item itself."""
    mark = confidence_mark(getattr(item, "confidence", "") or "")
    if mark == "confirmed":
        return ""
    if mark == "unconfirmed":
        label, style = _("Not confirmed"), "text-bg-warning"
    else:
        label, style = _("Inferred from another year"), "text-bg-light border border-warning"
    return format_html(
        '<span class="badge {} fw-normal" data-mark="{}" title="{}">{}</span>',
        style,
        mark,
        getattr(item, "source", "") or "",
        label,
    )
