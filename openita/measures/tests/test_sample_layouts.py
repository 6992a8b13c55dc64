"""Each sample document's first rows, entered through the services and shown in its column layout without
losing a field: the police-station plan (analysis table and measures table), the Tak province plan and the
SAO six-month progress report (../shared/samples/)."""

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from openita.accounts import services as account_services
from openita.conftest import World
from openita.measures import services
from openita.measures.layouts import (
    LIVE_ONLY_COLUMNS,
    TableContext,
    build_analysis_table,
    build_plan_table,
    column_catalog,
    live_table,
    preset_layout,
    presets,
)
from openita.measures.models import MeasuresPlan
from openita.measures.versioning import plan_snapshot
from openita.units import services as unit_services
from openita.units.models import Unit

from .factories import shipped_framework


def cells_of(table: Any) -> list[dict[str, str]]:
    """Every row as {column header: the cell's lines joined by newlines}."""
    headers = [column.header_th for column in table.columns]
    return [
        dict(zip(headers, ("\n".join(cell) for cell in row.cells), strict=True))
        for section in table.sections
        for row in section.rows
    ]


def headings_of(table: Any) -> list[str]:
    return [section.heading for section in table.sections]


# --- police station, FY2566 ---------------------------------------------------------------------

POLICE_ANALYSIS = {
    1: [
        "มาตรฐานมีความโปร่งใส ปฏิบัติงานหรือดำเนินการ ตามขั้นตอน และระยะเวลาที่กำหนดไว้อย่างเคร่งครัด",
        "การปฏิบัติงานอย่างมุ่งมั่น เต็มความสามารถ และมีความรับผิดชอบต่องานในหน้าที่ที่รับผิดชอบ",
        "พฤติกรรมการเรียกรับเงิน ทรัพย์สิน หรือประโยชน์อื่น ๆ ของบุคลากรอื่นในหน่วยงาน",
    ],
    2: [
        "การจัดทำแผนการใช้จ่ายงบประมาณประจำปีและเผยแพร่อย่างโปร่งใส",
        "การเปิดโอกาสให้บุคลากรภายในมีส่วนร่วมในการตรวจสอบการใช้จ่ายงบประมาณของหน่วยงานตนเองได้",
    ],
}
POLICE_ROWS: list[dict[str, Any]] = [
    {
        "indicator": 1,
        "steps": "๑.การจัดทำแผนปฏิบัติราชการสถานีตำรวจภูธรภูแก้ว เพื่อให้เจ้าหน้าที่ตำรวจในสังกัดได้ทราบทิศทาง",
        "responsible_text": "๑.สารวัตรอำนวยการ\n๒.เจ้าหน้าที่นโยบายและแผน",
        "follow_up_note": "รายงานความคืบหน้าทุก ๓ เดือน",
        "follow_up_frequency": "quarterly",
    },
    {
        "indicator": 1,
        "steps": "๒.การจัดทำรายงานแผนการดำเนินงานประจำปี ๒๕๖๖ วิเคราะห์และนำผลการดำเนินการ",
        "responsible_text": "๑.สารวัตรอำนวยการ\n๒.เจ้าหน้าที่นโยบายและแผน",
        "follow_up_note": "รายงานความคืบหน้าทุก ๓ เดือน",
        "follow_up_frequency": "quarterly",
    },
    {
        "indicator": 1,
        "steps": "๓.รวบรวมระเบียบคำสั่งข้อกฎหมายที่เกี่ยวข้องกับการปฏิบัติงานเผยแพร่ประชาสัมพันธ์",
        "lines": ["งานอำนวยการ", "งานสอบสวน"],
        "follow_up_note": "รายงานความคืบหน้าทุก ๓ เดือน",
        "follow_up_frequency": "quarterly",
    },
    {
        "indicator": 2,
        "steps": "๑.การจัดทำแผนการใช้จ่ายงบประมาณประจำปีการกำกับติดตามการใช้จ่ายงบประมาณ",
        "responsible_text": "๑.สารวัตรอำนวยการ\n๒.เจ้าหน้าที่การเงิน\n๓.เจ้าหน้าที่นโยบายและแผน",
        "follow_up_note": "รายงานความคืบหน้าทุก ๑ เดือน",
        "follow_up_frequency": "monthly",
    },
]


