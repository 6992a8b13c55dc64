"""The complaint channel's daily work (found by openita.tasks at start-up): reminders to handlers about
deadlines, warnings before purges, and purges. Running it twice a day sends nothing twice (`reminded_on`,
`purge_warned_on`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.complaints import services
from openita.complaints.access import handlers_of
from openita.complaints.models import Case
from openita.tasks import services as tasks
from openita.tasks.models import Job


def _tell_handlers(case: Case, subject: str, body: str) -> int:
    """An e-mail to the case's handlers, without any of its content (only its reference and a link)."""
    link = reverse("complaints:case", args=[case.handling_unit.code, case.pk])
    sent = 0
    for person in handlers_of(case.handling_unit).exclude(pk__in=case.named_people.all()):
        if person.email:
            send_mail(
                subject,
                f"{body}\n\n{getattr(settings, 'OPENITA_SITE_URL', '')}{link}",
                None,
                [person.email],
            )
            sent += 1
    return sent


def run_day(day: date) -> dict[str, Any]:
    reminded = 0
    for case in services.due_reminders(day):
        _tell_handlers(
            case,
            f"เรื่องร้องเรียน {case.reference} ถึงกำหนด",
            f"เรื่องร้องเรียนเลขที่ {case.reference} ถึงกำหนดตอบรับหรือแจ้งผลแล้ว",
        )
        Case.objects.filter(pk=case.pk).update(reminded_on=day)
        reminded += 1
    report = services.apply_retention(day)
    for case in report.warned:
        _tell_handlers(
            case,
            f"เรื่องร้องเรียน {case.reference} จะถูกลบ",
            f"เนื้อหาของเรื่องร้องเรียนเลขที่ {case.reference} จะถูกลบตามระยะเวลาการเก็บรักษา "
            f"ในวันที่ {services.purge_date(case)}; สถิติยังคงอยู่",
        )
    return {
        "reminded": reminded,
        "warned": len(report.warned),
        "purged": len(report.purged),
        "lines": [
            f"{day.isoformat()}: {reminded} reminders, {len(report.warned)} purge warnings, "
            f"{len(report.purged)} cases purged"
        ],
    }


@tasks.background("complaints.daily", label=gettext_lazy("Complaint reminders and retention"))
def complaints_day(job: Job, day: str) -> dict[str, Any]:
    return run_day(date.fromisoformat(day))
