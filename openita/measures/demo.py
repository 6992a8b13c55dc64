"""The measures part of the demo: Mueang Thanthong station's FY2568 plan, drafted from the weak points of its
official FY2567 result (loaded by the scoring demo) plus issues entered by hand, approved by the head, partly
carried out, with its working group, two meetings with assignments, the acknowledgement list and the ITA
calendar.

Idempotent: a station that already has its FY2568 plan is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from openita.accounts.models import User
from openita.audit.context import acting_as
from openita.frameworks.library import shipped_library_paths
from openita.frameworks.models import FrameworkVersion
from openita.frameworks.services import get_or_create_assessment, load_library_file
from openita.ita_calendar.services import ensure_calendar
from openita.measures import services
from openita.measures.layouts import preset_layout
from openita.measures.library import load_library
from openita.measures.models import (
    Acknowledgement,
    AnalysisIssue,
    LibraryMeasure,
    MeasuresPlan,
    PlanVersion,
)
from openita.units.models import Unit
from openita.working_groups import services as group_services

STATION = "demo-tt-muang"
YEAR = 2568

# Issues the station added by hand to those drafted from its FY2567 weak points: (key, indicator, items, text)
HAND_ISSUES: list[tuple[str, int, list[str], str]] = [
    (
        "steps",
        1,
        ["i1"],
        "การปฏิบัติงานตามขั้นตอนและระยะเวลาที่กำหนดไว้อย่างเคร่งครัด และเท่าเทียมกันไม่ว่าผู้มาติดต่อจะเป็นใคร",
    ),
    (
        "gifts",
        1,
        ["i4", "i5"],
        "พฤติกรรมการเรียกรับเงิน ทรัพย์สิน หรือประโยชน์อื่นใด ในช่วงเทศกาลหรือวาระสำคัญตามประเพณี",
    ),
    (
        "budget",
        2,
        ["i7", "i12"],
        "บุคลากรยังไม่ทราบแผนการใช้จ่ายงบประมาณ และไม่มีโอกาสมีส่วนร่วมตรวจสอบการใช้จ่าย",
    ),
    (
        "property",
        4,
        ["i20", "i23"],
        "การขอยืมทรัพย์สินของราชการยังไม่มีขั้นตอนที่ชัดเจนและสะดวก บุคลากรไม่รู้แนวปฏิบัติ",
    ),
]
DRAFTED_INDICATORS = (5, 9, 10)  # the lowest indicators of the demo's official FY2567 result

# (issue key: a hand issue, or the number of a drafted indicator; library code; lead; others; due date or
# None for all year; who follows up)
MEASURES: list[tuple[str | int, str, str, list[str], date | None, str]] = [
    ("steps", "service-manual", "committee", ["officer"], date(2025, 1, 31), "head"),
    ("gifts", "no-gift-policy", "station.admin", [], date(2024, 12, 15), "head"),
    (10, "anti-bribery-policy", "station.admin", [], date(2024, 12, 31), "head"),
    ("budget", "budget-infographic", "station.admin", [], None, "head"),
    (
        "property",
        "property-borrowing-rules",
        "officer",
        ["committee"],
        date(2025, 3, 31),
        "station.admin",
    ),
    (5, "complaint-channel", "station.admin", ["officer"], None, "head"),
    (9, "news-updates", "officer", [], None, "station.admin"),
]

# (measure index, date done, what was done, done by, percent, evidence links); two entries fall after 31 March,
# so the 6-month and the annual progress reports differ; {site} is the station's website
PROGRESS: list[tuple[int, date, str, str, int, str]] = [
    (
        1,
        date(2024, 11, 20),
        "ผกก. ลงนามประกาศเจตนารมณ์ No Gift Policy และเผยแพร่บนเว็บไซต์",
        "งานอำนวยการ",
        100,
        "{site}/ita/no-gift-policy-2568",
    ),
    (
        2,
        date(2024, 12, 10),
        "ยกร่างนโยบายต่อต้านการรับสินบนภาษาไทยและภาษาอังกฤษแล้ว รอลงนาม",
        "งานอำนวยการ",
        60,
        "",
    ),
    (0, date(2024, 12, 20), "รวบรวมขั้นตอนงานบริการของงานจราจรและงานสอบสวนแล้ว", "งานจราจร", 50, ""),
    (
        0,
        date(2025, 1, 28),
        "ติดประกาศแผนผังขั้นตอนและระยะเวลาที่จุดบริการครบ ๕ สายงาน",
        "ทุกสายงาน",
        100,
        "{site}/services/manual\n{site}/news/2025-01-28",
    ),
    (
        3,
        date(2025, 1, 15),
        "ชี้แจงแผนการใช้จ่ายงบประมาณในการประชุมประจำเดือนมกราคม",
        "งานการเงิน",
        40,
        "",
    ),
    (
        5,
        date(2024, 12, 1),
        "เปิดช่องทางร้องเรียนออนไลน์และกล่องรับเรื่องที่จุดบริการ",
        "งานอำนวยการ",
        30,
        "{site}/complaints",
    ),
    (
        6,
        date(2025, 2, 5),
        "เผยแพร่ข่าวกิจกรรมบนเว็บไซต์และเพจครบทุกเดือนตั้งแต่ ต.ค. ๖๗",
        "ผู้ช่วยประชาสัมพันธ์",
        50,
        "{site}/news",
    ),
    (
        4,
        date(2025, 5, 15),
        "ออกคำสั่งแนวปฏิบัติการขอยืมทรัพย์สินของราชการ และชี้แจงในการประชุมประจำเดือน (ล่าช้ากว่ากำหนด)",
        "งานอำนวยการ",
        100,
        "{site}/ita/property-borrowing",
    ),
    (
        3,
        date(2025, 7, 10),
        "เผยแพร่อินโฟกราฟิกสรุปงบประมาณและผลการใช้จ่ายรอบ ๖ เดือนบนเว็บไซต์",
        "งานการเงิน",
        80,
        "{site}/ita/budget-2568-h1",
    ),
]

ORDER_MEMBERS = (
    "พ.ต.อ. | ประเสริฐ มั่นคงธรรม | ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง | ประธานคณะทำงาน\n"
    "พ.ต.ท. | อรุณ แสงทอง | สารวัตรจราจร | รองประธานคณะทำงาน\n"
    "ร.ต.อ. | วีระ กล้าหาญ | รองสารวัตรสืบสวน | คณะทำงาน\n"
    "ด.ต. | สมศักดิ์ รักษ์ประชา | ผู้บังคับหมู่ (ป.) | คณะทำงาน\n"
    "ร.ต.อ.หญิง | กนกพร ใสสะอาด | รองสารวัตรอำนวยการ | คณะทำงานและเลขานุการ\n"
)


def _when(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _ensure_frameworks() -> None:
    """The shipped frameworks (FY2567 too: last year's weak points are read on its framework)."""
    loaded = set(FrameworkVersion.objects.values_list("loaded_from", flat=True))
    for path in shipped_library_paths():
        if not any(name.endswith(path.name) for name in loaded):
            load_library_file(path)


def _people() -> dict[str, User]:
    names = {"head", "station.admin", "officer", "committee"}
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _plan(unit: Unit, people: dict[str, User]) -> MeasuresPlan:
    plan = services.plan_for(unit, YEAR, people["station.admin"])
    services.update_plan(
        plan,
        title="มาตรการส่งเสริมคุณธรรมและความโปร่งใส สถานีตำรวจภูธรเมืองธารทอง",
        introduction=(
            "จากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ "
            "สถานีตำรวจภูธรเมืองธารทองกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ดังนี้"
        ),
    )
    services.set_layout(plan, preset_layout("police-station-2568"))  # the real FY2568 plans
    indicators = {item.number: item for item in plan.assessment.framework_version.indicators.all()}
    issues: dict[str | int, AnalysisIssue] = {}
    for issue in services.draft_analysis_from_weak_points(plan):  # the scoring demo's FY2567 result
        if issue.indicator is not None:
            issues.setdefault(issue.indicator.number, issue)
    for number in DRAFTED_INDICATORS:  # without the scoring app's results, the same issues by hand
        if number not in issues:
            indicator = indicators[number]
            issues[number] = services.create_issue(
                plan, text=indicator.help_th or indicator.name_th, indicator=indicator
            )
    for key, number, codes, text in HAND_ISSUES:
        issues[key] = services.create_issue(
            plan, text=text, indicator=indicators[number], item_codes=codes
        )
    entries = {entry.code: entry for entry in LibraryMeasure.objects.all()}
    measures = []
    for issue_key, code, lead, others, due, follower in MEASURES:
        measure = services.accept_library_measure(plan, entries[code], issues[issue_key])
        values: dict[str, Any] = {
            "owner": people[lead],
            "follow_up_by": people[follower],
            "people": [people[name] for name in others],
        }
        if due is not None:
            values.update(period_kind="dates", start_date=date(2024, 10, 15), due_date=due)
        measures.append(services.update_measure(measure, **values))
    lines = {line.code: line for line in unit.lines.all()}
    services.update_measure(measures[0], lines=[lines["traffic"], lines["inquiry"]])
    version = services.submit_plan(plan, people["station.admin"], "ฉบับแรก")
    services.approve_plan(plan, people["head"], "เห็นชอบ ให้ทุกสายงานถือปฏิบัติ")
    PlanVersion.objects.filter(pk=version.pk).update(
        submitted_at=_when(date(2024, 11, 18)), approved_at=_when(date(2024, 11, 20), 14)
    )
    for index, done_on, what, by, percent, links in PROGRESS:
        recorder = measures[index].owner or people["station.admin"]
        services.add_progress(
            measures[index],
            done_on=done_on,
            description=what,
            done_by_text=by,
            percent=percent,
            links=links.format(site=unit.website or "https://example.go.th"),
            actor=recorder,
        )
    for username, day in (("head", 20), ("station.admin", 21), ("committee", 25)):
        acknowledgement = services.acknowledge(plan, people[username])
        Acknowledgement.objects.filter(pk=acknowledgement.pk).update(
            acknowledged_at=_when(date(2024, 11, day), 9)
        )
    return plan


def _working_group(unit: Unit, people: dict[str, User]) -> None:
    assessment = get_or_create_assessment(unit, YEAR)
    if assessment.appointment_orders.exists():
        return
    order = group_services.save_order(
        assessment,
        number="๑๒/๒๕๖๘",
        issued_on=date(2024, 10, 8),
        title=(
            "แต่งตั้งคณะทำงานขับเคลื่อนและกำกับติดตามการประเมินคุณธรรมและความโปร่งใส "
            "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ของสถานีตำรวจภูธรเมืองธารทอง "
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
        ),
        group_name="คณะทำงานขับเคลื่อนการประเมิน ITA",
        duties=(
            "๑. ศึกษากรอบการประเมินและวิเคราะห์ผลการประเมินปีที่ผ่านมา\n"
            "๒. จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส และกำกับติดตามการดำเนินการ\n"
            "๓. มอบหมายและติดตามการเผยแพร่ข้อมูลตามแบบตรวจ OIT"
        ),
        signed_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง",
        members=group_services.parse_people(ORDER_MEMBERS),
    )
    attendees = group_services.members_as_attendees(order)
    first = group_services.save_meeting(
        assessment,
        order=order,
        number="๑/๒๕๖๘",
        held_on=date(2024, 10, 15),
        starts_at=time(13, 30),
        place="ห้องประชุมสถานีตำรวจภูธรเมืองธารทอง",
        title="ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA",
        chaired_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        minutes_by="ร.ต.อ.หญิง กนกพร ใสสะอาด",
        ends_at=time(15, 30),
        attendees=[person for person in attendees if person.name != "วีระ กล้าหาญ"],
        absentees=group_services.parse_people("ร.ต.อ. | วีระ กล้าหาญ | รองสารวัตรสืบสวน | ไปราชการ"),
        agenda=[
            group_services.AgendaRow(
                "เรื่องที่ประธานแจ้งให้ทราบ",
                "กรอบการประเมิน ITA สถานีตำรวจ ปีงบประมาณ พ.ศ. ๒๕๖๘ และปฏิทินการประเมิน",
                "ที่ประชุมรับทราบ",
            ),
            group_services.AgendaRow(
                "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ๒๕๖๗",
                "ตัวชี้วัดที่ ๒ การใช้งบประมาณ และตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต ได้คะแนนต่ำกว่า ๘๕",
                "ให้งานอำนวยการจัดทำมาตรการตามประเด็นที่ต้องปรับปรุง เสนอ ผกก. ภายในเดือนพฤศจิกายน",
            ),
            group_services.AgendaRow(
                "มอบหมายผู้รับผิดชอบข้อมูลตามแบบตรวจ OIT",
                "",
                "เห็นชอบตามตารางมอบหมายความรับผิดชอบ",
            ),
        ],
        chair_orders=[
            "ให้ทุกสายงานส่งข่าวกิจกรรมให้ผู้ช่วยประชาสัมพันธ์ภายใน ๗ วันหลังเสร็จกิจกรรม",
            "ให้งานอำนวยการรายงานความก้าวหน้าของมาตรการในการประชุมประจำเดือน",
        ],
    )
    lines = {line.code: line for line in unit.lines.all()}
    for codes, subject, person, due in (
        (
            ["O1", "O2"],
            "โครงสร้าง อัตรากำลัง ข้อมูลผู้บริหาร อำนาจหน้าที่",
            "station.admin",
            date(2025, 1, 31),
        ),
        (
            ["O5", "O6"],
            "ข่าวประชาสัมพันธ์และรายงานการปฏิบัติราชการประจำเดือน",
            "officer",
            date(2025, 4, 30),
        ),
        (["O13", "O14"], "ประกาศและสรุปผลการจัดซื้อจัดจ้างรายเดือน", "station.admin", date(2025, 4, 30)),
        (["O16"], "ช่องทางร้องเรียนและสถิติเรื่องร้องเรียน", "committee", date(2025, 3, 31)),
    ):
        group_services.save_assignment(
            assessment,
            meeting=first,
            subject=subject,
            item_codes=codes,
            people=[people[person]],
            lines=[lines["admin"]] if person == "station.admin" else [],
            due_date=due,
        )
    group_services.save_meeting(
        assessment,
        order=order,
        number="๒/๒๕๖๘",
        held_on=date(2025, 1, 20),
        starts_at=time(9, 30),
        ends_at=time(11, 0),
        place="ห้องประชุมสถานีตำรวจภูธรเมืองธารทอง",
        title="ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA",
        chaired_by="พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        minutes_by="ร.ต.อ.หญิง กนกพร ใสสะอาด",
        attendees=attendees,
        agenda=[
            group_services.AgendaRow(
                "ติดตามความก้าวหน้าของมาตรการ",
                "มาตรการ No Gift Policy เสร็จแล้ว นโยบายต่อต้านการรับสินบนรอลงนาม คู่มือการให้บริการใกล้เสร็จ",
                "ให้เร่งรัดนโยบายต่อต้านการรับสินบนให้แล้วเสร็จภายในเดือนกุมภาพันธ์",
            ),
            group_services.AgendaRow(
                "การเก็บข้อมูลแบบวัด IIT และ EIT",
                "เริ่มเผยแพร่ QR code ที่จุดบริการแล้ว",
                "ที่ประชุมรับทราบ",
            ),
        ],
        chair_orders=["ให้ทุกสายงานเน้นย้ำการให้บริการตามคู่มือและไม่รับของขวัญทุกชนิด"],
    )


@transaction.atomic
def load_measures_demo() -> None:
    unit = Unit.objects.filter(code=STATION).first()
    if unit is None:
        return
    _ensure_frameworks()
    load_library()
    people = _people()
    with acting_as(people.get("station.admin")):
        if not MeasuresPlan.objects.filter(
            assessment__unit=unit, assessment__fiscal_year=YEAR
        ).exists():
            _plan(unit, people)
        _working_group(unit, people)
        ensure_calendar(get_or_create_assessment(unit, YEAR))
