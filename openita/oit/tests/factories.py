"""A small framework version and an OIT workspace, made in code (faster than loading a library)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from openita.frameworks.models import (
    Assessment,
    FrameworkVersion,
    Indicator,
    Instrument,
    InstrumentKind,
    OitElement,
    OitItem,
    SubIndicator,
    VersionStatus,
)
from openita.frameworks.services import get_or_create_assessment
from openita.oit import services
from openita.oit.models import Disclosure
from openita.units.models import Unit

# code, indicator, sub-indicator, scoring, formats, number of elements
ITEMS: list[tuple[str, int, str, str, list[str], int]] = [
    ("O1", 9, "9.1", "pass_fail", [], 2),
    ("O2", 9, "9.1", "pass_fail", ["pdf", "xlsx|docx"], 3),
    ("O3", 9, "9.2", "pro_rata", [], 4),
    ("O4", 10, "10.1", "pass_fail", [], 2),
    ("O5", 10, "10.1", "pass_fail", [], 0),
]


def make_version(
    fiscal_year: int = 2568, unit_types: Sequence[str] = ("police_station",)
) -> FrameworkVersion:
    existing = FrameworkVersion.objects.filter(urn=f"test-oit-{fiscal_year}").first()
    if existing is not None:
        return existing
    version = FrameworkVersion.objects.create(
        urn=f"test-oit-{fiscal_year}",
        fiscal_year=fiscal_year,
        unit_types=list(unit_types),
        name_th=f"กรอบทดสอบ {fiscal_year}",
        name_en=f"Test framework {fiscal_year}",
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
        pass_threshold=Decimal(85),
        indicator_benchmark=Decimal(85),
        oit_scoring_mode="pass_fail",
        rollup={"item": "mean_of_sub_items", "indicator": "mean_of_items"},
    )
    instrument = Instrument.objects.create(
        version=version,
        code="OIT",
        kind=InstrumentKind.DISCLOSURE,
        weight=Decimal(40),
        name_th="แบบตรวจการเปิดเผยข้อมูลสาธารณะ",
        name_en="Open data",
    )
    indicators = {
        number: Indicator.objects.create(
            version=version,
            instrument=instrument,
            number=number,
            name_th=f"ตัวชี้วัด {number}",
            name_en=f"Indicator {number}",
        )
        for number in (9, 10)
    }
    subs: dict[str, SubIndicator] = {}
    for position, (code, indicator, sub, mode, formats, elements) in enumerate(ITEMS):
        if sub not in subs:
            subs[sub] = SubIndicator.objects.create(
                version=version,
                indicator=indicators[indicator],
                code=sub,
                name_th=f"ตัวชี้วัดย่อย {sub}",
                name_en=f"Sub-indicator {sub}",
                position=len(subs),
            )
        item = OitItem.objects.create(
            version=version,
            indicator=indicators[indicator],
            sub_indicator=subs[sub],
            code=code,
            position=position,
            title_th=f"ข้อ {code}",
            title_en=f"Item {code}",
            year_condition_th="ปีงบประมาณปัจจุบัน",
            year_condition_en="This fiscal year",
            formats=formats,
            scoring_mode=mode,
        )
        for number in range(elements):
            OitElement.objects.create(
                item=item,
                code=str(number + 1),
                position=number,
                text_th=f"องค์ประกอบ {number + 1} ของ {code}",
                text_en=f"Element {number + 1} of {code}",
            )
    return version


@dataclass
class Workspace:
    assessment: Assessment

    def item(self, code: str) -> Disclosure:
        return Disclosure.objects.select_related("assessment", "assessment__unit", "item").get(
            assessment=self.assessment, item__code=code
        )


def make_workspace(unit: Unit, fiscal_year: int = 2568) -> Workspace:
    make_version(fiscal_year)
    assessment = get_or_create_assessment(unit, fiscal_year)
    services.ensure_workspace(assessment)
    return Workspace(assessment)


# What the OIT tables hold after scoring, read back for the tests' assertions.


def oit_item_scores(assessment: Assessment, *, final_only: bool = False) -> dict[str, Decimal]:
    """Item code → score, for the items that have a score (only the final ones with ``final_only``)."""
    from openita.oit.models import Disclosure, Status
    from openita.oit.scoring import SCORED_STATUSES

    statuses = (Status.FINAL,) if final_only else SCORED_STATUSES
    rows = (
        Disclosure.objects.filter(assessment=assessment)
        .filter(status__in=statuses, score__isnull=False)
        .values_list("item__code", "score")
    )
    return {code: score for code, score in rows if score is not None}


def oit_final_item_scores(assessment: Assessment) -> dict[str, Decimal]:
    return oit_item_scores(assessment, final_only=True)


def oit_indicator_scores(assessment: Assessment) -> dict[int, Decimal]:
    """Indicator number (9, 10) → the mean of its scored items, as stored by the last scoring service."""
    from openita.oit.models import OitScoreSummary, SummaryLevel

    rows = OitScoreSummary.objects.filter(
        assessment=assessment, level=SummaryLevel.INDICATOR, score__isnull=False
    ).values_list("code", "score")
    return {int(code): score for code, score in rows if score is not None}
