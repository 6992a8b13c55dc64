"""The second factor (issue 13, point 5): TOTP with django-otp, required for the roles of power."""

from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

import openita.settings as project_settings
from openita.accounts import second_factor
from openita.accounts.models import Role
from openita.audit.models import AuditEntry
from openita.conftest import PASSWORD, World, client_for

ENROLL = reverse("accounts:second_factor_enroll")
VERIFY = reverse("accounts:second_factor_verify")


def password_login(username: str) -> Client:
    """Log in through the form: the password step only."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def wait_out_the_throttle(user) -> None:
    """django-otp makes each device wait 1, 2, 4, … seconds after a wrong code; a person would wait."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def code_of(device: TOTPDevice) -> str:
    return f"{totp(unhexlify(device.key)):06d}"


def test_the_roles_of_power_need_a_second_factor_by_default() -> None:
    assert {"unit_admin", "executive", "assessor", "complaint_handler"} <= set(
        project_settings.OPENITA_SECOND_FACTOR_ROLES
    )
    assert "openita.accounts.middleware.SecondFactorMiddleware" in project_settings.MIDDLEWARE


@pytest.mark.parametrize(
    "username", ["executive", "unitadmin", "parentadmin", "assessor", "superuser"]
)
def test_after_the_password_they_reach_nothing_but_enrollment(world: World, username: str) -> None:
    client = password_login(username)
    for url in (
        reverse("core:home"),
        reverse("units:list"),
        reverse("units:detail", args=[world.station.code]),
        reverse("accounts:people"),
        reverse("accounts:membership_create", args=[world.station.code]),
        reverse("accounts:security"),
        reverse("oit:desk"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROLL)
    assert (
        client.post(
            reverse("accounts:membership_create", args=[world.station.code]),
            {"user": world.user("officer").pk, "role": Role.OFFICER},
        ).status_code
        == 302
    )
    assert client.get(ENROLL).status_code == 200


def test_a_test_clients_password_only_login_is_refused_too(world: World) -> None:
    client = Client()
    Client.force_login.password_only(client, world.user("executive"))  # type: ignore[attr-defined]
    assert client.get(reverse("units:list"))["Location"].startswith(ENROLL)


def test_people_without_a_role_of_power_are_not_asked(world: World) -> None:
    client = password_login("officer")
    assert client.get(reverse("units:list")).status_code == 200


def test_the_set_of_roles_is_data_a_new_role_can_join(world: World, settings) -> None:
    settings.OPENITA_SECOND_FACTOR_ROLES = [*settings.OPENITA_SECOND_FACTOR_ROLES, "officer"]
    client = password_login("officer")
    assert client.get(reverse("units:list"))["Location"].startswith(ENROLL)


def test_enrolling_shows_a_qr_code_confirms_with_a_code_and_shows_recovery_codes_once(
    world: World,
) -> None:
    client = password_login("executive")
    page = client.get(ENROLL).content.decode()
    device = TOTPDevice.objects.get(user=world.user("executive"), confirmed=False)
    assert "<svg" in page and second_factor.secret_of(device) in page
    wrong = client.post(ENROLL, {"token": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True).exists()
    wait_out_the_throttle(world.user("executive"))
    device.refresh_from_db()
    done = client.post(ENROLL, {"token": code_of(device), "next": "/units/"})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get(reverse("units:list")).status_code == 200  # this session is verified
    assert codes[0] not in client.get(reverse("accounts:security")).content.decode()


def test_the_next_log_in_asks_for_a_code_and_a_recovery_code_works_once(world: World) -> None:
    executive = world.user("executive")
    device = second_factor.give_known_device(executive, "3132333435363738393031323334353637383930")
    codes = second_factor.new_recovery_codes(executive)
    client = password_login("executive")
    response = client.get(reverse("units:list"))
    assert response["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": "12345"}).status_code == 200
    wait_out_the_throttle(executive)
    assert client.post(VERIFY, {"token": codes[0], "next": "/units/"})["Location"] == "/units/"
    assert client.get(reverse("units:list")).status_code == 200
    again = password_login("executive")
    assert again.post(VERIFY, {"token": codes[0]}).status_code == 200  # used up
    wait_out_the_throttle(executive)
    assert StaticToken.objects.filter(device__user=executive).count() == 9
    assert again.post(VERIFY, {"token": code_of(device)}).status_code == 302


def test_the_verification_page_sends_nowhere_outside(world: World) -> None:
    executive = world.user("executive")
    device = second_factor.give_known_device(executive, "3132333435363738393031323334353637383930")
    client = password_login("executive")
    response = client.post(VERIFY, {"token": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


def test_devices_are_audited_without_their_secret(world: World) -> None:
    client = password_login("executive")
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=world.user("executive"))
    client.post(ENROLL, {"token": code_of(device)})
    entries = AuditEntry.objects.filter(content_type__model__in=["totpdevice", "staticdevice"])
    assert entries.count() >= 3  # created, confirmed, recovery codes made
    text = " ".join(str(entry.changes) for entry in entries)
    assert device.key not in text and "key" not in {
        name for entry in entries for name in (entry.changes or {})
    }


def test_removing_ones_second_factor_ends_every_session(world: World) -> None:
    officer = world.user("officer")
    device = second_factor.give_known_device(officer, "3132333435363738393031323334353637383930")
    here, there = password_login("officer"), password_login("officer")
    here.post(VERIFY, {"token": code_of(device)})
    response = here.post(reverse("accounts:second_factor_remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert there.get(reverse("units:list"))["Location"].startswith(reverse("accounts:login"))


def test_a_site_admin_removes_a_lost_second_factor_and_ends_the_persons_sessions(
    world: World,
) -> None:
    executive = world.user("executive")
    second_factor.give_known_device(executive, "3132333435363738393031323334353637383930")
    session = password_login("executive")
    url = reverse("accounts:second_factor_reset", args=[executive.pk])
    assert client_for(world, "parent_admin").post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=executive).exists()
    assert client_for(world, "superuser").post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=executive).exists()
    assert session.get(reverse("units:list"))["Location"].startswith(reverse("accounts:login"))
    assert password_login("executive").get(reverse("units:list"))["Location"].startswith(ENROLL)


def test_a_second_factor_chosen_without_a_role_needing_it_is_asked_too(world: World) -> None:
    officer = world.user("officer")
    device = second_factor.give_known_device(officer, "3132333435363738393031323334353637383930")
    client = password_login("officer")
    assert client.get(reverse("units:list"))["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": code_of(device)})
    assert client.get(reverse("units:list")).status_code == 200
