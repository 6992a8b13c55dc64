"""Posters: golden images of each, the sizes legible from two metres, every word on the page, QR codes
that decode to the right public page."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from openita.announcements import posters, services
from openita.announcements.models import PosterKind
from openita.announcements.tests.factories import YEAR, a_budget, a_service
from openita.conftest import World
from openita.documents.quality import (
    comparable,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
    text_engines,
)
from openita.documents.text import with_digits
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar.services import ensure_calendar
from openita.measures.models import ProgressEntry
from openita.measures.tests.factories import add_measure, plan_for, tiny_framework
from openita.scoring.models import AssessmentResult
from openita_testing.document_checks import assert_page_looks_as_before, needs_pdftotext

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def station(world: World, on_a_fixed_day: None) -> World:
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    ensure_calendar(assessment)
    a_budget(world.station)
    a_service(world.station)
    AssessmentResult.objects.create(
        unit=world.station,
        fiscal_year=YEAR,
        source="official",
        total=Decimal("93.47"),
        grade="A",
        rating_name_th="ผ่านการประเมิน",
    )
    return world


def _service(world: World) -> object:
    from openita.announcements.models import Service

    return Service.objects.get(unit=world.station)


@pytest.mark.parametrize("kind", PosterKind.values)
def test_each_poster_looks_as_before_and_shows_its_words(station: World, kind: str) -> None:
    service = _service(station)
    pdf, _name = posters.poster_file(station.station, YEAR, kind, "a4", "pdf", service)  # type: ignore[arg-type]
    assert len(pypdfium2.PdfDocument(pdf)) == 1  # nothing ran over the page
    assert_page_looks_as_before(pdf, 0, GOLDEN / f"poster-{kind}.png")
    content = posters.content_of(station.station, YEAR, kind, service)  # type: ignore[arg-type]
    read = comparable(pdf_text(pdf, text_engines()[0]))
    words = [content.title, content.unit, *(content.subtitle or "",)]
    for section in content.sections:
        words += [
            *section.lines,
            *(label for label, _ in section.rows),
            *(c.label for c in section.codes),
        ]
    for word in words:
        assert comparable(with_digits(word, "thai")) in read, word
    # no line starts inside a word (the documents' check, on the poster's own text in reading order)
    needs_pdftotext()
    source = "\n".join(with_digits(word, "thai") for word in _reading_order(content))
    assert lines_starting_inside_words(pdf_lines(pdf), source) == []


def _reading_order(content: posters.PosterContent) -> list[str]:
    words = [content.unit, content.title, content.subtitle or ""]
    for section in content.sections:
        words += [*section.lines, section.value, section.caption]
        for left, right in section.rows:
            words += [left, right]
        for label, _amount in section.bars:
            words.append(label)
        for code in section.codes:
            words += [code.label, code.address]
    return [word for word in words if word]


def test_legible_from_two_metres_on_a4_and_scaled_on_a3() -> None:
    a4, a3 = posters.sizes("a4"), posters.sizes("a3")
    assert a4["body"] >= 24 and a4["title"] >= 48
    assert a3["body"] == pytest.approx(a4["body"] * 2**0.5, abs=0.01)


def test_png_comes_at_the_paper_s_proportions(station: World) -> None:
    for size in ("a4", "a3"):
        png, name = posters.poster_file(station.station, YEAR, "budget", size, "png")
        assert name.endswith(f"-{size}.png")
        with Image.open(io.BytesIO(png)) as picture:
            assert picture.height / picture.width == pytest.approx(2**0.5, rel=0.01)


def test_qr_codes_lead_to_the_unit_s_public_pages(station: World) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    png, _name = posters.poster_file(station.station, YEAR, "channels", "a4", "png")
    with Image.open(io.BytesIO(png)) as picture:
        big = picture.convert("L").resize((picture.width * 3, picture.height * 3))
    found = {result.text for result in zxingcpp.read_barcodes(big)}
    assert services.complaint_address(station.station) in found
    assert services.questions_address(station.station) in found
    assert found == {
        services.complaint_address(station.station),
        services.questions_address(station.station),
        services.unit_page_address(station.station),
    }
    assert services.complaint_address(station.station).endswith("/c/tt-st1/")


def test_a_poster_made_for_a_measure_adds_its_file_to_the_progress(station: World) -> None:
    plan = plan_for(station.station, YEAR)
    measure = add_measure(plan, title="ประชาสัมพันธ์ช่องทางร้องเรียน")
    services.make_poster(station.station, YEAR, "channels", "a3", measure=measure)
    entry = ProgressEntry.objects.get(measure=measure)
    assert entry.attachments.get().original_name.endswith("-a3.pdf")


def test_a_poster_without_its_data_says_what_is_missing(world: World) -> None:
    with pytest.raises(posters.PosterUnavailable):
        posters.poster_file(world.station, YEAR, "budget", "a4", "pdf")
