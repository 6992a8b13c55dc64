"""What the ITA calendar sends through openita.notifications: a phase ending within LEAD_DAYS days, to the
unit's admins and its LINE groups that receive "calendar"."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.core.thai import format_thai_date
from openita.ita_calendar.models import CalendarPhase
from openita.notifications import registry

LEAD_DAYS = 3


def phases_ending(today: datetime.date) -> Iterator[registry.Outgoing]:
    phases = CalendarPhase.objects.filter(
        ends_on__gte=today, ends_on__lte=today + timedelta(days=LEAD_DAYS)
    ).select_related("assessment__unit")
    for phase in phases.order_by("ends_on", "pk"):
        assessment = phase.assessment
        unit = assessment.unit
        yield registry.Outgoing(
            topic="calendar",
            unit=unit,
            text=f"ปฏิทิน ITA {unit.name_th}: “{phase.name_th}” สิ้นสุดวันที่ {format_thai_date(phase.ends_on, month='abbr')}",
            url=reverse("ita_calendar:timeline", args=[unit.code, assessment.fiscal_year]),
            key=f"calendar:{phase.pk}:{phase.ends_on.isoformat()}",
            people=registry.unit_admins(unit),
            to_groups=True,
            subject=f"ปฏิทิน ITA: {phase.name_th} ใกล้สิ้นสุด",
        )


def register() -> None:
    registry.register_topic(registry.Topic("calendar", _("Deadlines of the ITA calendar")))
    registry.register_producer("calendar", phases_ending)
