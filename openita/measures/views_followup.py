"""Screens to follow a plan: by person, by month, what is late, versions, acknowledgements; plus the library
and the person's notifications."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, require, unit_view, visible_units
from openita.accounts.models import User
from openita.core.thai import fiscal_months
from openita.core.years import working_fiscal_year
from openita.measures import services
from openita.measures.forms import LibrarySearchForm
from openita.measures.layouts import (
    TableContext,
    build_analysis_table,
    build_plan_table,
    layout_from_data,
    unit_digits,
)
from openita.measures.library import ensure_library_loaded, search
from openita.measures.models import (
    LibraryMeasure,
    Measure,
    MeasuresPlan,
    Notification,
    PlanStatus,
    PlanVersion,
    ProgressEntry,
)
from openita.measures.notifications import mark_read
from openita.measures.scheduling import follow_up_dates, latest_follow_up_on_or_before
from openita.measures.versioning import diff_snapshots, plan_snapshot
from openita.measures.views import existing_plan, get_plan, plan_context
from openita.units.models import Unit

SOON_DAYS = 30


def _measures(plan: MeasuresPlan) -> list[Measure]:
    return list(plan.measures.for_table())


@unit_view(Capability.VIEW)
def by_person(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """Each responsible person, then each line of work, with their measures; then measures named only
    in words."""
    plan = get_plan(unit, fiscal_year)
    context = plan_context(request, plan, "by_person")
    today = context["today"]
    people: dict[Any, list[tuple[Measure, bool]]] = defaultdict(list)
    lines: dict[Any, list[Measure]] = defaultdict(list)
    in_words: list[Measure] = []
    for measure in _measures(plan):
        measure.status = measure.status_on(today)  # type: ignore[attr-defined]
        named = False
        if measure.owner is not None:
            people[measure.owner].append((measure, True))
            named = True
        for person in measure.people.all():
            if person != measure.owner:
                people[person].append((measure, False))
                named = True
        for line in measure.lines.all():
            lines[line].append(measure)
            named = True
        if not named:
            in_words.append(measure)
    context.update(
        {
            "people": sorted(people.items(), key=lambda pair: pair[0].display_name),
            "lines": sorted(lines.items(), key=lambda pair: pair[0].name_th),
            "in_words": in_words,
        }
    )
    return render(request, "measures/by_person.html", context)


@unit_view(Capability.VIEW)
def by_month(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """The fiscal year month by month: what falls due, what is followed up, what was done."""
    plan = get_plan(unit, fiscal_year)
    context = plan_context(request, plan, "by_month")
    today = context["today"]
    months: dict[tuple[int, int], dict[str, Any]] = {
        (month.year, month.month): {"month": month, "due": [], "follow_ups": [], "done": []}
        for month in fiscal_months(fiscal_year)
    }
    measures = _measures(plan)
    for measure in measures:
        measure.status = measure.status_on(today)  # type: ignore[attr-defined]
        if measure.due_date and (measure.due_date.year, measure.due_date.month) in months:
            months[(measure.due_date.year, measure.due_date.month)]["due"].append(measure)
        for day in follow_up_dates(measure, fiscal_year):
            if (day.year, day.month) in months and day != measure.due_date:
                months[(day.year, day.month)]["follow_ups"].append(measure)
    entries = (
        ProgressEntry.objects.filter(measure__plan=plan, measure__is_withdrawn=False)
        .select_related("measure")
        .order_by("done_on", "pk")
    )
    for entry in entries:
        key = (entry.done_on.year, entry.done_on.month)
        if key in months:
            months[key]["done"].append(entry)
    context["months"] = list(months.values())
    context["this_month"] = (today.year, today.month)
    return render(request, "measures/by_month.html", context)


def _stale(measure: Measure, fiscal_year: int, today: date) -> date | None:
    """The last follow-up date that passed without progress recorded since, if any."""
    occasion = latest_follow_up_on_or_before(measure, fiscal_year, today)
    if occasion is None or measure.progress_percent >= 100:
        return None
    previous_progress = measure.last_progress_on
    if previous_progress is None or previous_progress < occasion - timedelta(days=31):
        return occasion
    return None


@unit_view(Capability.VIEW)
def follow_up(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """The executive's view: what is late, what falls due soon, what has had no progress since its last
    follow-up date, and the units below this one."""
    plan = existing_plan(unit, fiscal_year)
    if plan is None:  # a parent unit without a plan of its own still follows its units
        today_ = timezone.localdate()
        return render(
            request,
            "measures/follow_up_units.html",
            {
                "unit": unit,
                "fiscal_year": fiscal_year,
                "below": units_below_summary(request, unit, fiscal_year, today_),
            },
        )
    context = plan_context(request, plan, "follow_up")
    today: date = context["today"]
    late, soon, stale = [], [], []
    for measure in _measures(plan):
        measure.status = measure.status_on(today)  # type: ignore[attr-defined]
        if measure.progress_percent >= 100:
            continue
        if measure.due_date is not None and measure.due_date < today:
            measure.days_late = (today - measure.due_date).days  # type: ignore[attr-defined]
            late.append(measure)
        elif measure.due_date is not None and (measure.due_date - today).days <= SOON_DAYS:
            soon.append(measure)
        occasion = _stale(measure, fiscal_year, today)
        if occasion is not None and measure not in late:
            measure.missed_follow_up = occasion  # type: ignore[attr-defined]
            stale.append(measure)
    late.sort(key=lambda item: item.due_date or today)
    soon.sort(key=lambda item: item.due_date or today)
    context.update(
        {
            "late": late,
            "soon": soon,
            "stale": stale,
            "soon_days": SOON_DAYS,
            "below": units_below_summary(request, unit, fiscal_year, today),
        }
    )
    return render(request, "measures/follow_up.html", context)


def units_below_summary(
    request: HttpRequest, unit: Unit, fiscal_year: int, today: date
) -> list[dict[str, Any]]:
    """Per unit below this one (visible to the person): measures, done, late, plan approved or not."""
    below = visible_units(request.user).filter(path__startswith=unit.path).exclude(pk=unit.pk)
    rows = (
        Measure.objects.active()
        .filter(plan__assessment__fiscal_year=fiscal_year, plan__assessment__unit__in=below)
        .values("plan__assessment__unit__code", "plan__assessment__unit__name_th")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(progress_percent__gte=100)),
            late=Count("pk", filter=Q(progress_percent__lt=100, due_date__lt=today)),
        )
        .order_by("-late", "plan__assessment__unit__name_th")
    )
    approved = set(
        PlanVersion.objects.filter(
            status=PlanStatus.APPROVED,
            plan__assessment__fiscal_year=fiscal_year,
            plan__assessment__unit__in=below,
        ).values_list("plan__assessment__unit__code", flat=True)
    )
    return [
        {
            "code": row["plan__assessment__unit__code"],
            "name": row["plan__assessment__unit__name_th"],
            "total": row["total"],
            "done": row["done"],
            "late": row["late"],
            "approved": row["plan__assessment__unit__code"] in approved,
        }
        for row in rows
    ]


# ---------------------------------------------------------------------------------------------
# Versions


@unit_view(Capability.VIEW)
def versions(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    context = plan_context(request, plan, "versions")
    context["versions"] = plan.versions.select_related(
        "created_by", "submitted_by", "approved_by"
    ).annotate(acknowledgement_count=Count("acknowledgements"))
    return render(request, "measures/versions.html", context)


@unit_view(Capability.VIEW)
def version_detail(request: HttpRequest, unit: Unit, fiscal_year: int, number: int) -> HttpResponse:
    """A version as frozen (or the draft as it is now), and what changed since the version before."""
    plan = get_plan(unit, fiscal_year)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    snapshot = version.snapshot if version.snapshot else plan_snapshot(plan)
    previous = plan.versions.filter(number__lt=number).order_by("-number").first()
    compare_with = previous
    if request.GET.get("compare", "").isdigit():
        compare_with = plan.versions.filter(number=int(request.GET["compare"])).first()
    changes = (
        diff_snapshots(compare_with.snapshot, snapshot)
        if compare_with is not None and compare_with.snapshot
        else None
    )
    digits = unit_digits(unit)
    context = plan_context(request, plan, "versions")
    context.update(
        {
            "version": version,
            "snapshot": snapshot,
            "is_live": not version.snapshot,
            "compare_with": compare_with,
            "changes": changes,
            "table": build_plan_table(
                snapshot,
                layout_from_data(snapshot.get("layout")),
                TableContext(fiscal_year=fiscal_year, digits=digits),
            ),
            "analysis_sections": build_analysis_table(snapshot, digits),
        }
    )
    return render(request, "measures/version_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Acknowledgements (บัญชีลงชื่อรับทราบ)


@unit_view(Capability.VIEW)
def acknowledgements(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    version = services.approved_version(plan)
    if request.method == "POST":
        require(request.user, unit, Capability.ACKNOWLEDGE)
        try:
            services.acknowledge(plan, request.user)  # type: ignore[arg-type]
        except services.WrongPlanState as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your acknowledgement is recorded."))
        return redirect("measures:acknowledgements", unit.code, fiscal_year)
    context = plan_context(request, plan, "acknowledgements")
    signed = (
        list(version.acknowledgements.select_related("user").order_by("acknowledged_at"))
        if version is not None
        else []
    )
    signed_ids = {ack.user_id for ack in signed}
    expected = services.expected_acknowledgers(unit)
    context.update(
        {
            "version": version,
            "signed": signed,
            "not_yet": [person for person in expected if person.pk not in signed_ids],
            "has_signed": request.user.pk in signed_ids,
        }
    )
    return render(request, "measures/acknowledgements.html", context)


# ---------------------------------------------------------------------------------------------
# Across units: the start page, the library, notifications


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The units the person sees, with the state of their plan in the working fiscal year, and the
    measures the person is responsible for."""
    fiscal_year = working_fiscal_year(request)
    units = list(visible_units(request.user).order_by("path")[:200])
    plans = {
        plan.assessment.unit_id: plan
        for plan in MeasuresPlan.objects.filter(
            assessment__fiscal_year=fiscal_year, assessment__unit__in=units
        ).select_related("assessment")
    }
    latest = {
        version.plan_id: version
        for version in PlanVersion.objects.filter(plan__in=plans.values()).order_by(
            "plan_id", "number"
        )
    }
    other_years: dict[int, list[int]] = defaultdict(list)
    for unit_id, year in (
        MeasuresPlan.objects.filter(assessment__unit__in=units)
        .exclude(assessment__fiscal_year=fiscal_year)
        .order_by("-assessment__fiscal_year")
        .values_list("assessment__unit_id", "assessment__fiscal_year")
    ):
        other_years[unit_id].append(year)
    rows = []
    for unit in units:
        plan = plans.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "plan": plan,
                "version": latest.get(plan.pk) if plan else None,
                "other_years": other_years.get(unit.pk, []),
            }
        )
    mine = (
        Measure.objects.active()
        .involving(request.user)
        .filter(plan__assessment__fiscal_year=fiscal_year)
        .select_related("plan__assessment__unit", "indicator")
        .order_by("due_date", "pk")[:100]
    )
    today = timezone.localdate()
    for measure in mine:
        measure.status = measure.status_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "measures/index.html",
        {"rows": rows, "mine": mine, "fiscal_year": fiscal_year},
    )


@login_required
def library(request: HttpRequest) -> HttpResponse:
    ensure_library_loaded()
    form = LibrarySearchForm(request.GET)
    query = form.data.get("q", "").strip()
    entries = search(query) if query else list(LibraryMeasure.objects.all())
    return render(
        request,
        "measures/library.html",
        {"form": form, "query": query, "entries": entries, "total": LibraryMeasure.objects.count()},
    )


@login_required
def library_entry(request: HttpRequest, code: str) -> HttpResponse:
    ensure_library_loaded()
    entry = get_object_or_404(LibraryMeasure, code=code)
    return render(request, "measures/library_entry.html", {"entry": entry})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=cast(User, request.user)).select_related("unit")[:200]
    return render(request, "measures/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    mark_read(request.user, ids or None)
    target = request.POST.get("next", "")
    if ids and target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("measures:notifications")
