"""The demo's bribery-risk register: the Mueang station's current year, five risks on its processes, the
treatments as measures of its plan (the new plan version approved by the head), one of them reported."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from openita.accounts.models import Membership, Role, User
from openita.core.thai import fiscal_year_of
from openita.measures import services as measure_services
from openita.measures.models import PlanStatus
from openita.risks import services
from openita.risks.models import Risk, Treatment
from openita.units.models import Unit

STATION = "demo-tt-muang"
CRITERIA = (
    "โอกาสที่จะเกิด พิจารณาจากจำนวนครั้งที่เกิดหรืออาจเกิดในหนึ่งปี ผลกระทบ พิจารณาจากความเสียหายต่อประชาชน "
    "ทางราชการ และภาพลักษณ์ของสถานี ตามเกณฑ์ ๕ ระดับของสำนักงาน ป.ป.ช."
)
# (process code of the catalogue, risk event, existing controls, likelihood, impact, treatment, plan, after)
RISKS = [
    ("traffic-fines", "เรียกรับเงินจากผู้ขับขี่แลกกับการไม่ออกใบสั่ง", "ตู้รับชำระค่าปรับ",
     4, 4, Treatment.REDUCE, "กล้องติดตัวเจ้าหน้าที่ทุกจุดตรวจ และสุ่มตรวจใบสั่งรายสัปดาห์", (2, 3)),
    ("complaints", "ไม่รับแจ้งความหรือชะลอเรื่องเพื่อเรียกรับประโยชน์", "สมุดรับแจ้งความ",
     3, 4, Treatment.REDUCE, "ลงเลขรับแจ้งความในระบบทันที และประกาศช่องทางร้องเรียนที่ห้องร้อยเวร", (2, 2)),
    ("case-files", "เรียกรับเงินเพื่อปรับแต่งสำนวนคดี", "การตรวจสำนวนโดยสารวัตร",
     2, 5, Treatment.REDUCE, "ตรวจสำนวนสองชั้นและบันทึกการแก้ไขทุกครั้ง", (1, 5)),
    ("bail", "เรียกรับเงินเพื่อลดหลักประกันการปล่อยตัวชั่วคราว", "ตารางหลักประกันมาตรฐาน",
     2, 4, Treatment.REDUCE, "ติดประกาศตารางหลักประกันและขั้นตอนที่จุดบริการ", (1, 3)),
    ("permits", "เรียกรับค่าอำนวยความสะดวกในการออกใบอนุญาต", "ขั้นตอนและระยะเวลาตามคู่มือประชาชน",
     1, 3, Treatment.ACCEPT, "", None),
]  # fmt: skip


IMMIGRATION = "demo-tt-immigration"
IMMIGRATION_RISKS = [
    ("stay-extension", "เรียกรับเงินเพื่อเร่งหรืออนุมัติการขออยู่ต่อโดยเอกสารไม่ครบ", "ตรวจเอกสารสองชั้น",
     3, 4, Treatment.REDUCE, "บัตรคิวอัตโนมัติและตรวจสุ่มคำขอรายสัปดาห์", (2, 3)),
    ("reporting", "เรียกรับค่าอำนวยความสะดวกในการรายงานตัว ๙๐ วัน", "รายงานตัวออนไลน์",
     3, 3, Treatment.REDUCE, "ประชาสัมพันธ์การรายงานตัวออนไลน์และป้ายไม่มีค่าธรรมเนียม", (1, 3)),
    ("work-permits", "รับผลประโยชน์จากนายจ้างแรงงานต่างด้าวเพื่อละเว้นการตรวจ", "แผนการตรวจประจำเดือน",
     2, 5, Treatment.REDUCE, "สุ่มจับคู่เจ้าหน้าที่ตรวจและบันทึกผลการตรวจทุกครั้ง", (1, 4)),
]  # fmt: skip


def _member(unit: Unit, role: str) -> User | None:
    membership = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return membership.user if membership else None


def load_risks(today: date | None = None) -> None:
    """The register of the last closed year (approved, as the unit reported it) and of the current year
    (its treatments in the plan, one reported). Idempotent: a year that has its register keeps it."""
    unit = Unit.objects.filter(code=STATION).first()
    if unit is None:
        return
    year = fiscal_year_of(today or timezone.localdate())
    _register(unit, year - 1, today, into_plan=False)
    _register(unit, year, today, into_plan=True)
    immigration = Unit.objects.filter(code=IMMIGRATION).first()
    if immigration is not None:  # its plan of the year waits for approval: the register only
        for each_year in (year - 1, year):
            _register(immigration, each_year, today, into_plan=False, risks=IMMIGRATION_RISKS)


def _register(
    unit: Unit,
    year: int,
    today: date | None,
    *,
    into_plan: bool,
    risks: list[tuple[Any, ...]] = RISKS,
) -> None:
    if services.current(unit, year) is not None:
        return
    admin = _member(unit, Role.UNIT_ADMIN)
    head = _member(unit, Role.EXECUTIVE)
    officer = _member(unit, Role.OFFICER) or admin
    with transaction.atomic():
        assessment = services.start_assessment(unit, year, admin)
        services.update_assessment(assessment, criteria=CRITERIA)
        processes = {process.catalogue_code: process for process in assessment.processes.all()}
        saved = []
        # A year after an approved one starts from it: its risks are carried over, assessed again here.
        carried = {
            (risk.process.catalogue_code, risk.event): risk
            for risk in Risk.objects.filter(process__assessment=assessment).select_related(
                "process"
            )
        }
        for code, event, controls, likelihood, impact, treatment, how, after in risks:
            saved.append(
                services.save_risk(
                    processes[code],
                    risk=carried.get((code, event)),
                    event=event,
                    existing_controls=controls,
                    inherent_likelihood=likelihood,
                    inherent_impact=impact,
                    treatment=treatment,
                    treatment_plan=how,
                    accept_reason="" if how else "โอกาสเกิดต่ำ และมีคู่มือประชาชนกำกับแล้ว",
                    residual_likelihood=after[0] if after else None,
                    residual_impact=after[1] if after else None,
                    owner=officer,
                )
            )
        if head is not None:
            services.approve(assessment, head)
        if not into_plan:
            return
        plan = measure_services.plan_for(unit, year, admin)
        measures = [
            services.treatment_to_measure(risk, admin)
            for risk in saved
            if risk.treatment != Treatment.ACCEPT
        ]
        version = measure_services.latest_version(plan)
        if head is not None and version.status == PlanStatus.DRAFT and version.number > 1:
            measure_services.submit_plan(plan, admin)
            measure_services.approve_plan(plan, head)
        measure_services.add_progress(
            measures[0],
            done_on=min(today or timezone.localdate(), measures[0].due_date or date.max),
            description="ติดตั้งกล้องติดตัวเจ้าหน้าที่ครบทุกจุดตรวจ และสุ่มตรวจใบสั่งสัปดาห์แรกแล้ว",
            percent=40,
            actor=officer,
        )
