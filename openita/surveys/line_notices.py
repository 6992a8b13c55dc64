"""What the surveys send through openita.notifications: a campaign closing within LEAD_DAYS days with fewer
answers than its minimum, to the unit's admins and its LINE groups that receive "surveys". Only the counts:
never an answer."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.core.thai import format_thai_date
from openita.notifications import registry
from openita.surveys.models import Campaign

LEAD_DAYS = 3


def campaigns_short(today: datetime.date) -> Iterator[registry.Outgoing]:
    campaigns = (
        Campaign.objects.filter(
            opens_on__lte=today,
            closes_on__gte=today,
            closes_on__lte=today + timedelta(days=LEAD_DAYS),
            minimum_count__gt=0,
        )
        .with_unit()
        .with_response_counts()
        .order_by("closes_on", "pk")
    )
    for campaign in campaigns:
        answers = campaign.response_count  # type: ignore[attr-defined]
        if answers >= campaign.minimum_count:
            continue
        unit = campaign.assessment.unit
        yield registry.Outgoing(
            topic="surveys",
            unit=unit,
            text=(
                f"แบบสำรวจ {campaign.kind.upper()} ของ {unit.name_th} ได้ {answers} จาก "
                f"{campaign.minimum_count} คำตอบขั้นต่ำ ปิดรับวันที่ "
                f"{format_thai_date(campaign.closes_on, month='abbr')}"
            ),
            url=reverse(
                "surveys:unit_campaigns", args=[unit.code, campaign.assessment.fiscal_year]
            ),
            key=f"surveys:{campaign.pk}:{today.isoformat()}",
            people=registry.unit_admins(unit),
            to_groups=True,
            subject=f"แบบสำรวจ {campaign.kind.upper()} ยังได้คำตอบไม่ถึงขั้นต่ำ",
        )


def register() -> None:
    registry.register_topic(
        registry.Topic("surveys", _("Survey campaigns below their minimum near the close"))
    )
    registry.register_producer("surveys", campaigns_short)
