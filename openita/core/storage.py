"""File storage that never leaves a half-written file where people (or the next upload) can find it.

Django's FileSystemStorage writes straight into the final name: a full disk or a killed process leaves a
truncated file there, and OIT evidence, stored by its checksum, would then be taken for already saved. Here
each file is written to a hidden temporary file in the same folder, flushed to disk, and only then linked
under its name (atomically; an existing name is never overwritten). On any error the temporary file is
removed and the error goes on to the caller (see core.middleware.ServiceTroubleMiddleware for the page).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

PART_PREFIX = ".upload-"


@deconstructible
class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = Path(full_path).parent
        directory.mkdir(parents=True, exist_ok=True)
        if self.directory_permissions_mode is not None:
            directory.chmod(self.directory_permissions_mode)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=PART_PREFIX, suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                if hasattr(content, "seek"):
                    with contextlib.suppress(AttributeError, OSError, ValueError):
                        content.seek(0)
                for chunk in content.chunks():
                    stream.write(chunk)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).chmod(self.file_permissions_mode or 0o644)
            while True:
                try:
                    _link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            Path(temporary).unlink(missing_ok=True)
        return str(name).replace("\\", "/")


def _link(source: str, target: str) -> None:
    """Give the finished file its name, never replacing another file (FileExistsError if taken)."""
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        # A file system without hard links: check, then rename (a tiny window, as Django's own storage).
        if Path(target).exists():
            raise FileExistsError(target) from error
        Path(source).rename(target)
