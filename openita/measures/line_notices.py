"""What the measures send through openita.notifications: the reminders of `reminders.py` (due soon, overdue,
and on each date of the measure's follow-up frequency), by LINE, e-mail or both as each person chose. The LINE
text is the reminder's one-line title and a link; the e-mail keeps its full body."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from openita.notifications import registry, services


def send_reminder(
    measure: Any, kind: str, occasion: date, person: Any, title: str, body: str, url: str
) -> services.SendReport:
    return services.send(
        "measures",
        measure.plan.assessment.unit,
        title,
        url,
        people=[person],
        key=f"measures:{measure.pk}:{kind}:{occasion.isoformat()}",
        subject=title,
        email_body=body,
    )


def tell_approval_waiting(plan: Any, executives: Any, url: str) -> None:
    """The plan submitted: its approvers are told at once (by LINE, or by e-mail when they chose it)."""
    unit = plan.assessment.unit
    services.send(
        "approvals",
        unit,
        f"แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ {plan.assessment.fiscal_year} "
        f"ของ {unit.name_th} รอการอนุมัติ",
        url,
        people=list(executives),
        default_email=False,
    )


def register() -> None:
    registry.register_topic(
        registry.Topic(
            "measures",
            _("Reminders about measures (by their follow-up frequency)"),
            for_groups=False,
        )
    )
