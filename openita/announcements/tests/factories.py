"""Small worlds for the announcements' tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openita.announcements import services
from openita.announcements.models import Announcement, Service
from openita.units.models import Unit

YEAR = 2568


def complete_announcement(unit: Unit, kind: str = "anti-bribery", **values: object) -> Announcement:
    defaults: dict[str, object] = {
        "number": "3/2568",
        "issued_on": date(2024, 10, 15),
        "signer_rank": "พ.ต.อ.",
        "signer_name": "ประเสริฐ มั่นคงธรรม",
        "signer_position": "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง",
        "signer_name_en": "Prasert Mankongtham",
        "signer_position_en": "Superintendent",
    }
    return services.create_announcement(unit, YEAR, kind, **{**defaults, **values})


def a_service(unit: Unit) -> Service:
    return services.save_service(
        unit,
        None,
        name="การขอคัดสำเนารายงานประจำวันเกี่ยวกับคดี",
        manual_url="https://www.example.go.th/manual/copy-report.pdf",
        total_time="๓๐ นาที",
        fee="ไม่มีค่าธรรมเนียม",
        steps=services.parse_steps(
            "ยื่นคำขอพร้อมบัตรประจำตัวประชาชน | 5 นาที\n"
            "เจ้าหน้าที่ตรวจสอบเอกสารและค้นหารายงาน | 15 นาที\n"
            "หัวหน้างานลงนามรับรองสำเนา | 10 นาที"
        ),
    )


def a_budget(unit: Unit) -> None:
    services.set_budget(
        unit,
        YEAR,
        [
            ("งบบุคลากร", Decimal("12500000")),
            ("งบดำเนินงาน", Decimal("3400000")),
            ("งบลงทุน", Decimal("1800000")),
            ("งบรายจ่ายอื่น", Decimal("450000")),
        ],
    )
