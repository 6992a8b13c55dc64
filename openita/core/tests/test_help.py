"""A short help page for each area, in the page's language, linked from the area's screens."""

import pytest
from django.urls import reverse

from openita.conftest import World, client_for
from openita.core.views import HELP_AREAS

pytestmark = pytest.mark.django_db


def test_every_area_has_a_help_page_in_thai_and_in_english(world: World) -> None:
    client = client_for(world, "officer")
    for area in HELP_AREAS:
        page = client.get(reverse("core:help", args=[area])).content.decode()
        assert "วิธีใช้" in page and '<html lang="th">' in page, area
        for other in HELP_AREAS:
            assert reverse("core:help", args=[other]) in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for area in HELP_AREAS:
        page = client.get(reverse("core:help", args=[area])).content.decode()
        assert "Help: " in page and "วิธีใช้" not in page, area
    assert client.get(reverse("core:help", args=["nothing"])).status_code == 404


def test_the_screens_of_an_area_link_its_help(world: World) -> None:
    from openita.measures.tests.factories import plan_for

    plan_for(world.station)
    client = client_for(world, "officer")
    pages = {
        "measures": reverse("measures:plan", args=[world.station.code, 2568]),
        "calendar": reverse("ita_calendar:timeline", args=[world.station.code, 2568]),
        "working-group": reverse("working_groups:overview", args=[world.station.code, 2568]),
        "oit": reverse("oit:board", args=[world.station.code, 2568]),
    }
    for area, url in pages.items():
        assert reverse("core:help", args=[area]) in client.get(url).content.decode(), area


def test_the_screens_of_the_newer_areas_link_their_help(world: World) -> None:
    client = client_for(world, "unit_admin")
    code = world.station.code
    pages = {
        "questions": [
            reverse("participation:queue", args=[code]),
            reverse("participation:records", args=[code, 2568]),
        ],
        "announcements": [reverse("announcements:index", args=[code, 2568])],
        "notifications": [reverse("notifications:settings")],
        "api": [reverse("api:tokens")],
    }
    for area, urls in pages.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert reverse("core:help", args=[area]) in response.content.decode(), url
