from openita.documents.tests.conftest import pdftotext

__all__ = [
    "pdftotext"
]  # PDF line checks need poppler's pdftotext (skipped locally, required in CI)
