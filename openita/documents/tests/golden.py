"""Golden images: a page of a PDF drawn as a small grey image and compared with the one committed.

Any app's tests may use it:

    assert_matches_golden(render_pdf(doc), 0, Path(__file__).parent / "golden" / "my-kind-page-1.png")

Refresh the images after an intended change of layout (and look at them before committing):

    OPENITA_REFRESH_GOLDEN=1 .venv/bin/pytest <the test files>
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

DPI = 60  # dots per inch: small images, still enough to see a moved line
MEAN_DIFFERENCE = 1.5  # grey levels (0-255) per pixel, on average
CHANGED_PIXELS = 0.004  # share of pixels that may differ by more than a quarter of the range


def page_image(pdf: bytes, page: int, dpi: int = DPI) -> Image.Image:
    try:
        import pypdfium2
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pypdfium2 is not installed: pip install pypdfium2 (make setup does)")
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def assert_matches_golden(pdf: bytes, page: int, golden: Path, dpi: int = DPI) -> None:
    """Page `page` (0 = the first), drawn at `dpi`, looks like `golden`, within a small tolerance."""
    image = page_image(pdf, page, dpi)
    if os.environ.get("OPENITA_REFRESH_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        image.save(golden, optimize=True)
        pytest.skip(f"golden image refreshed: {golden}")
    expected = Image.open(golden).convert("L")
    assert image.size == expected.size
    histogram = ImageChops.difference(image, expected).histogram()
    pixels = image.size[0] * image.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[64:]) / pixels
    assert mean <= MEAN_DIFFERENCE and changed <= CHANGED_PIXELS, (
        f"page differs from {golden.name}: mean {mean:.2f} grey levels, {changed:.2%} of pixels "
        "changed; if the change is intended, refresh it (OPENITA_REFRESH_GOLDEN=1, see "
        "openita/documents/tests/golden.py)"
    )
