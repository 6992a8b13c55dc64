"""Exports of a campaign's answers: one row per respondent, one column per question, nothing identifying.

The only column besides the answers is the quota group, left blank for a group with fewer answers than
the smallest group shown (5), so that a small group's answer sheets cannot be picked out. Rows come in
the order of their random ids, which says nothing about when they were sent; no date is exported. Text that a
spreadsheet would take as a formula is written as text (`openita.core.workbooks`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.db.models import Count

from openita.core.anonymity import min_group_size
from openita.core.workbooks import csv_row, write_row

from .models import Campaign, SurveyResponse
from .questionnaire import questionnaire_for

GROUP_COLUMN = "group"


def answer_rows(campaign: Campaign) -> Iterator[list[str]]:
    """The header row, then one row per response."""
    codes = questionnaire_for(campaign).codes
    counts = dict(
        SurveyResponse.objects.filter(campaign=campaign)
        .values_list("group_id")
        .annotate(count=Count("pk"))
        .values_list("group_id", "count")
    )
    shown_groups = {
        group.pk: group.code
        for group in campaign.groups.all()
        if counts.get(group.pk, 0) >= min_group_size()
    }
    yield [GROUP_COLUMN, *codes]
    responses = (
        SurveyResponse.objects.filter(campaign=campaign)
        .order_by("id")
        .values_list("group_id", "answers")
        .iterator(chunk_size=2000)
    )
    for group_id, answers in responses:
        yield [shown_groups.get(group_id, ""), *(answers.get(code, "") for code in codes)]


def answers_csv(campaign: Campaign) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(csv_row(row) for row in answer_rows(campaign))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # with a BOM, so Excel reads Thai right


def answers_xlsx(campaign: Campaign) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet(campaign.kind.upper())
    bold = workbook.add_format({"bold": True})
    for row_number, row in enumerate(answer_rows(campaign)):
        write_row(sheet, row_number, row, bold if row_number == 0 else None)
    workbook.close()
    return buffer.getvalue()


def export_filename(campaign: Campaign, extension: str) -> str:
    return f"{campaign.unit.code}-{campaign.fiscal_year}-{campaign.kind}-answers.{extension}"
