"""What the OIT brings to the desk (openita.accounts.desk): the items waiting for the person (to fill in, to
check, to approve), open appeals, and per unit the share of items approved; and its entry in the unit menu."""

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

from .models import UNIT_STATUSES, Appeal, Disclosure, OitDeadlines, Status

SECTION = gettext_lazy("OIT items")
# Approved by the executive, or further on (locked, scored, appealed, final).
DONE_STATUSES = [status for status in Status.values if status not in UNIT_STATUSES]
DONE_STATUSES.append(Status.APPROVED)
CONTRIBUTING_ROLES = (Role.UNIT_ADMIN, Role.EXECUTIVE, Role.OFFICER, Role.WORKING_GROUP_MEMBER)


def _item_url(disclosure: Disclosure) -> str:
    unit = disclosure.assessment.unit
    return reverse("oit:item", args=[unit.code, disclosure.assessment.fiscal_year, disclosure.code])


def waiting(query: DeskQuery) -> list[Waiting]:
    user, year, today = query.user, query.fiscal_year, query.today
    found: list[Waiting] = []
    # The responsible people through a subquery, not a join: no DISTINCT over the year's items.
    responsible = Disclosure.responsible.through.objects.filter(user_id=user.pk or 0)
    mine = Disclosure.objects.filter(assessment__fiscal_year=year).filter(
        Q(pk__in=responsible.values("disclosure_id"), status=Status.DRAFT)
        | Q(reviewer_id=user.pk, status=Status.SUBMITTED)
    )
    for disclosure in mine.with_unit().order_by("due_date", "position"):
        is_check = disclosure.status == Status.SUBMITTED and disclosure.reviewer_id == user.pk
        found.append(
            Waiting(
                section=SECTION,
                what=_("Check") if is_check else _("Enter evidence and submit"),
                title=f"{disclosure.code} {disclosure.item.title}",
                url=_item_url(disclosure),
                unit=disclosure.assessment.unit,
                due=disclosure.due_date,
                overdue=disclosure.is_overdue(today),
                note=disclosure.sent_back_comment if not is_check else "",
            )
        )
    headed = {unit.pk: unit for unit in query.units_with_role(Role.EXECUTIVE)}
    if headed:
        approvals = (
            Disclosure.objects.filter(
                assessment__fiscal_year=year,
                assessment__unit_id__in=list(headed),
                status=Status.CHECKED,
            )
            .values("assessment__unit_id")
            .annotate(count=Count("pk"))
        )
        for row in approvals:
            unit = headed[row["assessment__unit_id"]]
            found.append(
                Waiting(
                    section=SECTION,
                    what=_("Approve"),
                    title=_("%(count)s OIT items checked and waiting for approval")
                    % {"count": row["count"]},
                    url=reverse("oit:approvals", args=[unit.code, year]),
                    unit=unit,
                )
            )
    found += _appeals(query)
    return found


def _appeals(query: DeskQuery) -> list[Waiting]:
    """Open appeal windows of the person's units, and the appeals waiting for the assessor's answer."""
    from .views_desk import assessed_units

    found: list[Waiting] = []
    contributing = {unit.pk: unit for unit in query.units_with_role(*CONTRIBUTING_ROLES)}
    if contributing:
        windows = OitDeadlines.objects.filter(
            assessment__fiscal_year=query.fiscal_year,
            assessment__unit_id__in=list(contributing),
            scores_released_at__isnull=False,
            appeal_opens__lte=query.today,
            appeal_closes__gte=query.today,
        ).values_list("assessment__unit_id", "appeal_closes")
        for unit_id, closes in windows:
            unit = contributing[unit_id]
            found.append(
                Waiting(
                    section=gettext_lazy("Appeals"),
                    what=_("Appeal a score if needed"),
                    title=_("The OIT scores are out: appeals are open"),
                    url=reverse("oit:results", args=[unit.code, query.fiscal_year]),
                    unit=unit,
                    due=closes,
                )
            )
    if Role.ASSESSOR in {role for _unit, role in query.memberships} or query.user.is_superuser:
        rows = (
            Appeal.objects.filter(
                rescored_at__isnull=True,
                disclosure__assessment__fiscal_year=query.fiscal_year,
                disclosure__assessment__unit__in=assessed_units(query.user),
            )
            .values("disclosure__assessment__unit_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts = {row["disclosure__assessment__unit_id"]: row["count"] for row in rows}
        for unit in Unit.objects.filter(pk__in=list(counts)).order_by("path"):
            found.append(
                Waiting(
                    section=gettext_lazy("Appeals"),
                    what=_("Answer the appeals"),
                    title=_("%(count)s appeals waiting for an answer") % {"count": counts[unit.pk]},
                    url=reverse("oit:desk_unit", args=[unit.code, query.fiscal_year]),
                    unit=unit,
                )
            )
    return found


def bars(query: DeskQuery, units: Sequence[Unit]) -> Mapping[int, list[Bar]]:
    """Per unit: the OIT items approved (or further) of all its items this year; late = past due, not sent."""
    rows = (
        Disclosure.objects.filter(
            assessment__fiscal_year=query.fiscal_year,
            assessment__unit_id__in=[unit.pk for unit in units],
        )
        .values("assessment__unit_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
            late=Count(
                "pk",
                filter=Q(status=Status.DRAFT, due_date__lt=query.today),
            ),
        )
        .order_by()
    )
    return counted_bars(
        rows,
        units,
        unit_field="assessment__unit_id",
        code="oit",
        label=gettext_lazy("OIT items approved"),
        url_name="oit:board",
        fiscal_year=query.fiscal_year,
    )


AREA = year_area("oit", gettext_lazy("OIT"), 20, "oit:board")


def register() -> None:
    """Called from the app's ready()."""
    desk.register_waiting(waiting)
    desk.register_bars(bars)
    desk.register_area(AREA)
