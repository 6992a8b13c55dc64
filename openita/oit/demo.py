"""The demo's FY2568 OIT: each demo police station at another stage of the flow.

- Mueang Thanthong: the working group at work — items assigned with due dates spread over the fiscal year
  (five items a month, December to April: its OIT calendar), some in draft, some submitted, checked
  (waiting for the head's approval) or approved;
- Ban Khlong Sai: scored and released, the appeal window open, one item appealed (O6);
- Don Makham: final scores.

Deadlines are set around today so that the stages stay true whenever the demo is loaded. Everything goes
through the services, so every item has its history. Loading again leaves a station that already has an OIT
as it is.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from openita.accounts.models import User
from openita.audit.context import acting_as
from openita.frameworks.library import shipped_library_paths
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import get_or_create_assessment, load_library_file
from openita.units.models import Unit

from . import services
from .models import Disclosure, Evidence

FISCAL_YEAR = 2568
FRAMEWORK_URN = "ita-2568-police"
FAILING_ITEMS = {"O6", "O14", "O19"}


def _ensure_framework() -> None:
    if FrameworkVersion.objects.usable().filter(urn=FRAMEWORK_URN).exists():
        return
    for path in shipped_library_paths():
        if path.name.startswith(FRAMEWORK_URN):
            load_library_file(path)


def _people() -> dict[str, User]:
    return {user.username: user for user in User.objects.all()}


def _disclosures(assessment: Assessment) -> list[Disclosure]:
    return list(
        Disclosure.objects.filter(assessment=assessment)
        .select_related("assessment", "assessment__unit", "item")
        .order_by("position")
    )


def _evidence(disclosure: Disclosure, actor: User, unit: Unit) -> None:
    site = unit.website or "https://example.go.th"
    code = disclosure.item.code.lower()
    services.add_link(disclosure, actor, f"{site}/ita/2568/{code}")
    if disclosure.item.formats:
        services.add_link(disclosure, actor, f"{site}/ita/2568/{code}.pdf")
    first = disclosure.elements.first()
    if first is not None:
        services.update_element(
            first, actor, self_checked=True, where_shown=f"{site}/ita/2568/{code} (หน้าแรก)"
        )


def _due_date(index: int) -> datetime.date:
    """The end of December of the fiscal year for the first five items, of January for the next five, …"""
    year, month = (FISCAL_YEAR - 543, min(index // 5, 9)) if index >= 5 else (FISCAL_YEAR - 544, 12)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _through_approval(disclosure: Disclosure, officer: User, checker: User, head: User) -> None:
    services.submit(disclosure, officer)
    services.check(disclosure, checker)
    services.approve(disclosure, head, confirm_incomplete=True)


def _workspace(unit: Unit, today: datetime.date, **offsets: int) -> Assessment | None:
    assessment = get_or_create_assessment(unit, FISCAL_YEAR)
    if Evidence.objects.filter(disclosure__assessment=assessment).exists():
        return None  # loaded before: leave the station as it is
    services.ensure_workspace(assessment)
    services.apply_calendar_deadlines(
        assessment,
        **{name: today + datetime.timedelta(days=days) for name, days in offsets.items()},
    )
    return assessment


def _mueang(unit: Unit, people: dict[str, User], today: datetime.date) -> None:
    assessment = _workspace(unit, today, submission_deadline=30, appeal_opens=60, appeal_closes=70)
    if assessment is None:
        return
    admin, officer, committee, head = (
        people["station.admin"],
        people["officer"],
        people["committee"],
        people["head"],
    )
    for index, disclosure in enumerate(_disclosures(assessment)):
        responsible = [officer] if index < 8 else [committee] if index < 16 else [admin]
        services.assign(
            disclosure, admin, responsible=responsible, reviewer=admin, due_date=_due_date(index)
        )
        if index >= 18:
            continue  # not started yet (O19 …)
        _evidence(disclosure, responsible[0], unit)
        if index < 4:
            _through_approval(disclosure, responsible[0], admin, head)
        elif index < 7:
            services.submit(disclosure, responsible[0])
            services.check(disclosure, admin)  # waiting for the head
        elif index < 10:
            services.submit(disclosure, responsible[0])  # waiting for the check
        elif index == 10:
            services.submit(disclosure, responsible[0])
            services.send_back(disclosure, admin, "ขาดไฟล์ Excel ของรายงาน")


def _scored(
    unit: Unit, people: dict[str, User], today: datetime.date, **offsets: int
) -> Assessment | None:
    assessment = _workspace(unit, today, **offsets)
    if assessment is None:
        return None
    unit_admin = people.get(f"{unit.code.removeprefix('demo-tt-')}.admin") or people["admin"]
    head, assessor = people["admin"], people["assessor"]
    for disclosure in _disclosures(assessment):
        services.assign(
            disclosure, unit_admin, responsible=[unit_admin], reviewer=unit_admin, due_date=None
        )
        _evidence(disclosure, unit_admin, unit)
        _through_approval(disclosure, unit_admin, unit_admin, head)
    services.lock_assessment(assessment, unit_admin)
    for disclosure in _disclosures(assessment):
        fails = disclosure.item.code in FAILING_ITEMS
        services.score(
            disclosure,
            assessor,
            score=Decimal(0 if fails else 100),
            observation="ไม่พบไฟล์ที่นำไปประมวลผลต่อได้ (Excel/Word)" if fails else "",
        )
    services.release_scores(assessment, assessor)
    return assessment


@transaction.atomic
def load_oit_demo() -> None:
    _ensure_framework()
    if not FrameworkVersion.objects.usable().filter(urn=FRAMEWORK_URN).exists():
        return
    people = _people()
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="demo-tt-")}
    today = timezone.localdate()
    with acting_as(people["admin"]):
        _mueang(units["demo-tt-muang"], people, today)
        khlongsai = _scored(
            units["demo-tt-khlongsai"],
            people,
            today,
            submission_deadline=-40,
            appeal_opens=-3,
            appeal_closes=7,
        )
        if khlongsai is not None:
            appealed = Disclosure.objects.select_related(
                "assessment", "assessment__unit", "item"
            ).get(assessment=khlongsai, item__code="O6")
            services.file_appeal(
                appealed,
                people["khlongsai.admin"],
                explanation="รายงานประจำเดือนฉบับ Word เผยแพร่แล้วที่ลิงก์ใหม่ ครบทุกเดือน ต.ค.–มี.ค.",
                urls=[f"{units['demo-tt-khlongsai'].website}/ita/2568/o6-word"],
            )
        donmakham = _scored(
            units["demo-tt-donmakham"],
            people,
            today,
            submission_deadline=-60,
            appeal_opens=-20,
            appeal_closes=-10,
        )
        if donmakham is not None:
            services.finalize_assessment(donmakham, people["assessor"])
