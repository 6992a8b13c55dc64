import os
import shutil

import pytest


@pytest.fixture
def pdftotext() -> None:
    """Tests that read line positions need poppler's pdftotext: skipped locally, required in CI."""
    if shutil.which("pdftotext"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdftotext (poppler-utils) is required in CI")
    pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
