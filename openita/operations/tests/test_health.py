"""/healthz: 200 and "ok" for each check when all is well, 503 when the database fails, nothing sensitive."""

import json
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from health_check.checks import Database

from openita.operations import health
from openita.tasks.models import Job, JobState, Worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_a_fixed_day"),
]  # today's date matters here


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path) -> None:
    """The storage check writes and removes a file: never in the developer's data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def test_healthy_installation_answers_200_with_every_check(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "storage": "ok",
            "private_files": "ok",
            "documents": "ok",
            "tasks": "ok",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_database_answers_503_and_reveals_nothing(client, monkeypatch, settings):
    secret_host = "db-secret-host.internal.example"

    def broken(self) -> None:
        raise health.ServiceUnavailable(
            f'connection to server at "{secret_host}" (10.1.2.3) failed'
        )

    monkeypatch.setattr(Database, "run", broken)
    response = client.get("/healthz", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"] == "failing"
    text = response.content.decode()
    for secret in (secret_host, "10.1.2.3", str(settings.OPENITA_PRIVATE_FILES_ROOT), "Traceback"):
        assert secret not in text


def test_tasks_waiting_with_no_worker_fail_the_full_check_but_not_the_web_one(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = timezone.now() - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS + 60)
    job = Job.objects.create(kind="demo", task_path="x", state=JobState.QUEUED)
    Job.objects.filter(pk=job.pk).update(created_at=old)
    try:
        assert client.get("/healthz").json()["checks"]["tasks"] == "failing"
        assert client.get("/healthz").status_code == 503
        assert client.get("/healthz/web").status_code == 200
        Worker.objects.create(name="w1", started_at=timezone.now(), seen_at=timezone.now())
        assert client.get("/healthz").status_code == 200
    finally:
        for connection in connections.all():
            connection.close()


def test_the_document_engine_check_fails_when_the_font_is_missing(client, settings) -> None:
    settings.OPENITA_DOCUMENT_FONT = "No Such Typeface"
    response = client.get("/healthz/web")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["documents"] == "failing"


def test_queue_rows_overdue_with_no_worker_fail_the_task_check(client, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from openita.tasks.services import kind_label

    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=f"{kind_label.__module__}.kind_label",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS + 5)
    )
    try:
        assert client.get("/healthz").json()["checks"]["tasks"] == "failing"
        Worker.objects.create(name="w1", started_at=timezone.now(), seen_at=timezone.now())
        assert client.get("/healthz").json()["checks"]["tasks"] == "ok"
    finally:
        for connection in connections.all():
            connection.close()
