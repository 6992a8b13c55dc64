import io
import re
from functools import cache

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Mm

from openita.documents.quality import comparable, document_text
from openita.documents.samples import measures_plan_sample
from openita.documents.spec import Document
from openita.documents.tests.builders import (
    PLAN_URL,
    chart_document,
    landscape,
    one_page_document,
)
from openita.documents.word import render_docx

THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@cache
def rendered(digits: str = "thai") -> tuple[Document, WordDocument]:
    doc = one_page_document(digits=digits)  # type: ignore[arg-type]
    return doc, docx.Document(io.BytesIO(render_docx(doc)))


def body_text(word: WordDocument) -> str:
    return "".join(node.text or "" for node in word.element.body.iter(qn("w:t")))


def test_it_holds_the_same_text_as_the_description():
    doc, word = rendered()
    assert comparable(body_text(word)) == comparable(document_text(doc))


def test_the_sample_holds_the_same_text_as_its_description():
    doc = measures_plan_sample()
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert comparable(body_text(word)) == comparable(document_text(doc))


def test_every_run_names_the_font_in_the_complex_script_slot():
    _, word = rendered()
    runs = [run for run in word.element.iter(qn("w:r")) if run.find(qn("w:t")) is not None]
    assert runs
    for run in runs:
        properties = run.find(qn("w:rPr"))
        fonts = properties.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == "TH SarabunPSK"
        assert properties.find(qn("w:szCs")).get(qn("w:val")) == properties.find(qn("w:sz")).get(
            qn("w:val")
        )
        assert properties.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
        bold = properties.find(qn("w:b")).get(qn("w:val"))
        assert properties.find(qn("w:bCs")).get(qn("w:val")) == bold


def test_titles_are_bold_and_body_is_sixteen_points_the_official_size():
    _, word = rendered()
    title_run = word.paragraphs[0].runs[0]._r.find(qn("w:rPr"))
    assert title_run.find(qn("w:bCs")).get(qn("w:val")) == "1"
    paragraph = next(p for p in word.paragraphs if p.text.startswith("คำสั่ง"))
    assert paragraph.runs[0]._r.find(qn("w:rPr")).find(qn("w:szCs")).get(qn("w:val")) == "32"


def test_theme_fonts_are_removed_from_the_styles():
    _, word = rendered()
    styles = word.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert not any(fonts.get(qn(attribute)) for attribute in THEME_ATTRIBUTES)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
    assert defaults.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"


def test_header_rows_repeat_and_only_rows_of_data_split():
    _, word = rendered()
    table = word.tables[0]
    header_flags = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert header_flags == [True, True, False, False, False]
    whole = [row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows]
    assert whole == [True, True, True, False, False]  # headers, the group row; data rows split
    assert table.rows[0].cells[1].text == "ระยะเวลา"  # the group title spans its two columns
    assert table.rows[1].cells[1].text == "เริ่ม"
    assert table.rows[2].cells[0].text == table.rows[2].cells[3].text  # the group row spans all


