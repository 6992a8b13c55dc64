"""The OIT figures: equal to a direct count on seeded data, the zero case's sentence, the command's object, the
period the year's framework item asks, and the document in three formats."""

from __future__ import annotations

import datetime
import io
import json
import random

import pytest
import time_machine
from django.core.management import call_command

from openita.complaints import services
from openita.complaints.models import Case, Channel, Kind, State
from openita.complaints.statistics import NO_COMPLAINTS_TH, period_for, unit_statistics
from openita.complaints.tests.conftest import Desk, submit
from openita.documents.kinds import DocumentRequest, get_kind, make_file

FINISHED = {State.COMPLETED, State.NOT_ACCEPTED, State.FORWARDED}


def _seed(desk: Desk, count: int = 30) -> None:
    chooser = random.Random(21)
    for _ in range(count):
        day = datetime.date(2025, 9, 15) + datetime.timedelta(days=chooser.randrange(0, 400))
        case, _receipt = submit(
            desk.station,
            kind=chooser.choice(Kind.values),
            channel=chooser.choice(Channel.values),
            received_on=day,
        )
        Case.objects.filter(pk=case.pk).update(state=chooser.choice(State.values))


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["h1", "year"])
def test_the_figures_equal_a_direct_count(desk: Desk, period: str) -> None:
    _seed(desk)
    figures = unit_statistics(desk.station, 2569, period)
    start, end = (datetime.date(2025, 10, 1), datetime.date(2026, 3, 31 if period == "h1" else 9))
    if period == "year":
        end = datetime.date(2026, 9, 30)
    rows = [c for c in Case.objects.filter(unit=desk.station) if start <= c.received_on <= end]
    assert figures.received == len(rows) > 0
    assert figures.completed == sum(c.state in FINISHED for c in rows)
    assert figures.in_progress == sum(c.state not in FINISHED for c in rows)
    assert figures.by_kind == {k: sum(c.kind == k for c in rows) for k in Kind.values}
    assert figures.by_channel == {ch: sum(c.channel == ch for c in rows) for ch in Channel.values}


@pytest.mark.django_db
def test_the_command_prints_the_object_of_the_issue(desk: Desk) -> None:
    _seed(desk, 8)
    out = io.StringIO()
    call_command(
        "complaints",
        "stats",
        "--unit",
        desk.station.code,
        "--year",
        "2569",
        "--period",
        "h1",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert list(data) == [
        "unit",
        "fiscal_year",
        "period",
        "received",
        "completed",
        "in_progress",
        "by_kind",
        "by_channel",
    ]
    assert data["period"] == {"start": "2025-10-01", "end": "2026-03-31"}
    assert data == unit_statistics(desk.station, 2569, "h1").as_json()
    assert data["completed"] + data["in_progress"] == data["received"]


@pytest.mark.django_db
def test_the_default_period_is_what_the_years_item_asks(desk: Desk) -> None:
    from openita.surveys.tests.conftest import load_shipped

    assert period_for(desk.station, 2569).name == "year"  # no framework: the whole year
    load_shipped("ita-2569-police.yaml")
    assert period_for(desk.station, 2569).name == "h1"  # "at least 6 months"
    load_shipped("ita-2569-general.yaml")
    general = period_for(desk.world.elsewhere, 2569)
    assert (general.fiscal_year, general.name) == (2568, "year")  # "the previous year"


@pytest.mark.django_db
def test_purging_changes_no_figure(desk: Desk) -> None:
    with time_machine.travel(datetime.date(2025, 11, 3), tick=False):
        case, _receipt = submit(desk.station)
        key = services.case_key_for(case, desk.handler, desk.keys["handler"])
        assert key is not None
        services.change_state(
            case, State.NOT_ACCEPTED, by=desk.handler, case_key=key, explanation="x"
        )
    before = unit_statistics(desk.station, 2569, "h1")
    services.purge_case(Case.objects.get(pk=case.pk))
    assert unit_statistics(desk.station, 2569, "h1") == before


def _text(data: bytes, file_format: str) -> str:
    if file_format == "pdf":
        from openita.documents.quality import pdf_text

        return pdf_text(data)
    if file_format == "docx":
        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs) + "\n".join(
            cell.text
            for table in docx.Document(io.BytesIO(data)).tables
            for row in table.rows
            for cell in row.cells
        )
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(v)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx"])
def test_the_document_says_no_complaints_when_there_were_none(desk: Desk, file_format: str) -> None:
    kind = get_kind("complaint-statistics")
    data, name = make_file(kind, DocumentRequest(desk.station, 2569, "h1"), file_format)
    assert NO_COMPLAINTS_TH in _text(data, file_format).replace("\n", "")
    _seed(desk, 6)
    data, _name = make_file(kind, DocumentRequest(desk.station, 2569, "year"), file_format)
    text = _text(data, file_format)
    assert NO_COMPLAINTS_TH not in text.replace("\n", "") and "ดำเนินการแล้วเสร็จ" in text
    assert name.endswith(f".{file_format}")


@pytest.mark.django_db
def test_the_statistics_page_shows_the_sentence_and_is_linked_to_the_document(desk: Desk) -> None:
    from openita.conftest import client_for

    page = client_for(desk.world, "officer").get(
        f"/complaints/{desk.station.code}/statistics/2569/"
    )
    assert page.status_code == 200
    assert NO_COMPLAINTS_TH.encode() in page.content
    assert b"complaint-statistics" in page.content


@pytest.mark.django_db
def test_the_statistics_page_links_the_years_oit_item_found_by_its_purpose(desk: Desk) -> None:
    from openita.conftest import client_for
    from openita.surveys.tests.conftest import load_shipped

    load_shipped("ita-2569-police.yaml")
    page = client_for(desk.world, "officer").get(
        f"/complaints/{desk.station.code}/statistics/2569/"
    )
    assert f"/oit/{desk.station.code}/2569/items/O16/".encode() in page.content