@pytest.fixture
def police_plan(world: World) -> MeasuresPlan:
    shipped_framework("ita-2567-police", fiscal_year=2566)
    station = world.station
    lines = {
        name: unit_services.create_line(station, code=code, name_th=name)
        for code, name in (("adm", "งานอำนวยการ"), ("inq", "งานสอบสวน"))
    }
    plan = services.plan_for(station, 2566)
    indicators = {item.number: item for item in plan.assessment.framework_version.indicators.all()}
    for number, texts in POLICE_ANALYSIS.items():
        for text in texts:
            services.create_issue(plan, text=text, indicator=indicators[number])
    for row in POLICE_ROWS:
        values = {key: value for key, value in row.items() if key not in ("indicator", "lines")}
        services.create_measure(
            plan,
            indicator=indicators[row["indicator"]],
            title=row["steps"][:40],
            period_kind="all_year",
            lines=[lines[name] for name in row.get("lines", [])],
            **values,
        )
    return plan


def test_the_police_station_analysis_table(police_plan: MeasuresPlan) -> None:
    sections = build_analysis_table(plan_snapshot(police_plan), digits="thai")
    assert sections[0].heading == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"
    first, second = sections[0].rows
    assert first.indicator == "๑) การปฏิบัติหน้าที่"
    assert first.issues == [
        f"{n}. {text}" for n, text in zip("๑๒๓", POLICE_ANALYSIS[1], strict=True)
    ]
    assert second.indicator == "๒) การใช้งบประมาณ"
    assert second.issues == [
        f"{n}. {text}" for n, text in zip("๑๒", POLICE_ANALYSIS[2], strict=True)
    ]


def test_the_police_station_measures_table(police_plan: MeasuresPlan) -> None:
    police_plan.assessment.unit.document_digits = "thai"
    layout = preset_layout("police-station-2566")
    table = live_table(police_plan, date(2023, 1, 15), layout)
    assert [column.header_th for column in table.columns] == [
        "ตัวชี้วัด",
        "ขั้นตอนหรือวิธีการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การกำกับ/ติดตามผล",
    ]
    rows = cells_of(table)
    assert [row["ตัวชี้วัด"] for row in rows] == [
        "๑) การปฏิบัติหน้าที่",
        "",
        "",
        "๒) การใช้งบประมาณ",
    ]
    for row, sample in zip(rows, POLICE_ROWS, strict=True):
        assert row["ขั้นตอนหรือวิธีการ"] == sample["steps"]
        expected = sample.get("responsible_text") or "\n".join(sample["lines"])
        assert row["ผู้รับผิดชอบ"] == expected
        assert row["ระยะเวลาดำเนินการ"] == "ปีงบประมาณ ๒๕๖๖"
        assert row["การกำกับ/ติดตามผล"] == sample["follow_up_note"]


# --- Tak province, FY2568 -----------------------------------------------------------------------

