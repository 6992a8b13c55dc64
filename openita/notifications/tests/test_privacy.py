"""No complaint text (nor its reference) and no survey answer ever goes out by LINE."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from openita.complaints.tests.conftest import desk, submit  # noqa: F401 (fixtures)
from openita.notifications import fake, services
from openita.notifications.models import Message
from openita.notifications.tests.factories import connected, linked, linked_group
from openita.surveys.models import SurveyKind
from openita.surveys.tests.conftest import open_campaign, police_framework  # noqa: F401

SECRET_TEXT = "ผู้กำกับเรียกรับเงินค่าปรับโดยไม่ออกใบเสร็จ"


@pytest.mark.django_db
def test_a_complaint_reminder_says_only_that_something_waits(desk):  # noqa: F811
    from openita.complaints.tasks import run_day

    channel = connected(desk.station, desk.world.user("unit_admin"))
    linked(channel, desk.handler)
    linked_group(channel, ["digest", "calendar", "surveys"])
    with time_machine.travel(datetime.date(2026, 1, 5), tick=False):
        case, _receipt = submit(desk.station, SECRET_TEXT)
    with time_machine.travel(datetime.date(2026, 1, 21), tick=False):
        assert run_day(datetime.date(2026, 1, 21))["reminded"] == 1
        services.run_day(datetime.date(2026, 1, 21))

    pushed = fake.all_pushed()
    assert [text for _to, text in pushed if "ร้องเรียน" in text]  # the handler was told by LINE
    for _to, text in pushed:
        assert SECRET_TEXT not in text
        assert case.reference not in text
    for message in Message.objects.all():
        assert SECRET_TEXT not in message.text
    for email in mail.outbox:
        assert SECRET_TEXT not in email.body


@pytest.mark.django_db
def test_a_survey_below_its_minimum_is_told_in_counts_only(world, police_framework):  # noqa: F811
    today = timezone.localdate()
    campaign = open_campaign(
        world, SurveyKind.IIT, population=120, closes_on=today + timedelta(days=2)
    )
    assert campaign.minimum_count > 0
    channel = connected(world.station, world.user("unit_admin"))
    linked(channel, world.user("unit_admin"))

    services.run_day(today)

    [(_to, text)] = [pushed for pushed in fake.all_pushed() if "แบบสำรวจ" in pushed[1]]
    assert f"ได้ 0 จาก {campaign.minimum_count} คำตอบขั้นต่ำ" in text
    # Nothing else: the campaign's code (its public link) is not in it either.
    assert campaign.code not in text
    # Run again the same day: nothing twice.
    services.run_day(today)
    assert len([p for p in fake.all_pushed() if "แบบสำรวจ" in p[1]]) == 1
