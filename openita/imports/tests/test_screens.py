import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openita.accounts.models import User
from openita.conftest import World, client_for
from openita.core.tabular import read_table
from openita.imports import staging
from openita.imports.kinds import IMPORTERS
from openita.imports.tests.tables import csv_bytes, xlsx_bytes
from openita.units.models import Line, Unit

UNITS_HEADER = ["code", "name_th", "name_en", "type", "parent_code", "website"]


def upload(
    client: Client,
    kind: str,
    data: bytes,
    name: str = "table.csv",
    query: str = "",
    headers: dict[str, str] | None = None,
):
    return client.post(
        reverse(f"imports:{kind}") + query,
        {"file": SimpleUploadedFile(name, data), "sheet": ""},
        headers=headers,
    )


def test_upload_preview_and_confirm_save_the_units(world: World) -> None:
    client = client_for(world, "parent_admin")
    data = csv_bytes(
        [
            UNITS_HEADER,
            ["tt-st3-box", "ป้อม", "", "other", "tt-st3", ""],
            ["tt-st3", "สถานีสาม", "", "police_station", "tt-prov", ""],
        ]
    )
    response = upload(client, "units", data)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200
    assert page.context["preview"].is_valid
    assert b'name="action" value="confirm"' in page.content
    assert not Unit.objects.filter(code="tt-st3").exists()

    saved = client.post(preview_url, {"action": "confirm"})
    assert saved.status_code == 302 and saved["Location"] == preview_url
    assert Unit.objects.get(code="tt-st3-box").parent == Unit.objects.get(code="tt-st3")
    result = client.get(preview_url)
    assert result.status_code == 200
    assert [count for _label, count in result.context["result"]] == [2, 0, 0]
    # the rows are forgotten once saved: confirming again saves nothing more
    assert client.post(preview_url, {"action": "confirm"}).status_code == 200
    assert Unit.objects.filter(code__startswith="tt-st3").count() == 2


def test_the_preview_shows_bad_rows_and_offers_no_confirmation(world: World) -> None:
    client = client_for(world, "unit_admin")
    data = csv_bytes(
        [
            UNITS_HEADER,
            ["ok-box", "ป้อม", "", "", "tt-st1", ""],
            ["bad-box", "ป้อม", "", "spaceship", "xx-prov", ""],
        ]
    )
    page = client.get(upload(client, "units", data)["Location"])
    assert page.status_code == 200
    preview = page.context["preview"]
    assert (preview.total, len(preview.bad)) == (2, 1)
    content = page.content.decode()
    assert 'value="confirm"' not in content
    assert content.count('class="table-danger"') == 2  # the type and the parent cells of row 3
    assert "spaceship" in content
    # posting a confirmation anyway saves nothing, and the page says why
    response = client.post(page.request["PATH_INFO"], {"action": "confirm"}, follow=True)
    assert response.status_code == 200
    assert not Unit.objects.filter(code="ok-box").exists()
    assert "ไม่ถูกต้อง" in response.context["failed_job"].error  # some rows are not right
    assert 'id="import-failed"' in response.content.decode()


def test_confirming_checks_the_rows_again(world: World) -> None:
    client = client_for(world, "superuser")
    data = csv_bytes([UNITS_HEADER, ["s1", "หนึ่ง", "", "", "tt-prov", ""]])
    preview_url = upload(client, "units", data)["Location"]
    Unit.objects.filter(code="tt-prov").update(code="renamed")
    response = client.post(preview_url, {"action": "confirm"}, follow=True)
    assert response.status_code == 200
    assert not response.context["preview"].is_valid
    assert response.context["failed_job"] is not None
    assert not Unit.objects.filter(code="s1").exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(world: World) -> None:
    client = client_for(world, "unit_admin")
    response = upload(client, "units", b"code\nst1\n")
    assert response.status_code == 200
    assert "name_th" in str(response.context["form"].errors["file"])
    response = upload(client, "units", b"%PDF-1.4\x00", name="units.pdf")
    assert response.context["form"].errors["file"]


