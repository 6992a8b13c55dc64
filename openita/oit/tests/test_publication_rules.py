"""The framework's publication rules on the shipped libraries: monthly items with the statement for an empty
month, a PDF plus a machine-readable copy, complete only with every element; shown on the item page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from openita.conftest import World, client_for
from openita.frameworks.library import SHIPPED_LIBRARY_DIR, shipped_library_paths
from openita.frameworks.models import OitItem
from openita.frameworks.services import get_or_create_assessment, load_library_file
from openita.oit import services
from openita.oit.models import Disclosure
from openita.oit.published import fiscal_months, is_published, publication_rules
from openita_testing.files import PDF

BEFORE_DEADLINE = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)


def test_fiscal_months_run_from_october_of_the_year_before() -> None:
    months = fiscal_months(2568, 10, 3)
    assert months[0] == datetime.date(2024, 10, 1)
    assert months[-1] == datetime.date(2025, 3, 1)
    assert len(months) == 6
    assert len(fiscal_months(2568, 10, 9)) == 12


@pytest.mark.django_db
def test_every_shipped_procurement_summary_is_monthly_with_its_statement() -> None:
    for path in shipped_library_paths():
        load_library_file(path)
    items = [item for item in OitItem.objects.all() if "procurement-results" in item.purposes]
    assert len(items) >= 6
    for item in items:
        assert item.monthly["empty_statement"]["th"] == "ไม่มีการจัดซื้อจัดจ้าง", item
        assert (item.monthly["first_month"], item.monthly["last_month"]) == (10, 3)


@pytest.mark.django_db
def test_the_rules_flag_a_missing_copy_and_empty_months_before_approval(world: World) -> None:
    load_library_file(SHIPPED_LIBRARY_DIR / "ita-2568-police.yaml")
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        assessment = get_or_create_assessment(world.station, 2568)
        services.ensure_workspace(assessment)
        disclosure = next(
            candidate
            for candidate in Disclosure.objects.select_related("item", "assessment").filter(
                assessment=assessment
            )
            if "procurement-results" in candidate.item.purposes
        )
        officer = world.user("officer")
        services.assign(
            disclosure,
            world.user("unit_admin"),
            responsible=[officer],
            reviewer=None,
            due_date=None,
        )
        services.add_file(
            disclosure, officer, SimpleUploadedFile("oct.pdf", PDF), datetime.date(2024, 10, 15)
        )
        rules = publication_rules(disclosure)
        assert [month.month.month for month in rules.months] == [10, 11, 12, 1, 2, 3]
        assert [month.is_empty for month in rules.months] == [False] + [True] * 5
        assert rules.months[1].statement == "ไม่มีการจัดซื้อจัดจ้าง"
        assert len(rules.missing_formats) == 1  # the Excel or Word copy
        assert not rules.complete
        for element in disclosure.elements.all():
            services.update_element(element, officer, self_checked=True, where_shown="")
        services.add_link(disclosure, officer, "https://station.example.go.th/oct.xlsx")
        rules = publication_rules(disclosure)
        assert rules.missing_formats == [] and rules.complete
        assert not is_published(disclosure)

        page = client_for(world, "officer").get(
            f"/oit/{world.station.code}/2568/items/{disclosure.item.code}/"
        )
    text = page.content.decode()
    assert 'id="publication-rules"' in text
    assert text.count("ไม่มีการจัดซื้อจัดจ้าง") >= 5
