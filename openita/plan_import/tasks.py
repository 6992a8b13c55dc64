"""Writing a confirmed import on the task queue, with its progress shown on the preview page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts.models import User
from openita.plan_import import services
from openita.plan_import.models import ImportStatus, PlanImport
from openita.tasks import services as tasks
from openita.tasks.models import Job


def job_key(plan_import: PlanImport) -> str:
    return f"plan_import.confirm:{plan_import.pk}"


def latest_job(plan_import: PlanImport) -> Job | None:
    return Job.objects.filter(key=job_key(plan_import)).order_by("-pk").first()


@tasks.background("plan_import.confirm", label=gettext_lazy("Importing a plan"))
def confirm_import(job: Job, import_id: int) -> dict[str, Any]:
    plan_import = PlanImport.objects.filter(pk=import_id).select_related("created_by").first()
    if plan_import is None:
        raise tasks.JobFailed(_("This import is no longer kept here. Upload the file again."))
    if plan_import.status == ImportStatus.CONFIRMED:
        return dict(plan_import.counts)
    owner: User = plan_import.created_by
    total = len(plan_import.result.get("measures", []))
    tasks.progress(job, 0, total, _("Writing the measures"), force=True)
    try:
        written = services.confirm_import(
            plan_import, owner, on_progress=lambda done, count: tasks.progress(job, done, count)
        )
    except services.ImportRefused as refusal:
        raise tasks.JobFailed("; ".join(refusal.messages)) from refusal
    tasks.progress(job, total, total, force=True)
    return {"measures": written.measures, "issues": written.issues}
