"""Small template helpers available in every template (registered as a builtin)."""

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()


@register.inclusion_tag("core/field.html")
def field(bound_field: BoundField, **attrs: Any) -> dict[str, Any]:
    """A Bootstrap form row: label, widget with its error state, help text and errors."""
    input_type = getattr(bound_field.field.widget, "input_type", None)
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select":
        css = "form-select"
    else:
        css = "form-control"
    classes = [css] + (["is-invalid"] if bound_field.errors else [])
    return {
        "field": bound_field,
        "widget": bound_field.as_widget(attrs={"class": " ".join(classes), **attrs}),
        "is_checkbox": input_type == "checkbox",
    }
