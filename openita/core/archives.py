"""Reading zip archives that people upload (Word, Excel and OpenDocument files are zips) with a bound.

A zip's directory declares each member's unpacked size, and a hostile file may declare a small size or a huge one
("zip bomb": half a megabyte that unpacks to gigabytes). Every member read here is refused when its declared size
is over the limit, and read in small chunks that stop as soon as the bytes actually unpacked pass it, so memory
stays bounded whatever the directory says. `check_archive` refuses an archive whose members together declare too
much, before a parser (openpyxl) opens it.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO

from django.utils.translation import gettext_lazy as _

CHUNK_BYTES = 64 * 1024
# Defaults: an OpenDocument ``mimetype`` or a ``[Content_Types].xml`` is a few hundred bytes.
SMALL_MEMBER_BYTES = 64 * 1024
MAX_MEMBERS = 10_000


class ArchiveTooLarge(Exception):
    """An archive, or one of its members, unpacks to more than its limit."""

    message = _(
        "The file unpacks to far more data than a document holds (a “zip bomb”) and is refused."
    )


class ArchiveDamaged(Exception):
    """Not a zip archive, or a damaged one."""

    message = _("The file is damaged and cannot be read.")


def open_archive(stream: IO[bytes]) -> zipfile.ZipFile:
    """A `zipfile.ZipFile` on the stream; raises `ArchiveDamaged`."""
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveDamaged(str(error)) from error


def check_archive(archive: zipfile.ZipFile, *, max_total_bytes: int) -> None:
    """Refuse an archive with too many members or whose members together declare more than the limit."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveTooLarge(f"{len(infos)} members")
    declared = sum(info.file_size for info in infos)
    if declared > max_total_bytes:
        raise ArchiveTooLarge(f"declares {declared} bytes")


def read_member(
    archive: zipfile.ZipFile, name: str, *, max_bytes: int = SMALL_MEMBER_BYTES
) -> bytes:
    """A member's bytes, read in chunks and never more than `max_bytes` of them.

    Raises `KeyError` for a missing member, `ArchiveTooLarge` when it declares or unpacks to more than the
    limit, `ArchiveDamaged` when it cannot be unpacked."""
    info = archive.getinfo(name)
    if info.file_size > max_bytes:
        raise ArchiveTooLarge(f"{name} declares {info.file_size} bytes")
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(CHUNK_BYTES)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise ArchiveTooLarge(f"{name} unpacks to more than {max_bytes} bytes")
                chunks.append(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as error:
        raise ArchiveDamaged(str(error)) from error
    except RuntimeError as error:  # an encrypted member
        raise ArchiveDamaged(str(error)) from error
    return b"".join(chunks)
