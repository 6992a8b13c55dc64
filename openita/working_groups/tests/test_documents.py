"""The appointment order and the meeting minutes as documents: content, the three formats, the command,
the download and the menus."""

import io
from datetime import date, time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable
from openita.documents.quality import document_text
from openita.documents.render import render
from openita.frameworks.services import get_or_create_assessment
from openita.measures.tests.factories import tiny_framework
from openita.working_groups import services
from openita.working_groups.document_kinds import (
    build_committee_order,
    build_meeting_minutes,
    minutes_title,
)
from openita.working_groups.models import AppointmentOrder, Meeting
from openita_testing.document_checks import (
    assert_no_line_starts_inside_a_word,
    assert_page_looks_as_before,
    assert_pdf_shows_the_source_text,
    docx_text,
    xlsx_rows,
)

YEAR = 2568
GOLDEN = Path(__file__).parent / "golden"
MEMBERS = (
    "พ.ต.อ. | ประเสริฐ มั่นคงธรรม | ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง | ประธานคณะทำงาน\n"
    "พ.ต.ท. | อรุณ แสงทอง | สารวัตรจราจร | รองประธาน\n"
    "ด.ต. | สมศักดิ์ รักษ์ประชา | ผู้บังคับหมู่ | คณะทำงาน\n"
    "ร.ต.อ.หญิง | กนกพร ใสสะอาด | รองสารวัตรอำนวยการ | คณะทำงานและเลขานุการ\n"
)


@pytest.fixture
def order(world: World) -> AppointmentOrder:
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    return services.save_order(
        assessment,
        number="๑๒/๒๕๖๘",
        issued_on=date(2024, 10, 8),
        title="แต่งตั้งคณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        group_name="คณะทำงานขับเคลื่อนการประเมิน ITA",
        duties="๑. ศึกษากรอบการประเมินและวิเคราะห์ผลการประเมินปีที่ผ่านมา\n\n๒. มอบหมายและติดตามการเผยแพร่ข้อมูล",
        signed_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        members=services.parse_people(MEMBERS),
    )


@pytest.fixture
def meetings(order: AppointmentOrder, world: World) -> list[Meeting]:
    assessment = order.assessment
    attendees = services.members_as_attendees(order)
    first = services.save_meeting(
        assessment,
        order=order,
        number="๑/๒๕๖๘",
        held_on=date(2024, 10, 15),
        starts_at=time(13, 30),
        ends_at=time(15, 0),
        place="ห้องประชุมสถานีตำรวจภูธรทดสอบหนึ่ง",
        title="ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA",
        chaired_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        minutes_by="ร.ต.อ.หญิง กนกพร ใสสะอาด",
        attendees=[row for row in attendees if row.name != "สมศักดิ์ รักษ์ประชา"],
        absentees=services.parse_people("ด.ต. | สมศักดิ์ รักษ์ประชา | ผู้บังคับหมู่ | ไปราชการ"),
        agenda=[
            services.AgendaRow("เรื่องที่ประธานแจ้งให้ทราบ", "กรอบการประเมินและปฏิทินการประเมิน", "รับทราบ"),
            services.AgendaRow(
                "ผลการประเมินปีที่ผ่านมา",
                "ตัวชี้วัดที่ ๕ ได้คะแนนต่ำกว่า ๘๕",
                "ให้งานอำนวยการจัดทำมาตรการภายในเดือนพฤศจิกายน",
            ),
        ],
        chair_orders=["ให้ทุกสายงานส่งข่าวกิจกรรมภายใน ๗ วัน"],
    )
    services.save_assignment(
        assessment,
        meeting=first,
        subject="โครงสร้างและข้อมูลผู้บริหาร",
        item_codes=["O1", "O2"],
        lines=[world.station.lines.get(code="admin")],
        due_date=date(2025, 1, 31),
    )
    second = services.save_meeting(
        assessment,
        order=order,
        number="2/2568",
        held_on=date(2025, 1, 20),
        title="การประชุมคณะทำงาน",
        chaired_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        minutes_by="ร.ต.อ.หญิง กนกพร ใสสะอาด",
        checked_by="พ.ต.ท. อรุณ แสงทอง",
        attendees=attendees,
        agenda=[services.AgendaRow("ติดตามความก้าวหน้า", "", "เร่งรัดให้เสร็จ")],
    )
    return [first, second]


