"""Computing results in the background (openita's task queue).

`recompute_results` scores a year's assessments (all, or those of some units) and stores the results. It is a
pure overwrite: each computed result replaces the one before, so running it twice leaves what running it once
does. It is queued by the results page ("Compute again"), when an assessor releases a unit's OIT scores, and
by the daily survey chores for every campaign that closed after its unit's result was computed
(`request_recompute`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from openita.accounts.models import User
from openita.scoring.inputs import registered_inputs
from openita.scoring.models import AssessmentResult, ResultSource
from openita.scoring.services import assessments_of_year, recompute
from openita.tasks import services as tasks
from openita.tasks.models import Job
from openita.units.models import Unit


def job_key(fiscal_year: int, unit: Unit | None) -> str:
    return f"scoring.recompute:{fiscal_year}:{unit.pk if unit else '*'}"


def latest_job(fiscal_year: int, unit: Unit | None) -> Job | None:
    return Job.objects.filter(key=job_key(fiscal_year, unit)).order_by("-pk").first()


@tasks.background("scoring.recompute", label=gettext_lazy("Computing results"))
def recompute_results(
    job: Job, fiscal_year: int, unit_ids: list[int] | None = None
) -> dict[str, Any]:
    units = list(Unit.objects.filter(pk__in=unit_ids)) if unit_ids is not None else None
    assessments = assessments_of_year(fiscal_year, units)
    total = len(assessments)
    done = 0
    job.progress(0, total, force=True)

    def advance(count: int) -> None:
        nonlocal done
        done += count
        job.progress(done, total)

    report = recompute(assessments, registered_inputs(), progress=advance)
    if report.failures and not report.computed:
        raise tasks.JobFailed("; ".join(message for _code, message in report.failures[:5]))
    lines = [f"{fiscal_year}: {report.computed} results computed"]
    lines += [f"  {code}: {message}" for code, message in report.failures]
    return {
        "computed": report.computed,
        "failures": [list(failure) for failure in report.failures],
        "lines": lines,
    }


def request_recompute(
    unit: Unit,
    fiscal_year: int,
    started_by: User | None = None,
    *,
    unless_after: datetime | None = None,
) -> Job | None:
    """Queue computing one unit's result of the year (the same request waiting already is not repeated).
    With `unless_after`, nothing is queued when the unit's computed result is newer than that moment."""
    if unless_after is not None:
        computed_at = (
            AssessmentResult.objects.filter(
                unit=unit, fiscal_year=fiscal_year, source=ResultSource.COMPUTED
            )
            .values_list("computed_at", flat=True)
            .first()
        )
        if computed_at is not None and computed_at >= unless_after:
            return None
    if not assessments_of_year(fiscal_year, [unit]):
        return None
    return tasks.enqueue(
        recompute_results,
        fiscal_year,
        [unit.pk],
        unit=unit,
        started_by=started_by,
        key=job_key(fiscal_year, unit),
    )
