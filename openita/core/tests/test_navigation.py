import time_machine
from django.test import Client
from django.urls import reverse

from openita.conftest import World, client_for


@time_machine.travel("2025-10-01 09:00 +0700")
def test_the_working_year_defaults_to_the_current_fiscal_year(world: World) -> None:
    response = client_for(world, "officer").get(reverse("core:home"))
    assert response.context["nav_fiscal_year"] == 2569


@time_machine.travel("2025-09-30 23:30 +0700")
def test_the_fiscal_year_follows_bangkok_time(world: World) -> None:
    response = client_for(world, "officer").get(reverse("core:home"))
    assert response.context["nav_fiscal_year"] == 2568


def test_choosing_a_year_keeps_it_for_the_session_and_returns_to_the_page(world: World) -> None:
    client = client_for(world, "officer")
    page = reverse("core:home")
    response = client.post(reverse("core:select_fiscal_year"), {"year": 2567, "next": page})
    assert response["Location"] == page
    assert client.get(page).context["nav_fiscal_year"] == 2567


@time_machine.travel("2026-11-21 09:00 +0700")
def test_a_unit_page_shows_its_url_year_and_the_selector_goes_to_the_same_page_in_another(
    world: World,
) -> None:
    from openita.frameworks.models import Assessment
    from openita.frameworks.tests.factories import load_small

    version = load_small(urn="t", fiscal_year=2566)
    Assessment.objects.create(unit=world.station, fiscal_year=2566, framework_version=version)
    client = client_for(world, "officer")
    client.post(reverse("core:select_fiscal_year"), {"year": 2569, "next": "/"})
    page = reverse("ita_calendar:timeline", args=[world.station.code, 2568])
    response = client.get(page)
    # The URL's year, never the session's; the years this unit has (today's and the next), newest first.
    assert response.context["nav_fiscal_year"] == 2568
    assert response.context["nav_fiscal_years"] == [2571, 2570, 2568, 2566]
    response = client.post(reverse("core:select_fiscal_year"), {"year": 2566, "next": page})
    assert response["Location"] == reverse("ita_calendar:timeline", args=[world.station.code, 2566])
    # Another unit opening a later year changes nothing here.
    Assessment.objects.create(unit=world.other_station, fiscal_year=2570, framework_version=version)
    assert client.get(page).context["nav_fiscal_year"] == 2568
    assert 2570 in client.get(page).context["nav_fiscal_years"]  # today's year, always listed


def test_a_unit_page_without_a_year_goes_to_the_working_years_url(world: World) -> None:
    client = client_for(world, "officer")
    client.post(reverse("core:select_fiscal_year"), {"year": 2567, "next": "/"})
    response = client.get(reverse("units:detail", args=[world.station.code]))
    assert response.context["fiscal_year"] == 2567
    assert reverse("oit:board", args=[world.station.code, 2567]) in response.content.decode()
    response = client.get(reverse("units:detail", args=[world.station.code, 2566]))
    assert reverse("oit:board", args=[world.station.code, 2566]) in response.content.decode()
    admin = client_for(world, "unit_admin")
    response = admin.get(reverse("surveys:unit_campaigns", args=[world.station.code]))
    assert response["Location"].startswith(
        reverse("surveys:unit_campaigns", args=[world.station.code, 2567])
    ) or response["Location"].startswith(
        reverse("surveys:unit_campaigns", args=[world.station.code, 2570])
    )


def test_a_year_out_of_range_or_a_foreign_next_is_refused(world: World) -> None:
    client = client_for(world, "officer")
    assert client.post(reverse("core:select_fiscal_year"), {"year": 1999}).status_code == 400
    assert client.post(reverse("core:select_fiscal_year"), {"year": "x"}).status_code == 400
    response = client.post(
        reverse("core:select_fiscal_year"), {"year": 2567, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_year_switch_needs_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("officer"))
    assert client.post(reverse("core:select_fiscal_year"), {"year": 2567}).status_code == 403


@time_machine.travel("2026-11-21 09:00 +0700")
def test_without_a_choice_people_land_in_the_latest_year_their_units_were_assessed(
    world: World,
) -> None:
    from openita.frameworks.models import Assessment, FrameworkVersion

    version = FrameworkVersion.objects.create(
        urn="t",
        fiscal_year=2568,
        name_th="t",
        name_en="t",
        pass_threshold=85,
        indicator_benchmark=85,
        oit_scoring_mode="pass_fail",
    )
    Assessment.objects.create(unit=world.station, fiscal_year=2568, framework_version=version)
    assert client_for(world, "officer").get(reverse("core:home")).context["nav_fiscal_year"] == 2568
    assert (
        client_for(world, "outsider").get(reverse("core:home")).context["nav_fiscal_year"] == 2570
    )