def request_for(world: World, **options: object) -> DocumentRequest:
    return DocumentRequest(unit=world.station, fiscal_year=YEAR, **options)  # type: ignore[arg-type]


# --- The order ------------------------------------------------------------------------------------


def test_the_order_names_the_unit_number_subject_members_duties_date_and_signer(world, order):
    shown = document_text(build_committee_order(request_for(world))).splitlines()
    assert shown[:3] == [
        "คำสั่งสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ที่ ๑๒/๒๕๖๘",
        "เรื่อง แต่งตั้งคณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘",
    ]
    preamble = next(line for line in shown if line.startswith("เพื่อให้การดำเนินการ"))
    assert "สถานีตำรวจภูธรทดสอบหนึ่ง ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘" in preamble
    assert preamble.endswith("จึงแต่งตั้งคณะทำงานขับเคลื่อนการประเมิน ITA ประกอบด้วย")
    members = shown[shown.index("หน้าที่ในคณะทำงาน") + 1 :]
    assert members[:4] == [
        "๑",
        "พ.ต.อ.ประเสริฐ มั่นคงธรรม",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประธานคณะทำงาน",
    ]
    assert members[4:8] == ["๒", "พ.ต.ท.อรุณ แสงทอง", "สารวัตรจราจร", "รองประธานคณะทำงาน"]
    assert members[12:16] == [
        "๔",
        "ร.ต.อ.หญิง กนกพร ใสสะอาด",
        "รองสารวัตรอำนวยการ",
        "คณะทำงานและเลขานุการ",
    ]
    duties = shown.index("ให้คณะทำงานมีหน้าที่ ดังนี้")
    assert shown[duties + 1 : duties + 3] == [
        "๑. ศึกษากรอบการประเมินและวิเคราะห์ผลการประเมินปีที่ผ่านมา",
        "๒. มอบหมายและติดตามการเผยแพร่ข้อมูล",
    ]
    assert "สั่ง ณ วันที่ ๘ ตุลาคม พ.ศ.\xa0๒๕๖๗" in shown
    # the name alone in brackets, the rank written out in full and the position below
    assert shown[-3:] == [
        "(ประเสริฐ มั่นคงธรรม)",
        "พันตำรวจเอก",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
    ]


def test_the_order_uses_the_units_digits_and_its_own_preamble(world, order):
    services.save_order(
        order.assessment,
        order=order,
        preamble="ตามหนังสือสำนักงาน ป.ป.ช. ที่ ปช ๐๐๑๗/๒๕๖๘ จึงแต่งตั้งคณะทำงาน ดังนี้",
        signed_by="",
        members=services.parse_people(MEMBERS),
    )
    world.station.document_digits = "arabic"
    shown = document_text(build_committee_order(request_for(world))).splitlines()
    assert shown[1] == "ที่ 12/2568"
    assert "ตามหนังสือสำนักงาน ป.ป.ช. ที่ ปช 0017/2568 จึงแต่งตั้งคณะทำงาน ดังนี้" in shown
    assert not any(line.startswith("เพื่อให้การดำเนินการ") for line in shown)
    # Nobody named as signer: the chair signs.
    assert shown[-3:] == [
        "(ประเสริฐ มั่นคงธรรม)",
        "พันตำรวจเอก",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
    ]


def test_the_latest_order_is_the_one_made(world, order):
    services.save_order(
        order.assessment,
        number="20/2568",
        issued_on=date(2025, 2, 1),
        title="แต่งตั้งคณะทำงาน (เพิ่มเติม)",
        members=services.parse_people("พ.ต.ต. | สมหญิง ใจดี | สารวัตรอำนวยการ | ประธาน"),
    )
    shown = document_text(build_committee_order(request_for(world)))
    assert "ที่ ๒๐/๒๕๖๘" in shown and "สมหญิง ใจดี" in shown and "ประเสริฐ" not in shown


