"""Column layouts of a plan and the format-neutral tables built from a snapshot.

A plan chooses a preset of data/layouts.yaml (or its own columns); `build_plan_table` turns a snapshot
(versioning.plan_snapshot) into sections of rows of cells (each cell a list of lines). The same table feeds
the HTML page and the documents (issue 8), so every column of every sample has one place where it is made.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openita.core.thai import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    be_year,
    format_thai_date,
    to_thai_digits,
)
from openita.documents.kinds import unit_digits
from openita.measures.models import (
    AwarenessChannel,
    FollowUpFrequency,
    MeasureStatus,
    PeriodKind,
)

LAYOUTS_FILE = Path(__file__).parent / "data" / "layouts.yaml"
GROUPINGS = ("indicator_column", "indicator", "instrument_indicator", "issue", "none")
DEFAULT_PRESET = "standard"
LIVE_ONLY_COLUMNS = frozenset({"status", "progress"})


@dataclass(frozen=True)
class ColumnSpec:
    code: str
    header_th: str
    header_en: str
    width: float

    @property
    def header(self) -> str:
        if get_language() == "en" and self.header_en:
            return self.header_en
        return self.header_th


@dataclass(frozen=True)
class Preset:
    code: str
    name_th: str
    name_en: str
    group_by: str
    columns: tuple[ColumnSpec, ...]
    source: str = ""

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


@dataclass(frozen=True)
class Layout:
    preset: str
    group_by: str
    columns: tuple[ColumnSpec, ...]

    def as_data(self) -> dict[str, Any]:
        return {
            "preset": self.preset,
            "group_by": self.group_by,
            "columns": [
                {"code": column.code, "header_th": column.header_th, "header_en": column.header_en}
                for column in self.columns
            ],
        }


@cache
def _layout_file() -> dict[str, Any]:
    with LAYOUTS_FILE.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return data


@cache
def column_catalog() -> dict[str, ColumnSpec]:
    return {
        node["code"]: ColumnSpec(
            node["code"], node["header"]["th"], node["header"].get("en", ""), float(node["width"])
        )
        for node in _layout_file()["columns"]
    }


@cache
def presets() -> dict[str, Preset]:
    catalog = column_catalog()
    result: dict[str, Preset] = {}
    for node in _layout_file()["presets"]:
        columns = []
        for column in node["columns"]:
            base = catalog[column["code"]]
            header = column.get("header", {})
            columns.append(
                ColumnSpec(
                    base.code,
                    header.get("th", base.header_th),
                    header.get("en", base.header_en),
                    base.width,
                )
            )
        result[node["code"]] = Preset(
            node["code"],
            node["name"]["th"],
            node["name"].get("en", ""),
            node["group_by"],
            tuple(columns),
            node.get("source", ""),
        )
    return result


def preset_layout(code: str) -> Layout:
    preset = presets()[code]
    return Layout(preset.code, preset.group_by, preset.columns)


def layout_from_data(data: dict[str, Any] | None) -> Layout:
    """A plan's stored layout; the standard preset when empty; unknown columns are dropped."""
    if not data or not data.get("columns"):
        return preset_layout(str((data or {}).get("preset") or DEFAULT_PRESET))
    catalog = column_catalog()
    columns = tuple(
        ColumnSpec(
            column["code"],
            column.get("header_th") or catalog[column["code"]].header_th,
            column.get("header_en") or catalog[column["code"]].header_en,
            catalog[column["code"]].width,
        )
        for column in data["columns"]
        if column.get("code") in catalog
    )
    group_by = data.get("group_by") if data.get("group_by") in GROUPINGS else "indicator"
    return Layout(str(data.get("preset") or "custom"), str(group_by), columns)


# ---------------------------------------------------------------------------------------------
# Texts of the cells


def _digits(text: str, digits: str) -> str:
    return to_thai_digits(text) if digits == "thai" else text


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _short_month_year(day: date) -> str:
    return f"{THAI_MONTHS_ABBR[day.month]} {be_year(day) % 100:02d}"


