"""Announcements: the element check, issuing, every kind through the document checks, publishing as the
evidence of the OIT item and as a measure's progress."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openita.announcements import services
from openita.announcements.document_kinds import build_announcement, kind_code
from openita.announcements.models import AnnouncementKind
from openita.announcements.tests.factories import YEAR, complete_announcement
from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, build, get_kind
from openita.documents.quality import pdf_text, text_engines
from openita.documents.render import render
from openita.frameworks.services import get_or_create_assessment
from openita.measures.models import ProgressEntry
from openita.measures.tests.factories import add_measure, plan_for, tiny_framework
from openita.oit import services as oit_services
from openita.oit.models import Disclosure, Evidence
from openita_testing.document_checks import (
    assert_no_line_starts_inside_a_word,
    assert_pdf_shows_the_source_text,
    docx_text,
)


def test_the_element_check_names_what_an_announcement_lacks(world: World) -> None:
    announcement = complete_announcement(
        world.station,
        body_th="สถานีตำรวจภูธรทดสอบหนึ่งต่อต้านการรับสินบน ผู้ฝ่าฝืนมีบทลงโทษทางวินัย",
        body_en="",
        issued_on=None,
    )
    missing = {element.code for element in services.missing_elements(announcement)}
    assert {"channel", "protection", "english", "dated"} <= missing
    assert "sanctions" not in missing and "signed" not in missing
    with pytest.raises(ValidationError):
        services.issue(announcement)
    announcement.refresh_from_db()
    assert not announcement.is_issued


def test_a_draft_from_the_template_holds_every_element(world: World) -> None:
    for kind in AnnouncementKind.values:
        if kind == AnnouncementKind.FREE:
            continue
        announcement = complete_announcement(world.station, kind)
        assert services.missing_elements(announcement) == [], kind
        assert "/c/tt-st1/" in announcement.body_th or kind == "integrity"


@pytest.mark.parametrize("kind", AnnouncementKind.values)
def test_every_kind_through_the_document_checks(world: World, kind: str) -> None:
    values = (
        {"title_th": "ประกาศวันหยุดราชการ", "body_th": "ปิดทำการวันหยุดนักขัตฤกษ์"}
        if kind == "free"
        else {}
    )
    complete_announcement(world.station, kind, **values)
    document = build(get_kind(kind_code(kind)), DocumentRequest(world.station, YEAR))
    pdf = render(document, "pdf")
    assert_pdf_shows_the_source_text(document, pdf)
    assert_no_line_starts_inside_a_word(document, pdf)
    word = docx_text(render(document, "docx"))
    assert "ประกาศสถานีตำรวจภูธรทดสอบหนึ่ง" in word
    assert "(ประเสริฐ มั่นคงธรรม)" in word and "พันตำรวจเอก" in word


def test_the_english_version_follows_where_the_item_asks_for_it(world: World) -> None:
    announcement = complete_announcement(world.station, "anti-bribery")
    document = build_announcement(announcement, "thai")
    word = docx_text(render(document, "docx"))
    assert "Subject: Anti-Bribery Policy" in word
    assert "for fiscal year 2025." in word  # the Christian era in the English text
    assert "Announced on 15 October 2024" in word
    assert "ที่ ๓/๒๕๖๘" in word
    # the web address keeps its digits in a Thai-digit document
    read = pdf_text(render(document, "pdf"), text_engines()[0])
    assert "localhost:8000/c/tt-st1/" in "".join(read.split())


def test_a_year_without_an_announcement_says_so(world: World) -> None:
    with pytest.raises(DocumentUnavailable):
        get_kind(kind_code("no-gift")).build(DocumentRequest(world.station, YEAR))


def test_issued_announcement_is_published_as_evidence_of_its_item(world: World) -> None:
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    oit_services.ensure_workspace(assessment)
    disclosure = Disclosure.objects.filter(assessment=assessment).select_related("item").first()
    assert disclosure is not None
    disclosure.item.purposes = ["anti-bribery-policy"]
    disclosure.item.save()
    announcement = complete_announcement(world.station)
    services.issue(announcement)
    announcement.refresh_from_db()
    assert services.publish(announcement, world.user("unit_admin")) == disclosure
    announcement.refresh_from_db()
    evidence = Evidence.objects.get(pk=announcement.evidence_id or 0)
    assert evidence.disclosure == disclosure and evidence.file_format == "pdf"
    assert announcement.published_item == disclosure.item.code
    with pytest.raises(ValidationError):  # once
        services.publish(announcement, world.user("unit_admin"))
    assert disclosure.evidence.count() == 1


def test_an_announcement_that_is_a_measures_output_adds_a_progress_entry(world: World) -> None:
    plan = plan_for(world.station, YEAR)
    measure = add_measure(plan, title="ประกาศนโยบายไม่รับของขวัญ")
    services.issue(complete_announcement(world.station, "no-gift"))
    announcement = complete_announcement(world.station, "no-gift", measure=measure)
    services.issue(announcement, world.user("unit_admin"))
    entry = ProgressEntry.objects.get(measure=measure)
    assert "นโยบายไม่รับของขวัญ" in entry.description
    # this announcement's own file, even when another of its kind was issued before
    assert entry.attachments.get().original_name.endswith(f"-{announcement.pk}.pdf")
    page = client_for(world, "officer").get(
        reverse("announcements:index", args=[world.station.code, YEAR])
    )
    assert reverse("measures:measure_detail", args=[world.station.code, YEAR, measure.pk]) in (
        page.content.decode()
    )


def test_an_issued_announcement_is_not_changed(world: World) -> None:
    announcement = services.issue(complete_announcement(world.station))
    with pytest.raises(ValidationError):
        services.update_announcement(announcement, title_th="อื่น")
