"""The FY2570 path: clone FY2569, import the new item list from a spreadsheet, see what changed,
publish; and `framework compare` between two years."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from openita.conftest import World, client_for
from openita.frameworks import services
from openita.frameworks.export import version_library
from openita.frameworks.item_import import COLUMNS, ItemImportError, item_workbook, read_item_rows
from openita.frameworks.library import shipped_library_paths
from openita.frameworks.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("framework", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def draft_2570() -> FrameworkVersion:
    for path in shipped_library_paths():
        services.load_library_file(path)
    source = FrameworkVersion.objects.get(urn="ita-2569-police")
    return services.clone_version(
        source,
        urn="ita-2570-police",
        fiscal_year=2570,
        name_th="กรอบ 2570",
        name_en="Framework 2570",
        unit_types=["police_station", "immigration"],
    )


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def edited_rows(version: FrameworkVersion) -> list[list[str]]:
    """The draft's items as downloaded, edited as the FY2570 manual might say: O3 dropped, the
    complaint item renumbered O17 and given a new element, and a new item O25."""
    sheet = load_workbook(io.BytesIO(item_workbook(version_library(version)))).active
    assert sheet is not None
    rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    header, body = rows[0], rows[1:]
    assert tuple(header) == COLUMNS
    body = [row for row in body if row[0] not in ("O3", "O17")]
    complaints = next(row for row in body if row[0] == "O16")
    complaints[0] = "O17"
    complaints[3] += "\nผลการดำเนินการเรื่องร้องเรียนที่แล้วเสร็จ"
    for row in body:
        row[11], row[12] = "", "official"  # source, confidence: from the manual
    new = ["O25", "การเปิดเผยข้อมูลการใช้รถราชการ", "", "บันทึกการใช้รถรายเดือน", "", "9", "9.3"]
    body.append(new + [""] * (len(COLUMNS) - len(new)))
    return [header, *body]


def test_import_items_replaces_the_draft_items_and_prints_what_changed(
    draft_2570: FrameworkVersion, tmp_path
) -> None:
    path = tmp_path / "oit-2570.csv"
    path.write_bytes(csv_bytes(edited_rows(draft_2570)))
    out = run("import-items", draft_2570.label, str(path))
    assert f"{draft_2570.label}: 23 OIT items imported" in out
    assert "O16 → O17" in out and "renumbered" in out and "[elements +1 -0 ~0]" in out
    assert "- O3" in out and "+ O25" in out
    items = {item.code: item for item in draft_2570.oit_items.all()}
    assert set(items) == {f"O{n}" for n in range(1, 26)} - {"O3", "O16"}
    assert items["O17"].purposes == ["complaint-channel", "complaint-statistics"]
    assert items["O25"].title_en == items["O25"].title_th  # no English given: the Thai stands in
    sub_indicator = items["O25"].sub_indicator
    assert sub_indicator is not None
    assert (items["O25"].indicator.number, sub_indicator.code) == (9, "9.3")
    assert items["O1"].confidence == "official"
    assert services.matching_item(draft_2570, "complaint-channel").code == "O17"  # type: ignore[union-attr]
    services.publish_version(draft_2570)
    compared = json.loads(run("compare", "ita-2569-police", "ita-2570-police", "--json"))
    assert compared["summary"]["renumbered"] == 1 and compared["summary"]["added"] == 1
    moved = next(item for item in compared["items"] if item["new_code"] == "O17")
    assert (moved["old_code"], moved["matched_by"]) == ("O16", "purpose")


def test_a_wrong_row_saves_nothing(draft_2570: FrameworkVersion, tmp_path) -> None:
    rows = edited_rows(draft_2570)
    rows.append(["O40", "ข้อใหม่ที่ไม่รู้ตัวชี้วัด"] + [""] * (len(COLUMNS) - 2))
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    before = list(draft_2570.oit_items.values_list("code", flat=True))
    with pytest.raises(CommandError, match=r"row 25 \(O40\)\.indicator"):
        run("import-items", draft_2570.label, str(path))
    assert list(draft_2570.oit_items.values_list("code", flat=True)) == before


def test_a_published_version_is_not_imported_into(tmp_path) -> None:
    for path in shipped_library_paths():
        services.load_library_file(path)
    path = tmp_path / "oit.csv"
    path.write_bytes(csv_bytes([["code", "title_th"], ["O1", "โครงสร้าง"]]))
    with translation.override("en"), pytest.raises(CommandError, match="make a new version"):
        run("import-items", "ita-2569-police", str(path))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("oit.txt", b"code,title_th\n", "give an .xlsx or a .csv file"),
        ("oit.csv", b"title_th\nx\n", "'code' is missing"),
        ("oit.csv", b"code,title_th,colour\nO1,x,red\n", "unknown columns: colour"),
        ("oit.csv", b"code,title_th\nQ1,x\n", "row 2: the code must look like O1"),
        ("oit.csv", b"code,title_th\nO1,x\nO1,y\n", "row 3: O1 is given twice"),
        ("oit.xlsx", b"not a workbook", "not a readable .xlsx workbook"),
    ],
)
def test_unreadable_spreadsheets_say_why(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ItemImportError, match=message):
        read_item_rows(name, content)


def test_the_import_screen_shows_the_differences(
    world: World, draft_2570: FrameworkVersion
) -> None:
    client = client_for(world, "superuser")
    url = reverse("frameworks:import_items", args=[draft_2570.label])
    assert "oit-items.xlsx" in client.get(url).content.decode()
    upload = SimpleUploadedFile("oit-2570.csv", csv_bytes(edited_rows(draft_2570)))
    page = client.post(url, {"file": upload}).content.decode()
    assert 'id="item-changes"' in page
    assert "O16 → O17" in page and "การเปิดเผยข้อมูลการใช้รถราชการ" in page
    assert draft_2570.oit_items.filter(code="O25").exists()
    detail = client.get(reverse("frameworks:detail", args=[draft_2570.label])).content.decode()
    assert reverse("frameworks:import_items", args=[draft_2570.label]) in detail
    compared = client.get(
        reverse("frameworks:compare"), {"old": "ita-2569-police@1", "new": draft_2570.label}
    ).content.decode()
    assert 'id="item-changes"' in compared and "O16 → O17" in compared


def test_the_spreadsheet_download_has_every_item(world: World) -> None:
    for path in shipped_library_paths():
        services.load_library_file(path)
    response = client_for(world, "officer").get(
        reverse("frameworks:items_spreadsheet", args=["ita-2569-general@1"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == 24  # header and 23 items (O1-O4, O8-O26)
    assert response["Content-Disposition"].endswith('ita-2569-general-v1-oit.xlsx"')


def test_compare_prints_each_changed_item(world: World) -> None:
    for path in shipped_library_paths():
        services.load_library_file(path)
    out = run("compare", "ita-2566-general", "ita-2567-police")
    assert out.startswith("ita-2566-general@1 → ita-2567-police@1: OIT items added ")
    assert "~ O28 → O16" in out and "[matched by purpose]" in out
    assert "- O10" in out and "+ O12" in out
    assert "O1 " not in run("compare", "ita-2568-police@1", "ita-2568-police@2")
    with pytest.raises(CommandError, match="no framework version 'ita-2599-police'"):
        run("compare", "ita-2599-police", "ita-2569-police")
    shown = run("show", "ita-2568-police@1")
    assert "O16 Corruption complaint channel and complaint statistics [inferred] " in shown
    assert "(complaint-channel, complaint-statistics)" in shown
    assert "O25 Item O25 (title not known; edit it from the FY2568 manual) [unconfirmed]" in shown
