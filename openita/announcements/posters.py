"""Posters made from live data: A4 or A3 portrait, PDF or PNG, in the unit's colours.

The poster is described as plain data (`PosterContent`), turned into JSON and typeset by `typst/poster.typ`
with Sarabun, Thai words boxed as in the documents (`openita.documents.text`), so a line never breaks inside
a word. On A4 the body text is 24 pt and the title 48 pt (legible from two metres); A3 scales both by √2.
QR codes are drawn by segno as SVG and lead to the unit's public pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import segno
import typst
from django.utils.translation import gettext as _

from openita.core.thai import THAI_MONTHS_ABBR
from openita.documents import fonts
from openita.documents.kinds import unit_digits
from openita.documents.spec import Digits, NumberText
from openita.documents.text import break_units_keeping, glue_dates, piece_text, with_digits
from openita.documents.textlayer import fix_text_layer
from openita.ita_calendar.models import CalendarPhase
from openita.scoring.models import AssessmentResult
from openita.units.models import Unit

from . import services
from .models import PosterKind, PosterSize, Service

TEMPLATE = Path(__file__).with_name("typst") / "poster.typ"
# Sizes in points (text) and millimetres (margin, QR side) on A4; A3 multiplies them by √2.
A4_SIZES = {"title": 48, "body": 24, "caption": 16, "margin": 15, "qr": 42}
A3_FACTOR = 2**0.5
PNG_PPI = {
    "a4": 72,
    "a3": 51,
}  # about 600 × 840 pixels either way: enough to print a preview and read the QR
MAX_ROWS = 8
CALENDAR_ROWS = 12  # the calendar's phases (11 in the shipped calendar)


class PosterUnavailable(Exception):
    """The unit lacks the data of this poster; the message says what is missing."""


@dataclass(frozen=True)
class QrCode:
    label: str
    address: str


@dataclass(frozen=True)
class Section:
    kind: str  # text | big | qr | steps | bars | rows | stacked (each row's value under it)
    heading: str | None = None
    lines: tuple[str, ...] = ()
    value: str = ""
    caption: str = ""
    codes: tuple[QrCode, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    bars: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class PosterContent:
    title: str
    unit: str
    sections: tuple[Section, ...]
    subtitle: str | None = None
    footer: str | None = None
    names: tuple[str, ...] = field(default_factory=tuple)


def sizes(size: str) -> dict[str, float]:
    factor = A3_FACTOR if size == PosterSize.A3 else 1
    return {key: round(value * factor, 2) for key, value in A4_SIZES.items()}


def qr_svg(address: str) -> str:
    return segno.make(address, error="m").svg_inline(scale=4, border=2, dark="#000000")


# --- Text -------------------------------------------------------------------------------------------


def _runs(
    value: str, digits: Digits, names: frozenset[str], bold: bool = False
) -> list[dict[str, Any]]:
    shown = with_digits(value, digits)
    units = [[unit.text, unit.keep] for unit in break_units_keeping(glue_dates(shown), names)]
    return [{"u": units, "b": bold}]


def _kept(value: str) -> list[dict[str, Any]]:
    """A web address as typed, breakable nowhere but where Typst may."""
    return [{"u": [[value, False]], "b": False}]


def payload(
    content: PosterContent, size: str, digits: Digits, colours: dict[str, str]
) -> dict[str, Any]:
    names = frozenset(with_digits(name, digits) for name in (content.unit, *content.names) if name)

    def runs(value: str) -> list[dict[str, Any]]:
        return _runs(value, digits, names)

    sections = []
    for section in content.sections:
        entry: dict[str, Any] = {
            "kind": section.kind,
            "heading": runs(section.heading) if section.heading else None,
        }
        if section.kind == "text":
            entry["lines"] = [runs(line) for line in section.lines]
        elif section.kind == "big":
            entry["value"], entry["caption"] = runs(section.value), runs(section.caption)
        elif section.kind == "qr":
            entry["items"] = [
                {
                    "svg": qr_svg(code.address),
                    "label": runs(code.label),
                    "address": _kept(code.address),
                }
                for code in section.codes
            ]
        elif section.kind == "steps":
            entry["items"] = [
                {"number": runs(str(number)), "title": runs(title), "time": runs(time)}
                for number, (title, time) in enumerate(section.rows, start=1)
            ]
        elif section.kind in ("rows", "stacked"):
            entry["items"] = [
                {"left": runs(left), "right": runs(right)} for left, right in section.rows
            ]
        elif section.kind == "bars":
            largest = max((amount for _label, amount in section.bars), default=Decimal(1)) or 1
            entry["items"] = [
                {
                    "label": runs(label),
                    "shown": runs(piece_text(NumberText(amount), digits)),
                    "share": float(max(amount, Decimal(0)) / largest),
                }
                for label, amount in section.bars
            ]
        sections.append(entry)
    return {
        "meta": {"title": with_digits(content.title, digits), "author": content.unit},
        "font": fonts.DEFAULT_FAMILY,
        "paper": size,
        "size": sizes(size),
        "colours": colours,
        "unit": runs(content.unit),
        "title": runs(content.title),
        "subtitle": runs(content.subtitle) if content.subtitle else None,
        "footer": runs(content.footer) if content.footer else None,
        "sections": sections,
    }


def render(
    content: PosterContent,
    size: str,
    file_format: Literal["pdf", "png"],
    digits: Digits,
    colours: dict[str, str],
) -> bytes:
    if size not in PosterSize.values:
        raise ValueError(f"poster size is a4 or a3, not {size!r}")
    if file_format not in ("pdf", "png"):
        raise ValueError(f"a poster comes as pdf or png, not {file_format!r}")
    result = typst.compile(
        TEMPLATE,
        font_paths=[Path(folder) for folder in fonts.pdf_font_dirs()],
        ignore_system_fonts=True,
        sys_inputs={
            "data": json.dumps(payload(content, size, digits, colours), ensure_ascii=False)
        },
        format=file_format,
        ppi=PNG_PPI[size] if file_format == "png" else None,
    )
    if isinstance(result, list):  # a PNG per page: a poster that overflowed its page is a bug
        raise RuntimeError(f"the poster ran over {len(result)} pages")
    return fix_text_layer(result) if file_format == "pdf" else result


# --- What each poster says ---------------------------------------------------------------------------


def month_range(start: date, end: date, digits: Digits) -> str:
    """ "ต.ค. – ธ.ค. 67": the months of a phase, short enough to stand beside its name at 24 pt."""

    def month(day: date) -> str:
        return THAI_MONTHS_ABBR[day.month]

    def year(day: date) -> str:
        return with_digits(str(day.year + 543)[-2:], digits)

    if (start.year, start.month) == (end.year, end.month):
        return f"{month(start)} {year(start)}"
    if start.year == end.year:
        return f"{month(start)} – {month(end)} {year(end)}"
    return f"{month(start)} {year(start)} – {month(end)} {year(end)}"


def channels(unit: Unit, fiscal_year: int, digits: Digits) -> PosterContent:
    codes = [
        QrCode("ร้องเรียน แจ้งเบาะแสการทุจริต", services.complaint_address(unit)),
        QrCode("ถามตอบ ข้อเสนอแนะ ติชม", services.questions_address(unit)),
    ]
    survey = services.survey_address(unit, fiscal_year)
    if survey:
        codes.append(QrCode("แบบสำรวจความคิดเห็นผู้รับบริการ", survey))
    else:
        codes.append(QrCode("ข้อมูลสาธารณะของหน่วยงาน", services.unit_page_address(unit)))
    lines: tuple[str, ...] = ("ผู้ร้องเรียนได้รับการคุ้มครอง ข้อมูลเก็บเป็นความลับ",)
    if unit.phone:
        lines += (f"โทรศัพท์ {unit.phone}",)
    return PosterContent(
        title="ช่องทางร้องเรียนและแสดงความคิดเห็น",
        unit=unit.name_th,
        sections=(Section("qr", codes=tuple(codes)), Section("text", lines=lines)),
        footer="สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์",
    )


def no_gift(unit: Unit, fiscal_year: int, digits: Digits) -> PosterContent:
    return PosterContent(
        title="No Gift Policy",
        unit=unit.name_th,
        subtitle=f"นโยบายไม่รับของขวัญ ปีงบประมาณ พ.ศ. {fiscal_year}",
        sections=(
            Section("big", value="งดรับ งดให้", caption="ของขวัญ ของกำนัล และประโยชน์อื่นใด"),
            Section(
                "text",
                lines=(
                    "เจ้าหน้าที่ทุกนายไม่รับของขวัญจากผู้มาติดต่อราชการ",
                    "ทั้งในเทศกาลและโอกาสอื่น",
                ),
            ),
            Section(
                "qr", codes=(QrCode("พบเห็นการรับของขวัญ แจ้งได้ที่นี่", services.complaint_address(unit)),)
            ),
        ),
    )


def service_steps(unit: Unit, service: Service | None, digits: Digits) -> PosterContent:
    if service is None:
        raise PosterUnavailable(_("Choose a service (add its steps on the posters screen)."))
    steps = list(service.steps.all())
    if not steps:
        raise PosterUnavailable(_("The service has no steps yet."))
    sections = [
        Section("steps", rows=tuple((step.title, step.duration) for step in steps[:MAX_ROWS]))
    ]
    facts = []
    if service.total_time:
        facts.append(("ระยะเวลารวม", service.total_time))
    if service.fee:
        facts.append(("ค่าธรรมเนียม", service.fee))
    if facts:
        sections.append(Section("rows", rows=tuple(facts)))
    if service.manual_url:
        sections.append(Section("qr", codes=(QrCode("คู่มือสำหรับประชาชน", service.manual_url),)))
    return PosterContent(
        title=service.name,
        unit=unit.name_th,
        subtitle="ขั้นตอนและระยะเวลาการให้บริการ",
        sections=tuple(sections),
    )


def budget(unit: Unit, fiscal_year: int, digits: Digits) -> PosterContent:
    figures = services.budget_of(unit, fiscal_year)
    if not figures:
        raise PosterUnavailable(_("No budget figures for this year yet."))
    total = sum((figure.amount for figure in figures), Decimal(0))
    return PosterContent(
        title="งบประมาณประจำปี",
        unit=unit.name_th,
        subtitle=f"ปีงบประมาณ พ.ศ. {fiscal_year} (บาท)",
        sections=(
            Section(
                "bars", bars=tuple((figure.label, figure.amount) for figure in figures[:MAX_ROWS])
            ),
            Section("rows", rows=(("รวมทั้งสิ้น", piece_text(NumberText(total), digits)),)),
        ),
    )


def calendar(unit: Unit, fiscal_year: int, digits: Digits) -> PosterContent:
    phases = list(
        CalendarPhase.objects.filter(
            assessment__unit=unit, assessment__fiscal_year=fiscal_year
        ).order_by("starts_on", "position")[:MAX_ROWS]
    )
    if not phases:
        raise PosterUnavailable(_("The ITA calendar of this year is not set up yet."))
    rows = tuple(
        (phase.name_th, month_range(phase.starts_on, phase.ends_on, digits)) for phase in phases
    )
    return PosterContent(
        title="ปฏิทินการประเมิน ITA",
        unit=unit.name_th,
        subtitle=f"ปีงบประมาณ พ.ศ. {fiscal_year}",
        sections=(Section("rows", rows=rows),),
    )


def result(unit: Unit, fiscal_year: int, digits: Digits) -> PosterContent:
    found = (
        AssessmentResult.objects.filter(
            unit=unit, fiscal_year__lte=fiscal_year, total__isnull=False
        )
        .order_by("-fiscal_year", "-source")  # the official result before the computed one
        .first()
    )
    if found is None:
        raise PosterUnavailable(_("No assessment result yet."))
    rows = []
    if found.grade:
        rows.append(("ระดับผลการประเมิน", found.grade))
    if found.rating_name_th:
        rows.append(("ผลการประเมิน", found.rating_name_th))
    assert found.total is not None
    return PosterContent(
        title="ผลการประเมิน ITA",
        unit=unit.name_th,
        subtitle=f"ปีงบประมาณ พ.ศ. {found.fiscal_year}",
        sections=(
            Section("big", value=piece_text(NumberText(found.total, 2), digits), caption="คะแนน"),
            Section("rows", rows=tuple(rows)),
            Section(
                "qr",
                codes=(QrCode("ผลการประเมินฉบับเต็ม", services.public_address(_results_path(unit))),),
            ),
        ),
    )


def _results_path(unit: Unit) -> str:
    from django.urls import reverse

    return reverse("public_site:results", args=[unit.code])


def content_of(
    unit: Unit, fiscal_year: int, kind: str, service: Service | None = None
) -> PosterContent:
    digits = unit_digits(unit)
    if kind == PosterKind.CHANNELS:
        return channels(unit, fiscal_year, digits)
    if kind == PosterKind.NO_GIFT:
        return no_gift(unit, fiscal_year, digits)
    if kind == PosterKind.SERVICE:
        return service_steps(unit, service, digits)
    if kind == PosterKind.BUDGET:
        return budget(unit, fiscal_year, digits)
    if kind == PosterKind.CALENDAR:
        return calendar(unit, fiscal_year, digits)
    if kind == PosterKind.RESULT:
        return result(unit, fiscal_year, digits)
    raise ValueError(f"unknown poster kind {kind!r}")


def poster_file(
    unit: Unit,
    fiscal_year: int,
    kind: str,
    size: str,
    file_format: Literal["pdf", "png"] | str,
    service: Service | None = None,
) -> tuple[bytes, str]:
    """The poster's bytes and file name; PosterUnavailable when the unit lacks its data."""
    if file_format not in ("pdf", "png"):
        raise ValueError(f"a poster comes as pdf or png, not {file_format!r}")
    content = content_of(unit, fiscal_year, kind, service)
    colours = services.colours_of(unit)
    data = render(
        content,
        size,
        "png" if file_format == "png" else "pdf",
        unit_digits(unit),
        {"primary": colours.primary, "accent": colours.accent},
    )
    suffix = f"-{service.pk}" if kind == PosterKind.SERVICE and service else ""
    return data, f"poster-{kind}{suffix}-{unit.code}-{fiscal_year}-{size}.{file_format}"
