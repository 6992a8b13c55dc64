from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from openita.accounts.models import Membership, User
from openita.demo.data import DEMO_PASSWORD, DEMO_PEOPLE
from openita.units.models import Line, Unit


def test_loading_the_demo_twice_changes_nothing(demo_db: None) -> None:
    counts = (
        Unit.objects.count(),
        Line.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    output = StringIO()
    call_command("loaddemo", stdout=output)
    assert counts == (
        Unit.objects.count(),
        Line.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert Unit.objects.filter(unit_type="police_station").count() == 3
    assert Unit.objects.filter(unit_type="immigration").count() == 1
    for person in DEMO_PEOPLE:
        assert person.username in output.getvalue()


def test_every_demo_login_works(demo_db: None) -> None:
    for person in DEMO_PEOPLE:
        response = Client().post(
            "/accounts/login/", {"username": person.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.username


def test_the_demo_prints_the_authenticator_key_of_everyone_who_needs_one(demo_db: None) -> None:
    from binascii import unhexlify

    from django_otp.oath import totp

    from openita.accounts import second_factor
    from openita.demo.services import demo_totp_key, demo_totp_secret

    output = StringIO()
    call_command("loaddemo", stdout=output)
    needing = [
        user
        for user in User.objects.filter(username__in=[p.username for p in DEMO_PEOPLE])
        if second_factor.needs_second_factor(user)
    ]
    assert needing
    for user in needing:
        assert demo_totp_secret(user.username) in output.getvalue()
        client = Client()
        client.post("/accounts/login/", {"username": user.username, "password": DEMO_PASSWORD})
        response = client.post(
            reverse("accounts:second_factor_verify"),
            {"token": f"{totp(unhexlify(demo_totp_key(user.username))):06d}"},
        )
        assert response.status_code == 302, user.username
        assert client.get(reverse("units:list")).status_code == 200