TAK_ISSUES = [
    "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ",
    "การให้บริการและระบบ E-Service",
]
TAK_STEPS_1 = (
    "๑. หัวหน้าหน่วยงานกำชับให้บุคลากรในสังกัดปฏิบัติงานและให้บริการประชาชนตามแนวทาง ระยะเวลา ในคู่มือการปฏิบัติงานอย่างเคร่งครัด\n"
    "๒. นำระบบการให้บริการออนไลน์ (E-service) มาใช้ในงานบริการประชาชน ให้มากขึ้น\n"
    "๓. เน้นย้ำให้บุคลากรภายในหน่วยงาน ปฏิบัติงานโดยยึดระเบียบของทางราชการโดยเคร่งครัด\n"
    "๔. ส่งเสริม/เปิดโอกาสให้บุคคลภายนอกได้เข้ามามีส่วนร่วมในการปรับปรุงและพัฒนาการดำเนินงานของหน่วยงาน\n"
    "๕. นำเกณฑ์การประเมินคุณธรรมและความโปร่งใสมาใช้ในการปรับปรุงพัฒนางาน"
)
TAK_ROWS = [
    (0, "", "ส่งเสริมการปฏิบัติงานที่โปร่งใสและการให้บริการที่มีประสิทธิภาพ", TAK_STEPS_1),
    (
        1,
        "(๒.๑)",
        "การให้บริการ",
        "๑. เน้นย้ำให้บุคลากรมีการปฏิบัติงานโดยยึดคู่มือการปฏิบัติงานอย่างเคร่งครัด\n๒.จัดให้มีระบบการประเมินความพึงพอใจจากผู้รับบริการ",
    ),
    (
        1,
        "(๒.๒)",
        "การพัฒนาระบบการให้บริการออนไลน์ e-service และการประชาสัมพันธ์",
        "๑. พัฒนาระบบ E-service ให้ครอบคลุมการบริการให้มากขึ้น\n๒. ประชาสัมพันธ์เผยแพร่ให้ผู้มาติดต่อ/ผู้รับบริการได้รับรู้ช่องทางของการให้บริการออนไลน์",
    ),
]
TAK_EVALUATION = "รายงานให้ผู้บังคับบัญชาทราบ และเผยแพร่บนเว็บไซต์หน่วยงาน"


@pytest.fixture
def tak_plan(world: World) -> MeasuresPlan:
    shipped_framework("ita-2566-general")
    province = Unit.objects.get(code=world.province.code)
    province.document_digits = "thai"
    province.save()
    plan = services.plan_for(province, 2568, provisional=True)  # the general library is of 2566
    issues = [services.create_issue(plan, text=text) for text in TAK_ISSUES]
    for issue_index, label, title, steps in TAK_ROWS:
        services.create_measure(
            plan,
            issue=issues[issue_index],
            label=label,
            title=title,
            steps=steps,
            responsible_text="ส่วนราชการภูมิภาคทุกแห่ง",
            start_date=date(2024, 10, 1),
            due_date=date(2025, 9, 30),
            evaluation=TAK_EVALUATION,
        )
    return plan


def test_the_tak_province_table_by_issue(tak_plan: MeasuresPlan) -> None:
    table = live_table(tak_plan, date(2024, 11, 1), preset_layout("province-2568"))
    assert [column.header_th for column in table.columns] == [
        "มาตรการ/โครงการ/กิจกรรม",
        "ขั้นตอน/วิธีการปฏิบัติ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การติดตามประเมินผล",
    ]
    assert headings_of(table) == [f"(๑) {TAK_ISSUES[0]}", f"(๒) {TAK_ISSUES[1]}"]
    rows = cells_of(table)
    for row, (_issue, label, title, steps) in zip(rows, TAK_ROWS, strict=True):
        assert row["มาตรการ/โครงการ/กิจกรรม"] == f"{label} {title}".strip()
        assert row["ขั้นตอน/วิธีการปฏิบัติ"] == steps
        assert row["ผู้รับผิดชอบ"] == "ส่วนราชการภูมิภาคทุกแห่ง"
        assert row["ระยะเวลาดำเนินการ"] == "ต.ค. ๖๗ – ก.ย. ๖๘"
        assert row["การติดตามประเมินผล"] == TAK_EVALUATION


# --- SAO Hua Ruea, six-month progress report FY2566 ------------------------------------------------

