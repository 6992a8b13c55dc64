"""What the complaint channel sends through openita.notifications: that a complaint waits, and nothing more.

The LINE text names no case, no reference and no content (LINE keeps messages on its servers, group members
forward them); the e-mail says what it said before LINE came (the case's reference and a link, no content)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.complaints.access import handlers_of
from openita.complaints.models import Case
from openita.notifications import registry, services

WAITING_TEXT = "มีเรื่องร้องเรียนรอการดำเนินการใน openita"


def tell_handlers(case: Case, subject: str, body: str, key: str = "") -> int:
    """Tell the case's handlers (never the people it names) that something waits; how many were told."""
    people = list(handlers_of(case.handling_unit).exclude(pk__in=case.named_people.all()))
    report = services.send(
        "complaints",
        case.handling_unit,
        WAITING_TEXT,
        reverse("complaints:case", args=[case.handling_unit.code, case.pk]),
        people=people,
        key=key,
        subject=subject,
        email_body=body,
    )
    return report.line + report.emailed


def register() -> None:
    registry.register_topic(
        registry.Topic(
            "complaints", _("Complaints waiting (never their content)"), for_groups=False
        )
    )
