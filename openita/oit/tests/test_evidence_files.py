"""Uploaded evidence: type checked by content, size limited, stored privately with its SHA-256."""

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openita.audit.models import AuditAction, AuditEntry
from openita.conftest import World
from openita.oit import services
from openita.oit.files import check_upload, format_of_content_type
from openita.oit.models import Disclosure, Evidence
from openita.oit.tests.factories import make_workspace
from openita_testing.files import PDF, bomb_ods, jpeg, png

PNG = png()


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("รายงานการปฏิบัติราชการ")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def excel_file() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["เดือน", "จำนวน"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def check(name: str, content: bytes) -> Any:
    return check_upload(io.BytesIO(content), name, len(content))


@pytest.mark.parametrize(
    ("name", "content", "file_format"),
    [
        ("report.pdf", PDF, "pdf"),
        ("รายงาน.docx", word_file(), "docx"),
        ("stats.xlsx", excel_file(), "xlsx"),
        ("photo.png", PNG, "image"),
        ("photo.JPG", jpeg(), "image"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16, "doc"),
        ("data.csv", "เดือน,จำนวน\nต.ค.,5\n".encode(), "csv"),
    ],
)
def test_accepted_files_are_recognised_by_their_content(
    name: str, content: bytes, file_format: str
) -> None:
    checked = check(name, content)
    assert checked.file_format == file_format
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a program"),  # an executable named .pdf
        ("stats.xlsx", word_file()),  # a Word file named .xlsx
        ("report.docx", excel_file()),
        ("report.docx", plain_zip()),  # a zip without Word's parts
        ("report.docx", PDF),
        ("photo.png", PDF),
        ("data.csv", b"a,b\x00c"),
        ("setup.exe", b"MZ\x90\x00"),
        ("page.html", b"<html></html>"),
        ("no-extension", PDF),
    ],
)
def test_files_whose_content_or_type_is_wrong_are_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        check(name, content)


def test_empty_and_oversized_files_are_refused(settings: Any) -> None:
    settings.OPENITA_OIT_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as too_large:
        check("big.pdf", PDF + b"0" * 1000)
    assert too_large.value.code == "too_large"
    with pytest.raises(ValidationError):
        check("empty.pdf", b"")
    check("small.pdf", PDF)


def test_link_content_types_map_to_library_formats() -> None:
    assert format_of_content_type("application/pdf") == "pdf"
    assert format_of_content_type("text/html; charset=utf-8") == "html"
    assert (
        format_of_content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        == "xlsx"
    )
    assert format_of_content_type("image/jpeg") == "image"
    assert format_of_content_type("application/octet-stream") is None


@pytest.fixture
def item(world: World) -> Disclosure:
    disclosure = make_workspace(world.station).item("O2")
    services.assign(
        disclosure,
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=None,
        due_date=None,
    )
    return disclosure


def test_an_upload_is_stored_in_the_private_folder_with_its_hash(
    world: World, item: Disclosure, private_files: Path, settings: Any
) -> None:
    content = word_file()
    evidence = services.add_file(
        item, world.user("officer"), SimpleUploadedFile("รายงาน.docx", content)
    )
    stored = private_files / evidence.stored_name
    assert stored.read_bytes() == content
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert (evidence.file_format, evidence.size, evidence.original_name) == (
        "docx",
        len(content),
        "รายงาน.docx",
    )
    entry = AuditEntry.objects.for_object(evidence).get()
    assert entry.action == AuditAction.CREATE and entry.changes["sha256"][1] == evidence.sha256


def test_a_refused_upload_leaves_nothing_behind(
    world: World, item: Disclosure, private_files: Path
) -> None:
    with pytest.raises(ValidationError):
        services.add_file(item, world.user("officer"), SimpleUploadedFile("x.pdf", b"not a pdf"))
    assert not Evidence.objects.exists()
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


def test_removing_evidence_deletes_the_file_and_keeps_the_history(
    world: World, item: Disclosure, private_files: Path, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = services.add_file(item, world.user("officer"), SimpleUploadedFile("a.pdf", PDF))
    evidence_id = evidence.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, world.user("officer"))
    assert not (private_files / evidence.stored_name).exists()
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(evidence_id), content_type__model="evidence"
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == [AuditAction.CREATE, AuditAction.DELETE]


def test_missing_machine_readable_formats_are_reported(world: World, item: Disclosure) -> None:
    from openita.oit.formats import missing_formats

    officer = world.user("officer")
    services.add_file(item, officer, SimpleUploadedFile("a.pdf", PDF))
    assert missing_formats(item) == [["xlsx", "docx"]]
    services.add_file(item, officer, SimpleUploadedFile("a.xlsx", excel_file()))
    assert missing_formats(item) == []


def test_an_ods_zip_bomb_is_refused_with_a_thai_message() -> None:
    data = bomb_ods(256)
    with pytest.raises(ValidationError) as refused:
        check_upload(io.BytesIO(data), "รายงาน.ods", len(data))
    assert refused.value.code == "zip_bomb"
    assert "zip bomb" in refused.value.messages[0] and "ไฟล์" in refused.value.messages[0]
