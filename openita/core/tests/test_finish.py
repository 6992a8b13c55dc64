"""Small finishes every page shares: a favicon, navbar links readable at WCAG AA, Thai line height on the survey."""

import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "static" / "openita"
SURVEY_CSS = Path(__file__).resolve().parents[2] / "surveys" / "static" / "surveys" / "survey.css"


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_is_wcags() -> None:
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#ffffff", "#0d6efd") == pytest.approx(4.5, abs=0.1)  # Bootstrap's primary


def test_the_navbar_links_reach_wcag_aa_on_the_navbar() -> None:
    css = (STATIC / "openita.css").read_text()
    rule = re.search(r"\.navbar\.bg-primary \{([^}]*)\}", css)
    assert rule is not None
    background = re.search(r"background-color: (#[0-9a-f]{6})", rule[1])
    assert background is not None
    for name in ("--bs-navbar-color", "--bs-navbar-hover-color", "--bs-navbar-active-color"):
        colour = re.search(rf"{name}: (#[0-9a-f]{{6}})", rule[1])
        assert colour is not None, name
        assert contrast(colour[1], background[1]) >= 4.5, name


def test_the_survey_form_gives_thai_room_between_lines() -> None:
    css = SURVEY_CSS.read_text()
    rule = re.search(r"([^}]*\.survey \.form-check-label[^{]*)\{\s*line-height: ([\d.]+)", css)
    assert rule is not None and float(rule[2]) >= 1.7


@pytest.mark.django_db
def test_every_page_links_the_favicon() -> None:
    page = Client().get("/accounts/login/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert href is not None and href[1].endswith("openita/favicon.svg")
    assert (STATIC / "favicon.svg").read_text().startswith("<svg")


def test_headings_and_controls_give_thai_room_between_lines() -> None:
    css = (STATIC / "openita.css").read_text()
    headings = re.search(r"h1, h2, h3[^{]*\{\s*line-height: ([\d.]+)", css)
    controls = re.search(r"\.btn, \.form-control[^{]*\{\s*line-height: ([\d.]+)", css)
    assert headings is not None and float(headings[1]) >= 1.5
    assert controls is not None and float(controls[1]) >= 1.6
