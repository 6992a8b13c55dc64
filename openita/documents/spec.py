"""A format-neutral description of an official Thai document.

Apps build a `Document` (title lines, headings, paragraphs, tables, lists, charts, pictures,
signature blocks) and hand it to `render_pdf`, `render_docx` or `render_xlsx`. Nothing here knows
about a file format.

Text is made of pieces: plain `Run`s, `DateText` (a real date, shown in the Buddhist era) and
`NumberText` (a real number). Keeping dates and numbers as values lets every renderer apply the
document's `digits` setting, and lets the Excel renderer write real dates and numbers.

    doc = Document(
        metadata=Metadata(title="มาตรการส่งเสริมคุณธรรมและความโปร่งใส", author="สภ.ภูแก้ว"),
        blocks=(
            Title(lines=(text("มาตรการส่งเสริมคุณธรรมและความโปร่งใส"), text("ประจำปีงบประมาณ พ.ศ. 2566"))),
            Paragraph(text("สถานีตำรวจภูธรภูแก้วได้ดำเนินการ ...")),
            Table(columns=(Column("ตัวชี้วัด", 0.2), Column("ขั้นตอนหรือวิธีการ", 0.4)), rows=(...)),
        ),
    )
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from openita.documents.ranks import full_rank, is_title, title_of

Digits = Literal["thai", "arabic"]
Orientation = Literal["portrait", "landscape"]
Align = Literal["left", "center", "right"]
MonthStyle = Literal["full", "abbr"]

# --- Inline text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text. `keep_digits` leaves 0-9 as typed (web addresses, codes)."""

    text: str
    bold: bool = False
    link: str | None = None
    keep_digits: bool = False


@dataclass(frozen=True)
class DateText:
    """A date shown in the Buddhist era: '9 มกราคม 2566' (digits follow the document)."""

    value: date
    month: MonthStyle = "full"
    with_era: bool = False
    bold: bool = False


@dataclass(frozen=True)
class NumberText:
    """A number shown with thousands separators and `decimals` places; `signed` shows a change
    with its sign: +2.40, -1.50, 0.00."""

    value: int | Decimal | float
    decimals: int = 0
    bold: bool = False
    signed: bool = False


Piece = Run | DateText | NumberText
Line = tuple[Piece, ...]


def text(*parts: str | Piece, bold: bool = False) -> Line:
    """A line from strings and pieces: text("ลงวันที่ ", DateText(d)). `bold` applies to strings."""
    return tuple(Run(part, bold=bold) if isinstance(part, str) else part for part in parts)


def link(label: str, url: str) -> Line:
    """A line that is one link (the label follows the document's digits, the address never)."""
    return (Run(label, link=url),)


