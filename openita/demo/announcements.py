"""The demo's announcements and posters: the Mueang station's announcements of every kind, issued by its
head, in the last closed year and the current one; a service with its steps, the year's budget figures and
its colours, so that every poster can be made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from openita.announcements import services
from openita.announcements.models import Announcement, AnnouncementKind, Service
from openita.demo.years import demo_years
from openita.units.models import Unit

STATION = "demo-tt-muang"
SIGNER = {
    "signer_rank": "พ.ต.อ.",
    "signer_name": "ประเสริฐ มั่นคงธรรม",
    "signer_position": "ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง",
    "signer_name_en": "Pol. Col. Prasert Mankongtham",
    "signer_position_en": "Superintendent, Mueang Thanthong Police Station",
}
FREE = {
    "title_th": "ประกาศเวลาทำการและการให้บริการนอกเวลาราชการ",
    "body_th": (
        "สถานีตำรวจภูธรเมืองธารทอง เปิดให้บริการรับแจ้งความตลอด ๒๔ ชั่วโมง\n"
        "งานธุรการและงานอำนวยการเปิดทำการวันจันทร์ถึงวันศุกร์ เวลา ๐๘.๓๐ ถึง ๑๖.๓๐ น.\n"
        "จึงประกาศมาเพื่อทราบโดยทั่วกัน"
    ),
}
BUDGET = (
    ("งบบุคลากร", Decimal("18250000")),
    ("งบดำเนินงาน", Decimal("4120000")),
    ("งบลงทุน", Decimal("2350000")),
    ("งบรายจ่ายอื่น", Decimal("610000")),
)
SERVICE_STEPS = (
    "ยื่นคำขอพร้อมบัตรประจำตัวประชาชน | 5 นาที\n"
    "เจ้าหน้าที่ตรวจสอบเอกสารและค้นหารายงาน | 15 นาที\n"
    "หัวหน้างานลงนามรับรองสำเนา | 10 นาที\n"
    "รับสำเนารายงานประจำวัน | 5 นาที"
)


def load_announcements(today: date) -> None:
    unit = Unit.objects.filter(code=STATION).first()
    if unit is None:
        return
    years = demo_years(today)
    with transaction.atomic():
        services.set_colours(unit, "#1f3a68", "#c8a13a")
        if not Service.objects.filter(unit=unit).exists():
            services.save_service(
                unit,
                None,
                name="การขอคัดสำเนารายงานประจำวัน",
                manual_url="https://muang.thanthong-police.example.go.th/manual/copy-report.pdf",
                total_time="35 นาที",
                fee="ไม่มีค่าธรรมเนียม",
                steps=services.parse_steps(SERVICE_STEPS),
            )
        for year in sorted({years.current - 1, years.current}):
            if not services.budget_of(unit, year):
                services.set_budget(unit, year, BUDGET)
            if Announcement.objects.filter(unit=unit, fiscal_year=year).exists():
                continue
            issued_on = date(year - 543 - 1, 10, 15)
            for number, kind in enumerate(AnnouncementKind.values, start=1):
                extra = FREE if kind == AnnouncementKind.FREE else {}
                announcement = services.create_announcement(
                    unit,
                    year,
                    kind,
                    number=f"{number}/{year}",
                    issued_on=issued_on,
                    **{**SIGNER, **extra},
                )
                services.issue(announcement)
