"""Small framework libraries made in code for tests (no fixture files)."""

from __future__ import annotations

import copy
from typing import Any

from openita.frameworks import services
from openita.frameworks.models import FrameworkVersion


def text(th: str, en: str | None = None) -> dict[str, str]:
    return {"th": th, "en": en if en is not None else f"{th} (en)"}


def small_library(**overrides: Any) -> dict[str, Any]:
    """A valid canonical library: three instruments, one indicator each, a few items."""
    library: dict[str, Any] = {
        "format": "openita-framework/1",
        "urn": "test-2567",
        "version": 1,
        "fiscal_year": 2567,
        "unit_types": ["police_station"],
        "name": text("กรอบทดสอบ", "Test framework"),
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
        "grade_bands": [
            {"code": "A", "min_score": 85},
            {"code": "F", "min_score": 0},
        ],
        "rating_levels": [
            {
                "code": "good",
                "name": text("ผ่านดี"),
                "min_total": 85,
                "instrument_minimums": {"IIT": 85},
            },
            {"code": "passed", "name": text("ผ่าน"), "min_total": 85},
            {"code": "failed", "name": text("ไม่ผ่าน"), "min_total": 0},
        ],
        "scales": [
            {
                "code": "four_level",
                "name": text("สี่ระดับ"),
                "options": [
                    {"code": "1", "label": text("น้อยที่สุดหรือไม่มีเลย"), "score": 0},
                    {"code": "2", "label": text("น้อย"), "score": 33.33},
                    {"code": "3", "label": text("มาก"), "score": 66.67},
                    {"code": "4", "label": text("มากที่สุด"), "score": 100},
                ],
            }
        ],
        "instruments": [
            {"code": "IIT", "kind": "internal_survey", "weight": 30, "name": text("ภายใน")},
            {"code": "EIT", "kind": "external_survey", "weight": 30, "name": text("ภายนอก")},
            {"code": "OIT", "kind": "disclosure", "weight": 40, "name": text("เปิดเผยข้อมูล")},
        ],
        "indicators": [
            {"number": 1, "instrument": "IIT", "name": text("การปฏิบัติหน้าที่")},
            {"number": 6, "instrument": "EIT", "name": text("คุณภาพการดำเนินงาน")},
            {"number": 9, "instrument": "OIT", "name": text("การเปิดเผยข้อมูล")},
        ],
        "sub_indicators": [{"code": "9.1", "indicator": 9, "name": text("ข้อมูลพื้นฐาน")}],
        "survey_items": [
            {
                "code": "i1",
                "indicator": 1,
                "text": text("ทำตามขั้นตอน"),
                "scale": "four_level",
                "sub_items": [
                    {"code": "i1.1", "text": text("ขั้นตอน")},
                    {"code": "i1.2", "text": text("ระยะเวลา"), "reverse": True},
                ],
            },
            {"code": "e1", "indicator": 6, "text": text("เท่าเทียม"), "scale": "four_level"},
        ],
        "oit_items": [
            {
                "code": "O1",
                "indicator": 9,
                "sub_indicator": "9.1",
                "purposes": ["unit-structure"],
                "title": text("โครงสร้าง"),
                "formats": ["pdf", "xlsx|docx"],
                "elements": [{"th": "แผนผัง", "en": "Chart"}, {"th": "ผู้บริหาร", "en": "Heads"}],
            }
        ],
        "sample_rules": [
            {
                "code": "eit",
                "instrument": "EIT",
                "name": text("ผู้รับบริการ"),
                "minimum_count": 100,
                "quotas": [
                    {"code": "traffic", "kind": "line", "name": text("จราจร"), "minimum_count": 100}
                ],
            }
        ],
    }
    library.update(copy.deepcopy(overrides))
    return library


def load_small(**overrides: Any) -> FrameworkVersion:
    outcome = services.load_library(small_library(**overrides))
    assert outcome.version is not None
    return outcome.version


def small_draft(**overrides: Any) -> FrameworkVersion:
    """A draft (editable) clone of the small library."""
    published = load_small(**overrides)
    return services.new_version_for_editing(published)