SAO_NEWS_STEPS = (
    "๑.เจ้าหน้าที่ทุกภารกิจงานต้องดำเนินการประชาสัมพันธ์งานในภารกิจของตนเองให้เป็นปัจจุบัน ไม่เกิน ๗ วันหลังเสร็จสิ้นแต่ละภารกิจ\n"
    "๒.เผยแพร่ข้อมูลบนเว็บไซต์หน่วยงานและช่องทางอื่นๆ"
)
SAO_NEWS_FOLLOW_UP = (
    "๑.เจ้าหน้าที่ผู้รับผิดชอบรายงานผลการดำเนินการให้ผู้บริหารทราบทุกเดือน\n"
    "๒.ผู้บริหารกำกับติดตามการดำเนินการประชาสัมพันธ์การดำเนินการของหน่วยงานบนเว็บไซต์ให้เป็นปัจจุบัน"
)
SAO_I2_ISSUE = (
    "i๒ เจ้าหน้าที่ของหน่วยงานท่าน ปฏิบัติ หรือให้บริการแก่บุคคลภายนอกอย่างเท่าเทียมกัน มากน้อยเพียงใด\n"
    "i๓ เจ้าหน้าที่ของหน่วยงานท่าน ปฏิบัติงาน หรือให้บริการโดยมุ่งผลสัมฤทธิ์ของงาน และรับผิดชอบต่อหน้าที่ มากน้อยเพียงใด"
)


@pytest.fixture
def sao_plan(world: World) -> MeasuresPlan:
    shipped_framework("ita-2566-general")
    sao = unit_services.create_unit(
        code="sao-huaruea",
        name_th="องค์การบริหารส่วนตำบลหัวเรือ",
        unit_type="local_admin",
        document_digits="thai",
    )
    office = unit_services.create_line(sao, code="palad", name_th="สำนักงานปลัด")
    welfare = unit_services.create_line(sao, code="welfare", name_th="กองสวัสดิการสังคม")
    kittisak = account_services.create_person(
        username="kittisak", rank="นาย", first_name="กิตติศักดิ์", last_name="เจริญภักดิ์"
    )
    account_services.grant_role(kittisak, sao, "officer", welfare)
    plan = services.plan_for(sao, 2566)
    indicators = {item.number: item for item in plan.assessment.framework_version.indicators.all()}
    news = services.create_issue(plan, text="-ข่าวประชาสัมพันธ์", indicator=indicators[9])
    equal = services.create_issue(
        plan, text=SAO_I2_ISSUE, indicator=indicators[1], item_codes=["i2", "i3"]
    )
    first = services.create_measure(
        plan,
        issue=news,
        title="ข่าวประชาสัมพันธ์",
        steps=SAO_NEWS_STEPS,
        lines=[office, welfare],
        people=[kittisak],
        responsible_text="ผู้ช่วยประชาสัมพันธ์",
        follow_up_note=SAO_NEWS_FOLLOW_UP,
        follow_up_frequency="monthly",
        period_kind="all_year",
    )
    services.add_progress(
        first,
        done_on=date(2023, 1, 26),
        done_by_text="ผู้ช่วยประชาสัมพันธ์",
        description="ประชาสัมพันธ์งานบนเว็บไซต์",
        percent=100,
    )
    second = services.create_measure(
        plan,
        issue=equal,
        title="ปฏิบัติหรือให้บริการอย่างเท่าเทียมกัน",
        steps="ผู้บริหาร เจ้าหน้าที่อบต.หัวเรือ ต้องปฏิบัติหรือให้บริการ แก่บุคคลภายนอกอย่างเท่าเทียมกัน",
        responsible_text="ผู้บริหาร เจ้าหน้าที่อบต.หัวเรือ",
        follow_up_note="ประชุมประจำเดือนทุกกองและให้ดำเนินการภายในเดือน มีนาคม ๒๕๖๖",
        due_date=date(2023, 3, 31),
    )
    services.add_progress(
        second,
        done_on=date(2023, 3, 16),
        done_by_text="ทุกกอง",
        description="ประชุมประจำเดือนชี้แจงการให้บริการอย่างเท่าเทียม",
        percent=100,
    )
    return plan