def test_an_order_cannot_be_made_without_an_order_or_members(world):
    with pytest.raises(DocumentUnavailable, match="ยังไม่มีคำสั่งแต่งตั้งคณะทำงาน"):
        build_committee_order(request_for(world))
    tiny_framework(YEAR)
    services.save_order(
        get_or_create_assessment(world.station, YEAR),
        number="1/2568",
        issued_on=date(2024, 10, 1),
        title="แต่งตั้งคณะทำงาน",
    )
    with pytest.raises(DocumentUnavailable, match="ยังไม่มีรายชื่อคณะทำงาน"):
        build_committee_order(request_for(world))


def test_the_order_pdf_reads_back_breaks_between_words_and_looks_as_before(world, order):
    doc = build_committee_order(request_for(world))
    pdf = render(doc, "pdf")
    assert_pdf_shows_the_source_text(doc, pdf)
    assert_no_line_starts_inside_a_word(doc, pdf)
    assert_page_looks_as_before(pdf, 0, GOLDEN / "committee-order-page-1.png")


def test_the_order_opens_in_word_and_excel_with_its_members(world, order):
    doc = build_committee_order(request_for(world))
    word = docx_text(render(doc, "docx"))
    assert "คำสั่งสถานีตำรวจภูธรทดสอบหนึ่ง" in word
    assert "พ.ต.อ.ประเสริฐ มั่นคงธรรม" in word and "คณะทำงานและเลขานุการ" in word
    assert "สั่ง ณ วันที่ ๘ ตุลาคม พ.ศ.\xa0๒๕๖๗" in word
    sheets = xlsx_rows(render(doc, "xlsx"))
    assert sheets["คณะทำงาน"][0] == ("ที่", "ยศ ชื่อ สกุล", "ตำแหน่ง", "หน้าที่ในคณะทำงาน")
    assert sheets["คณะทำงาน"][1][1:] == (
        "พ.ต.อ.ประเสริฐ มั่นคงธรรม",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประธานคณะทำงาน",
    )
    assert len(sheets["คณะทำงาน"]) == 5


def test_the_orders_workbook_opens_on_a_sheet_laid_out_as_the_printed_order(world, order):
    """Title, number and subject centred, the text, the members' table with its header, the date
    and the signature, in reading order, before the members' data sheet."""
    sheets = xlsx_rows(render(build_committee_order(request_for(world)), "xlsx"))
    assert list(sheets) == ["ฉบับพิมพ์", "คณะทำงาน"]
    rows = [tuple(value for value in row if value is not None) for row in sheets["ฉบับพิมพ์"]]
    shown = [row for row in rows if row]
    assert [row[0] for row in shown[:3]] == [
        "คำสั่งสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ที่ ๑๒/๒๕๖๘",
        "เรื่อง แต่งตั้งคณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘",
    ]
    header = shown.index(("ที่", "ยศ ชื่อ สกุล", "ตำแหน่ง", "หน้าที่ในคณะทำงาน"))
    assert str(shown[header - 1][0]).startswith("เพื่อให้การดำเนินการ")
    assert shown[header + 1] == (
        "๑",
        "พ.ต.อ.ประเสริฐ มั่นคงธรรม",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประธานคณะทำงาน",
    )
    assert ("ให้คณะทำงานมีหน้าที่ ดังนี้",) in shown
    assert [row[0] for row in shown[-4:]] == [
        "." * 30,
        "(ประเสริฐ มั่นคงธรรม)",
        "พันตำรวจเอก",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
    ]
    assert ("สั่ง ณ วันที่ ๘ ตุลาคม พ.ศ.\xa0๒๕๖๗",) in shown[-6:]


