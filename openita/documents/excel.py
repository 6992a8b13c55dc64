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
PAPER_SHEET = "ฉบับพิมพ์"  # the sheet laid out as the printed document
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
        if self.doc.spreadsheet == "paper":
            _PaperSheet(self).write()
            for block in self.doc.blocks:
                if isinstance(block, Table):
                    self._table(block)
            return
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
        titles = [with_digits(title, self.doc.digits) for title in table.flat_titles()]
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
        self._page_setup(sheet)
        sheet.repeat_rows(0)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(last_row, 1), last_column)

    def _page_setup(self, sheet: Worksheet) -> None:
        """A4 in the document's orientation and margins, fit to the page width."""
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

    def _print_setup_paper(self, sheet: Worksheet, last_row: int, last_column: int) -> None:
        """As printed: no header to repeat, no grid lines."""
        self._page_setup(sheet)
        sheet.print_area(0, 0, max(last_row - 1, 0), last_column)
        sheet.hide_gridlines(2)

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
                for line in (f"({signer.bracketed})", *signer.below)
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


# --- A sheet laid out as the printed document --------------------------------------------------------


class _PaperSheet:
    """The document on one sheet, as it is printed: the picture at the top, the title lines centred,
    the text across the page, each table with its header and borders, the signatures on the right
    half. The sheet's columns are the union of the tables' column edges, so that every table keeps
    its proportions (a table column spans the sheet columns between its edges)."""

    def __init__(self, writer: _ExcelWriter) -> None:
        self.writer = writer
        self.doc = writer.doc
        self.row = 0
        tables = [block for block in self.doc.blocks if isinstance(block, Table)]
        edges = {0.0, 1.0}
        for table in tables:
            position = 0.0
            for share in table.width_shares():
                position += share
                edges.add(round(position, 3))
        self.edges = sorted(edges)
        total = _TOTAL_WIDTH[self.doc.page.orientation]
        self.widths = [total * (b - a) for a, b in zip(self.edges, self.edges[1:], strict=False)]
        self.total = total
        base = writer.base
        size = writer.size
        book = writer.workbook
        self.formats = {
            "title": book.add_format(
                {**base, "bold": True, "align": "center", "font_size": size + 2}
            ),
            "text": book.add_format(base),
            "indented": book.add_format({**base, "indent": 2}),
            "center": book.add_format({**base, "align": "center"}),
            "heading": book.add_format({**base, "bold": True}),
            "group": book.add_format({**base, "border": 1, "bold": True, "bg_color": "#F6F6F6"}),
        }

    def write(self) -> None:
        name = sheet_name(PAPER_SHEET, self.writer.taken)
        self.sheet = self.writer.workbook.add_worksheet(name)
        for index, width in enumerate(self.widths):
            self.sheet.set_column(index, index, width)
        for block in self.doc.blocks:
            self._block(block)
        self.writer._print_setup_paper(self.sheet, self.row, len(self.widths) - 1)

    def _span(self, start: float, end: float) -> tuple[int, int]:
        """The sheet columns between two edges (shares of the width)."""
        first = min(range(len(self.edges)), key=lambda i: abs(self.edges[i] - start))
        last = min(range(len(self.edges)), key=lambda i: abs(self.edges[i] - end))
        return first, max(first, last - 1)

    def _width(self, first: int, last: int) -> float:
        return sum(self.widths[first : last + 1])

    def _line(self, value: str, style: str, start: float = 0.0, end: float = 1.0) -> None:
        first, last = self._span(start, end)
        cell_format = self.formats[style]
        if first == last:
            write_text(self.sheet, self.row, first, value, cell_format)
        else:
            self.sheet.merge_range(self.row, first, self.row, last, "", cell_format)
            write_text(self.sheet, self.row, first, value, cell_format)
        size = self.writer.size + (2 if style == "title" else 0)
        bold = style in ("title", "heading", "group")
        height = row_height([(value, self._width(first, last), bold)], size, self.writer.family)
        self.sheet.set_row(self.row, height)
        self.row += 1

    def _block(self, block: object) -> None:
        digits = self.doc.digits
        if isinstance(block, Title):
            for entry in block.lines:
                if entry:
                    self._line(line_text(entry, digits), "title")
            self.row += 1
        elif isinstance(block, Heading):
            self._line(line_text(block.text, digits), "heading")
        elif isinstance(block, Paragraph):
            style = "center" if block.align == "center" else "indented" if block.indent else "text"
            self._line(line_text(block.text, digits), style)
        elif isinstance(block, BulletList):
            for number, item in enumerate(block.items, start=1):
                marker = numbered_marker(number, digits) if block.numbered else BULLET
                self._line(f"{marker} {line_text(item, digits)}", "indented")
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, SignatureBlock):
            self._signatures(block)
        elif isinstance(block, Image | Chart):
            self._picture(block)
        elif isinstance(block, PageBreak):
            self.sheet.set_h_pagebreaks([*self.sheet.hbreaks, self.row])
        else:
            raise TypeError(f"unknown block {block!r}")

    def _table(self, table: Table) -> None:
        writer, digits = self.writer, self.doc.digits
        spans, position = [], 0.0
        for share in table.width_shares():
            spans.append(self._span(position, position + share))
            position += share
        header = [
            (with_digits(title, digits), self._width(*span), True)
            for title, span in zip(table.flat_titles(), spans, strict=True)
        ]
        for (first, last), (title, _, _) in zip(spans, header, strict=True):
            self._cell(first, last, title, writer.header)
        self.sheet.set_row(self.row, row_height(header, writer.size, writer.family))
        self.row += 1
        for row in table.rows:
            if isinstance(row, GroupRow):
                self._line(line_text(row.text, digits), "group")
                continue
            texts = []
            for cell, column, (first, last) in zip(row.cells, table.columns, spans, strict=True):
                if first != last:
                    self.sheet.merge_range(self.row, first, self.row, last, "", writer.cell)
                shown = writer._write_cell(self.sheet, self.row, first, cell, column.align)
                texts.append((shown, self._width(first, last), cell.bold))
            self.sheet.set_row(self.row, row_height(texts, writer.size, writer.family))
            self.row += 1
        self.row += 1

    def _cell(self, first: int, last: int, value: str, cell_format: Format) -> None:
        if first != last:
            self.sheet.merge_range(self.row, first, self.row, last, "", cell_format)
        write_text(self.sheet, self.row, first, value, cell_format)

    def _signatures(self, block: SignatureBlock) -> None:
        """Each signer centred in its part of the width (one signer: the right half)."""
        self.row += 1
        count = len(block.signers)
        parts = [(0.5, 1.0)] if count == 1 else [(i / count, (i + 1) / count) for i in range(count)]
        signer_lines = [
            [f"{signer.label} {'.' * 30}".strip(), f"({signer.bracketed})", *signer.below]
            for signer in block.signers
        ]
        for index in range(max(len(entries) for entries in signer_lines)):
            texts = []
            for (start, end), entries in zip(parts, signer_lines, strict=True):
                if index < len(entries):
                    first, last = self._span(start, end)
                    value = with_digits(entries[index], self.doc.digits)
                    self._cell(first, last, value, self.formats["center"])
                    texts.append((value, self._width(first, last), False))
            self.sheet.set_row(self.row, row_height(texts, self.writer.size, self.writer.family))
            self.row += 1

    def _picture(self, block: Image | Chart) -> None:
        """A picture centred on its row (an order's emblem at its height)."""
        width_mm = self.doc.page.text_width_mm * block.width
        if isinstance(block, Chart):
            from openita.documents.pdf import chart_png

            data = chart_png(block, self.doc)
        else:
            data = block.data if block.data is not None else svg_png(block.svg or "", width_mm)
        with PILImage.open(io.BytesIO(data)) as picture:
            dpi = float(picture.info.get("dpi", (96, 96))[0]) or 96.0
            pixels_wide, pixels_high = (size * 96 / dpi for size in picture.size)
        page_px = self.total * _PIXELS_PER_CHARACTER
        wanted_px = page_px * block.width
        if isinstance(block, Image) and block.height_mm:
            wanted_px = block.height_mm / 25.4 * 96 * pixels_wide / pixels_high
        scale = wanted_px / pixels_wide
        height_pt = min(_MAX_ROW_HEIGHT, pixels_high * scale * 0.75 + 4)
        self.sheet.set_row(self.row, height_pt)
        self.sheet.insert_image(
            self.row,
            0,
            "picture.png",
            {
                "image_data": io.BytesIO(data),
                "x_scale": scale,
                "y_scale": scale,
                "x_offset": max(0, int((page_px - wanted_px) / 2)),
                "object_position": 1,
                "description": getattr(block, "alt", "") or None,
            },
        )
        self.row += 1
        if block.caption:
            self._line(line_text(block.caption, self.doc.digits), "center")
