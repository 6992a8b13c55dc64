"""Word (.docx) through python-docx, with Thai in Word's complex-script slots.

Thai is a complex script for Word: a run's font must be named in `w:rFonts w:cs` (as well as
ascii/hAnsi/eastAsia), its size in `w:szCs`, bold in `w:bCs`, and its language in
`w:lang w:bidi`. The default template's theme fonts would override the names, so they are removed
from every style. Word and LibreOffice break Thai lines with their own dictionaries; fonts are not
embedded (Sarabun or the configured family must be on the reader's PC).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from openita.documents import fonts
from openita.documents.measure import content_shares
from openita.documents.pdf import chart_description, chart_png, document_names, svg_png
from openita.documents.spec import (
    Align,
    BulletList,
    Chart,
    Document,
    GroupRow,
    Heading,
    Image,
    Line,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Signer,
    Table,
    Title,
    text,
)
from openita.documents.text import (
    BULLET,
    StyledText,
    joined_names,
    numbered_marker,
    resolve,
    with_digits,
)

THAI = "th-TH"
HEADER_FILL = "E8E8E8"
GROUP_FILL = "F6F6F6"
_ALIGNMENT = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def render_docx(doc: Document) -> bytes:
    """The document as .docx bytes."""
    return _WordWriter(doc, fonts.office_font_family(), fonts.office_font_size()).write()


def _half_points(size: float) -> str:
    return str(round(size * 2))


def _child(parent: Any, tag: str) -> Any:
    """The first child `tag` of an element, created (appended) when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def set_thai_font(
    rpr: Any, family: str, size: float | None = None, bold: bool | None = None
) -> None:
    """Font in all four slots (cs for Thai), size in sz and szCs, bold in b and bCs, lang th-TH."""
    fonts_element = _child(rpr, "w:rFonts")
    for attribute in _THEME_ATTRIBUTES:
        fonts_element.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts_element.set(qn(slot), family)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _child(rpr, tag).set(qn("w:val"), "1" if bold else "0")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), _half_points(size))
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), THAI)
    lang.set(qn("w:bidi"), THAI)
    _sort_run_properties(rpr)


# The order of w:rPr children that the schema requires (Word refuses files that break it).
_RPR_ORDER = {
    qn(f"w:{tag}"): index
    for index, tag in enumerate(
        (
            *("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike"),
            *("dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid"),
            *("vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs"),
            *("highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em"),
            *("lang", "eastAsianLayout", "specVanish", "oMath"),
        )
    )
}


def _sort_run_properties(rpr: Any) -> None:
    children = sorted(rpr, key=lambda child: _RPR_ORDER.get(child.tag, len(_RPR_ORDER)))
    for child in children:
        rpr.remove(child)
        rpr.append(child)


APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<DocSecurity>0</DocSecurity></Properties>"
)


