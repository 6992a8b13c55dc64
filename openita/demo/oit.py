"""The OIT of a demo year: items assigned in October with due dates from December to April (five a
month, the OIT calendar), each filled, submitted, checked and approved a little before its due date (one
sent back once), locked at the submission deadline, scored and released by the assessor, one item of Ban
Khlong Sai appealed and re-scored, all made final at the end of July. The current year has done what falls
before today."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from openita.oit import services
from openita.oit.models import Disclosure

from .cast import DemoYear

FAILING_ITEMS = {"O6", "O14", "O19"}
APPEAL = ("demo-tt-khlongsai", "O6")
DUE_MONTHS = (12, 1, 2, 3, 4)
SENT_BACK = 10  # the item (by position) sent back once for a missing file
# How many days ahead of the others a unit works (in December the station of `head` has items approved
# already, Don Makham none checked yet)
AHEAD = {"demo-tt-muang": 10, "demo-tt-immigration": 6, "demo-tt-khlongsai": 3}


def _disclosure(pk: int) -> Disclosure:
    return Disclosure.objects.select_related("assessment", "assessment__unit", "item").get(pk=pk)


def due_date(dy: DemoYear, index: int) -> date:
    first = dy.at(DUE_MONTHS[min(index // 5, len(DUE_MONTHS) - 1)], 1)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _responsible(dy: DemoYear, index: int) -> list:
    cast = dy.cast
    return [cast.officer] if index < 8 else [cast.committee] if index < 16 else [cast.admin]


def schedule(dy: DemoYear) -> None:
    cast, timeline = dy.cast, dy.timeline
    assessment = dy.assessment
    site = cast.unit.website or "https://example.go.th"

    def open_and_assign() -> None:
        services.ensure_workspace(assessment)
        items = _items()
        dy.disclosures[:] = [disclosure.pk for disclosure in items]
        for index, disclosure in enumerate(items):
            services.assign(
                disclosure,
                cast.admin,
                responsible=_responsible(dy, index),
                reviewer=cast.admin,
                due_date=due_date(dy, index),
            )

    def _items() -> list[Disclosure]:
        return list(
            Disclosure.objects.filter(assessment=assessment)
            .select_related("assessment", "assessment__unit", "item")
            .order_by("position")
        )

    timeline.add(dy.at(10, 20), open_and_assign)
    count = assessment.framework_version.oit_items.count()
    for index in range(count):
        _schedule_item(dy, index, site)
    deadlines_day = dy.at(4, 30)
    timeline.add(deadlines_day, lambda: services.lock_assessment(assessment, cast.admin), hour=16)

    def score_all() -> None:
        for disclosure in _items():
            fails = disclosure.item.code in FAILING_ITEMS
            services.score(
                disclosure,
                cast.assessor,
                score=Decimal(0 if fails else 100),
                observation="ไม่พบไฟล์ที่นำไปประมวลผลต่อได้ (Excel/Word)" if fails else "",
            )

    timeline.add(dy.at(6, 10), score_all)
    timeline.add(dy.at(6, 15), lambda: services.release_scores(assessment, cast.assessor))
    if cast.unit.code == APPEAL[0]:
        _schedule_appeal(dy, site)
    timeline.add(dy.at(7, 31), lambda: services.finalize_assessment(assessment, cast.assessor))


def _schedule_item(dy: DemoYear, index: int, site: str) -> None:
    cast, timeline = dy.cast, dy.timeline
    due = due_date(dy, index)
    # the items of a month are not all done on the same day
    shift = (index % 5) * 4 + AHEAD.get(dy.unit.code, 0)
    person = _responsible(dy, index)[0]

    def item() -> Disclosure:
        return _disclosure(dy.disclosures[index])

    def evidence() -> None:
        disclosure = item()
        code = disclosure.item.code.lower()
        page = f"{site}/ita/{dy.year}/{code}"
        services.add_link(disclosure, person, page)
        if disclosure.item.formats:
            services.add_link(disclosure, person, f"{page}.pdf")
        first = disclosure.elements.first()
        if first is not None:
            services.update_element(
                first, person, self_checked=True, where_shown=f"{page} (หน้าแรก)"
            )

    def days_before(days: int) -> date:
        return due - timedelta(days=days + shift)

    timeline.add(days_before(25), evidence)
    timeline.add(days_before(15), lambda: services.submit(item(), person))
    if index == SENT_BACK:
        timeline.add(
            days_before(12),
            lambda: services.send_back(item(), cast.admin, "ขาดไฟล์ Excel ของรายงาน"),
        )
        timeline.add(days_before(9), lambda: services.submit(item(), person))
    timeline.add(days_before(7), lambda: services.check(item(), cast.admin))
    timeline.add(
        days_before(4),
        lambda: services.approve(item(), cast.head, confirm_incomplete=True),
        hour=14,
    )


def _schedule_appeal(dy: DemoYear, site: str) -> None:
    cast = dy.cast

    def appealed() -> Disclosure:
        return _disclosure(
            Disclosure.objects.get(assessment=dy.assessment, item__code=APPEAL[1]).pk
        )

    dy.timeline.add(
        dy.at(6, 22),
        lambda: services.file_appeal(
            appealed(),
            cast.admin,
            explanation="รายงานประจำเดือนฉบับ Word เผยแพร่แล้วที่ลิงก์ใหม่ ครบทุกเดือน ต.ค.–มี.ค.",
            urls=[f"{site}/ita/{dy.year}/o6-word"],
        ),
    )
    dy.timeline.add(
        dy.at(7, 10),
        lambda: services.rescore(
            appealed(),
            cast.assessor,
            score=Decimal(100),
            decision="พบรายงานฉบับ Word ครบทุกเดือนตามลิงก์ที่แจ้ง ให้คะแนนเต็ม",
        ),
    )
