"""Batches: one kind of document for every unit under a parent, into a zip (services, worker, commands)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import Http404
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openita.accounts import services as account_services
from openita.accounts.models import Membership, Role
from openita.audit.models import AuditEntry
from openita.conftest import World
from openita.documents import kinds, services
from openita.documents.models import BatchStatus, DocumentBatch
from openita.documents.spec import Document
from openita.documents.tests.conftest import MISSING_PLAN, note_document
from openita.tasks.models import Job, JobState
from openita.units import services as unit_services


@pytest.fixture
def deeper(world: World) -> World:
    """A unit two levels below the province, and an inactive one (left out of batches)."""
    unit_services.create_unit(parent=world.station, code="tt-st1-post", name_th="ป้อมตำรวจทดสอบ")
    closed = unit_services.create_unit(parent=world.province, code="tt-closed", name_th="ปิดแล้ว")
    closed.is_active = False
    closed.save()
    return world


def start(world: World, kind: kinds.DocumentKind, persona: str = "parent_admin", **values):
    options = values.pop("options", {})
    return services.start_batch(
        world.province,
        values.pop("fiscal_year", 2568),
        kind,
        values.pop("file_format", "xlsx"),
        options,
        world.user(persona) if persona else None,
        **values,
    )


def made(world: World, kind: kinds.DocumentKind, **values) -> DocumentBatch:
    """A batch started and run to its end here."""
    batch = start(world, kind, in_background=False, **values)
    return services.run_batch(batch.pk)


def zip_of(batch: DocumentBatch) -> zipfile.ZipFile:
    path = services.batch_file(batch)
    assert path is not None
    return zipfile.ZipFile(path)


def readme_of(archive: zipfile.ZipFile) -> str:
    return archive.read(services.README_NAME).decode("utf-8-sig")


def test_a_batch_holds_one_file_per_active_unit_below_and_a_readme(
    deeper: World, note_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = start(deeper, note_kind, options={"period": "h1"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.total, batch.done_count, batch.made_count) == (3, 3, 2)
    assert batch.zip_path.endswith("test-note-tt-prov-2568-h1-xlsx.zip")
    assert batch.started_at and batch.finished_at and batch.zip_size
    with zip_of(batch) as archive:
        names = archive.namelist()
        assert sorted(names) == [
            services.README_NAME,
            "test-note-tt-st1-2568-h1.xlsx",
            "test-note-tt-st1-post-2568-h1.xlsx",
        ]
        readme = readme_of(archive)
    assert "บันทึกทดสอบ" in readme
    assert "ตำรวจภูธรจังหวัดทดสอบ" in readme
    assert "ปีงบประมาณ 2568" in readme
    assert "เอกสารในไฟล์นี้: 2" in readme
    assert f"1. สถานีตำรวจภูธรทดสอบสอง (tt-st2): {MISSING_PLAN}" in readme


def test_skipped_units_are_recorded_with_the_reason(world: World, note_kind):
    batch = made(world, note_kind)
    batch.refresh_from_db()
    assert batch.skipped == [
        {
            "id": world.other_station.pk,
            "code": "tt-st2",
            "name": "สถานีตำรวจภูธรทดสอบสอง",
            "reason": MISSING_PLAN,
        }
    ]
    assert (batch.skipped_count, batch.made_count) == (1, 1)


def test_a_broken_unit_is_skipped_and_the_others_are_made(world: World, note_kind):
    unit_services.create_unit(parent=world.province, code="broken", name_th="ข้อมูลเสีย")
    batch = made(world, note_kind)
    assert batch.status == BatchStatus.DONE
    reasons = {entry["code"]: entry["reason"] for entry in batch.skipped}
    assert "เกิดข้อผิดพลาด" in reasons["broken"]
    with zip_of(batch) as archive:
        assert "test-note-tt-st1-2568-year.xlsx" in archive.namelist()


def test_progress_is_written_as_the_units_are_made(world: World, note_kind, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY_UNITS", 1)
    for number in range(3):
        unit_services.create_unit(parent=world.province, code=f"tt-x{number}", name_th="หน่วย")
    batch = start(world, note_kind, in_background=False)
    seen: list[tuple[int, int, int]] = []

    def watch(current: DocumentBatch) -> None:
        stored = DocumentBatch.objects.get(pk=current.pk)
        seen.append((stored.done_count, stored.total, len(stored.skipped)))

    services.run_batch(batch.pk, on_progress=watch)
    assert [done for done, _total, _skipped in seen] == [0, 1, 2, 3, 4, 5, 5, 5]
    assert {total for _done, total, _skipped in seen} == {5}
    assert seen[-1][2] == 1  # tt-st2 has no plan
    assert DocumentBatch.objects.get(pk=batch.pk).percent == 100


def test_people_who_cannot_see_every_unit_below_may_not_start_a_batch(world: World, note_kind):
    province_executive = account_services.create_person(username="provexec", first_name="x")
    account_services.grant_role(province_executive, world.province, Role.EXECUTIVE)
    with pytest.raises(PermissionDenied):  # sees the province, not its stations
        services.start_batch(world.province, 2568, note_kind, "xlsx", {}, province_executive)
    with pytest.raises(Http404):  # does not see the province
        start(world, note_kind, persona="unit_admin")
    with pytest.raises(Http404):
        start(world, note_kind, persona="outsider")
    for persona in ("parent_admin", "oversight", "assessor", "superuser"):
        assert services.may_start_batch(world.user(persona), world.province, note_kind)
    assert not DocumentBatch.objects.exists()


def test_a_kind_that_needs_more_than_viewing_is_for_site_admins_only(world: World):
    kind = kinds.register(
        kinds.DocumentKind(
            "test-private", "ภายใน", note_document, formats=("xlsx",), capability="contribute"
        )
    )
    try:
        with pytest.raises(PermissionDenied):
            start(world, kind)
        assert start(world, kind, persona="superuser", in_background=False).pk
    finally:
        kinds._KINDS.pop(kind.code)


def test_units_the_requester_no_longer_sees_are_skipped(world: World, note_kind):
    batch = start(world, note_kind, in_background=False)
    Membership.objects.filter(user=world.user("parent_admin")).delete()
    services.run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.made_count == 0
    assert {entry["reason"] for entry in batch.skipped} == {"ผู้ขอจัดทำชุดเอกสารนี้ไม่มีสิทธิ์เข้าถึงหน่วยงานนี้"}


def test_bad_requests_are_refused(world: World, note_kind):
    with pytest.raises(ValidationError, match="xlsx, pdf"):
        start(world, note_kind, file_format="docx")
    with pytest.raises(ValidationError):
        start(world, note_kind, options={"period": "q3"})
    with pytest.raises(ValidationError):
        start(world, note_kind, fiscal_year=1999)


def test_the_same_batch_is_not_started_twice_while_it_runs(world: World, note_kind, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = start(world, note_kind)
    second = start(world, note_kind)
    other = start(world, note_kind, file_format="pdf")
    assert first.pk == second.pk != other.pk
    assert first.status == BatchStatus.QUEUED
    # one job each, queued in the same transaction as the batch (nothing runs until a worker takes it)
    assert first.job is not None and other.job is not None
    assert (first.job.state, first.job.kind, first.job.unit) == (
        JobState.QUEUED,
        "documents.batch",
        world.province,
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 2


@pytest.mark.django_db(transaction=True)  # the worker loop commits, as in production
def test_a_worker_takes_the_batch_from_the_queue(world: World, note_kind, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = start(world, note_kind)
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--no-heartbeat",
        stdout=io.StringIO(),
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.job is not None
    assert (batch.job.state, batch.job.done_count, batch.job.total) == (JobState.DONE, 2, 2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_running_the_batch_task_twice_makes_one_zip(world: World, note_kind):
    batch = start(world, note_kind)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.job is not None
    first_zip = services.batch_file(batch)
    assert first_zip is not None
    made_at = first_zip.stat().st_mtime_ns
    # the queue delivering the task again, even for a job marked waiting: the batch is done, nothing redone
    Job.objects.filter(pk=batch.job.pk).update(state=JobState.QUEUED)
    services.make_batch.call(batch.job.pk, batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert first_zip.stat().st_mtime_ns == made_at
    assert [path.name for path in services.batch_folder().glob(f"{batch.pk}/*")] == [first_zip.name]


@pytest.mark.django_db(transaction=True)  # the worker loop commits, as in production
def test_a_batch_whose_worker_died_starts_over_and_keeps_no_half_zip(
    world: World, note_kind, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = start(world, note_kind)
    assert batch.job is not None
    long_ago = timezone.now() - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS + 1)
    # the worker claimed it, wrote half a zip and died
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago, done_count=1
    )
    Job.objects.filter(pk=batch.job.pk).update(
        state=JobState.RUNNING, attempts=1, heartbeat_at=long_ago, worker="gone:1"
    )
    part = services.batch_folder() / f"{batch.pk}.zip.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"PK half")
    batch.refresh_from_db()
    assert services.batch_file(batch) is None  # nothing to download while it runs

    assert services.fail_stale_batches(world.province) == []  # queued again, not failed
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--no-heartbeat",
        stdout=io.StringIO(),
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.done_count, batch.made_count) == (2, 1)
    assert Job.objects.get(pk=batch.job.pk).attempts == 2
    assert not part.exists()
    with zip_of(batch) as archive:
        archive.testzip()


def test_a_batch_whose_worker_died_for_the_last_time_fails_with_the_reason(
    world: World, note_kind, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = start(world, note_kind)
    assert batch.job is not None
    long_ago = timezone.now() - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS + 1)
    DocumentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done_count=1)
    Job.objects.filter(pk=batch.job.pk).update(
        state=JobState.RUNNING, attempts=3, heartbeat_at=long_ago, worker="gone:1"
    )
    services.fail_stale_batches(world.province)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "หยุดทำงานก่อนเสร็จ" in batch.error  # the worker stopped before finishing
    assert AuditEntry.objects.filter(object_id=str(batch.pk), action="update").exists()

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    again = services.rerun_batch(batch, world.user("oversight"))
    again.refresh_from_db()
    assert again.pk != batch.pk
    assert again.status == BatchStatus.DONE
    assert again.requested_by == world.user("oversight")


def test_a_batch_that_fails_shows_the_reason_on_its_job(world: World, note_kind):
    kind = kinds.register(kinds.DocumentKind("test-broken", "x", note_document, formats=("xlsx",)))
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(services, "_produce", _explode)
            batch = start(world, kind)
    finally:
        kinds._KINDS.pop(kind.code)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "disk full" in batch.error
    assert batch.job is not None
    assert batch.job.state == JobState.FAILED
    assert "disk full" in batch.job.error


def _explode(*args, **kwargs):
    raise OSError("disk full")


def test_a_worker_whose_batch_was_declared_dead_stops_and_keeps_nothing(world: World, note_kind):
    def declare_dead(request: kinds.DocumentRequest) -> Document:
        DocumentBatch.objects.update(status=BatchStatus.FAILED, error="declared dead")
        return note_document(request)

    kind = kinds.register(kinds.DocumentKind("test-dies", "x", declare_dead, formats=("xlsx",)))
    try:
        batch = start(world, kind, in_background=False)
        services.run_batch(batch.pk)
    finally:
        kinds._KINDS.pop(kind.code)
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.zip_path) == (BatchStatus.FAILED, "declared dead", "")
    assert not list(services.batch_folder().glob(f"{batch.pk}*"))


def test_a_batch_of_a_kind_that_is_gone_fails_with_the_reason(world: World, note_kind):
    batch = start(world, note_kind, in_background=False)
    DocumentBatch.objects.filter(pk=batch.pk).update(kind_code="gone")
    services.run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "unknown document kind 'gone'" in batch.error
    with pytest.raises(services.BatchNotRunnable):
        services.run_batch(batch.pk)


def test_old_zips_are_removed_and_their_batches_kept(world: World, note_kind, settings):
    settings.OPENITA_DOCUMENT_BATCH_KEEP_DAYS = 7
    batch = made(world, note_kind)
    path = services.batch_file(batch)
    assert path is not None
    assert services.purge_old_batch_files() == 0
    assert services.purge_old_batch_files(timezone.now() + timedelta(days=8)) == 1
    assert not path.exists()
    batch.refresh_from_db()
    assert (batch.status, batch.zip_path, services.batch_file(batch)) == (
        BatchStatus.DONE,
        "",
        None,
    )


def test_the_batch_command_writes_the_zip_with_a_progress_bar(
    world: World, note_kind, tmp_path: Path
):
    output = tmp_path / "all.zip"
    out = io.StringIO()
    call_command(
        "document-batch", "test-note", "--parent", world.province.code, "--year", "2568",
        "--format", "xlsx", "--period", "year", "-o", str(output), stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "[" + "#" * 30 + "]     2/2 100%" in text
    assert f"skipped tt-st2: {MISSING_PLAN}" in text
    assert "1 documents, 1 units skipped" in text
    with zipfile.ZipFile(output) as archive:
        assert "test-note-tt-st1-2568-year.xlsx" in archive.namelist()
    batch = DocumentBatch.objects.get()
    assert (batch.status, batch.requested_by, batch.zip_path) == (BatchStatus.DONE, None, "")
    assert not (tmp_path / "all.zip.part").exists()


def test_the_batch_command_explains_refusals(world: World, note_kind):
    with pytest.raises(CommandError, match="unknown document kind"):
        call_command("document-batch", "nope", "--parent", world.province.code, "--year", "2568")
    with pytest.raises(CommandError, match="No unit"):
        call_command("document-batch", "test-note", "--parent", "nowhere", "--year", "2568")
    with pytest.raises(CommandError, match="xlsx, pdf"):
        call_command(
            "document-batch", "test-note", "--parent", world.province.code, "--year", "2568",
            "--format", "docx",
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_pool_of_processes_makes_the_documents(world: World, note_kind, tmp_path: Path):
    """The real thing: forked pool processes with their own database connections (PostgreSQL only: the
    SQLite test database lives in the test process's memory)."""
    if connection.vendor == "sqlite":
        pytest.skip("pool processes need a database they can connect to on their own")
    for number in range(4):
        unit_services.create_unit(parent=world.station, code=f"tt-p{number}", name_th="หน่วย")
    batch = start(world, note_kind, in_background=False)
    batch = services.run_batch(batch.pk, workers=2, destination=tmp_path / "pool.zip")
    assert batch.status == BatchStatus.DONE, batch.error
    assert (batch.total, batch.made_count, batch.skipped_count) == (6, 5, 1)
    with zipfile.ZipFile(tmp_path / "pool.zip") as archive:
        assert len(archive.namelist()) == 6
    assert DocumentBatch.objects.count() == 1  # the parent's connection still works


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
