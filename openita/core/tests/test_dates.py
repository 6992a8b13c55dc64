"""Dates typed into forms stay within ten years of today, in every form of every app."""

import datetime
import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError

from openita.core.dates import SensibleDateField, validate_sensible_date

PACKAGE = Path(__file__).resolve().parents[2]


@time_machine.travel(datetime.datetime(2026, 3, 1, 12), tick=False)
@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (datetime.date(1, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
        (datetime.date(2568, 10, 1), False),  # a Buddhist-era year in a Christian-era field
        (datetime.date(2015, 12, 31), False),
        (datetime.date(2016, 1, 1), True),
        (datetime.date(2026, 3, 1), True),
        (datetime.date(2036, 12, 31), True),
        (datetime.date(2037, 1, 1), False),
    ],
)
def test_dates_far_from_today_are_refused(value: datetime.date, accepted: bool) -> None:
    field = SensibleDateField()
    if accepted:
        assert field.clean(value.isoformat()) == value
    else:
        with pytest.raises(ValidationError):
            field.clean(value.isoformat())
    validate_sensible_date(None)


def _form_classes() -> list[Any]:
    classes = []
    for path in sorted(PACKAGE.glob("*/forms.py")):
        module = importlib.import_module(f"openita.{path.parent.name}.forms")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                classes.append(value)
    return classes


def test_every_date_field_of_every_form_is_bounded() -> None:
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, SensibleDateField)
    ]
    assert len(_form_classes()) > 10
    assert unbounded == []
