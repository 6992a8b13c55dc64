import os
import shutil

import pytest

from openita.documents import kinds
from openita.documents.spec import Document, Metadata, Paragraph, Run


@pytest.fixture
def pdftotext() -> None:
    """Tests that read line positions need poppler's pdftotext: skipped locally, required in CI."""
    if shutil.which("pdftotext"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdftotext (poppler-utils) is required in CI")
    pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Each test its own private files folder: batch zips are named by id, and ids repeat across tests."""
    settings.OPENITA_PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.OPENITA_PRIVATE_FILES_ROOT


MISSING_PLAN = "ยังไม่มีแผนของหน่วยงานนี้ ให้จัดทำที่หน้ามาตรการ"


def note_document(request: kinds.DocumentRequest) -> Document:
    """A tiny document naming its unit; no plan for units whose code ends in "st2"; broken for "broken"."""
    if request.unit.code.endswith("st2"):
        raise kinds.DocumentUnavailable(MISSING_PLAN)
    if request.unit.code == "broken":
        raise RuntimeError("a bug in a builder")
    detail = f"{request.unit.code} {request.fiscal_year} {request.period}"
    return Document(
        metadata=Metadata(title="t"), blocks=(Paragraph((Run(detail, keep_digits=True),)),)
    )


@pytest.fixture
def note_kind():
    kind = kinds.register(
        kinds.DocumentKind(
            "test-note", "บันทึกทดสอบ", note_document, formats=("xlsx", "pdf"), options=("period",)
        )
    )
    yield kind
    kinds._KINDS.pop(kind.code)
