"""What the measures bring to the desk (openita.accounts.desk): the measures the person carries out or
follows up, with their next follow-up date; plans waiting for their approval; approved plans they have not
acknowledged; per unit the measures done and late; and the measures entry of the unit menu."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Bar, DeskQuery, Waiting, counted_bars, year_area
from openita.accounts.models import Role
from openita.units.models import Unit

from .models import Measure, PlanStatus, PlanVersion
from .scheduling import follow_up_dates
from .services import ACKNOWLEDGING_ROLES

SECTION = gettext_lazy("Measures")


def _plan_url(unit: Unit, year: int, name: str = "measures:plan", *args: int) -> str:
    return reverse(name, args=[unit.code, year, *args])


def waiting(query: DeskQuery) -> list[Waiting]:
    year, today = query.fiscal_year, query.today
    found: list[Waiting] = []
    # The person's measures by their three indexes first (one query), then those of this year in force.
    user_id = query.user.pk or 0
    involved = (
        Measure.objects.filter(owner_id=user_id)
        .order_by()
        .values_list("pk", flat=True)
        .union(
            Measure.objects.filter(follow_up_by_id=user_id).order_by().values_list("pk", flat=True),
            Measure.people.through.objects.filter(user_id=user_id)
            .order_by()
            .values_list("measure_id", flat=True),
        )
    )
    in_force = PlanVersion.objects.filter(status=PlanStatus.APPROVED).values("plan_id")
    measures = (
        Measure.objects.active()
        .filter(pk__in=list(involved), plan__assessment__fiscal_year=year, plan_id__in=in_force)
        .unfinished()
        .select_related("plan__assessment__unit")
    )
    for measure in measures:
        unit = measure.plan.assessment.unit
        upcoming = [day for day in follow_up_dates(measure, year) if day >= today]
        overdue = measure.due_date is not None and measure.due_date < today
        due = measure.due_date if overdue else (upcoming[0] if upcoming else measure.due_date)
        found.append(
            Waiting(
                section=SECTION,
                what=_("Record progress") if measure.owner_id == query.user.pk else _("Follow up"),
                title=f"{measure.label} {measure.title}".strip()[:200],
                url=_plan_url(unit, year, "measures:measure_detail", measure.pk),
                unit=unit,
                due=due,
                overdue=overdue,
                note=_("next follow-up") if upcoming and not overdue else "",
            )
        )
    units = {unit.pk: unit for unit in query.own_units}
    headed = [unit.pk for unit in query.units_with_role(Role.EXECUTIVE)]
    acknowledging = [unit.pk for unit in query.units_with_role(*ACKNOWLEDGING_ROLES)]
    if headed or acknowledging:
        versions = (
            PlanVersion.objects.filter(plan__assessment__fiscal_year=year)
            .filter(
                Q(status=PlanStatus.SUBMITTED, plan__assessment__unit_id__in=headed)
                | Q(status=PlanStatus.APPROVED, plan__assessment__unit_id__in=acknowledging)
            )
            .exclude(status=PlanStatus.APPROVED, acknowledgements__user_id=query.user.pk or 0)
            .values_list("plan__assessment__unit_id", "status", "number")
        )
        for unit_id, status, number in versions:
            unit = units[unit_id]
            if status == PlanStatus.SUBMITTED:
                what, name = _("Approve"), "measures:plan"
            else:
                what, name = _("Acknowledge"), "measures:acknowledgements"
            found.append(
                Waiting(
                    section=SECTION,
                    what=what,
                    title=_("Measures plan, version %(number)s") % {"number": number},
                    url=_plan_url(unit, year, name),
                    unit=unit,
                )
            )
    return found


def bars(query: DeskQuery, units: Sequence[Unit]) -> Mapping[int, list[Bar]]:
    """Per unit: its measures of the year done (100 %) of all, and how many are late."""
    rows = (
        Measure.objects.active()
        .filter(
            plan__assessment__fiscal_year=query.fiscal_year,
            plan__assessment__unit_id__in=[unit.pk for unit in units],
        )
        .values("plan__assessment__unit_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(progress_percent__gte=100)),
            late=Count("pk", filter=Q(progress_percent__lt=100, due_date__lt=query.today)),
        )
        .order_by()
    )
    return counted_bars(
        rows,
        units,
        unit_field="plan__assessment__unit_id",
        code="measures",
        label=gettext_lazy("Measures done"),
        url_name="measures:plan",
        fiscal_year=query.fiscal_year,
    )


AREA = year_area("measures", gettext_lazy("Measures"), 40, "measures:plan")


def register() -> None:
    """Called from the app's ready()."""
    desk.register_waiting(waiting)
    desk.register_bars(bars)
    desk.register_area(AREA)
