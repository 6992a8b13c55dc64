"""Offline scoring: the assessor exports the items of their units to Excel, scores them there (item code,
score, observation; a decision for appealed items) and imports the sheet back, checked row by row first.

The importer reads the sheet through `openita.core.workbooks` (bounded, defused, every parser error a message);
the header row names the columns, so their order may change. Text typed by people (appeal explanations,
observations, decisions) is written as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from openita.accounts.authz import AnyUser, Capability, capabilities_in
from openita.core.thai import to_arabic_digits
from openita.core.workbooks import WorkbookError, open_workbook, sheet_rows, text_cell

from . import scoring, services
from .models import Disclosure, EvidenceKind, Status

COLUMNS = [
    ("unit_code", 14),
    ("item_code", 9),
    ("title", 40),
    ("status", 14),
    ("elements", 50),
    ("evidence", 50),
    ("appeal", 40),
    ("score", 9),
    ("observation", 50),
    ("decision", 40),
]
SCORABLE = (Status.LOCKED, Status.SCORED, Status.APPEALED, Status.RESCORED)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def export_workbook(disclosures: Iterable[Disclosure]) -> bytes:
    """One row per item; the assessor fills ``score``, ``observation`` and, for appeals, ``decision``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "OIT"
    sheet.append([name for name, _width in COLUMNS])
    for index, (_name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(name="Sarabun", bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    for disclosure in disclosures:
        elements = "\n".join(
            f"{position}. {element.element.text}"
            for position, element in enumerate(disclosure.elements.all(), start=1)
        )
        evidence = "\n".join(
            piece.url if piece.kind == EvidenceKind.URL else piece.original_name
            for piece in disclosure.evidence.all()
        )
        appeal = (
            getattr(disclosure, "appeal", None)
            if disclosure.status
            in (
                Status.APPEALED,
                Status.RESCORED,
            )
            else None
        )
        row_number = sheet.max_row + 1
        values = [
            disclosure.assessment.unit.code,
            disclosure.item.code,
            disclosure.item.title,
            disclosure.get_status_display(),
            elements,
            evidence,
            appeal.explanation if appeal else "",
            disclosure.score,
            disclosure.observation,
            appeal.decision if appeal else "",
        ]
        for column, value in enumerate(values, start=1):
            text_cell(sheet.cell(row=row_number, column=column), value)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Sarabun")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    score_column = openpyxl.utils.get_column_letter([n for n, _w in COLUMNS].index("score") + 1)
    validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    validation.add(f"{score_column}2:{score_column}{max(sheet.max_row, 2)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ScoreRow:
    line: int
    unit_code: str
    item_code: str
    score: Decimal | None
    observation: str
    decision: str
    error: str = ""
    disclosure: Disclosure | None = None

    @property
    def action(self) -> str:
        if self.error or self.score is None or self.disclosure is None:
            return ""
        return (
            "rescore" if self.disclosure.status in (Status.APPEALED, Status.RESCORED) else "score"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "unit_code": self.unit_code,
            "item_code": self.item_code,
            "score": str(self.score) if self.score is not None else None,
            "observation": self.observation,
            "decision": self.decision,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoreRow:
        score = data.get("score")
        return cls(
            line=int(data["line"]),
            unit_code=str(data["unit_code"]),
            item_code=str(data["item_code"]),
            score=Decimal(score) if score is not None else None,
            observation=str(data.get("observation", "")),
            decision=str(data.get("decision", "")),
        )


def read_workbook(content: bytes) -> list[ScoreRow]:
    """The rows of the first sheet, by header name; raises ValidationError for a file that is not one."""
    try:
        workbook = open_workbook(content)
        rows = sheet_rows(workbook.worksheets[0])
        header = [_cell_text(value).lower() for value in next(rows, ())]
        return _parse_rows(header, rows)
    except WorkbookError as error:
        raise ValidationError(str(error.message)) from error


def _parse_rows(header: list[str], rows: Iterator[tuple[Any, ...]]) -> list[ScoreRow]:
    for required in ("item_code", "score"):
        if required not in header:
            raise ValidationError(
                _("The sheet has no “%(column)s” column in its first row.") % {"column": required}
            )

    def value(row: Sequence[Any], name: str) -> str:
        if name not in header:
            return ""
        index = header.index(name)
        return _cell_text(row[index]) if index < len(row) else ""

    parsed = []
    for line, row in enumerate(rows, start=2):
        if not any(_cell_text(cell) for cell in row):
            continue
        raw_score = to_arabic_digits(value(row, "score")).replace(",", ".")
        entry = ScoreRow(
            line=line,
            unit_code=value(row, "unit_code"),
            item_code=value(row, "item_code"),
            score=None,
            observation=value(row, "observation"),
            decision=value(row, "decision"),
        )
        if raw_score:
            try:
                entry.score = Decimal(raw_score)
            except InvalidOperation:
                entry.error = _("“%(value)s” is not a number.") % {"value": raw_score}
        parsed.append(entry)
    return parsed


def validate_rows(
    rows: list[ScoreRow], actor: AnyUser, *, year: int, unit_code: str | None = None
) -> list[ScoreRow]:
    """Check each row against the database: the unit (and that the actor assesses it), the item, its state,
    the score for the item's scoring mode, the decision for an appeal. Rows keep their error, if any."""
    seen: set[tuple[str, str]] = set()
    disclosures = {
        (d.assessment.unit.code, d.item.code): d
        for d in Disclosure.objects.filter(
            assessment__fiscal_year=year,
            item__code__in={row.item_code for row in rows},
            **({"assessment__unit__code": unit_code} if unit_code else {}),
        ).select_related("assessment", "assessment__unit", "item")
    }
    for row in rows:
        if row.error:
            continue
        code = row.unit_code or unit_code or ""
        if unit_code and row.unit_code and row.unit_code != unit_code:
            row.error = _("This row is for unit %(unit)s.") % {"unit": row.unit_code}
            continue
        disclosure = disclosures.get((code, row.item_code))
        if disclosure is None:
            row.error = _("No item %(item)s for unit %(unit)s in fiscal year %(year)s.") % {
                "item": row.item_code,
                "unit": code or "-",
                "year": year,
            }
            continue
        if Capability.ASSESS not in capabilities_in(actor, disclosure.assessment.unit):
            row.error = _("You do not assess unit %(unit)s.") % {"unit": code}
            continue
        if (code, row.item_code) in seen:
            row.error = _("Item %(item)s appears twice.") % {"item": row.item_code}
            continue
        seen.add((code, row.item_code))
        row.unit_code = code
        row.disclosure = disclosure
        if row.score is None:
            continue  # left blank: not scored by this sheet
        if disclosure.status not in SCORABLE:
            row.error = _("%(item)s is “%(status)s”: it cannot be scored now.") % {
                "item": row.item_code,
                "status": disclosure.get_status_display(),
            }
            continue
        try:
            row.score = scoring.check_given_score(disclosure.item.scoring_mode, row.score)
        except ValidationError as error:
            row.error = error.messages[0]
            continue
        if row.action == "rescore" and not row.decision:
            row.error = _("%(item)s was appealed: write the decision.") % {"item": row.item_code}
    return rows


@transaction.atomic
def apply_rows(rows: list[ScoreRow], actor: AnyUser) -> int:
    """Score every valid row through the services (all or nothing); returns how many items were scored."""
    if any(row.error for row in rows):
        raise ValidationError(_("Correct the rows with errors first."))
    done = 0
    for row in rows:
        disclosure = row.disclosure
        if disclosure is None or row.score is None:
            continue
        if row.action == "rescore":
            services.rescore(
                disclosure,
                actor,
                score=row.score,
                observation=row.observation,
                decision=row.decision,
            )
        else:
            services.score(disclosure, actor, score=row.score, observation=row.observation)
        done += 1
    if done == 0:
        raise ValidationError(_("The sheet has no scores to import."))
    return done


def import_scores(
    content: bytes, actor: AnyUser, *, year: int, unit_code: str | None = None
) -> list[ScoreRow]:
    """Read, check and apply a scored workbook; raises ValidationError listing the rows in error."""
    rows = validate_rows(read_workbook(content), actor, year=year, unit_code=unit_code)
    errors = [f"{row.line}: {row.error}" for row in rows if row.error]
    if errors:
        raise ValidationError(errors)
    apply_rows(rows, actor)
    return rows
