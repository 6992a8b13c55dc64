"""Hostile uploads: zip bombs, files that lie about their kind, scripts dressed as pictures."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from openita.core.archives import ArchiveDamaged, ArchiveTooLarge, read_member
from openita.core.uploads import check_upload
from openita_testing.files import ODS_TYPE, PDF, bomb_ods, png

MIB = 1024 * 1024
ALLOWED = ("pdf", "png", "ods", "docx", "xlsx", "txt")


def check(name: str, data: bytes) -> None:
    check_upload(io.BytesIO(data), name, len(data), allowed=ALLOWED, max_bytes=20 * MIB)


def lying_sizes(data: bytes, name: bytes, declared: int) -> bytes:
    """The same zip with the member's uncompressed size in its local header and in the central directory
    changed to `declared` (a zip bomb that hides its size)."""
    patched = bytearray(data)
    assert patched.startswith(b"PK\x03\x04")  # the member's local header comes first
    patched[22:26] = struct.pack("<I", declared)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack("<H", patched[central + 28 : central + 30])[0]
        if bytes(patched[central + 46 : central + 46 + name_length]) == name:
            patched[central + 24 : central + 28] = struct.pack("<I", declared)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def test_an_ods_whose_mimetype_unpacks_to_hundreds_of_megabytes_is_refused_with_little_memory():
    data = bomb_ods(300)
    assert len(data) < 2 * MIB  # small on disk
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            check("งบประมาณ.ods", data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "zip_bomb"
    assert "zip bomb" in refused.value.messages[0]
    assert peak < 8 * MIB, f"peak {peak} bytes"


def test_a_member_that_hides_its_size_is_read_in_chunks_and_stopped_at_the_limit():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_TYPE + bytes(20 * MIB))
    lying = lying_sizes(buffer.getvalue(), b"mimetype", 100)
    tracemalloc.start()
    try:
        with zipfile.ZipFile(io.BytesIO(lying)) as archive, pytest.raises(ArchiveDamaged):
            read_member(archive, "mimetype", max_bytes=1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MIB
    # And the honest size over the limit is refused before a byte is unpacked.
    with zipfile.ZipFile(buffer) as archive, pytest.raises(ArchiveTooLarge):
        read_member(archive, "mimetype", max_bytes=1024)


def test_a_real_ods_still_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODS_TYPE)
        archive.writestr("content.xml", "<office:document-content/>")
    check("ok.ods", buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>"),
        ("report.pdf", b"<html><body><script>alert(1)</script></body></html>"),
        ("report.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),  # no PDF trailer
        ("notes.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notes.txt", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("photo.png", PDF),
    ],
)
def test_files_whose_content_is_not_what_their_name_says_are_refused(name, data):
    with pytest.raises(ValidationError) as refused:
        check(name, data)
    assert refused.value.code == "content"


@pytest.mark.parametrize("name", ["drawing.svg", "page.html", "page.htm", "script.js"])
def test_svg_and_html_are_never_accepted(name):
    with pytest.raises(ValidationError) as refused:
        check_upload(
            io.BytesIO(b"<svg/>"),
            name,
            6,
            allowed=(*ALLOWED, "svg", "html", "htm", "js"),
            max_bytes=MIB,
        )
    assert refused.value.code == "type"


def test_real_files_pass():
    check("photo.png", png())
    check("report.pdf", PDF)
    check("notes.txt", "บันทึกการประชุม".encode())
