import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ImproperlyConfigured

from openita.documents.pdf import render_pdf
from openita.documents.quality import (
    comparable,
    document_text,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
    text_engines,
    undo_cluster_duplication,
)
from openita.documents.samples import measures_plan_sample
from openita.documents.spec import Document, Metadata, Paragraph, text
from openita.documents.tests.builders import (
    HARD_WORDS,
    MARKUP_LOOKALIKE,
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
    assert read.replace(header, "") == comparable(document_text(doc)).replace(header, "")


def test_rows_are_never_split_across_pages():
    _, pdf = rendered("narrow")
    for page in pages_of(pdf):
        first_cells = set(re.findall(r"([๐-๙]+)\)\s*การ", page))
        last_cells = set(re.findall(r"รอบที่\s*([๐-๙]+)", page))
        assert first_cells == last_cells


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


def test_it_records_that_typst_still_repeats_some_clusters_when_text_is_copied():
    """typst#7610 / krilla#411. When this fails, Typst is fixed: drop undo_cluster_duplication."""
    pdf = render_pdf(Document(Metadata("t"), (Paragraph(text("ขั้นตอน")),)))
    read = "".join(pdf_text(pdf).split())
    assert "ขั้ขั้นตอน" in read
    assert undo_cluster_duplication(read).startswith("ขั้นตอน")


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


def _stream(pdf: bytes):
    import io

    return io.BytesIO(pdf)
