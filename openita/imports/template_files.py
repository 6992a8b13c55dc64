"""Blank tables to fill in: the header row and one example row, as CSV (UTF-8 with a BOM, so that Excel shows
Thai correctly) and as an Excel workbook with a second sheet describing the columns."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from openita.imports.base import Importer

TEMPLATE_FONT = "Sarabun"


def template_csv(importer: type[Importer[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in importer.columns])
    writer.writerow([column.example for column in importer.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(importer: type[Importer[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = importer.kind
    header_font = Font(name=TEMPLATE_FONT, bold=True, charset=222)
    body_font = Font(name=TEMPLATE_FONT, charset=222)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(importer.columns, start=1):
        header = sheet.cell(row=1, column=index, value=column.name)
        header.font = header_font
        if column.required:
            header.fill = required_fill
        example = sheet.cell(row=2, column=index, value=column.example)
        example.font = body_font
        example.number_format = "@"  # text: keeps codes such as 0012 as typed
        sheet.column_dimensions[header.column_letter].width = max(14, len(column.example) + 2)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(_("Columns"))
    titles = (_("Column"), _("Required column"), _("What to write"))
    for index, title in enumerate(titles, start=1):
        help_sheet.cell(row=1, column=index, value=title).font = header_font
    for row, column in enumerate(importer.columns, start=2):
        help_sheet.cell(row=row, column=1, value=column.name).font = body_font
        help_sheet.cell(
            row=row, column=2, value=_("yes") if column.required else ""
        ).font = body_font
        help_sheet.cell(row=row, column=3, value=str(column.description)).font = body_font
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 16
    help_sheet.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
