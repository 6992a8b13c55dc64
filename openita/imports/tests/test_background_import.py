"""Saving a confirmed import on the task queue: the request only queues it, the page follows its progress,
running the task twice saves once, and a failure says why."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.accounts.models import Membership, User
from openita.conftest import World, client_for
from openita.imports import tasks as import_tasks
from openita.imports.tests.tables import csv_bytes
from openita.imports.tests.test_people_import import HEADER, person
from openita.imports.tests.test_screens import upload
from openita.tasks import services as tasks
from openita.tasks.models import Job, JobState

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def people_csv(count: int) -> bytes:
    rows = [
        person(f"clerk{number}", "tt-st1", "officer", email=f"o{number}@example.go.th",
               first_name="ข้าราชการ", last_name=f"ที่ {number}")
        for number in range(count)
    ]  # fmt: skip
    return csv_bytes([HEADER, *rows])


def run_worker() -> None:
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--no-heartbeat",
        stdout=io.StringIO(),
    )  # fmt: skip


def test_a_6000_row_people_import_is_only_queued_by_the_request(world: World, settings):
    """Saving 6,000 people takes about 80 s on SQLite: far beyond a web request. The request only queues it."""
    settings.TASKS = DATABASE_QUEUE
    client = client_for(world, "superuser")
    preview_url = upload(client, "people", people_csv(6000))["Location"]
    assert client.get(preview_url).context["preview"].is_valid

    started = time.monotonic()
    response = client.post(preview_url, {"action": "confirm"})
    took = time.monotonic() - started
    assert response.status_code == 302
    assert took < 5, f"the confirmation took {took:.1f} s in the request"
    assert not User.objects.filter(username="clerk0").exists()  # nothing saved in the request
    job = import_tasks.latest_job(token_of(preview_url))
    assert job is not None
    assert (job.state, job.total, job.started_by) == (
        JobState.QUEUED,
        6000,
        world.user("superuser"),
    )
    # confirming again while it waits queues nothing more
    client.post(preview_url, {"action": "confirm"})
    assert Job.objects.count() == 1


def token_of(preview_url: str) -> str:
    return preview_url.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_the_page_follows_the_saving_until_the_worker_is_done(world: World, settings):
    settings.TASKS = DATABASE_QUEUE
    client = client_for(world, "superuser")
    preview_url = upload(client, "people", people_csv(30))["Location"]
    client.post(preview_url, {"action": "confirm"})
    progress_url = reverse("imports:progress", args=["people", token_of(preview_url)])
    saving = client.get(preview_url)
    assert saving.templates[0].name == "imports/saving.html"
    assert f'hx-get="{progress_url}"' in saving.content.decode()
    fragment = client.get(progress_url)
    assert fragment.status_code == 200 and 'hx-trigger="every 2s"' in fragment.content.decode()

    run_worker()
    job = import_tasks.latest_job(token_of(preview_url))
    assert job is not None
    assert (job.state, job.done_count, job.total) == (JobState.DONE, 30, 30), job.error
    assert User.objects.filter(username__startswith="clerk").count() == 30
    done = client.get(progress_url)
    assert done.status_code == 204 and done["HX-Redirect"] == preview_url
    result = client.get(preview_url)
    assert [count for _label, count in result.context["result"]] == [30, 0, 30, 0, 0]


def test_running_the_import_task_twice_saves_once(world: World):
    client = client_for(world, "superuser")
    preview_url = upload(client, "people", people_csv(3))["Location"]
    client.post(preview_url, {"action": "confirm"})
    token = token_of(preview_url)
    job = import_tasks.latest_job(token)
    assert job is not None and job.state == JobState.DONE
    people = list(User.objects.filter(username__startswith="clerk").values_list("pk", "email"))
    roles = Membership.objects.count()

    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)  # delivered a second time
    import_tasks.confirm_import.call(job.pk, "people", token, world.user("superuser").pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.result == {
        "people_created": 3,
        "people_updated": 0,
        "roles_added": 3,
        "roles_changed": 0,
        "emails_to_confirm": 0,
    }
    assert (
        list(User.objects.filter(username__startswith="clerk").values_list("pk", "email")) == people
    )
    assert Membership.objects.count() == roles

    # even if a worker died after its commit and before the staged file said so, the same rows again
    # (an import is an upsert) change nothing
    second_url = upload(client, "people", people_csv(3))["Location"]
    assert client.post(second_url, {"action": "confirm"}).status_code == 302
    assert [count for _label, count in client.get(second_url).context["result"]] == [0, 0, 0, 0, 0]
    assert (
        list(User.objects.filter(username__startswith="clerk").values_list("pk", "email")) == people
    )
    assert Membership.objects.count() == roles


def test_a_failed_import_task_shows_its_reason_and_can_be_confirmed_again(world: World):
    client = client_for(world, "superuser")
    preview_url = upload(client, "people", people_csv(2))["Location"]
    token = token_of(preview_url)
    User.objects.filter(pk=world.user("superuser").pk).update(is_active=False)
    # the task sees an owner who can no longer sign in (the request still had a session)
    failed = tasks.enqueue(
        import_tasks.confirm_import, "people", token, world.user("superuser").pk,
        key=import_tasks.job_key(token),
    )  # fmt: skip
    assert failed.state == JobState.FAILED
    assert "ไม่สามารถเข้าสู่ระบบ" in failed.error  # can no longer sign in
    User.objects.filter(pk=world.user("superuser").pk).update(is_active=True)
    page = client.get(preview_url)
    assert page.context["failed_job"].pk == failed.pk
    assert 'id="import-failed"' in page.content.decode()
    client.post(preview_url, {"action": "confirm"})
    assert User.objects.filter(username__startswith="clerk").count() == 2
