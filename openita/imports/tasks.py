"""Saving a confirmed import in the background (openita's task queue), so that a big file (6,000 people)
never outlasts the web request.

The task reads the staged table again (`staging`), checks every row against the database of that moment and
saves all rows in one transaction, or none. Running it twice saves once: once saved, the staged file keeps only
the counts and a second run returns them; and an import is an upsert by code or user name, so even a run
interrupted after its commit and before the staged file was marked saved leaves the same rows when run again.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts.models import User
from openita.imports import staging
from openita.imports.base import SaveFailed
from openita.imports.kinds import IMPORTERS
from openita.tasks import services as tasks
from openita.tasks.models import Job
from openita.units.models import Unit


def job_key(token: str) -> str:
    return f"imports.confirm:{token}"


def latest_job(token: str) -> Job | None:
    return Job.objects.filter(key=job_key(token)).order_by("-pk").first()


@tasks.background("imports.confirm", label=gettext_lazy("Saving an import"))
def confirm_import(
    job: Job, kind: str, token: str, owner_id: int, site_url: str = ""
) -> dict[str, Any]:
    staged = staging.load(token, kind=kind, owner_id=owner_id)
    if staged is None:
        raise tasks.JobFailed(
            _("The uploaded file is no longer kept here (a day at most). Upload it again.")
        )
    if staged.table is None:  # saved already
        return dict(staged.result or {})
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise tasks.JobFailed(_("The person who sent this import can no longer sign in."))
    unit = Unit.objects.filter(code=staged.default_unit_code).first()
    importer = IMPORTERS[kind](owner, default_unit=unit)
    importer.site_url = site_url  # links in e-mails (people: new addresses to confirm)
    rows = len(staged.table.rows)
    job.progress(0, rows, _("Checking the rows again"), force=True)
    try:
        _checked, result = importer.run(
            staged.table,
            on_checked=lambda: job.progress(0, rows, _("Saving"), force=True),
        )
    except SaveFailed as failure:
        raise tasks.JobFailed(
            format_lazy(
                _("Row {row} could not be saved ({reason}); nothing was saved."),
                row=failure.row_number,
                reason="; ".join(failure.messages),
            )
        ) from None
    if result is None:
        raise tasks.JobFailed(_("Some rows are not right (any more); nothing was saved."))
    staging.mark_saved(staged, result.counts)
    job.progress(rows, rows, force=True)
    return dict(result.counts)
