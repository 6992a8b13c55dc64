"""Parts other than the measures: an ITA calendar, an OIT assignment table, a working-group order and an
acknowledgement list, alone or all in one pack; and a cell nobody can read is counted, never dropped."""

from datetime import date

from openita.frameworks.library import read_library, shipped_library_paths
from openita.plan_import.reading import read_document
from openita.plan_import.recognise import FrameworkFacts, recognise

PACK = """คำสั่งสถานีตำรวจภูธรทดสอบ ที่ ๑๒/๒๕๖๘
เรื่อง แต่งตั้งคณะทำงานขับเคลื่อนการประเมิน ITA
๑. พ.ต.อ.สมชาย ใจดี ผู้กำกับการ ประธานคณะทำงาน
๒. พ.ต.ท.สมหญิง รักงาน รองผู้กำกับการ รองประธานคณะทำงาน
๓. ร.ต.อ.กนกพร มั่นคงธรรม รองสารวัตร คณะทำงานและเลขานุการ
สั่ง ณ วันที่ ๑๐ ตุลาคม พ.ศ. ๒๕๖๗

ปฏิทินการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘
ระยะ\tกิจกรรม\tระยะเวลา\tผู้รับผิดชอบ
ระยะที่ ๑ การเตรียมการ\t\t\t
\tแต่งตั้งคณะทำงาน\t๑ - ๓๑ ต.ค. ๖๗\tงานอำนวยการ
\tประชุมชี้แจง\tพ.ย. ๖๗\tคณะทำงาน
ระยะที่ ๒ การประเมิน\t\t\t
\tเปิดแบบวัด IIT และ EIT\tมี.ค. ๖๘ – พ.ค. ๖๘\tคณะทำงาน

ข้อ\tรายการข้อมูล\tผู้รับผิดชอบ
O๑\tโครงสร้าง\tงานอำนวยการ
๐๒\tข้อมูลผู้บริหาร\tงานอำนวยการ
o25\tช่องทางแจ้งเรื่องร้องเรียน\tงานสอบสวน

ลำดับ\tชื่อ - สกุล\tตำแหน่ง\tลงชื่อรับทราบ
๑\tพ.ต.อ.สมชาย ใจดี\tผู้กำกับการ\t
๒\tด.ต.ธาร ทอง\tผบ.หมู่\t
"""


def facts() -> FrameworkFacts:
    path = next(path for path in shipped_library_paths() if path.stem == "ita-2568-police-v2")
    data = read_library(path).data
    assert data is not None
    return FrameworkFacts.from_library(data, 2568)


def test_a_full_pack_gives_every_part() -> None:
    result = recognise(read_document("pack.txt", PACK.encode()), facts())
    counts = result.counts()
    assert counts["working_group_members"] == 3
    assert counts["calendar_rows"] == 3
    assert counts["oit_assignments"] == 3
    assert counts["acknowledgements"] == 2
    assert counts["measures"] == 0
    assert result.order is not None
    assert result.order.number == "12/2568"
    assert result.order.signed_on == date(2024, 10, 10)
    assert [member.role for member in result.order.members] == [
        "ประธานคณะทำงาน",
        "รองประธานคณะทำงาน",
        "คณะทำงานและเลขานุการ",
    ]
    assert [row.code for row in result.oit_assignments] == ["O1", "O2", "O25"]
    assert result.calendar_rows[0].phase.startswith("ระยะที่ ๑")
    assert result.calendar_rows[0].end_date == date(2024, 10, 31)
    assert result.calendar_rows[2].start_date == date(2025, 3, 1)


def test_an_unknown_table_is_counted_not_dropped() -> None:
    text = "สี\tรส\nแดง\tหวาน\n"
    result = recognise(read_document("x.txt", text.encode()), facts())
    assert result.counts()["not_understood_cells"] == 4
    assert [cell.text for cell in result.unknown_cells] == ["สี", "รส", "แดง", "หวาน"]
    assert result.warnings