def test_the_sao_progress_report_table(sao_plan: MeasuresPlan) -> None:
    table = live_table(sao_plan, date(2023, 4, 1), preset_layout("progress-report-2566"))
    assert [column.header_th for column in table.columns] == [
        "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
        "ผู้รับผิดชอบ",
        "ขั้นตอนหรือวิธีการ/มาตรการ",
        "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
        "การดำเนินการ",
    ]
    assert headings_of(table) == [
        "IIT · ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
        "OIT · ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล",
    ]
    equal, news = cells_of(table)
    assert news["ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา"] == "-ข่าวประชาสัมพันธ์"
    assert news["ผู้รับผิดชอบ"].split("\n") == [
        "สำนักงานปลัด",
        "กองสวัสดิการสังคม",
        "นาย กิตติศักดิ์ เจริญภักดิ์",
        "ผู้ช่วยประชาสัมพันธ์",
    ]
    assert news["ขั้นตอนหรือวิธีการ/มาตรการ"] == SAO_NEWS_STEPS
    assert news["การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ"] == SAO_NEWS_FOLLOW_UP
    assert news["การดำเนินการ"] == (
        "ผู้ช่วยประชาสัมพันธ์ ดำเนินการเมื่อวันที่ ๒๖ มกราคม พ.ศ.\u00a0๒๕๖๖: ประชาสัมพันธ์งานบนเว็บไซต์"
    )
    assert equal["ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา"] == SAO_I2_ISSUE
    assert equal["การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ"].split("\n") == [
        "ประชุมประจำเดือนทุกกองและให้ดำเนินการภายในเดือน มีนาคม ๒๕๖๖",
        "กำหนดแล้วเสร็จ ๓๑ มี.ค. ๒๕๖๖",
    ]
    assert equal["การดำเนินการ"].startswith("ทุกกอง ดำเนินการเมื่อวันที่ ๑๖ มีนาคม พ.ศ.\u00a0๒๕๖๖")


def test_every_field_of_a_measure_has_a_column_in_the_complete_layout(
    sao_plan: MeasuresPlan,
) -> None:
    layout = preset_layout("complete")
    assert {column.code for column in layout.columns} >= set(column_catalog()) - {
        "indicator",  # shown as the section heading
        "follow_up_and_due",  # the due date is in the period column
        "activities",  # title, activity and steps in one column
    }
    table = build_plan_table(
        plan_snapshot(sao_plan), layout, TableContext(fiscal_year=2566, digits="thai")
    )
    assert table.row_count == 2


def test_every_preset_names_only_known_columns() -> None:
    for preset in presets().values():
        assert preset.columns
        assert {column.code for column in preset.columns} <= set(column_catalog())
    assert set(column_catalog()) >= LIVE_ONLY_COLUMNS


@pytest.mark.parametrize(
    ("fixture", "preset"),
    [
        ("police_plan", "police-station-2566"),
        ("tak_plan", "province-2568"),
        ("sao_plan", "progress-report-2566"),
    ],
)
@time_machine.travel("2026-12-01 10:00 +0700")  # the page and the table read the same day
def test_each_sample_reads_the_same_on_the_plan_page(
    world: World, request: pytest.FixtureRequest, fixture: str, preset: str
) -> None:
    plan: MeasuresPlan = request.getfixturevalue(fixture)
    services.set_layout(plan, preset_layout(preset))
    unit = plan.assessment.unit
    client = Client()
    client.force_login(world.user("superuser"))
    html = client.get(
        reverse("measures:plan", args=[unit.code, plan.assessment.fiscal_year])
    ).content.decode()
    table = live_table(plan, timezone.localdate(), preset_layout(preset))
    assert all(escape(column.header_th) in html for column in table.columns)
    for row in cells_of(table):
        for cell in row.values():
            for line in cell.split("\n"):
                assert escape(line) in html, line
