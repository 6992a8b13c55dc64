"""Pages of sample documents, drawn as images and compared with the ones committed.

Refresh the golden images after an intended change of layout (and look at them before committing):

    OPENITA_REFRESH_GOLDEN=1 .venv/bin/pytest openita/documents/tests/test_golden.py
"""

from pathlib import Path

from openita.documents.pdf import render_pdf
from openita.documents.samples import measures_plan_sample
from openita.documents.tests.builders import chart_document
from openita.documents.tests.golden import assert_matches_golden

GOLDEN = Path(__file__).parent / "golden"


def test_the_second_page_of_the_sample_looks_as_it_did():
    # The second page: table header, group rows, cells of Thai text.
    assert_matches_golden(
        render_pdf(measures_plan_sample()), 1, GOLDEN / "measures-plan-page-2.png"
    )


def test_the_charts_look_as_they_did():
    # A bar chart and a radar chart of two years with a reference line.
    assert_matches_golden(render_pdf(chart_document()), 0, GOLDEN / "charts-page-1.png")
