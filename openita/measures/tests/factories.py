"""Frameworks, plans and measures made in code for the measures tests (no fixture files).

`shipped_framework` loads a shipped library (realistic: ten indicators, i1-i30, e1-e15, O items), optionally
re-labelled for another fiscal year or unit type; it is cached per database by its identifier.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import cache
from typing import Any

from openita.accounts.models import User
from openita.frameworks import services as framework_services
from openita.frameworks.library import canonical_library, read_library
from openita.frameworks.library import shipped_library_paths as _paths
from openita.frameworks.models import FrameworkVersion, Indicator
from openita.measures import services
from openita.measures.models import Measure, MeasuresPlan
from openita.units.models import Unit, UnitType


@cache
def _shipped(name: str) -> dict[str, Any]:
    path = next(path for path in _paths() if path.name == f"{name}.yaml")
    library = read_library(path, known_unit_types=list(UnitType.values))
    assert library.data is not None
    return canonical_library(library.data)


def shipped_framework(
    name: str = "ita-2568-police",
    *,
    fiscal_year: int | None = None,
    unit_types: list[str] | None = None,
) -> FrameworkVersion:
    """A shipped library loaded as a published version; with another fiscal year or unit types, under its
    own identifier (``<name>-fy<year>``)."""
    library = copy.deepcopy(_shipped(name))
    if fiscal_year is not None:
        library["fiscal_year"] = fiscal_year
        library["urn"] = f"{name}-fy{fiscal_year}"
    if unit_types is not None:
        library["unit_types"] = unit_types
    existing = FrameworkVersion.objects.filter(urn=library["urn"]).first()
    if existing is not None:
        return existing
    outcome = framework_services.load_library(library)
    assert outcome.version is not None, outcome.problems
    return outcome.version


def tiny_library(
    fiscal_year: int = 2568, unit_types: tuple[str, ...] = ("police_station",)
) -> dict[str, Any]:
    """A valid library with the ten indicators and a few items: quick to load in role-matrix tests."""

    def text(th: str) -> dict[str, str]:
        return {"th": th, "en": f"{th} (en)"}

    indicators = [
        (1, "IIT", "การปฏิบัติหน้าที่"),
        (2, "IIT", "การใช้งบประมาณ"),
        (3, "IIT", "การใช้อำนาจ"),
        (4, "IIT", "การใช้ทรัพย์สินของราชการ"),
        (5, "IIT", "การแก้ไขปัญหาการทุจริต"),
        (6, "EIT", "คุณภาพการดำเนินงาน"),
        (7, "EIT", "ประสิทธิภาพการสื่อสาร"),
        (8, "EIT", "การปรับปรุงระบบการทำงาน"),
        (9, "OIT", "การเปิดเผยข้อมูล"),
        (10, "OIT", "การป้องกันการทุจริต"),
    ]
    items = [("i1", 1), ("i2", 1), ("i7", 2), ("i12", 2), ("i13", 3), ("i20", 4), ("i28", 5)]
    items += [("e1", 6), ("e10", 7), ("e13", 8)]
    return {
        "format": "openita-framework/1",
        "urn": f"tiny-{fiscal_year}",
        "version": 1,
        "fiscal_year": fiscal_year,
        "unit_types": list(unit_types),
        "name": text("กรอบทดสอบ"),
        "scoring": {
            "pass_threshold": 85,
            "indicator_benchmark": 85,
            "oit_scoring": "pass_fail",
            "rollup": {
                "item": "mean_of_sub_items",
                "indicator": "mean_of_items",
                "instrument": "mean_of_indicators",
                "total": "weighted_sum_of_instruments",
            },
        },
        "grade_bands": [{"code": "A", "min_score": 85}, {"code": "F", "min_score": 0}],
        "rating_levels": [{"code": "passed", "name": text("ผ่าน"), "min_total": 85}],
        "scales": [
            {
                "code": "yes_no",
                "name": text("มี/ไม่มี"),
                "options": [
                    {"code": "yes", "label": text("มี"), "score": 100},
                    {"code": "no", "label": text("ไม่มี"), "score": 0},
                ],
            }
        ],
        "instruments": [
            {"code": "IIT", "kind": "internal_survey", "weight": 30, "name": text("ภายใน")},
            {"code": "EIT", "kind": "external_survey", "weight": 30, "name": text("ภายนอก")},
            {"code": "OIT", "kind": "disclosure", "weight": 40, "name": text("เปิดเผยข้อมูล")},
        ],
        "indicators": [
            {"number": number, "instrument": instrument, "name": text(name)}
            for number, instrument, name in indicators
        ],
        "survey_items": [
            {"code": code, "indicator": number, "text": text(f"ข้อ {code}"), "scale": "yes_no"}
            for code, number in items
        ],
        "oit_items": [
            {"code": code, "indicator": number, "title": text(title)}
            for code, number, title in (
                ("O1", 9, "โครงสร้าง"),
                ("O16", 9, "ช่องทางร้องเรียน"),
                ("O17", 10, "นโยบายต่อต้านการรับสินบน"),
            )
        ],
    }


def tiny_framework(fiscal_year: int = 2568) -> FrameworkVersion:
    existing = FrameworkVersion.objects.filter(urn=f"tiny-{fiscal_year}").first()
    if existing is not None:
        return existing
    outcome = framework_services.load_library(tiny_library(fiscal_year))
    assert outcome.version is not None, outcome.problems
    return outcome.version


def plan_for(unit: Unit, fiscal_year: int = 2568, *, tiny: bool = True) -> MeasuresPlan:
    if tiny:
        tiny_framework(fiscal_year)
    else:
        shipped_framework(fiscal_year=fiscal_year if fiscal_year != 2568 else None)
    # A unit type without a library of that year uses an earlier one, chosen on purpose (ADR 0016).
    return services.plan_for(unit, fiscal_year, provisional=not tiny)


def indicator(plan: MeasuresPlan, number: int) -> Indicator:
    return plan.assessment.framework_version.indicators.get(number=number)


def add_measure(
    plan: MeasuresPlan,
    *,
    number: int = 1,
    title: str = "จัดทำคู่มือการให้บริการ",
    owner: User | None = None,
    due: date | None = None,
    **values: Any,
) -> Measure:
    values.setdefault("period_kind", "dates" if due else "all_year")
    if owner is None and not values.get("people") and not values.get("lines"):
        values.setdefault("responsible_text", "งานอำนวยการ")  # a plan needs someone responsible
    return services.create_measure(
        plan, indicator=indicator(plan, number), title=title, owner=owner, due_date=due, **values
    )


def approved_plan(
    unit: Unit, executive: User, fiscal_year: int = 2568, **measure: Any
) -> MeasuresPlan:
    plan = plan_for(unit, fiscal_year)
    if not plan.measures.exists():
        add_measure(plan, **measure)
    services.submit_plan(plan, None)
    services.approve_plan(plan, executive)
    return plan
