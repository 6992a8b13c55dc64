"""The measures plan of a demo year (units that run the whole cycle): drafted in November from the weak
points of the previous year's result plus issues entered by hand, submitted, approved and acknowledged,
then carried out (progress entries through the year, one measure done six weeks late). In a closed year
every measure is done; in the current year what falls before today."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from openita.measures import services
from openita.measures.layouts import preset_layout
from openita.measures.models import AnalysisIssue, LibraryMeasure, Measure, MeasuresPlan

from .cast import DemoYear

# The layout of the real FY2568 police-station plans (there is no immigration pack in the samples: the
# immigration office, a police unit, writes its plan the same way).
LAYOUT = "police-station-2568"

# Issues added by hand to those drafted from last year's weak points: (key, indicator, items, text)
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
DRAFTED_INDICATORS = (
    5,
    9,
    10,
)  # issues by hand for these when last year has no result to draft from

# (issue: a hand issue's key or an indicator number; library code; lead; others; due (month, day) or
# None for all year; who follows up) — people are roles of the cast
MEASURES: list[tuple[str | int, str, str, list[str], tuple[int, int] | None, str]] = [
    ("steps", "service-manual", "committee", ["officer"], (1, 31), "head"),
    ("gifts", "no-gift-policy", "admin", [], (12, 15), "head"),
    (10, "anti-bribery-policy", "admin", [], (2, 28), "head"),
    ("budget", "budget-infographic", "admin", [], None, "head"),
    ("property", "property-borrowing-rules", "officer", ["committee"], (3, 31), "admin"),
    (5, "complaint-channel", "admin", ["officer"], None, "head"),
    (9, "news-updates", "officer", [], None, "admin"),
]

# (measure, (month, day) done, what was done, done by, percent, evidence links; {site} is the unit's
# website). Every measure reaches 100 % by the end of the year; the property rules six weeks late.
PROGRESS: list[tuple[int, tuple[int, int], str, str, int, str]] = [
    (5, (12, 1), "เปิดช่องทางร้องเรียนออนไลน์และกล่องรับเรื่องที่จุดบริการ", "งานอำนวยการ", 30, "{site}/complaints"),
    (1, (12, 3), "ผู้บังคับบัญชาลงนามประกาศเจตนารมณ์ No Gift Policy และเผยแพร่บนเว็บไซต์", "งานอำนวยการ", 100, "{site}/ita/no-gift-policy"),
    (2, (12, 10), "ยกร่างนโยบายต่อต้านการรับสินบนภาษาไทยและภาษาอังกฤษแล้ว รอลงนาม", "งานอำนวยการ", 60, ""),
    (0, (12, 20), "รวบรวมขั้นตอนงานบริการของทุกสายงานแล้ว", "งานจราจร", 50, ""),
    (3, (1, 15), "ชี้แจงแผนการใช้จ่ายงบประมาณในการประชุมประจำเดือนมกราคม", "งานการเงิน", 40, ""),
    (0, (1, 28), "ติดประกาศแผนผังขั้นตอนและระยะเวลาที่จุดบริการครบทุกสายงาน", "ทุกสายงาน", 100, "{site}/services/manual"),
    (6, (2, 5), "เผยแพร่ข่าวกิจกรรมบนเว็บไซต์และเพจครบทุกเดือนตั้งแต่เดือนตุลาคม", "ผู้ช่วยประชาสัมพันธ์", 50, "{site}/news"),
    (2, (2, 20), "ผู้บังคับบัญชาลงนามนโยบายต่อต้านการรับสินบน เผยแพร่บนเว็บไซต์", "งานอำนวยการ", 100, "{site}/ita/anti-bribery"),
    (4, (5, 15), "ออกคำสั่งแนวปฏิบัติการขอยืมทรัพย์สินของราชการ และชี้แจงในการประชุมประจำเดือน (ล่าช้ากว่ากำหนด)", "งานอำนวยการ", 100, "{site}/ita/property-borrowing"),
    (5, (6, 30), "สรุปสถิติเรื่องร้องเรียนและผลการดำเนินการรอบปี เผยแพร่บนเว็บไซต์", "งานอำนวยการ", 100, "{site}/complaints/report"),
    (3, (7, 10), "เผยแพร่อินโฟกราฟิกสรุปงบประมาณและผลการใช้จ่ายรอบ ๖ เดือนบนเว็บไซต์", "งานการเงิน", 80, "{site}/ita/budget-h1"),
    (6, (9, 20), "เผยแพร่ข่าวกิจกรรมครบทุกเดือนของปีงบประมาณ", "ผู้ช่วยประชาสัมพันธ์", 100, "{site}/news"),
    (3, (9, 25), "เผยแพร่อินโฟกราฟิกผลการใช้จ่ายงบประมาณทั้งปี", "งานการเงิน", 100, "{site}/ita/budget-year"),
]  # fmt: skip

# unit code → (submitted, approved) as (month, day): the immigration office's plan of the current year
# is still waiting for approval in early December
APPROVAL = {"demo-tt-muang": ((11, 18), (11, 20)), "demo-tt-immigration": ((11, 28), (12, 10))}


def _draft(dy: DemoYear) -> MeasuresPlan:
    cast, unit = dy.cast, dy.unit
    plan = services.plan_for(unit, dy.year, cast.admin)
    from openita.core.thai import to_thai_digits

    services.update_plan(
        plan,
        title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส {unit.name_th}",
        introduction=(
            f"จากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {to_thai_digits(dy.year - 1)} "
            f"{unit.name_th}กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
            f"ประจำปีงบประมาณ พ.ศ. {to_thai_digits(dy.year)} ดังนี้"
        ),
    )
    services.set_layout(plan, preset_layout(LAYOUT))
    version = plan.assessment.framework_version
    indicators = {item.number: item for item in version.indicators.all()}
    issues: dict[str | int, AnalysisIssue] = {}
    for issue in services.draft_analysis_from_weak_points(plan):
        if issue.indicator is not None:
            issues.setdefault(issue.indicator.number, issue)
    for number in DRAFTED_INDICATORS:
        if number not in issues and number in indicators:
            indicator = indicators[number]
            issues[number] = services.create_issue(
                plan, text=indicator.help_th or indicator.name_th, indicator=indicator
            )
    known = set(version.survey_items.values_list("code", flat=True))
    for key, number, codes, text in HAND_ISSUES:
        issues[key] = services.create_issue(
            plan,
            text=text,
            indicator=indicators.get(number),
            item_codes=[code for code in codes if code in known],
        )

    def person(role: str) -> Any:
        # The unit's own people only: where the site admin stands in for the head, the unit admin follows up.
        return cast.admin if role == "head" and not cast.head_in_unit else getattr(cast, role)

    entries = {entry.code: entry for entry in LibraryMeasure.objects.all()}
    measures = []
    for issue_key, code, lead, others, due, follower in MEASURES:
        measure = services.accept_library_measure(plan, entries[code], issues.get(issue_key))
        values: dict[str, Any] = {
            "owner": person(lead),
            "follow_up_by": person(follower),
            "people": list({person(name) for name in others} - {person(lead)}),
        }
        if due is not None:
            values.update(period_kind="dates", start_date=dy.at(11, 1), due_date=dy.at(*due))
        measures.append(services.update_measure(measure, **values))
    lines = {line.code: line for line in unit.lines.all()}
    if "traffic" in lines and "inquiry" in lines:
        services.update_measure(measures[0], lines=[lines["traffic"], lines["inquiry"]])
    return plan


def schedule(dy: DemoYear) -> None:
    if not dy.cast.whole_cycle:
        return
    cast, unit = dy.cast, dy.unit
    site = unit.website or "https://example.go.th"
    submitted, approved = APPROVAL.get(unit.code, ((11, 18), (11, 20)))

    def plan() -> MeasuresPlan:
        return MeasuresPlan.objects.select_related("assessment", "assessment__unit").get(
            assessment=dy.assessment
        )

    def measures() -> list[Measure]:
        return list(plan().measures.order_by("pk"))

    def progress(index: int, day: date, what: str, by: str, percent: int, links: str) -> None:
        measure = measures()[index]
        services.add_progress(
            measure,
            done_on=day,
            description=what,
            done_by_text=by,
            percent=percent,
            links=links.format(site=site),
            actor=measure.owner or cast.admin,
        )

    def acknowledge(user: Any) -> None:
        services.acknowledge(plan(), user)

    dy.timeline.add(dy.at(11, 5), lambda: _draft(dy))
    dy.timeline.add(
        dy.at(*submitted), lambda: services.submit_plan(plan(), cast.admin, "ฉบับแรก"), hour=15
    )
    approved_on = dy.at(*approved)
    dy.timeline.add(
        approved_on,
        lambda: services.approve_plan(plan(), cast.head, "เห็นชอบ ให้ทุกสายงานถือปฏิบัติ"),
        hour=14,
    )
    readers = list(
        dict.fromkeys(
            [cast.head, cast.admin, cast.committee] if cast.head_in_unit else [cast.admin]
        )
    )
    for offset, user in enumerate(readers):
        day = date.fromordinal(approved_on.toordinal() + offset * 2 + 1)
        dy.timeline.add(day, partial(acknowledge, user), hour=9)
    for index, (month, day_of_month), what, by, percent, links in PROGRESS:
        day = max(dy.at(month, day_of_month), approved_on)
        dy.timeline.add(
            day,
            partial(progress, index, day, what, by, percent, links),
            hour=16,
        )
