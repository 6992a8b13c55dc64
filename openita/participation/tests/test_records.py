"""Participation records: the four elements, the refusal to publish an incomplete one, photos, the public page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.conftest import World, client_for
from openita.participation import services
from openita.participation.models import ParticipationRecord
from openita.participation.tests.factories import make_record, png_bytes

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
YEAR = 2569


@pytest.mark.parametrize(
    ("emptied", "named"),
    [
        ({"topic": ""}, "ประเด็น"),
        ({"results": " "}, "ผลการดำเนินการ"),
        ({"changes": ""}, "การนำผลไปปรับปรุงการดำเนินงาน"),
    ],
)
def test_a_record_with_an_empty_element_cannot_be_published(
    world: World, emptied: dict[str, Any], named: str
) -> None:
    item = make_record(world.station, YEAR, **emptied)
    with pytest.raises(ValidationError) as refused:
        services.publish_record(item, by=world.user("executive"))
    assert named in refused.value.messages[0]
    item.refresh_from_db()
    assert item.published_on is None


def test_a_record_without_participants_cannot_be_published(world: World) -> None:
    item = make_record(world.station, YEAR)
    item.groups.all().delete()
    with pytest.raises(ValidationError, match="ผู้มีส่วนร่วม"):
        services.publish_record(item, by=world.user("executive"))


def test_the_page_names_what_is_missing_and_publishing_is_refused(world: World) -> None:
    head = client_for(world, "executive")
    item = make_record(world.station, YEAR, complete=False)
    url = f"/participation/{world.station.code}/{YEAR}/{item.pk}/"
    response = head.post(url + "publish/", {"action": "publish"}, follow=True)
    page = response.content.decode()
    assert "เผยแพร่บันทึกนี้ไม่ได้ ยังขาด: ผู้มีส่วนร่วม (กลุ่มและจำนวน), ผลการดำเนินการ" in page
    item.refresh_from_db()
    assert item.published_on is None


def test_a_complete_record_is_published_by_the_head_and_shown(world: World) -> None:
    officer = client_for(world, "officer")
    base = f"/participation/{world.station.code}/{YEAR}/"
    response = officer.post(
        base + "new/",
        {
            "kind": "hearing",
            "topic": "รับฟังความคิดเห็นเรื่องไฟส่องสว่าง",
            "held_on": "15/03/2569",
            "groups": "ชาวบ้าน: 30\nผู้นำชุมชน: 5",
            "results": "ขอไฟเพิ่มสามจุด",
            "changes": "ติดไฟเพิ่มและจัดสายตรวจ",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = ParticipationRecord.objects.get()
    assert [(g.name, g.count) for g in item.groups.all()] == [("ชาวบ้าน", 30), ("ผู้นำชุมชน", 5)]
    public = f"/p/{world.station.code}/{YEAR}/participation/"
    assert "ไฟส่องสว่าง" not in Client().get(public).content.decode()
    officer.post(
        base + f"{item.pk}/photos/",
        {"photo": SimpleUploadedFile("a.png", png_bytes()), "caption": "ภาพ"},
    )
    photo = item.photos.get()
    assert officer.post(base + f"{item.pk}/publish/", {"action": "publish"}).status_code == 403
    client_for(world, "executive").post(base + f"{item.pk}/publish/", {"action": "publish"})
    page = Client().get(public).content.decode()
    assert "ไฟส่องสว่าง" in page and "ติดไฟเพิ่มและจัดสายตรวจ" in page and "30" in page
    image = Client().get(f"/p/{world.station.code}/{YEAR}/participation/photos/{photo.pk}/")
    assert image.status_code == 200 and image["X-Content-Type-Options"] == "nosniff"


def test_a_photo_of_an_unpublished_record_is_not_public(world: World) -> None:
    item = make_record(world.station, YEAR, photo=True)
    photo = item.photos.get()
    url = f"/p/{world.station.code}/{YEAR}/participation/photos/{photo.pk}/"
    assert Client().get(url).status_code == 404


def test_only_real_images_are_accepted_as_photos(world: World) -> None:
    item = make_record(world.station, YEAR)
    fake = SimpleUploadedFile("a.png", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        services.add_photo(item, fake, caption="", by=world.user("officer"))
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationError):
        services.add_photo(item, pdf, caption="", by=world.user("officer"))
    assert not item.photos.exists()


def test_editing_a_published_record_to_empty_an_element_withdraws_it(world: World) -> None:
    item = make_record(world.station, YEAR)
    services.publish_record(item, by=world.user("executive"))
    services.save_record(
        world.station,
        YEAR,
        by=world.user("officer"),
        item=item,
        groups=[("ผู้นำชุมชน", 12)],
        changes="",
    )
    item.refresh_from_db()
    assert item.published_on is None


def test_the_staff_list_says_what_is_missing(world: World) -> None:
    make_record(world.station, YEAR, complete=False)
    page = client_for(world, "oversight").get(f"/participation/{world.station.code}/{YEAR}/")
    assert "ยังขาด:" in page.content.decode()


def test_the_public_page_answers_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(4):
        item = make_record(world.station, YEAR, photo=n == 0, topic=f"กิจกรรม {n}")
        services.publish_record(item, by=world.user("executive"))
    url = f"/p/{world.station.code}/{YEAR}/participation/"
    Client().get(url)
    with django_assert_max_num_queries(6):
        page = Client().get(url).content.decode()
    assert all(f"กิจกรรม {n}" in page for n in range(4))


def test_the_sitemap_lists_the_published_pages(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    item = make_record(world.station, YEAR)
    make_record(world.other_station, YEAR)  # not published
    Client().get("/sitemap.xml")  # cached before the change
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_record(item, by=world.user("executive"))
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert f"/p/{world.station.code}/{YEAR}/participation/" in sitemap
    assert f"/p/{world.other_station.code}/{YEAR}/participation/" not in sitemap