def test_an_htmx_upload_is_sent_on_with_a_redirect_header(world: World) -> None:
    client = client_for(world, "unit_admin")
    data = csv_bytes([UNITS_HEADER, ["box", "ป้อม", "", "", "tt-st1", ""]])
    response = upload(client, "units", data, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/imports/units/")


def test_cancel_forgets_the_upload(world: World) -> None:
    client = client_for(world, "unit_admin")
    data = csv_bytes([UNITS_HEADER, ["box", "ป้อม", "", "", "tt-st1", ""]])
    preview_url = upload(client, "units", data)["Location"]
    response = client.post(preview_url, {"action": "cancel"})
    assert response.status_code == 302
    assert client.get(preview_url).status_code == 404


def test_an_upload_belongs_to_the_person_who_sent_it(world: World) -> None:
    data = csv_bytes([UNITS_HEADER, ["box", "ป้อม", "", "", "tt-st1", ""]])
    preview_url = upload(client_for(world, "unit_admin"), "units", data)["Location"]
    assert client_for(world, "parent_admin").get(preview_url).status_code == 404
    assert (
        client_for(world, "superuser").post(preview_url, {"action": "confirm"}).status_code == 404
    )
    assert (
        client_for(world, "unit_admin").get(preview_url.replace("/units/", "/lines/")).status_code
        == 404
    )
    assert (
        client_for(world, "unit_admin").get("/imports/units/..%2F..%2Fsecret_key/").status_code
        == 404
    )


def test_people_imported_from_a_unit_page_default_to_that_unit(world: World) -> None:
    client = client_for(world, "unit_admin")
    page = client.get(reverse("imports:people") + "?unit=tt-st1")
    assert page.status_code == 200 and page.context["unit"] == world.station
    data = xlsx_bytes(
        [
            ["username", "email", "first_name", "unit_code", "role", "line_code"],
            ["somchai", "somchai@example.go.th", "สมชาย", None, "officer", "patrol"],
        ]
    )
    response = upload(client, "people", data, name="people.xlsx", query="?unit=tt-st1")
    preview_url = response["Location"]
    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    somchai = User.objects.get(username="somchai")
    assert somchai.memberships.get().unit == world.station
    result = client.get(preview_url)
    assert result.context["back_url"] == reverse("units:detail", args=["tt-st1"])


def test_a_unit_admin_cannot_start_an_import_from_a_unit_they_do_not_manage(world: World) -> None:
    client = client_for(world, "unit_admin")
    assert client.get(reverse("imports:people") + "?unit=tt-st2").status_code == 404
    assert client.get(reverse("imports:lines") + "?unit=tt-prov").status_code == 404


def test_lines_import_end_to_end(world: World) -> None:
    client = client_for(world, "unit_admin")
    data = csv_bytes(
        [["unit_code", "code", "name_th"], ["tt-st1", "traffic", "จราจร"]], delimiter=";"
    )
    preview_url = upload(client, "lines", data)["Location"]
    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    assert Line.objects.filter(unit=world.station, code="traffic").exists()


def test_templates_download_as_csv_and_excel_and_read_back(world: World) -> None:
    client = client_for(world, "unit_admin")
    for kind, importer in IMPORTERS.items():
        for file_format in ("csv", "xlsx"):
            response = client.get(reverse("imports:template", args=[kind, file_format]))
            assert response.status_code == 200
            assert f"openita-{kind}.{file_format}" in response["Content-Disposition"]
            table = read_table(
                response.content,
                filename=f"template.{file_format}",
                required=importer.required_columns(),
                optional=importer.optional_columns(),
            )
            assert table.columns == tuple(column.name for column in importer.columns)
            assert len(table.rows) == 1
    assert client.get(reverse("imports:template", args=["units", "pdf"])).status_code == 404
    assert client.get(reverse("imports:template", args=["cars", "csv"])).status_code == 404


def test_pages_link_to_the_imports(world: World) -> None:
    admin = client_for(world, "parent_admin")
    assert reverse("imports:units").encode() in admin.get(reverse("units:list")).content
    detail = admin.get(reverse("units:detail", args=["tt-st1"])).content.decode()
    assert reverse("imports:people") + "?unit=tt-st1" in detail
    assert reverse("imports:lines") + "?unit=tt-st1" in detail
    assert reverse("imports:people").encode() in admin.get(reverse("accounts:people")).content
    officer_detail = client_for(world, "officer").get(reverse("units:detail", args=["tt-st1"]))
    assert reverse("imports:people").encode() not in officer_detail.content


def _preview_queries(client: Client, kind: str, rows: list[list[str]]) -> int:
    preview_url = upload(client, kind, csv_bytes(rows))["Location"]
    with CaptureQueriesContext(connection) as queries:
        page = client.get(preview_url)
    assert page.context["preview"].is_valid, page.context["preview"].errors()
    return len(queries)


def test_the_units_preview_makes_as_many_queries_for_300_rows_as_for_3(world: World) -> None:
    client = client_for(world, "parent_admin")

    def units(count: int) -> list[list[str]]:
        return [UNITS_HEADER] + [
            [f"n{i}", f"หน่วย {i}", "", "other", "tt-st1" if i % 2 else "tt-prov", ""]
            for i in range(count)
        ]

    few = _preview_queries(client, "units", units(3))
    assert few <= 13  # the unit menu and year selector of the navigation bar: one query each
    assert _preview_queries(client, "units", units(300)) == few


def test_the_people_preview_makes_as_many_queries_for_300_rows_as_for_3(world: World) -> None:
    client = client_for(world, "parent_admin")

    def people(count: int) -> list[list[str]]:
        return [["username", "email", "first_name", "unit_code", "role", "line_code"]] + [
            [f"p{i}", f"p{i}@example.org", "ชื่อ", "tt-st1", "officer", "patrol"]
            for i in range(count)
        ]

    few = _preview_queries(client, "people", people(3))
    assert few <= 15
    assert _preview_queries(client, "people", people(300)) == few


def test_old_staged_uploads_expire(world: World, settings, tmp_path) -> None:
    settings.OPENITA_IMPORT_STAGING_DIR = str(tmp_path)
    table = read_table(csv_bytes([["code", "name_th"], ["a", "ก"]]), required=["code", "name_th"])
    owner = world.user("unit_admin")
    staged = staging.stage(kind="units", owner_id=owner.pk, filename="a.csv", table=table)
    assert staging.load(staged.token, kind="units", owner_id=owner.pk) is not None
    import datetime
    import os

    from django.utils import timezone

    # The file's age is read from the file system, whose clock the test's frozen day does not move: the
    # file is dated now by the test's clock.
    now = timezone.now()
    (staged_file,) = tmp_path.glob("*.json")
    os.utime(staged_file, (now.timestamp(), now.timestamp()))
    hour = datetime.timedelta(hours=1)
    assert staging.remove_expired(now=now + staging.STAGED_LIFETIME - hour) == 0
    later = now + staging.STAGED_LIFETIME + hour
    assert staging.remove_expired(now=later) == 1
    assert staging.load(staged.token, kind="units", owner_id=owner.pk) is None


def test_a_superuser_imports_the_first_units_into_an_empty_installation(db: None) -> None:
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(superuser)
    assert reverse("imports:units").encode() in client.get(reverse("units:list")).content
    data = csv_bytes([UNITS_HEADER, ["top", "สำนักงานตำรวจแห่งชาติ", "", "", "", ""]])
    preview_url = upload(client, "units", data)["Location"]
    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    assert Unit.objects.get(code="top").parent is None


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
