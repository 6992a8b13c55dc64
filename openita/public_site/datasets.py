"""The published tables of a unit (its open data): columns described once, rows read from what the lower
apps publish (approved OIT items, approved plans, released results), written as CSV, Excel or JSON.

Nothing here reads a draft: every row comes from `openita.oit.published` or `openita.measures.published`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.core.workbooks import csv_row, write_row
from openita.frameworks.models import Assessment
from openita.measures import published as measures_published
from openita.oit import published as oit_published
from openita.units.models import Unit


@dataclass(frozen=True)
class Column:
    name: str
    description: Any  # lazy text


@dataclass(frozen=True)
class Table:
    code: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    rows: Callable[[Unit, str], Iterator[list[Any]]]


def _absolute(base: str, path: str) -> str:
    return base.rstrip("/") + path


def _years(unit: Unit) -> list[int]:
    return list(
        Assessment.objects.filter(unit=unit)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )


def evidence_url(base: str, unit: Unit, disclosure: Any, evidence: Any) -> str:
    if evidence.kind == "url":
        return str(evidence.url)
    return _absolute(
        base,
        reverse(
            "public_site:evidence_file",
            args=[unit.code, disclosure.assessment.fiscal_year, disclosure.item.code, evidence.pk],
        ),
    )


def item_url(base: str, unit: Unit, fiscal_year: int, code: str) -> str:
    return _absolute(base, reverse("public_site:oit_item", args=[unit.code, fiscal_year, code]))


def oit_rows(unit: Unit, base: str) -> Iterator[list[Any]]:
    for fiscal_year in _years(unit):
        for disclosure in oit_published.published_items(unit, fiscal_year):
            page = item_url(base, unit, fiscal_year, disclosure.item.code)
            approved = disclosure.approved_at.date().isoformat() if disclosure.approved_at else ""
            pieces: list[Any] = list(oit_published.public_evidence(disclosure)) or [None]
            for evidence in pieces:
                yield [
                    unit.code,
                    fiscal_year,
                    disclosure.item.code,
                    disclosure.item.title_th,
                    disclosure.item.title_en,
                    approved,
                    page,
                    evidence.kind if evidence else "",
                    evidence_url(base, unit, disclosure, evidence) if evidence else "",
                    evidence.original_name if evidence else "",
                    evidence.file_format if evidence else "",
                    evidence.period.isoformat()[:7] if evidence and evidence.period else "",
                ]


def _plans(unit: Unit) -> Iterator[measures_published.PublicPlan]:
    for fiscal_year, _version in measures_published.approved_plans(unit):
        plan = measures_published.published_plan(unit, fiscal_year)
        if plan is not None:
            yield plan


def measure_rows(unit: Unit, base: str) -> Iterator[list[Any]]:
    for plan in _plans(unit):
        for measure in plan.measures:
            yield [
                unit.code,
                plan.fiscal_year,
                measure.label,
                measure.title,
                measure.indicator_number if measure.indicator_number is not None else "",
                measure.status,
                measure.percent,
                measure.start_date.isoformat() if measure.start_date else "",
                measure.due_date.isoformat() if measure.due_date else "",
            ]


def progress_rows(unit: Unit, base: str) -> Iterator[list[Any]]:
    for plan in _plans(unit):
        for measure in plan.measures:
            for entry in measure.entries:
                yield [
                    unit.code,
                    plan.fiscal_year,
                    measure.label,
                    measure.title,
                    entry.done_on.isoformat(),
                    entry.description,
                    entry.percent,
                    " ".join(entry.link_list),
                    " ".join(
                        _absolute(
                            base,
                            reverse(
                                "public_site:progress_file",
                                args=[unit.code, plan.fiscal_year, attachment.pk],
                            ),
                        )
                        for attachment in entry.attachments.all()
                    ),
                ]


def result_rows(unit: Unit, base: str) -> Iterator[list[Any]]:
    for result in oit_published.released_results([unit]):
        scores = {row.code: row.score for row in result.instrument_scores.all()}
        yield [
            unit.code,
            result.fiscal_year,
            result.source,
            str(result.total) if result.total is not None else "",
            result.grade,
            result.rating_name_th,
            *(str(scores[code]) if scores.get(code) is not None else "" for code in INSTRUMENTS),
        ]


INSTRUMENTS = ("IIT", "EIT", "OIT")
UNIT = Column("unit_code", _("the unit's code in openita"))
YEAR = Column("fiscal_year", _("fiscal year, Buddhist era"))

TABLES: dict[str, Table] = {
    table.code: table
    for table in (
        Table(
            "oit-items",
            _("OIT items and their evidence"),
            _(
                "Every OIT item the head of unit approved for publication, one row per link or file."
            ),
            (
                UNIT,
                YEAR,
                Column("item_code", _("code of the OIT item in the year's framework")),
                Column("title_th", _("title of the item in Thai")),
                Column("title_en", _("title of the item in English")),
                Column("approved_on", _("date the head of unit approved the item (ISO 8601)")),
                Column("page_url", _("address of the item's public page")),
                Column("evidence_kind", _("url (a link) or file (a file served by openita)")),
                Column("evidence_url", _("address of the link or of the file")),
                Column("file_name", _("name of the file")),
                Column("file_format", _("format of the file (pdf, docx, xlsx …)")),
                Column("month", _("month the evidence covers (YYYY-MM), for monthly items")),
            ),
            oit_rows,
        ),
        Table(
            "measures",
            _("Measures and their progress"),
            _("The measures of each approved plan with their status and progress."),
            (
                UNIT,
                YEAR,
                Column("label", _("number of the measure in the plan")),
                Column("title", _("the measure, project or activity")),
                Column("indicator", _("number of the ITA indicator it addresses")),
                Column("status", _("not_started, in_progress, done or overdue")),
                Column("percent", _("progress in percent")),
                Column("start_date", _("start (ISO 8601)")),
                Column("due_date", _("due (ISO 8601)")),
            ),
            measure_rows,
        ),
        Table(
            "progress",
            _("Progress entries of the measures"),
            _(
                "What was done on each measure of an approved plan, when, with its links and photos."
            ),
            (
                UNIT,
                YEAR,
                Column("label", _("number of the measure in the plan")),
                Column("title", _("the measure, project or activity")),
                Column("done_on", _("date done (ISO 8601)")),
                Column("description", _("what was done")),
                Column("percent", _("progress in percent after this entry")),
                Column("links", _("links given as evidence, separated by spaces")),
                Column("files", _("addresses of the photos and files, separated by spaces")),
            ),
            progress_rows,
        ),
        Table(
            "results",
            _("ITA results"),
            _(
                "The result of each released year: total score, grade, rating and the three instruments."
            ),
            (
                UNIT,
                YEAR,
                Column("source", _("official (published by the NACC) or computed (by openita)")),
                Column("total", _("total score, 0–100")),
                Column("grade", _("grade (AA … F)")),
                Column("rating", _("rating in Thai")),
                Column("iit", _("score of the internal survey (IIT)")),
                Column("eit", _("score of the external survey (EIT)")),
                Column("oit", _("score of the open data (OIT)")),
            ),
            result_rows,
        ),
    )
}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def header(table: Table) -> list[str]:
    return [column.name for column in table.columns]


def as_csv(table: Table, rows: list[list[Any]]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(header(table))
    for row in rows:
        writer.writerow(csv_row(row))
    return ("\ufeff" + stream.getvalue()).encode()  # a BOM: Excel opens Thai text as UTF-8


def as_xlsx(table: Table, rows: list[list[Any]]) -> bytes:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = book.add_worksheet(table.code[:31])
    bold = book.add_format({"bold": True})
    write_row(sheet, 0, header(table), bold)
    for number, row in enumerate(rows, start=1):
        write_row(sheet, number, row)
    book.close()
    return stream.getvalue()


def as_json(table: Table, rows: list[list[Any]]) -> bytes:
    names = header(table)
    records = [dict(zip(names, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1, default=str).encode()


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "json": as_json}


def render(table: Table, unit: Unit, base: str, file_format: str) -> bytes:
    return WRITERS[file_format](table, list(table.rows(unit, base)))
