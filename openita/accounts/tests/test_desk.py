"""The desk (core:home for a logged-in person): what waits for me, my units' progress, the units below."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from openita.accounts.models import DeskDismissal, Role
from openita.accounts.services import grant_role
from openita.conftest import World, client_for
from openita.measures import services as measure_services
from openita.measures.tests.factories import add_measure, plan_for
from openita.oit.models import Disclosure, Status
from openita.oit.tests.factories import make_workspace
from openita.units import services as unit_services

TODAY = datetime.date(2025, 1, 15)  # fiscal year 2568
YEAR = 2568


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2025, 1, 15, 9, 0), tick=False):
        yield


def desk(client: Client, **params: Any) -> str:
    response = client.get(reverse("core:home"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_people_get_the_landing_page(world: World) -> None:
    page = desk(Client())
    assert reverse("accounts:login") in page
    assert "desk-waiting" not in page


def test_oit_items_waiting_for_me_to_fill_check_and_approve(world: World, clock: None) -> None:
    space = make_workspace(world.station, YEAR)
    o1, o2, o3 = (space.item(code) for code in ("O1", "O2", "O3"))
    o1.responsible.add(world.user("officer"))
    Disclosure.objects.filter(pk=o1.pk).update(due_date=TODAY - datetime.timedelta(days=3))
    Disclosure.objects.filter(pk=o2.pk).update(
        status=Status.SUBMITTED, reviewer=world.user("unit_admin")
    )
    Disclosure.objects.filter(pk=o3.pk).update(status=Status.CHECKED)

    officer = desk(client_for(world, "officer"))
    assert reverse("oit:item", args=[world.station.code, YEAR, "O1"]) in officer
    assert "text-danger" in officer  # late
    admin = desk(client_for(world, "unit_admin"))
    assert reverse("oit:item", args=[world.station.code, YEAR, "O2"]) in admin
    assert reverse("oit:item", args=[world.station.code, YEAR, "O1"]) not in admin
    executive = desk(client_for(world, "executive"))
    assert reverse("oit:approvals", args=[world.station.code, YEAR]) in executive
    # the unit's bar: none of the five items approved yet, one late
    assert 'aria-valuenow="0"' in executive


def test_measures_and_plans_waiting_for_me(world: World, clock: None) -> None:
    plan = plan_for(world.station, YEAR)
    add_measure(plan, owner=world.user("officer"), due=datetime.date(2025, 3, 31))
    measure_services.submit_plan(plan, None)
    executive = desk(client_for(world, "executive"))
    assert reverse("measures:plan", args=[world.station.code, YEAR]) in executive
    measure_services.approve_plan(plan, world.user("executive"))
    officer = desk(client_for(world, "officer"))
    measure = plan.measures.get()
    assert (
        reverse("measures:measure_detail", args=[world.station.code, YEAR, measure.pk]) in officer
    )
    acknowledgements = reverse("measures:acknowledgements", args=[world.station.code, YEAR])
    assert acknowledgements in officer
    measure_services.acknowledge(plan, world.user("officer"))
    assert acknowledgements not in desk(client_for(world, "officer"))


def test_the_province_sees_its_units_behind_sorted_by_the_server(world: World, clock: None) -> None:
    make_workspace(world.station, YEAR)
    space = make_workspace(world.other_station, YEAR)
    Disclosure.objects.filter(assessment=space.assessment).update(status=Status.APPROVED)
    client = client_for(world, "parent_admin")
    behind_first = _table(desk(client))
    assert behind_first.index(world.station.name_th) < behind_first.index(
        world.other_station.name_th
    )
    ahead_first = _table(desk(client, sort="-oit"))
    assert ahead_first.index(world.other_station.name_th) < ahead_first.index(world.station.name_th)
    by_name = desk(client, sort="name")
    assert "sort=-name" in by_name
    assert "desk-below" not in desk(client_for(world, "officer"))


def _table(page: str) -> str:
    return page[page.index('class="table table-sm align-middle desk-below"') :]


def test_the_framework_changes_show_once_per_unit_and_year_until_dismissed(
    world: World, clock: None
) -> None:
    make_workspace(world.station, YEAR - 1)
    make_workspace(world.station, YEAR)
    client = client_for(world, "unit_admin")
    assert 'data-notice="framework-changes"' in desk(client)
    response = client.post(
        reverse("accounts:desk_dismiss"),
        {"kind": "framework-changes", "unit": world.station.code, "fiscal_year": YEAR},
    )
    assert response.status_code == 302
    assert DeskDismissal.objects.filter(user=world.user("unit_admin"), fiscal_year=YEAR).exists()
    assert 'data-notice="framework-changes"' not in desk(client)
    # someone else still sees it
    assert 'data-notice="framework-changes"' in desk(client_for(world, "officer"))


def test_dismissing_in_a_unit_one_cannot_see_is_refused(world: World, clock: None) -> None:
    response = client_for(world, "outsider").post(
        reverse("accounts:desk_dismiss"),
        {"kind": "framework-changes", "unit": world.station.code, "fiscal_year": YEAR},
    )
    assert response.status_code == 404


def _units_with_work(world: World, count: int) -> None:
    """Stations under the province up to `count`, each with an OIT workspace, an item checked (waiting for
    the executive, who heads every station) and one the executive is responsible for."""
    from openita.units.models import Unit

    existing = Unit.objects.filter(code__startswith="tt-many-").count()
    for number in range(existing, count):
        unit = unit_services.create_unit(
            parent=world.province,
            code=f"tt-many-{number}",
            name_th=f"สถานีทดสอบ {number}",
            unit_type="police_station",
        )
        make_workspace(unit, YEAR)
        grant_role(world.user("executive"), unit, Role.EXECUTIVE)
        Disclosure.objects.get(assessment__unit=unit, item__code="O1").responsible.add(
            world.user("executive")
        )
        Disclosure.objects.filter(assessment__unit=unit, item__code="O2").update(
            status=Status.CHECKED
        )


@pytest.mark.parametrize("persona", ["parent_admin", "executive"])
def test_the_desk_asks_as_many_queries_for_3_units_as_for_30(
    world: World, clock: None, persona: str, django_assert_max_num_queries: Any
) -> None:
    _units_with_work(world, 3)
    client = client_for(world, persona)
    desk(client)  # warm the session and the framework comparison
    cache.clear()  # count the queries of a table not cached yet
    with django_assert_max_num_queries(40) as few:
        desk(client)
    _units_with_work(world, 30)
    cache.clear()  # count the queries of a table not cached yet
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = desk(client)
    assert "สถานีทดสอบ 29" in page or persona == "executive"
