"""List pages run a fixed number of queries, however many rows they show."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openita.accounts import services as account_services
from openita.conftest import World, client_for
from openita.units import services as unit_services


def _more_units_and_people(world: World, count: int) -> None:
    for number in range(count):
        unit = unit_services.create_unit(
            parent=world.province, code=f"extra-{number}", name_th=f"หน่วย {number}"
        )
        unit_services.create_line(unit, code="admin", name_th="อำนวยการ")
        person = account_services.create_person(username=f"extra{number}", first_name="x")
        account_services.grant_role(person, unit, "officer")


def _queries(client: Client, url: str, django_assert_max_num_queries, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_list_pages_do_not_grow_with_rows(world: World, django_assert_max_num_queries) -> None:
    client = client_for(world, "parent_admin")
    pages = [
        reverse("core:home"),
        reverse("units:list"),
        reverse("units:detail", args=[world.province.code]),
        reverse("accounts:people"),
        reverse("units:history", args=[world.province.code]),
    ]
    limits = {}
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        limits[url] = len(captured)
    _more_units_and_people(world, 15)
    for url in pages:
        _queries(client, url, django_assert_max_num_queries, limits[url])
