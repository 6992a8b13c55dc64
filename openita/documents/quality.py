"""Checks on rendered documents: the text a PDF gives back, and where its lines break.

Used by the tests of this app, and meant for the tests of any app that builds documents:

    pdf = render_pdf(doc)
    assert comparable(pdf_text(pdf)) == comparable(document_text(doc))
    assert lines_starting_inside_words(pdf_lines(pdf), document_text(doc)) == []

Tables whose headers have two rows, or that run over pages, compare best `without_headers`.

`pdftotext` (poppler-utils) and pypdfium2 honour ActualText; "tounicode" (pypdf) reads only the
glyphs' ToUnicode maps, as pdf.js does (the text layer of Firefox and many web viewers). Since
textlayer.py rewrites the text layer, all three give the source text.

`printable_text(pdf, doc)` keeps only the characters drawn inside the page's text area (the page
less its margins): text that runs past the foot of a page, or off it, is not there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from html import unescape
from pathlib import Path
from typing import Literal

from openita.documents.spec import (
    BulletList,
    Chart,
    Document,
    GroupRow,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    Title,
    text,
)
from openita.documents.text import (
    BULLET,
    compound_cuts,
    is_cluster_start,
    is_thai_letter,
    line_text,
    numbered_marker,
    segment,
    split_long_name,
    with_digits,
)

TextEngine = Literal["pdftotext", "pdfium", "tounicode"]

# typst#7610 / krilla#411, undone by textlayer.py: copying text out of a Typst PDF repeated a
# consonant + upper vowel + tone mark cluster ("ขั้ขั้นตอน", "ศักดิ์ดิ์"). Counted by the tests.
DUPLICATED_CLUSTER = re.compile(r"([ก-ฮ][\u0e31\u0e34-\u0e37][\u0e48-\u0e4c])(.{0,2}?)\1")
_DOTTED_LINE = re.compile(r"\.{3,}")
_PAGE_LABEL = re.compile(r"^\s*หน้า\s*[0-9๐-๙]+\s*$", re.MULTILINE)


def text_engines() -> list[TextEngine]:
    """The PDF text readers available here (pypdfium2 and pypdf always; pdftotext when poppler is)."""
    engines: list[TextEngine] = ["pdfium", "tounicode"]
    if shutil.which("pdftotext"):
        engines.insert(0, "pdftotext")
    return engines


def pdf_text(pdf: bytes, engine: TextEngine = "pdfium") -> str:
    """All text of a PDF in content order, pages separated by form feeds."""
    if engine == "pdftotext":
        return _pdftotext(pdf, "-raw")
    if engine == "tounicode":
        from openita.documents.textlayer import tounicode_text

        return tounicode_text(pdf)
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        # pdfium gives a hyphen that ends a line ("E-|service") as U+FFFE, and sometimes joins
        # the page label in the bottom margin to the last line of the page ("พ.ศ. ๒๕๖๕หน้า ๖"):
        # the label goes on a line of its own, as the other readers give it
        pages = (
            _label_apart(page.get_textpage().get_text_range(), number)
            for number, page in enumerate(document, start=1)
        )
        return "\f".join(pages).replace(_PDFIUM_HYPHEN, "-")
    finally:
        document.close()


def _label_apart(page_text: str, number: int) -> str:
    """The page's label ("หน้า ๖", in either digits) on a line of its own, wherever pdfium put it."""
    for label in {f"หน้า {number}", f"หน้า {with_digits(str(number), 'thai')}"}:
        at = page_text.rfind(label)
        if at >= 0:
            end = at + len(label)
            return f"{page_text[:at]}\n{label}\n{page_text[end:]}"
    return page_text


POINTS_PER_MM = 72 / 25.4
_PDFIUM_HYPHEN = "\ufffe"


