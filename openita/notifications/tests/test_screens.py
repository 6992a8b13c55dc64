"""The unit admin's LINE screen and the person's settings, in Thai and English."""

import pytest
from django.urls import reverse

from openita.notifications import services
from openita.notifications.models import LineChannel, Preference
from openita.notifications.tests.factories import SECRET, connected, linked, linked_group

pytestmark = pytest.mark.django_db


def test_the_admin_connects_the_account_and_sees_the_webhook_url(world, client):
    client.force_login(world.user("unit_admin"))
    url = reverse("notifications:channel", args=[world.station.code])
    response = client.post(url, {"channel_secret": SECRET, "access_token": "tok"})
    assert response.status_code == 302
    channel = LineChannel.objects.get(unit=world.station)
    assert channel.token() == "tok"
    page = client.get(url).content.decode()
    assert f"/line/webhook/{world.station.code}/" in page
    assert SECRET not in page and "tok<" not in page  # never shown again


def test_a_failure_is_shown_to_the_unit_admin(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    services.note_failure(channel, "LINE monthly message quota reached")
    client.force_login(world.user("unit_admin"))
    page = client.get(reverse("notifications:channel", args=[world.station.code]))
    assert "LINE monthly message quota reached" in page.content.decode()


def test_the_test_button_reports_what_line_said(world, client):
    admin = world.user("unit_admin")
    channel = connected(world.station, admin)
    linked(channel, admin)
    client.force_login(admin)
    response = client.post(
        reverse("notifications:channel_test", args=[world.station.code]), follow=True
    )
    assert "ส่งข้อความทดสอบไปยัง LINE ของคุณแล้ว" in response.content.decode()


def test_a_person_chooses_e_mail_only(world, client):
    officer = world.user("officer")
    client.force_login(officer)
    response = client.post(reverse("notifications:settings"), {"delivery": "email"})
    assert response.status_code == 302
    assert Preference.objects.get(user=officer).delivery == "email"


def test_the_settings_page_in_english(world, client):
    connected(world.station, world.user("unit_admin"))
    client.force_login(world.user("officer"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Link my LINE" in page
    assert "ส่งการแจ้งเตือน" not in page


def test_the_admin_sees_the_groups_and_the_recent_messages(world, client):
    admin = world.user("unit_admin")
    channel = connected(world.station, admin)
    group = linked_group(channel, ["digest"])
    services.send("digest", world.station, "สรุป", to_groups=True)
    client.force_login(admin)
    page = client.get(reverse("notifications:channel", args=[world.station.code])).content.decode()
    assert str(group) in page
    assert "สรุปประจำสัปดาห์ของคณะทำงาน" in page  # the topic's label, not its code


def test_the_desk_points_to_linking_until_the_person_linked(world, client):
    channel = connected(world.station, world.user("unit_admin"))
    officer = world.user("officer")
    client.force_login(officer)
    settings_url = reverse("notifications:settings")
    assert settings_url in client.get("/").content.decode().split("<main")[-1]
    linked(channel, officer)
    assert settings_url not in client.get("/").content.decode().split("<main")[-1]
