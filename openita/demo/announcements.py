"""The demo's announcements and posters: the Mueang station's and the immigration office's announcements of
every kind, issued by their heads, in the last closed year and the current one; the station's service with
its steps, its budget figures and colours, so that every poster can be made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from openita.announcements import services
from openita.announcements.models import Announcement, AnnouncementKind, Service
from openita.demo.years import demo_years
from openita.units.models import Unit

STATION = "demo-tt-muang"
IMMIGRATION = "demo-tt-immigration"
SIGNERS = {
    STATION: {
        "signer_rank": "พ.ต.อ.",
        "signer_name": "ประเสริฐ มั่นคงธรรม",
        "signer_position": "ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง",
        "signer_name_en": "Pol. Col. Prasert Mankongtham",
        "signer_position_en": "Superintendent, Mueang Thanthong Police Station",
    },
    IMMIGRATION: {
        "signer_rank": "พ.ต.อ.",
        "signer_name": "ชาญชัย ด่านทอง",
        "signer_position": "ผู้กำกับการตรวจคนเข้าเมืองจังหวัดธารทอง",
        "signer_name_en": "Pol. Col. Chanchai Danthong",
        "signer_position_en": "Superintendent, Thanthong Immigration",
    },
}
FREE = {
    "title_th": "ประกาศเวลาทำการและการให้บริการนอกเวลาราชการ",
    "body_th": (
        "{unit} เปิดให้บริการรับเรื่องตลอด ๒๔ ชั่วโมง\n"
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
    """The station's and the immigration office's announcements (every document kind renders for both), the
    station's poster data."""
    years = demo_years(today)
    for code, signer in SIGNERS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        with transaction.atomic():
            if code == STATION:
                _poster_data(unit, (years.current - 1, years.current))
            for year in (years.current - 1, years.current):
                _announcements(unit, year, signer, today)


def _poster_data(unit: Unit, years: tuple[int, ...]) -> None:
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
    for year in years:
        if not services.budget_of(unit, year):
            services.set_budget(unit, year, BUDGET)


def _announcements(unit: Unit, year: int, signer: dict[str, str], today: date) -> None:
    if Announcement.objects.filter(unit=unit, fiscal_year=year).exists():
        return
    issued_on = min(date(year - 543 - 1, 10, 15), today)
    for number, kind in enumerate(AnnouncementKind.values, start=1):
        extra = (
            {
                "title_th": FREE["title_th"],
                "body_th": FREE["body_th"].format(unit=unit.name_th),
            }
            if kind == AnnouncementKind.FREE
            else {}
        )
        announcement = services.create_announcement(
            unit,
            year,
            kind,
            number=f"{number}/{year}",
            issued_on=issued_on,
            **{**signer, **extra},
        )
        services.issue(announcement)
