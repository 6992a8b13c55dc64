from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from openita.accounts.models import Membership, User
from openita.demo.data import DEMO_PASSWORD, DEMO_PEOPLE
from openita.notifications.models import LineChannel, LineGroup, LineLink
from openita.units.models import Line, Unit


def test_loading_the_demo_twice_changes_nothing(demo_db: None) -> None:
    counts = (
        Unit.objects.count(),
        Line.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        LineLink.objects.count(),
        LineGroup.objects.count(),
    )
    output = StringIO()
    call_command("loaddemo", stdout=output)
    assert counts == (
        Unit.objects.count(),
        Line.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        LineLink.objects.count(),
        LineGroup.objects.count(),
    )
    # The demo station's LINE Official Account, with its admin's LINE and its working group's group linked.
    assert LineChannel.objects.get().unit.code == "demo-tt-muang"
    assert counts[-2:] == (1, 1)
    assert Unit.objects.filter(unit_type="police_station").count() == 3
    assert Unit.objects.filter(unit_type="immigration").count() == 1
    for person in DEMO_PEOPLE:
        assert person.username in output.getvalue()
    _the_station_has_its_risk_register()


def _the_station_has_its_risk_register() -> None:
    """Five risks this year (carried over from last year's approved register, not added twice), four
    treatments in the plan (the fifth is accepted), one of them reported."""
    from django.utils import timezone

    from openita.core.thai import fiscal_year_of
    from openita.risks import services as risks
    from openita.risks.models import Risk

    station = Unit.objects.get(code="demo-tt-muang")
    register = risks.approved(station, fiscal_year_of(timezone.localdate()))
    assert register is not None
    rows = Risk.objects.filter(process__assessment=register)
    assert rows.count() == 5
    assert rows.filter(measure__isnull=False).count() == 4
    assert rows.filter(measure__progress_entries__isnull=False).distinct().count() == 1


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
