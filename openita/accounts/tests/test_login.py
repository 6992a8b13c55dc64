import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from openita.accounts import services
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


def test_repeated_failures_lock_the_account_for_a_while(world: World, settings) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer", "wrong")
    assert log_in(client, "officer", PASSWORD) == 429
    assert "_auth_user_id" not in client.session


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
