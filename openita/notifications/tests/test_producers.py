"""What the apps register: ITA calendar deadlines, the weekly digest to the working group's LINE group, the
daily "work waiting for you", and the measures' reminders by LINE."""

import datetime

import pytest
import time_machine
from django.core import mail

from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar.services import ensure_calendar
from openita.measures.tests.factories import tiny_framework
from openita.notifications import fake, registry, services
from openita.notifications.models import Message
from openita.notifications.tests.factories import connected, linked, linked_group

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 3, 3)  # fiscal year 2568


def test_every_app_registers_its_topics():
    codes = {topic.code for topic in registry.topics()}
    assert {"measures", "calendar", "surveys", "digest", "complaints", "waiting"} <= codes
    assert "complaints" not in {topic.code for topic in registry.group_topics()}


def test_a_calendar_phase_ending_soon_goes_to_the_admins_and_the_group(world):
    tiny_framework(2568)
    phase = ensure_calendar(get_or_create_assessment(world.station, 2568))[0]
    channel = connected(world.station, world.user("unit_admin"))
    group = linked_group(channel, ["calendar"])
    with time_machine.travel(phase.ends_on, tick=False):
        services.run_day(phase.ends_on - datetime.timedelta(days=1))
    [text] = [
        text for to, text in fake.all_pushed() if to == group.group_id and phase.name_th in text
    ]
    assert "/calendar/tt-st1/2568/" in text
    assert [world.user("unit_admin").email] in [email.to for email in mail.outbox]


def test_the_weekly_digest_goes_to_the_working_group_s_line_group_on_mondays(world):
    channel = connected(world.station, world.user("unit_admin"))
    group = linked_group(channel, ["digest"])
    services.run_day(MONDAY + datetime.timedelta(days=1))
    assert fake.all_pushed() == []
    services.run_day(MONDAY)
    [(to, text)] = fake.all_pushed()
    assert to == group.group_id
    assert text.startswith("สรุปประจำสัปดาห์ ITA ปีงบประมาณ 2568")
    services.run_day(MONDAY)
    assert len(fake.all_pushed()) == 1


def test_waiting_work_is_told_to_linked_people_by_headings_and_counts(world, monkeypatch):
    from openita.accounts import desk

    officer = world.user("officer")
    channel = connected(world.station, world.user("unit_admin"))
    linked(channel, officer)
    entry = desk.Waiting(section="ข้อ OIT", what="แก้ไข", title="ชื่อข้อลับ", url="/oit/x/")
    monkeypatch.setattr(desk, "_waiting", [lambda query: [entry] if query.user == officer else []])

    services.run_day(MONDAY + datetime.timedelta(days=1))
    services.run_day(MONDAY + datetime.timedelta(days=2))  # nothing new: not again

    [(_to, text)] = fake.all_pushed()
    assert "มีงานรอคุณใน openita 1 เรื่อง" in text and "ข้อ OIT 1 เรื่อง" in text
    assert "ชื่อข้อลับ" not in text


def test_measure_reminders_go_by_line_to_a_linked_person(world):
    from openita.measures.reminders import send_reminders
    from openita.measures.tests.factories import approved_plan

    plan = approved_plan(
        world.station, world.user("executive"), owner=world.user("officer"), due=MONDAY
    )
    measure = plan.measures.get()
    channel = connected(world.station, world.user("unit_admin"))
    linked(channel, world.user("officer"))

    report = send_reminders(MONDAY)

    assert report.sent >= 1
    assert any(measure.title[:20] in text for _to, text in fake.all_pushed())
    assert mail.outbox == []
    assert Message.objects.filter(topic="measures").exists()


def test_the_command_sends_the_day_now(world):
    from io import StringIO

    from django.core.management import call_command

    channel = connected(world.station, world.user("unit_admin"))
    linked_group(channel, ["digest"])
    output = StringIO()
    call_command("notifications", "send-day", "--date", MONDAY.isoformat(), "--now", stdout=output)
    assert "1 LINE messages queued" in output.getvalue()
    call_command("notifications", "send-day", "--date", MONDAY.isoformat(), stdout=output)
    assert len(fake.all_pushed()) == 1


def test_an_oit_item_assigned_is_told_by_line_only_to_those_who_want_it(world):
    from openita.oit import services as oit
    from openita.oit.tests.factories import make_workspace

    disclosure = make_workspace(world.station).item("O1")
    channel = connected(world.station, world.user("unit_admin"))
    officer, committee = world.user("officer"), world.user("committee")
    linked(channel, officer)
    admin = world.user("unit_admin")

    oit.assign(disclosure, admin, responsible=[officer, committee], reviewer=None, due_date=None)

    [(_to, text)] = fake.all_pushed()
    assert text.startswith("คุณได้รับมอบหมายข้อ OIT O1")
    assert mail.outbox == []  # the committee member neither linked LINE nor chose e-mail
    services.set_delivery(committee, "email")
    oit.assign(disclosure, admin, responsible=[officer], reviewer=None, due_date=None)
    oit.assign(disclosure, admin, responsible=[officer, committee], reviewer=None, due_date=None)
    assert [email.to for email in mail.outbox] == [[committee.email]]