def period_lines(row: dict[str, Any], fiscal_year: int, digits: str = "arabic") -> list[str]:
    """'ปีงบประมาณ 2566', 'ทุกวัน', 'ต.ค. 67 – ก.ย. 68', 'ภายในเดือนมกราคม 2566', plus the note."""
    kind = row.get("period_kind")
    start = date.fromisoformat(row["start_date"]) if row.get("start_date") else None
    due = date.fromisoformat(row["due_date"]) if row.get("due_date") else None
    text = ""
    if kind == PeriodKind.ALL_YEAR:
        text = _("Throughout fiscal year %(year)s") % {"year": fiscal_year}
    elif kind == PeriodKind.EVERY_DAY:
        text = _("Every day")
    elif start and due:
        if start.day == 1 and _is_month_end(due):
            text = f"{_short_month_year(start)} – {_short_month_year(due)}"
        else:
            text = (
                f"{format_thai_date(start, month='abbr')} – {format_thai_date(due, month='abbr')}"
            )
    elif due:
        if _is_month_end(due):
            month = f"{THAI_MONTHS[due.month]} {be_year(due)}"
            text = _("Within %(month)s") % {"month": month}
        else:
            text = _("By %(date)s") % {"date": format_thai_date(due, month="abbr")}
    elif start:
        text = _("From %(date)s") % {"date": format_thai_date(start, month="abbr")}
    lines = [_digits(text, digits)] if text else []
    if row.get("period_note"):
        lines.append(row["period_note"])
    return lines


def follow_up_lines(row: dict[str, Any], digits: str = "arabic") -> list[str]:
    lines = []
    if row.get("follow_up_note"):
        lines.extend(_split(row["follow_up_note"]))
    elif row.get("follow_up_frequency") and row["follow_up_frequency"] != FollowUpFrequency.NONE:
        label = str(FollowUpFrequency(row["follow_up_frequency"]).label)
        lines.append(_digits(_("Progress reported: %(frequency)s") % {"frequency": label}, digits))
    if row.get("follow_up_by"):
        lines.append(_("Followed up by %(name)s") % {"name": row["follow_up_by"]})
    return lines


def responsible_lines(row: dict[str, Any]) -> list[str]:
    names = list(row.get("lines", []))
    if row.get("owner"):
        names.append(row["owner"])
    names.extend(name for name in row.get("people", []) if name != row.get("owner"))
    if row.get("responsible_text"):
        names.extend(_split(row["responsible_text"]))
    return names


def awareness_lines(row: dict[str, Any]) -> list[str]:
    labels = [
        str(AwarenessChannel(code).label)
        for code in row.get("awareness_channels", [])
        if code in AwarenessChannel.values
    ]
    lines = [", ".join(labels)] if labels else []
    if row.get("awareness_note"):
        lines.extend(_split(row["awareness_note"]))
    return lines


def indicator_text(row: dict[str, Any], digits: str = "arabic") -> str:
    if row.get("indicator_number") is None:
        return ""
    return f"{_digits(str(row['indicator_number']), digits)}) {row.get('indicator_name', '')}"


def activities_lines(row: dict[str, Any]) -> list[str]:
    """The measure, its activity and its steps in one column, as the FY2568 police plans write them."""
    title = f"{row['label']} {row['title']}".strip() if row.get("label") else row.get("title", "")
    return [title, *_split(row.get("activity", "")), *_split(row.get("steps", ""))]


def _split(text: str) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def _due_line(row: dict[str, Any], fiscal_year: int, digits: str) -> list[str]:
    if not row.get("due_date") or row.get("period_kind") != PeriodKind.DATES:
        return []
    due = date.fromisoformat(row["due_date"])
    return [_digits(_("Due %(date)s") % {"date": format_thai_date(due, month="abbr")}, digits)]


CellMaker = Callable[[dict[str, Any], "TableContext"], list[str]]


@dataclass
class TableContext:
    fiscal_year: int
    digits: str = "arabic"
    statuses: dict[int, str] = field(default_factory=dict)
    progress: dict[int, list[str]] = field(default_factory=dict)


