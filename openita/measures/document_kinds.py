"""The measures plan, its progress report and its acknowledgement list as documents.

Kinds (registered in apps.py):

- ``measures-plan`` (มาตรการส่งเสริมคุณธรรมและความโปร่งใส): title, introduction, the analysis of issues per
  indicator, the plan table in the unit's column layout, the head of unit's signature. It shows the version in
  force (the latest approved one, as frozen); a plan never approved is shown as it is now, marked "ฉบับร่าง" in
  the title and without an approval date. The layout is the plan's current one (layout is presentation, not
  content); the live-only columns (status, what was done) are left out of the plan.
- ``progress-report`` (รายงานผลการดำเนินการตามมาตรการ รอบ ๖ เดือน / ประจำปี; option period h1|year): the rows
  of the version in force with what was done and when up to the end of the period (31 March, 30 September),
  evidence links and files, each measure's status at the end of the period, a summary of the statuses, and the
  signatures of the reporting person (the unit admin) and the head of unit. It needs an approved plan.
- ``acknowledgements`` (บัญชีลงชื่อรับทราบ): everyone expected to acknowledge the version in force, with rank,
  name, position, when each acknowledged it in openita, and an empty column to sign on paper.

Builders write Thai text (documents are Thai whatever the reader's interface language) and numbers with 0-9;
the unit's digits setting decides how they are shown. Text typed with Thai digits is turned to 0-9 first, so a
unit that chose Arabic digits gets them everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Membership, Role, User
from openita.core.thai import (
    THAI_MONTHS,
    be_year,
    fiscal_half_bounds,
    fiscal_year_bounds,
    to_arabic_digits,
)
from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable
from openita.documents.measure import CELL_PADDING_MM, fitted_widths, widest_word_mm
from openita.documents.spec import (
    Cell,
    Column,
    DateText,
    Digits,
    Document,
    GroupRow,
    Heading,
    Line,
    Metadata,
    NumberText,
    PageSetup,
    Paragraph,
    Row,
    Run,
    SignatureBlock,
    Signer,
    Table,
    Title,
    text,
)
from openita.measures import services
from openita.measures.layouts import (
    DEFAULT_PRESET,
    LIVE_ONLY_COLUMNS,
    ColumnSpec,
    Layout,
    PlanTable,
    TableContext,
    build_analysis_table,
    build_plan_table,
    column_catalog,
    layout_from_data,
    preset_layout,
)
from openita.measures.models import (
    MeasuresPlan,
    MeasureStatus,
    PlanStatus,
    PlanVersion,
    ProgressEntry,
)
from openita.measures.versioning import plan_snapshot
from openita.units.models import Unit
from openita.working_groups.models import AppointmentOrder

ITA = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
# More columns than this turn the pages to landscape (the police-station plan has five, portrait).
PORTRAIT_COLUMNS = 5
# A name to be written by hand (dotted lines are not compared as text by the quality checks).
BLANK_NAME = "." * 40
# Two empty lines: room to sign on paper.
SIGNATURE_SPACE = Cell(lines=(text(" "), text(" ")))
STATUS_ORDER = (
    MeasureStatus.DONE,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.OVERDUE,
    MeasureStatus.NOT_STARTED,
)
# How a report words each status: in the table, and in the summary (the interface's labels read
# oddly in a signed report).
SHORT_STATUS = {
    MeasureStatus.DONE: "แล้วเสร็จ",
    MeasureStatus.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    MeasureStatus.OVERDUE: "เกินกำหนด",
    MeasureStatus.NOT_STARTED: "ยังไม่ได้ดำเนินการ",
}
REPORT_STATUS = {
    MeasureStatus.DONE: "ดำเนินการแล้วเสร็จ",
    MeasureStatus.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    MeasureStatus.OVERDUE: "เกินกำหนด ยังไม่แล้วเสร็จ",
    MeasureStatus.NOT_STARTED: "ยังไม่ได้ดำเนินการ",
}
# The report's own columns (added when the layout lacks them) and the least share each gets.
REPORT_WIDTHS = {"progress": 0.26, "status": 0.1}


# ---------------------------------------------------------------------------------------------
# What every kind reads


@dataclass(frozen=True)
class PlanContent:
    """The plan as a document shows it: the version in force, or the draft when none is approved."""

    plan: MeasuresPlan
    version: PlanVersion
    snapshot: dict[str, Any]

    @property
    def is_approved(self) -> bool:
        return self.version.status == PlanStatus.APPROVED

    @property
    def title(self) -> str:
        return str(self.snapshot.get("title") or self.plan.title)


def _clean(value: str) -> str:
    """User text with 0-9 (the document's digits setting shows them)."""
    return to_arabic_digits(str(value))


def _paragraphs(value: str) -> list[str]:
    return [_clean(line.strip()) for line in str(value).splitlines() if line.strip()]


def find_plan(request: DocumentRequest) -> MeasuresPlan:
    plan = (
        MeasuresPlan.objects.select_related("assessment", "assessment__unit")
        .filter(assessment__unit=request.unit, assessment__fiscal_year=request.fiscal_year)
        .first()
    )
    if plan is None:
        raise DocumentUnavailable(
            f"{request.unit.name_th} ยังไม่ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
            f"ประจำปีงบประมาณ พ.ศ. {request.fiscal_year}: เริ่มจัดทำได้ที่เมนู มาตรการ"
        )
    return plan


def plan_content(plan: MeasuresPlan) -> PlanContent:
    """The latest approved version as frozen; otherwise the plan as it is now (a draft)."""
    approved = services.approved_version(plan)
    if approved is not None and approved.snapshot:
        return PlanContent(plan, approved, approved.snapshot)
    return PlanContent(plan, services.latest_version(plan), plan_snapshot(plan))


def approved_content(plan: MeasuresPlan, what: str) -> PlanContent:
    content = plan_content(plan)
    if not content.is_approved:
        raise DocumentUnavailable(
            f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year} "
            f"ยังไม่ได้รับความเห็นชอบจากผู้บริหาร: {what}ได้เมื่อผู้บริหารอนุมัติแผนแล้ว "
            "(เมนู มาตรการ ส่งแผนให้ผู้บริหารอนุมัติ)"
        )
    return content


