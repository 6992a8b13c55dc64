from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ImproperlyConfigured

from openita.documents.pdf import chart_payload, chart_png, chart_svg, render_pdf, svg_png
from openita.documents.quality import (
    comparable,
    document_text,
    duplicated_clusters,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
    text_engines,
    without_headers,
)
from openita.documents.samples import measures_plan_sample
from openita.documents.spec import (
    Cell,
    Column,
    Document,
    Metadata,
    Paragraph,
    Row,
    Run,
    Table,
    text,
)
from openita.documents.tests.builders import (
    HARD_WORDS,
    INDICATORS,
    MARKUP_LOOKALIKE,
    SQUARE_SVG,
    chart_document,
    indicator_bar_chart,
    landscape,
    narrow_columns_document,
    one_page_document,
)
from openita.documents.text import line_text

BUILDERS: dict[str, Callable[[], Document]] = {
    "one_page": one_page_document,
    "one_page_arabic": lambda: one_page_document(digits="arabic"),
    "narrow": narrow_columns_document,
    "sample": measures_plan_sample,
    "charts": chart_document,
}


@cache
def rendered(name: str) -> tuple[Document, bytes]:
    doc = BUILDERS[name]()
    return doc, render_pdf(doc)


def pages_of(pdf: bytes) -> list[str]:
    return pdf_text(pdf, text_engines()[0]).split("\f")


def without_first(value: str, parts: list[str]) -> str:
    for part in parts:
        assert comparable(part) in value
        value = value.replace(comparable(part), "", 1)
    return value


@pytest.mark.parametrize("engine", text_engines())
def test_the_text_read_back_is_the_source_text(engine):
    doc, pdf = rendered("one_page")
    assert len(pypdf.PdfReader(_stream(pdf)).pages) == 1
    # Titles spanning both header rows are centred vertically, so readers may put them after
    # the group title: compare the header apart.
    header = ["ตัวชี้วัด", "ระยะเวลา", "เอกสาร", "เริ่ม", "สิ้นสุด"]
    if engine == "pdfium":  # pdfium may set a raised tone mark after the next letter (เริม่)
        assert Counter(comparable(pdf_text(pdf, engine))) == Counter(comparable(document_text(doc)))
        return
    read = without_first(comparable(pdf_text(pdf, engine)), header)
    assert read == without_first(comparable(document_text(doc)), header)


@pytest.mark.parametrize("engine", text_engines())
def test_the_text_of_a_long_table_is_the_source_text_with_its_header_repeated(engine):
    doc, pdf = rendered("narrow")
    header = comparable("ตัวชี้วัด ขั้นตอนหรือวิธีการ ผู้รับผิดชอบ ระยะเวลาดำเนินการ การกำกับติดตาม")
    read = comparable(pdf_text(pdf, engine))
    pages = len(pypdf.PdfReader(_stream(pdf)).pages)
    assert pages >= 3
    assert read.count(header) == pages  # the table starts on the first page, below the text
    # Rows split over pages are read page by page: each character once, in another order.
    source = comparable(document_text(doc)).replace(header, "")
    assert Counter(read.replace(header, "")) == Counter(source)


@pytest.mark.parametrize("name", ["one_page", "narrow"])
def test_headers_are_found_in_any_order_and_on_every_page(name):
    doc, pdf = rendered(name)
    read, found = without_headers(comparable(pdf_text(pdf, text_engines()[0])), doc)
    source, once = without_headers(comparable(document_text(doc)), doc)
    assert Counter(read) == Counter(source)  # rows split over pages are read page by page
    assert once == 1
    assert found == len(pypdf.PdfReader(_stream(pdf)).pages)


def test_codes_in_table_cells_keep_their_digits():
    doc = Document(
        Metadata("t"),
        (Table((Column("ข้อ", 1),), (Row((Cell((text("ข้อ ", Run("i27", keep_digits=True)),)),)),)),),
    )
    assert "ข้อ i27" in document_text(doc)
    assert "i27" in pdf_text(render_pdf(doc))


@pytest.mark.parametrize("name", ["narrow", "sample", "one_page"])
def test_no_line_starts_inside_a_thai_word(name, pdftotext):
    doc, pdf = rendered(name)
    lines = pdf_lines(pdf)
    assert len(lines) > 20
    assert lines_starting_inside_words(lines, document_text(doc)) == []


def test_the_line_check_catches_breaks_inside_words():
    source = f"{HARD_WORDS} ปีงบประมาณ 2568 ผู้บริหาร"
    wrong = lines_starting_inside_words(["ยีมาใช้", "ยายนของ", "ประมาณ 2568"], source)
    assert [entry.split("|")[1] for entry in wrong] == ["ยีมาใช้", "ยายนของ", "ประมาณ2568"]
    assert lines_starting_inside_words(["งบประมาณ 2568", "บริหาร", "มาใช้"], source) == []


@pytest.mark.parametrize("engine", text_engines())
def test_copied_text_no_longer_repeats_clusters(engine):
    """krilla#411 / typst#7610, undone by textlayer.py: "ขั้ขั้นตอน" was read for "ขั้นตอน"."""
    source = "ขั้นตอน คำสั่ง มั่นคงธรรม ศักดิ์ ผู้ใหญ่ ปฏิบัติ ญาติ ฐาน น้ำ"
    pdf = render_pdf(Document(Metadata("t"), (Paragraph(text(source)),)))
    read = pdf_text(pdf, engine)
    assert duplicated_clusters("".join(read.split())) == []
    assert comparable(read) == comparable(source)


def test_the_tounicode_reader_reads_as_pypdf_does():
    """The quick ToUnicode-only reader (as pdf.js) against pypdf's, which ignores ActualText too."""
    _doc, pdf = rendered("one_page")
    pypdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(_stream(pdf)).pages)
    assert comparable(pdf_text(pdf, "tounicode")) == comparable(pypdf_text)


