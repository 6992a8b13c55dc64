"""The task queue's own rules: one job per key, claimed once, finished jobs never rerun, dead workers' jobs
tried again or failed with their reason, and the queue page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openita.conftest import World, client_for
from openita.tasks import services
from openita.tasks.models import Job, JobState, Worker

CALLS: list[tuple[int, str]] = []


@services.background("tests.record", label="Test task")
def record(job: Job, word: str) -> dict:
    CALLS.append((job.pk, word))
    job.progress(1, 2, force=True)
    if word == "refuse":
        raise services.JobFailed("ไม่มีข้อมูลของหน่วยงาน")
    if word == "crash":
        raise RuntimeError("boom")
    return {"word": word}


@services.background("tests.unsafe", label="Test task", retry_safe=False)
def unsafe(job: Job) -> None:
    CALLS.append((job.pk, "unsafe"))


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    CALLS.clear()


def test_a_task_runs_once_and_records_its_result(world: World):
    job = services.enqueue(record, "hello", unit=world.station, started_by=world.user("unit_admin"))
    assert job.state == JobState.DONE
    assert job.result == {"word": "hello"}
    assert job.attempts == 1
    assert job.unit == world.station
    assert job.task_result_id
    assert [(job.pk, "hello")] == CALLS


def test_running_a_finished_job_again_does_nothing(world: World):
    job = services.enqueue(record, "hello")
    record.call(job.pk, "hello")  # the queue delivering it a second time
    assert [(job.pk, "hello")] == CALLS
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_job_running_in_a_live_worker_is_not_taken_over(world: World):
    job = Job.objects.create(
        kind="tests.record",
        task_path=record.module_path,
        state=JobState.RUNNING,
        heartbeat_at=timezone.now(),
        attempts=1,
    )
    record.call(job.pk, "twice")
    assert CALLS == []


def test_the_same_key_gives_the_same_unfinished_job(world: World, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    first = services.enqueue(record, "a", key="k")
    second = services.enqueue(record, "b", key="k")
    other = services.enqueue(record, "c", key="other")
    assert first.pk == second.pk != other.pk
    assert first.state == JobState.QUEUED


def test_a_failing_task_shows_its_reason(world: World):
    job = services.enqueue(record, "refuse")
    assert job.state == JobState.FAILED
    assert job.error == "ไม่มีข้อมูลของหน่วยงาน"
    crashed = services.enqueue(record, "crash")
    assert crashed.state == JobState.FAILED
    assert "RuntimeError: boom" in crashed.error


def test_a_failed_job_can_be_tried_again_as_the_same_job(world: World):
    job = services.enqueue(record, "refuse")
    job.arguments = {"args": ["fine"], "kwargs": {}}  # the data was fixed meanwhile
    job.save()
    again = services.retry_job(job)
    assert again.pk == job.pk
    assert again.state == JobState.DONE
    assert again.error == ""


def _dead(job: Job, seconds: int = 600) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(seconds=seconds),
        worker="gone:1",
    )


def test_a_dead_workers_job_is_tried_again_when_safe(world: World, settings):
    settings.OPENITA_TASK_STALE_SECONDS = 120
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = services.enqueue(record, "again")
    _dead(job)
    fresh = services.enqueue(record, "fresh")
    Job.objects.filter(pk=fresh.pk).update(
        state=JobState.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=60)
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    handled = services.reap_stale_jobs()
    assert [handled_job.pk for handled_job in handled] == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 2
    assert [(job.pk, "again")] == CALLS
    assert Job.objects.get(pk=fresh.pk).state == JobState.RUNNING


def test_a_dead_workers_job_fails_with_its_reason_when_unsafe_or_out_of_tries(
    world: World, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    unsafe_job = services.enqueue(unsafe)
    _dead(unsafe_job)
    tired = services.enqueue(record, "tired")
    _dead(tired)
    Job.objects.filter(pk=tired.pk).update(attempts=3)
    services.reap_stale_jobs()
    for job in (unsafe_job, tired):
        job.refresh_from_db()
        assert job.state == JobState.FAILED
        assert "หยุดทำงานก่อนเสร็จ" in job.error  # in Thai: the worker stopped before finishing
    assert CALLS == []


def test_the_heartbeat_keeps_a_running_job_alive(world: World, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = services.enqueue(record, "slow")
    _dead(job)
    services._running_job_id = job.pk
    try:
        services.beat("here:1", timezone.now())
    finally:
        services._running_job_id = None
    assert services.reap_stale_jobs() == []
    assert Worker.objects.get(name="here:1").current_job_id == job.pk


def test_queue_health_says_when_tasks_wait_without_a_worker(world: World, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = services.enqueue(record, "waiting")
    assert services.queue_health().ok
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    health = services.queue_health()
    assert (health.waiting, health.workers_alive, health.ok) == (1, 0, False)
    services.beat("here:1", timezone.now())
    assert services.queue_health().ok


def test_the_queue_page_lists_tasks_and_failures(world: World, django_assert_max_num_queries):
    services.enqueue(record, "refuse", unit=world.station, started_by=world.user("unit_admin"))
    services.enqueue(record, "fine")
    client = client_for(world, "superuser")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("tasks:queue"))
    page = response.content.decode()
    assert "ไม่มีข้อมูลของหน่วยงาน" in page
    assert world.station.name in page
    failed_only = client.get(reverse("tasks:queue"), {"state": "failed"}).content.decode()
    assert failed_only.count('"badge text-bg-danger"') == 1
    assert failed_only.count('"badge text-bg-success"') == 0


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
