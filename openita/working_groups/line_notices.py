"""The working group's weekly digest to its LINE group (Mondays): how far the unit's cycle has come (the desk's
progress bars) and the group's open assignments. Sent only to the LINE groups a unit admin confirmed for
"digest"; one group message counts once per member against the month's quota. When LINE fails, the members
of the latest appointment order with an account are told by e-mail."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openita.accounts import desk
from openita.accounts.models import User
from openita.core.thai import fiscal_year_of
from openita.notifications import registry
from openita.notifications.models import GroupState, LineGroup
from openita.units.models import Unit
from openita.working_groups.models import AppointmentOrder, Assignment

MONDAY = 0


def digest_text(unit: Unit, today: datetime.date, user: User | None = None) -> str:
    year = fiscal_year_of(today)
    query = desk.DeskQuery(
        user=user or AnonymousUser(), fiscal_year=year, today=today, own_units=[unit]
    )
    with translation.override("th"):
        bars = desk.bars_for(query, [unit])[unit.pk]
        lines = [f"สรุปประจำสัปดาห์ ITA ปีงบประมาณ {year} · {unit.name_th}"]
        lines += [
            f"- {bar.label}: {bar.done}/{bar.total} ({bar.percent}%)"
            + (f" ล่าช้า {bar.late}" if bar.late else "")
            for bar in bars
        ]
    open_work = Assignment.objects.filter(
        assessment__unit=unit, assessment__fiscal_year=year, done_on__isnull=True
    )
    late = open_work.filter(due_date__lt=today).count()
    lines.append(f"- งานที่มอบหมายยังไม่เสร็จ {open_work.count()} เรื่อง (เลยกำหนด {late})")
    return "\n".join(lines)


def members_with_accounts(unit: Unit, today: datetime.date) -> list[User]:
    order = (
        AppointmentOrder.objects.filter(
            assessment__unit=unit, assessment__fiscal_year=fiscal_year_of(today)
        )
        .order_by("-issued_on", "-pk")
        .first()
    )
    if order is None:
        return []
    return [
        member.user
        for member in order.members.select_related("user")
        if member.user is not None and member.user.is_active
    ]


def weekly_digest(today: datetime.date) -> Iterator[registry.Outgoing]:
    groups = LineGroup.objects.filter(state=GroupState.LINKED).select_related(
        "channel__unit", "confirmed_by"
    )
    units = {
        group.channel.unit_id: (group.channel.unit, group.confirmed_by)
        for group in groups
        if "digest" in (group.topics or [])
    }
    for unit, confirmer in units.values():
        yield registry.Outgoing(
            topic="digest",
            unit=unit,
            text=digest_text(unit, today, confirmer),
            url=reverse("working_groups:overview", args=[unit.code, fiscal_year_of(today)]),
            key=f"digest:{unit.pk}:{today.isoformat()}",
            to_groups=True,
            group_fallback=members_with_accounts(unit, today),
            subject=f"สรุปประจำสัปดาห์ ITA · {unit.name_th}",
        )


def register() -> None:
    registry.register_topic(registry.Topic("digest", _("The working group's weekly digest")))
    registry.register_producer("digest", weekly_digest, weekday=MONDAY)