def printable_text(pdf: bytes, doc: Document, tolerance_mm: float = 1.0) -> str:
    """The characters drawn inside the text area of their page (the page less the document's
    margins), pages separated by form feeds; text that runs past the foot of a page, or off it,
    is left out, and so are the page labels in the bottom margin. pdfium reads the glyph boxes."""
    import pypdfium2

    margins = doc.page.margins
    slack = tolerance_mm * POINTS_PER_MM
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            left, right = (
                margins.left * POINTS_PER_MM - slack,
                width - margins.right * POINTS_PER_MM + slack,
            )
            bottom, top = (
                margins.bottom * POINTS_PER_MM - slack,
                height - margins.top * POINTS_PER_MM + slack,
            )
            textpage = page.get_textpage()
            shown = []
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1).replace(_PDFIUM_HYPHEN, "-")
                if char.isspace():
                    shown.append(char)
                    continue
                x0, y0, x1, y1 = textpage.get_charbox(index)
                if left <= x0 and x1 <= right and bottom <= y0 and y1 <= top:
                    shown.append(char)
            pages.append("".join(shown))
    finally:
        document.close()
    return "\f".join(pages)


def pdf_lines(pdf: bytes) -> list[str]:
    """The text lines of a PDF as poppler finds them (each table cell line on its own)."""
    layout = _pdftotext(pdf, "-bbox-layout")
    lines = re.findall(r"<line\b[^>]*>(.*?)</line>", layout, flags=re.DOTALL)
    found: list[str] = []
    for line in lines:
        words = " ".join(unescape(w) for w in re.findall(r"<word\b[^>]*>(.*?)</word>", line))
        if found and words and not is_cluster_start(" " + words, 1):
            found[-1] += words  # a raised tone mark, drawn apart: poppler makes it a line
        else:
            found.append(words)
    return found


