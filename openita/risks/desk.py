"""What the risk register brings to the desk (openita.accounts.desk): the head of unit sees the year's
draft assessment that has its criteria and risks written, waiting for approval."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import DeskQuery, Waiting
from openita.accounts.models import Role

from .models import AssessmentStatus, Risk, RiskAssessment

SECTION = gettext_lazy("Bribery-risk assessment")


def waiting(query: DeskQuery) -> list[Waiting]:
    units = query.units_with_role(Role.EXECUTIVE)
    if not units:
        return []
    drafts = (
        RiskAssessment.objects.filter(
            unit__in=units, fiscal_year=query.fiscal_year, status=AssessmentStatus.DRAFT
        )
        .exclude(criteria="")
        .filter(Exists(Risk.objects.filter(process__assessment=OuterRef("pk"))))
        .select_related("unit")
    )
    return [
        Waiting(
            section=SECTION,
            what=_("Approve"),
            title=_("Bribery-risk assessment, version %(version)s") % {"version": draft.version},
            url=reverse("risks:register", args=[draft.unit.code, draft.fiscal_year]),
            unit=draft.unit,
        )
        for draft in drafts
    ]


def register() -> None:
    """Called from the app's ready()."""
    desk.register_waiting(waiting)
