from io import StringIO

from django.core.management import call_command
from django.test import Client

from openita.accounts.models import Membership, User
from openita.demo.data import DEMO_PASSWORD, DEMO_PEOPLE
from openita.units.models import Line, Unit


def test_loading_the_demo_twice_changes_nothing(db: None) -> None:
    call_command("loaddemo", stdout=StringIO())
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


def test_every_demo_login_works(db: None) -> None:
    call_command("loaddemo", stdout=StringIO())
    for person in DEMO_PEOPLE:
        response = Client().post(
            "/accounts/login/", {"username": person.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.username