def _require_measures(content: PlanContent) -> None:
    if not content.snapshot.get("measures"):
        raise DocumentUnavailable(
            f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {content.plan.fiscal_year} "
            "ยังไม่มีมาตรการ: เพิ่มมาตรการได้ที่เมนู มาตรการ > แผน"
        )


def _members(unit: Unit, role: str) -> list[User]:
    ids = Membership.objects.filter(unit=unit, role=role).values_list("user", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "pk"))


def signer_for(person: User | None, unit: Unit, default_position: str, *roles: str) -> Signer:
    """A person who signs: rank, name and position (with the unit's name when the position lacks it);
    dotted lines to fill in by hand when nobody is known. `roles` are added as last lines."""
    if person is None:
        return Signer(name=BLANK_NAME, position=(default_position, unit.name_th, *roles))
    position = person.position.strip() or default_position
    lines = [_clean(position)]
    if unit.name_th not in position:
        lines.append(unit.name_th)
    return Signer(
        name=_clean(person.get_full_name() or person.username),
        rank=person.rank.strip(),
        position=(*lines, *roles),
    )


def head_of_unit(content: PlanContent) -> User | None:
    """Who signs for the unit: whoever approved the version, else the unit's first executive."""
    if content.is_approved and content.version.approved_by is not None:
        return content.version.approved_by
    executives = _members(content.plan.unit, Role.EXECUTIVE)
    return executives[0] if executives else None


def _orientation(column_count: int) -> PageSetup:
    return PageSetup(orientation="landscape" if column_count > PORTRAIT_COLUMNS else "portrait")


def _year_line(fiscal_year: int) -> Line:
    return text(f"ประจำปีงบประมาณ พ.ศ. {fiscal_year}")


def _title_lines(first: str, unit: Unit, fiscal_year: int) -> list[Line]:
    lines = [text(_clean(first))]
    if unit.name_th not in first:
        lines.append(text(unit.name_th))
    lines.append(_year_line(fiscal_year))
    return lines


def _without_unit(title: str, unit: Unit) -> str:
    """The plan's title inside a sentence that already names the unit."""
    return _clean(" ".join(title.replace(unit.name_th, " ").split()))


def _approved_on(version: PlanVersion) -> date | None:
    return timezone.localdate(version.approved_at) if version.approved_at else None


# ---------------------------------------------------------------------------------------------
# Tables from the measures app's format-neutral tables


