from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from openita.conftest import World
from openita.measures import services
from openita.measures.models import MeasureStatus, Notification, ReminderKind, ReminderLog
from openita.measures.reminders import send_reminders
from openita.measures.scheduling import follow_up_dates
from openita_testing.files import PDF

from .factories import add_measure, approved_plan, plan_for


def test_status_follows_progress_and_the_due_date(world: World) -> None:
    plan = plan_for(world.station)
    measure = add_measure(plan, due=date(2025, 1, 31))
    assert measure.status_on(date(2025, 1, 1)) == MeasureStatus.NOT_STARTED
    assert measure.status_on(date(2025, 2, 1)) == MeasureStatus.OVERDUE
    services.add_progress(measure, done_on=date(2025, 1, 10), description="ร่างคู่มือแล้ว", percent=40)
    measure.refresh_from_db()
    assert (measure.progress_percent, measure.last_progress_on) == (40, date(2025, 1, 10))
    assert measure.status_on(date(2025, 1, 20)) == MeasureStatus.IN_PROGRESS
    assert measure.status_on(date(2025, 2, 1)) == MeasureStatus.OVERDUE
    last = services.add_progress(
        measure,
        done_on=date(2025, 2, 3),
        description="เผยแพร่บนเว็บไซต์",
        percent=100,
        done_by_text="ผู้ช่วยประชาสัมพันธ์",
        links="https://example.go.th/manual\n\n https://example.go.th/news ",
    )
    measure.refresh_from_db()
    assert measure.status_on(date(2025, 3, 1)) == MeasureStatus.DONE
    assert last.link_list == ["https://example.go.th/manual", "https://example.go.th/news"]
    services.delete_progress(last)
    measure.refresh_from_db()
    assert measure.progress_percent == 40