CELL_MAKERS: dict[str, CellMaker] = {
    "indicator": lambda row, ctx: (
        [indicator_text(row, ctx.digits)] if row.get("indicator_number") else []
    ),
    "issue": lambda row, ctx: _split(row.get("issue_text", "")),
    "items": lambda row, ctx: (
        [", ".join(row.get("item_codes", []))] if row.get("item_codes") else []
    ),
    "title": lambda row, ctx: [
        f"{row['label']} {row['title']}".strip() if row.get("label") else row.get("title", "")
    ],
    "activity": lambda row, ctx: _split(row.get("activity", "")),
    "activities": lambda row, ctx: activities_lines(row),
    "steps": lambda row, ctx: _split(row.get("steps", "")),
    "output": lambda row, ctx: _split(row.get("expected_output", "")),
    "awareness": lambda row, ctx: awareness_lines(row),
    "responsible": lambda row, ctx: responsible_lines(row),
    "period": lambda row, ctx: period_lines(row, ctx.fiscal_year, ctx.digits),
    "follow_up": lambda row, ctx: follow_up_lines(row, ctx.digits),
    "follow_up_and_due": lambda row, ctx: (
        follow_up_lines(row, ctx.digits) + _due_line(row, ctx.fiscal_year, ctx.digits)
    ),
    "evaluation": lambda row, ctx: _split(row.get("evaluation", "")),
    "status": lambda row, ctx: (
        [str(MeasureStatus(ctx.statuses[row["id"]]).label)] if row.get("id") in ctx.statuses else []
    ),
    "progress": lambda row, ctx: ctx.progress.get(row.get("id", 0), []),
}


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass
class TableRow:
    cells: list[list[str]]
    measure_id: int | None = None
    status: str = ""


@dataclass
class TableSection:
    heading: str
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class PlanTable:
    columns: list[ColumnSpec]
    sections: list[TableSection]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


def _group_key_and_heading(
    row: dict[str, Any], group_by: str, issue_numbers: dict[int, int], digits: str
) -> tuple[Any, str]:
    number = row.get("indicator_number")
    if group_by in ("indicator", "indicator_column"):
        return number, indicator_text(row, digits)
    if group_by == "instrument_indicator":
        if number is None:
            return None, ""
        heading = _("%(instrument)s · Indicator %(number)s %(name)s") % {
            "instrument": row.get("instrument_code", ""),
            "number": _digits(str(number), digits),
            "name": row.get("indicator_name", ""),
        }
        return number, heading
    if group_by == "issue":
        issue_id = row.get("issue_id")
        if issue_id is None:
            return None, ""
        position = _digits(str(issue_numbers.get(issue_id, 0)), digits)
        return issue_id, f"({position}) {row.get('issue_text', '')}"
    return None, ""


def _ordered_rows(snapshot: dict[str, Any], group_by: str) -> list[dict[str, Any]]:
    rows = list(snapshot.get("measures", []))
    if group_by == "issue":
        issue_order = {issue["id"]: index for index, issue in enumerate(snapshot.get("issues", []))}
        return sorted(
            rows,
            key=lambda row: (
                row.get("issue_id") is None,
                issue_order.get(row.get("issue_id"), 0),
                row.get("position", 0),
                row.get("id", 0),
            ),
        )
    if group_by == "none":
        return sorted(rows, key=lambda row: (row.get("position", 0), row.get("id", 0)))
    return sorted(
        rows,
        key=lambda row: (
            row.get("indicator_number") is None,
            row.get("indicator_number") or 0,
            row.get("position", 0),
            row.get("id", 0),
        ),
    )


