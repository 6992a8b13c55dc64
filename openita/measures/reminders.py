"""Reminders to the people responsible for measures, run daily by ``openita measures send-reminders``.

For each unfinished measure of a plan in force (one with an approved version):
- *due soon*: from `plan.reminder_lead_days` days before the due date up to the due date;
- *overdue*: once the due date has passed (also to the person who follows up);
- *follow-up*: on each follow-up date of the measure (scheduling.follow_up_dates), and for a week after it
  if the command did not run that day (also to the person who follows up); a follow-up date that is the
  due date itself is left to the due-date reminders.
Each (measure, kind, occasion, person) is sent at most once (ReminderLog), so running the command again the
same day, or every hour, sends nothing twice. Each reminder is an in-app notification and, when the person
has an e-mail address, an e-mail; or by LINE, as the person chose (openita.measures.line_notices).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from openita.accounts.models import Membership, Role, User
from openita.measures import line_notices
from openita.measures.models import (
    FollowUpFrequency,
    Measure,
    ReminderKind,
    ReminderLog,
)
from openita.measures.notifications import notify
from openita.measures.scheduling import latest_follow_up_on_or_before

FOLLOW_UP_GRACE_DAYS = 7


@dataclass
class ReminderReport:
    sent: int = 0
    emailed: int = 0
    measures: set[int] = field(default_factory=set)


def responsible_people(measure: Measure) -> list[User]:
    """The lead and the other responsible persons; when none is named, the members of the responsible
    lines; when there are none either, the unit admins."""
    people: list[User] = []
    if measure.owner is not None:
        people.append(measure.owner)
    people.extend(person for person in measure.people.all() if person not in people)
    if not people and measure.lines.exists():
        ids = Membership.objects.filter(
            unit=measure.plan.assessment.unit, line__in=measure.lines.all()
        ).values_list("user_id", flat=True)
        people = list(User.objects.filter(pk__in=ids).order_by("pk"))
    if not people:
        ids = Membership.objects.filter(
            unit=measure.plan.assessment.unit, role=Role.UNIT_ADMIN
        ).values_list("user_id", flat=True)
        people = list(User.objects.filter(pk__in=ids).order_by("pk"))
    return [person for person in people if person.is_active]


def _with_follower(measure: Measure, people: list[User]) -> list[User]:
    follower = measure.follow_up_by
    if follower is not None and follower.is_active and follower not in people:
        return [*people, follower]
    return people


def reminders_due(measure: Measure, today: date) -> list[tuple[str, date, list[User]]]:
    """(kind, occasion, recipients) of every reminder the measure calls for today."""
    if measure.progress_percent >= 100:
        return []
    fiscal_year = measure.plan.assessment.fiscal_year
    responsible = responsible_people(measure)
    due: list[tuple[str, date, list[User]]] = []
    if measure.due_date is not None:
        days_left = (measure.due_date - today).days
        if 0 <= days_left <= measure.plan.reminder_lead_days:
            due.append((ReminderKind.DUE_SOON, measure.due_date, responsible))
        elif days_left < 0:
            due.append(
                (ReminderKind.OVERDUE, measure.due_date, _with_follower(measure, responsible))
            )
    if measure.follow_up_frequency != FollowUpFrequency.ONCE:
        occasion = latest_follow_up_on_or_before(measure, fiscal_year, today)
        recent = occasion is not None and today - occasion < timedelta(days=FOLLOW_UP_GRACE_DAYS)
        if occasion is not None and recent and occasion != measure.due_date:
            due.append((ReminderKind.FOLLOW_UP, occasion, _with_follower(measure, responsible)))
    return due


def _measure_url(measure: Measure) -> str:
    assessment = measure.plan.assessment
    path = reverse(
        "measures:measure_detail", args=[assessment.unit.code, assessment.fiscal_year, measure.pk]
    )
    return path


def _send_one(measure: Measure, kind: str, occasion: date, person: User, today: date) -> bool:
    """Send one reminder unless it was sent before; True when sent now."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                measure=measure, kind=kind, occasion=occasion, recipient=person, sent_on=today
            )
    except IntegrityError:
        return False
    url = _measure_url(measure)
    context = {
        "measure": measure,
        "unit": measure.plan.assessment.unit,
        "kind": kind,
        "occasion": occasion,
        "person": person,
        "url": url,
        "base_url": getattr(settings, "OPENITA_BASE_URL", ""),
    }
    title = render_to_string("measures/email/reminder_subject.txt", context).strip()
    body = render_to_string("measures/email/reminder_body.txt", context)
    notify(
        person,
        kind=f"reminder_{kind}",
        title=title,
        body=body,
        url=url,
        unit=measure.plan.assessment.unit,
    )
    report = line_notices.send_reminder(measure, kind, occasion, person, title, body, url)
    if report.emailed:
        log.emailed = True
        log.save(update_fields=["emailed"])
    return True


def measures_to_remind() -> Iterable[Measure]:
    return (
        Measure.objects.in_force()
        .unfinished()
        .select_related(
            "plan", "plan__assessment", "plan__assessment__unit", "owner", "follow_up_by"
        )
        .prefetch_related("people", "lines")
        .order_by("pk")
    )


def send_reminders(today: date) -> ReminderReport:
    """Send every reminder due today that was not sent before (idempotent)."""
    report = ReminderReport()
    with translation.override(settings.LANGUAGE_CODE):
        for measure in measures_to_remind():
            for kind, occasion, people in reminders_due(measure, today):
                for person in people:
                    if _send_one(measure, kind, occasion, person, today):
                        report.sent += 1
                        report.emailed += 1 if person.email else 0
                        report.measures.add(measure.pk)
    return report