def _pdftotext(pdf: bytes, option: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdftotext", option, "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")


def duplicated_clusters(value: str) -> list[str]:
    """Clusters read twice in a row (krilla#411), e.g. ["ขั้"] for "ขั้ขั้นตอน"."""
    return [match.group(1) for match in DUPLICATED_CLUSTER.finditer(value)]


# A reader that ignores ActualText gives ำ as its two glyphs, ํ + า, and a tone mark drawn
# over them after the ํ: the same text for a person and for NFKC, once the marks are in order.
_NIKHAHIT_BEFORE_TONE = re.compile("\u0e4d([\u0e48-\u0e4b])")


def comparable(value: str) -> str:
    """Text reduced for comparison: no whitespace, no page labels, no dotted lines, NFKC (ำ)."""
    value = _PAGE_LABEL.sub("", value.replace("\f", "\n"))
    value = _DOTTED_LINE.sub("", "".join(value.split()))
    value = unicodedata.normalize("NFKC", value)
    return _NIKHAHIT_BEFORE_TONE.sub("\\1\u0e4d", value)


def document_text(doc: Document, repeat_headers: int = 1) -> str:
    """The text a document shows, in reading order, one block or cell per line."""
    digits = doc.digits
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            parts.extend(line_text(entry, digits) for entry in block.lines if entry)
        elif isinstance(block, Heading | Paragraph):
            parts.append(line_text(block.text, digits))
        elif isinstance(block, BulletList):
            for number, item in enumerate(block.items, start=1):
                marker = numbered_marker(number, digits) if block.numbered else BULLET
                parts.append(f"{marker} {line_text(item, digits)}")
        elif isinstance(block, Table):
            parts.extend(_table_text(block, doc))
        elif isinstance(block, Chart | Image):
            if block.caption:  # a chart is a picture: its labels are not text
                parts.append(line_text(block.caption, digits))
        elif isinstance(block, SignatureBlock):
            for signer in block.signers:
                parts.append(signer.label)
                parts.append(line_text(text(f"({signer.bracketed})"), digits))
                parts.extend(line_text(text(entry), digits) for entry in signer.below)
        elif not isinstance(block, PageBreak):
            raise TypeError(f"unknown block {block!r}")
    return "\n".join(parts)


def _header_titles(table: Table) -> list[str]:
    """The header cells of a table in reading order: the first row, then the second."""
    if not table.has_two_header_rows:
        return [column.title for column in table.columns]
    first: list[str] = []
    second: list[str] = []
    for group, columns in table.header_groups():
        if group is None:
            first.extend(column.title for column in columns)
        else:
            first.append(group)
            second.extend(column.title for column in columns)
    return first + second


def _table_text(table: Table, doc: Document) -> list[str]:
    parts = [line_text(text(title), doc.digits) for title in _header_titles(table)]
    for row in table.rows:
        if isinstance(row, GroupRow):
            parts.append(line_text(row.text, doc.digits))
        else:
            parts.extend(line_text(entry, doc.digits) for cell in row.cells for entry in cell.lines)
    return parts


def without_headers(value: str, doc: Document) -> tuple[str, int]:
    """Comparable text without the header rows of the document's tables, and how many were found.

    A header is found wherever its cells stand together, in any order: readers give the cells of
    a two-row header in the order of their height on the page (a title spanning both rows is
    centred, so it comes after the group title), and a header repeats on every page of its table,
    followed by the group row whose rows go on (dropped here too).
    Compare `without_headers(comparable(pdf_text(pdf)), doc)` with the same of `document_text`.
    """
    found = 0
    for table in (block for block in doc.blocks if isinstance(block, Table)):
        titles = [comparable(line_text(text(title), doc.digits)) for title in _header_titles(table)]
        groups = [
            comparable(line_text(row.text, doc.digits))
            for row in table.rows
            if isinstance(row, GroupRow)
        ]
        # where a header may start: where one of its titles does (the text between is kept as is)
        starts = re.compile("|".join(map(re.escape, titles))) if titles and all(titles) else None
        ordered = sorted(titles, key=len, reverse=True)  # the longest first: ตัวชี้วัด/ข้อ, ตัวชี้วัด
        kept: list[str] = []
        position, found_here = 0, 0
        while position < len(value):
            if starts is not None:
                start = starts.search(value, position)
                following = start.start() if start else len(value)
                kept.append(value[position:following])
                position = following
                if position == len(value):
                    break
            end = _header_end(value, position, ordered)
            if end is None:
                kept.append(value[position])
                position += 1
                continue
            found_here += 1
            position = end
            current = _last_group("".join(kept), groups) if found_here > 1 else None
            if current and value.startswith(current, position):
                position += len(current)  # the group row repeated under the header
        value = "".join(kept)
        found += found_here
    return value, found


def _last_group(before: str, groups: list[str]) -> str | None:
    """The group row that stands last in `before`."""
    places = [(before.rfind(group), group) for group in groups if group]
    place, group = max(places, default=(-1, ""))
    return group if place >= 0 else None


def _header_end(value: str, start: int, ordered: list[str]) -> int | None:
    """Where a run of all titles (each once, in any order) starting at `start` ends, if any;
    `ordered` holds them the longest first, so that ตัวชี้วัด/ข้อ is taken before ตัวชี้วัด."""
    remaining = list(ordered)
    position = start
    while remaining:
        title = next((t for t in remaining if value.startswith(t, position)), None)
        if title is None:
            return None
        remaining.remove(title)
        position += len(title)
    return position


# --- Line breaks ---------------------------------------------------------------------------------


def allowed_line_starts(source: str) -> tuple[str, set[int]]:
    """The source without whitespace, and the indexes in it where a line may start.

    A line may start after whitespace, at a boundary between two words as PyThaiNLP segments the
    source, anywhere inside text without Thai letters, and inside a long compound between its
    two halves (ปี|งบประมาณ, see text.compound_cuts). Never inside a word like เทคโนโล|ยี,
    กัน|ยายน or วิ|เคราะห์, nor inside a character cluster.
    """
    compact: list[str] = []
    allowed: set[int] = set()
    for token in segment(source):
        if token.isspace():
            continue
        token = "".join(token.split())
        start = len(compact)
        allowed.add(start)
        offset = start
        for piece in split_long_name(token):  # names are cut into their words
            allowed.add(offset)
            allowed.update(offset + cut for cut in compound_cuts(piece))
            offset += len(piece)
        for cut in range(1, len(token)):
            if not (is_thai_letter(token[cut - 1]) and is_thai_letter(token[cut])):
                allowed.add(start + cut)
        compact.extend(token)
    return "".join(compact), allowed


def lines_starting_inside_words(lines: list[str], source: str) -> list[str]:
    """The lines (shown as 'end of text|line') that start where no line may start.

    Each line is looked up in the source (without whitespace); it is fine when one of its
    occurrences starts at an allowed place. Lines not found in the source (page labels) are
    skipped: compare the whole text separately.
    """
    compact, allowed = allowed_line_starts(source)
    wrong = []
    for line in lines:
        wanted = "".join(line.split())
        if not wanted:
            continue
        starts = [match.start() for match in re.finditer(re.escape(wanted), compact)]
        if starts and not any(start in allowed for start in starts):
            start = starts[0]
            wrong.append(f"{compact[max(0, start - 12) : start]}|{wanted[:20]}")
    return wrong
