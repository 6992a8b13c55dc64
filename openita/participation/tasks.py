"""The board's daily work (found by openita.tasks at start-up): source hashes older than 30 days are emptied and
blocks that are over end, even on a day when nobody posts. Safe to run twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from openita.tasks import services as tasks
from openita.tasks.models import Job

from . import services


def run_day(day: date) -> dict[str, Any]:
    forgotten = services.forget_sources(day)
    return {
        "forgotten": forgotten,
        "lines": [f"{day.isoformat()}: {forgotten} source hashes emptied"],
    }


@tasks.background("participation.daily", label=gettext_lazy("Forget the sources of old posts"))
def participation_day(job: Job, day: str) -> dict[str, Any]:
    return run_day(date.fromisoformat(day))
