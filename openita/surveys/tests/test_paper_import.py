"""Paper questionnaires: checked like the web form, stored anonymously, from a command or a screen."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.surveys.models import Campaign, SurveyKind, SurveyResponse
from openita.surveys.questionnaire import questionnaire_for
from openita.surveys.tests.conftest import full_answers, this_year


def _sheet(campaign_codes: list[str], rows: list[dict[str, str]], group: bool = True) -> bytes:
    header = (["group"] if group else []) + campaign_codes
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(row.get(column, "") for column in header))
    return ("\n".join(lines) + "\n").encode()


def _eit_codes(eit: Campaign) -> list[str]:
    return list(questionnaire_for(eit).codes)


def _import(world: World, kind: str, file: Path, *options: str, stdout=None, stderr=None) -> None:
    call_command(
        "survey",
        "import-answers",
        "--unit",
        world.station.code,
        "--year",
        str(this_year()),
        "--kind",
        kind,
        *options,
        str(file),
        stdout=stdout or StringIO(),
        stderr=stderr or StringIO(),
    )


def test_the_command_creates_the_campaign_and_stores_the_answers(
    world: World, police_framework, tmp_path: Path
) -> None:
    from openita.surveys import services
    from openita.surveys.tests.conftest import open_campaign

    probe = open_campaign(world, SurveyKind.IIT)  # only to learn the codes
    codes = list(questionnaire_for(probe).codes)
    answers = {**full_answers(probe), "i2": "มาก", "i7": "Much"}  # labels are read as codes
    file = tmp_path / "paper.csv"
    file.write_bytes(_sheet(codes, [answers, answers], group=False))
    probe.delete()
    output = StringIO()
    _import(world, "iit", file, stdout=output)
    assert "Created the IIT campaign" in output.getvalue()
    campaign = services.find_campaign(world.station, this_year(), SurveyKind.IIT)
    assert campaign is not None
    stored = list(SurveyResponse.objects.filter(campaign=campaign))
    assert len(stored) == 2
    assert stored[0].answers["i2"] == "3"  # "มาก" read as its option code
    assert set(stored[0].answers) == set(codes)


def test_bad_rows_are_listed_and_nothing_is_stored(
    world: World, eit: Campaign, tmp_path: Path
) -> None:
    codes = _eit_codes(eit)
    good = {**full_answers(eit), "group": "traffic"}
    bad = {**full_answers(eit), "group": "nobody", "e2": "7"}
    del bad["e3"]
    file = tmp_path / "paper.csv"
    file.write_bytes(_sheet(codes, [good, bad]))
    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing stored"):
        _import(world, "eit", file, stderr=errors)
    assert SurveyResponse.objects.count() == 0
    report = errors.getvalue()
    assert "row 3" in report and "e3" in report and "“7”" in report and "nobody" in report
    _import(world, "eit", file, "--skip-bad-rows")
    stored = SurveyResponse.objects.get()
    assert stored.group is not None and stored.group.code == "traffic"


def test_a_sheet_missing_question_columns_is_refused(
    world: World, eit: Campaign, tmp_path: Path
) -> None:
    file = tmp_path / "paper.csv"
    file.write_bytes(_sheet(_eit_codes(eit)[:-1], [full_answers(eit)]))
    with pytest.raises(CommandError, match="e15"):
        _import(world, "eit", file)


def test_the_screen_previews_then_stores_paper_answers(world: World, eit: Campaign) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("surveys:paper_import", args=[world.station.code, this_year(), "eit"])
    upload = io.BytesIO(_sheet(_eit_codes(eit), [{**full_answers(eit), "group": "งานจราจร"}] * 3))
    upload.name = "paper.csv"
    page = client.post(url, {"file": upload}).content.decode()
    assert "พร้อมบันทึก 3 จาก 3 แถว" in page
    assert SurveyResponse.objects.count() == 0
    signed = page.split('name="rows" value="')[1].split('"')[0]
    client.post(url, {"rows": signed, "confirm": "1"})
    assert SurveyResponse.objects.filter(group__code="traffic").count() == 3


def test_the_screen_creates_the_missing_campaign_then_shows_bad_rows(
    world: World, police_framework
) -> None:
    from openita.surveys import services
    from openita.surveys.tests.conftest import open_campaign

    probe = open_campaign(world, SurveyKind.IIT)  # only to learn the codes and the answers
    codes, answers = list(questionnaire_for(probe).codes), full_answers(probe)
    probe.delete()
    client = client_for(world, "unit_admin")
    url = reverse("surveys:paper_import", args=[world.station.code, this_year(), "iit"])
    upload = io.BytesIO(_sheet(codes, [answers, {**answers, "i2": "ไม่ทราบ"}], group=False))
    upload.name = "paper.csv"
    page = client.post(url, {"file": upload}).content.decode()
    assert services.find_campaign(world.station, this_year(), SurveyKind.IIT) is not None
    assert "พร้อมบันทึก 1 จาก 2 แถว" in page
    assert "ไม่ทราบ" in page  # the bad row says what is wrong
    assert SurveyResponse.objects.count() == 0
