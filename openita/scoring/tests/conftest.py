from openita.documents.tests.conftest import pdftotext  # noqa: F401 - the fixture, for the report
