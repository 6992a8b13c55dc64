"""The ITA calendar of an assessment year: its phases with dates and who is responsible.

Phases are made from data/calendar.yaml (the cycle of the ITA reference §1 and the samples) the first time a
unit's calendar is used, and then belong to the unit: the admin moves dates as the year's national calendar
says. Other features read deadlines through `openita.ita_calendar.services.phase_deadline`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CalendarPhaseQuerySet(models.QuerySet["CalendarPhase"]):
    def for_listing(self) -> CalendarPhaseQuerySet:
        return self.order_by("starts_on", "position", "pk")


class CalendarPhase(models.Model):
    assessment = models.ForeignKey(
        "frameworks.Assessment", on_delete=models.CASCADE, related_name="calendar_phases"
    )
    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveIntegerField(_("order"), default=0)
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible_role = models.CharField(_("responsible role"), max_length=30, blank=True)
    responsible_text = models.CharField(_("responsible (as written)"), max_length=255, blank=True)
    description = models.TextField(_("what happens"), blank=True)

    objects = CalendarPhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar phase")
        verbose_name_plural = _("calendar phases")
        ordering = ["assessment", "starts_on", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "code"], name="calendar_phase_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="calendar_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th
