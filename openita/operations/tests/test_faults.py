"""A full disk during an OIT evidence upload: a clear error, no row, no file, and the same file later is stored
whole (evidence is stored under its checksum, so a truncated file left behind would have been kept forever)."""

import errno
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openita.oit import services
from openita.oit.models import Evidence
from openita.oit.tests.factories import make_workspace

PDF = b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n"

pytestmark = pytest.mark.django_db


class FullDiskUpload(SimpleUploadedFile):
    """Written to disk in chunks; the disk is full after the first one (as a write would say)."""

    def chunks(self, chunk_size=None):
        self.seek(0)
        yield self.read(64 * 1024)
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_an_upload_saves_nothing_and_the_next_try_is_whole(
    world, settings, tmp_path
) -> None:
    settings.OPENITA_PRIVATE_FILES_ROOT = tmp_path / "private"
    item = make_workspace(world.station).item("O2")
    services.assign(
        item,
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=None,
        due_date=None,
    )
    with pytest.raises(OSError) as error:
        services.add_file(item, world.user("officer"), FullDiskUpload("report.pdf", PDF))
    assert error.value.errno == errno.ENOSPC
    assert not Evidence.objects.exists()
    assert [
        path for path in Path(settings.OPENITA_PRIVATE_FILES_ROOT).rglob("*") if path.is_file()
    ] == []

    # Space freed: the same file again.
    evidence = services.add_file(item, world.user("officer"), SimpleUploadedFile("report.pdf", PDF))
    assert (Path(settings.OPENITA_PRIVATE_FILES_ROOT) / evidence.stored_name).read_bytes() == PDF