def test_duplicated_clusters_are_found():
    assert duplicated_clusters("สมศักดิ์ดิ์ รักษ์ประชา") == ["ดิ์"]
    assert duplicated_clusters("ขั้ขั้นตอน") == ["ขั้"]


def test_page_numbers_follow_the_document_digits():
    _, thai = rendered("narrow")
    _, arabic = rendered("one_page_arabic")
    assert [page.split()[-2:] for page in pages_of(thai) if page.strip()][:2] == [
        ["หน้า", "๑"],
        ["หน้า", "๒"],
    ]
    assert pages_of(arabic)[0].split()[-2:] == ["หน้า", "1"]


def test_text_that_looks_like_markup_is_printed_as_it_is():
    _, pdf = rendered("one_page")
    shown = line_text(text(MARKUP_LOOKALIKE), "thai")  # "1cm" shows as "๑cm"
    assert comparable(shown) in comparable(pdf_text(pdf))
    assert pypdf.PdfReader(_stream(pdf)).pages[0].mediabox.width > 590  # still A4


def test_it_uses_only_sarabun_and_writes_the_metadata():
    _, pdf = rendered("one_page")
    reader = pypdf.PdfReader(_stream(pdf))
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {
        str(font.get_object()["/BaseFont"])
        for resource in resources
        for font in resource["/Font"].values()
    }
    assert fonts and all("Sarabun" in font for font in fonts)
    assert reader.metadata is not None
    assert reader.metadata.title == "แผนทดสอบ"
    assert reader.metadata.author == "สถานีตำรวจภูธรทดสอบ"


def test_landscape_pages_are_wider_than_high():
    page = pypdf.PdfReader(_stream(render_pdf(landscape(one_page_document())))).pages[0]
    assert round(float(page.mediabox.width)) == 842
    assert round(float(page.mediabox.height)) == 595


def test_a_font_without_files_is_a_configuration_error(settings):
    settings.OPENITA_DOCUMENT_FONT = "TH Sarabun New"
    with pytest.raises(ImproperlyConfigured, match="OPENITA_DOCUMENT_FONT_DIRS"):
        render_pdf(one_page_document())


@pytest.mark.parametrize("engine", text_engines())
def test_a_chart_is_a_picture_whose_caption_is_the_only_text(engine):
    doc, pdf = rendered("charts")
    read = comparable(pdf_text(pdf, engine))
    assert read == comparable(document_text(doc))
    assert "แผนภูมิที่๑คะแนนรายตัวชี้วัด" in read
    assert comparable(INDICATORS[3]) not in read  # the labels are drawn, not written


def test_charts_are_vector_drawings_and_images_are_embedded():
    _, pdf = rendered("charts")
    reader = pypdf.PdfReader(_stream(pdf))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1  # the PNG; the charts and the SVG are drawn as paths
    svg = chart_svg(indicator_bar_chart(), chart_document())
    assert svg.startswith("<svg") and "<path" in svg and "<text" not in svg


def test_the_chart_data_are_shown_in_the_document_digits():
    chart = indicator_bar_chart()
    thai, arabic = chart_payload(chart, "thai"), chart_payload(chart, "arabic")
    assert thai["series"][0]["shown"][2] == "๘๒.๗๓"
    assert arabic["series"][0]["shown"][2] == "82.73"
    assert thai["series"][1]["values"][7] is None and thai["series"][1]["shown"][7] == ""
    assert [tick["label"] for tick in thai["ticks"]] == ["๐", "๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"]
    assert thai["reference"] == 85


def test_pictures_for_word_and_excel_are_png_at_their_size_on_the_page():
    from PIL import Image

    doc = chart_document()
    png = chart_png(indicator_bar_chart(), doc, ppi=100)
    with Image.open(_stream(png)) as picture:
        assert picture.format == "PNG"
        assert picture.width == round(160 / 25.4 * 100)  # 160 mm of text width at 100 ppi
        assert picture.height > picture.width / 3
    with Image.open(_stream(svg_png(SQUARE_SVG, 40, ppi=100))) as picture:
        assert picture.size == (round(40 / 25.4 * 100), round(20 / 25.4 * 100))


def test_chart_pictures_fall_back_to_sarabun_when_the_family_has_no_files(settings):
    settings.OPENITA_DOCUMENT_FONT = "TH Sarabun New"  # fine for Word: the reader's PC has it
    assert chart_png(indicator_bar_chart(), chart_document(), ppi=50).startswith(b"\x89PNG")


def _stream(pdf: bytes):
    import io

    return io.BytesIO(pdf)


def test_the_paragraph_before_signatures_or_a_table_sticks_to_them():
    from openita.documents.pdf import pdf_payload
    from openita.documents.spec import SignatureBlock, Signer

    doc = Document(
        Metadata("t"),
        (
            Paragraph(text("ก่อนตาราง")),
            Table((Column("ข้อ", 1),), (Row((Cell.of("หนึ่ง"),)),)),
            Paragraph(text("ข้อความ")),
            Paragraph(text("สั่ง ณ วันที่ 9 มกราคม 2568")),
            SignatureBlock((Signer("กนกพร มั่นคงธรรม"),)),
        ),
    )
    blocks = pdf_payload(doc, "Sarabun", 12)["blocks"]
    assert [block.get("sticky", False) for block in blocks] == [True, False, False, True, False]
    name = [unit for run in blocks[-1]["signers"][0]["name"] for unit in run["u"]]
    assert ["กนกพร", True] in name and ["มั่นคงธรรม", True] in name  # never กนก|พร
