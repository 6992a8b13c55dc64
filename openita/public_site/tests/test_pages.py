"""The public pages: what they show of published items, plans and results, and how files are served."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openita.conftest import World
from openita.oit import services
from openita.oit.models import Disclosure, OitDeadlines
from openita.public_site import services as public_services
from openita.public_site.tests.factories import BEFORE_DEADLINE, YEAR, Published, pdf, publish_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world: World) -> Published:
    return publish_world(world)


def test_the_oit_page_lists_every_item_with_only_its_public_state(
    world: World, published: Published
) -> None:
    response = Client().get(f"/p/{world.station.code}/{YEAR}/oit/")
    page = response.content.decode()
    assert response.status_code == 200
    for code in ("O1", "O2", "O3", "O4", "O5"):
        assert f"/p/{world.station.code}/{YEAR}/oit/{code}/" in page
    assert page.count("badge ok") == 1  # O1 only
    assert "Submitted" not in page and "ส่งแล้ว" not in page


def test_a_published_file_is_served_with_its_type_and_safe_headers(
    world: World, published: Published
) -> None:
    evidence = published.item("O1").evidence.get(kind="file")
    response = Client().get(f"/p/{world.station.code}/{YEAR}/oit/O1/files/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"PUBLIC-O1-CONTENT" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_an_unpublished_file_is_missing(world: World, published: Published) -> None:
    for code in ("O2", "O3", "O4", "O5"):
        evidence = published.item(code).evidence.get(kind="file")
        response = Client().get(f"/p/{world.station.code}/{YEAR}/oit/{code}/files/{evidence.pk}/")
        assert response.status_code == 404
        # Nor under the published item's address.
        response = Client().get(f"/p/{world.station.code}/{YEAR}/oit/O1/files/{evidence.pk}/")
        assert response.status_code == 404


def test_pages_are_cached_and_forgotten_when_the_head_approves(
    world: World,
    published: Published,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    address = f"/p/{world.station.code}/{YEAR}/oit/O4/"
    first = client.get(address)
    assert first["X-Openita-Cache"] == "miss"
    assert client.get(address)["X-Openita-Cache"] == "hit"
    assert "SECRET-CHECKED" not in first.content.decode()
    with (
        time_machine.travel(BEFORE_DEADLINE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.approve(published.item("O4"), world.user("executive"), confirm_incomplete=True)
    again = client.get(address)
    assert again["X-Openita-Cache"] == "miss"
    assert "SECRET-CHECKED" in again.content.decode()


def test_officers_names_show_only_when_the_unit_chooses(
    world: World,
    published: Published,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    address = f"/p/{world.station.code}/{YEAR}/oit/O1/"
    name = world.user("officer").display_name
    assert name not in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        public_services.update_settings(
            world.station, world.user("unit_admin"), show_officer_names=True, licence="cc0-1.0"
        )
    assert name in client.get(address).content.decode()


def test_the_nacc_list_gives_code_title_and_address_of_each_published_item(
    world: World,
    published: Published,
) -> None:
    client = Client()
    csv_text = client.get(f"/p/{world.station.code}/{YEAR}/oit-urls.csv").content.decode(
        "utf-8-sig"
    )
    lines = csv_text.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("O1,ข้อ O1,http://testserver/p/tt-st1/2568/oit/O1/")
    response = client.get(f"/p/{world.station.code}/{YEAR}/oit-urls.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("O1", "ข้อ O1", "http://testserver/p/tt-st1/2568/oit/O1/")


def test_a_parent_lists_its_units_with_their_publication_and_results(
    world: World, published: Published
) -> None:
    page = Client().get(f"/p/{world.province.code}/").content.decode()
    assert world.station.name_th in page and world.other_station.name_th in page
    assert "1 / 5" in page  # station: O1 of five
    assert "0 / 5" in page  # other station: nothing approved
    assert "88.25" in page  # the station's official result


def test_results_show_released_years_with_a_chart(world: World, published: Published) -> None:
    page = Client().get(f"/p/{world.station.code}/results/").content.decode()
    assert "88.25" in page and "<svg" in page
    assert "77.77" not in page  # computed, not released
    OitDeadlines.objects.filter(assessment=published.assessment).update(
        scores_released_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )
    from openita.public_site.cache import forget_unit

    forget_unit(unit_id=world.station.pk)
    assert "77.77" in Client().get(f"/p/{world.station.code}/results/").content.decode()


def test_the_measures_page_shows_the_approved_version_and_its_progress(
    world: World,
    published: Published,
) -> None:
    page = Client().get(f"/p/{world.station.code}/{YEAR}/measures/").content.decode()
    assert "PUBLIC-MEASURE" in page and "PUBLIC-PROGRESS" in page
    assert "40%" in page
    assert "SECRET-NEW-DRAFT-MEASURE" not in page
    assert Client().get(f"/p/{world.other_station.code}/{YEAR}/measures/").status_code == 404


def test_the_oit_page_reads_a_fixed_number_of_queries(
    world: World,
    published: Published,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    address = f"/p/{world.station.code}/{YEAR}/oit/"
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    with (
        time_machine.travel(BEFORE_DEADLINE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for code in ("O3", "O4"):
            disclosure = Disclosure.objects.get(assessment=published.assessment, item__code=code)
            if code == "O3":
                services.check(disclosure, world.user("unit_admin"))
            services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    with CaptureQueriesContext(connection) as more:
        response = client.get(address)
    assert response["X-Openita-Cache"] == "miss"
    assert len(more) == len(few)


def test_search_finds_units_items_and_measures_in_thai(world: World, published: Published) -> None:
    client = Client()
    page = client.get("/p/", {"q": "ทดสอบหนึ่ง"}).content.decode()
    assert f"/p/{world.station.code}/" in page
    page = client.get("/p/", {"q": "มาตรการเผยแพร่"}).content.decode()
    assert f"/p/{world.station.code}/{YEAR}/measures/" in page
    page = client.get("/p/", {"q": "ข้อ O1"}).content.decode()
    assert f"/p/{world.station.code}/{YEAR}/oit/O1/" in page
    assert f"/p/{world.station.code}/{YEAR}/oit/O2/" not in page


def test_pages_carry_titles_descriptions_and_share_tags(world: World, published: Published) -> None:
    page = Client().get(f"/p/{world.station.code}/{YEAR}/oit/O1/").content.decode()
    assert "<title>O1 ข้อ O1" in page
    assert '<meta name="description"' in page and 'property="og:title"' in page
    assert "<script" not in page and "bootstrap" not in page


def test_the_feed_and_the_sitemap_list_published_items(world: World, published: Published) -> None:
    import xml.etree.ElementTree as ElementTree

    client = Client()
    feed = client.get(f"/p/{world.station.code}/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(feed.content)
    titles = [node.text for node in tree.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(title and title.startswith("O1 ") for title in titles)
    assert not any(title and title.startswith("O2 ") for title in titles)
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [
        node.text for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert f"http://testserver/p/{world.station.code}/{YEAR}/oit/O1/" in locations
    assert f"http://testserver/p/{world.station.code}/{YEAR}/oit/O2/" not in locations
    assert f"http://testserver/p/{world.station.code}/{YEAR}/measures/" in locations
    assert f"http://testserver/p/{world.other_station.code}/{YEAR}/measures/" not in locations
    assert f"http://testserver/p/{world.station.code}/results/" in locations
    assert f"http://testserver/p/{world.other_station.code}/results/" not in locations
    assert "http://testserver/opendata/" in locations


def test_a_monthly_item_shows_every_month_and_the_statement_for_an_empty_one(world: World) -> None:
    from openita.frameworks.models import OitItem
    from openita.oit.tests.factories import make_workspace

    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        space = make_workspace(world.station, YEAR)
        OitItem.objects.filter(version=space.assessment.framework_version, code="O2").update(
            monthly={
                "first_month": 10,
                "last_month": 3,
                "empty_statement": {"th": "ไม่มีการจัดซื้อจัดจ้าง", "en": "No procurement"},
            }
        )
        disclosure = space.item("O2")
        officer = world.user("officer")
        services.assign(
            disclosure,
            world.user("unit_admin"),
            responsible=[officer],
            reviewer=None,
            due_date=None,
        )
        services.add_file(
            disclosure,
            officer,
            SimpleUploadedFile("oct.pdf", pdf("OCT")),
            datetime.date(2024, 10, 5),
        )
        services.submit(disclosure, officer)
        services.check(disclosure, world.user("unit_admin"))
        services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    page = Client().get(f"/p/{world.station.code}/{YEAR}/oit/O2/").content.decode()
    assert page.count("ไม่มีการจัดซื้อจัดจ้าง") == 5  # November to March
    assert "oct.pdf" in page
    assert "ตุลาคม 2567" in page and "มีนาคม 2568" in page
    # O2 needs a PDF and an Excel or Word copy: the missing copy is flagged, the item is not complete.
    assert "Excel" in page
    assert "ไม่ครบถ้วน" in page or "Incomplete" in page


def test_the_approved_plan_comes_as_a_pdf_document(world: World, published: Published) -> None:
    client = Client()
    response = client.get(f"/p/{world.station.code}/{YEAR}/documents/measures-plan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    # The working-group order names people: only when the unit shows names.
    assert (
        client.get(f"/p/{world.station.code}/{YEAR}/documents/committee-order.pdf").status_code
        == 404
    )
    # No approved plan, no document.
    assert (
        client.get(f"/p/{world.other_station.code}/{YEAR}/documents/measures-plan.pdf").status_code
        == 404
    )


def test_progress_photos_show_as_pictures_served_from_the_approved_plan(world: World) -> None:
    from openita.public_site.tests.factories import publish_small

    small = publish_small(world)
    client = Client()
    page = client.get(f"/p/{world.station.code}/{YEAR}/measures/").content.decode()
    address = f"/p/{world.station.code}/{YEAR}/measures/files/{small.attachment_id}/"
    assert f'<img src="{address}"' in page
    photo = client.get(address)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"


def test_the_unit_page_shows_its_channels_and_complaint_counts_only(world: World) -> None:
    from openita.complaints.models import Case, Channel, Kind, State

    with time_machine.travel(datetime.datetime(2025, 11, 20, 10, tzinfo=datetime.UTC)):
        client = Client()
        page = client.get(f"/p/{world.station.code}/").content.decode()
        assert f'href="/c/{world.station.code}/"' in page  # the unit's complaint channel
        assert f'href="/c/{world.station.code}/follow/"' in page
        assert "ไม่มีเรื่องร้องเรียน" in page  # the OIT's exact words when nothing was received

        day = datetime.date(2025, 10, 15)  # fiscal year 2569
        for number, state in enumerate(
            (State.RECEIVED, State.IN_PROGRESS, State.COMPLETED, State.NOT_ACCEPTED), start=1
        ):
            Case.objects.create(
                unit=world.station,
                handling_unit=world.station,
                number=number,
                kind=Kind.CORRUPTION,
                channel=Channel.WEB,
                state=state,
                received_on=day,
                acknowledge_by=day,
                result_by=day,
                sealed_content=b"SECRET-SEALED-COMPLAINT",
            )
        from openita.public_site.cache import forget_unit

        forget_unit(unit_id=world.station.pk)
        page = client.get(f"/p/{world.station.code}/").content.decode()
    assert "ไม่มีเรื่องร้องเรียน" not in page
    assert "<td>4</td><td>2</td><td>2</td>" in page  # received, completed, in progress
    assert "SECRET-SEALED-COMPLAINT" not in page
    assert "ทุจริต" not in page  # nor the kinds of the cases


def test_a_parent_page_reads_a_fixed_number_of_queries(world: World, published: Published) -> None:
    from openita.public_site.cache import forget_unit
    from openita.units import services as unit_services

    address = f"/p/{world.province.code}/"
    with CaptureQueriesContext(connection) as two_units:
        Client().get(address)
    unit_services.create_unit(
        parent=world.province,
        code="tt-st3",
        name_th="สถานีตำรวจภูธรทดสอบสาม",
        unit_type="police_station",
    )
    forget_unit(unit_id=world.province.pk)
    with CaptureQueriesContext(connection) as three_units:
        page = Client().get(address).content.decode()
    assert "สถานีตำรวจภูธรทดสอบสาม" in page
    assert len(three_units) == len(two_units)
