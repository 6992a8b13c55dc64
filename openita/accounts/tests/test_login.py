import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from openita.accounts import services, throttle
from openita.accounts.models import LoginThrottle
from openita.conftest import PASSWORD, World


def log_in(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def test_people_log_in_with_their_username_or_their_email(world: World) -> None:
    assert log_in(Client(), "officer", PASSWORD) == 302
    assert log_in(Client(), "OFFICER@example.org", PASSWORD) == 302


def test_a_wrong_password_shows_the_form_again(world: World) -> None:
    client = Client()
    assert log_in(client, "officer", "wrong") == 200
    assert "_auth_user_id" not in client.session


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_guessing_from_many_addresses_is_slowed_like_guessing_from_one(world: World) -> None:
    """Issue 13, seen 7: the lock-out counted per (user, address), so a botnet guessed on."""
    start = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for number in range(3):
            assert log_in(from_address(f"198.51.100.{number}"), "officer", "wrong") == 200
        fresh = from_address("203.0.113.9")
        response = fresh.post(
            reverse("accounts:login"), {"username": "Officer@example.org", "password": PASSWORD}
        )
        assert response.status_code == 429  # even the right password waits; no check is made
        assert "_auth_user_id" not in fresh.session
        assert "17:00:02" in response.content.decode()  # Bangkok time of the next allowed attempt


def test_the_wait_grows_and_is_bounded_and_the_right_password_then_works(
    world: World, settings
) -> None:
    """One address guessing for hours cannot keep the account's owner out for longer than the cap."""
    stranger = from_address("192.0.2.66")
    moment = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    waits = []
    with time_machine.travel(moment, tick=False) as clock:
        for _attempt in range(14):
            assert log_in(stranger, "officer", "wrong") == 200
            row = LoginThrottle.objects.get(kind=throttle.ACCOUNT)
            wait = throttle.delay_after(row.failures, settings.OPENITA_LOGIN_FREE_FAILURES)
            waits.append(int(wait.total_seconds()))
            if wait:
                assert log_in(stranger, "officer", "wrong") == 429  # refused, and not counted
            moment += wait
            clock.move_to(moment)
        assert waits[:7] == [0, 0, 2, 4, 8, 16, 32]
        assert max(waits) == settings.OPENITA_LOGIN_MAX_DELAY_SECONDS == 900
        owner = from_address("203.0.113.10")
        assert log_in(owner, "officer", PASSWORD) == 302
        assert not LoginThrottle.objects.filter(kind=throttle.ACCOUNT).exists()
        assert log_in(from_address("203.0.113.11"), "officer", PASSWORD) == 302


def test_one_address_trying_many_accounts_is_slowed(world: World, settings) -> None:
    settings.OPENITA_LOGIN_ADDRESS_FREE_FAILURES = 6
    sprayer = from_address("192.0.2.77")
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        for name in ("officer", "executive", "committee", "oversight", "assessor", "unitadmin"):
            assert (
                log_in(sprayer, name, "wrong") == 200
            )  # one guess per account: no account is slowed
        assert log_in(sprayer, "parentadmin", PASSWORD) == 429
        assert log_in(from_address("203.0.113.12"), "parentadmin", PASSWORD) == 302


def test_an_office_behind_one_address_is_not_slowed_by_its_own_logins(
    world: World, settings
) -> None:
    settings.OPENITA_LOGIN_ADDRESS_FREE_FAILURES = 3
    for _round in range(3):
        for name in ("officer", "executive", "committee", "oversight"):
            assert log_in(from_address("192.0.2.1"), name, PASSWORD) == 302


def test_unknown_names_are_slowed_like_known_ones(db: None) -> None:
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        for number in range(3):
            assert log_in(from_address(f"198.51.100.{number}"), "nobody", "wrong") == 200
        assert log_in(from_address("198.51.100.99"), "nobody", "wrong") == 429


def test_the_counters_keep_no_name_or_address_in_clear(world: World) -> None:
    log_in(from_address("198.51.100.42"), "officer", "wrong")
    stored = " ".join(LoginThrottle.objects.values_list("key", flat=True))
    assert "198.51.100.42" not in stored and "officer" not in stored


def test_a_person_without_a_password_sets_one_by_email(db: None) -> None:
    person = services.create_person(username="newcomer", email="newcomer@example.org")
    assert not person.has_usable_password()
    response = Client().post(reverse("accounts:password_reset"), {"email": "newcomer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "newcomer" in mail.outbox[0].body
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    client = Client()
    response = client.get(link.split("testserver", 1)[1], follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-long-new-password-42")


@pytest.mark.parametrize("name", ["core:home", "accounts:login", "accounts:password_reset"])
def test_public_pages_answer(db: None, name: str) -> None:
    assert Client().get(reverse(name)).status_code == 200


def test_the_django_admin_logs_in_through_openitas_throttled_form(world: World) -> None:
    client = Client()
    response = client.post("/django-admin/login/", {"username": "superuser", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_owner_on_a_known_browser_is_not_kept_waiting_by_a_stranger(world: World) -> None:
    owner = from_address("203.0.113.20")
    start = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert log_in(owner, "officer", PASSWORD) == 302  # the browser becomes known
        owner.post(reverse("accounts:logout"))
        for number in range(6):
            log_in(from_address(f"198.51.100.{number}"), "officer", "wrong")
        assert log_in(from_address("203.0.113.21"), "officer", PASSWORD) == 429
        assert log_in(owner, "officer", PASSWORD) == 302
        owner.post(reverse("accounts:logout"))
        owner.cookies[throttle.KNOWN_BROWSER_COOKIE] = "forged"
        assert log_in(owner, "officer", PASSWORD) == 429  # a forged cookie is no cookie


def test_a_known_browser_of_one_person_does_not_help_guessing_another(world: World) -> None:
    guesser = from_address("203.0.113.30")
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        assert log_in(guesser, "committee", PASSWORD) == 302  # known for committee, not officer
        guesser.post(reverse("accounts:logout"))
        for number in range(3):
            log_in(from_address(f"198.51.100.{number}"), "officer", "wrong")
        assert log_in(guesser, "officer", PASSWORD) == 429


def test_counters_are_forgotten_after_a_day(world: World) -> None:
    start = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        log_in(from_address("198.51.100.1"), "nobody", "wrong")
        assert LoginThrottle.objects.count() == 2
        clock.move_to(start + datetime.timedelta(days=1, minutes=1))
        assert log_in(from_address("198.51.100.2"), "officer", PASSWORD) == 302
        assert LoginThrottle.objects.count() == 1  # only the address of this log-in, at zero
