"""Excel (.xlsx) through XlsxWriter: one sheet per table, machine-readable.

Each table gets its own sheet with exactly one header row (grouped columns are titled
'group: title'); group rows become the values of an extra first column, so every row stands on
its own and the sheet can be filtered, sorted and loaded elsewhere. Dates and numbers are real
values shown in the Buddhist era / the document's digits by their number format. The text
blocks of the document (title, paragraphs, lists, signatures) go on a last sheet.

A chart gets a sheet of its own too: its data as a table (categories, then one column per series,
then the reference) and, under it, a native Excel chart drawn from those cells, in greys like the
PDF. Images go on the text sheet, at their place among the text.

Printing: A4 in the document's orientation, fit to the page width, header row repeated on every
page, frozen under the header. Excel does not size rows for wrapped text, so row heights are
computed here by measuring the text with the Sarabun font file (at the size that draws it as
wide as the office font, TH SarabunPSK, does).

Every text cell goes through `openita.core.workbooks.write_text`: text, never a formula.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

import xlsxwriter
from PIL import Image as PILImage
from PIL import ImageFont
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from openita.core.workbooks import write_text
from openita.documents import fonts
from openita.documents.pdf import svg_png
from openita.documents.spec import (
    BulletList,
    Cell,
    Chart,
    DateText,
    Document,
    GroupRow,
    Heading,
    Image,
    NumberText,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
    Title,
    text,
)
from openita.documents.text import (
    BULLET,
    break_units,
    line_text,
    numbered_marker,
    with_digits,
)

THAI_CHARSET = 222
TEXT_SHEET = "ข้อความ"
_TOTAL_WIDTH = {"portrait": 95.0, "landscape": 140.0}  # columns in character units
_GROUP_COLUMN_WIDTH = 20.0
_PIXELS_PER_CHARACTER = 7  # Excel's unit: the width of "0" in the default Calibri 11
_CELL_PADDING_PX = 8
_MAX_ROW_HEIGHT = 409  # points; Excel's limit
_CHART_SIZE_PX = {"bar": (640, 0), "radar": (560, 520)}  # bar height: from the categories
_INK = "#191919"
# Series styles in greys, as in the PDF: dark and solid; light with an outline; white and dotted.
_BAR_STYLES = (
    {"fill": {"color": "#464646"}, "border": {"color": _INK, "width": 0.5}},
    {"fill": {"color": "#CDCDCD"}, "border": {"color": _INK, "width": 0.75}},
    {
        "fill": {"color": "#FFFFFF"},
        "border": {"color": _INK, "width": 0.75, "dash_type": "round_dot"},
    },
)
_RADAR_STYLES = (
    {
        "line": {"color": _INK, "width": 2},
        "marker": {"type": "circle", "size": 5, "fill": {"color": _INK}, "border": {"color": _INK}},
    },
    {
        "line": {"color": _INK, "width": 1.5, "dash_type": "dash"},
        "marker": {
            "type": "square",
            "size": 5,
            "fill": {"color": "#FFFFFF"},
            "border": {"color": _INK},
        },
    },
    {
        "line": {"color": _INK, "width": 1.5, "dash_type": "round_dot"},
        "marker": {
            "type": "circle",
            "size": 5,
            "fill": {"color": "#FFFFFF"},
            "border": {"color": _INK},
        },
    },
)
_REFERENCE_STYLE = {
    "bar": {"fill": {"none": True}, "border": {"color": _INK, "width": 1, "dash_type": "dash"}},
    "radar": {
        "line": {"color": _INK, "width": 1, "dash_type": "dash_dot"},
        "marker": {"type": "none"},
    },
}
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# Buddhist-era dates: [$-D07041E] = Thai digits, Thai Buddhist calendar, Thai locale.
_DATE_LOCALE = {"thai": "[$-D07041E]", "arabic": "[$-107041E]"}
_NUMBER_LOCALE = {"thai": "[$-D00041E]", "arabic": ""}


def render_xlsx(doc: Document) -> bytes:
    """The document as .xlsx bytes."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties(
        {
            "title": with_digits(doc.metadata.title, doc.digits),
            "author": doc.metadata.author,
            "subject": with_digits(doc.metadata.subject, doc.digits),
        }
    )
    writer = _ExcelWriter(
        doc, workbook, fonts.office_font_family(), round(fonts.office_font_size() * 0.92)
    )
    writer.write()
    workbook.close()
    return output.getvalue()


def date_format(piece: DateText, digits: str) -> str:
    month = "mmmm" if piece.month == "full" else "mmm"
    era = '"พ.ศ." ' if piece.with_era else ""
    return f"{_DATE_LOCALE[digits]}d {month} {era}yyyy"