def test_progress_keeps_evidence_files_with_their_digest(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    plan = plan_for(world.station)
    measure = add_measure(plan)
    photo = SimpleUploadedFile("ภาพกิจกรรม.pdf", PDF, "application/pdf")
    entry = services.add_progress(
        measure, done_on=date(2025, 1, 5), description="ประชุม", percent=50, files=[photo]
    )
    attachment = entry.attachments.get()
    assert attachment.original_name == "ภาพกิจกรรม.pdf"
    assert attachment.size == len(PDF)
    assert len(attachment.sha256) == 64
    with pytest.raises(ValidationError):
        services.add_progress(
            measure,
            done_on=date(2025, 1, 5),
            description="x",
            percent=50,
            files=[SimpleUploadedFile("run.exe", b"MZ")],
        )


def test_follow_up_dates_fall_at_the_end_of_fiscal_periods(world: World) -> None:
    plan = plan_for(world.station)
    quarterly = add_measure(plan, follow_up_frequency="quarterly")
    assert follow_up_dates(quarterly, 2568) == [
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
    ]
    half = add_measure(plan, follow_up_frequency="half_yearly")
    assert follow_up_dates(half, 2568) == [date(2025, 3, 31), date(2025, 9, 30)]
    monthly = add_measure(
        plan,
        follow_up_frequency="monthly",
        start_date=date(2024, 11, 15),
        due=date(2025, 1, 20),
    )
    assert follow_up_dates(monthly, 2568) == [date(2024, 11, 30), date(2024, 12, 31)]
    once = add_measure(plan, follow_up_frequency="once", due=date(2025, 4, 30))
    assert follow_up_dates(once, 2568) == [date(2025, 4, 30)]
    short = add_measure(
        plan, follow_up_frequency="quarterly", start_date=date(2025, 1, 5), due=date(2025, 1, 20)
    )
    assert follow_up_dates(short, 2568) == [date(2025, 1, 20)]


@pytest.fixture
def reminded(world: World):
    officer, committee = world.user("officer"), world.user("committee")
    plan = approved_plan(
        world.station,
        world.user("executive"),
        owner=officer,
        due=date(2025, 1, 31),
        follow_up_frequency="monthly",
        follow_up_by=committee,
    )
    return plan.measures.get()


def test_reminders_go_before_the_due_date_by_mail_and_in_app_once(world: World, reminded) -> None:
    with time_machine.travel(date(2025, 1, 24), tick=False):
        report = send_reminders(date(2025, 1, 24))
        assert report.sent == 1
        assert [message.to for message in mail.outbox] == [["officer@example.org"]]
        assert "31 ม.ค. 2568" in mail.outbox[0].subject
        assert f"/measures/{world.station.code}/2568/measures/{reminded.pk}/" in mail.outbox[0].body
        notification = Notification.objects.get(
            user=world.user("officer"), kind="reminder_due_soon"
        )
        assert notification.url.endswith(f"/measures/{reminded.pk}/")
        again = send_reminders(date(2025, 1, 24))
        assert again.sent == 0
        assert len(mail.outbox) == 1
    assert send_reminders(date(2025, 1, 25)).sent == 0  # one "due soon" per due date


def test_no_reminder_before_the_lead_time_nor_for_plans_not_approved(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, owner=world.user("officer"), due=date(2025, 1, 31))
    assert send_reminders(date(2025, 1, 28)).sent == 0  # the plan is a draft
    services.submit_plan(plan, None)
    services.approve_plan(plan, world.user("executive"))
    assert send_reminders(date(2025, 1, 10)).sent == 0  # 21 days ahead: not yet
    assert send_reminders(date(2025, 1, 28)).sent == 1


def test_follow_up_reminders_reach_the_responsible_and_the_follower(world: World, reminded) -> None:
    report = send_reminders(date(2024, 12, 31))
    assert report.sent == 2
    kinds = set(ReminderLog.objects.values_list("kind", "occasion", "recipient__username"))
    assert kinds == {
        (ReminderKind.FOLLOW_UP, date(2024, 12, 31), "officer"),
        (ReminderKind.FOLLOW_UP, date(2024, 12, 31), "committee"),
    }
    assert send_reminders(date(2025, 1, 2)).sent == 0  # same occasion, within the grace week


def test_overdue_reminders_are_sent_once_and_stop_when_done(world: World, reminded) -> None:
    assert send_reminders(date(2025, 2, 3)).sent == 2  # overdue: officer and committee
    assert send_reminders(date(2025, 2, 4)).sent == 0
    services.add_progress(reminded, done_on=date(2025, 2, 5), description="เสร็จ", percent=100)
    assert send_reminders(date(2025, 2, 28)).sent == 0  # done: no follow-up any more


def test_without_named_people_the_members_of_the_responsible_lines_are_reminded(
    world: World,
) -> None:
    from openita.accounts import services as account_services

    account_services.grant_role(world.user("officer"), world.station, "officer", world.patrol)
    plan = plan_for(world.station)
    measure = add_measure(plan, due=date(2025, 1, 31))
    services.update_measure(measure, lines=[world.patrol])
    services.submit_plan(plan, None)
    services.approve_plan(plan, world.user("executive"))
    send_reminders(date(2025, 1, 30))
    assert list(ReminderLog.objects.values_list("recipient__username", flat=True)) == ["officer"]


def test_the_command_sends_the_days_reminders_and_is_idempotent(world: World, reminded) -> None:
    with time_machine.travel(date(2025, 1, 30), tick=False):
        output = StringIO()
        call_command("measures", "send-reminders", stdout=output)
        assert "2025-01-30: 1 reminders sent (1 by e-mail)" in output.getvalue()
        output = StringIO()
        call_command("measures", "send-reminders", stdout=output)
        assert "0 reminders sent" in output.getvalue()
    output = StringIO()
    call_command("measures", "send-reminders", "--date", "2025-02-01", stdout=output)
    assert "2025-02-01: 2 reminders sent" in output.getvalue()


def test_the_reminder_task_run_twice_sends_once(world: World, reminded) -> None:
    from openita.measures.tasks import send_day_reminders
    from openita.tasks import services as tasks
    from openita.tasks.models import JobState

    with time_machine.travel(date(2025, 1, 30), tick=False):
        first = tasks.enqueue(send_day_reminders, "2025-01-30")
        logged = list(ReminderLog.objects.values_list("pk", flat=True))
        second = tasks.enqueue(send_day_reminders, "2025-01-30")
    assert (first.state, second.state) == (JobState.DONE, JobState.DONE)
    assert first.result is not None and second.result is not None
    assert (first.result["sent"], second.result["sent"]) == (1, 0)
    assert len(mail.outbox) == 1
    assert list(ReminderLog.objects.values_list("pk", flat=True)) == logged


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_the_reminder_command_queues_the_days_task_for_the_worker(
    world: World, reminded, settings
) -> None:
    from openita.tasks.models import Job, JobState

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    output = StringIO()
    call_command("measures", "send-reminders", "--date", "2025-01-30", stdout=output)
    assert "queued as task #" in output.getvalue()
    assert not mail.outbox
    job = Job.objects.get(kind="measures.reminders")
    assert (job.state, job.arguments["args"]) == (JobState.QUEUED, ["2025-01-30"])
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--no-heartbeat",
        stdout=StringIO(),
    )  # fmt: skip
    job.refresh_from_db()
    assert job.result is not None
    assert (job.state, job.result["sent"]) == (JobState.DONE, 1)
    assert len(mail.outbox) == 1