def document_layout(plan: MeasuresPlan) -> Layout:
    """The plan's chosen columns without the live-only ones (status, what was done)."""
    layout = layout_from_data(plan.layout)
    columns = tuple(column for column in layout.columns if column.code not in LIVE_ONLY_COLUMNS)
    if not columns:
        layout = preset_layout(DEFAULT_PRESET)
        columns = tuple(c for c in layout.columns if c.code not in LIVE_ONLY_COLUMNS)
    return Layout(layout.preset, layout.group_by, columns)


def text_width_mm(page: PageSetup) -> float:
    width = 297 if page.orientation == "landscape" else 210
    return width - page.margins.left - page.margins.right


def columns_for(
    specs: Sequence[ColumnSpec], rows: Sequence[Row | GroupRow], page: PageSetup, digits: Digits
) -> tuple[Column, ...]:
    """Columns in the layout's proportions, each at least as wide as its widest word (a Thai word
    wider than its column would wrap inside itself)."""
    least = []
    for index, spec in enumerate(specs):
        cells = [row.cells[index] for row in rows if isinstance(row, Row)]
        words = max(
            [widest_word_mm([text(spec.header_th)], digits, bold=True)]
            + [widest_word_mm(cell.lines, digits, bold=cell.bold) for cell in cells]
        )
        least.append(words + CELL_PADDING_MM)
    widths = fitted_widths([spec.width for spec in specs], text_width_mm(page), least)
    return tuple(Column(spec.header_th, width) for spec, width in zip(specs, widths, strict=True))


def analysis_table(snapshot: dict[str, Any]) -> Table | None:
    sections = build_analysis_table(snapshot, "arabic")
    if not sections:
        return None
    rows: list[Row | GroupRow] = []
    for section in sections:
        rows.append(GroupRow(text(_clean(section.heading))))
        rows.extend(
            Row((Cell.of(_clean(row.indicator)), Cell.of(*(_clean(i) for i in row.issues))))
            for row in section.rows
        )
    return Table(
        columns=(
            Column("ตัวชี้วัดการประเมิน ITA", 0.3),
            Column("ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", 0.7),
        ),
        rows=tuple(rows),
        name="วิเคราะห์ผลการประเมิน",
        group_title="แบบวัด",
    )


def _table_rows(
    table: PlanTable, replace: Mapping[int, Callable[[int | None], Cell]] | None = None
) -> list[Row | GroupRow]:
    """Spec rows from a plan table (group rows for its section headings); `replace` makes the cells of
    some columns (by index) from the row's measure id."""
    makers = replace or {}
    rows: list[Row | GroupRow] = []
    for section in table.sections:
        if section.heading:
            rows.append(GroupRow(text(_clean(section.heading))))
        for row in section.rows:
            cells = [
                makers[index](row.measure_id)
                if index in makers
                else Cell.of(*(_clean(line) for line in cell))
                for index, cell in enumerate(row.cells)
            ]
            rows.append(Row(tuple(cells)))
    return rows


def plan_table(content: PlanContent, layout: Layout, page: PageSetup, digits: Digits) -> Table:
    table = build_plan_table(
        content.snapshot, layout, TableContext(fiscal_year=content.plan.fiscal_year)
    )
    rows = _table_rows(table)
    return Table(
        columns=columns_for(layout.columns, rows, page, digits),
        rows=tuple(rows),
        name="มาตรการ",
        group_title="หมวด",
    )


def _grouping_words(layout: Layout) -> str:
    if layout.group_by == "issue":
        return " แยกตามประเด็นที่ต้องปรับปรุง"
    if layout.group_by == "none":
        return ""
    return " แยกตามตัวชี้วัด"


# ---------------------------------------------------------------------------------------------
# measures-plan


def build_measures_plan(request: DocumentRequest) -> Document:
    with translation.override("th"):
        return measures_plan_document(request)


