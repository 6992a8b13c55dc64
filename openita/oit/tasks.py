"""The OIT's background tasks (found by openita.tasks at start-up).

`check_links` checks every evidence link (of one unit and/or year) and stores each result on its evidence:
running it twice overwrites the same fields with the answers of that moment, nothing else changes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from openita.oit import linkcheck
from openita.oit.formats import describe
from openita.oit.models import Disclosure
from openita.tasks import services as tasks
from openita.tasks.models import Job
from openita.units.models import Unit

MOST_LINES = 2000  # problems listed in the job's result (the counts are always complete)


@tasks.background("oit.check_links", label=gettext_lazy("Checking OIT evidence links"))
def check_links(
    job: Job,
    unit_code: str | None = None,
    year: int | None = None,
    timeout: float = linkcheck.TIMEOUT_SECONDS,
    quiet: bool = True,
) -> dict[str, Any]:
    disclosures = Disclosure.objects.with_unit().order_by("assessment__unit__path", "position")
    if unit_code:
        if not Unit.objects.filter(code=unit_code).exists():
            raise tasks.JobFailed(f"no unit {unit_code}")
        disclosures = disclosures.filter(assessment__unit__code=unit_code)
    if year:
        disclosures = disclosures.filter(assessment__fiscal_year=year)
    reports = linkcheck.check_items(disclosures, timeout=timeout)
    broken = missing = links = 0
    lines: list[str] = []
    for report in reports:
        assessment = report.disclosure.assessment
        label = f"{assessment.unit.code} {assessment.fiscal_year} {report.disclosure.item.code}"
        for result in report.links:
            links += 1
            broken += 0 if result.ok else 1
            if result.ok and quiet:
                continue
            state = "ok" if result.ok else "BROKEN"
            detail = result.error or result.content_type
            lines.append(f"{label} {state} {result.status or '-'} {result.url} {detail}")
        for alternatives in report.missing_formats:
            missing += 1
            lines.append(f"{label} MISSING FORMAT {describe(alternatives)}")
    summary = f"{links} links checked, {broken} broken; {missing} required formats missing"
    return {
        "links": links,
        "broken": broken,
        "missing_formats": missing,
        "lines": [*lines[:MOST_LINES], summary],
    }
