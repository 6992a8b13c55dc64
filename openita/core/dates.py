"""Dates that people type into forms stay within sensible bounds: ten years either side of today, so that a slip
of the finger (0001-01-01, 9999-12-31, a Buddhist-era year typed into a Christian-era field: 2568-10-01) is
caught at the form rather than stored, printed in a document or used in a calendar. One rule for every date
field (`SensibleDateField`); a field that needs a narrower range (a fiscal year's) checks that too."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SENSIBLE_YEARS = 10


def sensible_date_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return (
        datetime.date(today.year - SENSIBLE_YEARS, 1, 1),
        datetime.date(today.year + SENSIBLE_YEARS, 12, 31),
    )


def validate_sensible_date(value: datetime.date | None) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    first, last = sensible_date_bounds()
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            params={"first": first.year, "last": last.year},
            code="date_out_of_range",
        )


class SensibleDateField(forms.DateField):
    """A form date field refusing dates more than ten years from today."""

    default_validators = [validate_sensible_date]

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":
            first, last = sensible_date_bounds()
            attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        return attrs
