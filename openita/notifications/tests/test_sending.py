"""Sending: each person's choice, LINE on the queue, the quota checked first, retries, e-mail as the fallback."""

import pytest
from django.core import mail

from openita.notifications import fake, services
from openita.notifications.models import Delivery, LineChannel, Message, MessageState, Way
from openita.notifications.tests.factories import connected, linked, linked_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def station_line(world):
    channel = connected(world.station, world.user("unit_admin"))
    return channel


def test_a_linked_person_gets_line_and_an_unlinked_one_e_mail(world, station_line):
    officer, executive = world.user("officer"), world.user("executive")
    link = linked(station_line, officer)

    report = services.send(
        "test", world.station, "มีงานรอ", "/x/", people=[officer, executive], key="k1"
    )

    assert (report.line, report.emailed) == (1, 1)
    assert fake.account(station_line.token()).pushed == [(link.line_user_id, "มีงานรอ\n/x/")]
    assert [message.to for message in mail.outbox] == [[executive.email]]
    assert Message.objects.get(user=officer).state == MessageState.SENT
    # The same key again sends nothing.
    services.send("test", world.station, "มีงานรอ", "/x/", people=[officer, executive], key="k1")
    assert len(fake.all_pushed()) == len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("choice", "line", "emails"),
    [(Delivery.LINE, 1, 0), (Delivery.EMAIL, 0, 1), (Delivery.BOTH, 1, 1), (Delivery.NONE, 0, 0)],
)
def test_each_person_chooses_how(world, station_line, choice, line, emails):
    officer = world.user("officer")
    linked(station_line, officer)
    services.set_delivery(officer, choice)
    services.send("test", world.station, "ข้อความ", "/x/", people=[officer])
    assert (len(fake.all_pushed()), len(mail.outbox)) == (line, emails)


def test_a_station_without_its_own_account_uses_its_province_s(world):
    channel = connected(world.province, world.user("parent_admin"))
    officer = world.user("officer")
    linked(channel, officer)
    services.send("test", world.station, "ข้อความ", people=[officer])
    assert len(fake.account(channel.token()).pushed) == 1


def test_when_the_monthly_quota_is_spent_the_message_goes_by_e_mail(world, station_line):
    officer = world.user("officer")
    linked(station_line, officer)
    account = fake.account(station_line.token())
    account.limit, account.used = 100, 100

    services.send("test", world.station, "ข้อความ", "/x/", people=[officer], subject="เรื่อง")

    assert account.pushed == []
    assert [message.to for message in mail.outbox] == [[officer.email]]
    message = Message.objects.get(way=Way.LINE)
    assert message.state == MessageState.FELL_BACK
    assert "quota" in message.error
    assert "quota" in LineChannel.objects.get().last_failure  # shown to the unit admin


def test_a_group_message_counts_once_per_member_against_the_quota(world, station_line):
    group = linked_group(station_line, ["digest"], members=30)
    account = fake.account(station_line.token())
    account.limit, account.used = 100, 80
    fallback = [world.user("committee")]

    services.send("digest", world.station, "สรุป", to_groups=True, group_fallback=fallback)

    assert account.pushed == []  # 30 members would pass the 100 messages of the month
    assert [message.to for message in mail.outbox] == [[world.user("committee").email]]
    account.used = 0
    services.send("digest", world.station, "สรุป", to_groups=True, key="again")
    assert account.pushed == [(group.group_id, "สรุป")]
    assert account.used == 30


def test_a_group_receives_only_the_topics_confirmed_for_it(world, station_line):
    linked_group(station_line, ["calendar"])
    services.send("digest", world.station, "สรุป", to_groups=True)
    assert fake.all_pushed() == []


def test_line_unreachable_is_tried_again_then_sent(
    world, station_line, django_capture_on_commit_callbacks
):
    officer = world.user("officer")
    linked(station_line, officer)
    fake.fail_next(station_line.token(), times=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.send("test", world.station, "ข้อความ", people=[officer])

    message = Message.objects.get(way=Way.LINE)
    assert (message.state, message.attempts) == (MessageState.SENT, 3)
    assert len(fake.all_pushed()) == 1
    assert mail.outbox == []


def test_after_the_last_try_the_message_goes_by_e_mail(
    world, station_line, django_capture_on_commit_callbacks
):
    officer = world.user("officer")
    linked(station_line, officer)
    fake.fail_next(station_line.token(), times=services.MAX_ATTEMPTS)

    with django_capture_on_commit_callbacks(execute=True):
        services.send("test", world.station, "ข้อความ", people=[officer])

    message = Message.objects.get(way=Way.LINE)
    assert (message.state, message.attempts) == (MessageState.FELL_BACK, services.MAX_ATTEMPTS)
    assert len(mail.outbox) == 1
    assert LineChannel.objects.get().last_failure.startswith("LINE 503")


def test_a_refused_token_falls_back_at_once(world, station_line):
    officer = world.user("officer")
    linked(station_line, officer)
    fake.fail_next(station_line.token(), transient=False)
    services.send("test", world.station, "ข้อความ", people=[officer])
    assert Message.objects.get(way=Way.LINE).attempts == 1
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(world, station_line):
    officer = world.user("officer")
    linked(station_line, officer)
    services.send("test", world.station, "ข้อความ", people=[officer])
    message = Message.objects.get(way=Way.LINE)
    assert services.deliver(message.pk) == "done already"
    assert len(fake.all_pushed()) == 1


def test_the_test_message_reaches_the_admin_s_own_line(world, station_line, client):
    admin = world.user("unit_admin")
    linked(station_line, admin)
    outcome = services.send_test(station_line, admin)
    assert outcome.ok and outcome.pushed
    assert outcome.quota_left == 200  # read before the push
