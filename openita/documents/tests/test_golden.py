"""A page of the sample plan, drawn as an image and compared with the one committed.

Refresh the golden image after an intended change of layout (and look at it before committing):

    OPENITA_REFRESH_GOLDEN=1 .venv/bin/pytest openita/documents/tests/test_golden.py
"""

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from openita.documents.pdf import render_pdf
from openita.documents.samples import measures_plan_sample

GOLDEN = Path(__file__).parent / "golden" / "measures-plan-page-2.png"
PAGE = 1  # the second page: table header, group rows, cells of Thai text
SCALE = 60 / 72  # 60 dots per inch
MEAN_DIFFERENCE = 1.5  # grey levels (0-255) per pixel, on average
CHANGED_PIXELS = 0.004  # share of pixels that may differ by more than a quarter of the range


def page_image(pdf: bytes, page: int) -> Image.Image:
    try:
        import pypdfium2
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pypdfium2 is not installed: pip install pypdfium2 (make setup does)")
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def test_the_second_page_of_the_sample_looks_as_it_did():
    image = page_image(render_pdf(measures_plan_sample()), PAGE)
    if os.environ.get("OPENITA_REFRESH_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        image.save(GOLDEN, optimize=True)
        pytest.skip(f"golden image refreshed: {GOLDEN}")
    golden = Image.open(GOLDEN).convert("L")
    assert image.size == golden.size
    difference = ImageChops.difference(image, golden)
    histogram = difference.histogram()
    pixels = image.size[0] * image.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[64:]) / pixels
    assert mean <= MEAN_DIFFERENCE and changed <= CHANGED_PIXELS, (
        f"page differs from {GOLDEN.name}: mean {mean:.2f} grey levels, {changed:.2%} of pixels "
        "changed; if the change is intended, refresh it (see this module's docstring)"
    )
