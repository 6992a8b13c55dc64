"""The OIT assignment table and the OIT calendar as documents."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.accounts.models import User
from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable
from openita.documents.quality import document_text
from openita.documents.render import render
from openita.documents.spec import Row, Table
from openita.oit import services
from openita.oit.document_kinds import build_oit_assignments, build_oit_calendar
from openita.oit.models import Disclosure
from openita.oit.tests.factories import Workspace, make_workspace
from openita.working_groups import services as group_services
from openita_testing.document_checks import (
    assert_no_line_starts_inside_a_word,
    assert_page_looks_as_before,
    assert_pdf_shows_the_source_text,
    cell_text,
    docx_text,
    xlsx_rows,
)

YEAR = 2568
GOLDEN = Path(__file__).parent / "golden"
MARK = "√"


def _named(user: User, rank: str, first: str, last: str) -> User:
    user.rank, user.first_name, user.last_name = rank, first, last
    user.save()
    return user


@pytest.fixture
def space(world: World) -> Workspace:
    """O1-O5 (9.1: O1 O2, 9.2: O3, 10.1: O4 O5): O1-O3 assigned in the workspace, O4 due outside the
    year, O5 assigned only by the working group."""
    space = make_workspace(world.station, YEAR)
    officer = _named(world.user("officer"), "ด.ต.", "สมศักดิ์", "รักษ์ประชา")
    admin = _named(world.user("unit_admin"), "ร.ต.อ.หญิง", "กนกพร", "ใสสะอาด")
    for code, due in (("O1", date(2024, 12, 31)), ("O2", date(2025, 1, 15)), ("O3", None)):
        services.assign(
            space.item(code), admin, responsible=[officer, admin], reviewer=admin, due_date=due
        )
    services.assign(
        space.item("O4"), admin, responsible=[officer], reviewer=None, due_date=date(2025, 11, 1)
    )
    group_services.save_assignment(
        space.assessment,
        subject="ข่าวประชาสัมพันธ์",
        item_codes=["o5"],
        lines=[world.station.lines.get(code="admin")],
        assignee_text="ผู้ช่วยประชาสัมพันธ์",
        due_date=date(2025, 3, 31),
    )
    return space


def request_for(world: World) -> DocumentRequest:
    return DocumentRequest(unit=world.station, fiscal_year=YEAR)


def test_the_assignment_table_has_each_item_with_elements_people_reviewer_and_due_date(
    world, space
):
    shown = document_text(build_oit_assignments(request_for(world))).splitlines()
    assert shown[:3] == [
        "ตารางมอบหมายความรับผิดชอบการเปิดเผยข้อมูลสาธารณะ "
        "(Open Data Integrity and Transparency Assessment: OIT)",
        "สถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘",
    ]
    first_group = shown.index("ตัวชี้วัดย่อยที่ ๙.๑ ตัวชี้วัดย่อย ๙.๑ (ตัวชี้วัดที่ ๙ ตัวชี้วัด ๙)")
    assert shown[first_group + 1 : first_group + 8] == [
        "O๑",  # codes in the document's digits
        "ข้อ O๑",  # the framework's title, digits as the unit writes them
        "๑. องค์ประกอบ ๑ ของ O๑",
        "๒. องค์ประกอบ ๒ ของ O๑",
        "ด.ต.สมศักดิ์ รักษ์ประชา",
        "ร.ต.อ.หญิง กนกพร ใสสะอาด",
        "ร.ต.อ.หญิง กนกพร ใสสะอาด",
    ]
    assert shown[first_group + 8] == "๓๑ ธ.ค. ๒๕๖๗"
    o5 = shown.index("O๕")
    # Nobody named in the workspace: the working group's assignment.
    assert shown[o5 + 2 : o5 + 5] == ["งานอำนวยการ", "ผู้ช่วยประชาสัมพันธ์", "๓๑ มี.ค. ๒๕๖๘"]
    assert shown[-1] == "รวม ๕ ข้อ มอบหมายผู้รับผิดชอบแล้ว ๕ ข้อ กำหนดวันแล้วเสร็จแล้ว ๔ ข้อ"
    groups = [line for line in shown if line.startswith("ตัวชี้วัดย่อยที่")]
    assert len(groups) == 3


def test_the_calendar_is_a_checklist_of_items_and_elements_against_the_months(world, space):
    doc = build_oit_calendar(request_for(world))
    table = next(block for block in doc.blocks if isinstance(block, Table))
    months = [column.title for column in table.columns[3:]]
    assert months[:4] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค."] and len(months) == 12
    marks = [
        (
            cell_text(row.cells[0]),
            cell_text(row.cells[1]),
            [months[index] for index, cell in enumerate(row.cells[3:]) if cell_text(cell) == MARK],
        )
        for row in table.rows
        if isinstance(row, Row)
    ]
    # an item with elements: the item's row, then a ticked row for each element
    assert marks[:3] == [
        ("O1", "ข้อ O1", []),
        ("", "1. องค์ประกอบ 1 ของ O1", ["ธ.ค."]),
        ("", "2. องค์ประกอบ 2 ของ O1", ["ธ.ค."]),
    ]
    item_of, ticks = "", dict[str, list[list[str]]]()
    for code, _, months_marked in marks:
        item_of = code or item_of
        ticks.setdefault(item_of, []).append(months_marked)
    assert ticks["O2"] == [[], ["ม.ค."], ["ม.ค."], ["ม.ค."]]
    assert ticks["O3"] == [[]] * 5 and ticks["O4"] == [[]] * 3  # no due month in the year
    assert ticks["O5"] == [["มี.ค."]]  # no elements: the item's own row is ticked
    shown = document_text(doc).splitlines()
    assert shown[-1] == "ข้อที่ยังไม่ได้กำหนดเดือนแล้วเสร็จในปีงบประมาณนี้: O๓, O๔"
    assert f"{MARK} หมายถึง" in shown[-2]


def test_without_a_workspace_or_due_dates_there_is_nothing_to_print(world):
    with pytest.raises(DocumentUnavailable, match="ยังไม่ได้เปิดข้อ OIT"):
        build_oit_assignments(request_for(world))
    make_workspace(world.station, YEAR)
    assert "ยังไม่ได้เปิด" not in document_text(build_oit_assignments(request_for(world)))
    with pytest.raises(DocumentUnavailable, match="ยังไม่ได้กำหนดวันแล้วเสร็จ"):
        build_oit_calendar(request_for(world))


@pytest.mark.parametrize(
    ("build", "golden"),
    [(build_oit_assignments, "oit-assignments"), (build_oit_calendar, "oit-calendar")],
)
def test_the_pdfs_read_back_break_between_words_and_look_as_before(world, space, build, golden):
    doc = build(request_for(world))
    pdf = render(doc, "pdf")
    assert_pdf_shows_the_source_text(doc, pdf)
    assert_no_line_starts_inside_a_word(doc, pdf)
    assert_page_looks_as_before(pdf, 0, GOLDEN / f"{golden}-page-1.png")


def test_they_open_in_word_and_excel_one_row_per_item(world, space):
    assignments = build_oit_assignments(request_for(world))
    assert "๑. องค์ประกอบ ๑ ของ O๑" in docx_text(render(assignments, "docx"))
    rows = xlsx_rows(render(assignments, "xlsx"))["มอบหมาย OIT"]
    assert rows[0] == (
        "ตัวชี้วัดย่อย",
        "ข้อ",
        "ข้อมูลที่ต้องเผยแพร่",
        "องค์ประกอบของข้อมูล",
        "ผู้รับผิดชอบ",
        "ผู้ตรวจสอบ",
        "กำหนดแล้วเสร็จ",
    )
    assert [row[1] for row in rows[1:]] == ["O๑", "O๒", "O๓", "O๔", "O๕"]
    assert rows[1][4] == "ด.ต.สมศักดิ์ รักษ์ประชา\nร.ต.อ.หญิง กนกพร ใสสะอาด"
    assert rows[1][6] == datetime(2024, 12, 31)
    calendar = xlsx_rows(render(build_oit_calendar(request_for(world)), "xlsx"))["ปฏิทิน OIT"]
    assert calendar[0][4:6] == ("พ.ศ. ๒๕๖๗: ต.ค.", "พ.ศ. ๒๕๖๗: พ.ย.")  # in the document's digits
    assert calendar[1][1] == "O๑" and calendar[2][6] == MARK  # O1's first element, in ธ.ค.


def test_the_command_the_download_and_the_boards_menus(world, space, tmp_path):
    output = tmp_path / "calendar.pdf"
    call_command(
        "document", "oit-calendar", "--unit", world.station.code, "--year", str(YEAR),
        "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="ยังไม่ได้เปิดข้อ OIT"):
        call_command(
            "document", "oit-assignments", "--unit", world.other_station.code, "--year", "2568"
        )  # fmt: skip
    client = client_for(world, "officer")
    board = client.get(reverse("oit:board", args=[world.station.code, YEAR])).content.decode()
    for kind in ("oit-assignments", "oit-calendar"):
        url = reverse(
            "documents:download",
            kwargs={
                "unit_code": world.station.code,
                "fiscal_year": YEAR,
                "kind_code": kind,
                "file_format": "xlsx",
            },
        )
        assert url in board
        assert client.get(url).status_code == 200
    Disclosure.objects.update(due_date=None)
    board = client.get(reverse("oit:board", args=[world.station.code, YEAR])).content.decode()
    assert "oit-calendar" not in board and "oit-assignments" in board
