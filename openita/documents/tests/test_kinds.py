"""The kinds registry, the `openita document` command and the download view."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.conftest import client_for
from openita.documents import kinds
from openita.documents.spec import Document, Metadata, Paragraph, Run


def _missing(request: kinds.DocumentRequest) -> Document:
    raise kinds.DocumentUnavailable("ยังไม่มีแผน")


def _echo(request: kinds.DocumentRequest) -> Document:
    detail = f"{request.unit.code} {request.fiscal_year} {request.period} {request.meeting}"
    return Document(
        metadata=Metadata(title="t"), blocks=(Paragraph((Run(detail, keep_digits=True),)),)
    )


@pytest.fixture
def test_kinds():
    made = [
        kinds.register(kinds.DocumentKind("test-missing", "missing", _missing)),
        kinds.register(
            kinds.DocumentKind(
                "test-echo", "echo", _echo, formats=("xlsx",), options=("period", "meeting")
            )
        ),
    ]
    yield made
    for kind in made:
        kinds._KINDS.pop(kind.code)


def test_a_kind_refuses_bad_codes_options_and_formats():
    with pytest.raises(ValueError, match="lower-case"):
        kinds.DocumentKind("Plan", "x", _echo)
    with pytest.raises(ValueError, match="unknown options"):
        kinds.DocumentKind("plan", "x", _echo, options=("colour",))
    with pytest.raises(ValueError, match="formats"):
        kinds.DocumentKind("plan", "x", _echo, formats=("odt",))


def test_options_are_checked_and_defaulted(test_kinds):
    echo = kinds.get_kind("test-echo")
    assert kinds.clean_options(echo, {}) == {"period": "year", "meeting": None}
    assert kinds.clean_options(echo, {"period": "h1", "meeting": "3"}) == {
        "period": "h1",
        "meeting": 3,
    }
    for bad in ({"period": "q3"}, {"meeting": "three"}, {"meeting": "0"}):
        with pytest.raises(ValueError):
            kinds.clean_options(echo, bad)


def test_an_unknown_kind_names_the_known_ones(test_kinds):
    with pytest.raises(KeyError, match="test-echo"):
        kinds.get_kind("nope")


def test_the_command_writes_the_file_with_its_options(world, tmp_path, test_kinds):
    output = tmp_path / "out.xlsx"
    call_command(
        "document", "test-echo", "--unit", world.station.code, "--year", "2568",
        "--format", "xlsx", "--period", "h1", "--meeting", "2", "-o", str(output),
        stdout=io.StringIO(),
    )  # fmt: skip
    sheet = openpyxl.load_workbook(output)["ข้อความ"]
    assert f"{world.station.code} 2568 h1 2" in [cell.value for cell in sheet["A"]]


def test_the_command_explains_what_is_missing(world, test_kinds):
    with pytest.raises(CommandError, match="ยังไม่มีแผน"):
        call_command("document", "test-missing", "--unit", world.station.code, "--year", "2568")
    with pytest.raises(CommandError, match="not pdf"):
        call_command("document", "test-echo", "--unit", world.station.code, "--year", "2568")
    with pytest.raises(CommandError, match="No unit"):
        call_command("document", "test-echo", "--unit", "nowhere", "--year", "2568")
    with pytest.raises(CommandError, match="unknown document kind"):
        call_command("document", "nope", "--unit", world.station.code, "--year", "2568")


def test_the_command_lists_the_kinds(test_kinds):
    out = io.StringIO()
    call_command("document", stdout=out)
    assert "test-echo" in out.getvalue()
    assert "ita-calendar" in out.getvalue()


def _url(world, kind, file_format):
    return reverse(
        "documents:download",
        kwargs={
            "unit_code": world.station.code,
            "fiscal_year": 2568,
            "kind_code": kind,
            "file_format": file_format,
        },
    )


def test_the_download_names_the_file_and_type(world, test_kinds):
    response = client_for(world, "officer").get(_url(world, "test-echo", "xlsx") + "?period=h1")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert f"test-echo-{world.station.code}-2568-h1.xlsx" in response["Content-Disposition"]


def test_the_download_says_what_is_missing_and_refuses_bad_input(world, test_kinds):
    client = client_for(world, "officer")
    missing = client.get(_url(world, "test-missing", "pdf"))
    assert missing.status_code == 409
    assert "ยังไม่มีแผน" in missing.content.decode()
    assert client.get(_url(world, "test-echo", "pdf")).status_code == 404
    assert client.get(_url(world, "nope", "pdf")).status_code == 404
    assert client.get(_url(world, "test-echo", "xlsx") + "?meeting=x").status_code == 400


def test_the_menu_links_each_format(world, test_kinds):
    from openita.documents.templatetags.documents import document_links

    links = document_links(world.station, 2568, "test-echo", period="h1", meeting=None)
    assert [link["format"] for link in links] == ["xlsx"]
    assert links[0]["url"] == _url(world, "test-echo", "xlsx") + "?period=h1"
