"""The site admin's page of the task queue: every background task, its state, and why it failed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import site_admin_view
from openita.tasks import services
from openita.tasks.models import Job, JobState, Worker

PAGE_SIZE = 50


@site_admin_view
def queue(request: HttpRequest) -> HttpResponse:
    services.reap_stale_jobs()
    state = request.GET.get("state", "")
    jobs = Job.objects.for_listing()
    if state in JobState.values:
        jobs = jobs.filter(state=state)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "jobs": page.object_list,
        "state": state,
        "states": JobState.choices,
        "health": services.queue_health(),
        "workers": Worker.objects.select_related("current_job")[:20],
    }
    return render(request, "tasks/queue.html", context)


@site_admin_view
@require_POST
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id)
    try:
        services.retry_job(job)
    except ValueError:
        messages.error(request, _("This task cannot be tried again."))
    else:
        messages.success(request, _("The task is waiting to run again."))
    return redirect("tasks:queue")
