"""Small real files for tests of uploads: checks read content, so a PNG must be a PNG Pillow can open."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MIB = 1024 * 1024


def png(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def bomb_ods(unpacked_mib: int) -> bytes:
    """An .ods whose ``mimetype`` entry unpacks to `unpacked_mib` MiB of zeros: a few hundred KB on disk,
    built by streaming so the test itself stays small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w", force_zip64=True) as member:
            member.write(ODS_TYPE)
            zeros = bytes(MIB)
            for _ in range(unpacked_mib):
                member.write(zeros)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
