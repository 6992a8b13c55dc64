"""The task queue's views in the role matrix (see openita/testing/role_matrix.py): site admins only."""

from typing import Any

from openita.conftest import World
from openita.tasks.models import Job, JobState
from openita_testing.role_matrix import MISSING, OK, Case, everyone

site_admins_only = everyone(MISSING, superuser=OK)
NOT_ALLOWED = 405


def a_failed_job(world: World) -> dict[str, Any]:
    job = Job.objects.filter(state=JobState.FAILED).first() or Job.objects.create(
        kind="tasks.unknown", state=JobState.FAILED, error="x"
    )
    return {"job_id": job.pk}


CASES = [
    Case("tasks:queue", get=site_admins_only),
    Case(
        "tasks:retry",
        a_failed_job,
        get=everyone(MISSING, superuser=NOT_ALLOWED),
        post={
            persona: status
            for persona, status in everyone(MISSING).items()
            if persona != "superuser"
        },
        writers=("superuser",),
    ),
]