def test_the_order_has_the_emblem_at_the_top_centre_3_cm_high_or_nothing(world, order):
    import pypdfium2

    from openita.documents.spec import Image
    from openita.units import services as unit_services
    from openita.units.tests.test_letterhead import picture, upload

    without = build_committee_order(request_for(world))
    assert not any(isinstance(block, Image) for block in without.blocks)

    unit_services.set_letterhead(world.station, upload("garuda.png", picture(size=(200, 220))))
    doc = build_committee_order(request_for(world))
    emblem = doc.blocks[0]
    assert isinstance(emblem, Image) and emblem.data == picture(size=(200, 220))
    assert emblem.width * doc.page.text_width_mm * 220 / 200 == pytest.approx(30, abs=0.05)

    pdf = pypdfium2.PdfDocument(render(doc, "pdf"))
    page = pdf[0]
    _, height = page.get_size()
    images = [obj for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1
    left, bottom, right, top = images[0].get_bounds()
    mm = 72 / 25.4
    assert (top - bottom) / mm == pytest.approx(30, abs=0.5)
    centre = doc.page.margins.left + doc.page.text_width_mm / 2
    assert (left + right) / 2 == pytest.approx(centre * mm, abs=1 * mm)  # centred on the text
    assert (height - top) / mm == pytest.approx(15, abs=0.3)  # 1.5 cm from the top edge
    text = page.get_textpage().get_text_range()
    assert "คำสั่ง" in text  # the order follows under the emblem
    title_top = max(
        box[3]
        for textpage in (page.get_textpage(),)
        for box in (textpage.get_charbox(i) for i in range(textpage.count_chars()))
    )
    assert title_top < bottom  # under the emblem, not over it

    import docx
    from docx.shared import Mm

    word = docx.Document(io.BytesIO(render(doc, "docx")))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert abs((section.header_distance or 0) - Mm(15)) < Mm(0.1)
    extents = section.first_page_header._element.xpath(".//wp:inline/wp:extent")
    assert len(extents) == 1 and abs(int(extents[0].get("cy")) - Mm(30)) < Mm(0.1)
    assert "หน้า" in section.first_page_footer.paragraphs[0].text  # page number on page 1 too
    assert b"xl/media/image1.png" in render(doc, "xlsx")  # on the sheet laid out as printed


# --- The minutes ----------------------------------------------------------------------------------


def test_minutes_titles_follow_the_meetings_title():
    assert minutes_title(Meeting(title="ประชุมคณะทำงาน ITA")) == "รายงานการประชุมคณะทำงาน ITA"
    assert minutes_title(Meeting(title="การประชุมคณะทำงาน")) == "รายงานการประชุมคณะทำงาน"
    assert minutes_title(Meeting(title="รายงานการประชุม ก")) == "รายงานการประชุม ก"
    assert minutes_title(Meeting(title="คณะทำงาน ITA")) == "รายงานการประชุม คณะทำงาน ITA"
    assert Meeting(number="๓/๒๕๖๘").sequence == 3
    assert Meeting(number="พิเศษ").sequence is None


def test_the_minutes_have_attendance_agenda_resolutions_orders_assignments_times_and_signers(
    world, meetings
):
    shown = document_text(build_meeting_minutes(request_for(world, meeting=1))).splitlines()
    assert shown[:4] == [
        "รายงานการประชุมคณะทำงานขับเคลื่อนการประเมิน ITA",
        "ครั้งที่ ๑/๒๕๖๘",
        "เมื่อวันที่ ๑๕ ตุลาคม พ.ศ.\xa0๒๕๖๗",
        "ณ ห้องประชุมสถานีตำรวจภูธรทดสอบหนึ่ง",
    ]
    present = shown[shown.index("ผู้มาประชุม") : shown.index("ผู้ไม่มาประชุม")]
    assert "พ.ต.อ.ประเสริฐ มั่นคงธรรม" in present and "สมศักดิ์ รักษ์ประชา" not in "".join(present)
    absent = shown[shown.index("ผู้ไม่มาประชุม") : shown.index("เริ่มประชุมเวลา ๑๓.๓๐ น.")]
    assert absent[-4:] == ["๑", "ด.ต.สมศักดิ์ รักษ์ประชา", "ผู้บังคับหมู่", "ไปราชการ"]
    assert shown[shown.index("เริ่มประชุมเวลา ๑๓.๓๐ น.") + 1].startswith(
        "เมื่อที่ประชุมพร้อมแล้ว พ.ต.อ.ประเสริฐ มั่นคงธรรม ประธานในที่ประชุม"
    )
    agenda = shown.index("ระเบียบวาระที่ ๒ ผลการประเมินปีที่ผ่านมา")
    assert shown[agenda + 1 : agenda + 3] == [
        "ตัวชี้วัดที่ ๕ ได้คะแนนต่ำกว่า ๘๕",
        "มติที่ประชุม ให้งานอำนวยการจัดทำมาตรการภายในเดือนพฤศจิกายน",
    ]
    assert "๑. ให้ทุกสายงานส่งข่าวกิจกรรมภายใน ๗ วัน" in shown
    assignments = shown[shown.index("การมอบหมายงาน") :]
    assert assignments[7:11] == ["โครงสร้างและข้อมูลผู้บริหาร", "O๑, O๒", "งานอำนวยการ", "๓๑ ม.ค. ๒๕๖๘"]
    assert "เลิกประชุมเวลา ๑๕.๐๐ น." in shown
    assert shown[-10:] == [
        "ลงชื่อ",
        "(กนกพร ใสสะอาด)",
        "ร้อยตำรวจเอกหญิง",
        "รองสารวัตรอำนวยการ",
        "ผู้จดรายงานการประชุม",
        "ลงชื่อ",
        "(ประเสริฐ มั่นคงธรรม)",
        "พันตำรวจเอก",
        "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        "ผู้ตรวจรายงานการประชุม",
    ]


def test_without_a_number_the_minutes_are_of_the_latest_meeting(world, meetings):
    shown = document_text(build_meeting_minutes(request_for(world))).splitlines()
    assert shown[:2] == ["รายงานการประชุมคณะทำงาน", "ครั้งที่ ๒/๒๕๖๘"]
    assert "ผู้ไม่มาประชุม" not in shown
    assert "เริ่มประชุมเวลา ........ น." in shown  # to be filled in by hand
    assert shown[-5:] == [
        "ลงชื่อ",
        "(อรุณ แสงทอง)",
        "พันตำรวจโท",
        "สารวัตรจราจร",
        "ผู้ตรวจรายงานการประชุม",
    ]


def test_minutes_cannot_be_made_of_a_meeting_not_recorded(world, meetings):
    with pytest.raises(DocumentUnavailable, match=r"ครั้งที่ 3 .*ครั้งที่ 1/2568, 2/2568"):
        build_meeting_minutes(request_for(world, meeting=3))
    Meeting.objects.all().delete()
    with pytest.raises(DocumentUnavailable, match="ยังไม่มีการประชุมคณะทำงาน"):
        build_meeting_minutes(request_for(world))


def test_the_minutes_pdf_reads_back_breaks_between_words_and_looks_as_before(world, meetings):
    doc = build_meeting_minutes(request_for(world, meeting=1))
    pdf = render(doc, "pdf")
    assert_pdf_shows_the_source_text(doc, pdf)
    assert_no_line_starts_inside_a_word(doc, pdf)
    assert_page_looks_as_before(pdf, 0, GOLDEN / "meeting-minutes-page-1.png")


def test_the_minutes_open_in_word_and_excel(world, meetings):
    doc = build_meeting_minutes(request_for(world, meeting=1))
    word = docx_text(render(doc, "docx"))
    assert "ระเบียบวาระที่ ๒ ผลการประเมินปีที่ผ่านมา" in word
    assert "ผู้จดรายงานการประชุม" in word and "ด.ต.สมศักดิ์ รักษ์ประชา" in word
    sheets = xlsx_rows(render(doc, "xlsx"))
    # first the minutes as printed, then each table's sheet
    assert list(sheets) == ["ฉบับพิมพ์", "ผู้มาประชุม", "ผู้ไม่มาประชุม", "การมอบหมายงาน"]
    assert sheets["ผู้ไม่มาประชุม"][1][1:] == ("ด.ต.สมศักดิ์ รักษ์ประชา", "ผู้บังคับหมู่", "ไปราชการ")
    rows = (tuple(v for v in row if v is not None) for row in sheets["ฉบับพิมพ์"])
    shown = [row for row in rows if row]
    texts = [row[0] for row in shown]
    assert texts[:2] == ["รายงานการประชุมคณะทำงานขับเคลื่อนการประเมิน ITA", "ครั้งที่ ๑/๒๕๖๘"]
    assert "มติที่ประชุม รับทราบ" in texts and "ผู้ไม่มาประชุม" in texts
    absent = texts.index("ผู้ไม่มาประชุม")
    assert shown[absent + 2][1:] == ("ด.ต.สมศักดิ์ รักษ์ประชา", "ผู้บังคับหมู่", "ไปราชการ")
    assert shown[-5:] == [  # the two signers side by side
        ("ลงชื่อ " + "." * 30,) * 2,
        ("(กนกพร ใสสะอาด)", "(ประเสริฐ มั่นคงธรรม)"),
        ("ร้อยตำรวจเอกหญิง", "พันตำรวจเอก"),
        ("รองสารวัตรอำนวยการ", "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง"),
        ("ผู้จดรายงานการประชุม", "ผู้ตรวจรายงานการประชุม"),
    ]


# --- Command, download and menus ------------------------------------------------------------------


def test_the_command_writes_the_minutes_of_a_meeting(world, meetings, tmp_path):
    output = tmp_path / "minutes.docx"
    call_command(
        "document", "meeting-minutes", "--unit", world.station.code, "--year", str(YEAR),
        "--meeting", "2", "--format", "docx", "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert "ครั้งที่ ๒/๒๕๖๘" in docx_text(output.read_bytes())
    with pytest.raises(CommandError, match="ไม่พบการประชุมครั้งที่ 9"):
        call_command(
            "document", "meeting-minutes", "--unit", world.station.code, "--year", str(YEAR),
            "--meeting", "9", "-o", str(output),
        )  # fmt: skip


def _download(world: World, kind: str, file_format: str) -> str:
    return reverse(
        "documents:download",
        kwargs={
            "unit_code": world.station.code,
            "fiscal_year": YEAR,
            "kind_code": kind,
            "file_format": file_format,
        },
    )


def test_the_pages_offer_the_documents_and_the_download_gives_them(world, meetings):
    client = client_for(world, "committee")
    overview = client.get(reverse("working_groups:overview", args=[world.station.code, YEAR]))
    page = overview.content.decode()
    assert _download(world, "committee-order", "pdf") in page
    assert _download(world, "meeting-minutes", "docx") in page
    meeting = client.get(
        reverse("working_groups:meeting_detail", args=[world.station.code, YEAR, meetings[0].pk])
    ).content.decode()
    assert _download(world, "meeting-minutes", "pdf") + "?meeting=1" in meeting
    order_page = client.get(
        reverse(
            "working_groups:order_detail", args=[world.station.code, YEAR, meetings[0].order_id]
        )
    ).content.decode()
    assert _download(world, "committee-order", "xlsx") in order_page
    response = client.get(_download(world, "committee-order", "xlsx"))
    assert response.status_code == 200
    assert f"committee-order-{world.station.code}-{YEAR}.xlsx" in response["Content-Disposition"]
    response = client.get(_download(world, "meeting-minutes", "docx") + "?meeting=7")
    assert response.status_code == 409
    assert "ไม่พบการประชุมครั้งที่ 7" in response.content.decode()


def test_an_older_order_does_not_offer_the_latest_orders_document(world, order):
    older = services.save_order(
        order.assessment, number="3/2567", issued_on=date(2024, 1, 5), title="คำสั่งเดิม"
    )
    page = (
        client_for(world, "committee")
        .get(reverse("working_groups:order_detail", args=[world.station.code, YEAR, older.pk]))
        .content.decode()
    )
    assert _download(world, "committee-order", "pdf") not in page