# --- Blocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """The centred, bold title lines at the top: what, whose (unit), which fiscal year.

    `cover=True` makes it a cover page of its own, as the real reports have: the lines spread down
    the page (an empty line is a wide gap between groups of lines), the document goes on on the
    next page."""

    lines: tuple[Line, ...]
    cover: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 or 2."""

    text: Line
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text, left-aligned (justified Thai gets wide gaps); `indent` indents the first line."""

    text: Line
    indent: bool = True
    align: Align = "left"


@dataclass(frozen=True)
class BulletList:
    """Items marked with a bullet, or numbered 1. 2. 3. (in the document's digits)."""

    items: tuple[Line, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Column:
    """A table column. `width` is a share of the table width (shares are normalised).

    Neighbouring columns with the same `group` get a second-level header: the group title spans
    them on the first header row and their own titles stand on the second.
    """

    title: str
    width: float
    group: str | None = None
    align: Align = "left"

    def __post_init__(self) -> None:
        if self.width <= 0:
            raise ValueError(f"column {self.title!r}: width must be positive, not {self.width}")


@dataclass(frozen=True)
class Cell:
    """A table cell: one or more lines (each starts on a new line)."""

    lines: tuple[Line, ...] = ()
    align: Align | None = None
    bold: bool = False

    @classmethod
    def of(cls, *lines: str | Line, align: Align | None = None, bold: bool = False) -> Cell:
        return cls(
            lines=tuple(text(entry) if isinstance(entry, str) else entry for entry in lines),
            align=align,
            bold=bold,
        )


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class GroupRow:
    """A row spanning all columns that opens a group: 'ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่'."""

    text: Line


@dataclass(frozen=True)
class Table:
    """A table whose header rows repeat on every page and whose rows never split across pages.

    `name` names the Excel sheet; `group_title` heads the extra first column in which the Excel
    export repeats each group row's text, so every spreadsheet row stands on its own.
    """

    columns: tuple[Column, ...]
    rows: tuple[Row | GroupRow, ...] = ()
    name: str = ""
    group_title: str = "หมวด"

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a table needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if isinstance(row, Row) and len(row.cells) != len(self.columns):
                raise ValueError(
                    f"table row {number} has {len(row.cells)} cells for {len(self.columns)} columns"
                )
        seen: set[str] = set()
        previous: str | None = None
        for column in self.columns:
            if column.group is not None and column.group != previous and column.group in seen:
                raise ValueError(f"columns of group {column.group!r} must stand side by side")
            if column.group is not None:
                seen.add(column.group)
            previous = column.group

    @property
    def has_two_header_rows(self) -> bool:
        return any(column.group is not None for column in self.columns)

    def width_shares(self) -> tuple[float, ...]:
        total = sum(column.width for column in self.columns)
        return tuple(column.width / total for column in self.columns)

    def header_groups(self) -> list[tuple[str | None, list[Column]]]:
        """Columns in runs of the same group (None: a column without a group)."""
        runs: list[tuple[str | None, list[Column]]] = []
        for column in self.columns:
            if column.group is not None and runs and runs[-1][0] == column.group:
                runs[-1][1].append(column)
            else:
                runs.append((column.group, [column]))
        return runs

    def flat_titles(self) -> list[str]:
        """One title per column for a single header row: 'group: title' for grouped columns."""
        return [
            f"{column.group}: {column.title}" if column.group else column.title
            for column in self.columns
        ]


@dataclass(frozen=True)
class Signer:
    """One person who signs: the name in brackets under the dotted line, the rank written out in
    full and the position below (`bracketed`, `below`)."""

    name: str
    rank: str = ""
    position: tuple[str, ...] = ()
    label: str = "ลงชื่อ"

    @property
    def bracketed(self) -> str:
        """The name in the brackets under the signature: a title (นาย, นางสาว) before it, never a
        rank (ranks.py)."""
        title = title_of(self.rank)
        return f"{title}{self.name}" if title else self.name

    @property
    def below(self) -> tuple[str, ...]:
        """The lines under the brackets: the rank written out in full, then the position."""
        if not self.rank.strip() or is_title(self.rank):
            return self.position
        return (full_rank(self.rank), *self.position)

    @property
    def display_name(self) -> str:
        """The name as a table writes it: 'พ.ต.อ.สมชาย ใจดี'."""
        if not self.rank:
            return self.name
        # Abbreviated ranks join the name ("พ.ต.อ.สมชาย"); written-out ranks take a space.
        return f"{self.rank}{self.name}" if self.rank.endswith(".") else f"{self.rank} {self.name}"


@dataclass(frozen=True)
class SignatureBlock:
    """One signer (placed on the right half) or several side by side."""

    signers: tuple[Signer, ...]

    def __post_init__(self) -> None:
        if not self.signers:
            raise ValueError("a signature block needs at least one signer")


ChartKind = Literal["bar", "radar"]
Number = int | Decimal | float
MAX_SERIES = 3


@dataclass(frozen=True)
class Series:
    """One set of values of a chart, one per category (None: no value, e.g. no score last year)."""

    name: str
    values: tuple[Number | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from its data: vector in PDF, a picture in Word, a native chart in Excel.

    `bar`: one horizontal bar per category and series, with its value at the end (`decimals`);
    `radar`: one axis per category (3 or more; short labels such as indicator numbers). Values
    run from 0 to `maximum`. Safe in black and white: the first series is dark and solid, the
    second light grey with a dark outline (a dashed line on a radar), the third white and dotted;
    `reference` (a benchmark) is a dashed line named `reference_label` in the legend. In Excel the
    data go on a sheet of their own (`name`), headed `category_title` and the series names, with
    the chart beside them. The chart is a picture in every format: its labels are not part of the
    document's text (the data belong in a table next to it); `caption` is.
    """

    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    maximum: float = 100
    decimals: int = 2
    reference: Number | None = None
    reference_label: str = ""
    caption: Line = ()
    name: str = ""
    category_title: str = ""
    width: float = 1.0  # share of the text width

    def __post_init__(self) -> None:
        if not self.categories:
            raise ValueError("a chart needs at least one category")
        if not 1 <= len(self.series) <= MAX_SERIES:
            raise ValueError(f"a chart shows 1 to {MAX_SERIES} series, not {len(self.series)}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.categories)} categories"
                )
        if self.kind == "radar" and len(self.categories) < 3:
            raise ValueError("a radar chart needs at least 3 categories")
        if self.maximum <= 0:
            raise ValueError("the chart maximum must be positive")
        if not 0 < self.width <= 1:
            raise ValueError(f"chart width is a share of the text width (0-1], not {self.width}")

    def ticks(self) -> tuple[float, ...]:
        """The scale's marks from 0 up to the maximum: 0, 20, 40 … 100 (at most 6 steps)."""
        magnitude = 10 ** math.floor(math.log10(self.maximum))
        for step in (magnitude * factor for factor in (0.1, 0.2, 0.25, 0.5, 1, 2)):
            if self.maximum / step <= 6:
                break
        count = math.floor(self.maximum / step + 1e-9)
        return tuple(float(round(step * number, 10)) for number in range(count + 1))


@dataclass(frozen=True)
class Image:
    """A picture: PNG or JPEG bytes (`data`), or SVG text (`svg`); `width` is a share of the text
    width, `alt` describes it for screen readers. Text inside an SVG is drawn, but readers of the
    PDF get it back in pieces: put text in `caption`, data in a `Chart`."""

    data: bytes | None = None
    svg: str | None = None
    width: float = 1.0
    caption: Line = ()
    alt: str = ""
    height_mm: float | None = None  # drawn this high (the width follows), else `width` wide
    from_top_mm: float | None = None  # the first block only: this far from the page's top edge

    def __post_init__(self) -> None:
        if (self.data is None) == (self.svg is None):
            raise ValueError("an image is either PNG/JPEG bytes or SVG text")
        if self.data is not None and not self.data.startswith((b"\x89PNG", b"\xff\xd8")):
            raise ValueError("image data must be PNG or JPEG")
        if not 0 < self.width <= 1:
            raise ValueError(f"image width is a share of the text width (0-1], not {self.width}")

    @classmethod
    def of_height(
        cls,
        data: bytes,
        height_mm: float,
        text_width_mm: float,
        alt: str = "",
        from_top_mm: float | None = None,
    ) -> Image:
        """PNG/JPEG bytes drawn `height_mm` high, centred; with `from_top_mm`, that far from the
        top edge of the page (an order's Garuda: 30 mm high, 15 mm from the top, as the
        regulations on official correspondence set it)."""
        import io

        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as picture:
            wide, high = picture.size
        share = height_mm * wide / high / text_width_mm
        return cls(
            data=data,
            width=min(1.0, round(share, 4)),
            alt=alt,
            height_mm=height_mm,
            from_top_mm=from_top_mm,
        )


@dataclass(frozen=True)
class PageBreak:
    pass


Block = (
    Title | Heading | Paragraph | BulletList | Table | Chart | Image | SignatureBlock | PageBreak
)

# --- The document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (official letters: 30 left, 20 right, 25 top, 20 bottom)."""

    top: float = 25
    right: float = 20
    bottom: float = 20
    left: float = 30


@dataclass(frozen=True)
class PageSetup:
    """A4 portrait or landscape; page numbers as '<page_label> 1' at the bottom right."""

    orientation: Orientation = "portrait"
    margins: Margins = field(default_factory=Margins)
    page_numbers: bool = True
    page_label: str = "หน้า"

    @property
    def text_width_mm(self) -> float:
        """The width between the side margins of an A4 page."""
        width = 297 if self.orientation == "landscape" else 210
        return width - self.margins.left - self.margins.right


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str = ""
    subject: str = ""


@dataclass(frozen=True)
class Document:
    """A whole document. `digits` applies to every number and date shown, page numbers included."""

    metadata: Metadata
    blocks: tuple[Block, ...]
    page: PageSetup = field(default_factory=PageSetup)
    digits: Digits = "thai"
    # Names of people and units in the text: a line breaks only between their words (given
    # name | surname), never inside one. The signers and the author are added by the renderer.
    names: tuple[str, ...] = ()
    # Excel: "data" gives each table a sheet of its own (sortable, one header row) and the text a
    # last sheet; "paper" puts first a sheet laid out as the printed document (an order, minutes:
    # title, text, tables, signatures in reading order), then the tables' sheets.
    spreadsheet: Literal["data", "paper"] = "data"


def lines(entries: Iterable[str | Line]) -> tuple[Line, ...]:
    """Lines from strings or ready lines (for list items, cells, title lines)."""
    return tuple(text(entry) if isinstance(entry, str) else entry for entry in entries)