class _WordWriter:
    def __init__(self, doc: Document, family: str, size: float) -> None:
        self.doc = doc
        self.family = family
        self.size = size
        self.table_size = round(size * 0.92 * 2) / 2
        self.word = docx.Document()
        self.text_width = Emu(0)
        self.names = document_names(doc)

    # --- document-wide set-up --------------------------------------------------------------------

    def write(self) -> bytes:
        self._set_up_styles()
        self._set_up_page()
        self._set_properties()
        body = self.word.element.body
        for paragraph in list(body.iterchildren(qn("w:p"))):
            body.remove(paragraph)  # the template's empty first paragraph
        for block in self.doc.blocks:
            self._block(block)
        output = io.BytesIO()
        self.word.save(output)
        return output.getvalue()

    def _set_up_styles(self) -> None:
        styles = self.word.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        set_thai_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), self.family, self.size)
        for fonts_element in styles.iter(qn("w:rFonts")):
            for attribute in _THEME_ATTRIBUTES:
                fonts_element.attrib.pop(qn(attribute), None)
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts_element.set(qn(slot), self.family)
        paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = _child(paragraph_defaults, "w:spacing")
        spacing.set(qn("w:after"), "80")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
        for name, scale in (("Heading 1", 1.08), ("Heading 2", 1.0)):
            style = self.word.styles[name]
            style.font.color.rgb = None
            rpr = style.element.get_or_add_rPr()
            set_thai_font(rpr, self.family, self.size * scale, bold=True)
            style.paragraph_format.space_before = Pt(self.size * 0.8)
            style.paragraph_format.space_after = Pt(self.size * 0.4)

    def _set_up_page(self) -> None:
        section = self.word.sections[0]
        page = self.doc.page
        width, height = Mm(210), Mm(297)
        if page.orientation == "landscape":
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        section.top_margin = Mm(page.margins.top)
        section.bottom_margin = Mm(page.margins.bottom)
        section.left_margin = Mm(page.margins.left)
        section.right_margin = Mm(page.margins.right)
        section.footer_distance = Mm(page.margins.bottom / 2)
        self.text_width = Emu(width - section.left_margin - section.right_margin)
        if page.page_numbers:
            self._page_number_footer(section)

    def _page_number_footer(self, section: Any, first_page: bool = False) -> None:
        footer = (section.first_page_footer if first_page else section.footer).paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._styled_run(footer, StyledText(f"{self.doc.page.page_label} "), self.size * 0.85)
        instruction = " PAGE "  # shown in the section's number format (thaiNumbers below)
        for kind in ("begin", None, "separate"):
            run = self._styled_run(footer, StyledText(""), self.size * 0.85)
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._r.append(field)
            else:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = instruction
                run._r.append(code)
        shown_number = StyledText(with_digits("1", self.doc.digits))  # Word recomputes it
        self._styled_run(footer, shown_number, self.size * 0.85)
        end = self._styled_run(footer, StyledText(""), self.size * 0.85)
        field = OxmlElement("w:fldChar")
        field.set(qn("w:fldCharType"), "end")
        end._r.append(field)
        if self.doc.digits == "thai" and not first_page:
            # Word shows ๑ ๒ ๓ (LibreOffice 7.4 ignores the format and shows 1 2 3).
            number_type = OxmlElement("w:pgNumType")
            number_type.set(qn("w:fmt"), "thaiNumbers")
            section._sectPr.find(qn("w:cols")).addprevious(number_type)  # schema order

    def _set_properties(self) -> None:
        """Title and subject in the document's digits, author = the unit, made now; none of the
        default template's own properties (2013 dates, "python-docx", its application name,
        a blank thumbnail)."""
        properties = self.word.core_properties
        digits = self.doc.digits
        properties.title = with_digits(self.doc.metadata.title, digits)
        properties.author = self.doc.metadata.author
        properties.last_modified_by = self.doc.metadata.author
        properties.subject = with_digits(self.doc.metadata.subject, digits)
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.revision = 1
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        properties.created = now
        properties.modified = now
        properties.language = THAI
        package = self.word.part.package
        for key, relation in list(package.rels.items()):
            if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                package.rels.pop(key)
            elif relation.reltype == RELATIONSHIP_TYPE.EXTENDED_PROPERTIES:
                relation.target_part._blob = APP_PROPERTIES

    # --- text ------------------------------------------------------------------------------------

    def _styled_run(self, paragraph: DocxParagraph, styled: StyledText, size: float) -> Any:
        run = paragraph.add_run(joined_names(styled.text, self.names))
        set_thai_font(run._r.get_or_add_rPr(), self.family, size, bold=styled.bold)
        return run

    def _write_line(
        self, paragraph: DocxParagraph, line: Line, size: float, bold: bool = False
    ) -> None:
        for styled in resolve(line, self.doc.digits, bold=bold):
            if styled.link:
                self._hyperlink(paragraph, styled, size)
            else:
                self._styled_run(paragraph, styled, size)

    def _hyperlink(self, paragraph: DocxParagraph, styled: StyledText, size: float) -> None:
        assert styled.link is not None
        relation = paragraph.part.relate_to(
            styled.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
        )
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = self._styled_run(paragraph, styled, size)
        run.font.underline = True
        paragraph._p.remove(run._r)
        hyperlink.append(run._r)
        paragraph._p.append(hyperlink)

    def _paragraph(
        self, line: Line, size: float | None = None, align: Align = "left", bold: bool = False
    ) -> DocxParagraph:
        paragraph = self.word.add_paragraph()
        paragraph.alignment = _ALIGNMENT[align]
        self._write_line(paragraph, line, size or self.size, bold=bold)
        return paragraph

    # --- blocks ----------------------------------------------------------------------------------

    def _block(self, block: object) -> None:
        if isinstance(block, Title) and block.cover:
            self._cover(block)
        elif isinstance(block, Title):
            for entry in block.lines:
                self._paragraph(entry, self.size * 1.15, align="center", bold=True)
            self.word.paragraphs[-1].paragraph_format.space_after = Pt(self.size)
        elif isinstance(block, Heading):
            paragraph = self.word.add_paragraph(style=f"Heading {block.level}")
            paragraph.paragraph_format.keep_with_next = True
            size = self.size * (1.08 if block.level == 1 else 1)
            self._write_line(paragraph, block.text, size, bold=True)
        elif isinstance(block, Paragraph):
            paragraph = self._paragraph(block.text, align=block.align)
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Pt(self.size * 2.5)
        elif isinstance(block, BulletList):
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Chart):
            alt = chart_description(block, self.doc.digits)
            self._picture(chart_png(block, self.doc), block.width, block.caption, alt)
        elif isinstance(block, Image):
            width_mm = self.doc.page.text_width_mm * block.width
            data = block.data if block.data is not None else svg_png(block.svg or "", width_mm)
            if block.from_top_mm is not None and block is self.doc.blocks[0]:
                self._emblem(data, block)
            else:
                self._picture(data, block.width, block.caption, block.alt)
        elif isinstance(block, SignatureBlock):
            self._signatures(block)
        elif isinstance(block, PageBreak):
            self.word.add_page_break()
        else:
            raise TypeError(f"unknown block {block!r}")

    def _cover(self, block: Title) -> None:
        """A cover page: the lines down the page (an empty line a wide gap), then a page break."""
        space_before = Pt(self.size * 12)
        for entry in block.lines:
            if not entry:
                space_before = Pt(self.size * 8)
                continue
            paragraph = self._paragraph(entry, self.size * 1.35, align="center", bold=True)
            paragraph.paragraph_format.space_before = space_before
            space_before = Pt(self.size * 0.6)
        self.word.add_page_break()

    def _emblem(self, data: bytes, block: Image) -> None:
        """The picture in the first page's header, `from_top_mm` from the top edge and exactly
        `height_mm` high (an order's Garuda); Word moves the text down below it."""
        section = self.word.sections[0]
        section.different_first_page_header_footer = True
        section.header_distance = Mm(block.from_top_mm or 0)
        paragraph = section.first_page_header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(self.size * 0.5)
        run = paragraph.add_run()
        if block.height_mm:
            shape = run.add_picture(io.BytesIO(data), height=Mm(block.height_mm))
        else:
            shape = run.add_picture(io.BytesIO(data), width=Emu(int(self.text_width * block.width)))
        if block.alt:
            shape._inline.docPr.set("descr", block.alt)
        if self.doc.page.page_numbers:
            self._page_number_footer(section, first_page=True)

    def _picture(self, data: bytes, share: float, caption: Line, alt: str) -> None:
        """A centred picture, its share of the text width, kept on the page of its caption."""
        paragraph = self.word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(self.size * 0.5)
        paragraph.paragraph_format.keep_with_next = bool(caption)
        shape = paragraph.add_run().add_picture(
            io.BytesIO(data), width=Emu(int(self.text_width * share))
        )
        if alt:
            shape._inline.docPr.set("descr", alt)
        if caption:
            self._paragraph(caption, align="center").paragraph_format.space_after = Pt(self.size)

    def _list(self, block: BulletList) -> None:
        indent = Pt(self.size * 4.1)
        for number, item in enumerate(block.items, start=1):
            marker = numbered_marker(number, self.doc.digits) if block.numbered else BULLET
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.left_indent = indent
            paragraph.paragraph_format.first_line_indent = -Pt(self.size * 1.6)
            paragraph.paragraph_format.tab_stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)
            self._styled_run(paragraph, StyledText(f"{marker}\t"), self.size)
            self._write_line(paragraph, item, self.size)

    def _table(self, table: Table) -> None:
        header_rows = 2 if table.has_two_header_rows else 1
        word_table = self.word.add_table(rows=header_rows, cols=len(table.columns))
        word_table.style = self.word.styles["Table Grid"]
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        word_table.autofit = False
        widths = [Emu(int(self.text_width * share)) for share in content_shares(table, self.doc)]
        self._set_grid(word_table, widths)
        self._header(table, word_table)
        for row in table.rows:
            word_row = word_table.add_row()
            # Rows of data may split over pages, as in the PDF (Word cuts off a row taller than
            # a page that may not split); group rows and signatures stay whole.
            self._row_properties(word_row, header=False, split=not isinstance(row, GroupRow))
            if isinstance(row, GroupRow):
                cell = word_row.cells[0].merge(word_row.cells[-1])
                self._cell_lines(cell, (row.text,), bold=True)
                # Keep-with-next keeps the group row off the foot of a page, alone.
                cell.paragraphs[0].paragraph_format.keep_with_next = True
                _shade(cell, GROUP_FILL)
                continue
            for cell, spec_cell, column in zip(
                word_row.cells, row.cells, table.columns, strict=True
            ):
                self._cell_lines(
                    cell,
                    spec_cell.lines,
                    align=spec_cell.align or column.align,
                    bold=spec_cell.bold,
                )
        for word_row in word_table.rows:
            for cell, width in zip(word_row.cells, widths, strict=False):
                cell.width = width
        self.word.add_paragraph()  # Word needs a paragraph between a table and what follows

    def _set_grid(self, word_table: DocxTable, widths: list[Emu]) -> None:
        """gridCol widths in twentieths of a point: LibreOffice lays the table out from them."""
        for grid_column, width in zip(
            word_table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True
        ):
            grid_column.set(qn("w:w"), str(int(width.pt * 20)))
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        word_table._tbl.tblPr.append(layout)

    def _header(self, table: Table, word_table: DocxTable) -> None:
        rows = word_table.rows
        for row in rows:
            self._row_properties(row, header=True)
        if len(rows) == 1:
            for cell, column in zip(rows[0].cells, table.columns, strict=True):
                self._header_cell(cell, column.title)
            return
        index = 0
        for group, columns in table.header_groups():
            first, last = index, index + len(columns) - 1
            if group is None:
                for offset, column in enumerate(columns):
                    cell = rows[0].cells[first + offset].merge(rows[1].cells[first + offset])
                    self._header_cell(cell, column.title)
            else:
                self._header_cell(rows[0].cells[first].merge(rows[0].cells[last]), group)
                for offset, column in enumerate(columns):
                    self._header_cell(rows[1].cells[first + offset], column.title)
            index = last + 1

    def _header_cell(self, cell: _Cell, title: str) -> None:
        self._cell_lines(cell, (text(title),), align="center", bold=True)
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
        _shade(cell, HEADER_FILL)

    @staticmethod
    def _row_properties(row: _Row, header: bool, split: bool = False) -> None:
        """Rows split over pages only when `split`; header rows repeat on each page
        (w:tblHeader)."""
        properties = row._tr.get_or_add_trPr()
        if not split:
            properties.append(OxmlElement("w:cantSplit"))
        if header:
            properties.append(OxmlElement("w:tblHeader"))

    def _cell_lines(
        self,
        cell: _Cell,
        lines: tuple[Line, ...],
        align: Align = "left",
        bold: bool = False,
        size: float | None = None,
    ) -> None:
        for paragraph in list(cell.paragraphs)[1:]:
            paragraph._p.getparent().remove(paragraph._p)  # text merged from spanned cells
        first = cell.paragraphs[0]
        for run in list(first.runs):
            first._p.remove(run._r)
        for index, entry in enumerate(lines or ((),)):
            paragraph = first if index == 0 else cell.add_paragraph()
            paragraph.alignment = _ALIGNMENT[align]
            paragraph.paragraph_format.space_after = Pt(0)
            self._write_line(paragraph, entry, size or self.table_size, bold=bold)

    def _signatures(self, block: SignatureBlock) -> None:
        signers: list[Signer | None] = list(block.signers)
        if len(signers) == 1:
            signers.insert(0, None)  # one signer stands on the right half
        if self.word.paragraphs:  # the text before ("สั่ง ณ วันที่ ...") stays with the signature
            self.word.paragraphs[-1].paragraph_format.keep_with_next = True
        spacer = self.word.add_paragraph()
        spacer.paragraph_format.space_before = Pt(self.size * 1.5)
        spacer.paragraph_format.keep_with_next = True
        layout = self.word.add_table(rows=1, cols=len(signers))
        for cell, signer in zip(layout.rows[0].cells, signers, strict=True):
            if signer is None:
                continue
            entries = (
                text(f"{signer.label} " + "." * 36),
                text(f"({signer.bracketed})"),
                *(text(position) for position in signer.below),
            )
            self._cell_lines(cell, entries, align="center", size=self.size)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(self.size * 0.3)
        self._row_properties(layout.rows[0], header=False)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