def build_plan_table(snapshot: dict[str, Any], layout: Layout, context: TableContext) -> PlanTable:
    """Sections of rows for the layout's columns; with `indicator_column` the indicator is written on the
    first row of its group only, as in the police-station plans."""
    issue_numbers = {
        issue["id"]: index for index, issue in enumerate(snapshot.get("issues", []), start=1)
    }
    sections: list[TableSection] = []
    current_key: Any = object()
    for row in _ordered_rows(snapshot, layout.group_by):
        key, heading = _group_key_and_heading(row, layout.group_by, issue_numbers, context.digits)
        first_in_group = key != current_key or not sections
        if first_in_group:
            shows_heading = layout.group_by not in ("none", "indicator_column")
            sections.append(TableSection(heading if shows_heading else ""))
            current_key = key
        cells = []
        for column in layout.columns:
            if column.code == "indicator" and layout.group_by == "indicator_column":
                cells.append([indicator_text(row, context.digits)] if first_in_group else [])
            else:
                cells.append([line for line in CELL_MAKERS[column.code](row, context) if line])
        sections[-1].rows.append(
            TableRow(cells, row.get("id"), context.statuses.get(row.get("id", 0), ""))
        )
    if layout.group_by == "indicator_column":
        sections = [TableSection("", [row for section in sections for row in section.rows])]
    return PlanTable(list(layout.columns), sections)


@dataclass
class AnalysisRow:
    indicator: str
    issues: list[str]


@dataclass
class AnalysisSection:
    heading: str
    rows: list[AnalysisRow] = field(default_factory=list)


def build_analysis_table(snapshot: dict[str, Any], digits: str = "arabic") -> list[AnalysisSection]:
    """The analysis as the police-station plan writes it: instrument headings, then per indicator its
    numbered issues (ตัวชี้วัดการประเมิน ITA | ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา)."""
    sections: list[AnalysisSection] = []
    by_indicator: dict[Any, AnalysisRow] = {}
    for issue in sorted(
        snapshot.get("issues", []),
        key=lambda row: (
            row.get("indicator_number") is None,
            row.get("indicator_number") or 0,
            row.get("position", 0),
            row.get("id", 0),
        ),
    ):
        heading = issue.get("instrument_name") or _("Other issues")
        if not sections or sections[-1].heading != heading:
            sections.append(AnalysisSection(heading))
        key = issue.get("indicator_number")
        row = by_indicator.get(key)
        if row is None or row not in sections[-1].rows:
            row = AnalysisRow(indicator_text(issue, digits), [])
            by_indicator[key] = row
            sections[-1].rows.append(row)
        number = _digits(str(len(row.issues) + 1), digits)
        codes = " ".join(issue.get("item_codes", []))
        text = f"{codes} {issue['text']}".strip() if codes else issue["text"]
        row.issues.append(f"{number}. {text}")
    return sections


# ---------------------------------------------------------------------------------------------
# The live plan


def progress_line(entry: Any, digits: str = "arabic") -> str:
    """'ผู้ช่วยประชาสัมพันธ์ ดำเนินการเมื่อวันที่ 26 มกราคม พ.ศ. 2566: …' as the progress reports write it."""
    when = format_thai_date(entry.done_on, with_era=True)
    values = {"who": entry.done_by_text, "date": when, "what": entry.description}
    if entry.done_by_text:
        text = _("%(who)s did it on %(date)s: %(what)s") % values
    else:
        text = _("Done on %(date)s: %(what)s") % values
    if entry.percent < 100:
        text += f" ({entry.percent}%)"
    return _digits(text, digits)


def live_table(plan: Any, today: date, layout: Layout | None = None) -> PlanTable:
    """The plan as it is now, in its layout (or another), with statuses and what was done."""
    from openita.measures.models import ProgressEntry
    from openita.measures.versioning import plan_snapshot

    snapshot = plan_snapshot(plan)
    digits = unit_digits(plan.assessment.unit)
    measures = {measure.pk: measure for measure in plan.measures.active()}
    progress: dict[int, list[str]] = {}
    entries = ProgressEntry.objects.filter(measure__plan=plan).order_by("done_on", "pk")
    for entry in entries:
        progress.setdefault(entry.measure_id, []).append(progress_line(entry, digits))
    context = TableContext(
        fiscal_year=plan.assessment.fiscal_year,
        digits=digits,
        statuses={pk: str(measure.status_on(today)) for pk, measure in measures.items()},
        progress=progress,
    )
    return build_plan_table(snapshot, layout or layout_from_data(plan.layout), context)
