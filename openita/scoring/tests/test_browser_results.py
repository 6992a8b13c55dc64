"""The result pages in headless Chromium: a unit's year at a glance (radar chart, the ten indicators, the
grade) on a desktop and a phone, and a parent sorting its units."""

from decimal import Decimal
from typing import Any

import pytest

from openita.conftest import World, browser_session_login
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.services import OfficialScores, compute_and_store, save_official_result
from openita.scoring.tests.helpers import (
    WORKED_EXAMPLE,
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)
from openita.units import services as unit_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2568


@pytest.fixture
def results(world: World) -> dict[str, str]:
    """The worked example for the station, lower totals for two other stations, last year's official."""
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    tallies, oit = worked_example_inputs(library)
    compute_and_store(get_or_create_assessment(world.station, YEAR), tallies, oit)
    third = unit_services.create_unit(
        parent=world.province,
        code="tt-st3",
        name_th="สถานีตำรวจภูธรทดสอบสาม",
        unit_type="police_station",
    )
    worse: dict[str, Any] = dict(oit)
    for code in ("O1", "O2", "O3", "O4"):
        worse[code] = Decimal(0)
    compute_and_store(get_or_create_assessment(third, YEAR), tallies, worse)
    compute_and_store(
        get_or_create_assessment(world.other_station, YEAR),
        best_answers(library, {"IIT": 5, "EIT": 5}),
        {code: Decimal(100) for code in oit},
    )
    save_official_result(
        world.station,
        OfficialScores(fiscal_year=YEAR - 1, total=Decimal("90.00"), indicators={1: Decimal(90)}),
    )
    return {"station": world.station.code, "third": third.code, "other": world.other_station.code}


def check_unit_page(page: Any, unit_code: str) -> None:
    page.goto(f"/results/{unit_code}/{YEAR}/")
    radar = page.locator("svg.radar-chart")
    radar.wait_for(state="visible")
    box = radar.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1  # not cut off
    rows = page.locator("#indicators tbody tr")
    assert rows.count() == 10
    assert [rows.nth(n).locator("td").first.inner_text() for n in range(10)] == [
        str(number) for number in range(1, 11)
    ]
    assert rows.nth(4).locator("td").nth(2).inner_text() == WORKED_EXAMPLE["indicators"][5]
    assert page.locator("#grade").inner_text() == "A"
    assert page.locator("#total-score").inner_text() == WORKED_EXAMPLE["total"]


def test_a_unit_sees_its_year_at_a_glance_on_a_desktop(
    world: World, results: dict[str, str], desktop_page: Any, live_server: Any
) -> None:
    browser_session_login(desktop_page, live_server, "executive")
    check_unit_page(desktop_page, results["station"])


def test_a_unit_sees_its_year_at_a_glance_on_a_phone(
    world: World, results: dict[str, str], phone_page: Any, live_server: Any
) -> None:
    browser_session_login(phone_page, live_server, "executive")
    check_unit_page(phone_page, results["station"])
    # the page fits the phone's width: nothing to scroll sideways
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"] + 1


def test_a_parent_sorts_its_units_by_total(
    world: World, results: dict[str, str], desktop_page: Any, live_server: Any
) -> None:
    page = desktop_page
    browser_session_login(page, live_server, "parentadmin")
    page.goto(f"/results/{world.province.code}/{YEAR}/units/")

    def codes() -> list[str]:
        return page.locator("#units tbody tr td:first-child").all_inner_texts()

    assert codes() == sorted(results.values())  # by code at first
    page.locator("#units thead a[href$='sort=total']").click()  # the "Total" column
    page.wait_for_url("**sort=total")
    ascending = codes()
    page.locator("#units thead a[href$='sort=-total']").click()  # again: the other way
    page.wait_for_url("**sort=-total")
    descending = codes()

    assert descending == [results["other"], results["station"], results["third"]]
    assert ascending == list(reversed(descending))
    totals = page.locator("#units tbody tr td:nth-child(3)").all_inner_texts()
    assert totals == sorted(totals, key=float, reverse=True)