def number_format(piece: NumberText, digits: str) -> str:
    decimals = "." + "0" * piece.decimals if piece.decimals else ""
    shown = f"#,##0{decimals}"
    if piece.signed:
        shown = f"+{shown};-{shown};{shown}"
    return f"{_NUMBER_LOCALE[digits]}{shown}"


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters at most, without []:*?/\\)."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", wanted).strip().strip("'")[:31] or "ตาราง"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


# --- Row heights ---------------------------------------------------------------------------------


@functools.cache
def _measuring_font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.sarabun_file(bold)), size=round(size_pt * 96 / 72))


def text_lines_in_width(value: str, width_px: float, size_pt: float, bold: bool = False) -> int:
    """How many lines `value` takes when wrapped at word boundaries into `width_px` pixels."""
    font = _measuring_font(size_pt, bold)
    total = 0
    for paragraph in value.split("\n"):
        lines, used = 1, 0.0
        for unit in break_units(paragraph):
            width = font.getlength(unit.text)
            if unit.is_space:
                used += width if used else 0
            elif used and used + width > width_px:
                lines += 1 + int(width // width_px)
                used = width % width_px
            else:
                used += width
        total += lines
    return total


def row_height(
    texts: list[tuple[str, float, bool]], size_pt: float, family: str | None = None
) -> float:
    """Points for a row whose cells hold (text, column width in characters, bold).

    The text is measured with Sarabun at the size that draws it as wide as `family` does.
    """
    measured = fonts.sarabun_equivalent(size_pt, family or fonts.office_font_family())
    lines = max(
        (
            text_lines_in_width(
                value, width * _PIXELS_PER_CHARACTER - _CELL_PADDING_PX, measured, bold
            )
            for value, width, bold in texts
            if value
        ),
        default=1,
    )
    return min(_MAX_ROW_HEIGHT, round(lines * size_pt * 1.3 + 4, 1))


# --- The workbook --------------------------------------------------------------------------------


class _ExcelWriter:
    def __init__(self, doc: Document, workbook: xlsxwriter.Workbook, family: str, size: int):
        self.doc = doc
        self.workbook = workbook
        self.size = size
        self.family = family
        self.taken: set[str] = set()
        base = {
            "font_name": family,
            "font_size": size,
            "font_charset": THAI_CHARSET,
            "valign": "top",
            "text_wrap": True,
        }
        self.base = base
        self.cell = workbook.add_format({**base, "border": 1})
        self.header = workbook.add_format(
            {**base, "border": 1, "bold": True, "align": "center", "bg_color": "#E8E8E8"}
        )
        self.link = workbook.add_format({**base, "border": 1, "underline": 1, "font_color": "blue"})
        self.plain = workbook.add_format(base)
        self.bold = workbook.add_format({**base, "bold": True})
        self.formats: dict[tuple[str, bool, str], Format] = {}

    def write(self) -> None:
        text_rows: list[tuple[str, bool] | Image] = []
        for block in self.doc.blocks:
            if isinstance(block, Table):
                name = self._table(block)
                text_rows.append((f"[{name}]", False))
            elif isinstance(block, Chart):
                name = self._chart(block)
                text_rows.append((f"[{name}]", False))
            elif isinstance(block, Image):
                text_rows.append(block)
                if block.caption:
                    text_rows.append((line_text(block.caption, self.doc.digits), False))
            else:
                text_rows.extend(self._text_rows(block))
        if any(isinstance(row, Image) or row[0] for row in text_rows):
            self._text_sheet(text_rows)

    def _format(self, align: str, bold: bool, number_format: str = "") -> Format:
        key = (align, bold, number_format)
        if key not in self.formats:
            properties: dict[str, Any] = {**self.base, "border": 1, "bold": bold}
            if align != "left":
                properties["align"] = align
            if number_format:
                properties["num_format"] = number_format
            self.formats[key] = self.workbook.add_format(properties)
        return self.formats[key]

    def _table(self, table: Table) -> str:
        name = sheet_name(table.name or f"ตาราง {len(self.taken) + 1}", self.taken)
        sheet = self.workbook.add_worksheet(name)
        grouped = any(isinstance(row, GroupRow) for row in table.rows)
        offset = 1 if grouped else 0
        total = _TOTAL_WIDTH[self.doc.page.orientation] - (_GROUP_COLUMN_WIDTH if grouped else 0)
        widths = [total * share for share in table.width_shares()]
        titles = table.flat_titles()
        if grouped:
            sheet.set_column(0, 0, _GROUP_COLUMN_WIDTH)
            write_text(sheet, 0, 0, table.group_title, self.header)
        for index, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.set_column(index + offset, index + offset, width)
            write_text(sheet, 0, index + offset, title, self.header)
        header_texts = [(title, width, True) for title, width in zip(titles, widths, strict=True)]
        sheet.set_row(0, row_height(header_texts, self.size, self.family))
        row_number, group = 0, ""
        for row in table.rows:
            if isinstance(row, GroupRow):
                group = line_text(row.text, self.doc.digits)
                continue
            row_number += 1
            texts: list[tuple[str, float, bool]] = []
            if grouped:
                write_text(sheet, row_number, 0, group, self.cell)
                texts.append((group, _GROUP_COLUMN_WIDTH, False))
            for index, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True)):
                shown = self._write_cell(sheet, row_number, index + offset, cell, column.align)
                texts.append((shown, widths[index], cell.bold))
            sheet.set_row(row_number, row_height(texts, self.size, self.family))
        self._print_setup(sheet, row_number, offset + len(table.columns) - 1)
        return name

    def _chart(self, chart: Chart) -> str:
        """The chart's data on a sheet of its own, and a native chart drawn from them beside it."""
        digits = self.doc.digits
        name = sheet_name(chart.name or f"แผนภูมิ {len(self.taken) + 1}", self.taken)
        sheet = self.workbook.add_worksheet(name)
        titles = [chart.category_title or "รายการ", *(series.name for series in chart.series)]
        if chart.reference is not None:
            titles.append(chart.reference_label or "เกณฑ์")
        categories = [line_text(text(category), digits) for category in chart.categories]
        first_width = min(45.0, max(12.0, *(len(value) * 1.1 for value in categories)))
        widths = [first_width, *([16.0] * (len(titles) - 1))]
        for column, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.set_column(column, column, width)
            write_text(sheet, 0, column, line_text(text(title), digits), self.header)
        sheet.set_row(
            0,
            row_height(
                [(t, w, True) for t, w in zip(titles, widths, strict=True)], self.size, self.family
            ),
        )
        value_format = self._format(
            "right", False, number_format(NumberText(0, chart.decimals), digits)
        )
        for row, category in enumerate(categories, start=1):
            write_text(sheet, row, 0, category, self.cell)
            values = [series.values[row - 1] for series in chart.series]
            if chart.reference is not None:
                values.append(chart.reference)
            for column, value in enumerate(values, start=1):
                if value is None:
                    sheet.write_blank(row, column, None, value_format)
                else:
                    sheet.write_number(row, column, float(value), value_format)
        last = len(categories)
        self._print_setup(sheet, last, len(titles) - 1)
        # Under the data, so the sheet prints on pages of the document's width.
        sheet.insert_chart(last + 2, 0, self._native_chart(chart, name, last))
        return name

    def _native_chart(self, chart: Chart, sheet: str, last: int) -> Any:
        digits = self.doc.digits
        kind = chart.kind
        native = self.workbook.add_chart(
            {"type": "bar"} if kind == "bar" else {"type": "radar", "subtype": "with_markers"}
        )
        assert native is not None
        font = {"name": self.base["font_name"], "size": self.size - 1, "charset": THAI_CHARSET}
        styles = _BAR_STYLES if kind == "bar" else _RADAR_STYLES
        columns = len(chart.series) + (1 if chart.reference is not None else 0)
        for column in range(1, columns + 1):
            is_reference = column > len(chart.series)
            style = _REFERENCE_STYLE[kind] if is_reference else styles[column - 1]
            native.add_series(
                {
                    "name": [sheet, 0, column],
                    "categories": [sheet, 1, 0, last, 0],
                    "values": [sheet, 1, column, last, column],
                    **style,
                }
            )
        ticks = chart.ticks()
        value_axis = {
            "min": 0,
            "max": float(chart.maximum),
            "major_unit": ticks[1] - ticks[0] if len(ticks) > 1 else float(chart.maximum),
            "num_font": font,
            "num_format": f"{_NUMBER_LOCALE[digits]}0",
            "major_gridlines": {"visible": True, "line": {"color": "#C8C8C8", "width": 0.5}},
        }
        if kind == "bar":
            native.set_x_axis(value_axis)  # in a bar chart, x is the value axis (horizontal)
            native.set_y_axis({"reverse": True, "num_font": font, "crossing": "max"})
            native.set_size(
                {"width": _CHART_SIZE_PX["bar"][0], "height": 90 + 26 * last * len(chart.series)}
            )
        else:
            native.set_y_axis(value_axis)
            native.set_x_axis({"num_font": font})
            native.set_size(
                {"width": _CHART_SIZE_PX["radar"][0], "height": _CHART_SIZE_PX["radar"][1]}
            )
        caption = line_text(chart.caption, digits)
        if caption:
            native.set_title(
                {"name": caption, "name_font": {**font, "size": self.size, "bold": True}}
            )
        else:
            native.set_title({"none": True})
        native.set_legend({"position": "bottom", "font": font})
        return native

    def _write_cell(self, sheet: Worksheet, row: int, column: int, cell: Cell, align: str) -> str:
        """Write one cell (a real date or number when it is one); return the text it shows."""
        digits = self.doc.digits
        align = cell.align or align
        shown = "\n".join(line_text(entry, digits) for entry in cell.lines)
        only = cell.lines[0][0] if len(cell.lines) == 1 and len(cell.lines[0]) == 1 else None
        if isinstance(only, DateText):
            cell_format = self._format(align, cell.bold, date_format(only, digits))
            sheet.write_datetime(row, column, only.value, cell_format)
        elif isinstance(only, NumberText):
            cell_format = self._format(align, cell.bold, number_format(only, digits))
            sheet.write_number(row, column, float(only.value), cell_format)
        elif isinstance(only, Run) and only.link:
            sheet.write_url(row, column, only.link, self.link, string=shown)
        else:
            write_text(sheet, row, column, shown, self._format(align, cell.bold))
        return shown

    def _print_setup(self, sheet: Worksheet, last_row: int, last_column: int) -> None:
        margins = self.doc.page.margins
        sheet.set_paper(9)  # A4
        if self.doc.page.orientation == "landscape":
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        sheet.set_margins(
            left=margins.left / 25.4,
            right=margins.right / 25.4,
            top=margins.top / 25.4,
            bottom=margins.bottom / 25.4,
        )
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(last_row, 1), last_column)

    def _text_rows(self, block: object) -> list[tuple[str, bool]]:
        digits = self.doc.digits
        if isinstance(block, Title):
            return [(line_text(entry, digits), True) for entry in block.lines if entry]
        if isinstance(block, Heading):
            return [(line_text(block.text, digits), True)]
        if isinstance(block, Paragraph):
            return [(line_text(block.text, digits), False)]
        if isinstance(block, BulletList):
            return [
                (
                    f"{numbered_marker(number, digits) if block.numbered else BULLET} "
                    + line_text(item, digits),
                    False,
                )
                for number, item in enumerate(block.items, start=1)
            ]
        if isinstance(block, SignatureBlock):
            return [
                (line_text(text(line), digits), False)
                for signer in block.signers
                for line in (f"({signer.display_name})", *signer.position)
            ]
        if isinstance(block, PageBreak):
            return []
        raise TypeError(f"unknown block {block!r}")

    def _text_sheet(self, rows: list[tuple[str, bool] | Image]) -> None:
        sheet = self.workbook.add_worksheet(sheet_name(TEXT_SHEET, self.taken))
        width = _TOTAL_WIDTH[self.doc.page.orientation]
        sheet.set_column(0, 0, width)
        for number, row in enumerate(rows):
            if isinstance(row, Image):
                self._image(sheet, number, row, width)
                continue
            value, bold = row
            write_text(sheet, number, 0, value, self.bold if bold else self.plain)
            sheet.set_row(number, row_height([(value, width, bold)], self.size, self.family))
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)

    def _image(self, sheet: Worksheet, row: int, image: Image, column_width: float) -> None:
        """A picture in a row of its own, scaled to its share of the column, the row as high."""
        width_mm = self.doc.page.text_width_mm * image.width
        data = image.data if image.data is not None else svg_png(image.svg or "", width_mm)
        with PILImage.open(io.BytesIO(data)) as picture:
            dpi = float(picture.info.get("dpi", (96, 96))[0]) or 96.0
            # XlsxWriter shows a picture at its pixels x 96 / its dots per inch.
            pixels_wide, pixels_high = (size * 96 / dpi for size in picture.size)
        wanted_px = column_width * _PIXELS_PER_CHARACTER * image.width
        scale = wanted_px / pixels_wide
        height_pt = min(_MAX_ROW_HEIGHT, pixels_high * scale * 0.75 + 4)
        scale = min(scale, (height_pt - 4) / 0.75 / pixels_high)
        sheet.set_row(row, height_pt)
        sheet.insert_image(
            row,
            0,
            "picture.png",
            {
                "image_data": io.BytesIO(data),
                "x_scale": scale,
                "y_scale": scale,
                "object_position": 1,
                "description": image.alt or None,
            },
        )
