"""Sessions (issue 13, point 5): idle and absolute timeouts, password change, signing out everywhere."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

import openita.settings as project_settings
from openita.conftest import PASSWORD, World, client_for

START = datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)
LOGIN = reverse("accounts:login")


@pytest.fixture
def timeouts(settings) -> None:
    """The project's defaults (the test settings turn them off for tests that travel in time)."""
    settings.OPENITA_SESSION_IDLE_MINUTES = project_settings.OPENITA_SESSION_IDLE_MINUTES
    settings.OPENITA_SESSION_MAX_HOURS = project_settings.OPENITA_SESSION_MAX_HOURS
    settings.SESSION_COOKIE_AGE = project_settings.SESSION_COOKIE_AGE


def test_the_defaults_are_half_an_hour_idle_and_twelve_hours_in_all() -> None:
    assert project_settings.OPENITA_SESSION_IDLE_MINUTES == 30
    assert project_settings.OPENITA_SESSION_MAX_HOURS == 12
    assert project_settings.SESSION_COOKIE_AGE == 12 * 3600


def logged_out(client: Client) -> bool:
    response = client.get(reverse("units:list"))
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_idle_session_ends(world: World, timeouts: None) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(world, "officer")
        clock.shift(datetime.timedelta(minutes=29))
        assert not logged_out(client)
        clock.shift(datetime.timedelta(minutes=29))
        assert not logged_out(client)  # each request starts the idle clock again
        clock.shift(datetime.timedelta(minutes=31))
        assert logged_out(client)


def test_a_busy_session_still_ends_after_twelve_hours(world: World, timeouts: None) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(world, "officer")
        for _step in range(12 * 3):
            clock.shift(datetime.timedelta(minutes=20))
            assert not logged_out(client)
        clock.shift(datetime.timedelta(minutes=20))
        assert logged_out(client)


def test_signing_out_everywhere_ends_every_session_of_the_person_only(world: World) -> None:
    here, there = client_for(world, "officer"), client_for(world, "officer")
    someone_else = client_for(world, "committee")
    response = here.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302
    assert logged_out(here) and logged_out(there)
    assert not logged_out(someone_else)
    assert here.post(LOGIN, {"username": "officer", "password": PASSWORD}).status_code == 302
    assert not logged_out(here)


def test_changing_the_password_ends_the_other_sessions(world: World) -> None:
    here, there = client_for(world, "officer"), client_for(world, "officer")
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-long-new-password-42",
            "new_password2": "a-long-new-password-42",
        },
    )
    assert response.status_code == 302
    assert not logged_out(here)
    assert logged_out(there)