def test_the_table_grid_has_the_column_shares():
    _, word = rendered()
    widths = [int(col.get(qn("w:w"))) for col in word.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    total = sum(widths)
    assert [round(width / total, 2) for width in widths] == [0.3, 0.2, 0.2, 0.3]
    assert 8500 < total < 9100  # 160 mm of text width, in twentieths of a point


def test_pages_are_a4_and_numbered_in_thai_digits():
    _, word = rendered()
    section = word.sections[0]
    assert round(Mm(210) / 10_000) == round((section.page_width or 0) / 10_000)
    assert round(Mm(297) / 10_000) == round((section.page_height or 0) / 10_000)
    number_type = section._sectPr.find(qn("w:pgNumType"))
    assert number_type.get(qn("w:fmt")) == "thaiNumbers"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("หน้า")
    assert "PAGE" in "".join(node.text for node in footer._p.iter(qn("w:instrText")))
    _, arabic = rendered("arabic")
    assert arabic.sections[0]._sectPr.find(qn("w:pgNumType")) is None


def test_landscape_swaps_the_page_sides():
    word = docx.Document(io.BytesIO(render_docx(landscape(one_page_document()))))
    section = word.sections[0]
    assert (section.page_width or 0) > (section.page_height or 0)


def test_links_and_properties_are_kept():
    _, word = rendered()
    targets = [rel.target_ref for rel in word.part.rels.values() if rel.is_external]
    assert PLAN_URL in targets
    assert word.core_properties.title == "แผนทดสอบ"
    assert word.core_properties.author == "สถานีตำรวจภูธรทดสอบ"


@pytest.mark.parametrize("family", ["TH Sarabun New"])
def test_the_family_is_a_setting(settings, family):
    settings.OPENITA_OFFICE_FONT = family
    word = docx.Document(io.BytesIO(render_docx(one_page_document())))
    run = word.paragraphs[0].runs[0]._r.find(qn("w:rPr"))
    assert run.find(qn("w:rFonts")).get(qn("w:cs")) == family
    assert run.find(qn("w:szCs")).get(qn("w:val")) == str(round(16 * 1.15 * 2))


@cache
def rendered_charts() -> tuple[Document, WordDocument]:
    doc = chart_document()
    return doc, docx.Document(io.BytesIO(render_docx(doc)))


def test_charts_and_images_are_pictures_with_their_captions():
    doc, word = rendered_charts()
    assert comparable(body_text(word)) == comparable(document_text(doc))
    shapes = word.inline_shapes
    assert len(shapes) == 4  # two charts, a PNG and an SVG drawn as PNG
    text_width = word.sections[0].page_width - Mm(50)  # type: ignore[operator]
    shares = [round(shape.width / text_width, 2) for shape in shapes]
    assert shares == [1.0, 0.6, 0.3, 0.2]
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]
    assert descriptions[0].startswith("ปีงบประมาณ พ.ศ. ๒๕๖๘: ๑ การปฏิบัติหน้าที่ ๙๗.๗๑")
    assert descriptions[2] == "ภาพทดสอบ"
    pictures = [part for part in word.part.package.parts if part.partname.endswith(".png")]
    assert len(pictures) == 4
    captions = [p for p in word.paragraphs if p.text.startswith("แผนภูมิที่")]
    assert [p.alignment for p in captions] == [1, 1]  # centred
    before_caption = captions[0]._p.getprevious()
    assert before_caption.find(".//" + qn("w:drawing")) is not None


def test_the_properties_are_the_documents_own_not_the_templates():
    import zipfile
    from dataclasses import replace
    from datetime import UTC, datetime

    import time_machine

    from openita.documents.spec import Metadata
    from openita.documents.word import render_docx

    doc = replace(one_page_document(), metadata=Metadata("คำสั่ง ที่ 12/2568", "สภ.ทดสอบ"))
    with time_machine.travel(datetime(2025, 1, 9, 10, 0, tzinfo=UTC), tick=False):
        content = render_docx(doc)
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.title == "คำสั่ง ที่ ๑๒/๒๕๖๘"  # the document's digits
    assert properties.author == properties.last_modified_by == "สภ.ทดสอบ"
    assert properties.created == properties.modified == datetime(2025, 1, 9, 10, 0, tzinfo=UTC)
    assert properties.comments == "" and properties.revision == 1
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert not any("thumbnail" in name for name in names)
    app = zipfile.ZipFile(io.BytesIO(content)).read("docProps/app.xml")
    assert b"Macintosh" not in app and b"Word" not in app


def test_the_text_before_the_signatures_stays_with_them():
    from openita.documents.spec import Metadata, Paragraph, SignatureBlock, Signer, text
    from openita.documents.word import render_docx

    doc = Document(
        Metadata("t"),
        (Paragraph(text("สั่ง ณ วันที่ 9 มกราคม พ.ศ. 2568")), SignatureBlock((Signer("สมชาย ใจดี"),))),
    )
    word = docx.Document(io.BytesIO(render_docx(doc)))
    dated = next(p for p in word.paragraphs if p.text.startswith("สั่ง"))
    assert dated.paragraph_format.keep_with_next


def test_every_style_and_run_names_th_sarabunpsk_and_nothing_else():
    """ADR 0009: Word names TH SarabunPSK (on every government PC), never Sarabun, never a theme."""
    import zipfile

    content = render_docx(one_page_document())
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml"):
        xml = zipfile.ZipFile(io.BytesIO(content)).read(name).decode()
        elements = re.findall(r"<w:rFonts [^>]*>", xml)
        assert elements
        named = {
            n for e in elements for n in re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', e)
        }
        assert named <= {"TH SarabunPSK"}, (name, named)
    assert b'"Sarabun"' not in zipfile.ZipFile(io.BytesIO(content)).read("word/styles.xml")


def test_the_office_size_follows_the_pdf_layout(settings):
    from openita.documents import fonts

    assert fonts.office_font_size() == 16  # Sarabun 12 pt in the PDF
    settings.OPENITA_DOCUMENT_FONT_SIZE = "13.5"
    assert fonts.office_font_size() == 18
    settings.OPENITA_OFFICE_FONT = "Sarabun"
    assert fonts.office_font_size() == 13.5
