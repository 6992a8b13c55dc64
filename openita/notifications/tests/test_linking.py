"""Linking people by a one-time code and groups by joining, through the webhook, against the fake."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openita.notifications import fake, services
from openita.notifications.models import GroupState, LineGroup, LineLink
from openita.notifications.tests.factories import SECRET, connected, linked_group


def post_webhook(client, unit, *events, secret=SECRET):
    body = fake.webhook_body(*events)
    return client.post(
        reverse("notifications:webhook", args=[unit.code]),
        data=body,
        content_type="application/json",
        headers={"X-Line-Signature": fake.signed(body, secret)},
    )


@pytest.mark.django_db
def test_a_person_links_by_sending_the_code_shown_to_them(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    officer = world.user("officer")
    code = services.new_link_code(officer, channel).code

    response = post_webhook(client, world.station, fake.text_event("Uofficer", f"รหัส {code}"))

    assert response.status_code == 200
    link = LineLink.objects.get(channel=channel)
    assert (link.user, link.line_user_id) == (officer, "Uofficer")
    assert fake.account(channel.token()).replies == [("fake-reply", services.LINKED_REPLY)]
    # The code works once.
    post_webhook(client, world.station, fake.text_event("Uother", code))
    assert LineLink.objects.count() == 1


@pytest.mark.django_db
def test_a_wrong_or_expired_code_links_nobody(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    made = services.new_link_code(world.user("officer"), channel)
    code = made.code
    post_webhook(
        client, world.station, fake.text_event("U1", "000000" if code != "000000" else "1")
    )
    made.expires_at = timezone.now() - timedelta(seconds=1)
    made.save()
    post_webhook(client, world.station, fake.text_event("U1", code))
    assert not LineLink.objects.exists()
    assert [text for _token, text in fake.account(channel.token()).replies] == [
        services.WRONG_CODE_REPLY
    ] * 2
    post_webhook(client, world.station, fake.text_event("U1", "สวัสดีครับ"))  # not a code: no answer
    assert len(fake.account(channel.token()).replies) == 2


@pytest.mark.django_db
def test_unfollowing_unlinks_the_person(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    code = services.new_link_code(world.user("officer"), channel).code
    post_webhook(client, world.station, fake.text_event("Uofficer", code))
    post_webhook(client, world.station, fake.unfollow_event("Uofficer"))
    assert not LineLink.objects.exists()


@pytest.mark.django_db
def test_a_group_waits_for_an_admin_then_receives_its_topics_until_it_leaves(world, client):
    admin = world.user("unit_admin")
    channel = connected(world.station, admin)
    fake.account(channel.token()).groups["Cabc"] = fake.GroupSummary("คณะทำงาน", 7)

    post_webhook(client, world.station, fake.join_event("Cabc"))
    group = LineGroup.objects.get(channel=channel)
    assert (group.state, group.name, group.member_count) == (GroupState.PENDING, "คณะทำงาน", 7)

    client.force_login(admin)
    response = client.post(
        reverse("notifications:group_confirm", args=[world.station.code, group.pk]),
        {"topics": ["digest", "no-such-topic"]},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.state == GroupState.LINKED
    assert group.topics == ["digest"]

    post_webhook(client, world.station, fake.leave_event("Cabc"))
    group.refresh_from_db()
    assert group.state == GroupState.LEFT


@pytest.mark.django_db
def test_the_unlink_button_makes_the_bot_leave_the_group(world, client):
    admin = world.user("unit_admin")
    channel = connected(world.station, admin)
    group = linked_group(channel, ["digest"])
    client.force_login(admin)
    client.post(reverse("notifications:group_unlink", args=[world.station.code, group.pk]))
    group.refresh_from_db()
    assert group.state == GroupState.LEFT
    assert fake.account(channel.token()).left == [group.group_id]


@pytest.mark.django_db
def test_a_bad_signature_is_refused_with_400_and_logged(world, client, caplog):
    connected(world.station, world.user("unit_admin"))
    with caplog.at_level(logging.WARNING, logger="openita.notifications.views"):
        response = post_webhook(
            client, world.station, fake.join_event("Cx"), secret="not-the-secret"
        )
        unsigned = client.post(
            reverse("notifications:webhook", args=[world.station.code]),
            data=fake.webhook_body(fake.join_event("Cx")),
            content_type="application/json",
        )
    assert response.status_code == unsigned.status_code == 400
    assert "bad signature" in caplog.text
    assert not LineGroup.objects.exists()


@pytest.mark.django_db
def test_the_webhook_of_a_unit_without_an_account_is_404(world, client):
    response = post_webhook(client, world.station, fake.join_event("Cx"))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_secret_and_token_are_stored_encrypted(world):
    channel = connected(world.station, world.user("unit_admin"), token="the-real-token")
    channel.refresh_from_db()
    assert "the-real-token" not in channel.token_encrypted
    assert SECRET not in channel.secret_encrypted
    assert (channel.token(), channel.secret()) == ("the-real-token", SECRET)


@pytest.mark.django_db
def test_the_settings_page_shows_a_code_and_unlinks(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    officer = world.user("officer")
    client.force_login(officer)
    client.post(reverse("notifications:new_code", args=[channel.pk]))
    code = services.current_code(officer, channel)
    assert code is not None
    assert code.code in client.get(reverse("notifications:settings")).content.decode()
    LineLink.objects.create(channel=channel, user=officer, line_user_id="U9")
    client.post(reverse("notifications:unlink", args=[channel.pk]))
    assert not LineLink.objects.exists()


@pytest.mark.django_db
def test_a_signed_but_unreadable_body_is_refused(world, client):
    connected(world.station, world.user("unit_admin"))
    body = b"not json"
    response = client.post(
        reverse("notifications:webhook", args=[world.station.code]),
        data=body,
        content_type="application/json",
        headers={"X-Line-Signature": fake.signed(body, SECRET)},
    )
    assert response.status_code == 400
