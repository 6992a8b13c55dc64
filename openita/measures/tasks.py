"""The measures' background tasks (found by openita.tasks at start-up).

`send_day_reminders` sends one day's reminders. Running it twice sends nothing twice: every reminder sent is
recorded per person, measure and day (`ReminderLog`), and a reminder already recorded is not sent again."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from openita.measures.reminders import send_reminders
from openita.tasks import services as tasks
from openita.tasks.models import Job


@tasks.background("measures.reminders", label=gettext_lazy("Reminders about measures"))
def send_day_reminders(job: Job, day: str) -> dict[str, Any]:
    today = date.fromisoformat(day)
    report = send_reminders(today)
    return {
        "sent": report.sent,
        "emailed": report.emailed,
        "measures": len(report.measures),
        "lines": [
            f"{today.isoformat()}: {report.sent} reminders sent ({report.emailed} by e-mail) "
            f"about {len(report.measures)} measures"
        ],
    }
