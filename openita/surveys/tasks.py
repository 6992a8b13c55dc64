"""The surveys' background tasks (found by openita.tasks at start-up).

`purge` deletes the contacts, personal links and used keys of campaigns closed before the day, and the
expired rate counters. Running it twice deletes nothing more: what is gone is gone (docs/anonymity.md). It
also queues computing the result of every unit whose campaign closed after its result was last computed, so
that results count every answer (once: a result computed after the closing is not computed again)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from openita.scoring.tasks import request_recompute
from openita.surveys import limits, services
from openita.surveys.models import Campaign
from openita.tasks import services as tasks
from openita.tasks.models import Job


@tasks.background("surveys.purge", label=gettext_lazy("Purging closed survey campaigns"))
def purge(job: Job, day: str) -> dict[str, Any]:
    today = date.fromisoformat(day)
    lines = []
    deleted = 0
    for campaign in Campaign.objects.with_unit().filter(closes_on__lt=today):
        counts = services.purge_after_campaign(campaign, today)
        deleted += sum(counts.values())
        if any(counts.values()):
            lines.append(
                f"{campaign.unit.code} {campaign.kind.upper()} {campaign.fiscal_year}: "
                + ", ".join(f"{value} {name}" for name, value in counts.items())
            )
        closed_at = timezone.make_aware(datetime.combine(campaign.closes_on, time.max))
        if request_recompute(campaign.unit, campaign.fiscal_year, unless_after=closed_at):
            lines.append(
                f"{campaign.unit.code} {campaign.fiscal_year}: result queued to be computed again"
            )
    counters = limits.purge_expired_counters()
    lines.append(f"Expired rate counters deleted: {counters}.")
    return {"deleted": deleted, "counters": counters, "lines": lines}
