"""Faults: a full disk leaves no half-written file and a clear 507; the database away gives 503 "try again"."""

import errno
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.test import RequestFactory

from openita.core.middleware import ServiceTroubleMiddleware
from openita.core.storage import AtomicFileSystemStorage


class FullDiskFile(ContentFile):
    """Gives one chunk, then the disk is full (as os.write would say)."""

    def chunks(self, chunk_size=None):
        yield b"x" * 1000
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_no_file_behind(tmp_path: Path) -> None:
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as error:
        storage.save("oit/1/ab/abcdef.pdf", FullDiskFile(b"", name="a.pdf"))
    assert error.value.errno == errno.ENOSPC
    assert not storage.exists("oit/1/ab/abcdef.pdf")
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_files_are_saved_whole_and_never_over_another(tmp_path: Path) -> None:
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("evidence/report.pdf", ContentFile(b"first"))
    second = storage.save("evidence/report.pdf", ContentFile(b"second"))
    assert first == "evidence/report.pdf" and second != first
    assert (tmp_path / first).read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"
    assert sorted(path.name for path in (tmp_path / "evidence").iterdir()) == sorted(
        [Path(first).name, Path(second).name]
    )


@pytest.mark.parametrize(
    ("exception", "status", "thai"),
    [
        (OperationalError("server closed the connection unexpectedly"), 503, "กรุณาลองใหม่อีกครั้ง"),
        (OSError(errno.ENOSPC, "No space left on device"), 507, "ไม่มีพื้นที่จัดเก็บไฟล์"),
    ],
)
def test_service_trouble_gets_a_clear_page_in_thai(exception, status, thai) -> None:
    middleware = ServiceTroubleMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(RequestFactory().post("/s/abc/"), exception)
    assert response is not None
    assert response.status_code == status
    body = response.content.decode()
    assert thai in body
    assert "server closed" not in body and "No space" not in body
    if status == 503:
        assert response["Retry-After"] == "5"


def test_other_errors_are_left_to_django() -> None:
    middleware = ServiceTroubleMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
    assert (
        middleware.process_exception(RequestFactory().get("/"), OSError(errno.EACCES, "")) is None
    )