def measures_plan_document(request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    content = plan_content(find_plan(request))
    _require_measures(content)
    layout = document_layout(content.plan)
    page = _orientation(len(layout.columns))
    title = content.title
    title_lines = _title_lines(title, unit, year)
    if not content.is_approved:
        waiting = content.version.status == PlanStatus.SUBMITTED
        title_lines.append(text("(ฉบับร่าง รอผู้บริหารอนุมัติ)" if waiting else "(ฉบับร่าง)"))
    introduction = _paragraphs(content.snapshot.get("introduction", "")) or [
        f"{unit.name_th} ได้ศึกษาและวิเคราะห์ผลการ{ITA} ประจำปีงบประมาณ พ.ศ. {year - 1} "
        f"และกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {year} ดังนี้"
    ]
    blocks: list[Any] = [Title(tuple(title_lines))]
    blocks.extend(Paragraph(text(entry)) for entry in introduction)
    number = 1
    order = AppointmentOrder.objects.filter(assessment=content.plan.assessment).first()
    if order is not None:
        group = _clean(order.group_name) or "คณะทำงาน"
        blocks += [
            Heading(text(f"{number}. การแต่งตั้ง{group}")),
            Paragraph(
                text(
                    f"{unit.name_th} ได้แต่งตั้ง{group} ตามคำสั่ง{unit.name_th} "
                    f"ที่ {_clean(order.number)} เรื่อง {_clean(order.title)} ลงวันที่ ",
                    DateText(order.issued_on, with_era=True),
                    " เพื่อขับเคลื่อนและกำกับติดตามการประเมินและการดำเนินการตามมาตรการ",
                )
            ),
        ]
        number += 1
    analysis = analysis_table(content.snapshot)
    if analysis is not None:
        blocks += [
            Heading(text(f"{number}. การวิเคราะห์ผลการประเมิน ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา")),
            Paragraph(
                text(
                    f"{unit.name_th} ได้ศึกษาและวิเคราะห์กรอบการประเมินและผลการประเมิน "
                    "เพื่อกำหนดประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา แยกตามตัวชี้วัด "
                    "รายละเอียดดังนี้"
                )
            ),
            analysis,
        ]
        number += 1
    blocks += [
        Heading(text(f"{number}. มาตรการ/กิจกรรม ในการส่งเสริมคุณธรรมและความโปร่งใส")),
        Paragraph(
            text(
                f"{unit.name_th} กำหนดมาตรการ/กิจกรรม ผู้รับผิดชอบ ระยะเวลาดำเนินการ "
                f"และการกำกับติดตาม{_grouping_words(layout)} รายละเอียดดังนี้"
            )
        ),
        plan_table(content, layout, page, request.digits),
    ]
    approved_on = _approved_on(content.version) if content.is_approved else None
    if approved_on is not None:
        blocks.append(
            Paragraph(
                text("ประกาศ ณ วันที่ ", DateText(approved_on, with_era=True)),
                indent=False,
                align="center",
            )
        )
    blocks.append(SignatureBlock((signer_for(head_of_unit(content), unit, "หัวหน้าหน่วยงาน"),)))
    return Document(
        metadata=Metadata(title=f"{_clean(title)} {year}", author=unit.name_th),
        digits=request.digits,
        page=page,
        blocks=tuple(blocks),
    )


# ---------------------------------------------------------------------------------------------
# progress-report


def period_bounds(fiscal_year: int, period: str) -> tuple[date, date]:
    """First and last day a report covers: October to March (h1) or to September (year)."""
    if period == "h1":
        return fiscal_half_bounds(fiscal_year, 1)
    return fiscal_year_bounds(fiscal_year)


def status_at(due_date: date | None, entries: Sequence[ProgressEntry], reference: date) -> str:
    """A measure's status from its entries (oldest first): done at 100 %, late when its due date is
    before `reference`, in progress once anything was recorded, otherwise not started."""
    percent = entries[-1].percent if entries else 0
    if percent >= 100:
        return MeasureStatus.DONE
    if due_date is not None and due_date < reference:
        return MeasureStatus.OVERDUE
    if entries:
        return MeasureStatus.IN_PROGRESS
    return MeasureStatus.NOT_STARTED


def _entry_lines(entry: ProgressEntry, number: int) -> list[Line]:
    who = f"{_clean(entry.done_by_text)} " if entry.done_by_text else ""
    what = _clean(entry.description)
    percent = f" (ร้อยละ {entry.percent})" if entry.percent < 100 else ""
    lines: list[Line] = [
        text(f"{number}. {who}ดำเนินการเมื่อวันที่ ", DateText(entry.done_on), f": {what}{percent}")
    ]
    for url in entry.link_list:
        lines.append((Run("หลักฐาน: "), Run(url, link=url, keep_digits=True)))
    for attachment in entry.attachments.all():
        lines.append((Run("ไฟล์แนบ: "), Run(attachment.original_name, keep_digits=True)))
    return lines


@dataclass
class ProgressReport:
    """What a progress report shows, before it becomes a document (the tests read it)."""

    content: PlanContent
    layout: Layout
    period: str
    starts_on: date
    ends_on: date
    as_of: date
    entries: dict[int, list[ProgressEntry]]
    statuses: dict[int, str]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for status in self.statuses.values():
            counts[MeasureStatus(status)] += 1
        return {str(code): count for code, count in counts.items()}


def progress_report(request: DocumentRequest, today: date | None = None) -> ProgressReport:
    today = today or timezone.localdate()
    period = request.period or "year"
    content = approved_content(find_plan(request), "รายงานผลการดำเนินการจัดทำ")
    _require_measures(content)
    starts_on, ends_on = period_bounds(request.fiscal_year, period)
    # A report made after its period states each status at the end of the last day.
    reference = ends_on + timedelta(days=1) if today > ends_on else today
    entries: dict[int, list[ProgressEntry]] = {}
    for entry in (
        ProgressEntry.objects.filter(measure__plan=content.plan, done_on__lte=ends_on)
        .prefetch_related("attachments")
        .order_by("done_on", "pk")
    ):
        entries.setdefault(entry.measure_id, []).append(entry)
    statuses = {}
    for row in content.snapshot.get("measures", []):
        due = date.fromisoformat(row["due_date"]) if row.get("due_date") else None
        statuses[row["id"]] = status_at(due, entries.get(row["id"], []), reference)
    return ProgressReport(
        content=content,
        layout=report_layout(content.plan),
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        as_of=min(today, ends_on),
        entries=entries,
        statuses=statuses,
    )


def _summary_table(report: ProgressReport) -> Table:
    counts = report.counts()
    total = sum(counts.values())

    def share(count: int) -> NumberText:
        value = Decimal(count * 100) / Decimal(total) if total else Decimal(0)
        return NumberText(value.quantize(Decimal("0.1")), decimals=1)

    rows = [
        Row(
            (
                Cell.of(REPORT_STATUS[MeasureStatus(code)]),
                Cell.of(text(NumberText(count)), align="center"),
                Cell.of(text(share(count)), align="center"),
            )
        )
        for code, count in counts.items()
    ]
    rows.append(
        Row(
            (
                Cell.of("รวม", bold=True),
                Cell.of(text(NumberText(total)), align="center", bold=True),
                Cell.of(text(share(total)), align="center", bold=True),
            )
        )
    )
    return Table(
        columns=(
            Column("ผลการดำเนินการ", 0.5),
            Column("จำนวนมาตรการ", 0.25, align="center"),
            Column("ร้อยละ", 0.25, align="center"),
        ),
        rows=tuple(rows),
        name="สรุปผล",
    )


def report_layout(plan: MeasuresPlan) -> Layout:
    """The plan's chosen columns with what was done and the status (added at the end when the layout
    lacks them), wide enough to read."""
    layout = layout_from_data(plan.layout)
    columns = list(layout.columns) or list(preset_layout(DEFAULT_PRESET).columns)
    catalog = column_catalog()
    for code in REPORT_WIDTHS:
        if not any(column.code == code for column in columns):
            columns.append(catalog[code])
    columns = [
        replace(column, width=max(column.width, REPORT_WIDTHS.get(column.code, 0)))
        for column in columns
    ]
    return Layout(layout.preset, layout.group_by, tuple(columns))


def _progress_cell(report: ProgressReport, measure_id: int | None) -> Cell:
    lines: list[Line] = []
    for number, entry in enumerate(report.entries.get(measure_id or 0, []), start=1):
        lines.extend(_entry_lines(entry, number))
    return Cell(lines=tuple(lines) or (text("ยังไม่มีการรายงานผลในรอบนี้"),))


def _status_cell(report: ProgressReport, measure_id: int | None) -> Cell:
    entries = report.entries.get(measure_id or 0, [])
    status = MeasureStatus(report.statuses.get(measure_id or 0, MeasureStatus.NOT_STARTED))
    lines = [text(SHORT_STATUS[status])]
    if entries and 0 < entries[-1].percent < 100:
        lines.append(text(f"(ร้อยละ {entries[-1].percent})"))
    return Cell(lines=tuple(lines))


def _progress_table(report: ProgressReport, page: PageSetup, digits: Digits) -> Table:
    makers = {"progress": _progress_cell, "status": _status_cell}
    cells = {
        index: partial(makers[column.code], report)
        for index, column in enumerate(report.layout.columns)
        if column.code in makers
    }
    table = build_plan_table(
        report.content.snapshot,
        report.layout,
        TableContext(fiscal_year=report.content.plan.fiscal_year),
    )
    rows = _table_rows(table, cells)
    return Table(
        columns=columns_for(report.layout.columns, rows, page, digits),
        rows=tuple(rows),
        name="ผลการดำเนินการ",
        group_title="หมวด",
    )


def _month_year(day: date) -> str:
    return f"{THAI_MONTHS[day.month]} {be_year(day)}"


def build_progress_report(request: DocumentRequest) -> Document:
    with translation.override("th"):
        return progress_report_document(progress_report(request), request)


def progress_report_document(report: ProgressReport, request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    content = report.content
    what = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    title_lines = [text(what), text(unit.name_th), _year_line(year)]
    months = f"(เดือน{_month_year(report.starts_on)} – {_month_year(report.ends_on)})"
    title_lines.append(text(f"รอบ 6 เดือน {months}" if report.period == "h1" else months))
    approved_on = _approved_on(content.version)
    approval = (
        text(" ซึ่งผู้บริหารให้ความเห็นชอบเมื่อวันที่ ", DateText(approved_on, with_era=True))
        if approved_on
        else ()
    )
    introduction = text(
        f"{unit.name_th} ได้ดำเนินการตาม{_without_unit(content.title, unit)} "
        f"ประจำปีงบประมาณ พ.ศ. {year}",
        *approval,
        " และรายงานผลการดำเนินการตั้งแต่วันที่ ",
        DateText(report.starts_on, with_era=True),
        " ถึงวันที่ ",
        DateText(report.as_of, with_era=True),
        " ดังนี้",
    )
    total = len(report.statuses)
    page = _orientation(len(report.layout.columns))
    blocks: list[Any] = [
        *([_cover(unit, year, months)] if report.period == "h1" else []),
        Title(tuple(title_lines)),
        Paragraph(introduction),
        Heading(text("1. สรุปผลการดำเนินการ")),
        Paragraph(
            text(f"มาตรการทั้งหมด {total} มาตรการ มีผลการดำเนินการ ณ วันที่ ")
            + text(DateText(report.as_of, with_era=True), " ดังนี้")
        ),
        _summary_table(report),
        Heading(text("2. ผลการดำเนินการรายมาตรการ")),
        _progress_table(report, page, request.digits),
        SignatureBlock(
            (
                signer_for(_reporting_person(content), unit, "เจ้าหน้าที่", "ผู้รายงาน"),
                signer_for(head_of_unit(content), unit, "หัวหน้าหน่วยงาน", "ผู้รับรองรายงาน"),
            )
        ),
    ]
    period_name = "รอบ 6 เดือน" if report.period == "h1" else "ประจำปี"
    return Document(
        metadata=Metadata(title=f"{what} {period_name} {year}", author=unit.name_th),
        digits=request.digits,
        page=page,
        blocks=tuple(blocks),
    )


def _cover(unit: Unit, year: int, months: str) -> Title:
    """The cover page of the six-month report, as the real reports have one (sample: SAO Huaruea 2566)."""
    return Title(
        (
            text("รายงาน"),
            (),
            text("การดำเนินการตามมาตรการส่งเสริมคุณธรรม"),
            text("และความโปร่งใสภายในหน่วยงาน"),
            (),
            _year_line(year),
            text("รอบ 6 เดือน"),
            text(months),
            (),
            text(unit.name_th),
        ),
        cover=True,
    )


def _reporting_person(content: PlanContent) -> User | None:
    """Who compiles the report: the unit's admin, else whoever submitted the plan."""
    admins = _members(content.plan.unit, Role.UNIT_ADMIN)
    if admins:
        return admins[0]
    return content.version.submitted_by


# ---------------------------------------------------------------------------------------------
# acknowledgements


@dataclass(frozen=True)
class AcknowledgementRow:
    person: User
    acknowledged_on: date | None


def acknowledgement_rows(content: PlanContent) -> list[AcknowledgementRow]:
    """Everyone expected to acknowledge (heads of unit first), then anyone else who did."""
    unit = content.plan.unit
    signed = {
        ack.user_id: ack
        for ack in content.version.acknowledgements.select_related("user").order_by(
            "acknowledged_at", "pk"
        )
    }
    executives = {person.pk for person in _members(unit, Role.EXECUTIVE)}
    expected = sorted(
        services.expected_acknowledgers(unit), key=lambda person: person.pk not in executives
    )
    people = _unique([*expected, *(ack.user for ack in signed.values())])
    return [
        AcknowledgementRow(
            person,
            timezone.localdate(signed[person.pk].acknowledged_at) if person.pk in signed else None,
        )
        for person in people
    ]


def _unique(people: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    result = []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def build_acknowledgements(request: DocumentRequest) -> Document:
    with translation.override("th"):
        return acknowledgements_document(request)


def acknowledgements_document(request: DocumentRequest, today: date | None = None) -> Document:
    unit, year = request.unit, request.fiscal_year
    content = approved_content(find_plan(request), "บัญชีลงชื่อรับทราบจัดทำ")
    rows = acknowledgement_rows(content)
    approver = content.version.approved_by
    approved_on = _approved_on(content.version)
    approval: Line = ()
    if approved_on is not None:
        by = approver.display_name if approver is not None else "ผู้บริหาร"
        approval = text(f" ซึ่ง {_clean(by)} ให้ความเห็นชอบเมื่อวันที่ ", DateText(approved_on))
    table_rows = [
        Row(
            (
                Cell.of(text(NumberText(number)), align="center"),
                Cell.of(_clean(row.person.display_name)),
                Cell.of(_clean(row.person.position)),
                Cell(
                    lines=(
                        text(DateText(row.acknowledged_on, month="abbr"))
                        if row.acknowledged_on
                        else text("ยังไม่รับทราบ"),
                    ),
                    align="center",
                ),
                SIGNATURE_SPACE,
            )
        )
        for number, row in enumerate(rows, start=1)
    ]
    done = sum(1 for row in rows if row.acknowledged_on)
    as_of = today or timezone.localdate()
    blocks = (
        Title((text("บัญชีลงชื่อรับทราบ"), *_title_lines(content.title, unit, year))),
        Paragraph(
            text(
                f"ผู้มีรายชื่อข้างท้ายนี้ได้รับทราบ{_clean(content.title)} "
                f"ประจำปีงบประมาณ พ.ศ. {year} ฉบับที่ {content.version.number}",
                *approval,
                " แล้ว และจะถือปฏิบัติโดยเคร่งครัด",
            )
        ),
        Table(
            columns=(
                Column("ลำดับ", 0.07, align="center"),
                Column("ยศ ชื่อ – สกุล", 0.3),
                Column("ตำแหน่ง", 0.27),
                Column("รับทราบในระบบ", 0.18, align="center"),
                Column("ลายมือชื่อ", 0.18, align="center"),
            ),
            rows=tuple(table_rows),
            name="บัญชีลงชื่อรับทราบ",
        ),
        Paragraph(
            text(f"รับทราบในระบบแล้ว {done} คน จากทั้งหมด {len(rows)} คน (ข้อมูล ณ วันที่ ")
            + text(DateText(as_of), ")"),
            indent=False,
        ),
    )
    return Document(
        metadata=Metadata(
            title=f"บัญชีลงชื่อรับทราบ {_clean(content.title)} {year}", author=unit.name_th
        ),
        digits=request.digits,
        blocks=blocks,
    )


MEASURES_PLAN = DocumentKind(
    code="measures-plan",
    label=_("Integrity and transparency measures"),
    build=build_measures_plan,
    source=_("the approved version of the plan (or the draft, marked as such)"),
)
PROGRESS_REPORT = DocumentKind(
    code="progress-report",
    label=_("Progress report on the measures"),
    build=build_progress_report,
    options=("period",),
    source=_("the approved plan and the progress recorded up to the end of the period"),
)
ACKNOWLEDGEMENTS = DocumentKind(
    code="acknowledgements",
    label=_("Acknowledgement list of the plan"),
    build=build_acknowledgements,
    source=_("the members of the unit and their acknowledgements of the approved plan"),
)
KINDS = (MEASURES_PLAN, PROGRESS_REPORT, ACKNOWLEDGEMENTS)
